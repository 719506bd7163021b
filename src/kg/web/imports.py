"""What the import pages show: an imported table as a source (its file, columns and rows,
each row with the facts it gave) and the upload page's list of imports - plain data for
the templates, computed with the named queries ``import-*.rq``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.entities import labels
from kg.errors import NotFound
from kg.imports import imports, mapping_files
from kg.imports.mapping import load_mapping
from kg.iris import Minter
from kg.namespaces import XSD
from kg.paging import check_page, page_count, page_number
from kg.store import Store, solutions
from kg.web.source import Term, as_quantity, literals, term

ROWS_PER_PAGE = 50


@dataclass(frozen=True)
class ColumnMap:
    """Columns of the table and the property their values gave (``inverse``: the row's
    entity is the object)."""

    columns: list[str]
    property: str
    inverse: bool


@dataclass(frozen=True)
class RecordFact:
    predicate: str
    columns: list[str]  # the columns it was read from
    value: Term


@dataclass(frozen=True)
class Record:
    """A row of the table with the entity and the facts it gave."""

    row: int
    sheet: str | None
    record: str
    entity: Term
    linked_by: str | None  # how the row was linked to an entity the graph had
    cells: dict[str, str]  # the cells as written
    facts: list[RecordFact]


@dataclass(frozen=True)
class ImportTablePage:
    iri: str
    file: str
    sha256: str
    format: str | None
    mapping: str
    graph: str
    when: str | None
    records: int
    columns: list[ColumnMap]
    rows: list[Record]
    page: int
    pages: int


def import_source(store: Store, minter: Minter, iri: NamedNode, page: int = 1) -> ImportTablePage:
    """An imported table: file, SHA-256, mapping, columns, and one page of its rows with
    the facts each gave."""
    head = list(solutions(store.query(queries.get("import-source"), bindings={"doc": iri})))
    if not head:
        raise NotFound(key="error.table.none", values={"iri": iri.value})
    h = head[0]
    graph = h["graph"]
    columns: dict[str, ColumnMap] = {}
    for r in solutions(store.query(queries.get("import-columns"), bindings={"doc": iri})):
        item = columns.setdefault(
            r["map"].value, ColumnMap([], r["property"].value, bool(r["inverse"]))
        )
        if r["column"].value not in item.columns:
            item.columns.append(r["column"].value)
    by_property: dict[str, list[str]] = {}
    for c in columns.values():
        by_property.setdefault(c.property, []).extend(c.columns)
    total = int(h["records"].value)
    check_page(page, page_count(total, ROWS_PER_PAGE), "noun.rows")
    offset = (page - 1) * ROWS_PER_PAGE
    sparql = queries.get("import-records") + f"LIMIT {ROWS_PER_PAGE} OFFSET {offset}\n"
    records = list(solutions(store.query(sparql, bindings={"doc": iri, "graph": graph})))
    entities = [r["entity"] for r in records]
    facts: dict[str, list[tuple[NamedNode, object]]] = {}
    if entities:
        sparql = queries.get("import-record-facts") + queries.values(
            ["entity"], ([e] for e in entities)
        )
        for r in solutions(store.query(sparql, bindings={"graph": graph})):
            facts.setdefault(r["entity"].value, []).append((r["p"], r["o"]))
    terms = [o for fs in facts.values() for _, o in fs if isinstance(o, NamedNode)]
    names = labels(store, [*entities, *terms])
    said = literals((NamedNode(e), p, o) for e, fs in facts.items() for p, o in fs)
    rows = [
        Record(
            row=int(r["row"].value),
            sheet=r["sheet"].value if r["sheet"] else None,
            record=r["record"].value,
            entity=term(minter, names, r["entity"]),
            linked_by=r["linkedBy"].value if r["linkedBy"] else None,
            cells=json.loads(r["cells"].value) if r["cells"] else {},
            facts=[
                RecordFact(
                    p.value,
                    by_property.get(p.value, []),
                    as_quantity(term(minter, names, o), p.value, said.get(r["entity"].value, {})),
                )
                for p, o in facts.get(r["entity"].value, [])
            ],
        )
        for r in records
    ]
    return ImportTablePage(
        iri=iri.value,
        file=h["file"].value,
        sha256=h["sha256"].value,
        format=h["format"].value if h["format"] else None,
        mapping=h["mapping"].value,
        graph=graph.value,
        when=h["when"].value if h["when"] else None,
        records=total,
        columns=list(columns.values()),
        rows=rows,
        page=page,
        pages=page_count(total, ROWS_PER_PAGE),
    )


def page_of(store: Store, iri: NamedNode, page: str | None, row: str | None) -> int:
    """The page to show: ``page`` as asked, or the one holding row ``row``."""
    if row is not None and row.isdigit():
        head = list(solutions(store.query(queries.get("import-source"), bindings={"doc": iri})))
        if head:
            found = store.query(
                queries.get("import-row-position"),
                bindings={
                    "doc": iri,
                    "graph": head[0]["graph"],
                    "row": Literal(row, datatype=XSD.integer),
                },
            )
            before = next((int(r["before"].value) for r in solutions(found)), 0)
            return before // ROWS_PER_PAGE + 1
    return page_number(page)


@dataclass(frozen=True)
class MappingChoice:
    """A mapping a writer may choose, with the columns it reads."""

    id: str
    label: str
    label_en: str
    key: str  # the column that names each row's entity
    columns: list[str]


@dataclass(frozen=True)
class UploadPage:
    mappings: list[MappingChoice]
    imports: list[dict[str, object]]  # the tables imported so far, as /api/imports gives them


def upload_page(store: Store, data_dir: Path) -> UploadPage:
    """The mappings a writer may choose, with the columns each reads, and the imports so far."""
    mappings = []
    for key, path in mapping_files(data_dir).items():
        m = load_mapping(path)
        mappings.append(
            MappingChoice(
                id=key,
                label=m.title_zh or m.id,
                label_en=m.title_en or m.id,
                key=m.label,
                columns=[alts[0] for alts in m.columns()],
            )
        )
    return UploadPage(mappings, imports(store))


__all__ = [
    "ROWS_PER_PAGE",
    "ColumnMap",
    "ImportTablePage",
    "Record",
    "RecordFact",
    "MappingChoice",
    "UploadPage",
    "import_source",
    "page_of",
    "upload_page",
]
