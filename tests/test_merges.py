"""One IRI per real thing: resolution across articles, merge candidates, merging and
splitting (library, API, CLI, page), kept across re-ingestion. Texts are real corpus items."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from pydantic import SecretStr
from pyoxigraph import Literal

from kg.api.app import create_app
from kg.cli import main
from kg.config import Settings
from kg.errors import BadRequest
from kg.identity import NameRules
from kg.ingest import Pipeline
from kg.iris import Minter
from kg.loading import load_curated
from kg.merges import Candidate, Side, _order, _why, candidates, decisions, merge, redirect, split
from kg.review import ReviewFilter, decide, list_facts
from kg.store import EmbeddedStore, open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
CORPUS_2 = ROOT / "data" / "corpus" / "xwlb-2023-07_2024-12.jsonl.gz"
# The list of central groups a party inspection round visits: every group under its
# registered name (中国船舶集团有限公司, 中国长江三峡集团有限公司, ...). Party business, so the
# learned verdict rightly skips it (stage two's p 0.42 at kg-ingest/21); the identity tests
# read it for its names, through the hand gate, which keeps it (HAND).
SIGNING = "xwlb-20230327-07"
SHIPS = "xwlb-20230422-05"  # 中国船舶集团, without the legal form
CONTRACT = "xwlb-20230408-08"  # a news flash: 中国船舶集团有限公司's contract with 达飞
THREE_GORGES = "xwlb-20230523-04"  # 三峡集团, the short name of 中国长江三峡集团有限公司
C919 = "xwlb-20220930-02"  # 习近平 meets the C919 team
CANTON_133 = "xwlb-20230415-05"  # 第133届广交会 opens
CANTON_134 = "xwlb-20231104-08"  # 第134届广交会 closes (second file; no gold file names it)
TOKEN = "identity-secret"
HAND = {"learned_relevance": False}  # the hand gate: these tests are about names, not relevance
PREFIXES = (
    "PREFIX kg: <https://w3id.org/kg-industry/def#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "PREFIX schema: <https://schema.org/> "
)


def item(item_id: str) -> dict[str, str]:
    for line in [
        *CORPUS.read_text("utf-8").splitlines(),
        *gzip.decompress(CORPUS_2.read_bytes()).decode("utf-8").splitlines(),
    ]:
        data = json.loads(line)
        if data["id"] == item_id:
            return data  # type: ignore[no-any-return]
    raise AssertionError(item_id)


def write(path: Path, *ids: str) -> Path:
    path.write_text(
        "".join(json.dumps(item(i), ensure_ascii=False) + "\n" for i in ids), encoding="utf-8"
    )
    return path


def rows(store: EmbeddedStore, sparql: str) -> list[dict[str, str]]:
    result = solutions(store.query(PREFIXES + sparql))
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def named(store: EmbeddedStore, name: str) -> set[str]:
    """The IRIs of the entities with ``name`` among their names."""
    found = store.query(
        PREFIXES
        + "SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label|skos:altLabel ?n FILTER(STR(?n) = ?name) }",
        bindings={"name": Literal(name)},
    )
    return {r["e"].value for r in solutions(found)}


@pytest.fixture
def rules(settings: Settings) -> NameRules:
    return NameRules.load(settings.data_dir)


@pytest.fixture
def ingested(settings: Settings, tmp_path: Path) -> tuple[EmbeddedStore, Path]:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    path = write(tmp_path / "soe.jsonl", SIGNING, SHIPS, THREE_GORGES)
    report = Pipeline(store, Minter(settings.base_iri), settings.data_dir, **HAND).run([path])
    assert report.relevant == 3
    return store, path


def mentioned_in(store: EmbeddedStore, iri: str) -> set[str]:
    return {
        r["doc"].rsplit("news-", 1)[-1]
        for r in rows(store, f"SELECT ?doc WHERE {{ ?doc schema:mentions <{iri}> }}")
    }


def test_one_organisation_is_one_iri_across_articles_with_one_label(
    ingested: tuple[EmbeddedStore, Path],
) -> None:
    store, _ = ingested
    ships = named(store, "中国船舶集团") | named(store, "中国船舶集团有限公司")
    assert len(ships) == 1
    iri = ships.pop()
    assert mentioned_in(store, iri) == {SIGNING, SHIPS}
    labels = rows(store, f'SELECT ?l WHERE {{ <{iri}> rdfs:label ?l FILTER(LANG(?l) = "zh") }}')
    assert [r["l"] for r in labels] == ["中国船舶集团有限公司"]  # the fullest name, once
    alt = {r["a"] for r in rows(store, f"SELECT ?a WHERE {{ <{iri}> skos:altLabel ?a }}")}
    assert alt == {"中国船舶集团", "中国船舶集团有限公司"}
    # a group is named once in full and once without its legal form: one IRI, every group
    for full in ("中国航天科技集团有限公司", "中国华能集团有限公司", "国家电网有限公司"):
        assert len(named(store, full)) == 1, full


def test_merge_candidates_say_why(
    ingested: tuple[EmbeddedStore, Path], minter: Minter, rules: NameRules
) -> None:
    store, _ = ingested
    found = candidates(store, minter, rules, kind="enterprise", limit=1000)
    pairs = {frozenset((c.a.label, c.b.label)): c for c in found}
    gorges = pairs[frozenset(("三峡集团", "中国长江三峡集团有限公司"))]
    assert [(r["rule"], r["part"]) for r in gorges.reasons] == [("before", "长江")]
    assert "长江" in gorges.reasons[0]["zh"] and "before it" in gorges.reasons[0]["en"]
    assert all(c.a.iri != c.b.iri for c in found)
    with pytest.raises(BadRequest):
        candidates(store, minter, rules, kind="nonsense")


def test_merge_then_reingest_then_split(
    ingested: tuple[EmbeddedStore, Path], minter: Minter, rules: NameRules, settings: Settings
) -> None:
    store, _ = ingested
    (short,) = named(store, "三峡集团")
    (full,) = named(store, "中国长江三峡集团有限公司")
    # a fact about the short-named entity accepted before the merge
    fact = list_facts(store, minter, ReviewFilter(article=THREE_GORGES, limit=1000))
    about = [f for f in fact if f.subject == short and f.fact_type == "mentions"]
    about = about or [f for f in fact if short in (f.subject, f.object)]
    decide(store, minter, [about[0].assertion], "accept", "张审核")

    out = merge(store, minter, rules, full, short, "张审核", note="三峡集团是简称")
    assert out.decision.relation == "merged" and out.decision.note == "三峡集团是简称"
    assert out.rewritten_graphs >= 2  # the article's graph and the review graph
    assert mentioned_in(store, full) == {SIGNING, THREE_GORGES}
    left = rows(store, f"SELECT ?p WHERE {{ <{short}> ?p ?o }}")
    assert {r["p"] for r in left} == {"http://www.w3.org/2002/07/owl#sameAs"}
    assert redirect(store, minter, short) == full
    alt = rows(store, f"SELECT ?a WHERE {{ <{full}> skos:altLabel ?a }}")
    assert "三峡集团" in {r["a"] for r in alt}
    label = rows(store, f"SELECT DISTINCT ?l WHERE {{ <{full}> rdfs:label ?l }}")
    assert [r["l"] for r in label] == ["中国长江三峡集团有限公司"]
    reviewed = list_facts(store, minter, ReviewFilter(status="curated", limit=100))
    assert [(r.subject, r.object) for r in reviewed] and short not in {
        t for r in reviewed for t in (r.subject, r.object)
    }

    # re-ingestion (a new extractor version, say) keeps the merge and the decided fact
    pipeline = Pipeline(store, minter, settings.data_dir)
    graphs = [minter.graph(f"news-{THREE_GORGES}")]
    again = pipeline.redo(graphs)
    assert again.replaced == 1
    assert mentioned_in(store, full) == {SIGNING, THREE_GORGES}
    assert named(store, "三峡集团") == {full}
    extracted = list_facts(store, minter, ReviewFilter(article=THREE_GORGES, limit=1000))
    assert about[0].assertion not in {f.assertion for f in extracted}
    assert (
        len(
            [
                f
                for f in extracted
                if (f.subject, f.fact_type, f.object)
                == (full, about[0].fact_type, about[0].object if about[0].object != short else full)
            ]
        )
        == 0
    )

    # undone: the article names its own entity again, and re-ingestion keeps them apart
    undone = split(store, minter, rules, settings.data_dir, full, short, "李审核")
    assert undone.decision.relation == "apart" and undone.reresolved_articles >= 1
    assert mentioned_in(store, short) == {THREE_GORGES}
    assert redirect(store, minter, short) is None
    pipeline = Pipeline(store, minter, settings.data_dir)
    pipeline.redo(graphs)
    assert mentioned_in(store, short) == {THREE_GORGES}
    left = candidates(store, minter, rules, kind="enterprise", limit=1000)
    assert frozenset((short, full)) not in {frozenset((c.a.iri, c.b.iri)) for c in left}
    made = decisions(store, minter)
    assert [(d.relation, d.reviewer) for d in made] == [("apart", "李审核")]


def test_a_name_split_off_gets_its_own_iri(
    minter: Minter, rules: NameRules, settings: Settings, tmp_path: Path
) -> None:
    # Two items the shipped verdict keeps (a split resolves its articles again through it):
    # the contract, which names 中国船舶集团有限公司 in full, and SHIPS (中国船舶集团).
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    path = write(tmp_path / "ships.jsonl", CONTRACT, SHIPS)
    assert Pipeline(store, minter, settings.data_dir).run([path]).relevant == 2
    (ships,) = named(store, "中国船舶集团有限公司")
    assert mentioned_in(store, ships) == {CONTRACT, SHIPS}
    out = split(store, minter, rules, settings.data_dir, ships, "中国船舶集团", "张审核")
    assert out.reresolved_articles == 2
    apart = named(store, "中国船舶集团")
    assert len(apart) == 1 and ships not in apart
    assert mentioned_in(store, apart.pop()) == {CONTRACT, SHIPS}
    assert mentioned_in(store, ships) == {CONTRACT}


def test_curated_entities_stay_and_kinds_must_agree(
    ingested: tuple[EmbeddedStore, Path], minter: Minter, rules: NameRules
) -> None:
    store, _ = ingested
    (ships,) = named(store, "中国船舶集团有限公司")
    curated = minter.entity("person/xi-jinping").value
    with pytest.raises(BadRequest, match="different kinds"):
        merge(store, minter, rules, ships, curated, "张审核")
    with pytest.raises(BadRequest, match="same entity"):
        merge(store, minter, rules, ships, ships, "张审核")


@pytest.fixture
def writable(settings: Settings, ingested: tuple[EmbeddedStore, Path]) -> Iterator[TestClient]:
    store, _ = ingested
    s = settings.model_copy(update={"write_token": SecretStr(TOKEN), "warm_chains": False})
    with TestClient(create_app(s, store)) as c:
        yield c


def test_api_and_page_list_candidates_merge_and_redirect(writable: TestClient) -> None:
    listing = writable.get("/api/review/merges", params={"kind": "enterprise"}).json()
    pair = next(
        i
        for i in listing["items"]
        if {i["a"]["label"], i["b"]["label"]} == {"三峡集团", "中国长江三峡集团有限公司"}
    )
    keep, drop = (
        (pair["a"], pair["b"]) if pair["a"]["label"] != "三峡集团" else (pair["b"], pair["a"])
    )
    zh = writable.get("/review/merges", params={"kind": "enterprise", "lang": "zh"})
    assert zh.status_code == 200 and "合并与拆分实体" in zh.text and "前加“长江”" in zh.text
    assert f'data-drop="{drop["iri"]}"' in zh.text
    en = writable.get("/review/merges", params={"lang": "en"})
    assert "Merge and split entities" in en.text and "with 长江 before it" in en.text
    body = {"keep": keep["iri"], "drop": drop["iri"], "reviewer": "张审核"}
    assert writable.post("/api/review/merge", json=body).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    done = writable.post("/api/review/merge", json=body, headers=auth)
    assert done.status_code == 200 and done.json()["decision"]["relation"] == "merged"
    path = drop["iri"][drop["iri"].index("/id/") :]
    moved = writable.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == keep["iri"][keep["iri"].index("/id/") :]
    decided = writable.get("/api/review/merges", params={"decided": "true"}).json()
    assert [i["relation"] for i in decided["items"]] == ["merged"]
    page = writable.get("/review/merges", params={"decided": "true", "lang": "en"})
    assert "Undo the merge" in page.text
    undo = {"entity": keep["iri"], "other": drop["iri"], "reviewer": "张审核"}
    split_done = writable.post("/api/review/split", json=undo, headers=auth)
    assert split_done.status_code == 200
    assert writable.get(path, follow_redirects=False).status_code == 200


def test_an_unknown_kind_is_refused_on_both_lists(writable: TestClient) -> None:
    for decided in ("false", "true"):
        params = {"kind": "planet", "decided": decided}
        api = writable.get("/api/review/merges", params=params)
        assert api.status_code == 400 and "planet" in api.json()["error"]["message"]
        page = writable.get("/review/merges", params={**params, "lang": "en"})
        assert page.status_code == 400 and "planet" in page.text
    assert writable.get("/review/merges", params={"kind": "enterprise"}).status_code == 200


def test_cli_lists_merges_and_splits(tmp_path: Path, settings: Settings) -> None:
    runner = CliRunner()
    base = ["--store", str(tmp_path / "store"), "--data-dir", str(settings.data_dir)]
    assert runner.invoke(main, [*base, "load", "--no-shapes"]).exit_code == 0
    path = write(tmp_path / "soe.jsonl", SIGNING, THREE_GORGES)
    store = open_store(tmp_path / "store")  # ingested through the hand gate (HAND), then closed
    try:
        assert (
            Pipeline(store, Minter(settings.base_iri), settings.data_dir, **HAND)
            .run([path])
            .relevant
            == 2
        )
    finally:
        store.close()
    listed = runner.invoke(
        main, [*base, "review", "merges", "--kind", "enterprise", "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    table = runner.invoke(main, [*base, "review", "merges", "--kind", "enterprise"]).output
    assert re.search(r"\(enterprise, \d+ articles?\)", table) and "1 articles" not in table
    items = json.loads(listed.stdout)
    pair = next(i for i in items if "三峡集团" in (i["a"]["label"], i["b"]["label"]))
    keep, drop = (
        (pair["a"], pair["b"]) if pair["a"]["label"] != "三峡集团" else (pair["b"], pair["a"])
    )
    merged = runner.invoke(
        main, [*base, "review", "merge", keep["iri"], drop["iri"], "--reviewer", "张审核"]
    )
    assert merged.exit_code == 0 and "merged" in merged.output
    made = runner.invoke(main, [*base, "review", "merges", "--decided"])
    assert made.exit_code == 0 and f"merged: 三峡集团 <{drop['iri']}>" in made.output
    back = runner.invoke(
        main, [*base, "review", "split", keep["iri"], drop["iri"], "--reviewer", "张审核"]
    )
    assert back.exit_code == 0 and "apart" in back.output
    bad = runner.invoke(
        main, [*base, "review", "merge", keep["iri"], keep["iri"], "--reviewer", "x"]
    )
    assert bad.exit_code != 0 and "error:" in bad.output


def test_people_link_to_the_curated_person_and_kinds_are_not_names(
    settings: Settings, tmp_path: Path, minter: Minter
) -> None:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    path = write(tmp_path / "one.jsonl", C919)
    # About people, not relevance: the item is a borderline one for the learned verdict
    # (stage two's p 0.46 at kg-ingest/14), so the hand gate, which keeps it, lets it in.
    hand = Pipeline(store, minter, settings.data_dir, learned_relevance=False)
    assert hand.run([path]).relevant == 1
    xi = minter.entity("person/xi-jinping").value
    assert mentioned_in(store, xi) == {C919}
    assert named(store, "习近平") == {xi}


def test_each_session_of_a_recurring_event_is_an_event_of_its_own(
    settings: Settings, tmp_path: Path, minter: Minter
) -> None:
    """第133届广交会 and 第134届广交会 are two events, neither of them the series the gazetteer
    knows (广交会 = 中国进出口商品交易会); 这是规模最大的一届广交会 names no event."""
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    path = write(tmp_path / "canton.jsonl", CANTON_133, CANTON_134)
    assert Pipeline(store, minter, settings.data_dir).run([path]).relevant == 2
    (s133,) = named(store, "第133届广交会")
    (s134,) = named(store, "第134届广交会")
    assert s133 != s134
    assert named(store, "第133届中国进出口商品交易会") == {s133}
    assert not {s133, s134} & (named(store, "广交会") | named(store, "中国进出口商品交易会"))
    assert mentioned_in(store, s133) == {CANTON_133}
    assert mentioned_in(store, s134) == {CANTON_134}
    assert not named(store, "一届广交会")


def canton_fair(
    settings: Settings, tmp_path: Path, minter: Minter
) -> tuple[EmbeddedStore, str, str]:
    """The curated data and a real Canton Fair article: the store, the series' IRI and the
    133rd session's."""
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    path = write(tmp_path / "canton.jsonl", CANTON_133)
    assert Pipeline(store, minter, settings.data_dir).run([path]).relevant == 1
    (series,) = named(store, "中国进出口商品交易会")
    (session,) = named(store, "第133届中国进出口商品交易会")
    return store, series, session


