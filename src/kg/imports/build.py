"""Rows -> statements, each row checked on its own: the facts of a table, with the record
(file, sheet, row, column) every fact rests on.

The graph of one import holds, besides the facts themselves:

- the file as a ``kg:SourceDocument`` (name, SHA-256, media type, the mapping used), and
  its sheets;
- one ``kg:ColumnMapping`` per mapped column set: the column names as the file spells
  them and the property they give (``kg:mapsTo``; ``kg:inverse`` when the row's entity
  is the object);
- one ``kg:Record`` per row: ``kg:row``, ``dct:isPartOf`` (its sheet or file),
  ``kg:status kg:Imported``, ``kg:describes`` the entity the row is about (``kg:names``
  another one a cell names), and ``kg:cells``, the verbatim text of cells whose value was
  read into something else (a date, an amount, a place, a class), as a JSON object.

So the evidence of a fact ``(s p o)`` in an import graph is the record that describes
``s`` (or ``o``, for an inverse column), and the column that maps to ``p``: the
structured counterpart of a source sentence (query ``import-evidence.rq``). Statements
are written to an N-Quads file as they are made, never all held in memory.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from pyoxigraph import Literal, NamedNode

from kg.errors import DataError
from kg.identity import NameRules
from kg.imports import creditcode
from kg.imports.mapping import YES, Field, Mapping, TierRef
from kg.imports.read import Row, Table, cell_text
from kg.imports.resolve import (
    LEVEL_CLASS,
    Classification,
    Divisions,
    Known,
    class_iri,
    entity_name,
    known_entities,
)
from kg.imports.values import DECIMAL, to_date, to_decimal, to_integer, to_money, to_text
from kg.iris import Minter
from kg.loaders.divisions import spellings
from kg.namespaces import DCT, KG, PROV, RDF, RDFS, SKOS, XSD

BATCH = 5000  # rows resolved against the store per query
# The kind (kg.identity) a mapping's class names, for identity keys of names.
KIND_OF = {
    KG[c].value: k
    for c, k in (
        ("Enterprise", "enterprise"),
        ("Organization", "organization"),
        ("University", "university"),
        ("ResearchInstitute", "research-institute"),
        ("IndustrialPark", "park"),
        ("DevelopmentZone", "park"),
        ("IndustrialBase", "park"),
        ("IndustrialSite", "park"),
        ("InvestmentProject", "project"),
    )
}
TEXT_KINDS = {"text"}


@dataclass
class BadRow:
    row: int
    sheet: str | None
    reasons: list[str]

    def __str__(self) -> str:
        where = f"sheet {self.sheet}, row {self.row}" if self.sheet else f"row {self.row}"
        return f"{where}: " + "; ".join(self.reasons)

    def located(self, file: str) -> str:
        """The row as kg's errors list a problem, ``file:row: what`` (the row a person sees:
        the spreadsheet row, CSV record + 1, JSONL line), a workbook's sheet after the row.

        >>> BadRow(7, None, ["column 名称 (A): empty"]).located("export.csv")
        'export.csv:7: column 名称 (A): empty'
        >>> BadRow(3, "企业", ["a", "b"]).located("book.xlsx")
        'book.xlsx:3: sheet 企业: a; b'
        """
        sheet = f"sheet {self.sheet}: " if self.sheet else ""
        return f"{file}:{self.row}: {sheet}" + "; ".join(self.reasons)

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "sheet": self.sheet, "reasons": self.reasons}


@dataclass
class Link:
    """A row that became an entity the graph already had."""

    row: int
    sheet: str | None
    name: str
    iri: str
    by: str  # credit-code or name

    def to_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "sheet": self.sheet,
            "name": self.name,
            "iri": self.iri,
            "by": self.by,
        }


@dataclass
class BuildResult:
    rows: int = 0
    imported: int = 0
    bad: list[BadRow] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    entities_new: int = 0
    entities_known: int = 0
    facts: Counter[str] = field(default_factory=Counter)
    statements: int = 0
    warnings: list[str] = field(default_factory=list)
    columns_used: list[str] = field(default_factory=list)
    columns_ignored: list[str] = field(default_factory=list)


@dataclass
class _Prepared:
    """A row whose cells converted cleanly, waiting for its identity."""

    row: Row
    record: NamedNode
    name: str
    code: str | None
    facts: list[tuple[Field, NamedNode | Literal]]
    refs: list[tuple[Field, str]]  # entity names other cells give
    cells: dict[str, str]


class Builder:
    """Builds the statements of one import into ``out`` (N-Quads)."""

    def __init__(
        self,
        minter: Minter,
        mapping: Mapping,
        graph: NamedNode,
        doc: NamedNode,
        out: TextIO,
        divisions: Divisions,
        classification: Classification,
        known: Known,
        store,
        lookup_codes: bool,
        rules: NameRules,
    ) -> None:
        self.m, self.mapping, self.graph, self.doc, self.out = minter, mapping, graph, doc, out
        self.divisions, self.classification, self.known = divisions, classification, known
        self.store, self.lookup_codes, self.rules = store, lookup_codes, rules
        self.g = f" {graph} .\n"
        self.result = BuildResult()
        self.codes: dict[str, tuple[int, int]] = {}  # code -> (row, hash of name)
        self.names: dict[str, int] = {}  # name of a row without code -> row
        self.places: set[str] = set()
        self.tiers_written: set[str] = set()
        self.minted: set[str] = set()
        self.region_cache: dict[tuple[str | None, ...], tuple[object, int | None, str]] = {}
        self.class_cache: dict[tuple[str | None, ...], tuple[object, int | None, str]] = {}
        self.terms: dict[NamedNode, str] = {}
        self.locals: dict[NamedNode, str] = {}
        self.place_iris: dict[str, NamedNode] = {}
        self.t = {
            "type": str(RDF.type),
            "label": str(RDFS.label),
            "isPartOf": str(DCT.isPartOf),
            "integer": str(XSD.integer),
            **{
                name: str(KG[name])
                for name in (
                    "Record",
                    "row",
                    "status",
                    "Imported",
                    "describes",
                    "names",
                    "linkedBy",
                    "cells",
                    "creditCode",
                    "currency",
                )
            },
        }

    # -- output -------------------------------------------------------------------------

    def emit(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.out.write(f"{s} {self.term(p)} {o}{self.g}")
        self.result.statements += 1

    def header(self, filename: str, sha256: str, media: str, when: str) -> None:
        d, g = self.doc, self.graph
        self.emit(d, RDF.type, KG.SourceDocument)
        self.emit(d, RDF.type, KG.DataFile)
        self.emit(d, DCT.identifier, Literal(self.m.key(d) or d.value))
        self.emit(d, DCT.title, Literal(filename))
        self.emit(d, RDFS.label, Literal(filename))
        self.emit(d, DCT.format, Literal(media))
        self.emit(d, KG.sha256, Literal(sha256))
        self.emit(d, KG.mapping, Literal(self.mapping.label))
        self.emit(g, PROV.wasDerivedFrom, d)
        self.emit(g, KG.mapping, Literal(self.mapping.label))
        self.emit(g, PROV.generatedAtTime, Literal(when, datatype=XSD.dateTime))
        self.emit(g, RDFS.label, Literal(f"导入：{filename}", language="zh"))
        self.emit(g, RDFS.label, Literal(f"Imported: {filename}", language="en"))

    def columns(self, table: Table, sheet_node: NamedNode, index: int) -> dict[int, str]:
        """Describe the mapped columns found in ``table``; return field index -> the
        spelling found (for every column of a field, joined by ' / ')."""
        if table.sheet is not None:
            self.emit(sheet_node, RDF.type, KG.Sheet)
            self.emit(sheet_node, KG.sheet, Literal(table.sheet))
            self.emit(sheet_node, DCT.isPartOf, self.doc)
        present = set(table.header)
        found: dict[int, str] = {}
        specs: list[tuple[tuple[tuple[str, ...], ...], list[NamedNode], bool]] = [
            ((self.mapping.name,), [RDFS.label, RDF.type], False)
        ]
        if self.mapping.credit_code:
            specs.append(((self.mapping.credit_code,), [KG.creditCode], False))
        specs += [(f.columns, [f.property], f.inverse) for f in self.mapping.fields]
        used: list[str] = []
        for k, (columns, props, inverse) in enumerate(specs):
            spelled = [next((a for a in alts if a in present), None) for alts in columns]
            if not any(spelled):
                continue
            node = NamedNode(f"{self.doc.value}/columns/{k}")
            for name in spelled:
                if name:
                    self.emit(node, KG.column, Literal(name))
                    used.append(name)
            for p in props:
                self.emit(node, KG.mapsTo, p)
            if inverse:
                self.emit(node, KG.inverse, Literal("true", datatype=XSD.boolean))
            self.emit(node, RDF.type, KG.ColumnMapping)
            self.emit(node, DCT.isPartOf, self.doc)
            found[k] = " / ".join(n for n in spelled if n)
        for name in used:
            if name not in self.result.columns_used:
                self.result.columns_used.append(name)
        for h in table.header:
            if h and h not in used and h not in self.result.columns_ignored:
                self.result.columns_ignored.append(h)
        return found

    # -- rows ---------------------------------------------------------------------------

    def rows(self, table: Table, sheet_node: NamedNode | None) -> None:
        present = set(table.header)

        def found(alts: tuple[str, ...]) -> str | None:
            return next((a for a in alts if a in present), None)

        plan = _Plan(
            name=found(self.mapping.name) or self.mapping.name[0],
            code=found(self.mapping.credit_code) if self.mapping.credit_code else None,
            fields=[(f, [found(alts) for alts in f.columns]) for f in self.mapping.fields],
        )
        plan.fields = [(f, cols) for f, cols in plan.fields if any(cols) or f.required]
        batch: list[_Prepared] = []
        for row in table.rows:
            self.result.rows += 1
            prepared = self._prepare(table, plan, row, sheet_node)
            if prepared is not None:
                batch.append(prepared)
            if len(batch) >= BATCH:
                self._resolve(batch, table)
                batch = []
        self._resolve(batch, table)

    def _bad(self, row: Row, reasons: list[str]) -> None:
        self.result.bad.append(BadRow(row.number, row.sheet, reasons))

    def _prepare(
        self, table: Table, plan: _Plan, row: Row, sheet_node: NamedNode | None
    ) -> _Prepared | None:
        reasons = list(row.problems)
        cells_in = row.cells
        raw_name = cells_in.get(plan.name)
        name = entity_name(cell_text(raw_name)) if raw_name is not None else ""
        if not name:
            reasons.append(f"{table.where(plan.name)}: empty; every row needs a name")
        code = None
        raw_code = cells_in.get(plan.code) if plan.code else None
        if raw_code is not None:
            text = cell_text(raw_code)
            try:
                code = creditcode.validate(text)
            except ValueError as exc:
                reasons.append(f"{table.where(plan.code or '')}: {text}: {exc}")
        facts: list[tuple[Field, NamedNode | Literal]] = []
        refs: list[tuple[Field, str]] = []
        cells: dict[str, str] = {}
        for f, cols in plan.fields:
            got = [
                (c, v) if (v := cells_in.get(c) if c else None) is not None else (None, None)
                for c in cols
            ]
            if not any(c for c, _ in got):
                if f.required:
                    reasons.append(f"{table.where(f.names[0])}: empty; the mapping requires it")
                continue
            try:
                values = self._convert(f, got, refs)
            except _CellError as exc:
                col = got[exc.index][0] or cols[exc.index] or f.names[exc.index]
                reasons.append(f"{table.where(col)}: {exc.message}")
                continue
            except ValueError as exc:
                col = next(c for c, _ in got if c)
                reasons.append(f"{table.where(col)}: {exc}")
                continue
            facts += [(f, v) for v in values]
            if f.value not in TEXT_KINDS:
                for named, v in got:
                    if named:
                        cells[named] = cell_text(v)
        if not reasons and name:
            self._unique(table, plan, row, name, code, reasons)
        if reasons:
            self._bad(row, reasons)
            return None
        parent = sheet_node if sheet_node is not None else self.doc
        record = NamedNode(f"{parent.value}/rows/{row.number}")
        return _Prepared(row, record, name, code, facts, refs, cells)

    def _unique(
        self, table: Table, plan: _Plan, row: Row, name: str, code: str | None, reasons: list[str]
    ) -> None:
        """One row per enterprise: a credit code (else a name) seen before is a problem."""
        if code is not None:
            first = self.codes.get(code)
            if first is None:
                self.codes[code] = (row.number, hash(name))
                return
            same = first[1] == hash(name)
            reasons.append(
                f"{table.where(plan.code or '')}: {code} is also at row {first[0]}"
                + (" (a duplicate row)" if same else f", with a different name than {name}")
            )
            return
        first_row = self.names.get(name)
        if first_row is None:
            self.names[name] = row.number
            return
        reasons.append(
            f"{table.where(plan.name)}: {name} is also at row {first_row} "
            "(a duplicate row; credit codes tell namesakes apart)"
        )

    def _convert(
        self, f: Field, got: list[tuple[str | None, object]], refs: list[tuple[Field, str]]
    ) -> list[NamedNode | Literal]:
        kind = f.value
        if kind == "text" and not f.split:
            return [to_text(got[0][1], f.lang)]
        raw = [cell_text(v) if col else None for col, v in got] if len(got) > 1 else []
        if kind == "region":
            div, index, why = _cached(self.region_cache, raw, self.divisions.resolve)
            if div is None:
                if f.unknown == "skip":
                    return []
                raise _CellError(index or 0, why)
            return [self._place(div)]
        if f.value == "gbt4754":
            item, index, why = _cached(self.class_cache, raw, self.classification.resolve)
            if item is None:
                if index is None:
                    return []
                raise _CellError(index, why)
            return [class_iri(self.m, item.code)]
        value = got[0][1]
        pieces = (
            [p.strip() for p in _split(cell_text(value), f.split) if p.strip()]
            if f.split
            else [value]
        )
        out: list[NamedNode | Literal] = []
        for piece in pieces:
            if f.value == "text":
                out.append(to_text(piece, f.lang))
            elif f.value == "date":
                out.append(to_date(piece))
            elif f.value == "decimal":
                out.append(to_decimal(piece))
            elif f.value == "integer":
                out.append(to_integer(piece))
            elif f.value == "money":
                amount, currency = to_money(piece, f.unit)
                out.append(amount)
                if currency != "CNY":
                    out.append(Literal(currency))  # emitted as kg:currency below
            elif f.value == "industry":
                iri = self.known.industries.get(entity_name(cell_text(piece)))
                if iri is None:
                    if f.unknown == "skip":
                        self.result.warnings.append(
                            f"{cell_text(piece)}: not an industry kg knows; left out"
                        )
                        continue
                    raise ValueError(f"{cell_text(piece)} is not an industry kg knows")
                out.append(NamedNode(iri))
            elif f.value == "tier":
                tier = self._tier_of(f, cell_text(piece))
                if tier is not None:
                    out.append(tier)
            elif f.value == "entity":
                refs.append((f, entity_name(cell_text(piece))))
        return out

    def _tier_of(self, f: Field, text: str) -> NamedNode | None:
        ref: TierRef | None = None
        if f.tiers:
            ref = f.tiers.get(text)
            if ref is None and text.lower() not in YES and text not in ("否", "无", "no", "n", "0"):
                if f.unknown == "skip":
                    return None
                known = ", ".join(f.tiers)
                raise ValueError(f"{text} is not a tier this mapping knows ({known})")
        if ref is None and f.tier is not None and text.lower() in YES:
            ref = f.tier
        if ref is None:
            return None
        iri = self.m.entity(ref.key)
        if ref.key not in self.tiers_written and ref.key not in self.known.tiers:
            self.tiers_written.add(ref.key)
            self.emit(iri, RDF.type, KG.Tier)
            self.emit(iri, SKOS.inScheme, KG.TierScheme)
            for lang, label in (("zh", ref.zh), ("en", ref.en)):
                if label:
                    self.emit(iri, RDFS.label, Literal(label, language=lang))
        return iri

    def _place(self, div) -> NamedNode:
        known = self.place_iris.get(div.code)
        if known is not None:
            return known
        chain = self.divisions.chain(div)
        iris = [self._place_iri(d) for d in chain]
        for d, iri, parent in zip(chain, iris, [*iris[1:], None], strict=True):
            if iri.value in self.places:
                continue
            self.places.add(iri.value)
            if self.m.key(iri) == f"place/cn-{d.code}":
                self.emit(iri, RDF.type, LEVEL_CLASS[d.level])
                self.emit(iri, RDFS.label, Literal(d.name, language="zh"))
                self.emit(iri, DCT.identifier, Literal(d.code))
                if parent is not None:
                    self.emit(iri, KG.partOf, parent)
        self.place_iris[div.code] = iris[0]
        return iris[0]

    def _place_iri(self, d) -> NamedNode:
        for name in spellings(d.name, d.level):
            iri = self.known.places.get((d.level, name))
            if iri:
                return NamedNode(iri)
        return self.m.entity(f"place/cn-{d.code}")

    # -- identity -----------------------------------------------------------------------

    def _resolve(self, batch: list[_Prepared], table: Table) -> None:
        if not batch:
            return
        cls = self.mapping.cls
        names = [p.name for p in batch] + [n for p in batch for _, n in p.refs]
        codes = [p.code for p in batch if p.code] if self.lookup_codes else []
        by_name, by_code = known_entities(self.store, names, codes, self._classes())
        for p in batch:
            iri, link, known = self._identity(p, by_name, by_code)
            if link is not None:
                self.result.links.append(Link(p.row.number, p.row.sheet, p.name, iri.value, link))
            self._write_row(p, iri, cls, link, known, by_name)

    def _classes(self) -> list[NamedNode]:
        out = [self.mapping.cls]
        out += [f.cls for f in self.mapping.fields if f.cls is not None]
        return list(dict.fromkeys(out))

    def _identity(
        self,
        p: _Prepared,
        by_name: dict[str, list[tuple[str, str | None]]],
        by_code: dict[str, list[str]],
    ) -> tuple[NamedNode, str | None, bool]:
        """The row's entity, how it was linked to one the graph had (credit-code, name;
        None when it is the IRI the row mints itself), and whether the graph had it."""
        kind = self.mapping.kind
        if p.code is not None:
            own = self.m.entity(f"{kind}/uscc-{p.code.lower()}")
            known = sorted(by_code.get(p.code, []))
            if known:
                iri = NamedNode(known[0])
                return iri, (None if iri == own else "credit-code"), True
            same_name = sorted(iri for iri, c in by_name.get(p.name, []) if c in (None, p.code))
            if len(same_name) == 1:
                return NamedNode(same_name[0]), "name", True
            return own, None, False
        own = self.m.entity(self.rules.iri_key(p.name, KIND_OF[self.mapping.cls.value]))
        same_name = sorted(iri for iri, _ in by_name.get(p.name, []))
        if len(same_name) == 1:
            iri = NamedNode(same_name[0])
            return iri, (None if iri == own else "name"), True
        return own, None, False

    def _write_row(
        self,
        p: _Prepared,
        e: NamedNode,
        cls: NamedNode,
        link: str | None,
        known: bool,
        by_name: dict[str, list[tuple[str, str | None]]],
    ) -> None:
        r, t, g = self.result, self.t, self.g
        r.imported += 1
        if known:
            r.entities_known += 1
        else:
            r.entities_new += 1
        rec = f"<{p.record.value}>"
        ent = f"<{e.value}>"
        lines = [
            f"{rec} {t['type']} {t['Record']}{g}",
            f"{rec} {t['isPartOf']} <{p.record.value.rsplit('/rows/', 1)[0]}>{g}",
            f'{rec} {t["row"]} "{p.row.number}"^^{t["integer"]}{g}',
            f"{rec} {t['status']} {t['Imported']}{g}",
            f"{rec} {t['describes']} {ent}{g}",
            f"{ent} {t['type']} {self.term(cls)}{g}",
            f"{ent} {t['label']} {Literal(p.name, language='zh')}{g}",
        ]
        if link is not None:
            lines.append(f"{rec} {t['linkedBy']} {Literal(link)}{g}")
        if p.cells:
            lines.append(
                f"{rec} {t['cells']} {Literal(json.dumps(p.cells, ensure_ascii=False))}{g}"
            )
        facts = r.facts
        facts["type"] += 1
        facts["label"] += 1
        if p.code is not None:
            lines.append(f'{ent} {t["creditCode"]} "{p.code}"{g}')
            facts["creditCode"] += 1
        for f, v in p.facts:
            if f.value == "money" and isinstance(v, Literal) and v.datatype != DECIMAL:
                lines.append(f"{ent} {t['currency']} {v}{g}")
                continue
            if f.inverse and isinstance(v, NamedNode):
                lines.append(f"{v} {self.term(f.property)} {ent}{g}")
            else:
                lines.append(f"{ent} {self.term(f.property)} {v}{g}")
            facts[self.local(f.property)] += 1
        for f, name in p.refs:
            named = sorted(iri for iri, _ in by_name.get(name, []))
            cls_ref = f.cls or KG.Enterprise
            if len(named) == 1:
                other = NamedNode(named[0])
            else:
                other = self.m.entity(self.rules.iri_key(name, KIND_OF[cls_ref.value]))
                if other.value not in self.minted:
                    self.minted.add(other.value)
                    lines.append(f"{other} {t['type']} {self.term(cls_ref)}{g}")
                    lines.append(f"{other} {t['label']} {Literal(name, language='zh')}{g}")
            lines.append(f"{rec} {t['names']} {other}{g}")
            if f.inverse:
                lines.append(f"{other} {self.term(f.property)} {ent}{g}")
            else:
                lines.append(f"{ent} {self.term(f.property)} {other}{g}")
            facts[self.local(f.property)] += 1
        self.out.write("".join(lines))
        r.statements += len(lines)

    def term(self, node: NamedNode) -> str:
        text = self.terms.get(node)
        if text is None:
            text = self.terms[node] = str(node)
        return text

    def local(self, p: NamedNode) -> str:
        name = self.locals.get(p)
        if name is None:
            name = self.locals[p] = _local(p)
        return name


@dataclass
class _Plan:
    """Where a table holds each column the mapping reads (found once per table)."""

    name: str
    code: str | None
    fields: list[tuple[Field, list[str | None]]]


class _CellError(ValueError):
    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index, self.message = index, message


def _cached(cache: dict, raw: list[str | None], resolve: Callable) -> tuple:
    """``resolve(raw)``, remembered: a table repeats the same places and classes."""
    key = tuple(raw)
    found = cache.get(key)
    if found is None:
        found = cache[key] = resolve(raw)
    return found


def _split(text: str, separators: str | None) -> Iterator[str]:
    if not separators:
        yield text
        return
    current: list[str] = []
    for c in text:
        if c in separators:
            yield "".join(current)
            current = []
        else:
            current.append(c)
    yield "".join(current)


def _local(p: NamedNode) -> str:
    return p.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def require_columns(mapping: Mapping, table: Table, filename: str) -> None:
    """The header must hold the name column and every required field's columns."""
    present = set(table.header)
    missing = []
    wanted = [mapping.name] + [alts for f in mapping.fields if f.required for alts in f.columns]
    for alts in wanted:
        if not any(a in present for a in alts):
            missing.append(" or ".join(alts))
    if missing:
        raise DataError(
            key="error.import.column.missing.sheet"
            if table.sheet
            else "error.import.column.missing",
            values={
                "file": filename,
                "sheet": table.sheet,
                "missing": ", ".join(missing),
                "header": ", ".join(h for h in table.header if h),
            },
        )


__all__ = ["BadRow", "BuildResult", "Builder", "Link", "require_columns"]
