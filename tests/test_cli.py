"""The ``kg`` command on a store on disk."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["load", "serve", "query", "match", "export", "validate", "stats"]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = kg(path, "load")
    assert result.exit_code == 0, result.output
    return path


def kg(store: Path, *args: str, env: dict[str, str] | None = None):
    base = [
        "--store",
        str(store),
        "--data-dir",
        str(ROOT / "data"),
        "--ontology-dir",
        str(ROOT / "ontology"),
    ]
    return CliRunner().invoke(main, [*base, *args], catch_exceptions=False, env=env)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_load_reports_and_skips_when_unchanged(store_dir: Path) -> None:
    again = kg(store_dir, "load", "--if-changed")
    assert again.exit_code == 0 and "up to date" in again.output


def test_query_formats(store_dir: Path, tmp_path: Path) -> None:
    result = kg(
        store_dir, "query", "SELECT ?u WHERE { ?u a kg:University } ORDER BY ?u", "--format", "csv"
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "u" and len(result.output.splitlines()) == 3
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT WHERE { ?u a kg:University }", encoding="utf-8")
    turtle = kg(store_dir, "query", str(rq))
    assert len(list(ox.parse(turtle.output.encode(), format=ox.RdfFormat.TURTLE))) == 2


def test_query_error_is_one_line_and_nonzero(store_dir: Path) -> None:
    result = kg(store_dir, "query", "SELECT WHERE {")
    assert result.exit_code == 1
    assert result.output.startswith("error: malformed SPARQL query: error at 1:")
    assert len(result.output.strip().splitlines()) == 1


def test_match_table_json_csv(store_dir: Path) -> None:
    table = kg(store_dir, "match", "航空航天", "--region", "黑龙江")
    assert table.exit_code == 0 and "哈尔滨联合飞机" in table.output and "「8月8日" in table.output
    data = json.loads(kg(store_dir, "match", "医药", "--format", "json").output)
    assert {"iri", "label", "kind", "score", "reasons"} <= set(data["candidates"][0])
    assert data["candidates"][0]["reasons"][0]["evidence"][0]["sentence"]
    csv_text = kg(store_dir, "match", "数字经济", "--format", "csv", "--top", "2").output
    assert len(csv_text.strip().splitlines()) == 3
    missing = kg(store_dir, "match", "不存在", "--lang", "en")
    assert missing.exit_code == 1 and missing.output.startswith("error: no industry called")


# the terminal's locale as the environment gives it (LC_ALL, LC_MESSAGES, LANG: the first set)
CHINESE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
ENGLISH = {"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}


def test_match_speaks_the_terminal_s_language(store_dir: Path) -> None:
    """newuser46: ``kg match`` printed an English heading over Chinese reasons; its table
    says both in the language asked for (--lang), else the locale's, with the words the
    pages say; the JSON carries both languages whatever is asked."""
    args = ("match", "航空航天", "--region", "黑龙江")
    zh = kg(store_dir, *args, "--lang", "zh").output
    en = kg(store_dir, *args, "--lang", "en").output
    assert zh.startswith("航空航天 (aerospace) · 黑龙江省  共 1 个候选\n")
    assert "  企业  " in zh and "哈尔滨联合飞机  Harbin United Aircraft" in zh
    assert "- 建设「哈尔滨联合飞机大型无人机产业基地项目」（无人机，属于航空航天）" in zh
    assert "「[编辑依据] 无人机是航空器；航空是航空航天的一半。」" in zh
    assert en.startswith("aerospace (航空航天) · Heilongjiang Province  1 candidate\n")
    assert "  enterprise  " in en and "Harbin United Aircraft  哈尔滨联合飞机" in en
    assert "- builds Harbin United Aircraft large UAV industrial base project" in en
    assert "in Harbin (Heilongjiang Province)" in en and "位于" not in en
    assert "「[Editorial rationale] 无人机 (unmanned aircraft) are aircraft;" in en
    sentence = "「8月8日,哈尔滨联合飞机大型无人机产业基地一期厂房封顶。」"  # the source's words
    assert sentence in zh and en.count(sentence) == zh.count(sentence) > 0
    assert kg(store_dir, *args, env=CHINESE).output == zh
    assert kg(store_dir, *args, env=ENGLISH).output == en
    assert kg(store_dir, *args, env={**CHINESE, "LANG": "C.UTF-8"}).output == en
    none = kg(store_dir, "match", "航空航天", "--region", "大庆", "--lang", "zh").output
    assert "没有符合条件的候选伙伴。" in none
    first = kg(store_dir, "match", "数字经济", "--top", "2", "--lang", "en").output.splitlines()[0]
    assert re.fullmatch(r"digital economy \(数字经济\)  \d+ candidates · Top 2", first), first
    data = [
        kg(store_dir, *args, "--format", "json", "--lang", lang).output for lang in ("zh", "en")
    ]
    assert data[0] == data[1]
    reason = json.loads(data[0])["candidates"][0]["reasons"][0]
    assert reason["text"].startswith("建设") and reason["text_en"].startswith("builds")


def test_chain_match_speaks_the_terminal_s_language(store_dir: Path) -> None:
    """newuser46: ``kg chain-match`` printed English words around Chinese place names; its
    gap analysis, groups and reasons are in the language asked for, else the locale's."""
    args = ("chain-match", "航空航天产业链", "--region", "黑龙江", "--top", "2")
    zh = kg(store_dir, *args, "--lang", "zh").output
    en = kg(store_dir, *args, "--lang", "en").output
    assert zh.startswith("航空航天产业链 (aerospace industry chain) · 黑龙江省\n")
    assert "\n产业链环节\n  上游        航空航天材料" in zh and "Gap analysis" not in zh
    assert "薄弱：本地仅 1 个（少于 3 个），区外已知 0 个" in zh and "承载园区 0 · 适用政策 2" in zh
    assert "\n强链：本地企业  共 1 个候选\n" in zh and "补链：补齐缺失环节  共 0 个候选" in zh
    assert "位于哈尔滨（黑龙江省）" in zh and "[已审核]" in zh and "没有符合条件的候选伙伴。" in zh
    assert en.startswith("aerospace industry chain (航空航天产业链) · Heilongjiang Province\n")
    assert "\nChain segments\n  Upstream    aerospace materials" in en
    assert "weak: 1 local player(s), fewer than 3; 0 known elsewhere" in en
    assert "\nStrengthen (强链): local players  1 candidate\n" in en and "No candidate fits." in en
    assert "in Harbin (Heilongjiang Province)" in en and "[reviewed]" in en and "位于" not in en
    assert kg(store_dir, *args, env=CHINESE).output == zh
    assert kg(store_dir, *args, env=ENGLISH).output == en
    data = [
        kg(store_dir, *args, "--format", "json", "--lang", lang).output for lang in ("zh", "en")
    ]
    assert data[0] == data[1]
    assert {"text", "text_en"} <= set(json.loads(data[0])["gap_analysis"][0])


