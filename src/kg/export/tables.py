"""The graph as three tables - nodes, edges, evidence - which every graph and table
format (GraphML, CSV, Parquet, Excel, NetworkX, pandas) writes.

- **nodes**: one row per node: its IRI (``id``), its classes (``labels``: local names,
  ``;``-separated, as graph databases take several labels), ``name`` (Chinese, else
  English, else the IRI), ``name_zh``, ``name_en``, ``kind`` (enterprise, university,
  region, ...), ``selected`` (false for a node that is only the far end of an edge), then one
  typed column per literal-valued property the loaded ontologies declare
  (``owl:DatatypeProperty`` with its ``rdfs:range``) and the common SKOS / Dublin Core /
  schema.org ones, and ``other``: every other literal value (each once), as JSON
  (``{"prefix:name": [values]}``). A string column holding several values joins them with
  `` | ``; a number, boolean column keeps the first and ``other`` has them all.
- **edges**: one row per fact between two nodes: ``source``, ``target``, ``type`` (the
  property's short name), ``id``, ``predicate`` (its IRI), ``name`` / ``name_en`` (the
  property's labels), ``graph`` (where it is stated; several space-separated), and its
  evidence in brief: ``status`` (the best of Curated, Imported, Editorial, Extracted),
  ``evidence`` (how many items), ``sentence`` and ``document`` of the first item.
- **evidence**: one row per evidence item of any fact, an edge's or a node attribute's:
  ``subject``, ``predicate``, ``object``, ``edge`` (the edge's ``id``, empty for an
  attribute), ``assertion`` (or the imported record), ``status``, ``sentence``, ``start``,
  ``end``, ``document``, ``url``, ``rationale`` (an editorial link's, in Chinese) and
  ``rationale_en`` (in English), and for an imported row ``file``,
  ``sha256``, ``sheet``, ``row``, ``columns``.

Column types are ``string``, ``long``, ``double`` and ``boolean`` - the names GraphML and
graph database imports use.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import pyoxigraph as ox

from kg import queries
from kg.entities import KINDS, Evidence
from kg.export.reader import Block, Object
from kg.namespaces import DCT, KG_NS, PREFIXES, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.store import Store, solutions

Column = tuple[str, str]  # (name, type)
Row = tuple[object, ...]

LONG = {
    XSD[t].value
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
DOUBLE = {XSD[t].value for t in ("decimal", "double", "float")}
BOOLEAN = {XSD.boolean.value}

# Literal-valued properties of the standard vocabularies kg uses (the ontology declares its
# own); rdfs:label and skos:prefLabel become the name columns.
STANDARD = {
    SKOS.altLabel.value: "string",
    SKOS.notation.value: "string",
    SKOS.definition.value: "string",
    DCT.identifier.value: "string",
    DCT.title.value: "string",
    DCT.description.value: "string",
    DCT.date.value: "string",
    DCT.issued.value: "string",
    DCT.modified.value: "string",
    DCT.publisher.value: "string",
    SCHEMA.url.value: "string",
    SCHEMA.position.value: "long",
    SCHEMA.jobTitle.value: "string",
}
NAME_PROPERTIES = (RDFS.label.value, SKOS.prefLabel.value)
TYPE, TYPE_IRI = RDF.type, RDF.type.value  # looked up once: they are read per statement
STATUS_ORDER = ("Curated", "Imported", "Editorial", "Extracted")

EDGE_COLUMNS: list[Column] = [
    ("source", "string"),
    ("target", "string"),
    ("type", "string"),
    ("id", "string"),
    ("predicate", "string"),
    ("name", "string"),
    ("name_en", "string"),
    ("graph", "string"),
    ("status", "string"),
    ("evidence", "long"),
    ("sentence", "string"),
    ("document", "string"),
]
EVIDENCE_COLUMNS: list[Column] = [
    ("subject", "string"),
    ("predicate", "string"),
    ("object", "string"),
    ("edge", "string"),
    ("assertion", "string"),
    ("status", "string"),
    ("sentence", "string"),
    ("start", "long"),
    ("end", "long"),
    ("document", "string"),
    ("url", "string"),
    ("rationale", "string"),
    ("rationale_en", "string"),
    ("file", "string"),
    ("sha256", "string"),
    ("sheet", "string"),
    ("row", "long"),
    ("columns", "string"),
    ("graph", "string"),
]
NODE_BASE: list[Column] = [
    ("id", "string"),
    ("labels", "string"),
    ("name", "string"),
    ("name_zh", "string"),
    ("name_en", "string"),
    ("kind", "string"),
    ("selected", "boolean"),
]
_BY_NAMESPACE = sorted(
    ((iri, prefix) for prefix, iri in PREFIXES.items()), key=lambda x: -len(x[0])
)


@functools.lru_cache(maxsize=4096)
def short_name(iri: str) -> str:
    """A property or class IRI as a column, label or relationship name: the local name for
    kg's vocabulary (``locatedIn``), ``prefix_local`` for the other known ones
    (``skos_altLabel``), else the IRI's last segment."""
    if iri.startswith(KG_NS):
        return iri[len(KG_NS) :]
    for namespace, prefix in _BY_NAMESPACE:
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}_{iri[len(namespace) :]}"
    tail = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
    return tail or iri


