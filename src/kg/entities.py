"""Entities: find them by name, label them, describe them, and fetch the evidence of facts.

Everything here is SPARQL through the store interface, with the named queries of
:mod:`kg.queries`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, QuerySolution

from kg import queries
from kg.codes import parse_code
from kg.errors import BadRequest, NotFound
from kg.iris import Minter, named_node
from kg.names import Named, index_for, is_pinyin_query, kept_index
from kg.namespaces import KG, KG_NS, RDFS, SKOS
from kg.paging import page_count
from kg.store import QueryResult, Store, solutions

# The kind of an entity, from its most specific kg class; the order is the priority.
KINDS: dict[str, str] = {
    "Enterprise": "enterprise",
    "University": "university",
    "ResearchInstitute": "research-institute",
    "InnovationPlatform": "platform",
    "InvestmentPlatform": "platform",
    "IndustryAssociation": "association",
    "GovernmentBody": "government",
    "MediaOutlet": "media",
    "IndustrialPark": "park",
    "IndustrialBase": "park",
    "DevelopmentZone": "park",
    "ProjectSite": "park",
    "IndustrialSite": "park",
    "InvestmentProject": "project",
    "DockingEvent": "event",
    "SigningEvent": "event",
    "Event": "event",
    "EventSeries": "event",
    "Plan": "policy",
    "Policy": "policy",
    "Person": "person",
    "Province": "region",
    "City": "region",
    "District": "region",
    "MacroRegion": "region",
    "Country": "region",
    "Region": "region",
    "Industry": "industry",
    "IndustryGroup": "industry",
    "IndustryChain": "chain",
    "ChainSegment": "segment",
    "Tier": "tier",
    "Figure": "figure",
    "Milestone": "milestone",
    "Goal": "goal",
    "Role": "role",
    "Organization": "organization",
    "ActivityClass": "classification",
}


# When a name is both an industry and a chain segment or GB/T class (生物医药, 制造业), an
# industry parameter means the industry.
INDUSTRY_FIRST = (KG.Industry, KG.IndustryGroup)


@dataclass
class Label:
    iri: str
    zh: str | None = None
    en: str | None = None
    types: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.zh or self.en or self.iri

    @property
    def label_en(self) -> str | None:
        """The English label (the name pages and JSON give it)."""
        return self.en

    @property
    def kind(self) -> str:
        local = {t[len(KG_NS) :] for t in self.types if t.startswith(KG_NS)}
        for cls, kind in KINDS.items():
            if cls in local:
                return kind
        return "other"

    def to_dict(self) -> dict[str, object]:
        return {"iri": self.iri, "label": self.label, "label_en": self.en, "kind": self.kind}


def labels(store: Store, iris: Iterable[NamedNode], base: str | None = None) -> dict[str, Label]:
    """zh/en labels and types of many entities in one query. With ``base`` (the minter's
    prefix), those of the entities kg minted there are read from the name index when it is
    built for the store's version (a place's type is stated again in every news graph that
    names it: the query reads each of those rows), the rest from the store."""
    unique = sorted({i.value: i for i in iris}.values(), key=lambda n: n.value)
    out = {i.value: Label(i.value) for i in unique}
    index = kept_index(store, base) if base is not None and unique else None
    if index is not None:
        rest = []
        for i in unique:
            named = index.entities.get(i.value)
            if named is None:
                rest.append(i)
            else:
                out[i.value] = Label(i.value, named.zh, named.en, list(named.types))
        unique = rest
    if not unique:
        return out
    sparql = queries.with_values("labels", ["entity"], ([i] for i in unique))
    for row in solutions(store.query(sparql)):
        item = out[row["entity"].value]
        label, typ = row["label"], row["type"]
        if isinstance(label, Literal):
            if label.language == "zh" and item.zh is None:
                item.zh = label.value
            elif label.language == "en" and item.en is None:
                item.en = label.value
        if isinstance(typ, NamedNode) and typ.value not in item.types:
            item.types.append(typ.value)
    return out


def resolve(
    store: Store,
    minter: Minter,
    name: str,
    cls: NamedNode,
    what: str,
    prefer: tuple[NamedNode, ...] = (),
) -> NamedNode:
    """An entity of class ``cls`` by IRI, by key (``industry/uav``), or by a zh/en label,
    alias or short name. When several share the name and exactly one of them is of a class
    in ``prefer`` (an industry, not the chain segment or GB/T class of the same name), that
    one. Unknown or ambiguous names raise with suggestions."""
    name = name.strip()
    if not name:
        raise BadRequest(f"give the {what} by name or IRI")
    if name.startswith(("http://", "https://")):
        candidates = [named_node(name, what)]
    elif "/" in name and " " not in name:
        try:
            candidates = [minter.entity(name)]
        except BadRequest:
            candidates = []
    else:
        spellings = [Literal(name, language="zh"), Literal(name, language="en"), Literal(name)]
        exact = queries.get("find-by-exact-name") + queries.values(
            ["label"], ([s] for s in spellings)
        )
        candidates = _entities(store.query(exact, bindings={"class": cls}))
        if not candidates:  # then ignoring case, in the name index search uses too
            found = index_for(store, minter.prefix).named(name)
            candidates = sorted((NamedNode(i) for i in found), key=lambda n: n.value)
    known = [c for c in candidates if _is_a(store, c, cls)]
    if len(known) > 1 and prefer:
        preferred = [c for c in known if any(_is_a(store, c, p) for p in prefer)]
        known = preferred if len(preferred) == 1 else known
    if len(known) == 1:
        return known[0]
    if len(known) > 1:
        named = ", ".join(f"{lab.label} <{iri}>" for iri, lab in labels(store, known).items())
        raise BadRequest(f"{what} {name!r} is ambiguous: {named}; give the IRI")
    suggested = [
        h
        for h in search(store, minter, name, limit=30)
        if _is_a(store, NamedNode(str(h["iri"])), cls)
    ]
    suggested.sort(key=lambda h: not any(_is_a(store, NamedNode(str(h["iri"])), p) for p in prefer))
    hints = [str(h["label"]) for h in suggested[:5]]
    hint = f"; did you mean: {', '.join(hints)}" if hints else ""
    raise NotFound(f"no {what} called {name!r}{hint}")


def _entities(result: QueryResult) -> list[NamedNode]:
    return sorted({row["entity"] for row in solutions(result)}, key=lambda n: n.value)


def _is_a(store: Store, entity: NamedNode, cls: NamedNode) -> bool:
    sparql = queries.get("is-a")
    return bool(store.query(sparql, bindings={"entity": entity, "class": cls}))


def search(
    store: Store,
    minter: Minter,
    q: str,
    *,
    kind: str | None = None,
    region: NamedNode | None = None,
    limit: int = 20,
) -> list[dict[str, object]]:
    """Entities whose name, alias or short name contains ``q`` - or, for a query in Latin
    letters, whose pinyin matches it (``lianhe feiji``, ``hgd``). Exact, then prefix, then
    substring, then pinyin matches, each group by name length. ``region`` keeps only places
    within it and things located there."""
    q = q.strip()
    if not q:
        return []
    code = parse_code(q)
    if code is not None and code.level > 1:  # a GB/T 4754 code, however written: C 3741
        q = code.code
    index = index_for(store, minter.prefix)
    matched = index.containing(q)
    if is_pinyin_query(q):
        for iri, (pinyin_rank, nm) in index.find(q).items():
            if iri not in matched or (3 + pinyin_rank, len(nm)) < matched[iri][0]:
                matched[iri] = ((3 + pinyin_rank, len(nm)), nm)
    described = {i: _label(index.entities[i]) for i in matched}
    described = {
        i: lab
        for i, lab in described.items()
        if lab.kind not in ("figure", "milestone", "other") and (not kind or lab.kind == kind)
    }
    if region is not None:
        inside = within_region(store, (NamedNode(i) for i in described), region)
        described = {i: lab for i, lab in described.items() if i in inside}
    hits = []
    for iri, lab in described.items():
        rank, nm = matched[iri]
        hits.append((rank, {**lab.to_dict(), "matched": nm}))
    hits.sort(key=lambda h: (h[0], str(h[1]["label"]), str(h[1]["iri"])))
    return [h for _, h in hits[:limit]]


def within_region(store: Store, entities: Iterable[NamedNode], region: NamedNode) -> set[str]:
    """The IRIs among ``entities`` that are places within ``region`` or located there."""
    wanted = list({e.value: e for e in entities}.values())
    if not wanted:
        return set()
    sparql = queries.with_values("within-region", ["entity"], ([e] for e in wanted))
    rows = store.query(sparql, bindings={"region": region})
    return {row["entity"].value for row in solutions(rows)}


def _label(named: Named) -> Label:
    return Label(named.iri, named.zh, named.en, named.types)


@dataclass
class Evidence:
    source: str | None
    sentence: str | None
    status: str
    assertion: str
    graph: str
    start: int | None = None
    end: int | None = None
    url: str | None = None
    rationale: str | None = None
    record: dict[str, object] | None = None  # an imported row: file, sha256, sheet, row, columns

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "source": self.source,
            "sentence": self.sentence,
            "status": self.status,
            "assertion": self.assertion,
            "graph": self.graph,
        }
        if self.start is not None:
            out.update(start=self.start, end=self.end)
        if self.url:
            out["url"] = self.url
        if self.rationale:
            out["rationale"] = self.rationale
        if self.record:
            out["record"] = self.record
        return out


Fact = tuple[NamedNode, NamedNode, NamedNode | Literal]


def evidence(store: Store, facts: Iterable[Fact]) -> dict[Fact, list[Evidence]]:
    """The evidence of each fact (assertions, their sentences or rationales, imported rows),
    from every graph that states it (:func:`statement_evidence`: from one graph)."""
    wanted = list(dict.fromkeys(facts))
    out: dict[Fact, list[Evidence]] = {f: [] for f in wanted}
    if not wanted:
        return out
    found = _evidence(store, ["s", "p", "o"], wanted)
    for key, items in found.items():
        if key in out:
            out[key] = items
    return out


# A statement: a fact in the graph that states it.
Stated = tuple[Fact, NamedNode]


def statement_evidence(store: Store, statements: Iterable[Stated]) -> dict[Stated, list[Evidence]]:
    """The evidence of each statement from its own graph - what :func:`evidence` gives for
    its fact, kept to the statement's graph - in one query for all of them
    (``statement-evidence.rq``), however many other graphs state the same fact: the
    evidence of a page of an entity's statements costs what the page holds."""
    wanted = list(dict.fromkeys(statements))
    out: dict[Stated, list[Evidence]] = {w: [] for w in wanted}
    if not wanted:
        return out
    rows = [[s, p, o, g] for (s, p, o), g in wanted]
    sparql = queries.with_values("statement-evidence", ["s", "p", "o", "graph"], rows)
    found = [
        (((row["s"], row["p"], row["o"]), row["graph"]), _evidence_of(row))
        for row in solutions(store.query(sparql))
    ]
    urls = _document_urls(store, {(e.source, key[1].value) for key, e in found if e.source})
    for key, item in found:
        item.url = urls.get((item.source or "", item.graph))
        out[key].append(item)
    facts = list(dict.fromkeys(f for f, _ in wanted))
    imported = _imported_evidence(store, ["s", "p", "o"], facts)
    for fact, items in imported.items():
        for item in items:
            key = (fact, NamedNode(item.graph))
            if key in out:
                out[key].append(item)
    for items in out.values():
        items.sort(key=_evidence_order)
    return out


