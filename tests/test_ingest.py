"""News ingestion on small real texts: reading and bad input, relevance, extraction from the
seed article, entity resolution, evidence, idempotence."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode

from conftest import linked_data
from kg.cli import main
from kg.config import Settings
from kg.identity import NameRules
from kg.ingest import Pipeline
from kg.ingest.extract.lexicon import load as load_lexicon
from kg.ingest.extract.model import Mention
from kg.ingest.gazetteer import Entry, Gazetteer
from kg.ingest.pipeline import _Graph
from kg.ingest.read import Article, Problem, read_paths
from kg.ingest.text import sentences, simplified
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import EmbeddedStore, open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
SEED = ROOT / "data" / "sources" / "hljrb-2024-08-23-industrial-transfer.txt"
KG = "https://w3id.org/kg-industry/def#"


def corpus_items(*ids: str) -> list[str]:
    wanted = set(ids)
    lines = [
        line for line in CORPUS.read_text("utf-8").splitlines() if json.loads(line)["id"] in wanted
    ]
    assert len(lines) == len(wanted)
    return lines


@pytest.fixture
def fresh_real(settings: Settings) -> EmbeddedStore:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    return store


def run(store: EmbeddedStore, settings: Settings, *paths: Path):
    return Pipeline(store, Minter(settings.base_iri), settings.data_dir).run(list(paths))


# --- reading ----------------------------------------------------------------------------


def test_bad_items_get_a_message_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = corpus_items("xwlb-20221107-07")[0]
    lines = [
        good,
        "{not json",
        json.dumps({"id": "no-text", "date": "2022-11-07", "text": ""}),
        json.dumps({"id": "bad-date", "date": "07/11/2022", "text": "签约"}),
        good,  # duplicate id
        json.dumps({"id": "no-date", "text": "今天签约。"}),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "latin1.txt").write_bytes("café \xff".encode("latin-1") + b"\xff\xfe\x00")
    items = list(read_paths([tmp_path]))
    problems = {str(p) for p in items if isinstance(p, Problem)}
    articles = [a for a in items if isinstance(a, Article)]
    assert [a.id for a in articles] == ["xwlb-20221107-07", "no-date"]
    assert articles[1].date is None
    expected = [
        f"{batch}:2: not JSON",
        f"{batch}:3: item no-text: no text",
        f"{batch}:4: item bad-date: bad date '07/11/2022'",
        f"{batch}:5: duplicate id 'xwlb-20221107-07' (first at {batch}:1)",
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'binary.txt'}: binary file",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)


def test_a_broken_jsonl_line_says_where_once(tmp_path: Path) -> None:
    """json's message ends in "at" when the column follows it (Unterminated string
    starting at): the column is written after a colon, as json itself writes it."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "broken", "text": "签约\n', encoding="utf-8")
    (problem,) = [str(p) for p in read_paths([batch]) if isinstance(p, Problem)]
    assert problem == f"{batch}:1: not JSON: Unterminated string starting at: column 26"


def test_gbk_html_markdown_and_traditional_text(tmp_path: Path) -> None:
    sentence = "国药集团黑龙江中药产业园项目开工奠基。"
    (tmp_path / "gbk.txt").write_bytes(("标题\n" + sentence).encode("gbk"))
    (tmp_path / "page.html").write_text(
        f"<html><head><title>新闻</title><script>x()</script><body><p>{sentence}<div>未闭合",
        encoding="utf-8",
    )
    (tmp_path / "note.md").write_text(f"# 标题\n\n{sentence}\n", encoding="utf-8")
    articles = [a for a in read_paths([tmp_path]) if isinstance(a, Article)]
    assert len(articles) == 3
    assert all(sentence in a.text for a in articles)
    html = next(a for a in articles if a.id == "page")
    assert html.title == "新闻" and "x()" not in html.text and "未闭合" in html.text
    traditional = "國藥集團黑龍江中藥產業園項目開工奠基。"
    assert simplified(traditional) == sentence  # same length: offsets hold
    assert [s.text for s in sentences("第一句。第二句！\n第三句")] == [
        "第一句。",
        "第二句！",
        "第三句",
    ]


