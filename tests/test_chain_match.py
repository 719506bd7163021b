"""Chain matching on generated chains (bench/synthetic.py, a store of their own): gap
analysis, partner groups, filters, explained scores, paging, planted gaps, the indexes
(built once, in the background, kept on disk per store revision), API and CLI. The real
chains are tested in test_chain_match_real.py."""

from __future__ import annotations

import csv
import io
import json
import threading
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
from kg.match import ChainIndexes, ChainQuery, ChainWeights, match_chain
from kg.match.index import ChainIndex
from kg.store import EmbeddedStore, open_store, solutions
from kg.store.memo import Refresher, Round

ROOT = Path(__file__).resolve().parent.parent
SYN = "https://w3id.org/kg-industry/synthetic/"
KG = "https://w3id.org/kg-industry/def#"
CHAIN = SYN + "chain/i0"
PROVINCE = SYN + "place/p0"
CITY = SYN + "place/p0-c0"
GRAPH = f"<{SYN}graph>"


def segments_of(store: EmbeddedStore, iri: str) -> set[str]:
    rows = store.query(f"SELECT ?s WHERE {{ <{iri}> <{KG}operatesIn> ?s }}")
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
        assert not c.segments or any(status[s] != "present" for s in c.segments)
    for c in result.groups["extend"]:
        assert not c.local and all(status[s] == "present" for s in c.segments)
    assert all(
        c.label.kind in ("university", "research-institute") for c in result.groups["research"]
    )
    # parks elsewhere are benchmarks, never partners to approach
    assert result.groups["benchmarks"]
    assert all(c.label.kind == "park" and not c.local for c in result.groups["benchmarks"])
    partners = [c for g in ("strengthen", "fill", "extend") for c in result.groups[g]]
    assert not any(c.label.kind == "park" and not c.local for c in partners)
    assert result.totals["fill"] == len(result.groups["fill"])


def test_scores_are_trust_times_relevance_in_a_stable_order(
    synthetic_store: EmbeddedStore, minter: Minter
) -> None:
    w = ChainWeights()
    result = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY, top=50))
    for candidates in result.groups.values():
        for c in candidates:
            parts = c.components
            assert set(parts) == {"segment_fit", "complementarity", "local_support", "recency"}
            mean = sum(getattr(w, k) * v for k, v in parts.items()) / sum(
                getattr(w, k) for k in parts
            )
            assert c.relevance == pytest.approx(w.base + (1 - w.base) * mean)
            assert c.score == pytest.approx(c.trust * c.relevance)
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
    far = match_chain(synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, top=5, page=2**62))
    assert not any(far.groups.values())  # past the end: empty groups, not an error


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
        f"SELECT ?chain ?tier WHERE {{ ?seg <{KG}segmentOf> ?chain . "
        f"?e <{KG}operatesIn> ?seg ; <{KG}tier> ?tier }} ORDER BY ?chain ?tier LIMIT 1"
    )
    row = next(iter(solutions(rows)))
    chain, tier = row["chain"].value, row["tier"].value
    everywhere = [
        match_chain(synthetic_store, minter, ChainQuery(chain, SYN + f"place/p{p}", tiers=(tier,)))
        for p in range(10)
    ]
    found = [c for r in everywhere for cs in r.groups.values() for c in cs]
    assert found and all(tier in c.member.tiers for c in found)
    with pytest.raises(BadRequest, match="unknown partner kind"):
        ChainQuery(CHAIN, PROVINCE, kinds=("government",))


def test_weights_are_configurable(synthetic_store: EmbeddedStore, minter: Minter) -> None:
    fit_only = ChainWeights(segment_fit=1, complementarity=0, local_support=0, recency=0)
    result = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY), fit_only)
    assert {round(c.score, 6) for c in result.groups["fill"]} == {1.0}


def test_unknown_chain_or_region_says_so(store: EmbeddedStore, minter: Minter) -> None:
    # the real data: 轻工 is an industry without a chain map
    with pytest.raises(NotFound, match="no industry chain for '轻工'.*/api/match"):
        match_chain(store, minter, ChainQuery("轻工", "黑龙江"))
    with pytest.raises(NotFound, match="no industry chain called '不存在的链'"):
        match_chain(store, minter, ChainQuery("不存在的链", "黑龙江"))
    with pytest.raises(BadRequest, match="give the industry chain by name or IRI") as blank:
        match_chain(store, minter, ChainQuery(" ", "黑龙江"))
    assert blank.value.words("zh") == "请给出产业链的名称或 IRI"


