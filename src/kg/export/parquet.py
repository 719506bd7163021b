"""Nodes, edges and evidence as Parquet files (pyarrow), with the tables' column types:
``nodes.parquet``, ``edges.parquet``, ``evidence.parquet``, written in row groups as they
are read."""

from __future__ import annotations

from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from kg.export.parts import Parts, TableFiles
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Column, Row, Schema

TYPES = {"string": pa.string(), "long": pa.int64(), "double": pa.float64(), "boolean": pa.bool_()}
GROUP = 4096  # rows per row group (held in memory until written: a few MB)


class _Table:
    def __init__(self, f: IO[bytes], columns: list[Column]) -> None:
        self.schema = pa.schema([(name, TYPES[kind]) for name, kind in columns])
        self.writer = pq.ParquetWriter(f, self.schema, compression="zstd")
        self.rows: list[Row] = []

    def row(self, row: Row) -> None:
        self.rows.append(row)
        if len(self.rows) >= GROUP:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            columns = zip(*self.rows, strict=True)
            arrays = [pa.array(c, type=f.type) for c, f in zip(columns, self.schema, strict=True)]
            self.writer.write_batch(pa.record_batch(arrays, schema=self.schema))
            self.rows = []

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
