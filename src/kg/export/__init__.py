"""Exports for analysts: a selection of the graph, with the provenance of its facts, in the
formats their tools open.

- :mod:`~kg.export.selection` - what an export holds (a chain, a region, an industry, a
  source, an entity's neighbourhood, a CONSTRUCT query's triples: :mod:`~kg.export.template`
  evaluates the query as a SELECT, :mod:`~kg.export.spool` sorts its result by subject on
  disk);
- :mod:`~kg.export.reader` - one pass over the selection, node by node;
- :mod:`~kg.export.tables` - the graph as node, edge and evidence tables;
  :mod:`~kg.export.batches` - their rows in batches, which the table formats write a batch
  at a time; :mod:`~kg.export.cells` - values as text, the same in every text format;
- one module per format: :mod:`~kg.export.rdf` (the six RDF formats),
  :mod:`~kg.export.graphml`, :mod:`~kg.export.csvfiles` (graph database imports),
  :mod:`~kg.export.parquet`, :mod:`~kg.export.xlsx`;
- :mod:`~kg.export.parts` - zip members or files; :mod:`~kg.export.stream` - an export as
  a stream of chunks (HTTP downloads); :mod:`~kg.export.notebook` - NetworkX graphs and
  pandas data frames.
- :mod:`~kg.export.tablecache` - the tables of every node kept per store revision, which
  large GraphML, CSV, Parquet and Excel exports are written from (:mod:`~kg.export.tablefiles`:
  their files, build and writing, with Arrow; :mod:`~kg.export.tablebuild`: the build in a
  process of its own).

Every format is written in one streaming pass: memory holds a batch of nodes and the IRIs
of the selection, never the subgraph.

>>> from kg.formats import by_name, EXPORT_FORMATS
>>> [f.name for f in EXPORT_FORMATS][-4:]
['graphml', 'csv', 'parquet', 'xlsx']
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

import pyoxigraph as ox

from kg.errors import UnsupportedFormat
from kg.export import rdf
from kg.export.notebook import to_dataframes, to_networkx
from kg.export.parts import DirectoryParts, Parts, ZipParts
from kg.export.reader import Cancelled, Progress, blocks
from kg.export.selection import (
    WHATS,
    Selection,
    chain,
    construct,
    construct_about,
    constructed,
    entity,
    find_entity,
    industry,
    region,
    select,
    source,
)
from kg.export.tables import Row, Rows, Schema
from kg.formats import EXPORT_FORMATS, GRAPH_FORMATS, Format
from kg.iris import Minter
from kg.store import Store

if TYPE_CHECKING:
    from kg.export.tablecache import TableCache

MULTI_FILE = ("csv", "parquet")  # formats of several files: a zip, or a directory


class TableWriter(Protocol):
    """What the graph and table formats implement: rows in, a file (or files) out."""

    def node(self, row: Row) -> None: ...
    def edge(self, row: Row) -> None: ...
    def evidence(self, row: Row) -> None: ...
    def close(self) -> None: ...
    def discard(self) -> None: ...


def _tables_writer(
    fmt: Format, target: IO[bytes] | Path, schema: Schema, about: dict[str, str]
) -> TableWriter:
    # Each format's module is imported when it is used (Parquet's pyarrow is big: only it).
    if fmt.name == "graphml":
        from kg.export.graphml import GraphMLWriter

        assert not isinstance(target, Path)
        return GraphMLWriter(target, schema, about)
    parts: Parts
    if isinstance(target, Path):
        parts = DirectoryParts(target)
    else:
        parts = ZipParts(target, compress=fmt.name != "parquet")
    if fmt.name == "csv":
        from kg.export import csvfiles

        return csvfiles.writer(parts, schema, about)
    if fmt.name == "parquet":
        from kg.export import parquet

        return parquet.writer(parts, schema, about)
    from kg.export.xlsx import XLSXWriter

    return XLSXWriter(parts, schema, about)


def write(
    selection: Selection,
    fmt: Format,
    target: IO[bytes] | Path,
    *,
    provenance: bool = True,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
    tables: TableCache | None = None,
) -> dict[str, int]:
    """Write ``selection`` in ``fmt`` to a binary stream (CSV and Parquet: a zip of their
    tables) or, for CSV and Parquet, into a directory. Returns counts: ``statements``
    read, and ``nodes``, ``edges``, ``evidence`` rows for table formats. ``progress`` is
    called with the number of selected nodes written since its last call; ``check``
    between batches, and may raise to stop. With ``tables``, a large selection in a format
    they serve is written from the store's tables (:mod:`kg.export.tablecache`: the same
    content, faster) when they are built; it never waits for a build."""
    if fmt not in EXPORT_FORMATS:
        raise UnsupportedFormat(f"{fmt.name} is not an export format")
    if isinstance(target, Path) and fmt.name not in MULTI_FILE:
        raise UnsupportedFormat(f"{fmt.name} is one file: give a file, not a directory")
    if fmt in GRAPH_FORMATS:
        assert not isinstance(target, Path)
        return rdf.write(
            selection, fmt, target, provenance=provenance, progress=progress, check=check
        )
    if tables is not None:
        kept = tables.for_selection(selection, fmt.name)
        if kept is not None:
            from kg.export import tablefiles  # pyarrow: only when used

            counts = tablefiles.write(
                selection,
                kept,
                fmt.name,
                target,
                provenance=provenance,
                progress=progress,
                check=check,
                about=_about(selection.kind, selection.about, provenance),
            )
            if counts is not None:
                return counts
    schema = Schema.of(selection.lookup)
    writer = _tables_writer(
        fmt, target, schema, _about(selection.kind, selection.about, provenance)
    )
    return tabulate(
        selection, schema, writer, provenance=provenance, progress=progress, check=check
    )


def write_construct(
    store: Store,
    minter: Minter,
    sparql: str,
    fmt: Format,
    target: IO[bytes] | Path,
    *,
    provenance: bool = True,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Write the result of the CONSTRUCT query ``sparql`` in ``fmt``, starting at once.

    Nothing is written before the query gives its first triple (or ends), so an error of
    the query comes before any byte. The RDF formats then write the triples as the query
    gives them (:func:`kg.export.rdf.write_construct`). The graph and table formats, which
    group the facts by node, write what comes before the nodes first (GraphML's keys, the
    zip's first member and its header), then sort the result by subject in temporary
    files (:func:`kg.export.selection.construct`, ``check`` called every few thousand
    triples) and write it from there. The caller checks the query as the SPARQL endpoint does
    (size, remote access). Returns the counts of :func:`write`."""
    if fmt not in EXPORT_FORMATS:
        raise UnsupportedFormat(f"{fmt.name} is not an export format")
    if fmt in GRAPH_FORMATS:
        assert not isinstance(target, Path)
        return rdf.write_construct(store, sparql, fmt, target, provenance=provenance, check=check)
    if isinstance(target, Path) and fmt.name not in MULTI_FILE:
        raise UnsupportedFormat(f"{fmt.name} is one file: give a file, not a directory")
    triples = constructed(store, sparql)
    schema = Schema.of(store)
    about = _about("construct", construct_about(sparql), provenance)
    writer = _tables_writer(fmt, target, schema, about)
    try:
        selection = construct(store, minter, sparql, triples=triples, check=check)
    except BaseException:
        writer.discard()
        raise
    return tabulate(
        selection, schema, writer, provenance=provenance, progress=progress, check=check
    )


