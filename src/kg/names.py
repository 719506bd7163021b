"""The name index that search and name resolution share: every name of every entity kg
minted (label, alias, short name, code) with the entity's labels and types, the places it
is part of, and the pinyin of its Chinese names, so ``航天`` finds every name containing it
without a scan of the store, ``lianhe feiji`` finds 哈尔滨联合飞机, ``hgd`` finds 哈工大 and
``nanjing gulou`` (or 南京鼓楼) finds the 鼓楼区 of 南京市.

The index is read from the store (``name-index*.rq``) once per store version
(:mod:`kg.store.memo`); the pinyin is spelled on the first pinyin query of a version.
pypinyin ships its dictionary, so nothing is downloaded. Among hits alike the entity the
graph says more about comes first (:meth:`NameIndex.order`: ``sz`` finds 深圳 before 宿州
once the news names it more).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.namespaces import KG, RDF, RDFS, SKOS
from kg.store import Store, solutions
from kg.store.memo import kept, per_version

# The endings a province's or city's short form drops (广东省 -> 广东, 北京市 -> 北京): the
# gazetteer, the import resolver and name resolution read places by them alike.
PLACE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def short_form(name: str) -> str | None:
    """A province's or city's name without its ending (PLACE_SUFFIXES), when two or more
    characters are left; ``None`` when it has no such ending.

    >>> short_form("广西壮族自治区"), short_form("北京市"), short_form("道外区")
    ('广西', '北京', None)
    """
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


_LETTERS = re.compile(r"[a-z]+")
_WORD = re.compile(r"[a-z0-9]")  # what a word of Latin letters may go on from
_ASCII_QUERY = re.compile(r"[A-Za-z][A-Za-z' \-]*")


def name_rank(low: str, lowered: str, latin: bool) -> int | None:
    """How a name (lowercased) holds a query (lowercased): 0 it is the name, 1 its start, 2
    inside it; ``None`` for not at all. A query in Latin letters (``latin``) is inside a name
    only from the start of a word on (not after a letter or a digit): ``nj`` is not in
    Tianjin, ``max`` not in 波音737MAX客机, ``harbin`` is in Heilongjiang Harbin.

    >>> name_rank("nj", "tianjin", True), name_rank("harbin", "heilongjiang harbin", True)
    (None, 2)
    >>> name_rank("max", "波音737max客机", True), name_rank("max", "波音737 max客机", True)
    (None, 2)
    """
    if lowered == low:
        return 0
    if lowered.startswith(low):
        return 1
    at = lowered.find(low, 1)
    while latin and at > 0 and _WORD.match(lowered, at - 1):
        at = lowered.find(low, at + 1)
    return 2 if at > 0 else None


def spelled_names(named: Named) -> Iterator[str]:
    """The names of an entity that pinyin search spells: its Chinese (and untagged) names,
    and of a province or city the short form people say and type (重庆 of 重庆市, 苏州 of
    苏州市: ``cq``, ``suzhou``), as the gazetteer and name resolution read them."""
    place = bool(set(named.types) & _PLACES)
    seen: set[str] = set()
    for p, name, lang in named.names:
        if p not in SPELLED or lang == "en":
            continue
        short = short_form(name) if place else None
        for form in (name, short) if short else (name,):
            if form not in seen:
                seen.add(form)
                yield form


def _weight(types: Iterable[str]) -> int:
    """How early an entity comes among hits alike (a lower weight first): provinces and
    macro-regions, then cities, then every other kind, then the 2,851 counties and districts
    (``dq`` finds 大庆市 before 丁青县, both named by its initials and as long). Within a
    weight, how many facts point to it decides (:meth:`NameIndex.order`)."""
    held = set(types)
    if held & {KG.Province.value, KG.MacroRegion.value}:
        return 0
    if KG.City.value in held:
        return 1
    return 3 if KG.District.value in held else 2


# Names longer than this (characters) are not read as a region's name and then one within
# it: by search (:func:`place_cuts`) and by name resolution (kg.entities).
WITHIN_LONGEST = 24


def place_cuts(q: str) -> Iterator[tuple[str, str]]:
    """The ways a query reads as the name of a region and then a name within it, as
    addresses are written (南京鼓楼, 南京 鼓楼, nanjing gulou): (start, rest), each stripped,
    the start two characters or more; a query in Latin letters is cut between its words
    only; a rest that is only a place's ending (市, 区 …: 苏州市 is no place 市 within 苏州) is
    no cut. None for a query longer than :data:`WITHIN_LONGEST` characters (runs of spaces
    read as one), or - in Latin letters - of more than :data:`WITHIN_WORDS` words.

    >>> list(place_cuts("南京 鼓楼"))
    [('南京', '鼓楼'), ('南京 鼓', '楼')]
    >>> list(place_cuts("nanjing gulou")), list(place_cuts("gulou")), list(place_cuts("苏州市"))
    ([('nanjing', 'gulou')], [], [])
    """
    q = " ".join(q.split())
    latin = is_pinyin_query(q)
    if len(q.split()) > WITHIN_WORDS if latin else len(q) > WITHIN_LONGEST:
        return
    cuts = (
        (q[:at].strip(), q[at:].strip()) for at in range(2, len(q)) if not latin or q[at].isspace()
    )
    yield from dict.fromkeys(
        (start, rest)
        for start, rest in cuts
        if len(start) >= 2 and rest and rest not in PLACE_ENDINGS
    )


# A query in Latin letters read as regions and a place within them: at most this many words
# (guangdong shenzhen nanshan is three; a pinyin name is a word or a syllable each).
WITHIN_WORDS = 8
# The endings of places' names, alone no name of a place within a region (苏州 + 市).
PLACE_ENDINGS = frozenset((*PLACE_SUFFIXES, "区", "县", "旗", "镇", "乡", "街道", "新区", "地区"))


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
    starts: tuple[int, ...] = ()  # where each syllable starts in ``full``

    @classmethod
    def of(cls, name: str) -> Spelling:
        """The spelling of ``name`` (its usual reading), remembered across store versions
        (names seldom change, and spelling is the slow part of building the index)."""
        return _spell(name)[0]

    @classmethod
    def readings(cls, name: str) -> tuple[Spelling, ...]:
        """Every way ``name`` is spelled that search answers to: its usual reading first,
        then those where a character that reads several ways and that no phrase of the
        dictionary settles is read its other common way (长三角 is spelled zhangsanjiao
        by default; people write changsanjiao). At most ``2 ** VARIED`` spellings: the
        first :data:`VARIED` such characters vary, each between its usual reading and the
        one other that enough phrases of the dictionary read it by (:func:`_other_reading`).

        >>> [s.full for s in Spelling.readings("长三角")]
        ['zhangsanjiao', 'changsanjiao']
        >>> [s.initials for s in Spelling.readings("长江三角洲")]
        ['cjsjz']
        """
        return _spell(name)

    @classmethod
    def spell(cls, name: str) -> tuple[Spelling, ...]:
        # Imported here: its dictionaries are 57 MB, which exports and queries never need.
        from pypinyin import Style, pinyin

        # per syllable: its readings, the usual one first, then the other one people use
        # (:func:`_other_reading`; a phrase the dictionary knows in the name gives each of
        # its characters one reading); a run of other text gives its runs of letters
        options: list[list[str]] = []
        at = 0
        for readings in pinyin(name, style=Style.NORMAL, heteronym=True):
            if name.startswith(readings[0], at):  # a run of text that is not Han
                at += len(readings[0])
                options += [[w] for w in _LETTERS.findall(readings[0].lower())]
                continue
            char, at = name[at], at + 1
            usual = "".join(_LETTERS.findall(readings[0]))
            other = _other_reading(char, usual) if len(readings) > 1 else None
            options.append([usual, other] if other else [usual])
        varied = [i for i, o in enumerate(options) if len(o) > 1][:VARIED]
        out: list[Spelling] = []
        for choice in itertools.product(*(range(len(options[i])) for i in varied)):
            picked = dict(zip(varied, choice, strict=True))
            syllables = [w for i, o in enumerate(options) if (w := o[picked.get(i, 0)])]
            starts = tuple(itertools.accumulate((len(w) for w in syllables[:-1]), initial=0))
            full, initials = "".join(syllables), "".join(w[0] for w in syllables)
            out.append(cls(name, full, initials, starts if syllables else ()))
        return tuple(dict.fromkeys(out))

    def rank(self, compact: str) -> int | None:
        """How well the letters of a query match, in whole syllables: :data:`WHOLE` the
        whole name, :data:`START` its first syllables, :data:`TYPING` its start ending inside
        a syllable (the query is still being typed: ``guangx`` and ``guangxi`` start 光纤
        guang-xian; ``beijin`` 北京), :data:`INSIDE` a run of its syllables further on
        (:meth:`inside`: ``beijin`` in 河北金融学院, he-bei-jin-rong), :data:`INITIALS` its initials (as is a start that is only initials,
        :meth:`initials_only`); ``None`` for no match. A query ending inside a syllable
        matches only a name's start: ``guangxi`` is not in 东光县 (dong-guang-xian).

        >>> [Spelling.of(n).rank("guangxi") for n in ("广西", "广西壮族自治区", "光纤制造", "东光县")]
        [0, 1, 2, None]
        """
        if not compact:
            return None
        if self.full == compact:
            return WHOLE
        if self.full.startswith(compact):
            if self.initials_only(compact):
                return INITIALS
            return START if self.ends_syllable(len(compact)) else TYPING
        if self.inside(compact):
            return INSIDE
        if 2 <= len(compact) <= len(self.initials) and self.initials.startswith(compact):
            return INITIALS
        return None

    def ends_syllable(self, at: int) -> bool:
        """Whether a syllable of the spelling ends at ``at`` (a name spelled without its
        syllables: anywhere).

        >>> [Spelling.of("光纤").ends_syllable(at) for at in (5, 7, 9)]
        [True, False, True]
        """
        return not self.starts or at == len(self.full) or at in self.starts

    def initials_only(self, compact: str) -> bool:
        """Whether a query the spelling starts with is only its syllables' initials: two or
        more syllables, each but the last of one letter (a run of Latin letters in the name
        is such a syllable). ``cd`` starts cdaxingkeji... of C919大型客机 but is its initials,
        as weak a match as any name's initials (review43b: it came before 成都's).

        >>> Spelling.of("C919大型客机").initials_only("cd"), Spelling.of("长三角").initials_only("zh")
        (True, False)
        """
        n = len(compact)
        return 2 <= n <= len(self.starts) and all(self.starts[i] == i for i in range(n))

    def inside(self, compact: str) -> bool:
        """Whether the letters of a query (four or more) are whole syllables of the
        spelling after its first: from the start of a syllable to the end of one.
        ``hangzhou`` is in 中国杭州 (zhong-guo-hang-zhou), not in 商州区 (s-hang-zhou-qu:
        from inside a syllable); ``guangxi`` is not in 东光县 (dong-guang-xian: to inside
        one) and ``fujian`` is in 机床功能部件及附件制造 (…-fu-jian-zhi-zao), a homophone
        ranked after the names spelled so whole.

        >>> Spelling.of("商州区").inside("hangzhou"), Spelling.of("中国杭州").inside("hangzhou")
        (False, True)
        >>> Spelling.of("东光县").inside("guangxi"), Spelling.of("东光县").inside("guangxian")
        (False, True)
        """
        if len(compact) < 4:
            return False
        if not self.starts:  # spelled without its syllables: anywhere
            return compact in self.full
        return any(
            self.full.startswith(compact, at) and self.ends_syllable(at + len(compact))
            for at in self.starts[1:]
        )


# How a spelling matches a query (:meth:`Spelling.rank`), best first: the whole name, its
# first syllables, its start ending inside a syllable (a query still being typed: a name's
# start is what one types), a run of its syllables further on, its initials.
WHOLE, START, TYPING, INSIDE, INITIALS = range(5)


# A name's characters that read several ways and vary in its spellings, and so at most
# 2 ** VARIED spellings of one name (a long name's later characters keep their usual reading).
VARIED = 3


@functools.lru_cache(maxsize=1 << 18)
def _spell(name: str) -> tuple[Spelling, ...]:
    return Spelling.spell(name)


def spoken(name: str) -> str | None:
    """A name in Chinese characters as its pinyin is typed, syllables apart (南京古楼区:
    ``nan jing gu lou qu``): what search finds a name by when it was mistyped by a character
    of the same sound (古 for 鼓). ``None`` for a name of other characters too, or longer than
    :data:`WITHIN_LONGEST`. Spelled afresh each time: it is what someone typed, not a name
    of the index to remember.

    >>> spoken("南京古楼区"), spoken("C919大型客机"), spoken("gulou")
    ('nan jing gu lou qu', None, None)
    """
    name = name.strip()
    if not name or len(name) > WITHIN_LONGEST or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return None
    usual = Spelling.spell(name)[0]
    ends = (*usual.starts, len(usual.full))
    return " ".join(usual.full[a:b] for a, b in itertools.pairwise(ends))


# What makes a character's other reading one people use: some phrases of the dictionary
# read it so (OTHER_PHRASES), and a fair share of those it is in (OTHER_SHARE) - 长 is chang
# in 407 and zhang in 144; 信 is shen in 1 of 227, 单 shan in 1 of 164 (a name, 单县, that the
# dictionary does not settle either way).
OTHER_PHRASES = 5
OTHER_SHARE = 0.05
# Toned vowels to the letters of pypinyin's Style.NORMAL (ü as v).
_TONELESS = str.maketrans(
    {
        **{
            c: b
            for b, cs in zip("aeiou", ("āáǎà", "ēéěè", "īíǐì", "ōóǒò", "ūúǔù"), strict=True)
            for c in cs
        },
        **dict.fromkeys("ǖǘǚǜü", "v"),
        "ń": "n",
        "ň": "n",
        "ǹ": "n",
        "ḿ": "m",
    }
)
_readings_lock = threading.Lock()
_readings: dict[str, dict[str, int]] | None = None


def _other_reading(char: str, usual: str) -> str | None:
    """The reading of ``char`` other than ``usual`` that people use, if one is: the one most
    phrases of pypinyin's phrase dictionary read it by, if enough do (:data:`OTHER_PHRASES`,
    :data:`OTHER_SHARE`).

    >>> _other_reading("长", "zhang"), _other_reading("长", "chang"), _other_reading("信", "xin")
    ('chang', 'zhang', None)
    """
    counts = _phrase_readings().get(char)
    if not counts:
        return None
    total = sum(counts.values())
    others = [(n, r) for r, n in counts.items() if r != usual]
    if not others:
        return None
    n, reading = max(others)
    return reading if n >= OTHER_PHRASES and n >= OTHER_SHARE * total else None


def _phrase_readings() -> dict[str, dict[str, int]]:
    """For each character, how many phrases of pypinyin's phrase dictionary read it each
    way (toneless), counted once per process (0.4 s)."""
    global _readings
    with _readings_lock:
        if _readings is None:
            from pypinyin.constants import PHRASES_DICT

            counts: dict[str, dict[str, int]] = {}
            for phrase, spelled in PHRASES_DICT.items():
                for char, options in zip(phrase, spelled, strict=False):
                    reading = options[0].translate(_TONELESS)
                    by = counts.setdefault(char, {})
                    by[reading] = by.get(reading, 0) + 1
            _readings = counts
        return _readings


@dataclass
class Named:
    """One entity of the index: its zh and en labels, its types, every name it has
    (property IRI, name, language) and the places it is directly part of (``kg:partOf``)."""

    iri: str
    zh: str | None = None
    en: str | None = None
    types: list[str] = field(default_factory=list)
    names: list[tuple[str, str, str]] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)


# The classes of the places whose names have short forms (PLACE_SUFFIXES dropped).
_PLACES = frozenset(c.value for c in (KG.Province, KG.City, KG.Region, KG.MacroRegion))
# The classes of regions: what a query may name first as the region a place lies in.
_REGIONS = _PLACES | {KG.Country.value, KG.District.value}
# The places name resolution finds by their pinyin alone (Nanjing): provinces and cities.
_SPELLED_PLACES = frozenset(c.value for c in (KG.Province, KG.City))
# The ranks of a hit (:meth:`NameIndex.ranked`), best first: the first key of the answer's
# order, before the length of the name matched and :meth:`NameIndex.order` (the entity's
# weight, the facts pointing to it, the entities within it, its label).
#   0-2 a name of it holds the query (:func:`name_rank`: the whole name, its start, inside
#       it), in characters or letters (an English or ISO name: Fujian, before any pinyin);
#   3-7 its pinyin, in whole syllables (PINYIN + :meth:`Spelling.rank`: the whole name, its
#       first syllables, a start ending inside a syllable, a run of syllables further on,
#       the initials): fuzhou finds 福州市 by its spelling, fujian 附件 only inside a name;
#   8-  a place in a region the query names first (南京鼓楼: 鼓楼区 of 南京市, by 鼓楼): WITHIN
#       and then the rank its name has for the rest of the query.
NAME, NAME_START, NAME_INSIDE, PINYIN = 0, 1, 2, 3
WITHIN = PINYIN + INITIALS + 1
# The ranks (:meth:`NameIndex._best`) by which the rest of a query names a place within the
# region its start names, as name resolution reads it (:meth:`NameIndex.placed`): the whole
# name or its start, in characters or pinyin - 鼓楼 of 鼓楼区, gulou, gul - not a name the
# rest is only inside of nor its initials.
NAMING_RANKS = frozenset(
    {NAME, NAME_START, PINYIN + WHOLE, PINYIN + START, PINYIN + TYPING}
)
# The properties whose names search matches (skos:prefLabel only names resolve).
SEARCHED = {RDFS.label.value, SKOS.altLabel.value, KG.shortName.value, SKOS.notation.value}
# The properties whose names are spelled in pinyin (codes and English names are not).
SPELLED = SEARCHED - {SKOS.notation.value}
# What the index reads (name-index.rq, name-index-types.rq, name-index-parts.rq and, the
# facts pointing to an entity, name-index-facts.rq): a write stating none of these leaves it
# as it was.
NAMING = SEARCHED | {SKOS.prefLabel.value, RDF.type.value, KG.partOf.value, RDF.object.value}


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
        # each region by its names and short forms (lowercased), and the places directly
        # part of each place: what a search for a place after its region reads (南京鼓楼)
        self._parts: dict[str, list[str]] = {}
        for row in solutions(store.query(queries.get("name-index-parts"), bindings=base_term)):
            item = self.entities.get(row["entity"].value)
            parent = row["parent"].value
            if item is not None and parent not in item.part_of:
                item.part_of.append(parent)
                self._parts.setdefault(parent, []).append(item.iri)
        self._region_names: dict[str, set[str]] = {}
        for e in self.entities.values():
            if set(e.types) & _REGIONS:
                for form in {*(n for _, n, _ in e.names), *spelled_names(e)}:
                    self._region_names.setdefault(form.lower(), set()).add(e.iri)
        # how many facts point to each entity (name-index-facts.rq): what orders hits alike
        self.facts: dict[str, int] = {}
        for row in solutions(store.query(queries.get("name-index-facts"))):
            pointed = row["entity"]  # an entity, else a fact's literal value
            if isinstance(pointed, NamedNode) and pointed.value in self.entities:
                self.facts[pointed.value] = int(row["facts"].value)
        # how many entities lie within each (kg:partOf, at any depth: the divisions of a
        # city, which the reference table states with no fact records): what orders hits
        # alike that the facts do not tell apart (fuzhou: 福州市's 13 before 抚州市's 11)
        self.held: dict[str, int] = {
            parent: len(self._beneath(parent)) for parent in self._parts
        }
        # (lowercased name, name, IRI) of every searched name, in the order of the answer
        # within a rank (name length, then :meth:`order`, IRI), so that the postings of each
        # character, each pair of adjacent characters and each start of a name are too, and
        # a search reads them only as far as one page
        self._searched = [
            (n.lower(), n, e.iri)
            for e in self.entities.values()
            for p, n, _ in e.names
            if p in SEARCHED
        ]
        self._weights = {e.iri: _weight(e.types) for e in self.entities.values()}
        self._searched.sort(key=lambda s: (len(s[1]), self.order(s[2]), s[2]))
        lowered = [low for low, _, _ in self._searched]
        self._grams = Grams(lowered)
        self._heads = Heads(lowered)
        self._by_lower: dict[str, set[str]] = {}
        for e in self.entities.values():
            for _, n, _ in e.names:
                self._by_lower.setdefault(n.lower(), set()).add(e.iri)
        # the entities' sets of types, numbered (few: a search for some kinds skips the
        # postings of the others' names without reading their entities)
        numbers: dict[tuple[str, ...], int] = {}
        self._typed: dict[str, int] = {
            e.iri: numbers.setdefault(tuple(e.types), len(numbers)) for e in self.entities.values()
        }
        self._types: list[tuple[str, ...]] = list(numbers)
        self._searched_typed = [self._typed[iri] for _, _, iri in self._searched]
        self._spellings: Spellings | None = None
        self._spelled_typed: list[int] = []
        self._listed: dict[int, list[tuple[str, str]]] | None = None
        self._lock = threading.Lock()

    def label(self, iri: str) -> str:
        """An entity's label (zh, else en, else its IRI)."""
        named = self.entities[iri]
        return named.zh or named.en or iri

    def order(self, iri: str) -> tuple[int, int, int, str]:
        """What orders the hits of a rank and a name length, the entity of higher standing
        first: its weight (:func:`_weight`: a province before a city, a city before a
        county), then how much the graph says about it - the facts pointing to it, most
        first (:attr:`facts`: the curated, editorial and news facts whose object it is,
        ``name-index-facts.rq``; ``sz`` finds 深圳, which the news names in hundreds of
        facts, before 宿州, named in one) - then the entities within it, most first
        (:attr:`held`: ``fuzhou`` finds 福州市, of 13 divisions, before 抚州市, of 11, on the
        curated data, where no fact points to either), then its label."""
        return self._weights[iri], -self.facts.get(iri, 0), -self.held.get(iri, 0), self.label(iri)

    def ranked(
        self, q: str, keep: Callable[[tuple[str, ...]], bool] | None = None
    ) -> Iterator[tuple[str, str]]:
        """(IRI, the name it matched by) of the entities whose name, alias, short name or
        code contains ``q`` (ignoring case) or - a query in Latin letters - whose pinyin
        matches it, in the order of the answer: by rank (:data:`NAME` …: a whole name, its
        start, inside it, then pinyin in whole syllables - :meth:`Spelling.rank`); then by
        that name's length, :meth:`order` (the entity's weight, the facts pointing to it,
        the entities within it, its label) and IRI. After them the places within a region
        the query names first, matched by the rest (:data:`WITHIN`, :meth:`_within`:
        南京鼓楼 finds the 鼓楼区 of 南京市). Only the entities whose types ``keep`` accepts.

        Lazy: the postings are in that order within each rank, so the first page reads
        little more than a page of them, however many names match (有限公司 matches every
        row of a registry). An entity's rank is decided over all its names when its first
        posting is read; one ranked later than that posting waits in a heap until the
        postings pass it."""
        low, compact, spellings = self._read(q)
        kept = None if keep is None else {n for n, t in enumerate(self._types) if keep(t)}
        if kept is not None and len(kept) == len(self._types):
            kept = None  # every entity
        seen: set[str] = set()
        waiting: list[tuple[tuple[tuple[int, int], tuple[int, int, int, str], str], str]] = []

        def meet(iri: str) -> None:
            seen.add(iri)
            if kept is not None and self._typed[iri] not in kept:
                return
            best = self._best(iri, low, compact, spellings)
            if best is not None:
                heapq.heappush(waiting, ((best[0], self.order(iri), iri), best[1]))

        # the whole name: few, and of any length; pushed first
        for iri in sorted(self._by_lower.get(low, ())):
            if iri not in seen:
                meet(iri)
        if spellings is not None:
            for at in spellings.spelled(compact):
                iri = spellings.items[at][0]
                if iri not in seen:
                    meet(iri)
        for rank, iri, length in self._postings(low, compact, spellings, kept):
            if iri in seen:
                continue
            if waiting:
                bound = ((rank, length), self.order(iri), iri)
                while waiting and waiting[0][0] < bound:
                    key, name = heapq.heappop(waiting)
                    yield key[2], name
            meet(iri)
        while waiting:
            key, name = heapq.heappop(waiting)
            yield key[2], name
        yield from self._within(q, kept)

    def _read(self, q: str) -> tuple[str, str, Spellings | None]:
        """A query as the index matches it: lowercased; its letters run together, for a
        query in Latin letters (else ``""``); and then the pinyin of the names."""
        low = q.lower()
        compact = "".join(_LETTERS.findall(low)) if is_pinyin_query(q) else ""
        return low, compact, self.spellings() if compact else None

    def _within(self, q: str, kept: set[int] | None) -> Iterator[tuple[str, str]]:
        """(IRI, name) of the places that ``q`` names as a region they lie in and then a
        name of theirs (:func:`place_cuts`, :meth:`_inside`: 南京鼓楼, nanjing gulou,
        江苏省南京市鼓楼区) and that no name of theirs holds whole, by rank
        (:data:`WITHIN` and the rest's) as :meth:`ranked` orders its hits. Only the places
        within a region a start of ``q`` names are read: a few, where the postings of the
        rest (有限公司) may be many."""
        for key, name in self._placed(q, kept):
            yield key[2], name

    def placed(self, q: str, keep: Callable[[tuple[str, ...]], bool]) -> list[str]:
        """The IRIs of the entities that ``q`` names as search reads a place after the
        region it lies in (:meth:`_within`: 福州鼓楼, nanjing gulou) by their whole name or
        its start, in characters or pinyin (:data:`NAMING_RANKS`: not by a name it is only
        inside, nor by initials), those that match best of them: what name resolution takes
        for the place meant when it is one (the 鼓楼区 of 福州市), and lists as the places meant
        when they are several (jiangsu gulou: 鼓楼区 of 南京市 and of 徐州市). Only the
        entities whose types ``keep`` accepts."""
        kept = {n for n, t in enumerate(self._types) if keep(t)}
        fits = [
            (key[0][0] - WITHIN, key[2])
            for key, _ in self._placed(q, kept)
            if key[0][0] - WITHIN in NAMING_RANKS
        ]
        best = min((rank for rank, _ in fits), default=None)
        return [iri for rank, iri in fits if rank == best]

    def _placed(
        self, q: str, kept: set[int] | None
    ) -> list[tuple[tuple[tuple[int, int], tuple[int, int, int, str], str], str]]:
        """What :meth:`_within` gives, each with its key (rank and length, :meth:`order`,
        IRI), in order."""
        named: dict[str, set[str]] = {}
        within = {
            iri
            for start, _ in place_cuts(q)
            for region in self._regions_named(start, named)
            for iri in self._beneath(region)
        }
        if not within:
            return []
        low, compact, spellings = self._read(q)
        found = []
        for iri in within:
            if kept is not None and self._typed[iri] not in kept:
                continue
            if self._best(iri, low, compact, spellings) is not None:
                continue  # a hit by a name of its own, already given
            best = self._inside(iri, q, self._above(iri), named)
            if best is not None:
                (rank, length), name = best
                found.append((((WITHIN + rank, length), self.order(iri), iri), name))
        return sorted(found)

    def _inside(
        self, iri: str, q: str, above: set[str], named: dict[str, set[str]]
    ) -> tuple[tuple[int, int], str] | None:
        """How well an entity matches ``q`` read as the name of a region it lies in (one
        of ``above``) and then the rest: the rest's best match of its names (:meth:`_best`)
        or, that failing, the rest read so again (南京市鼓楼区 after 江苏省); of the ways to
        read it, the best (the first of those alike)."""
        best: tuple[tuple[int, int], str] | None = None
        for start, rest in place_cuts(q):
            if above.isdisjoint(self._regions_named(start, named)):
                continue
            found = self._best(iri, *self._read(rest)) or self._inside(iri, rest, above, named)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return best

    def _regions_named(self, part: str, named: dict[str, set[str]]) -> set[str]:
        """The regions a part of a query names (``named`` remembers them): by a name or,
        a province or city, its short form (南京 of 南京市), ignoring case; in Latin letters
        also by their pinyin (nanjing)."""
        if part not in named:
            named[part] = self.regions_called(part) | self._spelled(part, _REGIONS)
        return named[part]

    def _spelled(self, q: str, classes: frozenset[str]) -> set[str]:
        """The entities of one of ``classes`` whose name (a province's or city's short form
        too) a query in Latin letters spells whole in pinyin (nanjing: 南京市, 南靖县)."""
        _, compact, spellings = self._read(q)
        if spellings is None:
            return set()
        items = (spellings.items[at][0] for at in spellings.spelled(compact))
        return {iri for iri in items if not classes.isdisjoint(self.entities[iri].types)}

    def spelled_places(self, q: str) -> set[str]:
        """The provinces and cities a query in Latin letters spells whole in pinyin, as name
        resolution reads a region's name (Nanjing: 南京市; Fuzhou: 福州市 and 抚州市): a county
        or district spelled so too (南靖县) comes after a city, as search orders them
        (:func:`_weight`), and is none of them."""
        return self._spelled(q, _SPELLED_PLACES)

    def regions_called(self, name: str) -> set[str]:
        """The regions with the name ``name`` or, a province or city, that short form
        (ignoring case): more than one, and the name alone does not say which is meant
        (four districts are called 鼓楼区)."""
        return set(self._region_names.get(name.strip().lower(), ()))

    def _beneath(self, region: str) -> set[str]:
        """The places within ``region`` (``kg:partOf`` down, at any depth)."""
        return _reached(region, lambda place: self._parts.get(place, ()))

    def _above(self, iri: str) -> set[str]:
        """The places an entity lies within (``kg:partOf`` up, at any depth)."""
        return _reached(iri, lambda e: self.entities[e].part_of if e in self.entities else ())

    def listed(self, keep: Callable[[tuple[str, ...]], bool]) -> Iterator[tuple[str, str]]:
        """(IRI, label) of every entity whose types ``keep`` accepts, by label (zh, en) and
        IRI: a kind listed without a name. Lazy, like :meth:`ranked`: the entities of each set
        of types are sorted once per index, and a page reads little more than a page."""
        with self._lock:
            if self._listed is None:
                listed: dict[int, list[tuple[str, str]]] = {}
                for iri, number in self._typed.items():
                    listed.setdefault(number, []).append((self.label(iri), iri))
                for entities in listed.values():
                    entities.sort()
                self._listed = listed
            groups = [self._listed.get(n, []) for n, t in enumerate(self._types) if keep(t)]
        for label, iri in heapq.merge(*groups):
            yield iri, label

    def _postings(
        self, low: str, compact: str, spellings: Spellings | None, kept: set[int] | None
    ) -> Iterator[tuple[int, str, int]]:
        """(rank, IRI, name length) of the names that may match, by rank (the whole name
        aside) and then in the order of the postings; only those of entities whose set of
        types is ``kept`` (if given)."""

        def only(positions: Iterable[int], typed: list[int]) -> Iterable[int]:
            if kept is None:
                return positions
            return (at for at in positions if typed[at] in kept)

        searched, typed = self._searched, self._searched_typed
        for at in only(self._heads.heading(low), typed):
            lowered, name, iri = searched[at]
            if lowered.startswith(low):
                yield NAME_START, iri, len(name)
        for at in only(self._grams.containing(low), typed):
            lowered, name, iri = searched[at]
            if name_rank(low, lowered, bool(compact)) == NAME_INSIDE:
                yield NAME_INSIDE, iri, len(name)
        if spellings is None:
            return
        items, typed = spellings.items, self._spelled_typed
        # a spelling's start read twice: in whole syllables, then ending inside one (a
        # query still being typed: beijin, 北京 before 河北金融学院's he-bei-jin-rong); then
        # runs of syllables further on; the whole-syllable readings only for a query that can be whole
        # syllables (not guangx: none has it so, and every start would be read for none)
        syllabic = spellings.syllabic(compact)
        for at in only(spellings.heads.heading(compact) if syllabic else (), typed):
            iri, spelling = items[at]
            if spelling.rank(compact) in (WHOLE, START):
                yield PINYIN + START, iri, len(spelling.name)
        for at in only(spellings.heads.heading(compact), typed):
            iri, spelling = items[at]
            if spelling.rank(compact) == TYPING:
                yield PINYIN + TYPING, iri, len(spelling.name)
        if len(compact) >= 4 and syllabic:
            for at in only(spellings.grams.containing(compact), typed):
                iri, spelling = items[at]
                if spelling.inside(compact):
                    yield PINYIN + INSIDE, iri, len(spelling.name)
        for at in only(spellings.initials.heading(compact), typed):
            iri, spelling = items[at]
            if spelling.initials.startswith(compact):
                yield PINYIN + INITIALS, iri, len(spelling.name)

    def _best(
        self, iri: str, low: str, compact: str, spellings: Spellings | None
    ) -> tuple[tuple[int, int], str] | None:
        """How well an entity matches (rank, the name's length) and by which name: its best
        name containing ``low`` (:data:`NAME`, :data:`NAME_START`, :data:`NAME_INSIDE`),
        else its best pinyin (:data:`PINYIN` + :meth:`Spelling.rank`); of its names that match alike, the shortest
        (``hgc`` finds 哈尔滨工程大学 by 哈工程, not by 哈工程大学), then the first."""
        best: tuple[tuple[int, int], str] | None = None
        for p, name, _ in self.entities[iri].names:
            if p not in SEARCHED:
                continue
            found = name_rank(low, name.lower(), bool(compact))
            if found is not None:
                rank = (found, len(name))
                if best is None or rank < best[0]:
                    best = (rank, name)
        if best is not None or spellings is None:
            return best
        spelled: tuple[tuple[int, int], str] | None = None
        for spelling in spellings.by_entity.get(iri, ()):
            r = spelling.rank(compact)
            if r is not None and (spelled is None or (r, len(spelling.name)) < spelled[0]):
                spelled = ((r, len(spelling.name)), spelling.name)
        return None if spelled is None else ((PINYIN + spelled[0][0], spelled[0][1]), spelled[1])

    def named(self, name: str) -> set[str]:
        """Entities with a name equal to ``name``, ignoring case (labels, preferred labels,
        aliases, short names and codes)."""
        return set(self._by_lower.get(name.strip().lower(), ()))

    def spellings(self) -> Spellings:
        """The pinyin of the names, spelled on first use (the slow part of the index)."""
        with self._lock:
            if self._spellings is None:
                self._spellings = Spellings(
                    (
                        (e.iri, spelling)
                        for e in self.entities.values()
                        for n in spelled_names(e)
                        for spelling in Spelling.readings(n)
                    ),
                    lambda item: (len(item[1].name), self.order(item[0]), item[0]),
                )
                self._spelled_typed = [self._typed[iri] for iri, _ in self._spellings.items]
            return self._spellings


