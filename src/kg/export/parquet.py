"""Nodes, edges and evidence as Parquet files (pyarrow), with the tables' column types:
``nodes.parquet``, ``edges.parquet``, ``evidence.parquet``, written in row groups as they
are read."""

from __future__ import annotations

from typing import IO

import pyarrow.parquet as pq

from kg.export.batches import Batches, schema
from kg.export.parts import Parts, TableFiles
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Column, Schema


class _Table(Batches):
    def __init__(self, f: IO[bytes], columns: list[Column]) -> None:
        self.writer = pq.ParquetWriter(f, schema(columns), compression="zstd")
        super().__init__(self.writer.schema, self.writer.write_batch)

    def close(self) -> None:
        self.flush()
        self.writer.close()


def writer(parts: Parts, schema: Schema, about: dict[str, str]) -> TableFiles:
    """``nodes.parquet``, ``edges.parquet``, ``evidence.parquet`` in ``parts``."""
    return TableFiles(
        parts,
        _Table(parts.open("nodes.parquet"), schema.node_columns),
        _Table(parts.open("edges.parquet"), EDGE_COLUMNS),
        _Table(parts.open("evidence.parquet"), EVIDENCE_COLUMNS),
    )