def test_a_series_merged_with_its_session_keeps_the_series_name(
    settings: Settings, tmp_path: Path, minter: Minter
) -> None:
    """The merge candidates put a series beside each of its sessions (中国进出口商品交易会 /
    第133届中国进出口商品交易会); a reviewer who merges the session into the series keeps the
    series' name as its label, not the session's (the longest of the names it now has)."""
    store, series, session = canton_fair(settings, tmp_path, minter)
    assert series != session

    def labels(iri: str) -> set[str]:
        found = rows(store, f"SELECT ?label WHERE {{ <{iri}> rdfs:label ?label }}")
        return {r["label"] for r in found}

    assert labels(series) == {"中国进出口商品交易会"}
    merge(store, minter, NameRules.load(settings.data_dir), series, session, "张审核")
    assert labels(series) == {"中国进出口商品交易会"}
    assert named(store, "第133届中国进出口商品交易会") == {series}  # one of its names now


def test_a_short_name_after_a_known_short_name_is_the_registered_company(
    settings: Settings, tmp_path: Path, minter: Minter
) -> None:
    """国铁集团 (the gazetteer's short name of 中国国家铁路集团有限公司) and 国铁 after it are the
    registered company - one IRI - and 国铁 is not read out of 全国铁路."""
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    path = write(tmp_path / "rail.jsonl", "xwlb-20230409-06", "xwlb-20230509-05")
    assert Pipeline(store, minter, settings.data_dir).run([path]).relevant == 2
    (rail,) = named(store, "中国国家铁路集团有限公司")
    assert named(store, "国铁集团") == {rail}
    assert not named(store, "国铁")