def _document_urls(store: Store, docs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The address of each (document, graph) as that graph states it."""
    rows = [[NamedNode(doc), NamedNode(graph)] for doc, graph in sorted(docs)]
    if not rows:
        return {}
    sparql = queries.with_values("document-urls", ["doc", "graph"], rows)
    return {
        (row["doc"].value, row["graph"].value): row["url"].value
        for row in solutions(store.query(sparql))
    }


def evidence_about(store: Store, subjects: Iterable[NamedNode]) -> dict[Fact, list[Evidence]]:
    """The evidence of every fact whose subject is one of ``subjects`` (facts without
    evidence are left out): one query for many entities, as exports read them."""
    wanted = list(dict.fromkeys(subjects))
    if not wanted:
        return {}
    return _evidence(store, ["s"], [[s] for s in wanted])


def _evidence(
    store: Store, variables: list[str], rows: list[Fact] | list[list[NamedNode]]
) -> dict[Fact, list[Evidence]]:
    """Evidence found by ``evidence.rq`` and ``import-evidence.rq`` for ``VALUES`` rows
    binding ``?s`` (and perhaps ``?p``, ``?o``)."""
    out: dict[Fact, list[Evidence]] = {}
    sparql = queries.with_values("evidence", variables, rows)
    for row in solutions(store.query(sparql)):
        item = _evidence_of(row)
        item.url = row["url"].value if row["url"] else None
        out.setdefault((row["s"], row["p"], row["o"]), []).append(item)
    for key, items in _imported_evidence(store, variables, rows).items():
        out.setdefault(key, []).extend(items)
    for items in out.values():
        items.sort(key=_evidence_order)
    return out


def _evidence_of(row: QuerySolution) -> Evidence:
    """An assertion's evidence from a row of ``evidence.rq`` or ``statement-evidence.rq``."""
    start, end = row["start"], row["end"]
    return Evidence(
        source=row["doc"].value if row["doc"] else None,
        sentence=row["text"].value if row["text"] else None,
        status=_status(row["status"]),
        assertion=row["assertion"].value,
        graph=row["graph"].value,
        start=int(start.value) if start else None,
        end=int(end.value) if end else None,
        rationale=row["rationale"].value if row["rationale"] else None,
    )


def _evidence_order(e: Evidence) -> tuple[str, str, int, str]:
    return (e.graph, e.source or "", e.start or 0, e.assertion)


def _imported_evidence(
    store: Store, variables: list[str], rows: list[Fact] | list[list[NamedNode]]
) -> dict[Fact, list[Evidence]]:
    """The rows of imported tables that facts rest on (``import-evidence.rq``): file with
    its SHA-256, sheet, row, the column(s) giving the property and their verbatim cells.
    The facts' ``VALUES`` go first, so the engine starts from them: joined at the end, it
    matched every imported record first (minutes with 100,000 imported enterprises)."""
    sparql = queries.with_values("import-evidence", variables, rows)
    found: dict[tuple[Fact, str], Evidence] = {}
    for row in solutions(store.query(sparql)):
        key = (row["s"], row["p"], row["o"])
        record = row["record"].value
        item = found.get((key, record))
        column = row["column"].value
        if item is None:
            item = found[(key, record)] = Evidence(
                source=row["doc"].value,
                sentence=None,
                status=_status(row["status"]),
                assertion=record,
                graph=row["graph"].value,
                record={
                    "file": row["file"].value,
                    "sha256": row["sha256"].value,
                    "sheet": row["sheet"].value if row["sheet"] else None,
                    "row": int(row["row"].value),
                    "columns": [],
                    "cells": {},
                },
            )
        record_info = item.record or {}
        columns = record_info["columns"]
        assert isinstance(columns, list)
        if column not in columns:
            columns.append(column)
    cells = _record_cells(store, {(item.assertion, item.graph) for item in found.values()})
    for item in found.values():
        if item.record is not None:
            item.record["cells"] = cells.get((item.assertion, item.graph), {})
    out: dict[Fact, list[Evidence]] = {}
    for (key, _), item in found.items():
        out.setdefault(key, []).append(item)
    return out


def _record_cells(store: Store, records: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """The verbatim cells of each (record, graph), read apart (``import-cells.rq``): as an
    ``OPTIONAL`` of ``import-evidence.rq`` the engine read every record's cells first."""
    if not records:
        return {}
    rows = [[NamedNode(record), NamedNode(graph)] for record, graph in sorted(records)]
    sparql = queries.with_values("import-cells", ["record", "graph"], rows)
    return {
        (row["record"].value, row["graph"].value): json.loads(row["cells"].value)
        for row in solutions(store.query(sparql))
    }


def _status(term: NamedNode) -> str:
    return term.value[len(KG_NS) :] if term.value.startswith(KG_NS) else term.value


@dataclass
class Statement:
    direction: str
    predicate: str
    value: str
    value_kind: str  # "iri" or "literal"
    graph: str
    language: str | None = None
    datatype: str | None = None
    label: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "direction": self.direction,
            "predicate": self.predicate,
            "value": self.value,
            "type": self.value_kind,
            "graph": self.graph,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        for key in ("language", "datatype", "label"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


HIDDEN = {RDFS.label.value, SKOS.prefLabel.value}


# Statements of one direction and predicate that a description holds at most (the entity
# page's first page of each group; the rest a page at a time).
PER_GROUP = 20
DIRECTIONS = ("out", "in")


@dataclass(frozen=True)
class Paging:
    """Which statements of an entity a description holds: for every direction and
    predicate the first ``per_group`` (``None``: all); or, with ``predicate`` and
    ``direction``, page ``page`` of that group alone."""

    per_group: int | None = PER_GROUP
    predicate: str | None = None
    direction: str | None = None
    page: int = 1

    @classmethod
    def parse(
        cls,
        predicate: str | None = None,
        direction: str | None = None,
        page: int | str | None = None,
        limit: int | str | None = None,
    ) -> Paging:
        """From request parameters (``?predicate=&direction=&page=&limit=``), checked."""
        try:
            number = int(page) if page not in (None, "") else 1
            per_group = int(limit) if limit not in (None, "") else PER_GROUP
        except (TypeError, ValueError):
            raise BadRequest("page and limit must be whole numbers") from None
        if number < 1 or not 1 <= per_group <= 500:
            raise BadRequest("page must be 1 or more and limit between 1 and 500")
        if direction not in (None, "", *DIRECTIONS):
            raise BadRequest("direction must be 'out' or 'in'")
        if predicate:
            named_node(predicate, "predicate")
        elif direction or number > 1:
            raise BadRequest("give the predicate whose statements to page through")
        return cls(
            per_group, predicate or None, (direction or "out") if predicate else None, number
        )


@dataclass(frozen=True)
class Group:
    """An entity's statements of one direction and predicate: how many there are, and
    which of them (``offset``, ``shown``) a description holds."""

    direction: str
    predicate: str
    count: int
    offset: int
    shown: int
    per_group: int | None

    @property
    def page(self) -> int:
        return self.offset // self.per_group + 1 if self.per_group else 1

    @property
    def pages(self) -> int:
        return page_count(self.count, self.per_group) if self.per_group else 1

    @property
    def partial(self) -> bool:
        """Not every statement of the group is held."""
        return self.shown < self.count

    def to_dict(self) -> dict[str, object]:
        return {
            "direction": self.direction,
            "predicate": self.predicate,
            "count": self.count,
            "offset": self.offset,
            "shown": self.shown,
            "page": self.page,
            "pages": self.pages,
        }


@dataclass
class Description:
    """One entity: its labels and types, and its statements (both directions, a page of
    each direction and predicate: ``groups`` says how many there are) with their evidence."""

    label: Label
    statements: list[Statement]
    groups: list[Group] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            **self.label.to_dict(),
            "types": self.label.types,
            "statements": [
                s.to_dict() for s in self.statements if s.predicate not in HIDDEN or s.language
            ],
            "groups": [g.to_dict() for g in self.groups],
        }


def describe(store: Store, entity: NamedNode, paging: Paging | None = None) -> dict[str, object]:
    """One entity: labels, kind and its statements with their evidence, a page of each
    direction and predicate (the JSON of :func:`description`)."""
    return description(store, entity, paging).to_dict()


def statement_counts(store: Store, entity: NamedNode) -> dict[tuple[str, str], int]:
    """How many statements ``entity`` has per (direction, predicate IRI)."""
    sparql = queries.with_values("statement-counts", ["entity"], [[entity]])
    return {
        (row["direction"].value, row["p"].value): int(row["n"].value)
        for row in solutions(store.query(sparql))
    }


def _order(row: dict) -> tuple[int, str, str, str, str]:
    """The order of a group's statements: IRIs before literals (as SPARQL orders them),
    then by value, language or datatype, and graph."""
    o = row["o"]
    if isinstance(o, Literal):
        return (1, o.value, o.language or "", o.datatype.value, row["graph"].value)
    return (0, o.value, "", "", row["graph"].value)


def description(store: Store, entity: NamedNode, paging: Paging | None = None) -> Description:
    """One entity: labels, kind and its statements with their evidence - of each direction
    and predicate the statements ``paging`` asks for (by default the first
    :data:`PER_GROUP`), in the order of their values and graphs. Only the statements held
    are read with their labels and evidence, so that an entity the whole corpus mentions
    costs what a small one does."""
    paging = paging or Paging()
    counts = statement_counts(store, entity)
    if not counts:
        raise NotFound(f"no entity <{entity.value}>")
    if paging.predicate is not None:
        key = (paging.direction or "out", paging.predicate)
        if key not in counts:
            raise NotFound(f"<{entity.value}> has no {key[0]} statements <{key[1]}>")
        counts = {key: counts[key]}
    size = paging.per_group
    offset = (paging.page - 1) * size if size else 0
    for (direction, p), n in counts.items():
        if offset and offset >= n:
            raise NotFound(
                f"<{entity.value}> has {n} {direction} statements <{p}>: no page {paging.page}"
            )
    predicates = sorted({p for _, p in counts})
    sparql = queries.with_values(
        "describe", ["entity", "p"], ([entity, NamedNode(p)] for p in predicates)
    )
    grouped: dict[tuple[str, str], list[dict]] = {key: [] for key in counts}
    for row in solutions(store.query(sparql)):
        rows = grouped.get((row["direction"].value, row["p"].value))
        if rows is not None:
            rows.append(row)
    groups: list[Group] = []
    held: list[dict] = []
    for (direction, p), rows in sorted(grouped.items()):
        rows.sort(key=_order)
        page = rows[offset : offset + size] if size else rows
        held.extend(page)
        groups.append(Group(direction, p, len(rows), offset, len(page), size))
    lab = labels(store, [entity])[entity.value]
    facts: list[Stated | None] = []
    statements: list[Statement] = []
    linked: list[NamedNode] = []
    for row in held:
        direction, p, o, g = row["direction"].value, row["p"], row["o"], row["graph"]
        if direction == "out":
            facts.append(((entity, p, o), g))
        else:
            facts.append(((o, p, entity), g) if isinstance(o, NamedNode) else None)
        if isinstance(o, NamedNode):
            linked.append(o)
            statements.append(Statement(direction, p.value, o.value, "iri", g.value))
        else:
            statements.append(
                Statement(
                    direction,
                    p.value,
                    o.value,
                    "literal" if isinstance(o, Literal) else "blank",
                    g.value,
                    language=(o.language or None) if isinstance(o, Literal) else None,
                    datatype=None if not isinstance(o, Literal) or o.language else o.datatype.value,
                )
            )
    names = labels(store, linked)
    found = statement_evidence(store, (f for f in facts if f is not None))
    for st, fact in zip(statements, facts, strict=True):
        if st.value_kind == "iri" and st.value in names and names[st.value].label != st.value:
            st.label = names[st.value].label
        if fact is not None:
            st.evidence = found[fact]
    return Description(lab, statements, groups)


def is_kind(label: Label, kinds: Iterable[str]) -> bool:
    wanted = set(kinds)
    return not wanted or label.kind in wanted


__all__ = [
    "KINDS",
    "Description",
    "Evidence",
    "Group",
    "Label",
    "PER_GROUP",
    "Paging",
    "describe",
    "description",
    "evidence",
    "evidence_about",
    "labels",
    "resolve",
    "search",
    "statement_counts",
    "statement_evidence",
    "within_region",
]
