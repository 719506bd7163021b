"""Nodes, edges and evidence as CSV files in the column layout of graph database bulk
imports: ``nodes.csv`` (``id:ID``, ``:LABEL``, properties as ``name:type``), ``edges.csv``
(``:START_ID``, ``:END_ID``, ``:TYPE``, properties: the fact's ``id`` is a property, since
Neo4j's header format defines ``:ID`` for node files only) - the headers ``neo4j-admin
database import`` reads, and columns in the order Kùzu's ``COPY FROM`` takes them (ids first, the
relationship's two ends first) - and ``evidence.csv``, the evidence of every fact.

UTF-8 without a byte order mark, RFC 4180 quoting (every string quoted); a sentence may
span lines (Neo4j: ``--multiline-fields=true``). Empty fields are missing values. Written
by the ``csv`` module a batch of rows at a time (:mod:`kg.export.cells`).
"""

from __future__ import annotations

import io
from typing import IO

from kg.export.batches import Batches
from kg.export.cells import CSVLines
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
    ``name:type`` (strings untyped). A relationship file (one with ``source``) has no
    ``:ID``: its ``id`` is a string property."""
    if not graph:
        return [name for name, _ in columns]
    edges = any(name == "source" for name, _ in columns)
    return [
        (None if edges and name == "id" else SPECIAL.get(name))
        or (name if kind == "string" else f"{name}:{kind}")
        for name, kind in columns
    ]


class _Table(Batches):
    """One CSV file, written a batch at a time."""

    def __init__(self, f: IO[bytes], names: list[str]) -> None:
        self.text = io.TextIOWrapper(f, encoding="utf-8", newline="")
        self.lines = CSVLines(self.text)
        self.lines.header(names)
        super().__init__(self.lines.rows)

    def close(self) -> None:
        self.flush()
        self.text.flush()
        self.text.detach()  # the file is the parts' to close


def writer(parts: Parts, schema: Schema, about: dict[str, str]) -> TableFiles:
    """``nodes.csv``, ``edges.csv``, ``evidence.csv`` in ``parts``."""
    columns = schema.node_columns
    return TableFiles(
        parts,
        _Table(parts.open("nodes.csv"), header(columns)),
        _Table(parts.open("edges.csv"), header(EDGE_COLUMNS)),
        _Table(parts.open("evidence.csv"), header(EVIDENCE_COLUMNS, graph=False)),
    )