def _reached(start: str, links: Callable[[str], Iterable[str]]) -> set[str]:
    """What ``links`` lead to from ``start``, at any depth (``start`` itself left out).

    >>> links = {"a": ["b"], "b": ["c", "a"]}
    >>> sorted(_reached("a", lambda node: links.get(node, [])))
    ['b', 'c']
    """
    out: set[str] = set()
    todo = [start]
    while todo:
        for found in links(todo.pop()):
            if found not in out and found != start:
                out.add(found)
                todo.append(found)
    return out


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
    """The pinyin of every spelled name (``items``: (IRI, spelling), in the order ``order``
    gives, stable; ``by_entity``: each entity's spellings in the order of its names),
    indexed for the four ways :meth:`Spelling.rank` matches a query, each in the order of
    ``items``: the whole spelling (:meth:`spelled`), its start (``heads``), inside it
    (``grams``), its initials' start (``initials``); and the syllables spelled, which say
    whether a query can be whole syllables of any spelling (:meth:`syllabic`)."""

    __slots__ = ("_full", "_syllables", "by_entity", "grams", "heads", "initials", "items")

    def __init__(
        self,
        items: Iterable[tuple[str, Spelling]],
        order: Callable[[tuple[str, Spelling]], Any] | None = None,
    ) -> None:
        self.items = list(items)
        self.by_entity: dict[str, list[Spelling]] = {}
        for iri, spelling in self.items:
            self.by_entity.setdefault(iri, []).append(spelling)
        if order is not None:
            self.items.sort(key=order)
        self._full: dict[str, list[int]] = {}
        for at, (_, s) in enumerate(self.items):
            self._full.setdefault(s.full, []).append(at)
        self.heads = Heads(s.full for _, s in self.items)
        self.initials = Heads((s.initials for _, s in self.items), shortest=2)
        self.grams = Grams(s.full for _, s in self.items)
        self._syllables = frozenset(
            s.full[a:b]
            for _, s in self.items
            for a, b in itertools.pairwise((*s.starts, len(s.full)))
        )

    def spelled(self, compact: str) -> list[int]:
        """Positions of the spellings equal to ``compact``."""
        return self._full.get(compact, []) if compact else []

    def syllabic(self, compact: str) -> bool:
        """Whether ``compact`` is a run of syllables some spelling has: else no spelling
        starts with it, or holds it further on, in whole syllables (``guangx``; a search
        for it skips to the starts ending inside a syllable, not reading every start first).

        >>> s = Spellings([("a", Spelling.of("广西")), ("b", Spelling.of("光纤"))])
        >>> s.syllabic("guangxi"), s.syllabic("guangxian"), s.syllabic("guangx")
        (True, True, False)
        """
        ends = [0]  # where a run of syllables from the start can end
        for at in range(1, len(compact) + 1):
            if any(compact[start:at] in self._syllables for start in ends):
                ends.append(at)
        return ends[-1] == len(compact)


