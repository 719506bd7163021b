"""Exports written from the tables kept per store revision (kg.export.tablecache) hold what
the node-by-node export writes: the same CSV bytes, the same Parquet tables - on the curated
data and on a small generated store with the cases the tables must keep (blank nodes, a
fact stated in several graphs and in the default graph, nodes only pointed to)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pyoxigraph as ox
import pytest

from kg import export
from kg.export import tablecache, tablefiles
from kg.export.selection import Selection
from kg.formats import EXPORT_FORMATS, by_name
from kg.iris import Minter
from kg.namespaces import KG, KG_ONTOLOGY, RDFS
from kg.ontology import Ontology
from kg.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
SYN = "https://w3id.org/kg-industry/synthetic/"
CSV, PARQUET = by_name("csv", EXPORT_FORMATS), by_name("parquet", EXPORT_FORMATS)
GRAPHML, XLSX = by_name("graphml", EXPORT_FORMATS), by_name("xlsx", EXPORT_FORMATS)


def _on_disk(source: EmbeddedStore, path: Path) -> EmbeddedStore:
    """A copy of ``source`` on disk (a store with a revision, as tables need)."""
    raw = ox.Store(str(path))
    raw.extend(source.quads_for_pattern(None, None, None, None))
    raw.flush()
    del raw
    return EmbeddedStore(path)


@pytest.fixture(scope="module")
def curated(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    return _on_disk(store, tmp_path_factory.mktemp("curated") / "store")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _sheets(data: bytes) -> dict[str, bytes]:
    """A workbook's sheets by name (continuation sheets may come in another order), but the
    ``about`` sheet, which says when it was made."""
    members = _members(data)
    names = re.findall(rb'<sheet name="([^"]+)" sheetId="(\d+)"', members["xl/workbook.xml"])
    assert names[-1][0] == b"about"
    return {
        name.decode(): members[f"xl/worksheets/sheet{int(i)}.xml"] for name, i in names[:-1]
    }


def _both(selection: Selection, cache: tablecache.TableCache, fmt, **options) -> tuple:
    """The export node by node and from the tables, with the counts of each."""
    plain, kept = io.BytesIO(), io.BytesIO()
    counts = export.write(selection, fmt, plain, **options)
    cache.ensure()
    assert cache.for_selection(selection, fmt.name) is not None  # the tables serve it
    from_tables = export.write(selection, fmt, kept, tables=cache, **options)
    return (counts, plain.getvalue()), (from_tables, kept.getvalue())


def _assert_same(selection: Selection, cache: tablecache.TableCache, **options) -> None:
    (counts, data), (counts_t, data_t) = _both(selection, cache, CSV, **options)
    assert counts_t == counts
    assert _members(data_t) == _members(data)  # byte for byte
    (counts, data), (counts_t, data_t) = _both(selection, cache, GRAPHML, **options)
    assert counts_t["nodes"] == counts["nodes"] and counts_t["edges"] == counts["edges"]
    assert data_t == data  # byte for byte
    (counts, data), (counts_t, data_t) = _both(selection, cache, XLSX, **options)
    assert counts_t["nodes"] == counts["nodes"] and counts_t["edges"] == counts["edges"]
    assert _sheets(data_t) == _sheets(data)
    (counts, data), (counts_t, data_t) = _both(selection, cache, PARQUET, **options)
    assert counts_t == counts
    old, new = _members(data), _members(data_t)
    assert old.keys() == new.keys()
    for name in old:
        assert pq.read_table(io.BytesIO(new[name])).equals(pq.read_table(io.BytesIO(old[name])))


@pytest.mark.parametrize(
    "make",
    [
        lambda s, m: export.region(s, m, "黑龙江"),
        lambda s, m: export.chain(s, m, "航空航天产业链"),
        lambda s, m: export.chain(s, m, "航空航天产业链", "哈尔滨"),
        lambda s, m: export.industry(s, m, "数字经济"),
        lambda s, m: export.entity(s, m, "org/harbin-united-aircraft", 2),
    ],
    ids=["region", "chain", "chain-in-region", "industry", "entity-2"],
)
def test_curated_exports_from_tables_are_the_node_by_node_exports(
    curated: EmbeddedStore, minter: Minter, tmp_path: Path, make
) -> None:
    selection = make(curated, minter)
    cache = tablecache.TableCache(curated, tmp_path / "tables", least=0)
    _assert_same(selection, cache)
    _assert_same(selection, cache, provenance=False)
    counts = export.write(selection, CSV, io.BytesIO(), tables=cache)
    assert counts["nodes"] >= len(selection.nodes)


def test_curated_tables_hold_evidence(curated: EmbeddedStore, minter: Minter, tmp_path: Path) -> None:
    """The curated data's facts have evidence: the tables keep it, with the edges' ids of
    the export it is written in."""
    selection = export.region(curated, minter, "黑龙江")
    cache = tablecache.TableCache(curated, tmp_path / "tables", least=0)
    cache.ensure()
    counts = export.write(selection, CSV, io.BytesIO(), tables=cache)
    assert counts["evidence"] > 0
    tables = cache.get(curated.revision)
    assert tables is not None and tables.meta["evidence"] > counts["evidence"] > 0


def _generated(path: Path) -> EmbeddedStore:
    """A small generated store (synthetic namespace) with what the tables must keep."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synthetic
    finally:
        sys.path.pop(0)
    lines = "".join(synthetic.quads(300))
    raw = ox.Store(str(path))
    raw.load(lines.encode(), format=ox.RdfFormat.N_QUADS)
    ontology = Ontology.from_dir(ROOT / "ontology")
    raw.extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(KG_ONTOLOGY))
        for t in ontology.triples
    )
    e0, e1 = ox.NamedNode(SYN + "enterprise/0"), ox.NamedNode(SYN + "enterprise/1")
    located, other = ox.NamedNode(SYN + "locatedNear"), ox.NamedNode(SYN + "graph/other")
    blank = ox.BlankNode("b0")
    raw.extend(
        [
            # a fact in a second graph and in the default graph: one edge, both graphs
            ox.Quad(e0, ox.NamedNode(SYN + "rel"), e1, other),
            ox.Quad(e0, ox.NamedNode(SYN + "rel"), e1, ox.DefaultGraph()),
            ox.Quad(e0, ox.NamedNode(SYN + "rel"), e1, ox.NamedNode(SYN + "graph")),
            # a second label in the default graph, a blank node pointed to and described
            ox.Quad(e0, RDFS.label, ox.Literal("合成企业0别名", language="zh"), ox.DefaultGraph()),
            ox.Quad(e0, located, blank, other),
            ox.Quad(blank, RDFS.label, ox.Literal("合成地点", language="zh"), other),
            ox.Quad(blank, ox.NamedNode(SYN + "note"), ox.Literal("x"), other),
            # text to escape in XML, and a character XML cannot hold
            ox.Quad(e0, KG.creditCode, ox.Literal('x <"&>\x01'), other),
            # a node only pointed to (no statement of its own)
            ox.Quad(e1, located, ox.NamedNode(SYN + "place/nowhere"), other),
        ]
    )
    raw.flush()
    del raw
    return EmbeddedStore(path)


