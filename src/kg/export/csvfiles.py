"""Nodes, edges and evidence as CSV files in the column layout of graph database bulk
imports: ``nodes.csv`` (``id:ID``, ``:LABEL``, properties as ``name:type``), ``edges.csv``
(``:START_ID``, ``:END_ID``, ``:TYPE``, properties) - the headers ``neo4j-admin database
import`` reads, and columns in the order Kùzu's ``COPY FROM`` takes them (ids first, the
relationship's two ends first) - and ``evidence.csv``, the evidence of every fact.

UTF-8 without a byte order mark, RFC 4180 quoting (every string quoted); a sentence may
span lines (Neo4j: ``--multiline-fields=true``). Empty fields are missing values. Written
by Arrow's CSV writer, a batch of rows at a time (:mod:`kg.export.batches`).
"""

from __future__ import annotations

from typing import IO

import pyarrow.csv as pacsv

from kg.export.batches import Batches, schema
from kg.export.parts import Parts, TableFiles
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Column, Schema

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


class _Table(Batches):
    """One CSV file, written by Arrow a batch at a time: every string quoted, a missing
    value an empty field, booleans ``true`` / ``false``."""

    def __init__(self, f: IO[bytes], columns: list[Column], names: list[str]) -> None:
        options = pacsv.WriteOptions(quoting_style="needed")
        arrow = schema(columns, names)
        self.writer = pacsv.CSVWriter(f, arrow, write_options=options)
        super().__init__(arrow, self.writer.write_batch)

    def close(self) -> None:
        self.flush()
        self.writer.close()


def writer(parts: Parts, schema: Schema, about: dict[str, str]) -> TableFiles:
    """``nodes.csv``, ``edges.csv``, ``evidence.csv`` in ``parts``."""
    columns = schema.node_columns
    return TableFiles(
        parts,
        _Table(parts.open("nodes.csv"), columns, header(columns)),
        _Table(parts.open("edges.csv"), EDGE_COLUMNS, header(EDGE_COLUMNS)),
        _Table(parts.open("evidence.csv"), EVIDENCE_COLUMNS, header(EVIDENCE_COLUMNS, graph=False)),
    )
