"""Chinese text: traditional -> simplified for matching (same length, so offsets hold) and
sentences with their character offsets."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache

_LOCK = threading.Lock()


@cache
def _converter():
    import opencc  # deferred: its dictionaries load on first use, not at import of kg

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters, character for character: OpenCC's phrase
    conversion is kept where it does not change the length, so every offset into the
    result is an offset into the original text."""
    with _LOCK:
        convert = _converter().convert
        out = convert(text)
        if len(out) == len(text):
            return out
        return "".join(c if len(s := convert(c)) != 1 else s for c in text)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# A sentence ends at 。！？!? or ；; (Chinese news packs clauses with them) and at a line
# break; closing quotes and brackets right after the mark stay with it.
_END = re.compile(r"[。！？!?；;]+[”’」』）)】]*|\n+")


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        _add(out, text, start, m.end() if m.group()[0] != "\n" else m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