def _about(kind: str, about: dict[str, str], provenance: bool) -> dict[str, str]:
    """What an export says of itself (GraphML's description, the workbook's about sheet)."""
    return {"selection": kind, **about, "provenance": str(provenance).lower()}


def tabulate(
    selection: Selection,
    schema: Schema,
    writer: TableWriter,
    *,
    provenance: bool = True,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Hand every node, edge and evidence row of ``selection`` to ``writer``, then close
    it (or discard it, when the export fails). Returns the counts."""
    rows = Rows(schema, selection.lookup)
    counts = {"statements": 0, "nodes": 0, "edges": 0, "evidence": 0}
    try:
        for block in blocks(selection, provenance=provenance, progress=progress, check=check):
            counts["statements"] += len(block.quads)
            counts["nodes"] += 1
            writer.node(rows.node(block))
            edges, evidence = rows.facts(block)
            counts["edges"] += len(edges)
            counts["evidence"] += len(evidence)
            for edge in edges:
                writer.edge(edge)
            for item in evidence:
                writer.evidence(item)
        writer.close()
    except BaseException:
        writer.discard()
        raise
    return counts


def serialize(selection: Selection, fmt: Format, *, provenance: bool = True) -> bytes:
    """The export as bytes (small selections; stream big ones with :func:`write`)."""
    out = io.BytesIO()
    write(selection, fmt, out, provenance=provenance)
    return out.getvalue()


def quads(selection: Selection, *, provenance: bool = True) -> list[ox.Quad]:
    """The statements an RDF export of ``selection`` holds (small selections)."""
    return list(rdf.statements(selection, provenance=provenance))


__all__ = [
    "MULTI_FILE",
    "WHATS",
    "Cancelled",
    "Selection",
    "TableWriter",
    "blocks",
    "chain",
    "construct",
    "entity",
    "find_entity",
    "industry",
    "quads",
    "region",
    "select",
    "serialize",
    "source",
    "tabulate",
    "to_dataframes",
    "to_networkx",
    "write",
    "write_construct",
]
