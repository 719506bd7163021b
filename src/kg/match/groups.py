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

Within a group, candidates are ranked by score, then IRI. Members that score alike
wherever the region is (:attr:`ChainIndex.signatures`) are ranked as one class - the
region's members of a signature (:attr:`ChainIndex.regions`) as one, the rest as another -
so a request's work grows with the number of signatures and the page, not with the
number of members.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass

from kg.match.gaps import GAP, PRESENT, Gaps
from kg.match.index import CHAIN, ChainIndex, Member
from kg.match.kinds import PROJECT_KINDS, RESEARCH_KINDS, SITE_KINDS
from kg.match.scoring import ChainWeights, recency
from kg.paging import window
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
    """One page of each group - (score, member, local) - and how many candidates each group
    has."""

    pages: dict[str, list[tuple[float, Member, bool]]]
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
    group in (score desc, IRI) order. Whether a member is wanted, its group and its score
    follow from its signature (kind, segments, tiers, trust) and whether it is local: they
    are worked out once per signature - for the region's members of it, and for the rest -
    and only the members on the page are made."""
    classes: dict[str, list[tuple[float, list[str], list[str], bool]]] = {g: [] for g in GROUPS}
    totals = dict.fromkeys(GROUPS, 0)

    scores: dict[tuple[object, ...], float] = {}  # signatures of other kinds score alike

    def judge(iris: list[str], local: bool, count: int, skip: list[str]) -> None:
        m = index.members[iris[0]]  # any member of the signature stands for all
        if not count or not filters.wanted(m):
            return
        g = group_of(m, local, gaps)
        key = (tuple(m.segments), m.fit, m.trust, local)
        neg = scores.get(key)
        if neg is None:
            parts = components(m, local, gaps, support, index.newest, w)
            neg = scores[key] = -round(w.score(parts, m.trust), 9)
        classes[g].append((neg, iris, skip, local))
        totals[g] += count

    if filters.where != "outside":
        for iris in gaps.groups.values():
            judge(iris, True, len(iris), [])
    if filters.where != "inside":
        for sig, iris in index.signatures.items():
            here = gaps.groups.get(sig, [])
            judge(iris, False, len(iris) - len(here), here)
    pages = {
        g: [(-neg, index.members[iri], local) for neg, iri, local in _page(classes[g], start, size)]
        for g in GROUPS
    }
    return Ranked(pages, totals)


def _page(
    classes: list[tuple[float, list[str], list[str], bool]], start: int, size: int
) -> list[tuple[float, str, bool]]:
    """Candidates ``start`` to ``start + size`` in (score desc, IRI) order, from whole
    classes (their IRIs sorted, less those of ``skip``: the local ones, ranked apart)."""

    def members(
        neg: float, iris: list[str], skip: list[str], local: bool
    ) -> Iterator[tuple[float, str, bool]]:
        return ((neg, iri, local) for iri in _without(iris, skip))

    merged = heapq.merge(*(members(*c) for c in classes), key=lambda x: (x[0], x[1]))
    return window(merged, start, size)


def _without(iris: list[str], skip: list[str]) -> Iterator[str]:
    """The IRIs not in ``skip`` (both sorted), walking both once.

    >>> list(_without(["a", "b", "c", "d"], ["b", "d"]))
    ['a', 'c']
    """
    at = 0
    for iri in iris:
        while at < len(skip) and skip[at] < iri:
            at += 1
        if at < len(skip) and skip[at] == iri:
            continue
        yield iri


__all__ = ["GROUPS", "Filters", "Ranked", "components", "group_of", "rank"]
