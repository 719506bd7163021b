"""Importing tables (kg.imports): registry exports, park and project lists.

The tables are generated (``bench/registry_export.py``: names say 合成, credit codes carry
the division 000000, which no real registration has) and imported into stores of their own
under the synthetic base IRI, never into the real data.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from conftest import scanned_search
from kg.config import Settings
from kg.entities import labels, search
from kg.errors import DataError
from kg.imports import creditcode, import_file
from kg.imports.read import detect_encoding, read_tables
from kg.iris import Minter
from kg.names import Spelling, index_for
from kg.namespaces import KG, RDF, RDFS
from kg.store import EmbeddedStore, solutions

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = "https://w3id.org/kg-industry/synthetic/"
REGISTRY = ROOT / "data" / "mappings" / "registry.yaml"


@pytest.fixture
def export(registry_export: Any) -> Any:
    return registry_export


@pytest.fixture
def minter() -> Minter:
    return Minter(SYNTHETIC)


@pytest.fixture
def store(ontology_store: EmbeddedStore) -> EmbeddedStore:
    """A store of its own with the ontology only (and, after import, generated data)."""
    return ontology_store


def rows(export: Any, n: int) -> list[list[str]]:
    return [list(r) for r in export.rows(n)]


def write_csv(
    path: Path, header: list[str], body: list[list[str]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(body)
    return path


def run(store: EmbeddedStore, minter: Minter, path: Path, mapping: Path = REGISTRY, **kw: Any):  # type: ignore[no-untyped-def]
    return import_file(store, minter, ROOT / "data", path, mapping, **kw)


def count(store: EmbeddedStore) -> int:
    return len(list(store.quads()))


# --- the credit code ---------------------------------------------------------------------


def test_credit_code_check_digit_follows_gb_32100() -> None:
    # the example code of GB 32100-2015, and one computed from 17 characters of our own
    assert creditcode.validate("91350100M000100Y43") == "91350100M000100Y43"
    body = "91000000MA0000001"
    code = body + creditcode.check_digit(body)
    assert creditcode.validate(code.lower()) == code
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValueError, match="check digit"):
        creditcode.validate(wrong)
    with pytest.raises(ValueError, match="18 characters"):
        creditcode.validate("91350100M000100Y4")
    with pytest.raises(ValueError, match="I, O, Z, S, V"):
        creditcode.validate("91350100M000100YO3")


# --- a registry export, end to end ----------------------------------------------------------


def test_registry_export_imports_with_a_record_per_row(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    path = export.write(tmp_path / "registry.csv", 50)
    report = run(store, minter, path)
    assert report.written and report.imported == 50 and report.bad_rows == 0
    assert report.facts["industryClass"] == 50 and report.facts["locatedIn"] == 50
    body = rows(export, 1)[0]
    code = body[1]
    iri = minter.entity(f"org/uscc-{code.lower()}")
    facts = {
        (t.predicate.value, str(t.object))
        for t in store.query("CONSTRUCT { ?e ?p ?o } WHERE { ?e ?p ?o }", bindings={"e": iri})
    }
    assert (RDFS.label.value, f'"{body[0]}"@zh') in facts
    assert (KG.creditCode.value, f'"{code}"') in facts
    assert (
        KG.registeredCapital.value,
        f'"{int(body[4].split("万")[0]) * 10000}"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    ) in facts
    cls = body[13].split(" ")[0][1:]
    assert (KG.industryClass.value, f"<{SYNTHETIC}id/gbt4754/{cls}>") in facts
    # the record: file with its SHA-256, row 2 (the header is row 1), columns
    record = store.query(
        """PREFIX kg: <https://w3id.org/kg-industry/def#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?e ?row ?status ?sha ?cells WHERE { ?r kg:describes ?e ; kg:row ?row ; kg:status ?status ;
        dct:isPartOf ?doc ; kg:cells ?cells . ?doc kg:sha256 ?sha }""",
        bindings={"e": iri},
    )
    (r,) = list(solutions(record))
    assert r["row"].value == "2" and r["status"] == KG.Imported
    assert r["sha"].value == report.sha256
    assert json.loads(r["cells"].value)["所属区县"] == body[8]


def test_reimport_replaces_and_unchanged_is_skipped(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    path = export.write(tmp_path / "registry.csv", 20)
    first = run(store, minter, path)
    again = run(store, minter, path)
    assert again.unchanged and not again.written
    body = rows(export, 20)[:10]
    write_csv(path, export.HEADER, body)
    second = run(store, minter, path)
    assert second.replaces == [first.graph] and second.replaced_records == 20
    graphs = [g.value for g in store.named_graphs() if "/graph/import-" in g.value]
    assert graphs == [second.graph]
    records = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/kg-industry/def#Record> }"
    )
    assert next(iter(solutions(records)))["n"].value == "10"


def test_dry_run_reports_and_writes_nothing(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    path = export.write(tmp_path / "registry.csv", 30)
    before = count(store)
    report = run(store, minter, path, dry_run=True)
    assert not report.written and report.imported == 30 and report.statements > 30 * 15
    assert count(store) == before


def test_gb18030_xlsx_ods_xls_and_jsonl_read_alike(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    body = rows(export, 5)
    header = export.HEADER
    gbk = write_csv(tmp_path / "gbk.csv", header, body, encoding="gb18030")
    assert detect_encoding(gbk) == "gb18030"
    xlsx = export.write(tmp_path / "book.xlsx", 5)
    ods = write_ods(tmp_path / "book.ods", header, body)
    xls = write_xls(tmp_path / "book.xls", header, body)
    jsonl = tmp_path / "lines.jsonl"
    jsonl.write_text(
        "".join(
            json.dumps(dict(zip(header, r, strict=True)), ensure_ascii=False) + "\n" for r in body
        ),
        encoding="utf-8",
    )
    expected = [(2 + i, r[0]) for i, r in enumerate(body)]
    for path in (gbk, xlsx, ods, xls, jsonl):
        (table,) = read_tables(path)
        got = [(row.number, row.cells["企业名称"]) for row in table.rows]
        assert got == (
            expected if path.suffix != ".jsonl" else [(1 + i, r[0]) for i, r in enumerate(body)]
        ), path
    report = run(store, minter, xlsx)
    assert report.imported == 5
    sheet = store.query("SELECT ?s WHERE { ?x <https://w3id.org/kg-industry/def#sheet> ?s }")
    assert [r["s"].value for r in solutions(sheet)] == ["企业信息"]


# --- bad input: a clear error naming row and column, nothing half-written -----------------


def test_wrong_encoding_is_refused_with_the_line(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    path = write_csv(tmp_path / "utf16.csv", export.HEADER, rows(export, 3), encoding="utf-16")
    before = count(store)
    with pytest.raises(DataError, match=r"utf16.csv: line 1: .* neither UTF-8 nor GB18030") as bad:
        run(store, minter, path)
    assert count(store) == before
    said = bad.value.words("zh")  # a Chinese page: the same file and line, in Chinese
    assert said is not None and said.startswith("utf16.csv：第 1 行：") and "GB18030" in said


@pytest.mark.parametrize(
    ("header", "en", "zh"),
    [
        (",,", "empty.csv: the file is empty: no header", "empty.csv：文件为空，既无表头"),
        (
            "企业名称,企业名称",
            "empty.csv, row 1: column 企业名称 appears twice (A and B)",
            "empty.csv，第 1 行：列 企业名称 出现两次（A 列和 B 列）",
        ),
    ],
)
def test_a_bad_header_is_said_with_its_file_and_row_in_both_languages(
    tmp_path: Path, header: str, en: str, zh: str
) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(DataError) as bad:
        read_tables(path)
    assert bad.value.message.startswith(en)
    assert (bad.value.words("zh") or "").startswith(zh)


def test_missing_required_column(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    header = export.HEADER[1:]
    path = write_csv(tmp_path / "noname.csv", header, [r[1:] for r in rows(export, 3)])
    with pytest.raises(
        DataError, match="row 1: missing required column 企业名称 or 公司名称 or 名称"
    ):
        run(store, minter, path)
    assert not [g for g in store.named_graphs() if "import-" in g.value]


BAD_CASES = {
    "bad credit code": (
        1,
        1,
        lambda v: v[:17] + ("0" if v[17] != "0" else "1"),
        r"column 统一社会信用代码 \(B\): .*check digit",
    ),
    "unknown GB/T code": (
        2,
        13,
        lambda v: "C9999 不存在的行业",
        r"column 国标行业小类 \(N\): C9999 不存在的行业: no GB/T 4754-2017 code 9999",
    ),
    "unknown region": (
        3,
        8,
        lambda v: "合成区",
        r"column 所属区县 \(I\): 合成区 is not an administrative division in",
    ),
    "10 MB cell": (
        4,
        15,
        lambda v: "经" * 10_000_000,
        r"column 经营范围 \(P\): the cell holds 10,000,000 characters",
    ),
    "formula text": (
        5,
        2,
        lambda v: '=HYPERLINK("x")',
        r"column 法定代表人 \(C\): .* is a formula",
    ),
}


def test_bad_rows_are_reported_by_row_and_column_and_the_rest_loads(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    body = rows(export, 12)
    for index, column, change, _ in BAD_CASES.values():
        body[index][column] = change(body[index][column])
    body[6][1] = body[7][1]  # a duplicate credit code with a different name
    path = write_csv(tmp_path / "bad.csv", export.HEADER, body)
    before = count(store)
    with pytest.raises(DataError) as strict:
        run(store, minter, path, strict=True)
    assert "--strict: nothing was written" in strict.value.message
    assert count(store) == before
    report = run(store, minter, path)
    assert report.imported == 12 - 6 and report.bad_rows == 6
    by_row = {b.row: "; ".join(b.reasons) for b in report.bad}
    for name, (index, _, _, pattern) in BAD_CASES.items():
        assert __import__("re").search(pattern, by_row[index + 2]), (name, by_row[index + 2])
    assert (
        "column 统一社会信用代码 (B): " in by_row[9]
        and "also at row 8, with a different name" in by_row[9]
    )


def kg_process(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`kg` run as a user runs it (its own process, its exit status), minting in the
    synthetic namespace into a store of its own."""
    kg = Path(sys.executable).parent / "kg"
    base = ["--store", str(store), "--data-dir", str(ROOT / "data"), "--base-iri", SYNTHETIC]
    return subprocess.run(
        [str(kg), *base, *args], capture_output=True, text=True, timeout=600, check=False
    )


