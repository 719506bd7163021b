"""What the cells name: administrative divisions, GB/T 4754 classes, kg's industries and
tiers, and the entities the graph already knows.

Places come from ``data/gazetteer/admin-divisions.csv`` (GB/T 2260 codes) and become the
place the graph already knows under that name (``place/harbin``) or
``place/cn-{code}``, as the news pipeline mints them; classes come from
``data/reference/gbt4754-2017.csv`` and are ``{base}id/gbt4754/{code}``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.ingest.text import simplified
from kg.iris import Minter
from kg.loaders import divisions
from kg.loaders.classification import ClassRow, read_classification
from kg.loaders.divisions import LEVEL_CLASS, NOT_PLACES, Division, spellings
from kg.namespaces import KG
from kg.store import Store, solutions

_CLASS_CELL = re.compile(r"(?P<section>[A-T])?\s*(?P<digits>\d{2,4})?\s*(?P<name>.*)")


def entity_name(text: str) -> str:
    """A name as the news pipeline normalises it: simplified characters, no blanks at
    either end (so the same name gets the same IRI from either side).

    >>> entity_name(" 哈爾濱某某有限公司 ")
    '哈尔滨某某有限公司'
    """
    return simplified(text.strip())


# --- administrative divisions ---------------------------------------------------------------


class Divisions(divisions.Divisions):
    """The division table (:class:`kg.loaders.divisions.Divisions`, read and checked
    there), and how a spreadsheet's cells name one of its divisions."""

    def resolve(self, cells: list[str | None]) -> tuple[Division | None, int | None, str]:
        """The most specific division that province / city / district cells name, each
        within the one before. Returns (division, None, "") or (None, index of the bad
        cell, why)."""
        current: Division | None = None
        for i, text in enumerate(cells):
            if not text:
                continue
            name = text.strip()
            if current is not None and name in spellings(current.name, current.level):
                continue  # 北京市 / 北京市 / 朝阳区: the city column repeats the municipality
            # as written first: OpenCC would turn 乾县 into 干县
            found = self._under(current, name) or self._under(current, simplified(name))
            if not found:
                where = f" in {current.name}" if current else ""
                return None, i, f"{text} is not an administrative division{where}"
            if len(found) > 1:
                names = ", ".join(f"{f.name} ({f.code})" for f in found[:5])
                return None, i, f"{text} is ambiguous: {names}; give the province and city too"
            current = found[0]
        return current, None, ""

    def _under(self, parent: Division | None, name: str) -> list[Division]:
        if parent is None:
            return self.by_name.get(name, [])
        direct = list(self.children[parent.code].get(name, []))
        # a county under a province's 省直辖县级行政区划 or a municipality's 市辖区 / 县
        for mid in self.children[parent.code].values():
            for m in mid:
                if m.name in NOT_PLACES:
                    direct += self.children[m.code].get(name, [])
        # a district named under its province, the city column left empty
        if not direct and parent.level == "province":
            for kids in self.children[parent.code].values():
                for k in kids:
                    direct += self.children[k.code].get(name, [])
        return list(dict.fromkeys(direct))


# --- GB/T 4754-2017 ------------------------------------------------------------------------


# One row of the classification, as kg.loaders.classification reads (and checks) it.
ActivityClass = ClassRow


