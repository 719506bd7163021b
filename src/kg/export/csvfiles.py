"""Nodes, edges and evidence as CSV files in the column layout of graph database bulk
imports: ``nodes.csv`` (``id:ID``, ``:LABEL``, properties as ``name:type``), ``edges.csv``
(``:START_ID``, ``:END_ID``, ``:TYPE``, properties) - the headers ``neo4j-admin database
import`` reads, and columns in the order Kùzu's ``COPY FROM`` takes them (ids first, the
relationship's two ends first) - and ``evidence.csv``, the evidence of every fact.

UTF-8 without a byte order mark, RFC 4180 quoting; a sentence may span lines (Neo4j:
``--multiline-fields=true``). Empty fields are missing values.
"""

from __future__ import annotations

import csv
import io
from typing import IO

from kg.export.parts import Parts, TableFiles
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Column, Row, Schema

SPECIAL = {
    "id": "id:ID",
    "labels": ":LABEL",
    "source": ":START_ID",
    "target": ":END_ID",
    "type": ":TYPE",
}


def header(columns: list[Column], *, graph: bool = True) -> list[str]:
    """Neo4j's header names: ids, labels and ends by role, typed properties as
    ``name:type`` (strings untyped)."""
    if not graph:
        return [name for name, _ in columns]
    return [
        SPECIAL.get(name) or (name if kind == "string" else f"{name}:{kind}")
        for name, kind in columns
    ]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class _Table:
    def __init__(self, f: IO[bytes], columns: list[Column], names: list[str]) -> None:
        self.text = io.TextIOWrapper(f, encoding="utf-8", newline="", write_through=False)
        self.csv = csv.writer(self.text, lineterminator="\n")  # None: an empty field
        self.csv.writerow(names)
        self.booleans = [i for i, (_, kind) in enumerate(columns) if kind == "boolean"]

    def row(self, row: Row) -> None:
        if self.booleans:
            cells = list(row)
            for i in self.booleans:
                cells[i] = _cell(cells[i])
            self.csv.writerow(cells)
        else:
            self.csv.writerow(row)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


def writer(parts: Parts, schema: Schema, about: dict[str, str]) -> TableFiles:
    """``nodes.csv``, ``edges.csv``, ``evidence.csv`` in ``parts``."""
    columns = schema.node_columns
    return TableFiles(
        parts,
        _Table(parts.open("nodes.csv"), columns, header(columns)),
        _Table(parts.open("edges.csv"), EDGE_COLUMNS, header(EDGE_COLUMNS)),
        _Table(parts.open("evidence.csv"), EVIDENCE_COLUMNS, header(EVIDENCE_COLUMNS, graph=False)),
    )
