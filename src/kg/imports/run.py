"""One import: check the file and every row, then write the source's graph in one go.

The graph of a source is ``graph/import-{source}-{digest}``, the digest covering the
file's SHA-256 and the mapping: importing the same source again writes the new graph and
drops the one before (one named graph per source at rest); importing an unchanged file
with the same mapping changes nothing. ``dry_run`` builds and checks everything and
reports what would change, writing nothing; ``strict`` writes nothing when any row is bad.

Writing is all or nothing: an import of up to :data:`TRANSACTION_LIMIT` statements is one
SPARQL update (drop the old graph, insert the new one); a larger one is handed to the
engine's bulk loader as a new graph, which is dropped again if the load fails, and the old
graph is dropped only once the new one is complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat

from kg import queries
from kg.errors import BadRequest, DataError
from kg.identity import NameRules
from kg.imports.build import BadRow, Builder, BuildResult, Link, require_columns
from kg.imports.mapping import Mapping, load_mapping
from kg.imports.read import media_type, read_tables
from kg.imports.resolve import Classification, Divisions, Known
from kg.iris import Minter
from kg.namespaces import sparql_prefixes
from kg.store import Store, solutions

TRANSACTION_LIMIT = 20_000  # statements written in one SPARQL update; more: the bulk loader
LOAD_BATCH = 250_000  # statements handed to the bulk loader at a time: bounds its memory
MAX_REPORTED = 1000  # bad rows listed in a report (all are counted)
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")
Progress = Callable[[str], None]


@dataclass
class ImportReport:
    file: str
    sha256: str
    mapping: str
    source: str
    graph: str
    dry_run: bool = False
    strict: bool = False
    unchanged: bool = False
    written: bool = False
    rows: int = 0
    imported: int = 0
    bad_rows: int = 0
    bad: list[BadRow] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    entities_new: int = 0
    entities_known: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    replaces: list[str] = field(default_factory=list)
    replaced_records: int = 0
    columns_used: list[str] = field(default_factory=list)
    columns_ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "mapping": self.mapping,
            "source": self.source,
            "graph": self.graph,
            "dry_run": self.dry_run,
            "strict": self.strict,
            "unchanged": self.unchanged,
            "written": self.written,
            "rows": {"read": self.rows, "imported": self.imported, "bad": self.bad_rows},
            "bad": [b.to_dict() for b in self.bad],
            "entities": {"new": self.entities_new, "known": self.entities_known},
            "links": [link.to_dict() for link in self.links],
            "facts": dict(sorted(self.facts.items())),
            "statements": self.statements,
            "replaces": {"graphs": self.replaces, "records": self.replaced_records},
            "columns": {"used": self.columns_used, "ignored": self.columns_ignored},
            "warnings": self.warnings,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def source_id(name: str) -> str:
    """The id of an imported source, from its file name: lower-case ASCII letters, digits
    and '-' (a name in other scripts keeps a short hash of itself).

    >>> source_id("Registry_Export 2024.xlsx")
    'registry-export-2024'
    >>> source_id("企业名单.csv")
    'file-1d64f9cc65'
    """
    stem = Path(name).stem
    ascii_part = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if ascii_part and ascii_part.isascii() and len(ascii_part) >= len(stem) / 2:
        return ascii_part[:60]
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:10]
    return f"{ascii_part[:40]}-{digest}" if ascii_part else f"file-{digest}"


def import_file(
    store: Store,
    minter: Minter,
    data_dir: Path,
    path: Path,
    mapping_path: Path,
    *,
    source: str | None = None,
    sheets: list[str] | None = None,
    dry_run: bool = False,
    strict: bool = False,
    filename: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one tabular file with a mapping. Raises :class:`DataError` for a problem of
    the file (nothing written), and, with ``strict``, for any bad row."""
    say = progress or (lambda _m: None)
    clock = time.perf_counter()
    seconds: dict[str, float] = {}
    filename = filename or path.name
    sid = source or source_id(filename)
    if not SOURCE_ID.fullmatch(sid):
        raise BadRequest(key="error.import.source", values={"given": repr(sid)})
    mapping = load_mapping(mapping_path)
    say("reading")
    sha = file_sha256(path)
    digest = hashlib.sha256(
        f"{sha}\n{mapping.label}\n{file_sha256(mapping_path)}\n{sheets or ''}".encode()
    ).hexdigest()
    doc = minter.source(f"import-{sid}")
    graph = minter.graph(f"import-{sid}-{digest[:12]}")  # kg.iris.is_import_graph knows it
    report = ImportReport(filename, sha, mapping.label, doc.value, graph.value, dry_run, strict)
    previous = _previous(store, doc)
    report.replaces = [g for g in previous if g != graph.value]
    report.replaced_records = sum(n for g, n in previous.items() if g != graph.value)
    if graph.value in previous and not report.replaces:
        report.unchanged = True
        return report
    tables = read_tables(path, sheets)
    for t in tables:
        require_columns(mapping, t, filename)
    say("checking rows")
    divisions = Divisions.read(data_dir / "gazetteer" / "admin-divisions.csv")
    classification = Classification.read(data_dir / "reference" / "gbt4754-2017.csv")
    known = Known.read(store, minter, data_dir)
    lookup_codes = bool(store.query(sparql_prefixes() + "ASK { ?e kg:creditCode ?c }"))
    seconds["setup"] = time.perf_counter() - clock
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".nq", prefix="kg-import-", delete=False
    ) as out:
        nquads = Path(out.name)
        try:
            result = _build(
                minter,
                mapping,
                graph,
                doc,
                out,
                tables,
                filename,
                sha,
                path,
                divisions,
                classification,
                known,
                store,
                lookup_codes,
                data_dir,
            )
        except BaseException:
            out.close()
            nquads.unlink(missing_ok=True)
            raise
    try:
        seconds["rows"] = time.perf_counter() - clock - seconds["setup"]
        _fill(report, result)
        if result.bad and strict:
            raise DataError(
                key="error.import.strict",
                values={"file": filename, "bad": len(result.bad), "rows": result.rows},
                details=[b.located(filename) for b in result.bad[:MAX_REPORTED]],
            )
        if not result.imported:
            raise DataError(
                key="error.import.rows.none",
                values={"file": filename, "rows": result.rows},
                details=[b.located(filename) for b in result.bad[:MAX_REPORTED]],
            )
        if not dry_run:
            say("writing")
            started = time.perf_counter()
            _write(store, nquads, graph, [NamedNode(g) for g in report.replaces], result.statements)
            seconds["write"] = time.perf_counter() - started
            report.written = True
    finally:
        nquads.unlink(missing_ok=True)
    seconds["total"] = time.perf_counter() - clock
    report.seconds = seconds
    return report


