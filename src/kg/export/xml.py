"""Text for XML (GraphML, the sheets of a workbook): escaped, and without the characters
XML 1.0 cannot hold (control characters other than tab and line breaks), which are dropped."""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')  # either
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def text(value: str) -> str:
    """``value`` escaped for element content or a double-quoted attribute.

    >>> text('合成 <"a" & b>\\x01')
    '合成 &lt;&quot;a&quot; &amp; b&gt;'
    """
    if not _SPECIAL.search(value):
        return value  # most values: one scan, in C
    value = value.translate(_ESCAPES)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value
