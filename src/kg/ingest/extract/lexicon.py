"""The word lists of extraction, read from ``data/lexicon/*.csv`` (origins in
``data/lexicon/README.md``): name suffixes and the kinds they give, words that stop a name,
positions people hold, milestone words, hedges that make a milestone a plan, cooperation
verbs, currencies, relevance cues, abbreviations and macro-regions.

>>> lex = load(SOURCE_TREE)
>>> lex.suffix("哈尔滨工业大学"), lex.suffix("医院"), lex.suffix("产业园")
(('大学', 'university'), None, ('产业园', 'park'))
>>> lex.milestones["投产"], "预计" in lex.hedges
('OperationStart', True)
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kg.errors import DataError

T = TypeVar("T")

# The checkout's own lexicon (examples and tests use it; the pipeline reads the data
# directory it is given).
SOURCE_TREE = Path(__file__).resolve().parents[4] / "data" / "lexicon"


def load_model(path: Path, what: str, parse: Callable[[object, str], T]) -> T:
    """A model file of the lexicon folder: decoded from JSON and given, with its SHA-256, to
    ``parse``, which raises ``ValueError`` when the document is not such a model. A missing,
    unreadable, undecodable or inconsistent file is a ``DataError`` naming it and ``what`` it
    is."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        problem = f"{what} unreadable: {e.strerror or e}"
        raise DataError(f"{path}: {problem}", details=[f"{path}: {problem}"]) from e
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        problem = f"{what} is not JSON: {e}"
        raise DataError(f"{path}: {problem}", details=[f"{path}: {problem}"]) from e
    try:
        return parse(doc, hashlib.sha256(raw).hexdigest())
    except ValueError as e:
        raise DataError(f"{path}: {what} {e}", details=[f"{path}: {e}"]) from e


def file_sha256(directory: Path, name: str) -> str | None:
    """The SHA-256 of a lexicon file as it is now (``None`` when it cannot be read): whether a
    model file loaded earlier (the relevance model, the labeller's provenance, the sector model)
    has changed."""
    try:
        return hashlib.sha256((directory / name).read_bytes()).hexdigest()
    except OSError:
        return None


def rows(directory: Path, name: str) -> list[dict[str, str]]:
    """The rows of ``directory/name`` (a CSV file with a header), blank lines skipped."""
    path = directory / name
    with path.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if any((v or "").strip() for v in r.values())]


def _column(directory: Path, name: str) -> tuple[str, ...]:
    return tuple(next(iter(r.values())).strip() for r in rows(directory, name))


@dataclass(frozen=True)
class Lexicon:
    suffixes: tuple[tuple[str, str], ...]  # (suffix, kind), longest first
    platforms: tuple[str, ...]  # compound endings of platforms (技术创新中心)
    infrastructure: tuple[str, ...]  # works whose names are proper (牡佳铁路)
    common_works: frozenset[str]  # ... unless only a common word precedes (高速铁路)
    verbs: frozenset[str]  # verbs jieba may tag as nouns: a name does not grow over them
    not_names: frozenset[str]  # words that end like a name but are not one (布局)
    roles: tuple[str, ...]  # positions people hold
    surnames: frozenset[str]
    countries: tuple[str, ...]
    milestones: dict[str, str]  # word -> kg:MilestoneType local name
    hedges: tuple[str, ...]  # words that make a milestone planned or wished, not reached
    cooperation: dict[str, str]  # verb -> joint (A与B合作) or links (A携手B)
    currencies: dict[str, str]  # word -> ISO 4217 code
    cues: dict[str, int]  # industry cue word -> weight
    off_topic: dict[str, int]  # off-topic cue word -> weight
    economic: tuple[str, ...]  # verbs and measures of business (投资, 开工, 产值, 订单)
    title_topics: dict[str, str]  # title word -> the other topic it settles (会见: diplomacy)
    abbreviations: dict[str, str]  # short -> full name
    macro_regions: tuple[str, ...]
    # a macro-region's name -> the name kg labels it by and its English name (长三角地区 ->
    # 长三角, Yangtze River Delta): one entity of the news graphs for its names
    macro_names: dict[str, tuple[str, str]]
    known: tuple[tuple[str, str, str], ...]  # (name, kind, full name): KNOWN_NAMES
    figure_verbs: tuple[str, ...]  # verbs that join an owner to its count (集聚, 签约)
    # the heads of works' names (口岸, 灌区: works.csv, role head): name suffixes of projects
    # that :meth:`suffix` gives, kept apart from ``suffixes`` - not cues of an actor's name
    heads: tuple[tuple[str, str], ...] = ()
    # the world's countries and territories by their Chinese names (ISO 3166-1): never people
    world: frozenset[str] = frozenset()
    # the characters Chinese writes foreign names in (维, 奇, 斯, 基, 尔): a person's name
    # jieba cuts in pieces is whole while its pieces are written in them (施泰因 + 迈尔)
    transliteration: frozenset[str] = frozenset()
    _by_last: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # a word is checked against a few suffixes only, longest first
        for suffix, kind in sorted(self.suffixes + self.heads, key=lambda x: -len(x[0])):
            self._by_last.setdefault(suffix[-1], []).append((suffix, kind))

    @functools.lru_cache(maxsize=1 << 16)  # noqa: B019 - the lexicon lives as long as its cache
    def suffix(self, word: str) -> tuple[str, str] | None:
        """The longest name suffix a word ends with and the kind it gives; a
        one-character suffix (园, 院) only as a word of its own (医院 is no 院)."""
        if not word:
            return None
        return next(
            (
                sk
                for sk in self._by_last.get(word[-1], ())
                if (word == sk[0] if len(sk[0]) == 1 else word.endswith(sk[0]))
            ),
            None,
        )

    def __hash__(self) -> int:
        return id(self)

    @functools.cached_property
    def milestone_words(self) -> str:
        """The milestone words as a regex alternation, longest first."""
        return "|".join(sorted(map(re.escape, self.milestones), key=len, reverse=True))