def test_kg_import_exits_1_naming_each_bad_row(tmp_path: Path, export: Any) -> None:
    """A script running `kg import` can tell, as with `kg ingest`: exit status 1, the count
    and every bad row (file:row: what) on stderr in kg's error shape, the good rows loaded."""
    import xlsxwriter

    store = tmp_path / "store"
    body = rows(export, 12)
    body[1][1] = body[1][1][:17] + ("0" if body[1][1][17] != "0" else "1")  # check digit
    body[3][8] = "合成区"  # no such division
    path = write_csv(tmp_path / "registry-bad.csv", export.HEADER, body)
    # --strict: nothing written (as before)
    strict = kg_process(store, "import", str(path), "--mapping", "registry", "--strict")
    assert strict.returncode == 1 and strict.stdout == "", strict.stderr
    assert "error: registry-bad.csv: 2 bad row(s) of 12; --strict: nothing was written" in (
        strict.stderr
    )
    assert "  registry-bad.csv:3: column 统一社会信用代码 (B): " in strict.stderr
    # --dry-run: the same verdict, nothing written
    dry = kg_process(store, "import", str(path), "--mapping", "registry", "--dry-run")
    assert dry.returncode == 1, dry.stderr
    assert "error: 2 rows of 12 are bad and would not be imported (the other 10 would be " in (
        dry.stderr
    )
    # the import: the good rows load, the bad ones are listed, exit status 1
    result = kg_process(store, "import", str(path), "--mapping", "registry")
    assert result.returncode == 1, result.stderr
    assert "12 rows read, 10 imported, 2 bad" in result.stdout
    assert "entities: 10 new, 0 already in the graph" in result.stdout  # nothing before
    assert (
        "error: 2 rows of 12 are bad and were not imported (the other 10 were imported: "
        "see the summary)" in result.stderr
    )
    assert "  registry-bad.csv:3: column 统一社会信用代码 (B): " in result.stderr
    assert "check digit" in result.stderr
    assert "  registry-bad.csv:5: column 所属区县 (I): 合成区 is not an administrative" in (
        result.stderr
    )
    # a workbook with --format json: the report on stdout, the error on stderr
    book_path = tmp_path / "registry-bad.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet("企业信息")
    sheet.write_row(0, 0, export.HEADER)
    more = rows(export, 15)[12:]
    more[1][8] = "合成区"
    for r, row in enumerate(more, start=1):
        sheet.write_row(r, 0, row)
    book.close()
    listed = kg_process(
        store, "import", str(book_path), "--mapping", "registry", "--format", "json"
    )
    assert listed.returncode == 1, listed.stderr
    report = json.loads(listed.stdout)
    assert report["rows"] == {"read": 3, "imported": 2, "bad": 1} and report["written"]
    assert [(b["row"], b["sheet"]) for b in report["bad"]] == [(3, "企业信息")]
    assert "error: 1 row of 3 is bad and was not imported (the other 2 were imported" in (
        listed.stderr
    )
    assert "  registry-bad.xlsx:3: sheet 企业信息: column 所属区县 (I): 合成区 " in listed.stderr
    # all rows good: exit 0, no error
    clean = write_csv(tmp_path / "registry-clean.csv", export.HEADER, rows(export, 20)[15:])
    ok = kg_process(store, "import", str(clean), "--mapping", "registry")
    assert ok.returncode == 0 and "error" not in ok.stderr, ok.stderr
    assert "5 rows read, 5 imported, 0 bad" in ok.stdout


