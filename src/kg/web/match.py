"""The partner-match page: the form (industry or chain, region, kinds, how many) and the
ranked candidates with their reasons and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from kg.entities import INDUSTRY_FIRST, Label, resolve
from kg.errors import KGError
from kg.iris import Minter
from kg.match import PARTNER_KINDS, MatchQuery, match_partners
from kg.match.words import WORDS
from kg.namespaces import SKOS
from kg.review import Unreviewed
from kg.store import Store
from kg.web.choices import industry_options, region_options


@dataclass(frozen=True)
class MatchForm:
    """What the form asked (as typed, so the page can show it again)."""

    industry: str = ""
    region: str = ""
    kinds: tuple[str, ...] = ()
    top: int = 10
    unreviewed: str = Unreviewed.INCLUDE.value  # whether unreviewed facts count (kg.review)

    def query(self) -> MatchQuery | None:
        """The match the form asks for (``None`` before an industry is chosen); a
        :class:`kg.errors.BadRequest` for a bad one."""
        Unreviewed.parse(self.unreviewed)
        if not self.industry:
            return None
        return MatchQuery(self.industry, self.region or None, self.kinds, self.top)

    @property
    def csv_href(self) -> str:
        params = [("industry", self.industry), ("top", str(self.top))]
        params += [("region", self.region)] if self.region else []
        params += [("kind", k) for k in self.kinds]
        params += [("unreviewed", self.unreviewed)] if self.unreviewed != Unreviewed.INCLUDE else []
        return f"/api/match?{urlencode(params)}"


@dataclass(frozen=True)
class MatchPage:
    form: MatchForm
    industries: list[Label]
    regions: list[Label]
    partner_kinds: tuple[str, ...]
    csv_href: str
    unreviewed: tuple[str, ...] = tuple(Unreviewed)  # the switch's choices
    result: dict[str, object] | None = None  # the match, as /api/match gives it
    max_score: float = 1.0  # the highest score shown (the scale of the score bars)
    error: KGError | None = None  # what was wrong with the form
    industry: str | None = None  # the IRI the industry select shows chosen; None: its empty option


def match(store: Store, minter: Minter, form: MatchForm, error: KGError | None = None) -> MatchPage:
    """The form, and the match it asks for (none when ``error`` says what was wrong)."""
    query = form.query() if error is None else None
    if query is None:
        chosen = _industry_asked(store, minter, form.industry)
        return MatchPage(
            form,
            industry_options(store, minter, chosen),
            region_options(store, form.region or None),
            PARTNER_KINDS,
            form.csv_href,
            error=error,
            industry=chosen,
        )
    found = match_partners(Unreviewed.parse(form.unreviewed).view(store, minter), minter, query)
    scores = [c.score for c in found.candidates]
    result = found.to_dict(WORDS)  # the region with where it lies (part_of, part_of_en)
    return MatchPage(
        form,
        industry_options(store, minter, found.industry.iri),
        region_options(store, found.region.iri if found.region else None, found.region_within),
        PARTNER_KINDS,
        form.csv_href,
        result=result,
        max_score=max(scores, default=1.0) or 1.0,
        industry=found.industry.iri,
    )


def _industry_asked(store: Store, minter: Minter, name: str) -> str | None:
    """The IRI of the industry (or chain) the form asked for by name or IRI, for its select
    to show chosen when the match was not run (a region no place is called); ``None`` - the
    select's empty option - for none, or one no industry is called: not the select's first
    option, which the next 匹配 would match unasked (newuser46)."""
    if not name:
        return None
    try:
        return resolve(store, minter, name, SKOS.Concept, "kind.industry", INDUSTRY_FIRST).value
    except KGError:
        return None


__all__ = ["MatchForm", "MatchPage", "match"]