# Named things by their names and short forms (name, kind, full): the central bodies of
# state and party, central and leading enterprises, national expos and fairs, national
# strategies and initiatives.
KNOWN_NAMES = ("bodies.csv", "enterprises.csv", "events.csv", "strategies.csv", "zones.csv")


@functools.cache
def load(directory: Path) -> Lexicon:
    """The lexicon of ``directory`` (``data/lexicon``), read once per directory."""
    suffixes = [(r["suffix"], r["kind"]) for r in rows(directory, "name-suffixes.csv")]
    works = rows(directory, "works.csv")
    cues = rows(directory, "relevance-cues.csv")
    return Lexicon(
        suffixes=tuple(sorted(suffixes, key=lambda x: -len(x[0]))),
        platforms=_column(directory, "platform-endings.csv"),
        infrastructure=tuple(r["word"] for r in works if r["role"] == "suffix"),
        common_works=frozenset(r["word"] for r in works if r["role"] == "common"),
        verbs=frozenset(_column(directory, "verbs.csv")),
        not_names=frozenset(_column(directory, "not-names.csv")),
        roles=_column(directory, "roles.csv"),
        surnames=frozenset(_column(directory, "surnames.csv")),
        countries=_column(directory, "countries.csv"),
        milestones={r["word"]: r["type"] for r in rows(directory, "milestones.csv")},
        hedges=_column(directory, "hedges.csv"),
        cooperation={r["word"]: r["form"] for r in rows(directory, "cooperation-verbs.csv")},
        currencies={r["word"]: r["code"] for r in rows(directory, "currencies.csv")},
        cues={r["word"]: int(r["weight"]) for r in cues if r["topic"] == "industry"},
        off_topic={r["word"]: int(r["weight"]) for r in cues if r["topic"] == "off-topic"},
        economic=tuple(r["word"] for r in cues if r["topic"] == "economic"),
        title_topics={r["word"]: r["topic"] for r in rows(directory, "title-topics.csv")},
        abbreviations={r["short"]: r["full"] for r in rows(directory, "abbreviations.csv")},
        macro_regions=_column(directory, "macro-regions.csv"),
        macro_names={
            r["name"]: (r["canonical"], r["en"]) for r in rows(directory, "macro-regions.csv")
        },
        figure_verbs=_column(directory, "figure-verbs.csv"),
        heads=tuple((r["word"], "project") for r in works if r["role"] == "head"),
        world=frozenset(_column(directory, "iso3166-countries.csv")),
        transliteration=frozenset(_column(directory, "transliteration.csv")),
        known=tuple(
            (r["name"], r["kind"], r["full"] or r["name"])
            for name in KNOWN_NAMES
            for r in rows(directory, name)
        ),
    )
