"""Chain matching on generated chains (the real sources name no chain segments yet):
gap analysis, partner groups, filters, explained scores, paging, planted gaps."""

from __future__ import annotations

import csv
import io
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from kg.api import create_app
from kg.chains import chain_profile
from kg.cli import main
from kg.config import Settings
from kg.errors import BadRequest, NotFound
from kg.iris import Minter
from kg.match import ChainQuery, ChainWeights, match_chain
from kg.match.chain import _CACHE, ChainIndex, Warmer, chain_index
from kg.store import EmbeddedStore, solutions

ROOT = Path(__file__).resolve().parent.parent
SYN = "https://w3id.org/kg-industry/synthetic/"
CHAIN = SYN + "chain/i0"
PROVINCE = SYN + "place/p0"
CITY = SYN + "place/p0-c0"


def segments_of(store: EmbeddedStore, iri: str) -> set[str]:
    rows = store.query(
        f"SELECT ?s WHERE {{ <{iri}> <https://w3id.org/kg-industry/def#operatesIn> ?s }}"
    )
    return {r["s"].value for r in solutions(rows)}


def test_gap_analysis_agrees_with_the_chain_profile(
    synthetic_store: EmbeddedStore, minter: Minter
) -> None:
    for region in (PROVINCE, CITY):
        result = match_chain(synthetic_store, minter, ChainQuery(CHAIN, region))
        profile = chain_profile(synthetic_store, minter, CHAIN, region)
        assert [s["status"] for s in result.segments] == [s.status for s in profile.segments]
        assert [s["local_count"] for s in result.segments] == [
            s.local_count for s in profile.segments
        ]
        assert [s["position"] for s in result.segments] == ["upstream", "midstream", "downstream"]


def test_groups_follow_the_region_and_the_gaps(
    synthetic_store: EmbeddedStore, minter: Minter
) -> None:
    result = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY, top=1000))
    status = {s["iri"]: s["status"] for s in result.segments}
    assert all(c.local for c in result.groups["strengthen"])
    assert result.groups["fill"] and not any(c.local for c in result.groups["fill"])
    for c in result.groups["fill"]:
        assert any(status[s] != "present" for s in c.segments)
    for c in result.groups["extend"]:
        assert not c.local and all(status[s] == "present" for s in c.segments)
    assert all(
        c.label.kind in ("university", "research-institute") for c in result.groups["research"]
    )
    assert result.totals["fill"] == len(result.groups["fill"])


def test_scores_are_the_weighted_components_in_a_stable_order(
    synthetic_store: EmbeddedStore, minter: Minter
) -> None:
    result = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY, top=50))
    for candidates in result.groups.values():
        for c in candidates:
            assert c.score == pytest.approx(sum(p.value * p.weight for p in c.components))
            assert {p.name for p in c.components} == {
                "segment_fit",
                "complementarity",
                "local_support",
                "evidence",
                "reviewed",
            }
        keys = [(-round(c.score, 9), c.label.iri) for c in candidates]
        assert keys == sorted(keys)
    again = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY, top=50))
    assert again.to_dict() == result.to_dict()


def test_pages_continue_without_overlap(synthetic_store: EmbeddedStore, minter: Minter) -> None:
    both = match_chain(synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, top=10))
    first = match_chain(synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, top=5))
    second = match_chain(synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, top=5, page=2))
    for group in ("fill", "extend", "strengthen"):
        iris = [c.label.iri for c in both.groups[group]]
        assert [c.label.iri for c in first.groups[group] + second.groups[group]] == iris


def test_filters_inside_outside_kind_and_tier(
    synthetic_store: EmbeddedStore, minter: Minter
) -> None:
    inside = match_chain(synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, where="inside"))
    assert not inside.groups["fill"] and not inside.groups["extend"]
    assert all(c.local for cs in inside.groups.values() for c in cs)
    outside = match_chain(synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, where="outside"))
    assert not outside.groups["strengthen"]
    research = match_chain(
        synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, kinds=("university",), top=100)
    )
    found = [c for cs in research.groups.values() for c in cs]
    assert found and all(c.label.kind == "university" for c in found)
    rows = synthetic_store.query(
        "PREFIX kg: <https://w3id.org/kg-industry/def#> SELECT ?chain ?tier WHERE { "
        "?seg kg:segmentOf ?chain . ?e kg:operatesIn ?seg ; kg:tier ?tier } "
        "ORDER BY ?chain ?tier LIMIT 1"
    )
    row = next(iter(solutions(rows)))
    chain, tier = row["chain"].value, row["tier"].value
    tiered = match_chain(
        synthetic_store, minter, ChainQuery(chain, SYN + "place/p0", tiers=(tier,), top=100)
    )
    everywhere = [
        match_chain(synthetic_store, minter, ChainQuery(chain, SYN + f"place/p{p}", tiers=(tier,)))
        for p in range(10)
    ]
    assert any(cs for r in everywhere for cs in r.groups.values())
    found = [c for r in [tiered, *everywhere] for cs in r.groups.values() for c in cs]
    assert found and all(tier in c.tiers for c in found)


