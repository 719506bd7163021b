"""The partner-match page: the form (industry or chain, region, kinds, how many) and the
ranked candidates with their reasons and evidence."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from kg.entities import Label
from kg.errors import KGError
from kg.iris import Minter
from kg.match import PARTNER_KINDS, MatchQuery, match_partners
from kg.match.words import WORDS
from kg.review import Unreviewed
from kg.store import Store
from kg.web.choices import industry_options, region_options, with_part_of


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


def match(store: Store, minter: Minter, form: MatchForm, error: KGError | None = None) -> MatchPage:
    """The form, and the match it asks for (none when ``error`` says what was wrong)."""
    page = MatchPage(
        form,
        industry_options(store, minter, form.industry or None),
        region_options(store, form.region or None),
        PARTNER_KINDS,
        form.csv_href,
        error=error,
    )
    query = form.query() if error is None else None
    if query is None:
        return page
    found = match_partners(Unreviewed.parse(form.unreviewed).view(store, minter), minter, query)
    scores = [c.score for c in found.candidates]
    result = found.to_dict(WORDS)
    with_part_of(store, result.get("region"))
    return replace(
        page,
        industries=industry_options(store, minter, found.industry.iri),
        regions=region_options(store, found.region.iri if found.region else None),
        result=result,
        max_score=max(scores, default=1.0) or 1.0,
    )


__all__ = ["MatchForm", "MatchPage", "match"]
