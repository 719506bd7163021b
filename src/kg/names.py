"""Names for search: every entity's Chinese names with their pinyin, so ``lianhe feiji``
finds 哈尔滨联合飞机 and ``hgd`` finds 哈工大.

The index is built from the store on first use and rebuilt when the store's version
changes; pypinyin ships its dictionary, so nothing is downloaded.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass

from pyoxigraph import Literal
from pypinyin import Style, lazy_pinyin

from kg import queries
from kg.store import Store, solutions

_LETTERS = re.compile(r"[a-z]+")
_ASCII_QUERY = re.compile(r"[A-Za-z][A-Za-z' \-]*")


def is_pinyin_query(q: str) -> bool:
    """Latin letters only (with spaces, apostrophes or hyphens between syllables).

    >>> is_pinyin_query("lianhe feiji"), is_pinyin_query("联合飞机"), is_pinyin_query("5G")
    (True, False, False)
    """
    return bool(_ASCII_QUERY.fullmatch(q.strip()))


@dataclass(frozen=True)
class Spelling:
    """One name spelled in pinyin: syllables run together, and their initials.

    >>> s = Spelling.of("哈工大")
    >>> s.full, s.initials
    ('hagongda', 'hgd')
    """

    name: str
    full: str
    initials: str

    @classmethod
    def of(cls, name: str) -> Spelling:
        syllables = [
            w
            for part in lazy_pinyin(name, style=Style.NORMAL)
            for w in _LETTERS.findall(part.lower())
        ]
        return cls(name, "".join(syllables), "".join(s[0] for s in syllables))

    def rank(self, compact: str) -> int | None:
        """How well the letters of a query match: 0 the whole name, 1 its start, 2 inside
        it, 3 its initials; ``None`` for no match."""
        if not compact:
            return None
        if self.full == compact:
            return 0
        if self.full.startswith(compact):
            return 1
        if len(compact) >= 4 and compact in self.full:
            return 2
        if 2 <= len(compact) <= len(self.initials) and self.initials.startswith(compact):
            return 3
        return None


class NameIndex:
    """Pinyin spellings of the names of one store, kept in step with its version."""

    def __init__(self, store: Store, base: str) -> None:
        self._store = store
        self._base = base
        self._version: str | None = None
        self._entries: list[tuple[str, Spelling]] = []
        self._lock = threading.Lock()

    def _refresh(self) -> list[tuple[str, Spelling]]:
        with self._lock:
            version = self._store.version
            if version != self._version:
                rows = self._store.query(
                    queries.get("names"), bindings={"base": Literal(self._base)}
                )
                self._entries = [
                    (row["entity"].value, Spelling.of(row["name"].value)) for row in solutions(rows)
                ]
                self._version = version
            return self._entries

    def find(self, q: str) -> dict[str, tuple[int, str]]:
        """Entities with a name whose pinyin matches ``q``: IRI -> (rank, name)."""
        compact = "".join(_LETTERS.findall(q.lower()))
        found: dict[str, tuple[int, str]] = {}
        for iri, spelling in self._refresh():
            rank = spelling.rank(compact)
            if rank is not None and (iri not in found or rank < found[iri][0]):
                found[iri] = (rank, spelling.name)
        return found


_INDEXES: weakref.WeakKeyDictionary[Store, NameIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_for(store: Store, base: str) -> NameIndex:
    """The name index of ``store`` (one per store, built lazily)."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(store)
        if index is None or index._base != base:
            index = _INDEXES[store] = NameIndex(store, base)
        return index


__all__ = ["NameIndex", "Spelling", "index_for", "is_pinyin_query"]
