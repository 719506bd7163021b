"""What a chain request reads besides the chain's index - the chain map's version, the
places of the candidates shown, the evidence of their facts, which things any evidence is
about - is remembered per store version by :class:`kg.match.ChainIndexes`. Here: answers
from remembered data equal answers read afresh, on the real data and on generated data
before and after writes, and a write drops what was remembered."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest

from kg.iris import Minter
from kg.match import ChainIndexes, ChainQuery, match_chain
from kg.match import cache as cache_module
from kg.match.explain import located_in
from kg.match.words import WORDS
from kg.store import EmbeddedStore

SYN = "https://w3id.org/kg-industry/synthetic/"
KG = "https://w3id.org/kg-industry/def#"
GRAPH = f"<{SYN}graph>"
CHAIN = SYN + "chain/i0"
REGIONS = [SYN + "place/p0", SYN + "place/p0-c0", SYN + "place/p1", SYN + "place/p1-c1"]


def answer(
    store: EmbeddedStore, minter: Minter, indexes: ChainIndexes, chain: str, region: str
) -> str:
    result = match_chain(store, minter, ChainQuery(chain, region, top=5), None, indexes)
    return json.dumps(result.to_dict(WORDS), ensure_ascii=False, sort_keys=True)


def afresh(
    store: EmbeddedStore, minter: Minter, chain: str, region: str, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The answer from new indexes that skip no fact's evidence."""
    with monkeypatch.context() as m:
        m.setattr(cache_module, "EVIDENCED_MAX", -1)
        fresh = ChainIndexes(store)
        assert fresh.evidenced() is None
        return answer(store, minter, fresh, chain, region)


