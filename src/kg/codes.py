"""GB/T 4754 codes as people write them: ``3741`` (the standard), ``C3741`` (registries),
``C 3741``, ``c3741``, full-width ``Ｃ３７４１``. A foundation module: no store, no IRIs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CODE = re.compile(r"([A-T])?\s*(\d{2,4})?")
LEVELS = ("section", "division", "group", "class")  # levels 1 to 4


@dataclass(frozen=True)
class Code:
    """A code as written: the digits (or the section letter alone) and the letter, if any."""

    code: str
    section: str | None = None

    @property
    def level(self) -> int:
        """1 section, 2 division, 3 group, 4 class."""
        return 1 if self.code.isalpha() else len(self.code)

    @property
    def level_name(self) -> str:
        """The level's English name (its words: ``level.*`` in :mod:`kg.messages`).

        >>> Code("C").level_name, Code("37").level_name, Code("3741").level_name
        ('section', 'division', 'class')
        """
        return LEVELS[self.level - 1]


def parse_code(text: str) -> Code | None:
    """The GB/T 4754 code in ``text``; ``None`` when it is not a code (it may be a name).

    >>> parse_code("3741"), parse_code("C3741"), parse_code(" c 3741 ")
    (Code(code='3741', section=None), Code(code='3741', section='C'), Code(code='3741', section='C'))
    >>> parse_code("Ｃ３７"), parse_code("C"), parse_code("飞机制造"), parse_code("37411")
    (Code(code='37', section='C'), Code(code='C', section=None), None, None)
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().upper()
    m = _CODE.fullmatch(cleaned)
    if not cleaned or m is None:
        return None
    letter, digits = m.group(1), m.group(2)
    if digits:
        return Code(digits, letter)
    return Code(letter) if letter else None


__all__ = ["LEVELS", "Code", "parse_code"]