def test_generated_store_exports_from_tables_are_the_node_by_node_exports(
    tmp_path: Path, minter: Minter
) -> None:
    store = _generated(tmp_path / "store")
    cache = tablecache.TableCache(store, tmp_path / "tables", least=0)
    for place in ("place/p0", "place/p1-c2"):
        selection = export.region(store, minter, SYN + place)
        assert len(selection.nodes) > 10
        _assert_same(selection, cache)
    nodes = sorted(
        {ox.NamedNode(SYN + "enterprise/0"), ox.NamedNode(SYN + "place/nowhere")},
        key=lambda n: n.value,
    )
    chosen = Selection("entity", "test", nodes, store, minter)
    _assert_same(chosen, cache)  # a selected node with no statement of its own
    graphml = io.BytesIO()
    export.write(chosen, GRAPHML, graphml, tables=cache)
    assert b">x &lt;&quot;&amp;&gt;</data>" in graphml.getvalue()  # escaped, \x01 dropped


def test_a_write_sends_the_export_node_by_node_and_drops_old_tables(
    tmp_path: Path, minter: Minter
) -> None:
    store = _generated(tmp_path / "store")
    cache = tablecache.TableCache(store, tmp_path / "tables", least=0)
    selection = export.region(store, minter, SYN + "place/p0")
    assert cache.for_selection(selection, "csv") is None  # not built: no export waits for it
    assert not (tmp_path / "tables").exists()
    assert cache.ensure() is not None
    first = cache.for_selection(selection, "csv")
    assert first is not None and first.meta["revision"] == store.revision
    assert cache.for_selection(selection, "turtle") is None  # not a format they serve
    assert tablecache.TableCache(store, tmp_path / "t2").for_selection(selection, "csv") is None
    store.update(f"INSERT DATA {{ GRAPH <{SYN}graph> {{ <{SYN}enterprise/0> <{SYN}p> 1 }} }}")
    # the selection was made before the write: its revision's tables still serve it
    assert cache.for_selection(selection, "csv") is not None
    again = export.region(store, minter, SYN + "place/p0")
    assert cache.for_selection(again, "csv") is None  # the new revision's: not built yet
    cache.ensure()
    second = cache.for_selection(again, "csv")
    assert second is not None and second.meta["revision"] == store.revision
    assert not first.path.exists()  # the older revision's tables are gone
    old = io.BytesIO()
    export.write(selection, CSV, old, tables=cache)  # not there: node by node, no error
    plain = io.BytesIO()
    export.write(again, CSV, plain)
    kept = io.BytesIO()
    export.write(again, CSV, kept, tables=cache)
    assert _members(kept.getvalue()) == _members(plain.getvalue())
    gone = cache.for_selection(again, "csv")
    assert gone is not None
    shutil.rmtree(gone.path)  # removed before the export opens them (a newer build)
    assert tablefiles.write(again, gone, "csv", io.BytesIO()) is None  # nothing written


