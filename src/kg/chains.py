"""Industry chains: a region's chain profile, segment by segment, with its gaps.

A chain (``kg:IndustryChain``) serves an industry (``kg:chainOf``) and has segments
(``kg:segmentOf``) at a position upstream, midstream or downstream. Organisations attach to
a segment with ``kg:operatesIn`` (or to a narrower concept of it). For a region, a segment's
*local players* are the organisations in it located at or within the region (regions nest
by ``kg:partOf``, so a province's profile includes its cities). The whole chain is
supported by local parks in its industry, local universities and research institutes
working in it, and policies for it that cover the region (or a region it lies in).

A segment is a **gap** when it has no local player, and **weak** when it has fewer than
:data:`WEAK_BELOW`. Everything comes from the graph; with no chain data, there is no
profile.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import Label, labels, resolve
from kg.iris import Minter
from kg.namespaces import KG
from kg.store import Store, solutions

WEAK_BELOW = 3
POSITIONS = (KG.Upstream.value, KG.Midstream.value, KG.Downstream.value)
MEMBER_KINDS = ("enterprise", "university", "research-institute", "platform", "association")


@dataclass
class Segment:
    label: Label
    position: str | None
    local: dict[str, list[Label]] = field(default_factory=dict)  # kind -> players shown
    counts: dict[str, int] = field(default_factory=dict)  # kind -> all local players
    elsewhere: int = 0  # organisations in the segment outside the region

    @property
    def local_count(self) -> int:
        return sum(self.counts.values())

    @property
    def status(self) -> str:
        n = self.local_count
        return "gap" if n == 0 else "weak" if n < WEAK_BELOW else "present"

    def to_dict(self, show: int = 20) -> dict[str, object]:
        return {
            **self.label.to_dict(),
            "position": self.position.rsplit("#", 1)[-1].lower() if self.position else None,
            "status": self.status,
            "local_count": self.local_count,
            "elsewhere_count": self.elsewhere,
            "local_counts": self.counts,
            "local": {k: [m.to_dict() for m in v[:show]] for k, v in self.local.items()},
        }


@dataclass
class ChainProfile:
    chain: Label
    industry: Label | None
    region: Label | None
    segments: list[Segment]
    parks: list[Label]
    research: list[Label]
    policies: list[Label]

    @property
    def gaps(self) -> list[Segment]:
        return [s for s in self.segments if s.status != "present"]

    def to_dict(self, show: int = 20) -> dict[str, object]:
        return {
            "chain": self.chain.to_dict(),
            "industry": self.industry.to_dict() if self.industry else None,
            "region": self.region.to_dict() if self.region else None,
            "weak_below": WEAK_BELOW,
            "segments": [s.to_dict(show) for s in self.segments],
            "gaps": [s.label.iri for s in self.gaps],
            "parks": [p.to_dict() for p in self.parks],
            "research": [r.to_dict() for r in self.research],
            "policies": [p.to_dict() for p in self.policies],
        }


def list_chains(store: Store) -> list[dict[str, object]]:
    """Every chain in the graph with its industry and number of segments."""
    rows = list(solutions(store.query(queries.get("chains"))))
    names = labels(
        store, [r["chain"] for r in rows] + [r["industry"] for r in rows if r["industry"]]
    )
    out = []
    for r in rows:
        item: dict[str, object] = {
            **names[r["chain"].value].to_dict(),
            "segments": int(r["segments"].value),
        }
        if r["industry"] is not None:
            item["industry"] = names[r["industry"].value].to_dict()
        out.append(item)
    out.sort(key=lambda c: (str(c["label"]), str(c["iri"])))
    return out


def _places(store: Store, query: str, region: NamedNode) -> set[str]:
    rows = store.query(queries.get(query), bindings={"region": region})
    return {row["place"].value for row in solutions(rows)}


def chain_profile(
    store: Store,
    minter: Minter,
    chain_name: str,
    region_name: str | None = None,
    *,
    show: int = 30,
) -> ChainProfile:
    """The profile of a chain (IRI, key or name) in a region (or everywhere). Every local
    player is counted; up to ``show`` of each kind per segment are named (by IRI order,
    so the choice is stable)."""
    chain = resolve(store, minter, chain_name, KG.IndustryChain, "industry chain")
    region = resolve(store, minter, region_name, KG.Region, "region") if region_name else None
    within = _places(store, "region-tree", region) if region is not None else None
    above = _places(store, "region-up", region) if region is not None else None

    segment_rows = list(
        solutions(store.query(queries.get("chain-segments"), bindings={"chain": chain}))
    )
    industry = next((r["industry"] for r in segment_rows if r["industry"] is not None), None)
    positions = {
        r["segment"].value: r["position"].value if r["position"] else None for r in segment_rows
    }

    members: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    types: dict[str, set[str]] = defaultdict(set)
    for row in solutions(store.query(queries.get("chain-members"), bindings={"chain": chain})):
        place = row["place"].value if row["place"] is not None else None
        members[row["segment"].value][row["member"].value].add(place or "")
        types[row["member"].value].add(row["type"].value)

    supports: dict[str, dict[str, set[str]]] = {
        role: defaultdict(set) for role in ("site", "research", "policy")
    }
    if industry is not None:
        rows = store.query(queries.get("chain-support"), bindings={"industry": industry})
        for row in solutions(rows):
            place = row["place"].value if row["place"] is not None else ""
            supports[row["role"].value][row["thing"].value].add(place)

    def local(places: set[str]) -> bool:
        return within is None or bool(places & within)

    def applies(places: set[str]) -> bool:  # a policy for the region, within it or above it
        return within is None or bool(places & (within | (above or set())))

    # Local players by segment and kind (kinds from the member query: no label lookups
    # for the thousands of members of a big chain).
    players: dict[str, dict[str, list[str]]] = {}
    elsewhere: dict[str, int] = defaultdict(int)
    for seg_iri in positions:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for member, places in sorted(members.get(seg_iri, {}).items()):
            if local(places):
                kind = Label(member, types=sorted(types[member])).kind
                by_kind[kind if kind in MEMBER_KINDS else "organization"].append(member)
            else:
                elsewhere[seg_iri] += 1
        players[seg_iri] = by_kind
    shown = {m for by_kind in players.values() for ms in by_kind.values() for m in ms[:show]}
    every = [NamedNode(i) for i in [chain.value, *positions, *sorted(shown)]]
    parks = [NamedNode(t) for t, p in supports["site"].items() if local(p)]
    research = [NamedNode(t) for t, p in supports["research"].items() if local(p)]
    policies = [NamedNode(t) for t, p in supports["policy"].items() if applies(p)]
    extra = (
        [*parks, *research, *policies]
        + ([industry] if industry else [])
        + ([region] if region else [])
    )
    names = labels(store, every + extra)

    def order(items: list[Label]) -> list[Label]:
        return sorted(items, key=lambda lab: (lab.label, lab.iri))

    segments = []
    for seg_iri, position in positions.items():
        segment = Segment(names[seg_iri], position, elsewhere=elsewhere[seg_iri])
        for kind in (*MEMBER_KINDS, "organization"):
            found = players[seg_iri].get(kind)
            if found:
                segment.counts[kind] = len(found)
                segment.local[kind] = [names[m] for m in found[:show]]
        segments.append(segment)
    segments.sort(
        key=lambda s: (
            POSITIONS.index(s.position) if s.position in POSITIONS else len(POSITIONS),
            s.label.label,
            s.label.iri,
        )
    )
    return ChainProfile(
        chain=names[chain.value],
        industry=names[industry.value] if industry else None,
        region=names[region.value] if region else None,
        segments=segments,
        parks=order([names[p.value] for p in parks]),
        research=order([names[r.value] for r in research]),
        policies=order([names[p.value] for p in policies]),
    )


__all__ = ["WEAK_BELOW", "ChainProfile", "Segment", "chain_profile", "list_chains"]
