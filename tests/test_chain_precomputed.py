"""The chain indexes keep each region's members grouped by signature, so that a request reads
counts and sorted lists instead of walking the members (kg.match.index, gaps, groups). Here
the precomputed answer - gap analysis, groups, totals, pages - is checked against the plain
walk over every member, and the local players against a naive SPARQL query, for every place
that has members, on generated data (before and after writes) and on the real data."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg.match import ChainIndexes, ChainWeights
from kg.match.gaps import analyse
from kg.match.groups import GROUPS, Filters, components, group_of, rank
from kg.match.index import CHAIN, ChainIndex, Member
from kg.review import Unreviewed
from kg.store import EmbeddedStore, solutions

SYN = "https://w3id.org/kg-industry/synthetic/"
KG = "https://w3id.org/kg-industry/def#"
GRAPH = f"<{SYN}graph>"
NOWHERE = SYN + "place/nowhere"
FILTERS = [
    Filters(),
    Filters(where="inside"),
    Filters(where="outside"),
    Filters(kinds=frozenset({"enterprise", "university"})),
    Filters(unreviewed=Unreviewed.EXCLUDE),
]
LOCATED = """
PREFIX kg: <https://w3id.org/kg-industry/def#>
SELECT DISTINCT ?thing ?region WHERE { ?thing kg:locatedIn ?place . ?place kg:partOf* ?region }
"""


def walk(index: ChainIndex, within: set[str]) -> tuple[set[str], dict[str, Any]]:
    """The local members and each segment's (count by kind, elsewhere), member by member."""
    local = {iri for iri, m in index.members.items() if not within.isdisjoint(m.places)}
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for iri, m in index.members.items():
        for seg in m.segments:
            totals[seg] += 1
            if iri in local:
                kinds[seg][m.kind] += 1
    segments = {
        seg: (dict(sorted(kinds[seg].items())), totals[seg] - sum(kinds[seg].values()))
        for seg in [*index.segments, CHAIN]
    }
    return local, segments


def ranked_by_walk(
    index: ChainIndex, gaps: Any, local: set[str], filters: Filters, w: ChainWeights
) -> dict[str, list[tuple[float, str, bool]]]:
    """Every wanted member scored on its own and grouped, in (score desc, IRI) order."""
    groups: dict[str, list[tuple[float, str, bool]]] = {g: [] for g in GROUPS}
    for iri, m in index.members.items():
        here = iri in local
        if (filters.where == "inside" and not here) or (filters.where == "outside" and here):
            continue
        if not filters.wanted(m):
            continue
        parts = components(m, here, gaps, 0.5, index.newest, w)
        groups[group_of(m, here, gaps)].append((-round(w.score(parts, m.trust), 9), iri, here))
    return {g: sorted(items) for g, items in groups.items()}


def agree(store: EmbeddedStore, indexes: ChainIndexes, chain: ox.NamedNode) -> int:
    """Check every place of the chain's members (and one with none); how many were checked."""
    index = indexes.get(chain)
    w = ChainWeights()
    places = sorted(index.regions) + [NOWHERE]
    for region in places:
        within = indexes.places("region-tree", ox.NamedNode(region))
        gaps = analyse(index, region)
        local, segments = walk(index, within)
        assert {i for iris in gaps.groups.values() for i in iris} == local, region
        for seg, state in gaps.segments.items():
            assert (state.by_kind, state.elsewhere) == segments[seg], (region, seg)
            assert state.count == sum(state.by_kind.values())
            for kind in state.players:
                listed = sorted(i for i in local if index.members[i].kind == kind)
                mine = [i for i in listed if seg in index.members[i].segments]
                assert state.first(kind, 3) == mine[:3]
        assert all(gaps.is_local(index.members[i]) for i in local)
        assert gaps.of_kinds("park") == sorted(i for i in local if index.members[i].kind == "park")
        for filters in FILTERS:
            expected = ranked_by_walk(index, gaps, local, filters, w)
            whole = rank(index, gaps, filters, 0.5, w, 0, len(index.members) + 1)
            window = rank(index, gaps, filters, 0.5, w, 3, 4)
            assert whole.totals == {g: len(items) for g, items in expected.items()}
            for g in GROUPS:
                got = [(-round(s, 9), m.iri, here) for s, m, here in whole.pages[g]]
                assert got == expected[g], (region, g, filters)
                assert [m.iri for _, m, _ in window.pages[g]] == [i for _, i, _ in expected[g][3:7]]
        # the local players by a naive query: what the member, its projects or its sites
        # are located in, up the place hierarchy
        rows = store.query(LOCATED, bindings={"region": ox.NamedNode(region)})
        located = {r["thing"].value for r in solutions(rows)}
        naive = {i for i, m in index.members.items() if located & {i, *m.also}}
        assert naive == local, region
    return len(places)


def test_the_kept_groups_answer_as_the_plain_walk_on_generated_data(synthetic: Any) -> None:
    store = synthetic(300)
    chains = [
        r["chain"]
        for r in solutions(store.query(f"SELECT ?chain WHERE {{ ?chain a <{KG}IndustryChain> }}"))
    ]
    assert sum(agree(store, ChainIndexes(store), c) for c in chains[:2]) > 40
    # writes: a new member in a city, one moved to another province, one gone
    index = ChainIndexes(store).get(chains[0])
    moved, gone = sorted(
        index.regions[SYN + "place/p0"][next(iter(index.regions[SYN + "place/p0"]))]
    )[:2]
    store.update(
        f"INSERT DATA {{ GRAPH {GRAPH} {{ <{SYN}org/new> a <{KG}Enterprise> ; "
        f"<{KG}operatesIn> <{SYN}segment/i0-upstream> ; <{KG}locatedIn> <{SYN}place/p1-c1> }} }};"
        f"DELETE WHERE {{ GRAPH {GRAPH} {{ <{moved}> <{KG}locatedIn> ?p }} }};"
        f"INSERT DATA {{ GRAPH {GRAPH} {{ <{moved}> <{KG}locatedIn> <{SYN}place/p2-c0-d0> }} }};"
        f"DELETE WHERE {{ GRAPH {GRAPH} {{ <{gone}> ?p ?o }} }}"
    )
    after = ChainIndexes(store)
    assert agree(store, after, chains[0]) > 10
    again = after.get(chains[0])
    assert gone not in again.members and moved in again.members
    assert SYN + "place/p2" in {
        r for r, by in again.regions.items() for iris in by.values() if moved in iris
    }
    # read back from its kept form, it answers the same
    copy = ChainIndex.from_data(again.to_data())
    for region in (SYN + "place/p0", SYN + "place/p2-c0", NOWHERE):
        assert analyse(copy, region).segments.keys() == analyse(again, region).segments.keys()
        assert {s: st.count for s, st in analyse(copy, region).segments.items()} == {
            s: st.count for s, st in analyse(again, region).segments.items()
        }


def test_the_kept_groups_answer_as_the_plain_walk_on_the_real_data(
    corpus_store: EmbeddedStore,
) -> None:
    indexes = ChainIndexes(corpus_store)
    chains = indexes.all_chains()
    assert len(chains) >= 10
    checked = sum(agree(corpus_store, indexes, c) for c in chains)
    assert checked > len(chains) * 3


def test_everywhere_every_member_is_local(corpus_store: EmbeddedStore) -> None:
    indexes = ChainIndexes(corpus_store)
    index = indexes.get(indexes.all_chains()[0])
    gaps = analyse(index, None)
    assert sum(len(i) for i in gaps.groups.values()) == len(index.members)
    members: list[Member] = list(index.members.values())
    assert all(gaps.is_local(m) for m in members)