def test_weights_are_configurable(synthetic_store: EmbeddedStore, minter: Minter) -> None:
    fit_only = ChainWeights(
        segment_fit=1, complementarity=0, local_support=0, evidence=0, reviewed=0
    )
    result = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY), fit_only)
    assert {c.score for c in result.groups["fill"]} == {1.0}


def test_unknown_chain_or_region_says_so(store: EmbeddedStore, minter: Minter) -> None:
    # the real data: 轻工 is an industry without a chain map
    with pytest.raises(NotFound, match="no industry chain for '轻工'.*/api/match"):
        match_chain(store, minter, ChainQuery("轻工", "黑龙江"))
    with pytest.raises(NotFound, match="no industry chain called '不存在的链'"):
        match_chain(store, minter, ChainQuery("不存在的链", "黑龙江"))


def test_an_industry_stands_for_its_chain(synthetic_store: EmbeddedStore, minter: Minter) -> None:
    by_chain = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY))
    by_industry = match_chain(synthetic_store, minter, ChainQuery("合成产业0", CITY))
    assert by_industry.to_dict() == by_chain.to_dict()
    # a group of industries has several chains: say which
    with pytest.raises(BadRequest, match="several industry chains: .*合成产业链"):
        match_chain(synthetic_store, minter, ChainQuery("合成产业类别0", CITY))
    with pytest.raises(NotFound, match="no region called '不存在的地方'"):
        match_chain(synthetic_store, minter, ChainQuery("合成产业0", "不存在的地方"))


def test_every_chain_index_is_built_in_the_background(synthetic: Any, minter: Minter) -> None:
    store = synthetic(300)
    chains = {
        r["c"].value
        for r in solutions(
            store.query("SELECT ?c WHERE { ?c a <https://w3id.org/kg-industry/def#IndustryChain> }")
        )
    }
    warmer = Warmer(store, every=0.05).start()
    try:
        wait_until(lambda: warmer.status()["ready"])
        assert warmer.status() == {"ready": True, "built": len(chains), "chains": len(chains)}
        cached = _CACHE[store]
        assert set(cached.chains) == chains
        # a write: the indexes of the old version go, and are built again
        store.update(
            "INSERT DATA { GRAPH <https://w3id.org/kg-industry/synthetic/graph> { "
            f"<{SYN}org/new> a <https://w3id.org/kg-industry/def#Enterprise> ; "
            f"<https://w3id.org/kg-industry/def#operatesIn> <{SYN}segment/i0-upstream> }} }}"
        )
        wait_until(lambda: warmer.status()["ready"] and _CACHE[store].version == store.version)
        assert f"{SYN}org/new" in _CACHE[store].chains[CHAIN].members
    finally:
        warmer.stop()