class Heads:
    """Postings of the starts of strings: for the first character and the first two of
    each string, the positions of the strings starting so, in order; the strings starting
    with a text are among its first two characters' list.

    >>> h = Heads(["航天科工", "哈尔滨工业大学", "航空", "航天"])
    >>> h.heading("航"), h.heading("航天"), h.heading("航天科"), h.heading("")
    ([0, 2, 3], [0, 3], [0, 3], [])
    """

    __slots__ = ("_postings", "_shortest")

    def __init__(self, strings: Iterable[str], shortest: int = 1) -> None:
        self._shortest = shortest
        postings: dict[str, list[int]] = {}
        for at, text in enumerate(strings):
            for head in {text[:1], text[:2]}:
                if len(head) >= shortest:
                    postings.setdefault(head, []).append(at)
        self._postings = postings

    def heading(self, text: str) -> list[int]:
        """Positions of the strings that may start with ``text`` (every one that does; none
        for a text shorter than ``shortest``), in order: callers check each."""
        if len(text) < max(self._shortest, 1):
            return []
        return self._postings.get(text[:2], [])


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
    "INITIALS",
    "INSIDE",
    "NAME",
    "NAME_INSIDE",
    "NAME_START",
    "NAMING",
    "NAMING_RANKS",
    "WITHIN",
    "WITHIN_LONGEST",
    "Grams",
    "Heads",
    "NameIndex",
    "Named",
    "PINYIN",
    "START",
    "Spelling",
    "Spellings",
    "TYPING",
    "WHOLE",
    "index_for",
    "is_pinyin_query",
    "kept_index",
    "names_key",
    "place_cuts",
    "spoken",
]
