"""The name index that search and name resolution share: every name of every entity kg
minted (label, alias, short name, code) with the entity's labels and types, and the pinyin
of its Chinese names, so ``航天`` finds every name containing it without a scan of the
store, ``lianhe feiji`` finds 哈尔滨联合飞机 and ``hgd`` finds 哈工大.

The index is read from the store (``name-index.rq``) once per store version
(:mod:`kg.store.memo`); the pinyin is spelled on the first pinyin query of a version.
pypinyin ships its dictionary, so nothing is downloaded.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import Literal

from kg import queries
from kg.namespaces import KG, RDF, RDFS, SKOS
from kg.store import Store, solutions
from kg.store.memo import kept, per_version

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
        """The spelling of ``name``, remembered across store versions (names seldom change,
        and spelling is the slow part of building the index)."""
        return _spell(name)

    @classmethod
    def spell(cls, name: str) -> Spelling:
        # Imported here: its dictionaries are 57 MB, which exports and queries never need.
        from pypinyin import Style, lazy_pinyin

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


@functools.lru_cache(maxsize=1 << 18)
def _spell(name: str) -> Spelling:
    return Spelling.spell(name)


@dataclass
class Named:
    """One entity of the index: its zh and en labels, its types and every name it has
    (property IRI, name, language)."""

    iri: str
    zh: str | None = None
    en: str | None = None
    types: list[str] = field(default_factory=list)
    names: list[tuple[str, str, str]] = field(default_factory=list)


# The properties whose names search matches (skos:prefLabel only names resolve).
SEARCHED = {RDFS.label.value, SKOS.altLabel.value, KG.shortName.value, SKOS.notation.value}
# The properties whose names are spelled in pinyin (codes and English names are not).
SPELLED = SEARCHED - {SKOS.notation.value}
# What the index reads (name-index.rq and name-index-types.rq): a write stating none of
# these leaves it as it was.
NAMING = SEARCHED | {SKOS.prefLabel.value, RDF.type.value}


class NameIndex:
    """The names of the entities of one store version that kg minted under ``base``."""

    def __init__(self, store: Store, base: str) -> None:
        self.base = base
        self.entities: dict[str, Named] = {}
        base_term = {"base": Literal(base)}
        for row in solutions(store.query(queries.get("name-index"), bindings=base_term)):
            iri, name, p = row["entity"].value, row["name"], row["p"].value
            item = self.entities.get(iri)
            if item is None:
                item = self.entities[iri] = Named(iri)
            lang = name.language if isinstance(name, Literal) else ""
            entry = (p, name.value, lang or "")
            if entry in item.names:
                continue  # the same name stated in several graphs (the union repeats it)
            item.names.append(entry)
            if p == RDFS.label.value and lang == "zh" and item.zh is None:
                item.zh = name.value
            elif p == RDFS.label.value and lang == "en" and item.en is None:
                item.en = name.value
        for row in solutions(store.query(queries.get("name-index-types"), bindings=base_term)):
            item = self.entities.get(row["entity"].value)
            if item is not None and row["type"].value not in item.types:
                item.types.append(row["type"].value)
        # (lowercased name, name, IRI) of every searched name, for substring search, and
        # which of them hold each character and each pair of adjacent characters
        self._searched = [
            (n.lower(), n, e.iri)
            for e in self.entities.values()
            for p, n, _ in e.names
            if p in SEARCHED
        ]
        self._grams = Grams(lowered for lowered, _, _ in self._searched)
        self._by_lower: dict[str, set[str]] = {}
        for e in self.entities.values():
            for _, n, _ in e.names:
                self._by_lower.setdefault(n.lower(), set()).add(e.iri)
        self._spellings: Spellings | None = None
        self._lock = threading.Lock()

    def containing(self, q: str) -> dict[str, tuple[tuple[int, int], str]]:
        """Entities with a name containing ``q`` (ignoring case): IRI -> ((0 the whole
        name, 1 its start, 2 inside it; the name's length), the best such name)."""
        low = q.lower()
        found: dict[str, tuple[tuple[int, int], str]] = {}
        for at in self._grams.containing(low):
            lowered, name, iri = self._searched[at]
            if low in lowered:
                rank = (0 if lowered == low else 1 if lowered.startswith(low) else 2, len(name))
                if iri not in found or rank < found[iri][0]:
                    found[iri] = (rank, name)
        return found

    def named(self, name: str) -> set[str]:
        """Entities with a name equal to ``name``, ignoring case (labels, preferred labels,
        aliases, short names and codes)."""
        return set(self._by_lower.get(name.strip().lower(), ()))

    def _spelled(self) -> Spellings:
        with self._lock:
            if self._spellings is None:
                self._spellings = Spellings(
                    (e.iri, Spelling.of(n))
                    for e in self.entities.values()
                    for p, n, lang in e.names
                    if p in SPELLED and lang != "en"
                )
            return self._spellings

    def find(self, q: str) -> dict[str, tuple[int, str]]:
        """Entities with a name whose pinyin matches ``q``: IRI -> (rank, name)."""
        compact = "".join(_LETTERS.findall(q.lower()))
        spellings = self._spelled()
        found: dict[str, tuple[int, str]] = {}
        for at in sorted(spellings.candidates(compact)):
            iri, spelling = spellings.items[at]
            rank = spelling.rank(compact)
            if rank is not None and (iri not in found or rank < found[iri][0]):
                found[iri] = (rank, spelling.name)
        return found


class Grams:
    """Postings of strings: for each character and each pair of adjacent characters, the
    positions of the strings holding it. The strings holding a text are among those
    holding its rarest pair (its character, for one character), so a lookup reads that
    one list rather than every string.

    >>> g = Grams(["航天科工", "哈尔滨工业大学", "航空"])
    >>> sorted(g.containing("工")), sorted(g.containing("航天")), sorted(g.containing("天航"))
    ([0, 1], [0], [])
    """

    __slots__ = ("_postings", "_size")

    def __init__(self, strings: Iterable[str]) -> None:
        postings: dict[str, list[int]] = {}
        size = 0
        for at, text in enumerate(strings):
            size = at + 1
            for gram in {*text, *(text[i : i + 2] for i in range(len(text) - 1))}:
                postings.setdefault(gram, []).append(at)
        self._postings = postings
        self._size = size

    def containing(self, text: str) -> list[int] | range:
        """Positions of the strings that may hold ``text`` (every one that does): callers
        check each. All positions for an empty text."""
        if not text:
            return range(self._size)
        grams = {text} if len(text) == 1 else {text[i : i + 2] for i in range(len(text) - 1)}
        return min((self._postings.get(g, []) for g in grams), key=len)


class Spellings:
    """The pinyin of every spelled name (``items``: (IRI, spelling)), indexed for the four
    ways :meth:`Spelling.rank` matches a query: the whole spelling or its start (sorted
    spellings, a binary search), inside it (the postings of its letters), its initials'
    start (sorted initials)."""

    __slots__ = ("_full", "_grams", "_initials", "items")

    def __init__(self, items: Iterable[tuple[str, Spelling]]) -> None:
        self.items = list(items)
        self._full = sorted((s.full, at) for at, (_, s) in enumerate(self.items))
        self._initials = sorted((s.initials, at) for at, (_, s) in enumerate(self.items))
        self._grams = Grams(s.full for _, s in self.items)

    def candidates(self, compact: str) -> set[int]:
        """Positions of the spellings :meth:`Spelling.rank` may match ``compact`` with
        (a superset of those it does)."""
        if not compact:
            return set()
        found = set(_prefixed(self._full, compact)) | set(_prefixed(self._initials, compact))
        if len(compact) >= 4:
            found.update(self._grams.containing(compact))
        return found


def _prefixed(keyed: list[tuple[str, int]], prefix: str) -> Iterator[int]:
    """The positions of the keys starting with ``prefix``, in a list sorted by key."""
    for key, at in keyed[bisect.bisect_left(keyed, (prefix, -1)) :]:
        if not key.startswith(prefix):
            return
        yield at


def names_key(base: str) -> tuple[str, str]:
    """The name index's key among the values kept per store version."""
    return ("names", base)


def index_for(store: Store, base: str) -> NameIndex:
    """The name index of ``store`` at its current version (built on first use)."""
    return per_version(store, names_key(base), lambda s: NameIndex(s, base))


def kept_index(store: Store, base: str) -> NameIndex | None:
    """The name index of ``store`` at its current version if it is built; else ``None``
    (it is not built here)."""
    return kept(store, names_key(base))


__all__ = [
    "NAMING",
    "Grams",
    "NameIndex",
    "Named",
    "Spelling",
    "Spellings",
    "index_for",
    "is_pinyin_query",
    "kept_index",
    "names_key",
]
