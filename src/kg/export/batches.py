"""Rows gathered into batches, which the table formats write a batch at a time: the CSV
lines of a batch in one call of the ``csv`` module, a Parquet row group from the CSV text of
a batch (:mod:`kg.export.parquet`), the XML of a batch of GraphML elements or sheet rows in
one write.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.export.tables import Row

GROUP = 4096  # rows per batch (held in memory until written: a few MB)


class Batches:
    """A table's rows, handed to ``write`` in lists of ``group`` rows (and the rest at
    :meth:`flush`)."""

    def __init__(self, write: Callable[[list[Row]], object], *, group: int = GROUP) -> None:
        self.write = write
        self.group = group
        self.rows: list[Row] = []

    def row(self, row: Row) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.group:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            rows, self.rows = self.rows, []
            self.write(rows)
