"""Cell values as text, the same in every text format (CSV, GraphML, the sheets of a
workbook): booleans ``true`` / ``false``, integers in decimal, doubles in their shortest
round-trip form as Arrow writes them (``3``, ``0.000001``, ``1e-7``, ``1.5e+10``), text
as it is. CSV lines are formatted a batch of rows at a time: every string quoted (RFC 4180: ``"`` doubled), a missing value an empty field, nothing else quoted
- the layout of Arrow's CSV writer with ``quoting_style="needed"``, and what Parquet tables
are read back from (:mod:`kg.export.parquet`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from kg.export.tables import Row


def double(value: float) -> str:
    """A double as Arrow writes it: the shortest digits that read back as ``value``, in
    decimal notation for scientific exponents from -6 to 9, else as ``1.5e+10``.

    >>> [double(v) for v in (3.0, -0.0, 1e-06, 1e-07, 123456789.5, 1e10, 2.5e300)]
    ['3', '-0', '0.000001', '1e-7', '123456789.5', '1e+10', '2.5e+300']
    """
    r = repr(value)
    if r in ("nan", "inf", "-inf"):
        return r
    sign = ""
    if r[0] == "-":
        sign, r = "-", r[1:]
    mantissa, _, exponent = r.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)  # where the point goes
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    if not digits:
        return sign + "0"
    scientific = point - 1
    if -6 <= scientific < 10:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        if point >= len(digits):
            return sign + digits + "0" * (point - len(digits))
        return f"{sign}{digits[:point]}.{digits[point:]}"
    tail = f".{digits[1:]}" if len(digits) > 1 else ""
    return f"{sign}{digits[0]}{tail}e{'+' if scientific >= 0 else '-'}{abs(scientific)}"


def plain(value: object) -> str:
    """A value (not ``None``) as text."""
    if value.__class__ is str:
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return double(value)
    return str(value)


class CSVLines:
    """Rows as CSV lines on a text stream."""

    def __init__(self, f: IO[str]) -> None:
        self.f = f

    def header(self, names: Iterable[str]) -> None:
        self.rows([tuple(names)])

    def rows(self, rows: Iterable[Row]) -> None:
        """Every string quoted (``"`` doubled), a missing value empty, the rest
        :func:`plain`."""
        cell = plain
        self.f.write(
            "".join(
                [
                    ",".join(
                        [
                            ""
                            if v is None
                            else '"' + v.replace('"', '""') + '"'
                            if v.__class__ is str
                            else cell(v)
                            for v in row
                        ]
                    )
                    + "\n"
                    for row in rows
                ]
            )
        )
