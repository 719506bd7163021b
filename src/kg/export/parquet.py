"""Nodes, edges and evidence as Parquet files (pyarrow), with the tables' column types:
``nodes.parquet``, ``edges.parquet``, ``evidence.parquet``, written in row groups as they
are read.

A batch of rows becomes an Arrow table by way of its CSV text (:mod:`kg.export.cells`),
which Arrow's CSV reader parses in C with the columns' types: converting Python lists with
``pyarrow.array`` costs more, and imports pandas.
"""

from __future__ import annotations

import io
from typing import IO

import pyarrow as pa
import pyarrow.csv as pacsv

from kg.export.batches import Batches
from kg.export.cells import CSVLines
from kg.export.parts import Parts, TableFiles
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Column, Row, Schema

TYPES = {"string": pa.string(), "long": pa.int64(), "double": pa.float64(), "boolean": pa.bool_()}


def schema(columns: list[Column]) -> pa.Schema:
    """The Arrow schema of ``columns``."""
    return pa.schema([(name, TYPES[kind]) for name, kind in columns])


class Parse:
    """Rows (tuples in column order) to Arrow tables of a schema, by way of their CSV text."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.read = pacsv.ReadOptions(column_names=schema.names, use_threads=False)
        self.parse = pacsv.ParseOptions(newlines_in_values=True)
        self.convert = pacsv.ConvertOptions(
            column_types=schema,
            null_values=[""],
            strings_can_be_null=True,  # an empty field is a missing value,
            quoted_strings_can_be_null=False,  # "" an empty string
        )

    def __call__(self, rows: list[Row]) -> pa.Table:
        text = io.StringIO()
        CSVLines(text).rows(rows)
        data = io.BytesIO(text.getvalue().encode())
        return pacsv.read_csv(
            data, read_options=self.read, parse_options=self.parse, convert_options=self.convert
        )


class _Table(Batches):
    def __init__(self, f: IO[bytes], columns: list[Column]) -> None:
        self.schema = schema(columns)
        import pyarrow.parquet as pq  # when a Parquet file is written (the tables' CSV: not)

        self.writer = pq.ParquetWriter(f, self.schema, compression="zstd")
        self.table = Parse(self.schema)
        super().__init__(self._write)

    def _write(self, rows: list[Row]) -> None:
        self.writer.write_table(self.table(rows))

    def close(self) -> None:
        self.flush()
        self.writer.close()


def writer(parts: Parts, schema: Schema, about: dict[str, str]) -> TableFiles:
    """``nodes.parquet``, ``edges.parquet``, ``evidence.parquet`` in ``parts``."""
    import pyarrow.parquet  # noqa: F401 - imported (once: it takes a while) before any byte

    return TableFiles(
        parts,
        _Table(parts.open("nodes.parquet"), schema.node_columns),
        _Table(parts.open("edges.parquet"), EDGE_COLUMNS),
        _Table(parts.open("evidence.parquet"), EVIDENCE_COLUMNS),
    )
