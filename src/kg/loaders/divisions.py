"""China's administrative divisions (``data/gazetteer/admin-divisions.csv``, GB/T 2260
codes) -> the region hierarchy as reference data.

Each division becomes the place the curated data already knows under its name and level
(黑龙江省 is ``place/heilongjiang``) or ``place/cn-{code}`` - the IRI the news pipeline and
the spreadsheet imports mint for it - with its level's class, its Chinese name, its code
(``dct:identifier``) and ``kg:partOf`` the division it lies in (a county of 哈尔滨市 in
哈尔滨, 哈尔滨 in 黑龙江). So a region holds every place the code table puts in it, not only
those a sentence happens to place there: a partner match for 黑龙江 counts an enterprise the
news places in 大庆. A curated place keeps its own labels and types; the table adds its code
and what it lies in. The bookkeeping rows of the table (市辖区, 县, 省直辖县级行政区划) are no
places: what lies under them lies in the division above.

The province-level divisions are named in English too (``data/reference/provinces.csv``:
Fujian Province, Beijing, Guangxi Zhuang Autonomous Region, Hong Kong SAR, from ISO
3166-2:CN), with the bare name and the ISO name as aliases (Fujian, Fujian Sheng), and the
English names in wide use that ISO does not write (Tibet, Macau: kg's addition): a region is
asked for by them (``--region Fujian``, ``--region Tibet``). A curated province keeps its own English label
(the table's agrees with it); cities and districts have no English name kg could rest on,
and get none.

The files are checked row by row (codes of six digits and unique, a known level, the parent
a row of the file one level up; one row of English names for each province-level division
and none for anything else); every problem is reported as ``file:line``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Self

from pyoxigraph import Literal, NamedNode, Quad, Triple

from kg.iris import Minter
from kg.names import short_form
from kg.namespaces import DCT, KG, RDF, RDFS, SKOS

if TYPE_CHECKING:  # the loaders' machinery is imported where the table is read or built:
    # the news pipeline's extraction processes import this module for its constants only
    from kg.loaders.curated import GraphBuild

DIVISIONS_FILE = "admin-divisions.csv"
# data/reference: the province-level divisions, their abbreviations and English names
PROVINCES_FILE = "provinces.csv"
PROVINCE_COLUMNS = (
    "code",
    "name",
    "abbreviation",
    "alternative",
    "iso_code",
    "iso_name",
    "en",
    "en_alias",
    "en_exonyms",
)
# en_exonyms: the English names kg adds as aliases, not ISO's (Tibet, Macau), ``;`` between
EXONYM_SEPARATOR = ";"
ISO_CODE = re.compile(r"CN-[A-Z]{2}")
GRAPH_NAME = "reference-gbt2260"
COLUMNS = ("code", "name", "level", "parent")
LEVELS = ("province", "city", "district")
LEVEL_CLASS = {"province": KG.Province, "city": KG.City, "district": KG.District}
PLACE_TYPES = frozenset(LEVEL_CLASS.values())
# Rows of the table that group divisions rather than name a place.
NOT_PLACES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: str | None


def spellings(name: str, level: str) -> list[str]:
    """The names a division is written by: 黑龙江省 and 黑龙江; 哈尔滨市 and 哈尔滨
    (districts only in full).

    >>> spellings("黑龙江省", "province"), spellings("道外区", "district")
    (['黑龙江省', '黑龙江'], ['道外区'])
    """
    if name in NOT_PLACES:
        return [name]
    short = short_form(name) if level in ("province", "city") else None
    return [name, short] if short else [name]


@dataclass
class Divisions:
    by_code: dict[str, Division] = field(default_factory=dict)
    children: dict[str | None, dict[str, list[Division]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    by_name: dict[str, list[Division]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, path: Path) -> Self:
        """The table, checked; raise :class:`DataError` listing every problem."""
        from kg.loaders.curated import Problems, csv_table

        problems = Problems()
        reader = csv_table(path, COLUMNS)
        d = cls()
        lines: dict[str, int] = {}
        for line, r in enumerate(reader, start=2):
            code, name = (r["code"] or "").strip(), (r["name"] or "").strip()
            level, parent = (r["level"] or "").strip(), (r["parent"] or "").strip() or None
            if not (len(code) == 6 and code.isascii() and code.isdigit()):
                problems.add(path, line, f"{code!r} is not a division code (six digits)")
                continue
            if code in d.by_code:
                problems.add(path, line, f"{code}: duplicate code (first at line {lines[code]})")
                continue
            if level not in LEVELS:
                problems.add(
                    path, line, f"{code}: level {level!r} is not one of {', '.join(LEVELS)}"
                )
                continue
            if not name:
                problems.add(path, line, f"{code}: the name is empty")
                continue
            if (parent is None) != (level == "province"):
                problems.add(
                    path,
                    line,
                    f"{code}: a {level} {'has no' if parent is None else 'has a'} parent",
                )
                continue
            lines[code] = line
            d.add(Division(code, name, level, parent))
        for div in d.by_code.values():
            up = d.by_code.get(div.parent) if div.parent else None
            if div.parent and up is None:
                problems.add(
                    path, lines[div.code], f"{div.code}: parent {div.parent} is not in the file"
                )
            elif up is not None and LEVELS.index(up.level) != LEVELS.index(div.level) - 1:
                problems.add(
                    path,
                    lines[div.code],
                    f"{div.code}: a {div.level} under a {up.level} ({up.code})",
                )
        problems.raise_if_any(f"administrative divisions {path.name}")
        return d

    def add(self, div: Division) -> None:
        self.by_code[div.code] = div
        for name in spellings(div.name, div.level):
            self.children[div.parent][name].append(div)
            self.by_name[name].append(div)

    def chain(self, div: Division) -> list[Division]:
        """The division and the ones it lies in, most specific first (no 市辖区)."""
        out = []
        current: Division | None = div
        while current is not None:
            if current.name not in NOT_PLACES:
                out.append(current)
            current = self.by_code.get(current.parent) if current.parent else None
        return out

    def places(self) -> list[Division]:
        """Every division that is a place (not a bookkeeping row), in code order."""
        return [d for code, d in sorted(self.by_code.items()) if d.name not in NOT_PLACES]


@dataclass(frozen=True)
class EnglishNames:
    """A province-level division's names in English: its label (Fujian Province, Beijing,
    Hong Kong SAR) and its aliases - the bare name and the ISO 3166-2 name (Fujian, Fujian
    Sheng), then the English names in wide use that ISO does not write (``en_exonyms``:
    Tibet, Macau) - each once, none the label again."""

    label: str
    aliases: tuple[str, ...]


def english_names(path: Path, table: Divisions) -> dict[str, EnglishNames]:
    """The English names of the province-level divisions of ``table`` by code, from
    ``provinces.csv``, checked: each row a province of the table by its code and name, one
    row for each, a label, an alias and an ISO code and name; raise :class:`DataError`
    listing every problem."""
    from kg.loaders.curated import Problems, csv_table

    problems = Problems()
    out: dict[str, EnglishNames] = {}
    isos: set[str] = set()
    for line, r in enumerate(csv_table(path, PROVINCE_COLUMNS), start=2):
        row = {k: (v or "").strip() for k, v in r.items()}
        div = table.by_code.get(row["code"])
        if div is None or div.level != "province" or div.name != row["name"]:
            problems.add(
                path,
                line,
                f"{row['code']} {row['name']}: not a province-level division of {DIVISIONS_FILE}",
            )
            continue
        if div.code in out:
            problems.add(path, line, f"{div.code}: duplicate code")
            continue
        missing = [c for c in ("iso_name", "en", "en_alias") if not row[c]]
        if missing:
            problems.add(path, line, f"{div.code}: no {', '.join(missing)}")
            continue
        if not ISO_CODE.fullmatch(row["iso_code"]):
            problems.add(
                path,
                line,
                f"{div.code}: iso_code {row['iso_code']!r} is not an ISO 3166-2:CN code (CN-XX)",
            )
            continue
        if row["iso_code"] in isos:
            problems.add(path, line, f"{div.code}: iso_code {row['iso_code']} is another row's")
            continue
        isos.add(row["iso_code"])
        exonyms = (n.strip() for n in row["en_exonyms"].split(EXONYM_SEPARATOR))
        names = (row["en_alias"], row["iso_name"], *exonyms)
        aliases = dict.fromkeys(n for n in names if n and n != row["en"])
        out[div.code] = EnglishNames(row["en"], tuple(aliases))
    for div in table.places():
        if div.level == "province" and div.code not in out:
            problems.add(path, 1, f"{div.code} {div.name}: no row of English names")
    problems.raise_if_any(f"province-level divisions {path.name}")
    return out


def curated_places(builds: list[GraphBuild]) -> dict[tuple[str, str], str]:
    """``(level, name) -> IRI`` of the places the curated graphs declare (a province, city
    or district, by each of its Chinese labels and alternative labels)."""
    level_of = {cls.value: level for level, cls in LEVEL_CLASS.items()}
    levels: dict[str, str] = {}
    names: dict[str, list[str]] = defaultdict(list)
    for b in builds:
        for t in b.triples:
            s = t.subject
            if not isinstance(s, NamedNode):
                continue
            if (
                t.predicate == RDF.type
                and isinstance(t.object, NamedNode)
                and t.object.value in level_of
            ):
                levels[s.value] = level_of[t.object.value]
            elif t.predicate in (RDFS.label, SKOS.altLabel):
                o = t.object
                if isinstance(o, Literal) and o.language == "zh":
                    names[s.value].append(o.value)
    return {(levels[iri], name): iri for iri in sorted(levels) for name in names.get(iri, ())}


def reference_shape_input(t: Triple | Quad) -> bool:
    """Whether the shapes read a statement of a reference graph: the types others' shapes
    need (a GB/T 4754 class is a class, ``sh:class``), not a division's. The shapes ask
    named entities for labels in both languages; the code table names its divisions in
    Chinese only (as the news pipeline does; the province-level ones in English too), and
    no curated fact points at one of them (curated facts name curated places, which keep
    their own labels)."""
    return t.predicate == RDF.type and t.object not in PLACE_TYPES


def build_divisions(
    minter: Minter, path: Path, known: Mapping[tuple[str, str], str], provinces: Path
) -> tuple[GraphBuild, Divisions]:
    """The graph of the hierarchy, and the table (for loaders that resolve places):
    ``known`` maps (level, name) to the IRI of a place the curated data declares;
    ``provinces`` is the table of the province-level divisions' English names."""
    from kg.loaders.curated import GraphBuild

    table = Divisions.read(path)
    english = english_names(provinces, table)
    build = GraphBuild(minter.graph(GRAPH_NAME), "GB/T 2260")
    g = build.name
    build.add(
        g, RDFS.label, Literal("参考数据：中华人民共和国行政区划代码（GB/T 2260）", language="zh")
    )
    build.add(
        g,
        RDFS.label,
        Literal("Reference data: administrative division codes (GB/T 2260)", language="en"),
    )
    iris: dict[str, NamedNode] = {}
    for div in table.places():
        matches = {
            known[(div.level, n)] for n in spellings(div.name, div.level) if (div.level, n) in known
        }
        same_name = [
            d
            for n in spellings(div.name, div.level)
            for d in table.by_name[n]
            if d.level == div.level
        ]
        curated = (
            next(iter(matches))
            if len(matches) == 1 and len({d.code for d in same_name}) == 1
            else None
        )
        iri = NamedNode(curated) if curated else minter.entity(f"place/cn-{div.code}")
        iris[div.code] = iri
        en = english.get(div.code)
        if curated is None:
            build.add(iri, RDF.type, LEVEL_CLASS[div.level])
            build.add(iri, RDFS.label, Literal(div.name, language="zh"))
            if en is not None:
                build.add(iri, RDFS.label, Literal(en.label, language="en"))
        # a curated place keeps its own English label; the table's is then one of its names
        # (found, not shown), whether or not the two agree
        names = (*((en.label,) if curated else ()), *en.aliases) if en is not None else ()
        for alias in names:
            build.add(iri, SKOS.altLabel, Literal(alias, language="en"))
        build.add(iri, DCT.identifier, Literal(div.code))
        build.entities.add(iri.value)
    for div in table.places():
        up = table.chain(div)[1:2]
        if up:
            build.add(iris[div.code], KG.partOf, iris[up[0].code])
            build.facts += 1
    build.shape_input = [t for t in build.triples if reference_shape_input(t)]
    return build, table


__all__ = [
    "DIVISIONS_FILE",
    "LEVEL_CLASS",
    "NOT_PLACES",
    "PROVINCES_FILE",
    "Division",
    "Divisions",
    "EnglishNames",
    "build_divisions",
    "curated_places",
    "english_names",
    "reference_shape_input",
    "spellings",
]
