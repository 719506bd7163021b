"""Exports for notebooks: a selection as a NetworkX graph or as pandas data frames, from
the same node, edge and evidence rows every table format writes (:mod:`kg.export.tables`).

    >>> from kg.export import region, to_dataframes, to_networkx  # doctest: +SKIP
    >>> frames = to_dataframes(region(store, minter, "黑龙江"))    # doctest: +SKIP
    >>> frames["edges"].groupby("type").size()                    # doctest: +SKIP

NetworkX and pandas are optional dependencies (``pip install 'kg[notebook]'``). Both hold
the selection in memory: stream big ones to a file with :func:`kg.export.write`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.export.selection import Selection
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Column, Row, Schema

if TYPE_CHECKING:
    import networkx
    import pandas

DTYPES = {"string": "string", "long": "Int64", "double": "Float64", "boolean": "boolean"}


class _Collect:
    """A table writer that keeps the rows."""

    def __init__(self) -> None:
        self.nodes: list[Row] = []
        self.edges: list[Row] = []
        self.evidence_rows: list[Row] = []

    def node(self, row: Row) -> None:
        self.nodes.append(row)

    def edge(self, row: Row) -> None:
        self.edges.append(row)

    def evidence(self, row: Row) -> None:
        self.evidence_rows.append(row)

    def close(self) -> None:
        pass

    def discard(self) -> None:
        self.nodes, self.edges, self.evidence_rows = [], [], []


def _rows(selection: Selection, provenance: bool) -> tuple[Schema, _Collect]:
    from kg.export import tabulate

    schema = Schema.of(selection.lookup)
    rows = _Collect()
    tabulate(selection, schema, rows, provenance=provenance)
    return schema, rows


def _frame(rows: list[Row], columns: list[Column]) -> pandas.DataFrame:
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=[name for name, _ in columns])
    return frame.astype({name: DTYPES[kind] for name, kind in columns})


def to_dataframes(selection: Selection, *, provenance: bool = True) -> dict[str, pandas.DataFrame]:
    """``{"nodes": ..., "edges": ..., "evidence": ...}``: the tables of the export, with
    their column types (nullable integers, floats, booleans; strings)."""
    schema, rows = _rows(selection, provenance)
    return {
        "nodes": _frame(rows.nodes, schema.node_columns),
        "edges": _frame(rows.edges, EDGE_COLUMNS),
        "evidence": _frame(rows.evidence_rows, EVIDENCE_COLUMNS),
    }


def to_networkx(selection: Selection, *, provenance: bool = True) -> networkx.MultiDiGraph:
    """A directed multigraph: nodes by IRI with the node table's columns as attributes
    (missing values left out), one edge per fact keyed by its ``id``, with the edge
    table's columns and, with provenance, ``evidence_items``: its evidence rows as dicts."""
    import networkx as nx

    schema, rows = _rows(selection, provenance)
    graph = nx.MultiDiGraph(selection=selection.kind, **selection.about)
    names = [name for name, _ in schema.node_columns]
    for row in rows.nodes:
        graph.add_node(row[0], **_attributes(names[1:], row[1:]))
    evidence: dict[str, list[dict[str, Any]]] = {}
    if provenance:
        enames = [name for name, _ in EVIDENCE_COLUMNS]
        for row in rows.evidence_rows:
            item = _attributes(enames, row)
            if item.get("edge"):
                evidence.setdefault(item["edge"], []).append(item)
    enames = [name for name, _ in EDGE_COLUMNS]
    for row in rows.edges:
        attrs = _attributes(enames[2:], row[2:])
        if provenance:
            attrs["evidence_items"] = evidence.get(attrs["id"], [])
        graph.add_edge(row[0], row[1], key=attrs["id"], **attrs)
    return graph


def _attributes(names: list[str], values: Row) -> dict[str, Any]:
    return {n: v for n, v in zip(names, values, strict=True) if v is not None}
