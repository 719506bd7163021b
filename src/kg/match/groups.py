"""Grouping and ranking the members of a chain for a region - pure functions.

- **strengthen** (强链): local players - organisations, and projects or parks nobody else
  is known to run - weak segments first;
- **fill** (补链): organisations from elsewhere in a gap or weak segment, or in the chain
  with their segment unknown while the region has a gap;
- **extend** (延链): organisations from elsewhere in segments the region already has;
- **research**: universities and research institutes, here or elsewhere;
- **benchmarks**: parks and projects elsewhere - other regions' bids for the same chain,
  to learn from, not partners to approach (a park elsewhere is not a partner unless a fact
  ties it to the region, which makes it local).

Within a group, candidates are ranked by score, then IRI. Outside members that score alike
wherever the region is (:attr:`ChainIndex.signatures`) are ranked as one class, so a
request touches the region's members one by one and everyone else by class.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from kg.match.gaps import GAP, PRESENT, Gaps
from kg.match.index import CHAIN, ChainIndex, Member
from kg.match.kinds import PROJECT_KINDS, RESEARCH_KINDS, SITE_KINDS
from kg.match.scoring import ChainWeights, recency
from kg.review import Unreviewed

GROUPS = ("strengthen", "fill", "extend", "research", "benchmarks")


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()
    tiers: frozenset[str] = frozenset()
    where: str = "any"  # any | inside | outside
    unreviewed: Unreviewed = Unreviewed.INCLUDE

    def wanted(self, m: Member) -> bool:
        if not self.unreviewed.keeps(m.trust.level):
            return False
        if self.kinds and m.kind not in self.kinds:
            return False
        return not (self.tiers and m.tiers.isdisjoint(self.tiers))


def group_of(m: Member, local: bool, gaps: Gaps) -> str:
    """The group of a member, from its kind, place and segments."""
    if m.kind in RESEARCH_KINDS:
        return "research"
    if local:
        return "strengthen"
    if m.kind in (*SITE_KINDS, *PROJECT_KINDS):
        return "benchmarks"
    segments = [s for s in m.segments if s != CHAIN]
    if not segments:  # segment not known: it may fill a gap the region has
        needy = any(gaps.status(s) != PRESENT for s in gaps.segments if s != CHAIN)
        return "fill" if needy else "extend"
    return "fill" if any(gaps.status(s) != PRESENT for s in segments) else "extend"


def components(
    m: Member, local: bool, gaps: Gaps, support: float, newest: str | None, w: ChainWeights
) -> dict[str, float]:
    """The components of one candidate's relevance, each in [0, 1]."""
    value = w.strengthen_value if local else w.outside_value
    segments = [s for s in m.segments if s != CHAIN]
    if segments:
        comp = max(value(gaps.status(s)) for s in segments)
    else:  # the chain as a whole: the region's biggest need
        comp = max((value(gaps.status(s)) for s in gaps.segments if s != CHAIN), default=value(GAP))
    return {
        "segment_fit": m.fit,
        "complementarity": comp,
        "local_support": support,
        "recency": recency(m.trust.latest, newest, w.recency_decay),
    }


@dataclass
class Ranked:
    """One page of each group, and how many candidates each group has."""

    pages: dict[str, list[tuple[float, Member]]]
    totals: dict[str, int]


def rank(
    index: ChainIndex,
    gaps: Gaps,
    filters: Filters,
    support: float,
    w: ChainWeights,
    start: int,
    size: int,
) -> Ranked:
    """Every wanted member scored and grouped; the page ``start .. start + size`` of each
    group in (score desc, IRI) order."""
    singles: dict[str, list[tuple[float, str, Member]]] = {g: [] for g in GROUPS}
    classes: dict[str, list[tuple[float, list[str]]]] = {g: [] for g in GROUPS}
    totals = dict.fromkeys(GROUPS, 0)

    def score(m: Member, local: bool) -> float:
        return w.score(components(m, local, gaps, support, index.newest, w), m.trust)

    if filters.where != "outside":
        # Whether a member is wanted, its group and its score follow from its signature
        # (kind, segments, tiers, trust): worked out once per signature, not per member.
        judged: dict[tuple[object, ...], tuple[str, float] | None] = {}
        for iri in gaps.local:
            m = index.members[iri]
            if m.signature not in judged:
                judged[m.signature] = (
                    (group_of(m, True, gaps), -round(score(m, True), 9))
                    if filters.wanted(m)
                    else None
                )
            verdict = judged[m.signature]
            if verdict is not None:
                g, neg = verdict
                singles[g].append((neg, iri, m))
                totals[g] += 1
    if filters.where != "inside":
        local_by_signature: dict[tuple[object, ...], int] = {}
        for iri in gaps.local:
            sig = index.members[iri].signature
            local_by_signature[sig] = local_by_signature.get(sig, 0) + 1
        for sig, iris in index.signatures.items():
            m = index.members[iris[0]]
            outside = len(iris) - local_by_signature.get(sig, 0)
            if not outside or not filters.wanted(m):
                continue
            g = group_of(m, False, gaps)
            classes[g].append((-round(score(m, False), 9), iris))
            totals[g] += outside
    pages = {
        g: [
            (-neg, m) for neg, _, m in _page(singles[g], classes[g], gaps.local, index, start, size)
        ]
        for g in GROUPS
    }
    return Ranked(pages, totals)


def _page(
    singles: list[tuple[float, str, Member]],
    classes: list[tuple[float, list[str]]],
    skip: set[str],
    index: ChainIndex,
    start: int,
    size: int,
) -> list[tuple[float, str, Member]]:
    """Candidates ``start`` to ``start + size`` in (score desc, IRI) order, from single
    candidates and whole classes (whose members in ``skip`` are not candidates)."""

    def members(neg: float, iris: list[str]) -> Iterator[tuple[float, str, Member]]:
        return ((neg, iri, index.members[iri]) for iri in iris if iri not in skip)

    merged = heapq.merge(
        sorted(singles, key=lambda x: (x[0], x[1])),
        *(members(n, i) for n, i in sorted(classes, key=lambda c: (c[0], c[1][0]))),
        key=lambda x: (x[0], x[1]),
    )
    return list(itertools.islice(merged, start, start + size))


__all__ = ["GROUPS", "Filters", "Ranked", "components", "group_of", "rank"]