def test_table_exports_import_no_pandas(tmp_path: Path) -> None:
    """Building and writing from the tables import no pandas (``pyarrow.array`` and
    ``to_numpy`` would: memory in a long export)."""
    script = f"""
import io, sys
from pathlib import Path
import pyoxigraph as ox
from kg import export
from kg.export import tablecache, tablefiles
from kg.formats import EXPORT_FORMATS, by_name
from kg.iris import Minter
from kg.store import EmbeddedStore
SYN = "{SYN}"
store = EmbeddedStore(Path({str(tmp_path / "store")!r}))
store.add_to_graph(ox.NamedNode(SYN + "graph"), [
    ox.Triple(ox.NamedNode(SYN + "place/p0"), ox.NamedNode("https://w3id.org/kg-industry/def#partOf"),
              ox.NamedNode(SYN + "place/p")),
    ox.Triple(ox.NamedNode(SYN + "place/p0"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
              ox.NamedNode("https://w3id.org/kg-industry/def#Region"))])
selection = export.entity(store, Minter("https://w3id.org/kg-industry/"), SYN + "place/p0", 1)
cache = tablecache.TableCache(store, Path({str(tmp_path / "tables")!r}), least=0)
cache.ensure()
for name in ("csv", "parquet"):
    counts = export.write(selection, by_name(name, EXPORT_FORMATS), io.BytesIO(), tables=cache)
    assert counts["edges"] == 1, counts
assert cache.get(store.revision) is not None
assert "pandas" not in sys.modules
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_workbook_from_tables_continues_sheets_and_cuts_cells_as_node_by_node(
    tmp_path: Path, minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.export import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 40)
    monkeypatch.setattr(xlsx, "MAX_CELL", 6)
    store = _generated(tmp_path / "store")
    cache = tablecache.TableCache(store, tmp_path / "tables", least=0)
    selection = export.region(store, minter, SYN + "place/p0")
    (counts, data), (counts_t, data_t) = _both(selection, cache, XLSX)
    assert counts_t["nodes"] == counts["nodes"] > 80
    sheets = _sheets(data_t)
    assert sheets == _sheets(data)
    assert "nodes (2)" in sheets and "edges (2)" in sheets
    assert "…".encode() in sheets["nodes"]


def test_node_numbers_by_hash_hold_when_ids_share_a_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build finds an edge's target by the hash of its id: ids of the same hash (three
    hashes for all of them here) still get their own numbers, and an id no node has none."""
    monkeypatch.setattr(tablefiles._Ids, "hash", staticmethod(lambda node: len(node) % 3))
    ids = sorted(f"{SYN}place/p{i}" for i in range(40)) + ["_:b1", "_:b22"]
    ids.sort(key=tablefiles._value_of)
    table = tablefiles._Ids(tablefiles._strings(ids))
    asked = [*reversed(ids), SYN + "place/p40", "_:b3", "<< a triple term >>"]
    assert table.numbers(asked).to_pylist() == [*range(len(ids) - 1, -1, -1), None, None, None]
    assert [n for batch in table.batches() for n in batch] == ids
    assert tablefiles._Ids(tablefiles._strings([])).numbers(["x"]).to_pylist() == [None]