def test_formula_cell_and_empty_sheet_in_a_workbook(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    import xlsxwriter

    path = tmp_path / "formula.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("企业信息")
    book.add_worksheet("空表")
    sheet.write_row(0, 0, export.HEADER)
    for r, row in enumerate(rows(export, 3), start=1):
        sheet.write_row(r, 0, row)
    sheet.write_formula(2, 4, '=CONCAT("500","万元")', None, "500万元")
    book.close()
    report = run(store, minter, path)
    assert report.imported == 2
    (bad,) = report.bad
    assert (bad.row, bad.sheet) == (3, "企业信息")
    assert bad.reasons == [
        "column 注册资本 (E): a formula; kg imports recorded values, not computed ones (paste the values instead)"
    ]
    with pytest.raises(DataError, match="formula.xlsx, sheet 空表: the sheet is empty"):
        run(store, minter, path, sheets=["空表"])


# --- writing helpers ------------------------------------------------------------------------


def write_xls(path: Path, header: list[str], body: list[list[str]]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("企业信息")
    for c, h in enumerate(header):
        sheet.write(0, c, h)
    for r, row in enumerate(body, start=1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.save(str(path))
    return path


def write_ods(path: Path, header: list[str], body: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet (the three parts the format requires)."""
    from xml.sax.saxutils import escape

    def row(cells: list[str]) -> str:
        return (
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>'
                if c
                else "<table:table-cell/>"
                for c in cells
            )
            + "</table:table-row>"
        )

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="企业信息">'
        + row(header)
        + "".join(row(r) for r in body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return path


# --- through HTTP: the API, the entity and source pages, the upload page --------------------

TOKEN = "import-test-token-0123456789"


@pytest.fixture
def app_client(settings: Settings, store: EmbeddedStore):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from kg.api import create_app

    configured = settings.model_copy(
        update={
            "base_iri": SYNTHETIC,
            "write_token": __import__("pydantic").SecretStr(TOKEN),
            "warm_chains": False,
        }
    )
    with TestClient(create_app(configured, store)) as c:
        yield c


def test_api_import_dry_run_then_load_and_pages_show_the_record(
    tmp_path: Path, export: Any, app_client: Any, store: EmbeddedStore, minter: Minter
) -> None:
    path = export.write(tmp_path / "registry.xlsx", 8)
    body = path.read_bytes()
    params = {"filename": "registry.xlsx", "mapping": "registry", "dry_run": "true"}
    assert app_client.post("/api/import", params=params, content=body).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = count(store)
    checked = app_client.post("/api/import", params=params, content=body, headers=auth)
    assert checked.status_code == 200, checked.text
    assert checked.json()["rows"] == {"read": 8, "imported": 8, "bad": 0}
    assert not checked.json()["written"] and count(store) == before
    loaded = app_client.post(
        "/api/import", params={**params, "dry_run": "false"}, content=body, headers=auth
    )
    assert loaded.status_code == 200 and loaded.json()["written"]
    listed = app_client.get("/api/imports").json()
    assert [i["file"] for i in listed["imports"]] == ["registry.xlsx"]
    assert set(listed["mappings"]) >= {"registry", "parks", "projects"}
    first = rows(export, 1)[0]
    key = f"org/uscc-{first[1].lower()}"
    page = app_client.get(f"/id/{key}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "evidence-imported" in page.text and "registry.xlsx" in page.text
    assert "统一社会信用代码" in page.text and "企业信息" in page.text  # column and sheet
    data = app_client.get(f"/id/{key}", headers={"Accept": "application/json"}).json()
    records = [
        ev["record"]
        for st in data["statements"]
        for ev in st["evidence"]
        if st["predicate"].endswith("#creditCode")
    ]
    assert records and records[0]["row"] == 2 and records[0]["sheet"] == "企业信息"
    source = loaded.json()["source"]
    src = app_client.get(source[len(SYNTHETIC) - 1 :] + "?row=5", headers={"Accept": "text/html"})
    assert src.status_code == 200, src.text[src.text.find("<main") :][:1500]
    assert 'id="r5"' in src.text and first[0] in src.text
    upload = app_client.get("/import")
    assert upload.status_code == 200 and 'id="import-form"' in upload.text
    assert "registry.xlsx" in upload.text


def test_api_import_refuses_unknown_mapping_and_bad_files(
    tmp_path: Path, export: Any, app_client: Any
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = app_client.post(
        "/api/import",
        params={"filename": "x.csv", "mapping": "../../etc/passwd"},
        content=b"a,b\n",
        headers=auth,
    )
    assert bad.status_code == 400 and "no mapping" in bad.json()["error"]["message"]
    header = export.HEADER[1:]
    path = write_csv(tmp_path / "noname.csv", header, [r[1:] for r in rows(export, 2)])
    refused = app_client.post(
        "/api/import",
        params={"filename": "noname.csv", "mapping": "registry"},
        content=path.read_bytes(),
        headers=auth,
    )
    assert refused.status_code == 422
    assert "missing required column 企业名称" in refused.json()["error"]["message"]


# --- identity: the entity the graph already knows ------------------------------------------


def test_a_known_enterprise_keeps_its_iri_and_the_link_is_listed(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    """A row whose name the graph knows (here: an entity of a curated-style graph, and one
    the news pipeline extracted) becomes that entity; the link is reported and recorded."""
    from kg.ingest import Pipeline

    body = rows(export, 3)
    curated = minter.entity("org/synthetic-known")
    store.replace_graphs(
        {
            minter.graph("synthetic-curated"): [
                ox.Triple(curated, RDF.type, KG.Enterprise),
                ox.Triple(curated, RDFS.label, ox.Literal(body[0][0], language="zh")),
            ]
        }
    )
    article = tmp_path / "news.jsonl"
    article.write_text(
        json.dumps(
            {
                "id": "synthetic-1",
                "date": "2024-05-01",
                "title": "合成新闻",
                "text": f"{body[1][0]}在哈尔滨投资建设合成项目，项目总投资10亿元。",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    Pipeline(store, minter, ROOT / "data").run([article])
    found = store.query(
        "SELECT ?g ?e ?name WHERE { GRAPH ?g { ?e a <https://w3id.org/kg-industry/def#Enterprise> }"
        " GRAPH ?names { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?name } }",
        bindings={"g": minter.graph("news-synthetic-1")},
    )
    ((extracted, name),) = [(r["e"], r["name"].value) for r in solutions(found)]
    body[1][0] = name  # the row names the enterprise as the news did
    path = write_csv(tmp_path / "registry.csv", export.HEADER, body)
    report = run(store, minter, path)
    links = {link.row: (link.iri, link.by) for link in report.links}
    assert links == {2: (curated.value, "name"), 3: (extracted.value, "name")}
    assert report.entities_known == 2 and report.entities_new == 1
    code = store.query(
        "SELECT ?e ?c WHERE { ?e <https://w3id.org/kg-industry/def#creditCode> ?c }",
        bindings={"e": curated},
    )
    assert [r["c"].value for r in solutions(code)] == [body[0][1]]
    linked = store.query(
        "SELECT ?r ?by WHERE { ?r <https://w3id.org/kg-industry/def#linkedBy> ?by }"
    )
    assert sorted(r["by"].value for r in solutions(linked)) == ["name", "name"]
    # importing again: the credit code now finds the same entities
    body2 = [list(r) for r in body]
    body2[2][4] = "999万元人民币"
    write_csv(path, export.HEADER, body2)
    again = run(store, minter, path)
    assert {link.row: link.by for link in again.links} == {2: "credit-code", 3: "credit-code"}
    assert again.entities_known == 3 and again.entities_new == 0


def test_a_large_import_goes_through_the_bulk_loader_in_batches(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter, monkeypatch: Any
) -> None:
    from kg.imports import run as runner

    path = export.write(tmp_path / "registry.csv", 30)
    first = run(store, minter, path)
    monkeypatch.setattr(runner, "TRANSACTION_LIMIT", 10)
    monkeypatch.setattr(runner, "LOAD_BATCH", 97)
    write_csv(path, export.HEADER, rows(export, 40))
    second = run(store, minter, path)
    assert second.written and second.replaces == [first.graph]
    quads = [q for q in store.quads() if q.graph_name.value == second.graph]
    assert len(quads) == second.statements
    assert [g.value for g in store.named_graphs() if "/graph/import-" in g.value] == [second.graph]


def test_broad_searches_over_a_registry_answer_what_a_scan_answers(
    tmp_path: Path, export: Any, store: EmbeddedStore, minter: Minter
) -> None:
    """A name every row shares (有限公司), the generated names' word (合成), and pinyin read
    off the first row's name - its first syllable, its start, its initials: the search
    reads the name index's postings only as far as a page, and answers, page by page and
    whole, what a scan of every name and a sort of every match answer."""
    run(store, minter, export.write(tmp_path / "registry.csv", 400))
    index = index_for(store, minter.prefix)
    first = Spelling.of(rows(export, 1)[0][0])
    terms = ["有限公司", "公司", "合成", first.full[:2], first.full[:5], first.initials[:2]]
    terms += [first.initials[:3], first.full]
    for q in terms:
        scanned = scanned_search(index, q)
        assert len(scanned) > 1, q
        assert list(index.ranked(q)) == scanned
        kinds = labels(store, (ox.NamedNode(i) for i, _ in scanned), minter.prefix)
        shown = [
            (i, m) for i, m in scanned if kinds[i].kind not in ("figure", "milestone", "other")
        ]
        for limit in (1, 20, 100, 100_000):
            page = [(h["iri"], h["matched"]) for h in search(store, minter, q, limit=limit)]
            assert page == shown[:limit], (q, limit)
        enterprises = [(i, m) for i, m in shown if kinds[i].kind == "enterprise"]
        page = search(store, minter, q, kind="enterprise", limit=20)
        assert [(h["iri"], h["matched"]) for h in page] == enterprises[:20]


# --- park lists and project libraries -------------------------------------------------------


def test_project_library_links_builders_industries_and_amounts(
    tmp_path: Path, store: EmbeddedStore, minter: Minter
) -> None:
    from kg.entities import evidence

    industry = minter.entity("industry/synthetic-materials")
    store.replace_graphs(
        {
            minter.graph("synthetic-scheme"): [
                ox.Triple(industry, RDF.type, KG.Industry),
                ox.Triple(industry, RDFS.label, ox.Literal("合成材料", language="zh")),
            ]
        }
    )
    header = [
        "项目名称",
        "项目单位",
        "所属产业",
        "总投资（亿元）",
        "所属省份",
        "所属城市",
        "所属区县",
        "项目阶段",
    ]
    body = [
        [
            "合成项目甲",
            "合成企业甲有限公司",
            "合成材料、合成未知产业",
            "12.5",
            "黑龙江省",
            "哈尔滨市",
            "道里区",
            "在建",
        ],
        ["合成项目乙", "", "合成材料", "3", "黑龙江省", "", "", "签约"],
    ]
    path = write_csv(tmp_path / "projects.csv", header, body)
    report = run(store, minter, path, ROOT / "data" / "mappings" / "projects.yaml")
    assert report.imported == 2 and report.bad_rows == 0
    assert any("合成未知产业" in w for w in report.warnings)
    rows_ = store.query(
        """PREFIX kg: <https://w3id.org/kg-industry/def#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name ?builder ?amount ?place ?ind WHERE {
          ?p a kg:InvestmentProject ; rdfs:label ?name ; kg:totalInvestment ?amount ;
             kg:locatedIn ?place ; kg:inIndustry ?ind .
          OPTIONAL { ?b kg:builds ?p ; rdfs:label ?builder }
        } ORDER BY ?name"""
    )
    got = [
        (
            r["name"].value,
            r["builder"].value if r["builder"] else None,
            r["amount"].value,
            r["place"].value.rsplit("/", 1)[-1],
            r["ind"] == industry,
        )
        for r in solutions(rows_)
    ]
    assert got == [
        ("合成项目乙", None, "300000000", "cn-230000", True),
        ("合成项目甲", "合成企业甲有限公司", "1250000000", "cn-230102", True),
    ]
    project = store.query("SELECT ?p ?b WHERE { ?b <https://w3id.org/kg-industry/def#builds> ?p }")
    ((p, b),) = [(r["p"], r["b"]) for r in solutions(project)]
    (ev,) = evidence(store, [(b, KG.builds, p)])[(b, KG.builds, p)]
    assert ev.status == "Imported" and ev.record is not None
    assert ev.record["row"] == 2 and ev.record["columns"] == ["项目单位"]
    assert ev.record["cells"]["项目单位"] == "合成企业甲有限公司"  # the verbatim cells


def test_park_list(tmp_path: Path, store: EmbeddedStore, minter: Minter) -> None:
    header = ["园区名称", "园区级别", "所属省份", "所属城市", "核准面积", "批准时间"]
    body = [["合成经济技术开发区", "国家级", "黑龙江省", "哈尔滨市", "10.5", "1993年4月4日"]]
    path = write_csv(tmp_path / "parks.csv", header, body)
    report = run(store, minter, path, ROOT / "data" / "mappings" / "parks.yaml")
    assert report.imported == 1
    assert report.facts == {
        "area": 1,
        "foundingDate": 1,
        "label": 1,
        "locatedIn": 1,
        "parkLevel": 1,
        "type": 1,
    }
