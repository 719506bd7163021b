"""Scoring of partner candidates: explicit components, documented weights.

Each reason (a path from the candidate to the industry) scores

    relation weight  x  specificity  x  review factor

and a candidate scores its best reason plus ``further_reasons`` times the sum of the others
(more independent ties count, but one fact seen from two sides does not double), plus an
evidence bonus of ``evidence_bonus`` per distinct source sentence beyond the first
(at most ``max_evidence_bonus``). *Relation weight* says how strongly the relation ties an
actor to the industry (building a project there counts more than joining one);
*specificity* is ``1 / (1 + hop_penalty x d)`` where ``d`` is how many ``skos:broader``
steps lie between the matched concept and the industry asked for; the *review factor* is 1
for curated facts and ``editorial_factor`` when the path uses an editorial classification.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.namespaces import KG


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
    relations: dict[str, float] = field(default_factory=_default_relations)
    hop_penalty: float = 0.25
    editorial_factor: float = 0.9
    further_reasons: float = 0.25
    evidence_bonus: float = 0.05
    max_evidence_bonus: float = 0.2

    def specificity(self, hops: int) -> float:
        return 1.0 / (1.0 + self.hop_penalty * hops)

    def reason_score(self, relation: str, hops: int, editorial: bool) -> float:
        review = self.editorial_factor if editorial else 1.0
        return self.relations.get(relation, 0.5) * self.specificity(hops) * review

    def bonus(self, sentences: int) -> float:
        return min(self.max_evidence_bonus, self.evidence_bonus * max(0, sentences - 1))

    def combine(self, reason_scores: list[float], sentences: int) -> float:
        """A candidate's score from its reasons' scores and its count of distinct sentences."""
        if not reason_scores:
            return 0.0
        ordered = sorted(reason_scores, reverse=True)
        return ordered[0] + self.further_reasons * sum(ordered[1:]) + self.bonus(sentences)