def test_an_industry_stands_for_its_chain(synthetic_store: EmbeddedStore, minter: Minter) -> None:
    by_chain = match_chain(synthetic_store, minter, ChainQuery(CHAIN, CITY))
    by_industry = match_chain(synthetic_store, minter, ChainQuery("合成产业0", CITY))
    assert by_industry.to_dict() == by_chain.to_dict()
    # a group of industries has several chains: say which
    with pytest.raises(BadRequest, match="several industry chains: .*合成产业链"):
        match_chain(synthetic_store, minter, ChainQuery("合成产业类别0", CITY))
    with pytest.raises(NotFound, match="no region called '不存在的地方'"):
        match_chain(synthetic_store, minter, ChainQuery("合成产业0", "不存在的地方"))


def chains_of(store: EmbeddedStore) -> set[str]:
    rows = store.query(f"SELECT ?c WHERE {{ ?c a <{KG}IndustryChain> }}")
    return {r["c"].value for r in solutions(rows)}


def wait_until(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_every_chain_index_is_built_in_the_background(synthetic: Any) -> None:
    store = synthetic(300)
    indexes = ChainIndexes(store)
    warmer = Refresher(store, indexes.warm, every=0.05).start()
    try:
        wait_until(lambda: warmer.status()["ready"])
        total = len(chains_of(store))
        assert warmer.status() == {"ready": True, "done": total, "total": total}
        assert set(indexes.chains) == chains_of(store)
        # a write: the indexes of the old version go, and are built again
        store.update(
            f"INSERT DATA {{ GRAPH {GRAPH} {{ <{SYN}org/new> a <{KG}Enterprise> ; "
            f"<{KG}operatesIn> <{SYN}segment/i0-upstream> }} }}"
        )
        wait_until(lambda: warmer.status()["ready"] and CHAIN in indexes.chains)
        assert f"{SYN}org/new" in indexes.get(ox.NamedNode(CHAIN)).members
    finally:
        warmer.stop()


def test_a_stop_during_warm_up_ends_an_index_build_between_its_queries(
    synthetic: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = synthetic(300)
    indexes = ChainIndexes(store)
    asked, release, real = threading.Event(), threading.Event(), store.query
    queries: list[str] = []

    def query(sparql: str, *args: Any, **kwargs: Any) -> Any:
        queries.append(sparql)
        if len(queries) == 3:  # the chains, the sentences, then the build's first query
            asked.set()
            release.wait(30)
        return real(sparql, *args, **kwargs)

    monkeypatch.setattr(store, "query", query)
    warmer = Refresher(store, indexes.warm, every=0.05).start()
    assert asked.wait(30)
    warmer.stop(wait=0)  # SIGTERM during warm-up
    release.set()
    warmer._thread.join(30)
    assert not warmer._thread.is_alive()
    assert len(queries) == 3 and not indexes.chains  # given up at its next step, nothing kept


def test_the_server_stops_during_warm_up_without_waiting_for_the_step_in_progress(
    synthetic: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = synthetic(300)
    asked, release, real = threading.Event(), threading.Event(), store.query

    def query(sparql: str, *args: Any, **kwargs: Any) -> Any:
        if "IndustryChain" in sparql and not release.is_set():  # the warmer's first step
            asked.set()
            release.wait(60)  # a step that does not end soon (an index at a million)
        return real(sparql, *args, **kwargs)

    monkeypatch.setattr(store, "query", query)
    monkeypatch.setattr("kg.store.memo.STOP_WAIT", 0.05)
    settings = Settings(store_path=tmp_path, data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    try:
        with TestClient(create_app(settings, store)) as client:
            assert asked.wait(30)
            warmer = client.app.state.warmer  # type: ignore[attr-defined]
        # the lifespan ended (SIGTERM) while the step went on; the step's round is over
        assert warmer._thread.is_alive() and warmer._stop.is_set()
    finally:
        release.set()
    warmer._thread.join(30)
    assert not warmer._thread.is_alive()


def test_a_request_that_loads_an_index_goes_before_the_warmers(
    synthetic_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexes = ChainIndexes(synthetic_store)
    first: list[bool] = []
    real = ChainIndex.build

    def noting(store: EmbeddedStore, chain: ox.NamedNode, *args: Any) -> ChainIndex:
        first.append(indexes.precedence.busy)
        return real(store, chain, *args)

    monkeypatch.setattr(ChainIndex, "build", staticmethod(noting))
    indexes.get(ox.NamedNode(CHAIN))  # a request
    warmer = Refresher(synthetic_store, indexes.warm, every=0.05).start()
    try:
        wait_until(lambda: warmer.status()["ready"])
    finally:
        warmer.stop()
    assert first[0] and not any(first[1:]) and len(first) == len(chains_of(synthetic_store))
    assert not indexes.precedence.busy


def test_a_chain_index_is_built_once_however_many_ask(
    synthetic_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    real = ChainIndex.build

    def counting(store: EmbeddedStore, chain: ox.NamedNode, *args: Any) -> ChainIndex:
        built.append(chain.value)
        time.sleep(0.05)  # long enough for the other threads to ask meanwhile
        return real(store, chain, *args)

    monkeypatch.setattr(ChainIndex, "build", staticmethod(counting))
    indexes = ChainIndexes(synthetic_store)
    with ThreadPoolExecutor(4) as pool:
        found = list(
            pool.map(
                lambda c: indexes.get(ox.NamedNode(c)), [CHAIN, CHAIN, CHAIN, SYN + "chain/i1"]
            )
        )
    assert found[0] is found[1] is found[2]
    assert sorted(built) == [CHAIN, SYN + "chain/i1"]


def test_indexes_are_kept_per_store_revision_across_restarts(
    synthetic: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, kept = tmp_path / "store", tmp_path / "indexes"
    store = synthetic(300, path)
    first = ChainIndexes(store, kept).get(ox.NamedNode(CHAIN))
    revision = store.revision
    assert revision and list((kept / revision).glob("*.idx"))
    store.close()

    def refuse(*_: object) -> ChainIndex:
        raise AssertionError("built again on an unchanged store")

    store = open_store(path, read_only=True)  # a restart: same revision, loaded from disk
    restarted = ChainIndexes(store, kept)
    busy: list[bool] = []
    real_load = restarted._load

    def load(*args: Any) -> ChainIndex | None:
        busy.append(restarted.precedence.busy)
        return real_load(*args)

    with monkeypatch.context() as m:
        m.setattr(ChainIndex, "build", staticmethod(refuse))
        m.setattr(restarted, "_load", load)
        loaded = restarted.get(ox.NamedNode(CHAIN), Round(Refresher(store, print), "v"))
    assert busy == [True]  # even the warmer's reading goes before the pages' warmer
    assert loaded.members.made == 0  # made when asked for, not on loading
    (member, *_), *_ = loaded.signatures.values()
    assert loaded.members[member] is loaded.members[member] and loaded.members.made == 1
    assert loaded.members[member].signature in loaded.signatures
    assert loaded.to_data() == first.to_data()
    store.close()
    store = open_store(path)  # a write: a new revision, the index is built again
    store.update(
        f"INSERT DATA {{ GRAPH {GRAPH} {{ <{SYN}org/new> a <{KG}Enterprise> ; "
        f"<{KG}operatesIn> <{SYN}segment/i0-upstream> }} }}"
    )
    assert store.revision != revision
    again = ChainIndexes(store, kept).get(ox.NamedNode(CHAIN))
    assert f"{SYN}org/new" in again.members
    assert not (kept / revision).exists()  # the old revision's files are gone
    # a damaged file is not trusted: built again
    damaged = next((kept / str(store.revision)).glob("*.idx"))
    damaged.write_bytes(damaged.read_bytes()[:-10])
    assert f"{SYN}org/new" in ChainIndexes(store, kept).get(ox.NamedNode(CHAIN)).members
    store.close()


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
        f"DELETE DATA {{ GRAPH {GRAPH} {{ "
        + " ".join(f"<{iri}> <{KG}operatesIn> <{planted}> ." for iri in local)
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
        r = client.get("/api/chain-match", params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        assert [s["position"] for s in body["gap_analysis"]] == [
            "upstream",
            "midstream",
            "downstream",
        ]
        assert all(s["text"] and s["text_en"] for s in body["gap_analysis"])
        assert set(body["groups"]) == {"strengthen", "fill", "extend", "research", "benchmarks"}
        first = body["groups"]["fill"][0]
        assert {c["component"] for c in first["components"]} >= {"segment_fit", "complementarity"}
        assert first["reasons"][0]["code"].startswith("member.") and first["reasons"][0]["text"]
        weighted = client.get("/api/chain-match", params={**params, "complementarity": 0}).json()
        assert weighted["weights"]["complementarity"] == 0
        table = client.get("/api/chain-match", params={**params, "format": "csv"})
        rows = list(csv.DictReader(io.StringIO(table.text)))
        assert rows and {"group", "score", "segment_fit", "trust", "reasons", "iri"} <= set(rows[0])
        bad = client.get("/api/chain-match", params={**params, "where": "nowhere"})
        assert bad.status_code == 400 and "where" in str(bad.json()["error"]["details"])


def test_the_cli_prints_a_table_json_and_csv(synthetic: Any, tmp_path: Path) -> None:
    path = tmp_path / "store"
    synthetic(300, path).close()
    base = ["--store", str(path), "chain-match", "合成产业链0", "--region", "合成省0"]
    table = CliRunner().invoke(main, [*base, "--lang", "en"], catch_exceptions=False)
    assert table.exit_code == 0 and "Chain segments" in table.output and "补链" in table.output
    data = CliRunner().invoke(main, [*base, "--format", "json", "--top", "2"])
    assert json.loads(data.output)["top"] == 2
    rows = CliRunner().invoke(main, [*base, "--format", "csv", "--where", "outside"])
    assert "strengthen" not in {r["group"] for r in csv.DictReader(io.StringIO(rows.output))}
    assert list((tmp_path / "store-indexes").glob("*/*.idx"))  # kept for the next run


def test_synthetic_data_stays_in_its_own_namespace(synthetic_store: EmbeddedStore) -> None:
    rows = synthetic_store.query(
        f"SELECT ?s WHERE {{ GRAPH {GRAPH} {{ ?s ?p ?o }} "
        f'FILTER(!STRSTARTS(STR(?s), "{SYN}")) }} LIMIT 1'
    )
    assert not list(rows)
    assert ox.NamedNode(SYN + "graph") in set(synthetic_store.named_graphs())


def test_review_status_sets_trust(synthetic: Any, minter: Minter) -> None:
    """A membership only an extracted (unreviewed) assertion backs drops to the trust of one
    unreviewed source (0.4) and is left out with unreviewed=exclude; reviewed, it is back to
    full trust with its sentence as evidence (generated text, generated namespace)."""
    store = synthetic(300)
    before = match_chain(store, minter, ChainQuery(CHAIN, PROVINCE, top=1000))
    target = before.groups["fill"][0]
    member, segment = target.label.iri, target.segments[0]

    def state(status: str) -> None:
        store.update(
            f"PREFIX kg: <{KG}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
            "PREFIX dct: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/> "
            f"DELETE WHERE {{ GRAPH {GRAPH} {{ <{SYN}assertion/1> kg:status ?s }} }} ; "
            f"INSERT DATA {{ GRAPH {GRAPH} {{ <{SYN}assertion/1> rdf:subject <{member}> ; "
            f"rdf:predicate kg:operatesIn ; rdf:object <{segment}> ; kg:status kg:{status} ; "
            f'kg:evidence <{SYN}doc/1/chars/0-6> . <{SYN}doc/1/chars/0-6> kg:text "合成证据句子。" ; '
            f"kg:startOffset 0 ; kg:endOffset 6 ; dct:isPartOf <{SYN}doc/1> . "
            f'<{SYN}doc/1> schema:url "https://example.org/synthetic" ; dct:date "2024-08-23" . }} }}'
        )

    def found(**kw: Any) -> Any:
        result = match_chain(store, minter, ChainQuery(CHAIN, PROVINCE, top=1000, **kw))
        return next((c for cs in result.groups.values() for c in cs if c.label.iri == member), None)

    state("Extracted")
    unreviewed = found()
    assert unreviewed.member.trust.level == "unreviewed" and unreviewed.trust == 0.4
    assert unreviewed.score < target.score
    assert found(unreviewed="exclude") is None
    state("Curated")
    reviewed = found()
    assert reviewed.member.trust.level == "reviewed" and reviewed.trust == 1.0
    membership = next(r for r in reviewed.reasons if r.code.startswith("member."))
    assert [e.sentence for e in membership.evidence] == ["合成证据句子。"]


def test_a_request_for_the_index_the_warmer_is_building_does_not_wait_for_it_forever(
    synthetic_store: EmbeddedStore, minter: Minter
) -> None:
    """The warmer builds a chain's index, asking between its steps whether a request goes
    first (and waiting while one does); a request for that very chain waits for the build:
    it stands aside while it waits, so the build goes on and both end - else each waited
    for the other (the request until its time ran out)."""
    indexes = ChainIndexes(synthetic_store)
    started, stop = threading.Event(), threading.Event()

    class Warming:  # a background round's step check, as Round.stale asks it
        def stale(self) -> bool:
            started.set()
            indexes.precedence.wait(stop)
            return stop.is_set()

    warmer = threading.Thread(
        target=indexes.get, args=(ox.NamedNode(CHAIN), Warming()), daemon=True
    )
    warmer.start()
    assert started.wait(30)  # the build is under way, holding the chain's index
    answered: list[Any] = []
    request = threading.Thread(
        target=lambda: answered.append(
            match_chain(
                synthetic_store, minter, ChainQuery(CHAIN, PROVINCE, top=3), indexes=indexes
            )
        ),
        daemon=True,
    )
    request.start()
    request.join(60)
    stop.set()
    assert not request.is_alive() and len(answered) == 1, (
        "the request and the warmer wait for each other"
    )
    assert answered[0].groups