@pytest.mark.parametrize("command", ["match", "chain-match"])
def test_a_heading_names_a_district_with_where_it_lies(store_dir: Path, command: str) -> None:
    """newuser48: ``kg match 数字经济 --region "nanjing gulou" --lang en`` was headed
    "... · 鼓楼区", one of four 鼓楼区, and the JSON's region had no ``part_of``. A region
    whose name is shared is named with what it lies in (in English, down to the nearest
    place with an English name); the JSON says where it lies (``part_of``, ``part_of_en``)."""
    what = "数字经济" if command == "match" else "航空航天产业链"
    args = (command, what, "--region", "nanjing gulou")
    zh, en = (kg(store_dir, *args, "--lang", lang) for lang in ("zh", "en"))
    assert zh.exit_code == en.exit_code == 0, en.output
    assert " · 鼓楼区 · 南京市" in zh.output.splitlines()[0]
    assert " · 鼓楼区 · 南京市, Jiangsu Province" in en.output.splitlines()[0]  # as pages say it
    region = json.loads(kg(store_dir, *args, "--format", "json").output)["region"]
    assert (region["part_of"], region["part_of_en"]) == (["南京市"], ["南京市, Jiangsu Province"])
    unshared = kg(store_dir, command, what, "--region", "Nanjing", "--lang", "en")
    assert unshared.exit_code == 0, unshared.output
    assert unshared.output.splitlines()[0].split(" · ")[-1].startswith("南京市")
    assert "Jiangsu" not in unshared.output.splitlines()[0]  # 南京市 is the only one


@pytest.mark.parametrize("command", ["match", "chain-match"])
def test_errors_speak_the_command_s_language(store_dir: Path, command: str) -> None:
    """newuser46: ``kg match`` and ``kg chain-match`` printed their tables in --lang (else
    the locale's language) but their errors in English. The error line is in that
    language too - the catalogue's words the pages say - and the exit code is still 1."""
    what = "数字经济" if command == "match" else "航空航天产业链"
    args = (command, what, "--region", "鼓楼区")
    zh, en = (kg(store_dir, *args, "--lang", lang) for lang in ("zh", "en"))
    assert zh.exit_code == en.exit_code == 1
    assert zh.output.startswith("错误：名为「鼓楼区」的地区不止一个：鼓楼区 (南京市) <")
    assert en.output.startswith("error: region '鼓楼区' is ambiguous: 鼓楼区 (南京市) <")
    assert "\n  鼓楼区 (福州市) <" in zh.output and "\n  鼓楼区 (福州市) <" in en.output
    by_locale = kg(store_dir, *args, env=CHINESE)
    assert (by_locale.exit_code, by_locale.output) == (1, zh.output)
    assert kg(store_dir, *args, env=ENGLISH).output == en.output
    typo = kg(store_dir, command, what, "--region", "南京古楼区", "--lang", "zh")
    assert typo.exit_code == 1
    assert typo.output == "错误：没有名为「南京古楼区」的地区；您要找的是否是：南京市鼓楼区\n"
    if command == "match":
        unknown = kg(store_dir, "match", "人工智慧", "--lang", "zh")
        assert (unknown.exit_code, unknown.output) == (1, "错误：没有名为「人工智慧」的产业\n")
    # a command without --lang says its errors in English, whatever the locale
    query = kg(store_dir, "query", "SELECT WHERE {", env=CHINESE)
    assert query.exit_code == 1 and query.output.startswith("error: malformed SPARQL query")