@functools.lru_cache(maxsize=4096)
def curie(iri: str) -> str:
    for namespace, prefix in _BY_NAMESPACE:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _type_of(range_iri: str | None) -> str:
    if range_iri in LONG:
        return "long"
    if range_iri in DOUBLE:
        return "double"
    if range_iri in BOOLEAN:
        return "boolean"
    return "string"


@dataclass
class Schema:
    """The node attribute columns: property IRI -> (column name, type)."""

    attributes: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, store: Store) -> Schema:
        found: dict[str, tuple[str, str]] = {}
        declared = {p: t for p, t in STANDARD.items()}
        for row in solutions(store.query(queries.get("export-attributes"))):
            prop, rng = row["property"].value, row["range"]
            if prop not in declared:
                declared[prop] = _type_of(rng.value if rng is not None else None)
        taken = {name for name, _ in NODE_BASE} | {"other"}
        for prop in sorted(declared):
            if prop in NAME_PROPERTIES:
                continue
            name = short_name(prop)
            if name in taken:
                name = short_name(prop) + "_"
                if name in taken:
                    continue
            taken.add(name)
            found[prop] = (name, declared[prop])
        return cls(found)

    @property
    def node_columns(self) -> list[Column]:
        return NODE_BASE + list(self.attributes.values()) + [("other", "string")]


def _convert(value: str, kind: str) -> object:
    if kind == "long":
        return int(value)
    if kind == "double":
        return float(value)
    if kind == "boolean":
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise ValueError(value)
    return value


