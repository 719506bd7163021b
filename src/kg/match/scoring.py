"""Scoring, as pure functions with documented weights.

**Trust** (both matches): how far a candidate's facts can be relied on. 1 when a reviewed
(curated or accepted) assertion backs them, or they come from a loaded dataset or an import
(no sentence to review); when only facts extracted from the news back it,
``unreviewed + per_source x (independent documents - 1)``, at most ``max_unreviewed``. So
one unreviewed sentence counts 0.4 and five articles saying the same thing 0.85.

**Industry match** (:class:`Weights`). Each reason (a path from the candidate to the
industry) scores *relation weight x specificity x review factor*: the relation weight says
how strongly the relation ties an actor to the industry (building a project there counts
more than joining one); specificity is ``1 / (1 + hop_penalty x d)`` for ``d``
``skos:broader`` steps between the matched concept and the industry asked for; the review
factor is ``editorial_factor`` when the path uses an editorial classification. A candidate's
*relevance* is its best reason plus ``further_reasons`` times the others plus
``evidence_bonus`` per distinct source sentence beyond the first (at most
``max_evidence_bonus``), capped at 1; its score is ``trust x (base + (1 - base) x
relevance)``.

**Chain match** (:class:`ChainWeights`). A candidate's relevance is
``base + (1 - base) x`` the weighted mean of its components in [0, 1] - segment fit (the
strength of its strongest membership path), complementarity (how much the region needs
its segment), local support (parks and policies), recency (of its newest source) - and its
score is ``trust x relevance``. With ``base`` 0.45 above the most an unreviewed single
source can trust (0.4), **a candidate resting on one unreviewed sentence never outranks a
candidate with reviewed evidence**, in either match.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields

from kg.match.index import Trust
from kg.namespaces import KG


@dataclass(frozen=True)
class TrustWeights:
    unreviewed: float = 0.4
    per_source: float = 0.15
    max_unreviewed: float = 0.85

    def trust(self, level: str, sources: int) -> float:
        """
        >>> t = TrustWeights()
        >>> t.trust("reviewed", 1), t.trust("unreviewed", 1), t.trust("unreviewed", 9)
        (1.0, 0.4, 0.85)
        """
        if level != "unreviewed":
            return 1.0
        more = self.per_source * max(0, sources - 1)
        return min(self.max_unreviewed, self.unreviewed + more)


def _default_relations() -> dict[str, float]:
    return {
        KG.builds.value: 1.0,
        KG.investsIn.value: 1.0,
        KG.operates.value: 0.9,
        KG.operatesIn.value: 0.8,
        KG.site.value: 0.8,
        KG.inIndustry.value: 0.7,
        KG.establishes.value: 0.7,
        KG.participatesIn.value: 0.6,
    }


@dataclass(frozen=True)
class Weights:
    """Weights of the industry-level partner match."""

    relations: dict[str, float] = field(default_factory=_default_relations)
    hop_penalty: float = 0.25
    editorial_factor: float = 0.9
    further_reasons: float = 0.25
    evidence_bonus: float = 0.05
    max_evidence_bonus: float = 0.2
    base: float = 0.45
    trust: TrustWeights = field(default_factory=TrustWeights)

    def specificity(self, hops: int) -> float:
        return 1.0 / (1.0 + self.hop_penalty * hops)

    def reason_score(self, relation: str, hops: int, editorial: bool) -> float:
        review = self.editorial_factor if editorial else 1.0
        return self.relations.get(relation, 0.5) * self.specificity(hops) * review

    def bonus(self, sentences: int) -> float:
        return min(self.max_evidence_bonus, self.evidence_bonus * max(0, sentences - 1))

    def relevance(self, reason_scores: list[float], sentences: int) -> float:
        """A candidate's relevance in [0, 1] from its reasons' scores and its count of
        distinct sentences."""
        if not reason_scores:
            return 0.0
        ordered = sorted(reason_scores, reverse=True)
        combined = ordered[0] + self.further_reasons * sum(ordered[1:]) + self.bonus(sentences)
        return min(1.0, combined)

    def combine(
        self, reason_scores: list[float], sentences: int, level: str, sources: int
    ) -> float:
        """A candidate's score: trust (of its trust ``level``, from ``sources`` documents) x
        (base + (1 - base) x relevance)."""
        if not reason_scores:
            return 0.0
        relevance = self.base + (1 - self.base) * self.relevance(reason_scores, sentences)
        return self.trust.trust(level, sources) * relevance


@dataclass(frozen=True)
class ChainWeights:
    """Weights of the chain match: components, their values, trust."""

    segment_fit: float = 0.4
    complementarity: float = 0.35
    local_support: float = 0.15
    recency: float = 0.1
    base: float = 0.45
    gap: float = 1.0
    weak: float = 0.6
    present: float = 0.25
    strengthen_weak: float = 1.0
    strengthen_present: float = 0.6
    recency_decay: float = 0.2
    unreviewed: float = 0.4
    per_source: float = 0.15
    max_unreviewed: float = 0.85

    COMPONENTS = ("segment_fit", "complementarity", "local_support", "recency")

    def to_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @functools.cached_property
    def trusts(self) -> TrustWeights:
        """The trust weights, made once (the weights are frozen)."""
        return TrustWeights(self.unreviewed, self.per_source, self.max_unreviewed)

    def outside_value(self, status: str) -> float:
        """How much an organisation from elsewhere helps a segment in this state."""
        return {"gap": self.gap, "weak": self.weak}.get(status, self.present)

    def strengthen_value(self, status: str) -> float:
        """How much strengthening a local player of a segment in this state matters."""
        return self.strengthen_weak if status in ("gap", "weak") else self.strengthen_present

    def relevance(self, parts: dict[str, float]) -> float:
        """``base + (1 - base) x`` the weighted mean of the components."""
        total = sum(getattr(self, k) for k in parts)
        mean = sum(getattr(self, k) * v for k, v in parts.items()) / total if total else 0.0
        return self.base + (1 - self.base) * mean

    def score(self, parts: dict[str, float], trust: Trust) -> float:
        return self.trusts.trust(trust.level, trust.sources) * self.relevance(parts)


def recency(latest: str | None, newest: str | None, decay: float) -> float:
    """1 for the newest source in the graph, less by ``decay`` a year older; 1 when the
    date is not known (a dataset without dates says nothing about age).

    >>> recency("2022-08-23", "2024-08-23", 0.2)
    0.6
    """
    if not latest or not newest:
        return 1.0
    try:
        years = abs((dt.date.fromisoformat(newest[:10]) - dt.date.fromisoformat(latest[:10])).days)
    except ValueError:
        return 1.0
    return round(max(0.0, 1.0 - decay * years / 365.25), 3)


def local_support(parks: int, policies: int) -> float:
    """Half for local parks in the chain, half for policies that cover the region."""
    return 0.5 * bool(parks) + 0.5 * bool(policies)


# The decimals of every score kg gives out - a candidate's score, a reason's, a chain
# candidate's relevance, trust and components - in JSON, CSV, the terminal's table and the
# pages alike: one precision, so that 0.96981 reads 0.970 everywhere (the ranking itself
# uses the unrounded score).
SCORE_PLACES = 3


def score_value(score: float) -> float:
    """A score as JSON gives it: rounded to :data:`SCORE_PLACES` decimals.

    >>> score_value(0.96981), score_value(0.5)
    (0.97, 0.5)
    """
    return round(score, SCORE_PLACES)


def score_text(score: float) -> str:
    """A score as CSV, the terminal and the pages write it: :data:`SCORE_PLACES`
    decimals, all of them written (0.970), which is the JSON's number (:func:`score_value`)
    written out.

    >>> score_text(0.96981), score_text(score_value(0.96981)), score_text(1)
    ('0.970', '0.970', '1.000')
    """
    return f"{score:.{SCORE_PLACES}f}"


__all__ = [
    "SCORE_PLACES",
    "ChainWeights",
    "TrustWeights",
    "Weights",
    "local_support",
    "recency",
    "score_text",
    "score_value",
]