def test_a_body_and_its_part_are_the_last_candidates_with_the_reason_shown(
    rules: NameRules,
) -> None:
    """Names from the whole-corpus ingest's merge queue (kg-ingest/19): a body and its
    organ (国务院 / 国务院新闻办公室, 中共中央 / 中共中央政治局) and two channels of one
    broadcaster (央视频 / 央视新闻频道) are flagged and ranked after the other candidates;
    real variants (三峡集团 / 中国长江三峡集团, 国家电投 / 国家电力投资集团) are not."""
    organs = rules.organ_words

    def why(a: str, b: str, kind: str = "government") -> list[dict[str, str]]:
        return _why({rules.key(a, kind): {a}}, {rules.key(b, kind): {b}}, organs)

    (office,) = why("国务院", "国务院新闻办公室")
    assert (office["rule"], office["part"], office["unit"]) == ("after", "新闻办公室", "办公室")
    assert "办公室" in office["zh"] and "likely a part of it" in office["en"]
    (bureau,) = why("中共中央", "中共中央政治局")
    assert bureau["unit"] == "政治局"
    (channel,) = why("央视频", "央视新闻频道", "media")
    assert (channel["rule"], channel["unit"]) == ("abbreviation", "频道")
    (gorges,) = why("三峡集团", "中国长江三峡集团", "enterprise")
    assert (gorges["rule"], gorges["unit"]) == ("before", "")
    (spic,) = why("国家电投", "国家电力投资集团", "enterprise")
    assert (spic["rule"], spic["unit"]) == ("abbreviation", "")
    assert why("中国船舶集团", "中国船舶集团有限公司", "enterprise") == []  # one key

    def side(name: str, mentions: int) -> Side:
        return Side(f"urn:x:{name}", name, "government", [name], mentions)

    # the article counts of the whole-corpus store
    part = Candidate(side("国务院", 201), side("国务院新闻办公室", 183), [office])
    variant = Candidate(side("三峡集团", 3), side("中国长江三峡集团", 2), [gorges])
    assert part.part_of and not variant.part_of and part.to_dict()["part_of"] is True
    assert sorted([part, variant], key=_order) == [variant, part]


