"""Gap analysis: for a chain and a region, each segment's local players and its status.

A member is *local* when one of its places - its own, or that of a project or site folded
into it - lies at or within the region (``kg:partOf*``: a province includes its cities). A
segment is a **gap** with no local player, **weak** with fewer than :data:`WEAK_BELOW`,
**present** otherwise. Pure functions over a :class:`kg.match.index.ChainIndex`, which
keeps each region's members grouped by signature: the analysis reads one count per
signature, never the members one by one.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from kg.match.index import CHAIN, ChainIndex, Member, Signature

WEAK_BELOW = 3
GAP, WEAK, PRESENT = "gap", "weak", "present"


@dataclass
class SegmentState:
    """One segment in the region: how many local players (in all, by kind) and status."""

    iri: str
    order: int | None
    stage: str | None
    count: int = 0  # local players
    by_kind: dict[str, int] = field(default_factory=dict)
    elsewhere: int = 0
    players: dict[str, list[list[str]]] = field(default_factory=dict)  # kind -> sorted IRIs

    @property
    def status(self) -> str:
        return status_of(self.count)

    def first(self, kind: str, n: int) -> list[str]:
        """The first ``n`` local players of a kind, by IRI."""
        return list(itertools.islice(heapq.merge(*self.players.get(kind, ())), n))


@dataclass
class Gaps:
    """The gap analysis of a chain in a region."""

    segments: dict[str, SegmentState]  # upstream first (CHAIN last: segment not known)
    groups: dict[Signature, list[str]]  # the local members by signature, each sorted by IRI

    def status(self, segment: str) -> str:
        return self.segments[segment].status

    @property
    def chain_level(self) -> SegmentState:
        return self.segments[CHAIN]

    def is_local(self, m: Member) -> bool:
        iris = self.groups.get(m.signature, ())
        at = bisect.bisect_left(iris, m.iri)
        return at < len(iris) and iris[at] == m.iri

    def of_kinds(self, *kinds: str) -> list[str]:
        """The local members of these kinds, by IRI."""
        return list(heapq.merge(*(i for sig, i in self.groups.items() if sig[0] in kinds)))


def status_of(local_players: int) -> str:
    """
    >>> status_of(0), status_of(2), status_of(3)
    ('gap', 'weak', 'present')
    """
    return GAP if local_players == 0 else WEAK if local_players < WEAK_BELOW else PRESENT


def analyse(index: ChainIndex, region: str | None) -> Gaps:
    """Local players per segment, from the region's members by signature (a count each),
    and how many members each segment has elsewhere. ``region=None``: everywhere (every
    member is local)."""
    groups = index.signatures if region is None else index.regions.get(region, {})
    states = {seg: SegmentState(seg, *index.segments[seg]) for seg in index.ordered_segments}
    states[CHAIN] = SegmentState(CHAIN, None, None)
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sig, iris in groups.items():
        kind = str(sig[0])
        for seg, _, _ in sig[1]:  # type: ignore[attr-defined]  # a signature's segments
            state = states[seg]
            state.count += len(iris)
            state.players.setdefault(kind, []).append(iris)
            kinds[seg][kind] += len(iris)
    for seg, state in states.items():
        state.by_kind = dict(sorted(kinds[seg].items()))
        state.elsewhere = index.segment_totals.get(seg, 0) - state.count
    return Gaps(states, groups)


__all__ = ["GAP", "PRESENT", "WEAK", "WEAK_BELOW", "Gaps", "SegmentState", "analyse", "status_of"]