class Rows:
    """Turns blocks into node, edge and evidence rows (tuples in column order)."""

    def __init__(self, schema: Schema, lookup: Store) -> None:
        self.schema = schema
        self.lookup = lookup
        self.index = {prop: i for i, prop in enumerate(schema.attributes)}
        self.columns = [(p, kind) for p, (_, kind) in schema.attributes.items()]
        self.edges = 0
        self._predicates: dict[str, tuple[str | None, str | None]] = {}
        self._edge_names: dict[ox.NamedNode, tuple[str, str, str, str | None]] = {}

    def predicate_names(self, predicate: ox.NamedNode) -> tuple[str | None, str | None]:
        """The zh / en labels of a property (cached: a graph has few properties)."""
        names = self._predicates.get(predicate.value)
        if names is None:
            zh = en = None
            for q in self.lookup.quads_for_pattern(predicate, RDFS.label, None, None):
                label = q.object
                if isinstance(label, ox.Literal):
                    if label.language == "zh" and zh is None:
                        zh = label.value
                    elif label.language == "en" and en is None:
                        en = label.value
            names = self._predicates[predicate.value] = (zh, en)
        return names

    def node(self, block: Block) -> Row:
        zh = en = plain = None
        types: list[str] = []
        values: dict[int, list[str]] = {}  # attribute column -> its values
        other: dict[str, list[str]] = {}
        for q in block.quads:
            p, o = q.predicate.value, q.object
            if p == TYPE_IRI:
                if isinstance(o, ox.NamedNode) and o.value not in types:
                    types.append(o.value)
                continue
            if not isinstance(o, ox.Literal):
                continue
            if p in NAME_PROPERTIES and (p == NAME_PROPERTIES[0] or (zh is None and en is None)):
                if o.language == "zh" and zh is None:
                    zh = o.value
                    continue
                if o.language == "en" and en is None:
                    en = o.value
                    continue
                if not o.language and plain is None:
                    plain = o.value
                    continue
            i = self.index.get(p)
            if i is None:  # a value several graphs state is one value, as in a column
                said = other.setdefault(curie(p), [])
                if o.value not in said:
                    said.append(o.value)
                continue
            slot = values.get(i)
            if slot is None:
                values[i] = [o.value]
            elif o.value not in slot:
                slot.append(o.value)
        cells: list[object] = [None] * len(self.index)
        for i, slot in values.items():
            prop, kind = self.columns[i]
            if kind == "string":
                cells[i] = " | ".join(slot)
                continue
            try:
                cells[i] = _convert(slot[0], kind)
            except ValueError:
                other.setdefault(curie(prop), []).extend(slot)
                continue
            if len(slot) > 1:
                other.setdefault(curie(prop), []).extend(slot)
        node = block.node
        iri = node.value if isinstance(node, ox.NamedNode) else f"_:{node.value}"
        classes = tuple(types)
        return (
            iri,
            _labels(classes),
            zh or en or plain or iri,
            zh,
            en,
            _kind(classes),
            block.selected,
            *cells,
            json.dumps(other, ensure_ascii=False, sort_keys=True) if other else None,
        )

    def facts(self, block: Block) -> tuple[list[Row], list[Row]]:
        """The block's edge rows and evidence rows (an edge's, an attribute's or a class's
        evidence), in the order of its facts. A fact stated in several graphs (its quads
        next to each other) is one edge."""
        node = block.node
        subject = node.value if isinstance(node, ox.NamedNode) else f"_:{node.value}"
        evidence = block.evidence
        edges: list[Row] = []
        proofs: list[Row] = []
        facts = [(q.predicate, q.object, q.graph_name) for q in block.quads]
        i, n = 0, len(facts)
        while i < n:
            p, o, g = facts[i]
            i += 1
            graphs = None
            while i < n and facts[i][1] == o and facts[i][0] == p:
                if graphs is None:
                    graphs = [g]
                graphs.append(facts[i][2])
                i += 1
            items = evidence.get((p, o)) if evidence else None
            if p == TYPE or isinstance(o, ox.Literal):
                if items:  # an attribute's (or a class's) evidence
                    proofs += [self._evidence(subject, p, o, None, e) for e in items]
                continue
            self.edges += 1
            edge_id = f"e{self.edges}"
            names = self._edge_names.get(p)
            if names is None:
                names = self._edge_names[p] = self._names_of(p)
            predicate, kind, name, en = names
            if graphs is None:  # most facts: one graph states them
                graph = g.value if isinstance(g, ox.NamedNode) else None
            else:
                graph = " ".join(g.value for g in graphs if isinstance(g, ox.NamedNode)) or None
            if isinstance(o, ox.NamedNode):
                target = o.value
            elif isinstance(o, ox.BlankNode):
                target = f"_:{o.value}"
            else:
                target = str(o)
            first = items[0] if items else None
            edges.append(
                (
                    subject,
                    target,
                    kind,
                    edge_id,
                    predicate,
                    name,
                    en,
                    graph,
                    _best(items) if items else None,
                    len(items) if items else 0,
                    _summary(first) if first else None,
                    first.source if first else None,
                )
            )
            if items:
                proofs += [self._evidence(subject, p, o, edge_id, e) for e in items]
        return edges, proofs

    def _names_of(self, predicate: ox.NamedNode) -> tuple[str, str, str, str | None]:
        """What every edge of ``predicate`` says about it: its IRI, its short name (the
        edge's type), its name (zh, else en, else the short name) and its English name."""
        iri = predicate.value
        kind = short_name(iri)
        zh, en = self.predicate_names(predicate)
        return iri, kind, zh or en or kind, en

    def _evidence(
        self, subject: str, predicate: ox.NamedNode, obj: Object, edge: str | None, e: Evidence
    ) -> Row:
        record = e.record or {}
        columns = record.get("columns")
        return (
            subject,
            predicate.value,
            str(obj) if isinstance(obj, ox.Triple) else obj.value,
            edge,
            e.assertion,
            e.status,
            e.sentence,
            e.start,
            e.end,
            e.source,
            e.url,
            e.rationale,
            e.rationale_en,
            record.get("file"),
            record.get("sha256"),
            record.get("sheet"),
            record.get("row"),
            " / ".join(columns) if isinstance(columns, list) else None,
            e.graph,
        )


@functools.lru_cache(maxsize=1024)
def _labels(types: tuple[str, ...]) -> str:
    """Graph database labels: the classes' short names (a node has several)."""
    return ";".join(short_name(t) for t in types) or "Resource"


@functools.lru_cache(maxsize=1024)
def _kind(types: tuple[str, ...]) -> str:
    local = {t[len(KG_NS) :] for t in types if t.startswith(KG_NS)}
    for cls, kind in KINDS.items():
        if cls in local:
            return kind
    return "other"


def _best(items: list[Evidence]) -> str | None:
    statuses = {e.status for e in items}
    for status in STATUS_ORDER:
        if status in statuses:
            return status
    return None


def _summary(e: Evidence) -> str | None:
    """The first evidence item in one line: its sentence, rationale or record."""
    if e.sentence:
        return e.sentence
    if e.rationale or e.rationale_en:
        return e.rationale or e.rationale_en
    if e.record:
        r = e.record
        sheet = f", sheet {r['sheet']}" if r.get("sheet") else ""
        return f"{r['file']}{sheet}, row {r['row']}"
    return None
