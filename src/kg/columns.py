"""Spreadsheet column letters - ``A`` ... ``Z``, ``AA`` - as Excel names columns: in the
messages about an imported sheet's cells and in the workbooks exports write. A foundation
module: no imports."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA.

    >>> [column_letter(i) for i in (0, 25, 26, 701, 702)]
    ['A', 'Z', 'AA', 'ZZ', 'AAA']
    """
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out