@dataclass
class Classification:
    by_code: dict[str, ActivityClass] = field(default_factory=dict)
    by_name: dict[tuple[int, str], list[ActivityClass]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @classmethod
    def read(cls, path: Path) -> Classification:
        c = cls()
        for item in read_classification(path).values():
            c.by_code[item.code] = item
            c.by_name[(item.level, item.name)].append(item)
        return c

    def cell(self, text: str, level: int) -> ActivityClass:
        """The class a cell of the column for ``level`` names: a code as the standard
        writes it (``3741``), as registries do (``C3741``), a name, or both (``C37 铁路、
        船舶、航空航天和其他运输设备制造业``). ``ValueError`` when it names none."""
        text = " ".join(text.split())
        m = _CLASS_CELL.fullmatch(text)
        assert m is not None
        section, digits, name = m.group("section"), m.group("digits"), m.group("name").strip()
        if digits or (section and not name):
            code = digits or section
            item = self.by_code.get(code or "")
            if item is None:
                raise ValueError(f"{text}: no GB/T 4754-2017 code {code}")
            if section and item.section != section:
                raise ValueError(f"{text}: {code} is in section {item.section}, not {section}")
            if name and item.name not in (name, simplified(name)):
                raise ValueError(f"{text}: {code} is {item.name}, not {name}")
            return item
        found = self.by_name.get((level, name), []) or self.by_name.get(
            (level, simplified(name)), []
        )
        if len(found) != 1:
            levels = {1: "section", 2: "division", 3: "group", 4: "class"}
            raise ValueError(f"{text}: no GB/T 4754-2017 {levels[level]} of that name")
        return found[0]

    def resolve(self, cells: list[str | None]) -> tuple[ActivityClass | None, int | None, str]:
        """The most specific class that section / division / group / class cells (any of
        them empty) name, each within the one before."""
        current: ActivityClass | None = None
        levels = [1, 2, 3, 4][-len(cells) :] if len(cells) <= 4 else [1, 2, 3, 4]
        for i, text in enumerate(cells):
            if not text:
                continue
            level = levels[i] if i < len(levels) else 4
            try:
                item = self.cell(text, level)
            except ValueError as exc:
                return None, i, str(exc)
            if current is not None and not self.within(item, current):
                return None, i, f"{text} is not within {current.code} {current.name}"
            current = item
        return current, None, ""

    def within(self, item: ActivityClass, ancestor: ActivityClass) -> bool:
        node: ActivityClass | None = item
        while node is not None:
            if node.code == ancestor.code:
                return True
            node = self.by_code.get(node.parent) if node.parent else None
        return False


def class_iri(minter: Minter, code: str) -> NamedNode:
    """A class of GB/T 4754-2017 by its code: ``{base}id/gbt4754/{code}``."""
    return minter.classification(code)


# --- what the graph knows --------------------------------------------------------------------


@dataclass
class Known:
    """Names of places, industries and tiers the graph knows, read once per import."""

    places: dict[tuple[str, str], str] = field(default_factory=dict)  # (level, name) -> IRI
    industries: dict[str, str] = field(default_factory=dict)  # name -> IRI
    tiers: dict[str, str] = field(default_factory=dict)  # tier key or name -> IRI

    @classmethod
    def read(cls, store: Store, minter: Minter, data_dir: Path) -> Known:
        k = cls()
        level_of = {
            KG.Province.value: "province",
            KG.City.value: "city",
            KG.District.value: "district",
        }
        for row in solutions(store.query(queries.get("import-known-names"))):
            iri, name, typ = row["entity"].value, simplified(row["name"].value), row["type"].value
            if typ in level_of:
                k.places.setdefault((level_of[typ], name), iri)
            elif typ in (KG.Industry.value, KG.IndustryGroup.value):
                k.industries.setdefault(name, iri)
            elif typ == KG.Tier.value:
                k.tiers.setdefault(name, iri)
                key = minter.key(iri)
                if key:
                    k.tiers[key] = iri
        lexicon = data_dir / "gazetteer" / "industries.csv"
        if lexicon.exists():
            with lexicon.open(encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    if r["scheme"] and r["scheme"] in k.industries:
                        k.industries.setdefault(r["name"], k.industries[r["scheme"]])
        return k


def known_entities(
    store: Store, names: Iterable[str], codes: Iterable[str], classes: Iterable[NamedNode]
) -> tuple[dict[str, list[tuple[str, str | None]]], dict[str, list[str]]]:
    """Entities the graph already has (any graph) for these exact names (zh labels and
    aliases) and credit codes: name -> [(IRI, its credit code or None)], code -> IRIs."""
    by_name: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    by_code: dict[str, list[str]] = defaultdict(list)
    wanted = [Literal(n, language="zh") for n in dict.fromkeys(names)]
    if wanted:
        kinds = list(classes)
        sparql = queries.get("import-known-entities") + queries.values(
            ["class", "name"], ([c, n] for n in wanted for c in kinds)
        )
        for row in solutions(store.query(sparql)):
            item = (row["entity"].value, row["code"].value if row["code"] else None)
            if item not in by_name[row["name"].value]:
                by_name[row["name"].value].append(item)
    wanted_codes = [Literal(c) for c in dict.fromkeys(codes)]
    if wanted_codes:
        sparql = queries.get("import-known-codes") + queries.values(
            ["code"], ([c] for c in wanted_codes)
        )
        for row in solutions(store.query(sparql)):
            iri = row["entity"].value
            if iri not in by_code[row["code"].value]:
                by_code[row["code"].value].append(iri)
    return by_name, by_code


__all__ = [
    "LEVEL_CLASS",
    "ActivityClass",
    "Classification",
    "Division",
    "Divisions",
    "Known",
    "class_iri",
    "entity_name",
    "known_entities",
]
