"""The names the pipeline recognises: every name the graph knows (with the thing's kind),
China's administrative divisions (``data/gazetteer/admin-divisions.csv``), common industry
names mapped to the graph's industry scheme (``data/gazetteer/industries.csv``) and the
abbreviations in common use (``data/lexicon/abbreviations.csv``), named things by their
names and short forms - the central bodies of state and party, central and leading
enterprises, national expos, national strategies (``data/lexicon/bodies.csv``,
``enterprises.csv``, ``events.csv``, ``strategies.csv``) - and the planning
macro-regions (``data/lexicon/macro-regions.csv``). Matching is longest-first over
simplified text."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg import queries
from kg.ingest.extract.lexicon import load as load_lexicon
from kg.ingest.text import simplified
from kg.loaders.divisions import LEVEL_CLASS, NOT_PLACES
from kg.names import short_form
from kg.namespaces import KG_NS
from kg.store import Store, solutions

# Counties and districts are written without their ending too (曲阜, 婺源, 高淳); an ethnic
# autonomous county by its place name (秀山土家族苗族自治县 -> 秀山).
_SHORTEN_COUNTY = re.compile(r"(?:(?:[\u4e00-\u9fff]{1,8}族)+自治县|自治县|自治旗|林区|特区|市|县|区|旗)$")


@dataclass(frozen=True)
class Entry:
    name: str  # as matched (simplified)
    kind: str  # kg.entities kind: enterprise, university, region, park, policy, industry, ...
    iri: str | None = None  # a known entity
    canonical: str | None = None  # the full name an abbreviation stands for
    level: str | None = None  # province, city, district for divisions
    code: str | None = None  # a division's code (GB/T 2260)
    broader: tuple[str, ...] = ()  # an industry's broader concepts in kg's scheme
    classification: str | None = None  # an industry's GB/T 4754-2017 code


def within(inner: Entry | None, outer: Entry | None) -> bool:
    """Whether one division lies in another, by their codes (330800 in 330000).

    >>> within(Entry("衢州", "region", code="330800"), Entry("浙江", "region", level="province", code="330000"))
    True
    """
    if inner is None or outer is None or not inner.code or not outer.code:
        return False
    if inner.code == outer.code:
        return False
    digits = {"province": 2, "city": 4}.get(outer.level or "")
    return digits is not None and inner.code[:digits] == outer.code[:digits]


def siblings(one: Entry | None, other: Entry | None) -> bool:
    """Whether two divisions are both known and neither lies in the other (青海, 海南).

    >>> siblings(Entry("青海", "region", level="province", code="630000"), Entry("海南", "region", level="province", code="460000"))
    True
    >>> siblings(Entry("浙江", "region", level="province", code="330000"), Entry("舟山", "region", level="city", code="330900"))
    False
    """
    if one is None or other is None or not one.code or not other.code or one.code == other.code:
        return False
    return not within(one, other) and not within(other, one)


def _industry_names(name: str) -> list[str]:
    """A class name and its form without the closing 业 (装卸搬运业, 装卸搬运) - or, for a
    manufacturing class, with it, as the sector is written in running text (汽车整车制造业)
    - of four characters at least: shorter ones (机场, 教育, 餐饮) name things and places as
    often as sectors; but a name of three closing in 业 names a sector (建筑业, 零售业) -
    not one of two, a modifier as often (农业机械化, 农业防灾减灾).

    >>> _industry_names("畜牧专业及辅助性活动"), _industry_names("汽车整车制造"), _industry_names("机场")
    (['畜牧专业及辅助性活动'], ['汽车整车制造', '汽车整车制造业'], [])
    >>> _industry_names("建筑业"), _industry_names("农业")
    (['建筑业'], [])
    """
    if name.endswith("业"):
        names = [name, name[:-1]]
    elif name.endswith("制造"):
        names = [name, name + "业"]
    else:
        names = [name]
    return [n for n in names if len(n) >= MIN_CLASS_NAME or (len(n) == 3 and n.endswith("业"))]


def _listing_names(name: str) -> list[str]:
    """The full name of a section or division of GB/T 4754 that lists several activities, as
    the statistics name the sector (交通运输、仓储和邮政业; 计算机、通信和其他电子设备制造业),
    and its form without the enumeration comma, as running text writes it too
    (交通运输仓储和邮政业); nothing for a name that lists none. Its members are no sectors of
    their own there (仓储, 邮政业 of 交通运输、仓储和邮政业).

    >>> _listing_names("交通运输、仓储和邮政业")
    ['交通运输、仓储和邮政业', '交通运输仓储和邮政业']
    >>> _listing_names("石油、煤炭及其他燃料加工业")
    ['石油、煤炭及其他燃料加工业', '石油煤炭及其他燃料加工业']
    >>> _listing_names("批发和零售业"), _listing_names("农业")
    ([], [])
    """
    if not re.search("、|其他|及", name) or "，" in name:
        return []
    return list(dict.fromkeys((name, name.replace("、", ""))))


MIN_CLASS_NAME = 4  # characters of a GB/T 4754 name the pipeline recognises
# GB/T 4754's sections of public administration, social security and social organisations
# (S: 人民法院, 社会保障) and of international organisations (T): bodies, not industries; and
# those of public duties - water, ecology, environment and public facilities (N: 生态保护,
# 环境治理), education (P: 高等教育, 职业技能培训), health and social work (Q: 综合医院,
# 疾病预防控制中心): in the news, tasks of government and institutions, seldom the sectors
# the news names (``data/gazetteer/industries.csv`` names those that are: 养老服务).
NOT_INDUSTRIES = ("N", "P", "Q", "S", "T")
# The common short forms of GB/T 4754's names that list several activities or that the
# news writes shorter (交通运输, 住宿餐饮业, 软件业, 银行业), each with its code: a file of
# ``data/reference`` beside the classification (its README says where they come from).
SHORT_FORMS = "gbt4754-short-forms.csv"


@dataclass
class Gazetteer:
    entries: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    longest: int = 1

    def add(self, entry: Entry) -> None:
        if len(entry.name) < 2:
            return
        if entry not in self.entries[entry.name]:
            self.entries[entry.name].append(entry)
            self.longest = max(self.longest, len(entry.name))

    def find(
        self, text: str, longest: int | None = None, kind: str | None = None
    ) -> list[tuple[int, int, list[Entry]]]:
        """Longest-first, left-to-right matches: (start, end, entries); none longer than
        ``longest`` when given (to look inside a name the gazetteer knows whole); only
        names of ``kind`` when given (the places inside 哈尔滨联合飞机大型无人机产业基地). A
        place's short form gives way to a longer name that begins inside it (上高 in 规模以上
        高技术制造业: 高技术制造业).

        >>> g = Gazetteer()
        >>> g.add(Entry("上高", "region", level="district", canonical="上高县"))
        >>> g.add(Entry("高技术制造业", "industry"))
        >>> g.add(Entry("海南", "region", level="province", canonical="海南省"))
        >>> g.add(Entry("南昌", "region", level="city", canonical="南昌市"))
        >>> [(a, b) for a, b, _ in g.find("规模以上高技术制造业")], [(a, b) for a, b, _ in g.find("在海南昌江")]
        ([(4, 10)], [(1, 3)])
        """
        out = []
        i, n = 0, len(text)
        cap = min(self.longest, longest or self.longest)
        while i < n:
            for size in range(min(cap, n - i), 1, -1):
                found = self.entries.get(text[i : i + size])
                if found and kind is not None:
                    found = [e for e in found if e.kind == kind]
                if found and self._gives_way(found, text, i, i + size, kind):
                    found = None
                    i += 1
                    break
                if found:
                    out.append((i, i + size, found))
                    i += size
                    break
            else:
                i += 1
        return out

    def _gives_way(self, found: list[Entry], text: str, a: int, b: int, kind: str | None) -> bool:
        """Whether a match ``a:b`` of places' short forms only is cut by a longer name of
        another kind (four characters at least) that begins inside it and ends after it - not
        by another place (海南昌江 is no 南昌)."""
        if not all(e.kind == "region" and e.canonical and e.canonical != e.name for e in found):
            return False
        for j in range(a + 1, b):
            for end in range(min(len(text), j + self.longest), max(b, j + 3), -1):
                entries = self.entries.get(text[j:end], [])
                if any(e.kind != "region" and (kind is None or e.kind == kind) for e in entries):
                    return True
        return False

    def _add_classification(self, reference: Path) -> None:
        """The names of GB/T 4754-2017's divisions, groups and classes as industries, each
        with the concepts of kg's scheme it lies in (by the alignment's links to it or to a
        class above it). Names that list several activities (、, 其他) are left out but for
        the sections' and divisions' full names (:func:`_listing_names`); the
        short forms running text writes of them (交通运输 for 交通运输、仓储和邮政业, 批发零售业,
        银行业: :data:`SHORT_FORMS`) stand for their class."""
        concepts = {
            e.iri.split("/id/", 1)[1]: e.iri
            for es in self.entries.values()
            for e in es
            if e.kind == "industry" and e.iri and "/id/" in e.iri
        }
        alignment = yaml.safe_load((reference / "industry-alignment.yaml").read_text("utf-8"))
        linked: dict[str, list[tuple[str, str]]] = defaultdict(list)  # code -> (match, iri)
        for link in alignment["links"]:
            if link["match"] != "broadMatch" and link["industry"] in concepts:
                linked[str(link["gbt4754"])].append((link["match"], concepts[link["industry"]]))
        with (reference / "gbt4754-2017.csv").open(encoding="utf-8", newline="") as f:
            rows = {r["code"]: r for r in csv.DictReader(f)}
        named = [
            (code, variant)
            for code, r in rows.items()
            if not re.search("[、，,]|其他|及", r["name"]) and r["section"] not in NOT_INDUSTRIES
            for variant in _industry_names(r["name"])
        ]
        named += [
            (code, variant)
            for code, r in rows.items()
            if r["level"] in ("1", "2") and r["section"] not in NOT_INDUSTRIES
            for variant in _listing_names(r["name"])
        ]
        with (reference / SHORT_FORMS).open(encoding="utf-8", newline="") as f:
            named += [(r["code"], r["name"]) for r in csv.DictReader(f)]
        for code, variant in named:
            if any(e.kind == "industry" for e in self.entries.get(variant, [])):
                continue  # kg's own lexicon names it already
            same = [iri for match, iri in linked.get(code, []) if match != "narrowMatch"]
            up, broader = code, list[str]()
            while up and not broader:  # the nearest class with concepts around it
                broader = [iri for _, iri in linked.get(up, [])]
                up = rows[up]["parent"] if up in rows else ""
            self.add(
                Entry(
                    variant,
                    "industry",
                    iri=same[0] if same else None,
                    broader=() if same else tuple(broader),
                    classification=code,
                )
            )

    def _prefer_provinces_and_cities(self) -> None:
        """A short form a province or city is known by (河北, 海南) is never also a district's
        (河北区 of Tianjin, 海南区 of Wuhai): the higher division is what people mean when they
        write it bare; the district keeps its full name."""
        for name, entries in self.entries.items():
            if any(e.kind == "region" and e.level in ("province", "city") for e in entries):
                entries[:] = [
                    e
                    for e in entries
                    if not (e.kind == "region" and e.level == "district" and e.canonical != name)
                ]

    def concept(self, name: str) -> str | None:
        """The IRI of the scheme's industry concept a sector's name is, if the gazetteer
        knows one (汽车 -> kg's automotive industry): for a sector another finder read (the
        labeller, a list's member), so that it is the concept, not a second one of that name.

        >>> g = Gazetteer()
        >>> g.add(Entry("汽车", "industry", iri="https://example.org/id/industry/automotive"))
        >>> g.add(Entry("汽车", "industry"))
        >>> g.concept("汽车"), g.concept("汽车零部件")
        ('https://example.org/id/industry/automotive', None)
        """
        return next((e.iri for e in self.entries.get(name, []) if e.kind == "industry" and e.iri), None)

    def code(self, name: str) -> Entry | None:
        """The division a place name stands for (黑龙江 -> 230000), if any."""
        return next((e for e in self.entries.get(name, []) if e.code), None)

    def words(self) -> list[str]:
        return list(self.entries)

    @classmethod
    def build(cls, store: Store, data_dir: Path) -> Gazetteer:
        from kg.entities import KINDS  # deferred: extraction processes need none of it

        g = cls()
        divisions = data_dir / "gazetteer" / "admin-divisions.csv"
        with divisions.open(encoding="utf-8", newline="") as f:
            table = list(csv.DictReader(f))
        full_names = {r["code"]: r["name"] for r in table}
        levels = {cls.value: level for level, cls in LEVEL_CLASS.items()}
        for row in solutions(store.query(queries.get("gazetteer"))):
            kind = KINDS.get(row["type"].value.removeprefix(KG_NS), "other")
            name = simplified(row["name"].value.strip())
            code = row["code"].value if row["code"] else None  # a curated place's division
            level = levels.get(row["type"].value) if code else None
            # read as the table's row of that name is (上海 a short form of 上海市), with its IRI
            canonical = full_names.get(code or "")
            iri = row["entity"].value
            g.add(Entry(name, kind, iri=iri, code=code, level=level, canonical=canonical))
        for r in table:
            name = r["name"]
            if name in NOT_PLACES:  # 市辖区, 县: bookkeeping rows, no places
                continue
            g.add(Entry(name, "region", level=r["level"], code=r["code"], canonical=name))
            short = short_form(name) if r["level"] in ("province", "city") else None
            if short:
                g.add(Entry(short, "region", level=r["level"], code=r["code"], canonical=name))
            elif (short := _SHORTEN_COUNTY.sub("", name)) != name and len(short) >= 2:
                g.add(Entry(short, "region", level="district", code=r["code"], canonical=name))
        g._prefer_provinces_and_cities()
        industries = data_dir / "gazetteer" / "industries.csv"
        with industries.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                scheme = [
                    e.iri for e in g.entries.get(r["scheme"], []) if e.kind == "industry" and e.iri
                ]
                if scheme and r["match"] == "exact":
                    g.add(Entry(r["name"], "industry", iri=scheme[0]))
                else:
                    g.add(Entry(r["name"], "industry", broader=tuple(scheme[:1])))
        g._add_classification(data_dir / "reference")
        lex = load_lexicon(data_dir / "lexicon")
        for name in lex.macro_regions:
            if not any(e.kind == "region" for e in g.entries.get(name, [])):
                g.add(Entry(name, "region", canonical=name))
        for short, full in lex.abbreviations.items():
            known = [e for e in g.entries.get(full, []) if e.iri]
            kind = known[0].kind if known else ("university" if "大学" in full else "government")
            g.add(Entry(short, kind, iri=known[0].iri if known else None, canonical=full))
        for name, kind, full in lex.known:  # central bodies, enterprises, expos, strategies
            known = [e for e in g.entries.get(full, []) if e.iri]
            if known:
                g.add(Entry(name, known[0].kind, iri=known[0].iri, canonical=full))
            elif not g.entries.get(name):
                g.add(Entry(name, kind, canonical=full))
        return g