def test_a_series_and_its_session_are_the_last_candidates_with_the_reason_shown(
    settings: Settings, tmp_path: Path, minter: Minter, rules: NameRules
) -> None:
    """中国进出口商品交易会 / 第136届中国进出口商品交易会 led the whole-corpus merge queue:
    kg.identity keeps a session apart from its series, so the pair is flagged (``session``)
    and ranked after the others; a name with a place before it is not a session."""

    def why(a: str, b: str, kind: str = "event") -> list[dict[str, str]]:
        return _why({rules.key(a, kind): {a}}, {rules.key(b, kind): {b}}, rules.organ_words)

    (canton,) = why("中国进出口商品交易会", "第136届中国进出口商品交易会")
    assert (canton["rule"], canton["session"], canton["unit"]) == ("before", "第136届", "")
    assert "届次" in canton["zh"] and "one session of a recurring event" in canton["en"]
    (expo,) = why("中国国际进口博览会", "2023年第六届中国国际进口博览会")
    assert expo["session"] == "2023年第六届"  # as the name has it (its key has no year)
    (census,) = why("全国人口普查", "第七次全国人口普查")
    assert census["session"] == "第七次"
    (gorges,) = why("三峡集团", "中国长江三峡集团", "enterprise")
    assert gorges["session"] == ""

    # the series and a session from a real article, among the event candidates
    store, series, session = canton_fair(settings, tmp_path, minter)
    found = candidates(store, minter, rules, kind="event", limit=1000)
    (pair,) = [c for c in found if {c.a.iri, c.b.iri} == {series, session}]
    assert pair.session_of and pair.to_dict()["session_of"] is True
    assert {r["session"] for r in pair.reasons} == {"第133届"}  # 广交会 and its full name
    assert found.index(pair) >= len([c for c in found if not c.session_of and not c.part_of])

    # ranked after a variant mentioned no more often (the fewest mentions there are)
    once = [Side(f"urn:x:{n}", n, "enterprise", [n], 1) for n in ("三峡集团", "中国长江三峡集团")]
    variant = Candidate(*once, [gorges])
    assert sorted([pair, variant], key=_order) == [variant, pair]