def test_a_chain_index_is_built_once_however_many_ask(
    synthetic_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    real = ChainIndex.build

    def counting(store: EmbeddedStore, chain: ox.NamedNode) -> ChainIndex:
        built.append(chain.value)
        time.sleep(0.05)  # long enough for the other threads to ask meanwhile
        return real(store, chain)

    monkeypatch.setattr(ChainIndex, "build", staticmethod(counting))
    _CACHE.pop(synthetic_store, None)
    with ThreadPoolExecutor(4) as pool:
        found = list(
            pool.map(
                lambda c: chain_index(synthetic_store, ox.NamedNode(c)),
                [CHAIN, CHAIN, CHAIN, SYN + "chain/i1"],
            )
        )
    assert found[0] is found[1] is found[2]
    assert sorted(built) == [CHAIN, SYN + "chain/i1"]


def wait_until(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_planted_gap_is_filled_by_organisations_of_that_segment(
    synthetic: Any, minter: Minter
) -> None:
    """Remove every local player of one segment in a province; the top 10 of the fill list
    must be organisations that truly operate in that segment (precision@10 = 1)."""
    store = synthetic(1500)
    before = match_chain(store, minter, ChainQuery(CHAIN, PROVINCE, top=1000))
    planted = next(s for s in before.segments if s["status"] == "present")["iri"]
    local = [c.label.iri for c in before.groups["strengthen"] if planted in c.segments]
    assert local
    store.update(
        "DELETE DATA { GRAPH <https://w3id.org/kg-industry/synthetic/graph> { "
        + " ".join(
            f"<{iri}> <https://w3id.org/kg-industry/def#operatesIn> <{planted}> ." for iri in local
        )
        + " } }"
    )
    after = match_chain(store, minter, ChainQuery(CHAIN, PROVINCE, top=10))
    assert next(s for s in after.segments if s["iri"] == planted)["status"] == "gap"
    top = after.groups["fill"]
    assert len(top) == 10
    assert all(planted in segments_of(store, c.label.iri) for c in top)


def test_the_api_answers_json_and_csv(synthetic_store: EmbeddedStore, tmp_path: Path) -> None:
    settings = Settings(store_path=tmp_path, data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    with TestClient(create_app(settings, synthetic_store)) as client:
        params = {"chain": "合成产业链0", "region": "合成市0-0", "top": 3}
        body = client.get("/api/chain-match", params=params).json()
        assert [s["position"] for s in body["gap_analysis"]] == [
            "upstream",
            "midstream",
            "downstream",
        ]
        assert set(body["groups"]) == {"strengthen", "fill", "extend", "research"}
        first = body["groups"]["fill"][0]
        assert {c["component"] for c in first["components"]} >= {"segment_fit", "complementarity"}
        weighted = client.get("/api/chain-match", params={**params, "complementarity": 0}).json()
        assert weighted["weights"]["complementarity"] == 0
        table = client.get("/api/chain-match", params={**params, "format": "csv"})
        rows = list(csv.DictReader(io.StringIO(table.text)))
        assert rows and {"group", "score", "segment_fit", "iri"} <= set(rows[0])
        bad = client.get("/api/chain-match", params={**params, "where": "nowhere"})
        assert bad.status_code == 400 and "where" in str(bad.json()["error"]["details"])


def test_the_cli_prints_a_table_json_and_csv(synthetic: Any, tmp_path: Path) -> None:
    path = tmp_path / "store"
    synthetic(300, path).close()
    base = ["--store", str(path), "chain-match", "合成产业链0", "--region", "合成省0"]
    table = CliRunner().invoke(main, base, catch_exceptions=False)
    assert table.exit_code == 0 and "Gap analysis" in table.output and "补链" in table.output
    data = CliRunner().invoke(main, [*base, "--format", "json", "--top", "2"])
    assert json.loads(data.output)["top"] == 2
    rows = CliRunner().invoke(main, [*base, "--format", "csv", "--where", "outside"])
    assert "strengthen" not in {r["group"] for r in csv.DictReader(io.StringIO(rows.output))}


def test_synthetic_data_stays_in_its_own_namespace(synthetic_store: EmbeddedStore) -> None:
    rows = synthetic_store.query(
        "SELECT ?s WHERE { GRAPH <https://w3id.org/kg-industry/synthetic/graph> { ?s ?p ?o } "
        f'FILTER(!STRSTARTS(STR(?s), "{SYN}")) }} LIMIT 1'
    )
    assert not list(rows)
    assert ox.NamedNode(SYN + "graph") in set(synthetic_store.named_graphs())


def test_evidence_and_review_raise_a_sourced_member(synthetic: Any, minter: Minter) -> None:
    """A membership backed by a curated assertion with a sentence scores evidence and
    review, and its sentence comes with it (generated text, generated namespace)."""
    store = synthetic(300)
    before = match_chain(store, minter, ChainQuery(CHAIN, PROVINCE, top=1000))
    target = before.groups["fill"][-1] if before.groups["fill"] else before.groups["extend"][-1]
    member, segment = target.label.iri, target.segments[0]
    g = f"<{SYN}graph>"
    store.update(
        "PREFIX kg: <https://w3id.org/kg-industry/def#> "
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "PREFIX dct: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/> "
        f"INSERT DATA {{ GRAPH {g} {{ <{SYN}assertion/1> rdf:subject <{member}> ; "
        f"rdf:predicate kg:operatesIn ; rdf:object <{segment}> ; kg:status kg:Curated ; "
        f'kg:evidence <{SYN}doc/1/chars/0-6> . <{SYN}doc/1/chars/0-6> kg:text "合成证据句子。" ; '
        f"kg:startOffset 0 ; kg:endOffset 6 ; dct:isPartOf <{SYN}doc/1> . "
        f'<{SYN}doc/1> schema:url "https://example.org/synthetic" ; dct:date "2024-08-23" . }} }}'
    )
    after = match_chain(store, minter, ChainQuery(CHAIN, PROVINCE, top=1000))
    found = next(c for cs in after.groups.values() for c in cs if c.label.iri == member)
    parts = {p.name: p for p in found.components}
    assert parts["reviewed"].value == 1.0 and parts["evidence"].value == 0.5
    assert found.score > target.score
    assert [e.sentence for _, e in parts["segment_fit"].evidence] == ["合成证据句子。"]