@pytest.mark.parametrize(
    ("command", "what", "region"),
    [
        ("match", "数字经济", "福州鼓楼"),
        ("chain-match", "航空航天产业链", "nanjing gulou"),
    ],
)
def test_a_region_is_taken_as_search_reads_it(
    store_dir: Path, command: str, what: str, region: str
) -> None:
    """newuser46: ``--region 福州鼓楼`` (or ``'nanjing gulou'``) answered "no region called"
    while search put that city's 鼓楼区 first; the command matches there."""
    result = kg(store_dir, command, what, "--region", region, "--format", "json")
    assert result.exit_code == 0, result.output
    city = "320106" if "nanjing" in region else "350102"
    assert json.loads(result.output)["region"]["iri"].endswith(f"/place/cn-{city}")


def test_match_csv_carries_reasons_and_names_in_both_languages(store_dir: Path) -> None:
    """newuser46: ``kg match`` / ``kg chain-match --format csv --lang en`` gave English
    column headings over Chinese reasons and segment names, with no English reasons. The
    CSV carries both languages as JSON does, whatever ``--lang`` says: each column of words
    has its English beside it (``reasons_en`` next to ``reasons``, as JSON has ``text_en``
    next to ``text``), the columns that were there kept, in their order."""
    args = ("match", "航空航天", "--region", "黑龙江")
    said = [kg(store_dir, *args, "--format", "csv", "--lang", lang).output for lang in ("zh", "en")]
    assert said[0] == said[1]
    table = list(csv.DictReader(io.StringIO(said[0])))
    was = ["rank", "label", "label_en", "kind", "score", "reasons", "evidence", "sources", "iri"]
    assert [c for c in table[0] if c in was] == was and list(table[0]).index("reasons_en") == 6
    data = json.loads(kg(store_dir, *args, "--format", "json").output)["candidates"]
    assert len(table) == len(data) > 0
    for row, candidate in zip(table, data, strict=True):
        assert row["reasons"] == " | ".join(r["text"] for r in candidate["reasons"])
        assert row["reasons_en"] == " | ".join(r["text_en"] for r in candidate["reasons"])
    assert table[0]["reasons_en"].startswith("builds Harbin United Aircraft large UAV")
    chain = ("chain-match", "航空航天产业链", "--region", "黑龙江")
    said = [
        kg(store_dir, *chain, "--format", "csv", "--lang", lang).output for lang in ("zh", "en")
    ]
    assert said[0] == said[1]
    rows = list(csv.DictReader(io.StringIO(said[0])))
    groups = json.loads(kg(store_dir, *chain, "--format", "json").output)["groups"]
    members = {c["iri"]: c for cs in groups.values() for c in cs}
    assert rows and {r["iri"] for r in rows} <= set(members)
    segments = {
        s["iri"]: s
        for s in json.loads(kg(store_dir, *chain, "--format", "json").output)["gap_analysis"]
    }
    for row in rows:
        candidate = members[row["iri"]]
        assert row["reasons_en"] == " | ".join(r["text_en"] for r in candidate["reasons"])
        assert row["reasons"] == " | ".join(r["text"] for r in candidate["reasons"])
        named = [segments[s] for s in candidate["segments"] if s in segments]
        assert row["segments"] == " | ".join(s["label"] for s in named)
        assert row["segments_en"] == " | ".join(s["label_en"] or s["label"] for s in named)
        assert row["also_en"].count(" | ") == row["also"].count(" | ")
    first = next(r for r in rows if r["label"] == "哈尔滨联合飞机")
    assert (
        first["segments_en"] == "aircraft and unmanned aircraft"
        and first["segments"] != first["segments_en"]
    )
    assert first["also_en"].startswith("Harbin United Aircraft large UAV industrial base")


