"""Mappings: declarative YAML files that say what the columns of a table mean.

A mapping names the kind of thing each row describes, the column holding its name (and,
for enterprises, its credit code), and a list of fields, each from one column (or a few,
read together) to one property, with the kind of value the cells hold. Column names are
given with their alternatives, since exports spell them differently (企业名称 / 公司名称).
Format and the shipped mappings: ``data/mappings/README.md``.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode

from kg.errors import DataError
from kg.imports.values import UNITS
from kg.loaders.yamlfile import read_yaml
from kg.namespaces import KG, KG_NS, PREFIXES

# What a field's cells hold, and what becomes of them.
VALUES = {
    "text": "the text as written (a literal; with lang, language-tagged)",
    "date": "a date: 2015-03-02, 2015/3/2, 2015年3月2日, 20150302 or a spreadsheet date",
    "money": "an amount in yuan (xsd:decimal): 500万元, 500万人民币, 1.2亿, 50万美元 (currency kept)",
    "decimal": "a number (xsd:decimal)",
    "integer": "a whole number (xsd:integer)",
    "region": "province / city / district columns -> kg's administrative divisions",
    "gbt4754": "GB/T 4754-2017 section / division / group / class columns (codes or names) -> the most specific class",
    "tier": "a tier concept, by the cell's value (values:) or when the cell says yes (tier:)",
    "industry": "kg industry concepts by name (a list: split on 、，,;；/)",
    "entity": "an organisation named in the cell (resolved by name, else minted)",
}
KINDS = {  # the kind of thing a row describes -> (class, IRI kind)
    "Enterprise": "org",
    "Organization": "org",
    "University": "org",
    "ResearchInstitute": "org",
    "IndustrialPark": "site",
    "DevelopmentZone": "site",
    "IndustrialBase": "site",
    "IndustrialSite": "site",
    "InvestmentProject": "project",
}
YES = frozenset({"是", "有", "yes", "y", "true", "1", "√", "✓", "认定", "已认定"})


@dataclass(frozen=True)
class TierRef:
    key: str  # kg entity key: tier/little-giant
    zh: str | None = None  # labels when the mapping defines the tier itself
    en: str | None = None


@dataclass(frozen=True)
class Field:
    columns: tuple[tuple[str, ...], ...]  # one entry per column read; each with alternatives
    property: NamedNode
    value: str
    lang: str | None = None
    required: bool = False
    inverse: bool = False  # the row's entity is the object: (cell thing) property (row thing)
    split: str | None = None  # characters between several values in one cell
    unknown: str = "error"  # an unknown region / class / industry / tier value: error or skip
    cls: NamedNode | None = None  # for value: entity
    tiers: dict[str, TierRef] = field(default_factory=dict)  # cell value -> tier
    tier: TierRef | None = None  # for a yes/no column
    unit: str = "元"  # for value: money, the unit of bare numbers (the header's 万元)

    @builtins.property  # (``property`` is a field here)
    def names(self) -> list[str]:
        """The first spelling of each column, for messages."""
        return [alts[0] for alts in self.columns]


@dataclass
class Mapping:
    id: str
    version: int
    path: Path
    cls: NamedNode
    kind: str  # org, site, project
    name: tuple[str, ...]
    credit_code: tuple[str, ...] = ()
    fields: list[Field] = field(default_factory=list)
    title_zh: str = ""
    title_en: str = ""

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def columns(self) -> list[tuple[str, ...]]:
        """Every column the mapping reads (with alternatives)."""
        out = [self.name]
        if self.credit_code:
            out.append(self.credit_code)
        for f in self.fields:
            out.extend(f.columns)
        return out


def load_mapping(path: Path, known_tiers: set[str] | None = None) -> Mapping:
    """Read and check a mapping file; every problem is reported as ``file:line``."""
    doc = read_yaml(path)
    problems: list[str] = []

    def bad(where: object, message: str) -> None:
        problems.append(f"{path.name}:{getattr(where, 'line', 1) or 1}: {message}")

    if not isinstance(doc, dict):
        raise DataError(f"{path.name}:1: a mapping is a YAML mapping (id, entity, fields)")
    mid = doc.get("id")
    if not isinstance(mid, str) or not mid.replace("-", "").isalnum():
        bad(doc, "id: give the mapping an id of letters, digits and '-'")
    version = doc.get("version", 1)
    if not isinstance(version, int):
        bad(doc, "version must be a whole number")
    entity = doc.get("entity")
    if not isinstance(entity, dict):
        raise DataError(f"{path.name}:{getattr(doc, 'line', 1)}: entity: say what a row describes")
    cls_name = entity.get("class")
    if cls_name not in KINDS:
        bad(entity, f"entity.class must be one of {', '.join(KINDS)}, not {cls_name!r}")
        cls_name = "Enterprise"
    name = _alternatives(entity.get("name"))
    if not name:
        bad(entity, "entity.name: the column(s) holding the name")
    code = _alternatives(entity.get("credit_code")) if entity.get("credit_code") else ()
    title = doc.get("title") or {}
    mapping = Mapping(
        id=str(mid),
        version=version if isinstance(version, int) else 1,
        path=path,
        cls=KG[cls_name],
        kind=KINDS[cls_name],
        name=name,
        credit_code=code,
        title_zh=str(title.get("zh", "")) if isinstance(title, dict) else "",
        title_en=str(title.get("en", "")) if isinstance(title, dict) else "",
    )
    raw_fields = doc.get("fields") or []
    if not isinstance(raw_fields, list):
        bad(doc, "fields: a list")
        raw_fields = []
    for raw in raw_fields:
        f = _field(raw, bad, known_tiers)
        if f is not None:
            mapping.fields.append(f)
    seen: dict[str, object] = {}
    for alts in mapping.columns():
        for a in alts:
            if a in seen and seen[a] is not alts:
                bad(doc, f"column {a} is read by two fields")
            seen[a] = alts
    if problems:
        raise DataError(f"mapping {path.name}: {len(problems)} problem(s)", details=problems)
    return mapping


def _alternatives(value: object) -> tuple[str, ...]:
    from kg.imports.read import clean_header

    if isinstance(value, str) and value.strip():
        return (clean_header(value),)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(clean_header(v) for v in value)
    return ()


def _property(name: object) -> NamedNode | None:
    if not isinstance(name, str) or ":" not in name:
        return None
    prefix, local = name.split(":", 1)
    if prefix == "kg":
        return KG[local] if local in KG else None  # noqa: SIM401 - a closed namespace, no .get
    base = PREFIXES.get(prefix)
    return NamedNode(base + local) if base and local else None


def _tier(raw: object, known: set[str] | None) -> TierRef | None:
    if isinstance(raw, str) and raw.startswith("tier/"):
        return TierRef(raw) if known is None or raw in known else None
    if isinstance(raw, dict) and isinstance(raw.get("key"), str) and raw["key"].startswith("tier/"):
        return TierRef(raw["key"], raw.get("zh"), raw.get("en"))
    return None


def _field(raw: object, bad, known_tiers: set[str] | None) -> Field | None:
    if not isinstance(raw, dict):
        bad(raw, "a field is a mapping (column, property, value)")
        return None
    if "columns" in raw:
        cols = raw["columns"]
        columns = tuple(_alternatives(c) for c in cols) if isinstance(cols, list) else ()
    else:
        columns = (_alternatives(raw.get("column")),)
    if not columns or not all(columns):
        bad(raw, "column (a name or a list of alternative names) or columns (a list of them)")
        return None
    prop = _property(raw.get("property"))
    if prop is None:
        bad(
            raw,
            f"property {raw.get('property')!r}: a kg term (kg:...) or a prefixed name of {', '.join(sorted(PREFIXES))}",
        )
        return None
    value = raw.get("value", "text")
    if value not in VALUES:
        bad(raw, f"value must be one of {', '.join(VALUES)}, not {value!r}")
        return None
    if value not in ("region", "gbt4754") and len(columns) != 1:
        bad(raw, f"a {value} field reads one column")
    unknown = raw.get("unknown", "error")
    if unknown not in ("error", "skip"):
        bad(raw, "unknown must be error or skip")
    cls = None
    if value == "entity":
        name = raw.get("class", "Enterprise")
        cls = KG[name] if name in KINDS else None
        if cls is None:
            bad(raw, f"class must be one of {', '.join(KINDS)}")
    tiers: dict[str, TierRef] = {}
    tier = None
    if value == "tier":
        for cell, ref in (raw.get("values") or {}).items():
            t = _tier(ref, known_tiers)
            if t is None:
                bad(
                    raw, f"values.{cell}: a tier key (tier/...) the graph knows, or {{key, zh, en}}"
                )
            else:
                tiers[str(cell).strip()] = t
        if "tier" in raw:
            tier = _tier(raw["tier"], known_tiers)
            if tier is None:
                bad(raw, "tier: a tier key (tier/...) the graph knows, or {key, zh, en}")
        if not tiers and tier is None:
            bad(raw, "a tier field needs values: (cell -> tier) or tier: (for a yes/no column)")
    unit = raw.get("unit", "元")
    if unit not in UNITS:
        bad(raw, f"unit must be one of {', '.join(UNITS)}")
        unit = "元"
    return Field(
        unit=unit,
        columns=columns,
        property=prop,
        value=value,
        lang=raw.get("lang"),
        required=bool(raw.get("required", False)),
        inverse=bool(raw.get("inverse", False)),
        split=raw.get("split"),
        unknown=unknown,
        cls=cls,
        tiers=tiers,
        tier=tier,
    )


def is_kg(node: NamedNode) -> bool:
    return node.value.startswith(KG_NS)


__all__ = ["KINDS", "VALUES", "YES", "Field", "Mapping", "TierRef", "load_mapping"]