@pytest.mark.parametrize(
    ("chain", "regions"),
    [
        ("航空航天", ["黑龙江", "哈尔滨", "北京市"]),
        ("新材料", ["黑龙江", "上海市"]),
        ("医药", ["黑龙江"]),
    ],
)
def test_remembered_answers_equal_fresh_ones_on_the_real_data(
    corpus_store: EmbeddedStore,
    minter: Minter,
    chain: str,
    regions: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = ChainIndexes(corpus_store)
    for region in regions * 2:  # the second round reads what the first remembered
        remembered = answer(corpus_store, minter, shared, chain, region)
        assert remembered == afresh(corpus_store, minter, chain, region, monkeypatch)
    assert shared.evidenced()  # the real data has evidence: some things are about
    assert any(shared.found.values())  # and some shown facts have it


def test_a_write_drops_what_was_remembered(
    synthetic: Any, minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = synthetic(300)
    shared = ChainIndexes(store)
    for region in REGIONS:
        assert answer(store, minter, shared, CHAIN, region) == afresh(
            store, minter, CHAIN, region, monkeypatch
        )
    assert shared.evidenced() == frozenset()  # generated data has no assertions
    assert shared.found and CHAIN in shared.versions
    first = match_chain(store, minter, ChainQuery(CHAIN, REGIONS[0], top=5), None, shared)
    kept = (shared.found, shared.located_in, shared.versions)
    local = first.groups["strengthen"][0]
    fact = local.reasons[0].facts[0]
    # a curated assertion with its sentence for a shown fact, a new place, a new version
    store.update(
        f"""INSERT DATA {{
          GRAPH <{SYN}graph/review> {{
            <{SYN}assertion/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{fact[0].value}> ;
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <{fact[1].value}> ;
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <{fact[2].value}> ;
              <{KG}status> <{KG}Curated> ; <{KG}evidence> <{SYN}sentence/1> .
            <{SYN}sentence/1> <{KG}text> "生成的句子" ; <{KG}startOffset> 0 ; <{KG}endOffset> 5 ;
              <http://purl.org/dc/terms/isPartOf> <{SYN}doc/1> .
          }}
          GRAPH {GRAPH} {{
            <{local.member.iri}> <{KG}locatedIn> <{REGIONS[1]}> .
            <{CHAIN}> <http://www.w3.org/2002/07/owl#versionInfo> "9.9" .
          }}
        }}"""
    )
    after = match_chain(store, minter, ChainQuery(CHAIN, REGIONS[0], top=5), None, shared)
    assert all(
        new is not old
        for new, old in zip((shared.found, shared.located_in, shared.versions), kept, strict=True)
    )
    assert after.version == "9.9"
    assert shared.evidenced() == {fact[0].value, fact[2].value}  # what it is about, both ends
    again = next(c for g in after.groups.values() for c in g if c.member.iri == local.member.iri)
    said = [e.sentence for r in again.reasons for e in r.evidence]
    assert "生成的句子" in said
    where = next(r for r in again.reasons if r.code == "where.local")
    assert REGIONS[1] in where.params["places"]
    for region in REGIONS:
        assert answer(store, minter, shared, CHAIN, region) == afresh(
            store, minter, CHAIN, region, monkeypatch
        )


def test_the_warmer_reads_what_any_evidence_is_about(synthetic: Any) -> None:
    store = synthetic(50)
    indexes = ChainIndexes(store)
    calls: list[str] = []
    real = store.query

    def counted(sparql: str, **kw: Any) -> Any:
        calls.append(sparql)
        return real(sparql, **kw)

    store.query = counted  # type: ignore[method-assign]  # counting the queries made
    first = indexes.evidenced()
    assert indexes.evidenced() is first and len(calls) == 1  # once per store version
    facts = [
        (ox.NamedNode(SYN + "enterprise/1"), ox.NamedNode(KG + "operatesIn"), ox.NamedNode(CHAIN))
    ]
    assert indexes.evidence(facts) == {facts[0]: []} and len(calls) == 1  # no evidence: not read


def test_a_member_with_nothing_folded_in_has_its_own_places_in_the_index(
    corpus_store: EmbeddedStore, synthetic: Any
) -> None:
    """What lets an answer name a local member's places without reading them: with no
    project or site folded into it, the index's places are its own ``kg:locatedIn``."""
    for store in (corpus_store, synthetic(300)):
        indexes, checked, folded = ChainIndexes(store), 0, 0
        for chain in indexes.all_chains():
            index = indexes.get(chain)
            members = [index.members[i] for i in index.members]
            read = located_in(store, [ox.NamedNode(m.iri) for m in members])
            for m in members:
                if m.also:
                    folded += 1
                    continue
                own = {p.value for relation, p in read[m.iri] if relation.value == KG + "locatedIn"}
                assert set(m.places) == own, m.iri
                checked += 1
        assert checked > 100 and folded  # both kinds are there


def test_a_write_during_a_lookup_neither_fails_it_nor_carries_its_answer_over(
    synthetic: Any, minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A label, a name or a region's places read while another client writes (and another
    request starts on the new version) is this request's answer; the new version reads
    its own rather than inherit one read before the write."""
    store = synthetic(20)
    indexes = ChainIndexes(store)
    region, chain = ox.NamedNode(REGIONS[0]), ox.NamedNode(CHAIN)
    writes = iter(range(1000))

    def then_a_write(read: Any) -> Any:
        def reading(*args: Any, **kw: Any) -> Any:
            found = read(*args, **kw)
            store.update(f"INSERT DATA {{ GRAPH {GRAPH} {{ <{SYN}w> <{SYN}n> {next(writes)} }} }}")
            indexes._current()  # another request, on the new version, comes first
            return found

        return reading

    with monkeypatch.context() as m:
        m.setattr(cache_module, "labels", then_a_write(cache_module.labels))
        assert indexes.label([chain])[CHAIN].iri == CHAIN  # a KeyError when lost
        assert CHAIN not in indexes.labels
    with monkeypatch.context() as m:
        m.setattr(cache_module, "resolve", then_a_write(cache_module.resolve))
        assert indexes.resolve(minter, CHAIN, ox.NamedNode(KG + "IndustryChain"), "chain") == chain
        assert not indexes.names
    with monkeypatch.context() as m:
        m.setattr(cache_module, "solutions", then_a_write(cache_module.solutions))
        assert REGIONS[1] in indexes.places("region-tree", region)
        assert not indexes.regions