def test_export_to_file(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "uav.trig"
    result = kg(store_dir, "export", "--entity", "org/harbin-united-aircraft", "-o", str(out))
    assert result.exit_code == 0
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    assert quads and all(isinstance(q.graph_name, ox.NamedNode) for q in quads)
    assert kg(store_dir, "export").exit_code == 1
    # the count says which nodes were selected (the API's X-KG-Export-Nodes) and which came
    # along because a fact points to them
    said = re.search(r"(\d+) nodes \((\d+) selected, (\d+) their facts point to\)", result.output)
    assert said is not None, result.output
    total, selected, pointed = map(int, said.groups())
    assert total == selected + pointed and selected >= 2 and pointed >= 1


@pytest.mark.parametrize("name", ["nope.rq", "binary.rq", "folder"])
def test_an_export_query_file_it_cannot_read_is_one_line(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """``--query @FILE`` with a file that is missing, not UTF-8 or a folder: one line that
    names it and what is wrong, exit 1, nothing written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "binary.rq").write_bytes(b"\xff\xfeCONSTRUCT")
    (tmp_path / "folder").mkdir()
    result = kg(store_dir, "export", "--query", f"@{name}", "-o", "out/x.ttl")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot read the query file {name}: ")
    what = {"nope.rq": "No such file", "binary.rq": "not UTF-8", "folder": "directory"}[name]
    assert what in lines[0], lines[0]
    assert not (tmp_path / "out").exists()
    bare = kg(store_dir, "export", "--query", "@", "-o", "out/x.ttl")
    assert bare.exit_code == 1 and bare.output.startswith("error: --query @ names no file")


def test_an_export_query_file_is_read(store_dir: Path, tmp_path: Path) -> None:
    """The README's example: the query its heredoc writes to a file, exported from
    ``@located.rq``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    written = re.search(r"cat > located\.rq <<'EOF'\n(.*?)\nEOF\n", readme, flags=re.S)
    assert written and "kg export --query @located.rq" in readme
    rq = tmp_path / "located.rq"
    rq.write_text(written.group(1), encoding="utf-8")
    out = tmp_path / "located.graphml"
    result = kg(store_dir, "export", "--query", f"@{rq}", "--format", "graphml", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "<graphml" in out.read_text(encoding="utf-8")


def test_validate_store_and_files(store_dir: Path, tmp_path: Path) -> None:
    ok = kg(store_dir, "validate")
    assert ok.exit_code == 0 and "conforms" in ok.output
    curated = kg(
        store_dir,
        "validate",
        str(ROOT / "data" / "curated" / "cctv-2024-09-01-harbin-docking-event.yaml"),
    )
    assert curated.exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/kg-industry/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/kg-industry/id/org/x> a kg:Enterprise ; rdfs:label "某"@zh ; kg:locatedIn "哈尔滨" .\n',
        encoding="utf-8",
    )
    result = kg(store_dir, "validate", str(bad))
    assert result.exit_code == 1
    assert (
        "id/org/x" in result.output
        and "English label" in result.output
        and "kg:Place" in result.output
    )


def test_stats(store_dir: Path) -> None:
    data = json.loads(kg(store_dir, "stats", "--format", "json").output)
    assert data["sources"] == 5
    assert kg(store_dir, "stats").exit_code == 0


def test_loading_bad_rdf_fails_cleanly(store_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e.org/a> <http://e.org/b> .\n", encoding="utf-8")
    result = kg(store_dir, "load", str(bad))
    assert result.exit_code == 1 and f"error: {bad}" in result.output


LOCATED = """PREFIX kg: <https://w3id.org/kg-industry/def#>
CONSTRUCT { ?s kg:locatedIn ?p } WHERE { ?s kg:locatedIn ?p }"""


@pytest.mark.parametrize(("fmt", "label"), [("ntriples", "exporting"), ("csv", "reading")])
def test_a_construct_export_counts_the_query_triples_on_a_terminal(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, label: str
) -> None:
    """A CONSTRUCT's size is not known ahead: on a terminal the export shows the triples
    read from the query so far (as N-Triples while they are written; for the graph and
    table formats while the result is sorted, before the nodes' bar)."""
    from kg import cli as kg_cli

    store = ox.Store.read_only(str(store_dir))
    expected = len(list(store.query(LOCATED, use_default_graph_as_union=True)))
    del store
    assert expected > 0
    monkeypatch.setattr(kg_cli, "_terminal", lambda file: True, raising=False)
    out = tmp_path / ("located.nt" if fmt == "ntriples" else "located.zip")
    result = kg(store_dir, "export", "--query", LOCATED, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    shown = [line for line in result.stderr.split("\r") if line.startswith(f"{label} construct  ")]
    assert shown, result.stderr
    assert shown[-1].split("\n")[0] == f"{label} construct  {expected:,} triples from the query"
    assert out.stat().st_size > 0