def test_a_reason_quotes_the_names_that_show_it(
    settings: Settings, tmp_path: Path, minter: Minter, rules: NameRules
) -> None:
    """The group, 黑龙江北大荒集团 (2023-10-08) and 北大荒集团 (2024-07-10), and two of its farms, 北大荒军川农场 (2024-07-23) and 北大荒集团红光农场 (2024-08-12): a reason quotes
    the name that really is the farm's name's beginning (北大荒集团, not the label 黑龙江北大荒集团)
    and the words after it; where no name is, the identity key they share (北大荒), saying
    whose key it is."""
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    ids = ("xwlb-20231008-04", "xwlb-20240710-01", "xwlb-20240723-07", "xwlb-20240812-06")
    Pipeline(store, minter, settings.data_dir).run([write(tmp_path / "farms.jsonl", *ids)])
    (group,) = named(store, "北大荒集团")
    found = candidates(store, minter, rules, kind="enterprise", limit=1000)
    reasons = {
        name: c.reasons
        for c in found
        if group in (c.a.iri, c.b.iri)
        for name in (*c.a.names, *c.b.names)
    }
    (red,) = reasons["北大荒集团红光农场"]
    assert (red["rule"], red["short"], red["full"], red["part"]) == (
        "after",
        "北大荒集团",
        "北大荒集团红光农场",
        "红光农场",
    )
    assert red["zh"] == "北大荒集团红光农场 即 北大荒集团 后加“红光农场”"
    assert red["short_name"] == red["full_name"] == ""
    (jun,) = reasons["北大荒军川农场"]
    assert (jun["short"], jun["full"], jun["part"]) == ("北大荒", "北大荒军川农场", "军川农场")
    assert (jun["short_name"], jun["full_name"]) == ("北大荒集团", "")
    assert jun["zh"].startswith(
        "北大荒军川农场 即 北大荒 后加“军川农场”（北大荒 为 北大荒集团 的识别名"
    )
    assert "北大荒: the identity key of 北大荒集团" in jun["en"]
    # the group with its province in front is another IRI, for review (a name cannot tell
    # a province's own group from a regional company of a national one)
    (province,) = reasons["黑龙江北大荒集团"]
    assert province["zh"] == "黑龙江北大荒集团 即 北大荒集团 前加“黑龙江”"
    farms = (*reasons["北大荒集团红光农场"], *reasons["北大荒军川农场"])
    assert all("黑龙江北大荒集团" not in r["zh"] for r in farms)