def test_compressed_files_are_read_like_plain_ones(tmp_path: Path) -> None:
    lines = corpus_items("xwlb-20221107-07", "xwlb-20221009-08")
    (tmp_path / "items.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress("标题\n项目开工。".encode()))
    (tmp_path / "broken.jsonl.gz").write_bytes(gzip.compress(lines[0].encode())[:-9])
    (tmp_path / "README.md.gz").write_bytes(gzip.compress(b"# not news"))
    items = list(read_paths([tmp_path]))
    articles = [a.id for a in items if isinstance(a, Article)]
    assert sorted(articles) == ["note", "xwlb-20221009-08", "xwlb-20221107-07"]
    problems = [str(p) for p in items if isinstance(p, Problem)]
    assert problems == [
        f"{tmp_path / 'broken.jsonl.gz'}:1: truncated gzip file: its data ends inside this "
        "line, before the end of the file; no item was read; what followed is lost (ingest "
        "the whole file again: the items read are then skipped as unchanged)"
    ]
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b" + b"not deflate data")
    (problem,) = [str(p) for p in read_paths([tmp_path / "broken.jsonl.gz"])]
    assert problem.startswith(f"{tmp_path / 'broken.jsonl.gz'}: not a readable gzip file: ")
    unknown = list(read_paths([tmp_path / "note.tar.gz"]))
    assert "unknown file type '.gz'" in str(unknown[0])


# --- bad input: where and what, and the exit status ----------------------------------------


def kg_process(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`kg` run as a user runs it: its own process, its exit status."""
    kg = Path(sys.executable).parent / "kg"
    base = ["--store", str(store), "--data-dir", str(ROOT / "data"), "--ontology-dir", str(ROOT / "ontology")]
    return subprocess.run(
        [str(kg), *base, *args], capture_output=True, text=True, timeout=600, check=False
    )


def test_a_truncated_jsonl_gz_keeps_its_complete_lines_and_names_the_last_good_one(
    tmp_path: Path,
) -> None:
    lines = corpus_items("xwlb-20221107-07", "xwlb-20221009-08", "xwlb-20230125-06")
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) * 9 // 10])  # as an interrupted download leaves it
    readable = zlib.decompressobj(wbits=31).decompress(cut.read_bytes())
    assert readable.count(b"\n") == 2  # the cut falls inside the third line
    ids = [json.loads(line)["id"] for line in lines]
    items = list(read_paths([cut]))
    assert [a.id for a in items if isinstance(a, Article)] == ids[:2]
    (problem,) = [str(p) for p in items if isinstance(p, Problem)]
    assert problem.startswith(
        f"{cut}:3: truncated gzip file: its data ends inside this line, before the end of the "
        f"file; the last good line is 2 (item {ids[1]})"
    ), problem
    # cut between two lines, or before the first one
    ended = tmp_path / "ended.jsonl.gz"
    ended.write_bytes(data[:-8])  # the trailer (CRC, size) missing
    problem = [str(p) for p in read_paths([ended]) if isinstance(p, Problem)]
    assert problem[0].startswith(f"{ended}:3: truncated gzip file: its data ends after this line")
    early = tmp_path / "early.jsonl.gz"
    early.write_bytes(data[:40])
    (problem,) = [str(p) for p in read_paths([early])]
    assert problem.startswith(f"{early}:1: truncated gzip file: its data ends inside this line")
    assert "no item was read" in problem
    # an article file cut short is an incomplete article: not read
    text = tmp_path / "note.txt.gz"
    text.write_bytes(gzip.compress(json.loads(lines[0])["text"].encode())[:-100])
    (problem,) = [str(p) for p in read_paths([text])]
    assert problem.startswith(f"{text}: truncated gzip file") and "not read" in problem


def test_a_plain_jsonl_cut_inside_a_character_reads_up_to_its_last_good_line(
    tmp_path: Path,
) -> None:
    lines = corpus_items("xwlb-20221107-07", "xwlb-20221009-08")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    cut = tmp_path / "cut.jsonl"
    end = len(lines[0].encode("utf-8")) + 1 + 200
    while data[end] & 0xC0 == 0x80:  # cut inside a character, as a copy cut short may
        end -= 1
    cut.write_bytes(data[: end + 1])
    items = list(read_paths([cut]))
    first = json.loads(lines[0])["id"]
    assert [a.id for a in items if isinstance(a, Article)] == [first]
    (problem,) = [str(p) for p in items if isinstance(p, Problem)]
    assert problem.startswith(f"{cut}:2: not JSON: Unterminated string")
    assert problem.endswith(
        f"the file ends inside this line (truncated?); the last good line is 1 (item {first})"
    )


def test_a_line_without_its_required_fields_says_which(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"title": "无编号", "text": "签约"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "no-text", "title": "无正文"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    assert [str(p) for p in read_paths([batch])] == [
        f'{batch}:1: no "id": every line needs "id" (letters, digits, . _ -) and "text"',
        f'{batch}:2: item no-text: no "text": every line needs "id" (letters, digits, . _ -) '
        'and "text"',
    ]


def test_kg_ingest_exits_1_naming_each_item_that_failed(tmp_path: Path) -> None:
    """A script running `kg ingest` can tell: exit status 1, the count and every failure
    (file:line: what) on stderr in kg's error shape, and the good items ingested."""
    store = tmp_path / "store"
    assert kg_process(store, "load", "--no-shapes").returncode == 0
    good = corpus_items("xwlb-20221107-07", "xwlb-20221009-08")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join([good[0], '{"id": "broken", "text": "签约', good[1], '{"id": "x"}']) + "\n",
        encoding="utf-8",
    )
    result = kg_process(store, "ingest", str(batch))
    assert result.returncode == 1, result.stderr
    assert "read 2 articles" in result.stdout and "2 failed" in result.stdout
    assert "error: 2 items of 4 could not be read and were not ingested" in result.stderr
    assert f"  {batch}:2: not JSON: Unterminated string" in result.stderr
    assert f'  {batch}:4: item x: no "text"' in result.stderr
    # the two good items were ingested: a second run finds them unchanged (and fails again)
    again = kg_process(store, "ingest", str(batch), "--format", "json")
    assert again.returncode == 1
    summary = json.loads(again.stdout)
    assert (summary["read"], summary["unchanged"], len(summary["failures"])) == (2, 2, 2)
    # --strict: nothing written
    other = tmp_path / "other.jsonl"
    other.write_text(corpus_items("xwlb-20230509-10")[0] + "\n{not json\n", encoding="utf-8")
    strict = kg_process(store, "ingest", str(other), "--strict")
    assert strict.returncode == 1 and strict.stdout == ""
    assert "error: 1 item of 2 could not be read; nothing was written (--strict)" in strict.stderr
    assert f"  {other}:2: not JSON" in strict.stderr
    after = kg_process(store, "ingest", str(other), "--format", "json")
    assert json.loads(after.stdout)["unchanged"] == 0  # the good item had not been written
    # all good: exit 0
    clean = tmp_path / "clean.jsonl"
    clean.write_text(good[0] + "\n", encoding="utf-8")
    ok = kg_process(store, "ingest", str(clean))
    assert ok.returncode == 0 and ok.stderr.count("error") == 0, ok.stderr


def test_kg_ingest_into_a_store_kg_load_never_loaded_says_what_is_missing(
    tmp_path: Path,
) -> None:
    """A new KG_STORE_PATH takes the news, but without the ontology no city is a region
    (`kg export --region 沈阳市`: no region called ...): the ingest and `kg serve` say so
    (review20), and once `kg load` has run the warning is gone."""
    store = tmp_path / "store"
    batch = tmp_path / "batch.jsonl"
    batch.write_text(corpus_items("xwlb-20221107-07")[0] + "\n", encoding="utf-8")
    first = kg_process(store, "ingest", str(batch))
    assert first.returncode == 0, first.stderr
    assert "read 1 articles" in first.stdout and "1 with industry facts" in first.stdout
    assert "warning: this store holds no ontology: run `kg load`" in first.stderr
    assert kg_process(store, "load", "--no-shapes").returncode == 0
    batch.write_text(corpus_items("xwlb-20230509-10")[0] + "\n", encoding="utf-8")
    second = kg_process(store, "ingest", str(batch))
    assert second.returncode == 0 and "1 with industry facts" in second.stdout, second.stdout
    assert "warning" not in second.stderr


# --- relevance verdicts kept ---------------------------------------------------------------


def test_an_irrelevant_article_is_judged_once_per_text_and_judge(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    """Judged irrelevant, an article leaves its verdict (digest and judge) in the relevance
    graph: the same text with the same judge is skipped as unchanged; a changed text, another
    judge, or a text now relevant is judged again."""
    minter = Minter(settings.base_iri)
    off_topic = corpus_items("xwlb-20221009-08", "xwlb-20221023-10")
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(off_topic) + "\n", encoding="utf-8")
    first = run(fresh_real, settings, path)
    assert (first.skipped_irrelevant, first.unchanged) == (2, 0)
    verdicts = fresh_real.get_graph(minter.graph("relevance"))
    judged = {t.subject.value for t in verdicts if t.predicate.value == KG + "sha256"}
    assert judged == {minter.graph(f"news-{json.loads(i)['id']}").value for i in off_topic}
    # said of the graph each would have had, not of the article: it has no page
    article = minter.source(f"news-{json.loads(off_topic[0])['id']}")
    assert not list(fresh_real.quads_for_pattern(article))
    second = run(fresh_real, settings, path)
    assert (second.skipped_irrelevant, second.unchanged, second.unchanged_irrelevant) == (0, 2, 2)
    assert "relevance" not in second.seconds  # nothing judged
    # another judge: the hand gate
    hand = Pipeline(fresh_real, minter, settings.data_dir, learned_relevance=False).run([path])
    assert (hand.skipped_irrelevant, hand.unchanged) == (2, 0)
    back = run(fresh_real, settings, path)  # and the learned verdict again after it
    assert (back.skipped_irrelevant, back.unchanged) == (2, 0)
    # a changed text (its title given) is judged again
    item = json.loads(off_topic[0])
    item["title"] = item["title"] + "（更正）"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n" + off_topic[1] + "\n", "utf-8")
    changed = run(fresh_real, settings, path)
    assert (changed.skipped_irrelevant, changed.unchanged) == (1, 1)
    # the same id now with an industry article's text: a graph, and no verdict left
    works = json.loads(corpus_items("xwlb-20230509-10")[0])
    works["id"] = item["id"]
    path.write_text(json.dumps(works, ensure_ascii=False) + "\n", "utf-8")
    assert run(fresh_real, settings, path).relevant == 1
    news = minter.graph(f"news-{item['id']}")
    assert fresh_real.get_graph(news)
    assert not [t for t in fresh_real.get_graph(minter.graph("relevance")) if t.subject == news]


# --- relevance and extraction -----------------------------------------------------------


def test_sport_and_weather_yield_no_facts(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "off-topic.jsonl"
    path.write_text(
        "\n".join(corpus_items("xwlb-20221009-08", "xwlb-20221023-10", "xwlb-20230125-06")) + "\n",
        encoding="utf-8",
    )
    verdicts = Minter(settings.base_iri).graph("relevance")
    before = set(fresh_real.quads())
    report = run(fresh_real, settings, path)
    assert (report.read, report.relevant, report.skipped_irrelevant) == (3, 0, 3)
    assert {q for q in fresh_real.quads() if q.graph_name != verdicts} == before
    # each skipped item named with the verdict that skipped it (the report and the API say it)
    skipped = report.to_dict()["skipped"]
    assert [s["id"] for s in skipped] == ["xwlb-20221009-08", "xwlb-20221023-10", "xwlb-20230125-06"]
    assert all(s["title"] and s["reason"].startswith("learned stage ") for s in skipped)
    assert all("industry news" in s["why"] and "产业新闻" in s["why_zh"] for s in skipped)


@pytest.fixture
def seed_ingested(fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path) -> EmbeddedStore:
    item = {
        "id": "seed",
        "date": "2024-08-23",
        "title": "产业转移促振兴",
        "url": None,
        "text": SEED.read_text("utf-8"),
    }
    path = tmp_path / "seed.jsonl"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    report = run(fresh_real, settings, path)
    assert report.relevant == 1
    return fresh_real


def rows(store: EmbeddedStore, sparql: str) -> list[dict[str, str]]:
    prefixes = (
        f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    )
    result = store.query(prefixes + sparql)
    return [
        {v.value: row[v].value for v in result.variables if row[v] is not None}
        for row in solutions(result)
    ]


def test_a_project_milestone_with_its_date_and_verbatim_sentence(
    seed_ingested: EmbeddedStore,
) -> None:
    text = SEED.read_text("utf-8")
    found = rows(
        seed_ingested,
        """SELECT ?label ?type ?date ?sentence ?start ?end ?status ?confidence WHERE {
          ?project kg:milestone ?m ; rdfs:label ?label . ?m kg:milestoneType ?type ; kg:date ?date .
          ?a rdf:subject ?m ; rdf:predicate kg:milestoneType ; kg:status ?status ; kg:confidence ?confidence ;
             kg:evidence ?e . ?e kg:text ?sentence ; kg:startOffset ?start ; kg:endOffset ?end .
          FILTER(CONTAINS(?label, "中药产业园")) }""",
    )
    assert found, "the groundbreaking of the TCM park project was not extracted"
    f = found[0]
    assert f["type"] == KG + "Groundbreaking" and f["date"] == "2024-04-01"  # 今年4月
    assert f["status"] == KG + "Extracted" and 0 < float(f["confidence"]) <= 1
    assert text[int(f["start"]) : int(f["end"])] == f["sentence"]
    assert "国药集团黑龙江中药产业园项目开工奠基" in f["sentence"]


def test_mentions_link_to_known_entities_and_never_merge_lookalikes(
    seed_ingested: EmbeddedStore, settings: Settings
) -> None:
    gazetteer = Gazetteer.build(seed_ingested, settings.data_dir)
    short = gazetteer.entries["工信部"][0]
    full = [e for e in gazetteer.entries["工业和信息化部"] if e.iri][0]
    assert short.iri == full.iri  # 工信部 -> 工业和信息化部
    issued = rows(
        seed_ingested,
        """SELECT ?issuer WHERE { ?p kg:issuedBy ?issuer ; rdfs:label "关于促进制造业有序转移的指导意见"@zh }""",
    )
    assert {r["issuer"] for r in issued} == {full.iri}
    from kg.ingest.extract import Extractor

    x = Extractor(gazetteer, load_lexicon(settings.data_dir / "lexicon"))
    s = "哈尔滨工业大学与哈尔滨工程大学签约共建实验室。"
    facts = x.sentence(s, s, 0, len(s), dt.date(2024, 1, 1))
    names = [m.norm for m in facts.mentions if m.kind == "university"]
    assert names == ["哈尔滨工业大学", "哈尔滨工程大学"]
    coop = [r for r in facts.relations if r.predicate == "cooperatesWith"]
    assert len(coop) == 1 and coop[0].subject.norm != coop[0].object.norm  # type: ignore[union-attr]
    # two things, so two IRIs (the IRI is minted from the name's identity key)
    rules = NameRules()
    assert rules.iri_key(names[0], "university") != rules.iri_key(names[1], "university")


def test_a_province_known_by_its_short_name_is_not_a_district_of_that_name(
    settings: Settings, fresh_real: EmbeddedStore
) -> None:
    """河北 is Hebei province, not 河北区 of Tianjin; 海南 is Hainan, not 海南区 of Wuhai
    (河北 is also the curated place of the sentence that puts it in 京津冀)."""
    gazetteer = Gazetteer.build(fresh_real, settings.data_dir)
    for short, province in (("河北", "河北省"), ("海南", "海南省")):
        regions = [e for e in gazetteer.entries[short] if e.kind == "region"]
        assert {e.code for e in regions} == {gazetteer.code(province).code}  # type: ignore[union-attr]
        assert all(e.level == "province" for e in regions)
        assert [e.canonical for e in gazetteer.entries[short + "区"]] == [short + "区"]


def test_a_short_form_is_not_read_out_of_a_longer_word(
    settings: Settings, fresh_real: EmbeddedStore
) -> None:
    """北大 stands for 北京大学 on its own, not inside 北大荒."""
    from kg.ingest.extract import Extractor

    x = Extractor(Gazetteer.build(fresh_real, settings.data_dir), load_lexicon(settings.data_dir / "lexicon"))
    s = "北大荒集团与北大签署合作协议。"
    mentions = x.sentence(s, s, 0, len(s), None).mentions
    peking = [m for m in mentions if m.entry is not None and m.entry.canonical == "北京大学"]
    assert [(m.start, m.norm) for m in peking] == [(s.index("与北大") + 1, "北大")]


def test_money_is_normalised_to_yuan_with_its_qualifier(
    settings: Settings, fresh_real: EmbeddedStore
) -> None:
    from kg.ingest.extract import Extractor

    lexicon = load_lexicon(settings.data_dir / "lexicon")
    x = Extractor(Gazetteer.build(fresh_real, settings.data_dir), lexicon)
    s = "38个项目总投资达4523亿元，其中一个项目投资50多亿元，另一项目超过2500亿元。"
    money = x.sentence(s, s, 0, len(s), None).money
    assert [(f"{m.yuan:f}", m.qualifier) for m in money] == [
        ("452300000000", None),
        ("5000000000", "MoreThan"),
        ("250000000000", "MoreThan"),
    ]


# --- idempotence and the CLI ------------------------------------------------------------


def test_the_same_article_twice_adds_nothing_and_a_changed_one_replaces(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    """A news flash block, then a corrected version of it (its first lines only)."""
    item = json.loads(corpus_items("xwlb-20230201-07")[0])
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    curated = {q for q in fresh_real.quads() if "/graph/news-" not in q.graph_name.value}
    first = run(fresh_real, settings, path)
    assert first.relevant == 1
    snapshot = set(fresh_real.quads())
    again = run(fresh_real, settings, path)
    assert (again.unchanged, again.relevant) == (1, 0) and set(fresh_real.quads()) == snapshot
    cut = item["text"].index("天津今年首批重大项目签约")
    item["text"] = item["text"][:cut]  # the Tianjin signing is no longer in the article
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    changed = run(fresh_real, settings, path)
    assert changed.replaced == 1
    news = "FILTER(CONTAINS(STR(?g), '/graph/news-'))"
    left = rows(
        fresh_real, f"SELECT ?t WHERE {{ GRAPH ?g {{ ?e a kg:Sentence ; kg:text ?t }} {news} }}"
    )
    assert not any("天津" in r["t"] for r in left)
    # the same as ingesting the corrected article into a store that never saw the first
    other = open_store(None)
    load_curated(other, settings, check_shapes=False)
    run(other, settings, path)
    graph = Minter(settings.base_iri).graph("news-xwlb-20230201-07")
    assert set(fresh_real.get_graph(graph)) == set(other.get_graph(graph))
    assert curated <= set(fresh_real.quads())  # curated graphs untouched


def test_the_cli_prints_a_summary(tmp_path: Path) -> None:
    store = tmp_path / "store"
    base = [
        "--store",
        str(store),
        "--data-dir",
        str(ROOT / "data"),
        "--ontology-dir",
        str(ROOT / "ontology"),
    ]
    assert CliRunner().invoke(main, [*base, "load", "--no-shapes"]).exit_code == 0
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(corpus_items("xwlb-20221107-07", "xwlb-20221009-08")) + "\n", "utf-8")
    result = CliRunner().invoke(main, [*base, "ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "read 2 articles" in result.output and "skipped as irrelevant" in result.output
    assert "time per stage" in result.output
    # which item was skipped, and why
    assert re.search(r"skipped as irrelevant: xwlb-20221009-08 .+ \(learned stage \d: p ", result.output)
    data = CliRunner().invoke(main, [*base, "ingest", str(path), "--format", "json"])
    summary = json.loads(data.stdout)
    assert summary["read"] == 2 and summary["unchanged"] + summary["skipped_irrelevant"] == 2


def test_sparql_finds_the_extracted_projects_with_their_sentences(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    """Major works across China (xwlb-20230509-10): the example query of the README."""
    from kg import queries

    path = tmp_path / "works.jsonl"
    path.write_text(corpus_items("xwlb-20230509-10")[0] + "\n", encoding="utf-8")
    assert run(fresh_real, settings, path).relevant == 1
    rows = list(solutions(fresh_real.query(queries.get("example-extracted-projects"))))
    text = json.loads(corpus_items("xwlb-20230509-10")[0])["text"]
    names = {r["name"].value for r in rows}
    assert "沈白高铁" in names
    assert all(r["sentence"].value in text for r in rows)
    assert {r["status"].value for r in rows} == {KG + "Extracted"}
    located = [
        r for r in rows if r["name"].value == "沈白高铁" and r["relation"].value == KG + "locatedIn"
    ]
    assert located and "全长430公里的沈白高铁" in located[0]["sentence"].value


def test_an_interrupted_batch_resumes_where_it_stopped(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first 400 corpus items, written 5 articles at a time; the run is cut off after
    300 of them."""
    BATCH = 5
    monkeypatch.setattr("kg.ingest.pipeline.BATCH", BATCH)
    lines = CORPUS.read_text("utf-8").splitlines()[:400]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen = 0

    def stop_after_300(n: int) -> None:
        nonlocal seen
        seen += n
        if seen > 300:
            raise KeyboardInterrupt

    pipeline = Pipeline(fresh_real, Minter(settings.base_iri), settings.data_dir)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run([path], progress=stop_after_300)
    written = {
        q.graph_name.value for q in fresh_real.quads() if "/graph/news-" in q.graph_name.value
    }
    assert written and len(written) % BATCH == 0  # whole batches only, nothing half-written
    verdicts = fresh_real.get_graph(Minter(settings.base_iri).graph("relevance"))
    judged = {t.subject for t in verdicts if t.predicate.value == KG + "sha256"}
    resumed = run(fresh_real, settings, path)
    # what was written (graphs, and the verdicts written with them) is not judged again
    assert resumed.unchanged == len(written) + len(judged)
    assert resumed.unchanged_irrelevant == len(judged) > 0
    full = open_store(None)
    load_curated(full, settings, check_shapes=False)
    once = run(full, settings, path)
    assert resumed.relevant + resumed.unchanged - resumed.unchanged_irrelevant == once.relevant
    assert resumed.skipped_irrelevant + len(judged) == once.skipped_irrelevant

    def news(store: EmbeddedStore) -> set[object]:
        return {q for q in store.quads() if "/graph/news-" in q.graph_name.value}

    assert news(fresh_real) == news(full)  # as if it had never stopped


def test_a_company_named_again_without_its_suffix_is_the_same_company(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    """Liaoning (xwlb-20230216-06): 鞍钢集团新材料钢材项目 ... 以鞍钢为代表的国有企业."""
    path = tmp_path / "anshan.jsonl"
    path.write_text(corpus_items("xwlb-20230216-06")[0] + "\n", encoding="utf-8")
    pipeline = Pipeline(fresh_real, Minter(settings.base_iri), settings.data_dir)
    article = next(a for a in read_paths([path]) if isinstance(a, Article))
    mentions = [m for f in pipeline.analyse(article).sentences for m in f.mentions]
    short = [m for m in mentions if m.norm == "鞍钢"]
    assert short and short[0].entry is not None and short[0].entry.canonical == "鞍钢集团"
    pipeline.run([path])
    found = rows(
        fresh_real,
        'SELECT ?e WHERE { ?e a kg:Enterprise ; rdfs:label "鞍钢集团"@zh ; kg:shortName "鞍钢"@zh }',
    )
    assert len(found) == 1  # one company, with its short name


def test_a_news_entitys_type_and_names_cite_the_sentence_that_mentions_it(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    """A new user ingested xwlb-20230216-06 and opened 鞍钢集团's page: its type and names
    said "stated without a sentence in" the article, though the sentence naming it was in
    that graph (the graph states them with no assertion of their own). Each now cites the
    sentence of the article's graph that mentions the company - a name only one that writes
    it - quoted, linked to its place in the source, on the page, in the entity JSON and in
    what exports read; a name the article never writes (中国航空发动机集团有限公司, the
    gazetteer's for its 中航发) keeps "stated without a sentence"."""
    from fastapi.testclient import TestClient

    from kg.api import create_app
    from kg.entities import evidence_about
    from kg.export.reader import Recorded

    path = tmp_path / "anshan.jsonl"
    path.write_text(corpus_items("xwlb-20230216-06")[0] + "\n", encoding="utf-8")
    assert run(fresh_real, settings, path).relevant == 1
    graph = Minter(settings.base_iri).graph("news-xwlb-20230216-06").value
    source = "/id/source/news-xwlb-20230216-06"
    sentence = "新春伊始，鞍钢集团新材料钢材项目正加快建设，项目完成后，将使我国在高铁用钢等关键材料上取得新的突破。"
    named = 'SELECT ?e WHERE { ?e a kg:Enterprise ; kg:shortName "%s"@zh }'
    (company,) = [r["e"] for r in rows(fresh_real, named % "鞍钢")]
    (aecc,) = [r["e"] for r in rows(fresh_real, named % "中航发")]
    derived = {KG + "Enterprise", "鞍钢", "鞍钢集团"}  # rdf:type, skos:altLabel, kg:shortName
    html = {"Accept": "text/html"}

    def identity_rows(page: str) -> list[str]:
        return page.split('id="g-identity"', 1)[1].split("</section>", 1)[0].split("<tr")[1:]

    with TestClient(create_app(settings, fresh_real)) as client:
        said = client.get("/api/entity", params={"iri": company}).json()["statements"]
        own = [s for s in said if s["graph"] == graph and s["value"] in derived]
        assert {s["predicate"].rsplit("#")[-1] for s in own} == {"type", "altLabel", "shortName"}
        for s in own:
            (ev,) = s["evidence"]
            assert (ev["graph"], ev["sentence"], ev["status"]) == (graph, sentence, "Extracted")
            assert ev["derived"] is True  # the mention's assertion, not one of the statement
            assert ev["source"].endswith(source) and ev["url"].startswith("https://tv.cctv.com/")
        page = client.get(company[len(settings.base_iri) - 1 :], headers=html).text
        for row in identity_rows(page):  # 企业, 鞍钢 and 鞍钢集团 (别名), 鞍钢 (简称)
            assert 'class="stated-by"' not in row
            assert f'<blockquote lang="zh">{sentence}</blockquote>' in row
            assert f'href="{source}#c62-112"' in row
        assert len(identity_rows(page)) == 4
        page = client.get(aecc[len(settings.base_iri) - 1 :], headers=html).text
        unsaid = [r for r in identity_rows(page) if 'class="stated-by"' in r]
        assert len(unsaid) == 1 and "中国航空发动机集团有限公司" in unsaid[0]
        assert f'href="{source}"' in unsaid[0] and "<blockquote" not in unsaid[0]
        for row in identity_rows(page):  # 企业, 中航发 (别名, 简称): the sentence writing it
            if row not in unsaid:
                assert "中航发" in row.split("<blockquote", 1)[1].split("</blockquote>", 1)[0]
    exported = evidence_about(fresh_real, [NamedNode(company)])
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    typed = exported[(NamedNode(company), rdf_type, NamedNode(KG + "Enterprise"))]
    assert [(e.graph, e.sentence) for e in typed] == [(graph, sentence)]
    # a large export asks about the nodes it read as having evidence: a sector the article
    # only mentions (the subject of no assertion) is one of them
    sectors = rows(fresh_real, f"SELECT ?e WHERE {{ GRAPH <{graph}> {{ ?e a kg:Industry }} }}")
    assert sectors and {r["e"] for r in sectors} <= (Recorded(fresh_real, 10**6).nodes or set())
    # and the match's remembered evidence does not take its type for one with none, as the
    # reader gives it a sentence (evidenced.rq; review48)
    from kg.entities import evidence
    from kg.match.cache import ChainIndexes

    facts = [(NamedNode(r["e"]), rdf_type, NamedNode(KG + "Industry")) for r in sectors]
    read = evidence(fresh_real, facts)
    cached = ChainIndexes(fresh_real).evidence(facts)
    assert any(cached.values()) and all(cached[f] == read.get(f, []) for f in facts)


def test_the_server_judges_again_with_a_retrained_model(
    fresh_real: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    """`bench/relevance.py train` replaces the model file while `kg serve` runs: the next
    POST /api/ingest loads it (the store unchanged meanwhile), and an article it judged with
    the old model is judged again, its graph naming the new model; so with the labeller's
    provenance (another merge of the same model) and the sector model."""
    from fastapi.testclient import TestClient
    from pydantic import SecretStr

    from kg.api import create_app
    from kg.ingest.extract.labeller import PROVENANCE_FILE
    from kg.ingest.extract.sectors import MODEL_FILE as SECTOR_MODEL
    from kg.ingest.relevance import MODEL_FILE

    own = (MODEL_FILE, PROVENANCE_FILE, SECTOR_MODEL)
    data = linked_data(tmp_path, own=own)  # model files of its own
    sectors = data / "lexicon" / SECTOR_MODEL
    sectors.write_bytes((ROOT / "data" / "lexicon" / SECTOR_MODEL).read_bytes())
    model = data / "lexicon" / MODEL_FILE
    model.write_bytes((ROOT / "data" / "lexicon" / MODEL_FILE).read_bytes())
    provenance = data / "lexicon" / PROVENANCE_FILE
    provenance.write_bytes((ROOT / "data" / "lexicon" / PROVENANCE_FILE).read_bytes())
    s = settings.model_copy(
        update={"data_dir": data, "write_token": SecretStr("t" * 32), "warm_chains": False}
    )
    auth = {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {'t' * 32}"}
    line = corpus_items("xwlb-20230509-10")[0].encode()
    graph = Minter(settings.base_iri).graph("news-xwlb-20230509-10")

    def judge() -> str:
        own = [t for t in fresh_real.get_graph(graph) if t.subject == graph]
        (made_by,) = [t.object.value for t in own if t.predicate.value == KG + "extractor"]
        return made_by

    with TestClient(create_app(s, fresh_real)) as client:
        assert client.post("/api/ingest", content=line, headers=auth).json()["relevant"] == 1
        before = judge()
        assert client.post("/api/ingest", content=line, headers=auth).json()["unchanged"] == 1
        model.write_bytes(model.read_bytes() + b"\n")  # another model file (same weights)
        again = client.post("/api/ingest", content=line, headers=auth).json()
        assert (again["unchanged"], again["replaced"], again["relevant"]) == (0, 1, 1)
        assert judge() != before
        assert f"relevance/{hashlib.sha256(model.read_bytes()).hexdigest()[:12]} " in judge()
        judged = judge()
        record = json.loads(provenance.read_text("utf-8"))
        record["merge"]["threshold"] = 0.9  # the same model, merged otherwise
        provenance.write_text(json.dumps(record), "utf-8")
        again = client.post("/api/ingest", content=line, headers=auth).json()
        assert (again["unchanged"], again["replaced"]) == (0, 1)
        assert judge() != judged and judge().split(" labeller/")[0] == judged.split(" labeller/")[0]
        judged = judge()
        sectors.write_bytes(sectors.read_bytes() + b"\n")  # another sector model file (same weights)
        again = client.post("/api/ingest", content=line, headers=auth).json()
        assert (again["unchanged"], again["replaced"]) == (0, 1)
        assert judge().endswith(f" sectors/{hashlib.sha256(sectors.read_bytes()).hexdigest()[:12]}")
        assert judge().split(" sectors/")[0] == judged.split(" sectors/")[0]


DOCUMENT_SAID = (
    "PREFIX dct: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/> "
    "SELECT ?date ?title ?url WHERE { GRAPH <%s> { ?d dct:date ?date ; dct:title ?title . "
    "OPTIONAL { ?d schema:url ?url } } }"
)


def test_a_plain_text_article_takes_its_date_title_and_url_as_query_parameters(
    fresh_real: EmbeddedStore, settings: Settings
) -> None:
    """POST /api/ingest of text/plain says what a JSONL line says - ``?date=&title=&url=``:
    a CCTV item's text has no date of its own, so it was ingested "no date", its
    今天（5月9日） unresolved. A bad date is a 400 in the one error shape, and so are those
    parameters with a JSONL body (its lines carry their own)."""
    from fastapi.testclient import TestClient
    from pydantic import SecretStr

    from kg.api import create_app

    item = json.loads(corpus_items("xwlb-20230509-10")[0])
    s = settings.model_copy(update={"write_token": SecretStr("t" * 32), "warm_chains": False})
    auth = {"Content-Type": "text/plain", "Authorization": f"Bearer {'t' * 32}"}
    said = {k: item[k] for k in ("id", "date", "title", "url")}
    body = item["text"].encode()
    with TestClient(create_app(s, fresh_real)) as client:
        bad = client.post(
            "/api/ingest", content=body, params={**said, "date": "2023-5-32"}, headers=auth
        )
        assert bad.status_code == 400, bad.text
        assert bad.json() == {
            "error": {
                "code": "bad_request",
                "message": "bad date '2023-5-32': write it YYYY-MM-DD (2024-08-23)",
            }
        }
        for other in ("20230509", "2023-W19-2"):  # ISO 8601, but not YYYY-MM-DD
            odd = client.post(
                "/api/ingest", content=body, params={**said, "date": other}, headers=auth
            )
            assert odd.status_code == 400 and f"bad date '{other}'" in odd.text
        url = client.post(
            "/api/ingest", content=body, params={**said, "url": "tv.cctv.com"}, headers=auth
        )
        assert url.status_code == 400 and "bad url 'tv.cctv.com'" in url.json()["error"]["message"]
        lines = client.post(
            "/api/ingest",
            content=corpus_items("xwlb-20230509-10")[0].encode(),
            params={"date": item["date"]},
            headers={**auth, "Content-Type": "application/x-ndjson"},
        )
        assert lines.status_code == 400 and "JSONL" in lines.json()["error"]["message"]
        report = client.post("/api/ingest", content=body, params=said, headers=auth)
        assert report.status_code == 200 and report.json()["relevant"] == 1, report.text
        assert not [w for w in report.json()["warnings"] if "no date" in w]
        doc = client.get("/openapi.json").json()["paths"]["/api/ingest"]["post"]["parameters"]
        assert {"id", "date", "title", "url"} <= {p["name"] for p in doc}
    graph = Minter(settings.base_iri).graph(f"news-{item['id']}").value
    assert rows(fresh_real, DOCUMENT_SAID % graph) == [
        {"date": "2023-05-09", "title": item["title"], "url": item["url"]}
    ]


def test_kg_ingest_gives_one_text_file_its_date_as_the_api_does(
    settings: Settings, tmp_path: Path
) -> None:
    """`kg ingest FILE --date --title --url` reads them with the API's code
    (:func:`kg.ingest.read.given`): the same checks, the same words."""
    store = tmp_path / "store"
    base = ["--store", str(store), "--data-dir", str(ROOT / "data")]
    base += ["--ontology-dir", str(ROOT / "ontology")]
    item = json.loads(corpus_items("xwlb-20230509-10")[0])
    text = tmp_path / f"{item['id']}.txt"
    text.write_text(item["text"], "utf-8")
    lines = tmp_path / "items.jsonl"
    lines.write_text(corpus_items("xwlb-20230509-10")[0] + "\n", "utf-8")
    bad = CliRunner().invoke(main, [*base, "ingest", str(text), "--date", "2023-5-32"])
    assert bad.exit_code == 1
    assert "error: bad date '2023-5-32': write it YYYY-MM-DD (2024-08-23)" in bad.stderr
    jsonl = CliRunner().invoke(main, [*base, "ingest", str(lines), "--date", item["date"]])
    assert jsonl.exit_code == 1 and "a JSONL line carries its own" in jsonl.stderr
    assert CliRunner().invoke(main, [*base, "load", "--no-shapes"]).exit_code == 0
    said = ["--date", item["date"], "--title", item["title"], "--url", item["url"]]
    done = CliRunner().invoke(
        main, [*base, "ingest", str(text), *said, "--workers", "1", "--format", "json"]
    )
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["relevant"] == 1 and not [w for w in report["warnings"] if "no date" in w]
    graph = Minter(settings.base_iri).graph(f"news-{item['id']}").value
    opened = open_store(store, read_only=True)
    try:
        assert rows(opened, DOCUMENT_SAID % graph) == [
            {"date": "2023-05-09", "title": item["title"], "url": item["url"]}
        ]
    finally:
        opened.close()


def test_the_cli_prints_progress_lines_where_stderr_is_no_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into a log file or CI (no terminal: click's bar would print "ingesting" alone until
    the end), `kg ingest` prints a line of counts every PROGRESS_EVERY items as it goes."""
    monkeypatch.setattr("kg.cli.PROGRESS_EVERY", 1)
    store = tmp_path / "store"
    base = ["--store", str(store), "--data-dir", str(ROOT / "data")]
    base += ["--ontology-dir", str(ROOT / "ontology")]
    assert CliRunner().invoke(main, [*base, "load", "--no-shapes"]).exit_code == 0
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(corpus_items("xwlb-20221107-07", "xwlb-20221009-08")) + "\n", "utf-8")
    result = CliRunner().invoke(main, [*base, "ingest", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("ingesting:")]
    assert lines[0] == "ingesting: 2 items"
    assert lines[1].startswith("ingesting: 1/2 items (50%): 2 read, ")
    last = lines[2]
    assert last.startswith("ingesting: 2/2 items (100%): 2 read, ") and last.endswith(" 0 failed")
    summary = json.loads(
        CliRunner().invoke(main, [*base, "ingest", str(path), "--format", "json"]).stdout
    )
    with_facts = summary["unchanged"] - summary["unchanged_irrelevant"]
    assert f"{with_facts} with facts" in last and len(lines) == 3


def test_progress_lines_come_every_so_many_seconds_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Between PROGRESS_EVERY items a line still comes once PROGRESS_SECONDS have passed
    (a clock the test sets: slow items do not leave a log silent for minutes)."""
    from kg.cli import PROGRESS_SECONDS, _ProgressLines

    now = [0.0]
    seen = {"n": 0}
    with _ProgressLines("ingesting", 1000, "items", lambda: f"{seen['n']} seen", lambda: now[0]) as p:
        for _ in range(3):
            seen["n"] += 1
            p(1)
        now[0] += PROGRESS_SECONDS
        seen["n"] += 1
        p(1)
        p(0)
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["ingesting: 1,000 items", "ingesting: 4/1,000 items (0%): 4 seen"]


def test_a_worker_that_cannot_start_stops_the_run_with_its_error(settings: Settings, tmp_path: Path) -> None:
    """An extraction process whose setup fails reports why with its first article and the
    run stops with that error: a pool whose initializer raised would start its workers
    again and again, and the run would never end."""
    import threading

    from kg.errors import KGError
    from kg.ingest.pipeline import PARALLEL_MIN

    store = open_store(None)
    pipeline = Pipeline(store, Minter(settings.base_iri), settings.data_dir)
    pipeline.reader.classifier = object()  # type: ignore[assignment]  # a worker's Reader fails on it
    batch = tmp_path / "batch.jsonl"
    corpus = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
    batch.write_text("\n".join(corpus.read_text("utf-8").splitlines()[: PARALLEL_MIN + 20]) + "\n", "utf-8")
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(pipeline.run([batch], workers=2))
        except BaseException as e:  # the outcome is the test's
            outcome.append(e)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(300)
    assert not thread.is_alive(), "the ingest never ended"
    assert len(outcome) == 1 and isinstance(outcome[0], KGError), outcome
    assert outcome[0].message.startswith("an extraction process could not start: AttributeError")


def test_a_worker_error_reaches_the_parent_as_kgs_error() -> None:
    """What a worker sends back can always be rebuilt: a kg error as it is (its details
    too), anything else - or a kg error that does not survive pickling - as a KGError
    naming it."""
    import pickle

    from kg.errors import DataError, KGError
    from kg.ingest.pipeline import _reportable

    kept = pickle.loads(_reportable(DataError("x.csv:3: bad row", details=["x.csv:3: bad row"])))
    assert isinstance(kept, DataError) and kept.details == ["x.csv:3: bad row"]

    class Unpicklable(KGError):
        def __init__(self, message: str, *, extra: int) -> None:
            super().__init__(message)

    for e in (Unpicklable("no way back", extra=1), MemoryError("out of memory")):
        back = pickle.loads(_reportable(e))
        assert type(back) is KGError and back.message.startswith("an extraction process could not start: ")
        assert type(e).__name__ in back.message


def test_a_sector_found_without_its_concept_is_the_schemes_concept(
    fresh_real: EmbeddedStore, settings: Settings
) -> None:
    """xwlb-20221105-08: 最受关注的消费品、食品和汽车等展区. A finder other than the gazetteer's
    (the labeller, a list's member) reads 汽车 as a sector with no concept of its own; kg's
    scheme has 汽车, so the article's graph names that concept - a second industry labelled
    汽车 made `kg match 汽车` on the ingested corpus answer "ambiguous"."""
    minter = Minter(settings.base_iri)
    pipeline = Pipeline(fresh_real, minter, settings.data_dir)
    item = json.loads(corpus_items("xwlb-20221105-08")[0])
    article = Article(item["id"], item["title"], item["text"], None, None, "corpus")
    (scheme,) = rows(fresh_real, 'SELECT ?c WHERE { ?c a kg:Industry ; rdfs:label "汽车"@zh }')
    at = article.text.index("食品和汽车") + 3
    read = Mention(at, at + 2, "汽车", "汽车", "industry", Entry("汽车", "industry"), origin="labeller")
    reader = pipeline.reader
    graph = _Graph(
        minter, article, minter.graph("news-x"), set(), reader.resolver, reader.gazetteer.concept
    )
    assert graph.entity(read) == NamedNode(scheme["c"])
    assert not graph.new  # no industry of its own


def test_every_reason_the_hand_gate_skips_by_has_words_in_both_languages() -> None:
    """The hand gate (``learned_relevance=False``) says why it skipped an item in English;
    the ingest report's ``why_zh`` says it in Chinese - every reason it gives, and every
    topic a title settles (data/lexicon/title-topics.csv)."""
    import csv
    import inspect

    from kg.ingest import relevance
    from kg.ingest.pipeline import skipped_because

    source = inspect.getsource(relevance)
    reasons = set(re.findall(r'Verdict\(\s*False,[^"]*?"([^"{]+)"', source))
    assert "too few industry words" in reasons and len(reasons) >= 4
    with open(ROOT / "data" / "lexicon" / "title-topics.csv", encoding="utf-8") as f:
        topics = {row["topic"] for row in csv.DictReader(f)}
    reasons |= {f"off topic ({t})" for t in topics}
    for reason in sorted(reasons):
        zh, en = skipped_because(reason)
        assert zh != en and not re.search("[A-Za-z]", zh), reason
