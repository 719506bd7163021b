"""Rows gathered into Arrow record batches, which the table formats write a batch at a time
with Arrow's own writers (Parquet, CSV) and string functions (GraphML, Excel): Python
hands each row over once, and no Python code runs per cell.

Column types are the tables' (:mod:`kg.export.tables`): ``string``, ``long``, ``double``,
``boolean``.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from kg.export.tables import Column, Row

TYPES = {"string": pa.string(), "long": pa.int64(), "double": pa.float64(), "boolean": pa.bool_()}
GROUP = 4096  # rows per batch (held in memory until written: a few MB)
# Rows per batch of the XML formats (GraphML, the workbook): each cell's text is built by
# several string functions, whose intermediate arrays a smaller batch keeps small.
XML_GROUP = 1024
ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))  # & first
ILLEGAL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"  # as kg.export.xml drops


def schema(columns: list[Column], names: list[str] | None = None) -> pa.Schema:
    """The Arrow schema of ``columns`` (named ``names`` when given)."""
    names = names or [name for name, _ in columns]
    return pa.schema([(n, TYPES[kind]) for n, (_, kind) in zip(names, columns, strict=True)])


class Batches:
    """A table's rows, handed to ``write`` as record batches of ``group`` rows (and the
    rest at :meth:`flush`)."""

    def __init__(
        self,
        schema: pa.Schema,
        write: Callable[[pa.RecordBatch], object],
        *,
        group: int = GROUP,
    ) -> None:
        self.schema = schema
        self.write = write
        self.group = group
        self.rows: list[Row] = []

    def row(self, row: Row) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.group:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            columns = zip(*self.rows, strict=True)
            arrays = [pa.array(c, type=f.type) for c, f in zip(columns, self.schema, strict=True)]
            self.rows = []
            self.write(pa.record_batch(arrays, schema=self.schema))


def xml_text(values: pa.Array) -> pa.Array:
    """Values as XML text (GraphML, the sheets of a workbook): booleans ``true`` /
    ``false``, numbers as Arrow writes them, text escaped and without the characters XML 1.0
    cannot hold - :func:`kg.export.xml.text` for a column at once."""
    if not pa.types.is_string(values.type):
        return values.cast(pa.string())
    for char, entity in ESCAPES:
        values = pc.replace_substring(values, char, entity)
    return pc.replace_substring_regex(values, ILLEGAL_RE2, "")
