"""Industry chains: the list of chain maps, and a region's chain profile, segment by segment,
with its gaps - read from the same chain index as chain matching, so the page and the
match never disagree on who is in a segment (:mod:`kg.match.index`).

A chain (``kg:IndustryChain``, an editorial map in ``data/chains/``) serves industries
(``kg:chainOf``) and has segments (``kg:segmentOf``) from upstream to downstream. For a
region, a segment's *local players* are its members located at or within the region; a
segment is a **gap** with none and **weak** with fewer than :data:`WEAK_BELOW`. Without a
region every member counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import Label, labels
from kg.iris import Minter
from kg.match.cache import ChainIndexes
from kg.match.chain import find_chain
from kg.match.gaps import WEAK_BELOW, analyse, status_of
from kg.match.index import CHAIN
from kg.match.kinds import RESEARCH_KINDS
from kg.namespaces import KG
from kg.store import Store, solutions

POSITIONS = (KG.Upstream.value, KG.Midstream.value, KG.Downstream.value)


@dataclass
class Segment:
    label: Label
    position: str | None
    order: int | None = None
    local: dict[str, list[Label]] = field(default_factory=dict)  # kind -> players shown
    counts: dict[str, int] = field(default_factory=dict)  # kind -> all local players
    elsewhere: int = 0  # members of the segment outside the region

    @property
    def local_count(self) -> int:
        return sum(self.counts.values())

    @property
    def status(self) -> str:
        return status_of(self.local_count)

    def to_dict(self, show: int = 20) -> dict[str, object]:
        return {
            **self.label.to_dict(),
            "position": self.position.rsplit("#", 1)[-1].lower() if self.position else None,
            "order": self.order,
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
    chain_level: int = 0  # local members tied to the chain's industry, segment not known

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
            "chain_level": self.chain_level,
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
    chains: dict[str, dict[str, object]] = {}
    for r in rows:
        item = chains.setdefault(
            r["chain"].value,
            {**names[r["chain"].value].to_dict(), "segments": int(r["segments"].value)},
        )
        if r["industry"] is not None and "industry" not in item:
            item["industry"] = names[r["industry"].value].to_dict()
    return sorted(chains.values(), key=lambda c: (str(c["label"]), str(c["iri"])))


def chain_profile(
    store: Store,
    minter: Minter,
    chain_name: str,
    region_name: str | None = None,
    *,
    show: int = 30,
    indexes: ChainIndexes | None = None,
) -> ChainProfile:
    """The profile of a chain (IRI, key, name, or an industry with one chain) in a region
    (or everywhere). Every local player is counted; up to ``show`` of each kind per segment
    are named (by IRI order, so the choice is stable)."""
    indexes = indexes if indexes is not None else ChainIndexes(store)
    chain = find_chain(indexes, minter, chain_name)
    region = indexes.resolve(minter, region_name, KG.Region, "kind.region") if region_name else None
    index = indexes.get(chain)
    within = indexes.places("region-tree", region) if region is not None else None
    above = indexes.places("region-up", region) if region is not None else set()
    gaps = analyse(index, region.value if region is not None else None)
    shown = {
        seg: {kind: state.first(kind, show) for kind in state.players}
        for seg, state in gaps.segments.items()
    }
    parks = gaps.of_kinds("park")
    research = gaps.of_kinds(*RESEARCH_KINDS)
    policies = sorted(
        p for p, places in index.policies.items() if within is None or places & (within | above)
    )
    iris = {chain.value, *index.segments, *index.industries, *parks, *research, *policies}
    iris |= {i for kinds in shown.values() for items in kinds.values() for i in items}
    if region is not None:
        iris.add(region.value)
    names = indexes.label([NamedNode(i) for i in sorted(iris)])
    segments = []
    for seg in index.ordered_segments:
        order, stage = index.segments[seg]
        state = gaps.segments[seg]
        segment = Segment(names[seg], stage, order, elsewhere=state.elsewhere)
        segment.counts = dict(state.by_kind)
        segment.local = {k: [names[i] for i in v] for k, v in sorted(shown[seg].items())}
        segments.append(segment)

    def by_label(items: list[str]) -> list[Label]:
        return sorted((names[i] for i in items), key=lambda lab: (lab.label, lab.iri))

    return ChainProfile(
        chain=names[chain.value],
        industry=names[index.industries[0]] if index.industries else None,
        region=names[region.value] if region is not None else None,
        segments=segments,
        parks=by_label(parks),
        research=by_label(research),
        policies=by_label(policies),
        chain_level=gaps.segments[CHAIN].count,
    )


__all__ = ["WEAK_BELOW", "ChainProfile", "Segment", "chain_profile", "list_chains"]
