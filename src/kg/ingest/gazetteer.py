"""The names the pipeline recognises: every name the graph knows (with the thing's kind),
China's administrative divisions (``data/gazetteer/admin-divisions.csv``), common industry
names mapped to the graph's industry scheme (``data/gazetteer/industries.csv``) and the
abbreviations in common use. Matching is longest-first over simplified text."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg import queries
from kg.entities import KINDS
from kg.ingest.text import simplified
from kg.namespaces import KG_NS
from kg.store import Store, solutions

# Abbreviations that the news uses for well-known bodies, and the full names they stand for.
ABBREVIATIONS = {
    "哈工大": "哈尔滨工业大学",
    "哈工程": "哈尔滨工程大学",
    "工信部": "工业和信息化部",
    "发改委": "国家发展和改革委员会",
    "国家发改委": "国家发展和改革委员会",
    "国家发展改革委": "国家发展和改革委员会",
    "发展改革委": "国家发展和改革委员会",
    "科技部": "科学技术部",
    "商务部": "商务部",
    "国资委": "国务院国有资产监督管理委员会",
    "中科院": "中国科学院",
    "北大": "北京大学",
    "清华": "清华大学",
    "浙大": "浙江大学",
}
# The macro-regions of national planning (no division code).
MACRO_REGIONS = [
    "京津冀",
    "长三角",
    "长三角地区",
    "长江三角洲",
    "珠三角",
    "珠三角地区",
    "粤港澳大湾区",
    "成渝地区",
    "成渝地区双城经济圈",
    "东北",
    "东北地区",
    "中西部",
    "中西部地区",
    "西部地区",
    "中部地区",
    "东部地区",
    "长江经济带",
    "黄河流域",
]
# Division names that are not places one writes about.
_NOT_PLACES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_SHORTEN = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


@dataclass(frozen=True)
class Entry:
    name: str  # as matched (simplified)
    kind: str  # kg.entities kind: enterprise, university, region, park, policy, industry, ...
    iri: str | None = None  # a known entity
    canonical: str | None = None  # the full name an abbreviation stands for
    level: str | None = None  # province, city, district for divisions
    code: str | None = None


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
        names of ``kind`` when given (the places inside 哈尔滨联合飞机大型无人机产业基地)."""
        out = []
        i, n = 0, len(text)
        cap = min(self.longest, longest or self.longest)
        while i < n:
            for size in range(min(cap, n - i), 1, -1):
                found = self.entries.get(text[i : i + size])
                if found and kind is not None:
                    found = [e for e in found if e.kind == kind]
                if found:
                    out.append((i, i + size, found))
                    i += size
                    break
            else:
                i += 1
        return out

    def code(self, name: str) -> Entry | None:
        """The division a place name stands for (黑龙江 -> 230000), if any."""
        return next((e for e in self.entries.get(name, []) if e.code), None)

    def words(self) -> list[str]:
        return list(self.entries)

    @classmethod
    def build(cls, store: Store, data_dir: Path) -> Gazetteer:
        g = cls()
        for row in solutions(store.query(queries.get("gazetteer"))):
            kind = KINDS.get(row["type"].value.removeprefix(KG_NS), "other")
            name = simplified(row["name"].value.strip())
            g.add(Entry(name, kind, iri=row["entity"].value))
        divisions = data_dir / "gazetteer" / "admin-divisions.csv"
        with divisions.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                name = r["name"]
                if name in _NOT_PLACES:
                    continue
                g.add(Entry(name, "region", level=r["level"], code=r["code"], canonical=name))
                if r["level"] in ("province", "city"):
                    for suffix in _SHORTEN:
                        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                            short = name[: -len(suffix)]
                            g.add(
                                Entry(
                                    short,
                                    "region",
                                    level=r["level"],
                                    code=r["code"],
                                    canonical=name,
                                )
                            )
                            break
        industries = data_dir / "gazetteer" / "industries.csv"
        with industries.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                scheme = [
                    e for e in g.entries.get(r["scheme"], []) if e.kind == "industry" and e.iri
                ]
                g.add(Entry(r["name"], "industry", iri=scheme[0].iri if scheme else None))
        for name in MACRO_REGIONS:
            if not any(e.kind == "region" for e in g.entries.get(name, [])):
                g.add(Entry(name, "region", canonical=name))
        for short, full in ABBREVIATIONS.items():
            known = [e for e in g.entries.get(full, []) if e.iri]
            kind = known[0].kind if known else ("university" if "大学" in full else "government")
            g.add(Entry(short, kind, iri=known[0].iri if known else None, canonical=full))
        return g