def _build(  # the pieces of one build
    minter: Minter,
    mapping: Mapping,
    graph: NamedNode,
    doc: NamedNode,
    out,
    tables: list,
    filename: str,
    sha: str,
    path: Path,
    divisions: Divisions,
    classification: Classification,
    known: Known,
    store: Store,
    lookup_codes: bool,
    data_dir: Path,
) -> BuildResult:
    builder = Builder(
        minter,
        mapping,
        graph,
        doc,
        out,
        divisions,
        classification,
        known,
        store,
        lookup_codes,
        NameRules.load(data_dir),
    )
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    builder.header(filename, sha, media_type(path), when)
    for index, table in enumerate(tables, start=1):
        sheet_node = NamedNode(f"{doc.value}/sheets/{index}") if table.sheet is not None else doc
        builder.columns(table, sheet_node, index)
        builder.rows(table, sheet_node if table.sheet is not None else None)
    return builder.result


def _fill(report: ImportReport, result: BuildResult) -> None:
    report.rows, report.imported = result.rows, result.imported
    report.bad_rows = len(result.bad)
    report.bad = result.bad[:MAX_REPORTED]
    report.links = result.links
    report.entities_new, report.entities_known = result.entities_new, result.entities_known
    report.facts = dict(result.facts)
    report.statements = result.statements
    report.columns_used, report.columns_ignored = result.columns_used, result.columns_ignored
    report.warnings = sorted(set(result.warnings))[:MAX_REPORTED]


def _previous(store: Store, doc: NamedNode) -> dict[str, int]:
    """The graphs earlier imports of this source wrote, with their number of records."""
    rows = store.query(queries.get("import-previous"), bindings={"doc": doc})
    return {r["graph"].value: int(r["records"].value) for r in solutions(rows)}


def _write(
    store: Store, nquads: Path, graph: NamedNode, drop: list[NamedNode], statements: int
) -> None:
    if statements <= TRANSACTION_LIMIT:
        body = nquads.read_text(encoding="utf-8").replace(f" {graph} .\n", " .\n")
        parts = [f"DROP SILENT GRAPH {g}" for g in drop]
        parts.append(f"DROP SILENT GRAPH {graph}")
        parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}}} }}")
        store.update(" ;\n".join(parts))
        return
    store.load_new_graphs(nquads, RdfFormat.N_QUADS, graph, [graph], batch=LOAD_BATCH)
    if drop:
        store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in drop))


def imports(store: Store) -> list[dict[str, object]]:
    """The imported sources in the store: file, SHA-256, mapping, graph, records."""
    rows = store.query(queries.get("imports"))
    return [
        {
            "source": r["doc"].value,
            "graph": r["graph"].value,
            "file": r["file"].value,
            "sha256": r["sha256"].value,
            "mapping": r["mapping"].value,
            "imported_at": r["when"].value if r["when"] else None,
            "records": int(r["records"].value),
        }
        for r in solutions(rows)
    ]


def mapping_files(data_dir: Path) -> dict[str, Path]:
    """The shipped mappings by id (``data/mappings/*.yaml``)."""
    return {p.stem: p for p in sorted((data_dir / "mappings").glob("*.yaml"))}


def find_mapping(data_dir: Path, name: str) -> Path:
    """A mapping by file path or by the id of a shipped one (``registry``)."""
    shipped = mapping_files(data_dir)
    if name in shipped:
        return shipped[name]
    path = Path(name)
    if path.is_file():
        return path
    raise BadRequest(
        f"no mapping {name!r}: give a mapping file or one of {', '.join(shipped) or '(none)'}"
    )


__all__ = [
    "TRANSACTION_LIMIT",
    "ImportReport",
    "file_sha256",
    "find_mapping",
    "import_file",
    "imports",
    "mapping_files",
    "source_id",
]
