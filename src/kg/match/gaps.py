"""Gap analysis: for a chain and a region, each segment's local players and its status.

A member is *local* when one of its places - its own, or that of a project or site folded
into it - lies at or within the region (``kg:partOf*``: a province includes its cities). A
segment is a **gap** with no local player, **weak** with fewer than :data:`WEAK_BELOW`,
**present** otherwise. Pure functions over a :class:`kg.match.index.ChainIndex`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.match.index import CHAIN, ChainIndex

WEAK_BELOW = 3
GAP, WEAK, PRESENT = "gap", "weak", "present"


@dataclass
class SegmentState:
    """One segment in the region: local players (all of them, by kind) and status."""

    iri: str
    order: int | None
    stage: str | None
    local: list[str] = field(default_factory=list)  # local members, by IRI
    by_kind: dict[str, int] = field(default_factory=dict)
    elsewhere: int = 0

    @property
    def status(self) -> str:
        return status_of(len(self.local))


@dataclass
class Gaps:
    """The gap analysis of a chain in a region."""

    segments: dict[str, SegmentState]  # upstream first (CHAIN last: segment not known)
    local: set[str]  # every local member

    def status(self, segment: str) -> str:
        return self.segments[segment].status

    @property
    def chain_level(self) -> SegmentState:
        return self.segments[CHAIN]


def status_of(local_players: int) -> str:
    """
    >>> status_of(0), status_of(2), status_of(3)
    ('gap', 'weak', 'present')
    """
    return GAP if local_players == 0 else WEAK if local_players < WEAK_BELOW else PRESENT


def analyse(index: ChainIndex, within: set[str] | None) -> Gaps:
    """Local players per segment, found through the index's places (never by scanning every
    member), and how many members each segment has elsewhere. ``within=None``: everywhere
    (every member is local)."""
    local: set[str] = set()
    if within is None:
        local = set(index.members)
    for place in within or ():
        local.update(index.by_place.get(place, ()))
    states = {seg: SegmentState(seg, *index.segments[seg]) for seg in index.ordered_segments}
    states[CHAIN] = SegmentState(CHAIN, None, None)
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for iri in sorted(local):
        m = index.members[iri]
        for seg in m.segments:
            states[seg].local.append(iri)
            kinds[seg][m.kind] += 1
    for seg, state in states.items():
        state.by_kind = dict(sorted(kinds[seg].items()))
        state.elsewhere = index.segment_totals.get(seg, 0) - len(state.local)
    return Gaps(states, local)


__all__ = ["GAP", "PRESENT", "WEAK", "WEAK_BELOW", "Gaps", "SegmentState", "analyse", "status_of"]
