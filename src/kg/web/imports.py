"""What the import pages show: an imported table as a source (its file, columns and rows,
each row with the facts it gave) and the upload page's list of imports - plain data for
the templates, computed with the named queries ``import-*.rq``."""

from __future__ import annotations

import json

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.entities import labels
from kg.errors import NotFound
from kg.imports import imports, mapping_files
from kg.imports.mapping import load_mapping
from kg.iris import Minter
from kg.namespaces import XSD
from kg.store import Store, solutions
from kg.web.views import _term as term_view
from kg.web.views import local_href

ROWS_PER_PAGE = 50


def import_source(store: Store, minter: Minter, iri: NamedNode, page: int = 1) -> dict[str, object]:
    """An imported table: file, SHA-256, mapping, columns, and one page of its rows with
    the facts each gave."""
    head = list(solutions(store.query(queries.get("import-source"), bindings={"doc": iri})))
    if not head:
        raise NotFound(f"no imported table <{iri.value}>")
    h = head[0]
    graph = h["graph"]
    columns: dict[str, dict[str, object]] = {}
    for r in solutions(store.query(queries.get("import-columns"), bindings={"doc": iri})):
        item = columns.setdefault(
            r["map"].value,
            {"columns": [], "property": r["property"].value, "inverse": bool(r["inverse"])},
        )
        if r["column"].value not in item["columns"]:  # type: ignore[operator]  # an untyped page dict
            item["columns"].append(r["column"].value)  # type: ignore[attr-defined]  # an untyped page dict
    by_property: dict[str, list[str]] = {}
    for c in columns.values():
        by_property.setdefault(str(c["property"]), []).extend(c["columns"])  # type: ignore[arg-type]  # an untyped page dict
    total = int(h["records"].value)
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
    rows = []
    for r in records:
        e = r["entity"].value
        rows.append(
            {
                "row": int(r["row"].value),
                "sheet": r["sheet"].value if r["sheet"] else None,
                "record": r["record"].value,
                "entity": {**names[e].to_dict(), "href": local_href(minter, e)},
                "linked_by": r["linkedBy"].value if r["linkedBy"] else None,
                "cells": json.loads(r["cells"].value) if r["cells"] else {},
                "facts": [
                    {
                        "predicate": p.value,
                        "columns": by_property.get(p.value, []),
                        "value": term_view(minter, names, o),
                    }
                    for p, o in facts.get(e, [])
                ],
            }
        )
    return {
        "iri": iri.value,
        "file": h["file"].value,
        "sha256": h["sha256"].value,
        "format": h["format"].value if h["format"] else None,
        "mapping": h["mapping"].value,
        "graph": graph.value,
        "when": h["when"].value if h["when"] else None,
        "records": total,
        "columns": list(columns.values()),
        "rows": rows,
        "page": page,
        "pages": max(1, -(-total // ROWS_PER_PAGE)),
    }


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
    return int(page) if page is not None and page.isdigit() and int(page) >= 1 else 1


def upload_page(store: Store, data_dir) -> dict[str, object]:
    """The mappings a writer may choose, with the columns each reads, and the imports so far."""
    mappings = []
    for key, path in mapping_files(data_dir).items():
        m = load_mapping(path)
        mappings.append(
            {
                "id": key,
                "label": m.title_zh or m.id,
                "label_en": m.title_en or m.id,
                "key": m.label,
                "columns": [alts[0] for alts in m.columns()],
            }
        )
    return {"mappings": mappings, "imports": imports(store)}


__all__ = ["ROWS_PER_PAGE", "import_source", "page_of", "upload_page"]