def test_the_build_runs_in_a_process_of_its_own_at_the_revision_asked_for(
    tmp_path: Path,
) -> None:
    from kg.export import tablebuild

    store = _generated(tmp_path / "store")
    assert store.path is not None and store.revision is not None
    stale = tablebuild.in_child(store.path, tmp_path / "tables", "0" * 32)
    assert stale is None and not (tmp_path / "tables" / ("0" * 32)).exists()
    report = tablebuild.in_child(store.path, tmp_path / "tables", store.revision)
    assert report is not None and report["rss_mb"] > 0 and report["cpu"] > 0
    cache = tablecache.TableCache(store, tmp_path / "tables", least=0)
    built = cache.get(store.revision)
    statements = len(list(store.quads_for_pattern(None, None, None, None)))
    assert built is not None and built.meta["statements"] == statements


def test_a_build_the_store_moved_on_from_is_dropped_and_keeps_the_others(tmp_path: Path) -> None:
    """Tables made of a revision the store is no longer at once they are done are dropped,
    and the other revisions' stay (they may be a newer revision's)."""
    store = _generated(tmp_path / "store")
    assert store.revision is not None
    newer = tmp_path / "tables" / "newer"
    newer.mkdir(parents=True)
    gone = tablefiles.build(store, tmp_path / "tables", store.revision, current=lambda: False)
    assert gone is None and newer.exists()
    assert [p.name for p in (tmp_path / "tables").iterdir()] == ["newer"]
    built = tablefiles.build(store, tmp_path / "tables", store.revision, current=lambda: True)
    assert built is not None and built.exists() and not newer.exists()


def test_a_build_asked_to_stop_ends_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that stops ends its build: the build's process is killed once it has begun
    writing, and what it wrote is removed."""
    from kg.export import tablebuild

    monkeypatch.setattr(tablebuild, "POLL", 0.01)
    store = _generated(tmp_path / "store")
    tables = tmp_path / "tables"
    seen: list[str] = []

    def stop() -> bool:
        seen.extend(p.name for p in tables.glob(".*.tmp") if p.name not in seen)
        return bool(seen)

    cache = tablecache.TableCache(store, tables, least=0)
    assert cache.ensure(stop) is None
    assert seen and list(tables.iterdir()) == []
    assert cache.ensure() is not None  # asked again, without a stop: built


def test_tables_an_older_kg_built_are_not_served_after_an_upgrade(
    tmp_path: Path, minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables are kept per store revision *and* per kg version and row format: an
    upgrade that changes how rows are made (its ROW_FORMAT, or kg's version) does not serve
    the rows the old kg built until the next write - they are built again, and the old
    ones removed."""
    store = _generated(tmp_path / "store")
    cache = tablecache.TableCache(store, tmp_path / "tables", least=0)
    selection = export.region(store, minter, SYN + "place/p0")
    old = cache.ensure()
    assert old is not None and cache.for_selection(selection, "csv") is not None
    assert old.meta["rows"] == tablecache.ROW_FORMAT
    monkeypatch.setattr(tablecache, "ROW_FORMAT", tablecache.ROW_FORMAT + 1)  # the upgrade
    assert store.revision == selection.revision  # no write in between
    assert cache.get(store.revision) is None and cache.for_selection(selection, "csv") is None
    # built again in this process (a build's own process would run the code as installed)
    new = tablefiles.build(store, tmp_path / "tables", str(store.revision))
    assert new is not None and not old.path.exists()
    served = cache.for_selection(selection, "csv")
    assert served is not None and served.meta["rows"] == tablecache.ROW_FORMAT
    monkeypatch.setattr(tablecache, "__version__", "999.0")  # kg's version too
    assert cache.for_selection(selection, "csv") is None
    monkeypatch.undo()
    monkeypatch.setattr(tablecache, "ROW_FORMAT", tablecache.ROW_FORMAT + 1)
    assert cache.for_selection(selection, "csv") is not None
    # and the code making the rows, changed with neither raised (a forgotten ROW_FORMAT)
    monkeypatch.setattr(tablecache, "code_signature", lambda: "0" * 12)
    assert cache.for_selection(selection, "csv") is None


def test_the_code_signature_reads_the_row_making_code_without_pyarrow(tmp_path: Path) -> None:
    """:func:`tablecache.code_signature` digests the row-making modules' source without
    importing them (an export node by node never loads pyarrow)."""
    code = (
        "import sys\n"
        "from kg.export import tablecache\n"
        "print(tablecache.tables_key('r'))\n"
        "assert 'pyarrow' not in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == tablecache.tables_key("r")
    assert re.fullmatch(r"r\.kg[^/]+\.rows\d+\.[0-9a-f]{12}", out.stdout.strip())
