"""Reading a selection, node by node: the one pass every export format is written from.

:func:`blocks` yields one :class:`Block` per selected node - its statements (the facts)
and, with provenance, the evidence of each fact (graph and table formats) - then one block
per *context* node: a node that facts point to but the selection does not hold, with its
types and labels only, so every edge has both ends and every node a name. The RDF formats
(:mod:`kg.export.rdf`) read the same way, with :class:`Records` for their provenance
statements.

Nodes are read a batch at a time (statements by the store's index, evidence by one
query per batch for the nodes that have any: :class:`Recorded`), so memory holds one
batch, the selected IRIs, and the IRIs of context nodes and of provenance records already
written - never the subgraph. Reading statements (their terms decoded by the store) is
most of what an export costs: each is read once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter

import pyoxigraph as ox

from kg import queries
from kg.entities import Evidence, evidence_about
from kg.export.selection import Selection
from kg.namespaces import DCT, KG, RDF, RDFS, SKOS
from kg.store import Store, solutions
from kg.store.base import Term

Object = Term | ox.Triple  # what a statement may point to

BATCH = 256  # nodes per batch
RECORDED_PER_NODE = 1  # recorded nodes read at once, at most, per selected node (Recorded)
NAMES = (RDF.type, RDFS.label, SKOS.prefLabel)  # what a context node brings along
TYPE = RDF.type  # looked up once: namespace attributes cost a call each
_graph_name = attrgetter("graph_name")

Progress = Callable[[int], None]  # called with the number of selected nodes just written


@dataclass
class Block:
    """One node and what the export says about it."""

    node: ox.NamedNode | ox.BlankNode
    selected: bool
    quads: list[ox.Quad]
    evidence: dict[tuple[ox.NamedNode, Object], list[Evidence]] = field(default_factory=dict)
    provenance: list[ox.Quad] = field(default_factory=list)


class Cancelled(Exception):
    """Raised inside an export when its reader stops it (a client that went away)."""


def blocks(
    selection: Selection,
    *,
    provenance: bool = True,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
) -> Iterator[Block]:
    """The blocks of ``selection``: selected nodes in IRI order, then context nodes, with
    the evidence of each fact. ``check`` is called between batches and may raise to stop
    the export (a deadline, a cancel)."""
    store, lookup = selection.store, selection.lookup
    selected: set[object] = set(selection.nodes)  # terms: no string per node or check
    context: dict[ox.NamedNode | ox.BlankNode, None] = {}  # in the order found
    recorded = Recorded(lookup, len(selection.nodes)) if provenance else None
    ask_all = recorded is not None and recorded.nodes is None  # every node is asked about
    known = recorded.nodes if recorded is not None and recorded.nodes else None
    nodes = iter(selection.nodes)
    while batch := list(islice(nodes, BATCH)):
        if check is not None:
            check()
        read = []
        asked: list[ox.NamedNode] = []  # the nodes whose facts may have evidence
        for node in batch:
            quads = list(store.quads_for_pattern(node, None, None, selection.graph))
            if selection.graph is None:
                quads = _grouped(quads)
            proven = ask_all or (known is not None and node.value in known)
            for q in quads:
                o = q.object
                if isinstance(o, ox.NamedNode | ox.BlankNode) and q.predicate != TYPE:
                    if o not in selected and o not in context:
                        context[o] = None
                    if not proven and known is not None and o.value in known:
                        proven = True  # an inverse column's row describes the object
            if proven and isinstance(node, ox.NamedNode):
                asked.append(node)
            read.append((node, quads))
        by_node: dict[object, dict[tuple[ox.NamedNode, Object], list[Evidence]]] = {}
        if asked:  # each node's evidence, sorted out once per batch (not once per node)
            for (s, p, o), items in evidence_about(lookup, asked).items():
                by_node.setdefault(s, {})[(p, o)] = items
        for node, quads in read:
            yield Block(node, True, quads, by_node.get(node, {}))
        if progress is not None:
            progress(len(batch))
    yield from _context(lookup, context, check)


def _grouped(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads of one subject with each fact's quads (one per graph stating it) next to
    each other - the store lists them graph by graph."""
    if len(quads) < 2 or len(set(map(_graph_name, quads))) == 1:
        return quads
    facts: dict[tuple[ox.NamedNode, Object], list[ox.Quad]] = {}
    for q in quads:
        facts.setdefault((q.predicate, q.object), []).append(q)
    return [q for same in facts.values() for q in same]


def _context(
    lookup: Store,
    nodes: Iterable[ox.NamedNode | ox.BlankNode],
    check: Callable[[], None] | None,
) -> Iterator[Block]:
    ordered = sorted(nodes, key=lambda n: n.value)
    for node, quads in zip(ordered, context_quads(lookup, ordered, check), strict=True):
        yield Block(node, False, quads)


def context_quads(
    lookup: Store,
    nodes: Iterable[ox.NamedNode | ox.BlankNode],
    check: Callable[[], None] | None,
) -> Iterator[list[ox.Quad]]:
    """The types and labels of each context node, in IRI order (``check`` between
    batches)."""
    ordered = sorted(nodes, key=lambda n: n.value)
    for i, node in enumerate(ordered):
        if check is not None and i % BATCH == 0:
            check()
        yield [q for p in NAMES for q in lookup.quads_for_pattern(node, p, None, None)]


class Recorded:
    """Which nodes have provenance records (``export-recorded.rq``), so that the evidence
    and record queries of a batch ask only about them.

    Asking per batch costs index lookups for every node; reading the recorded nodes once
    costs one step per record. So they are read once when the store holds no more of them
    than the selection has nodes (:data:`RECORDED_PER_NODE`; the read stops at that
    budget); otherwise :attr:`nodes` is ``None`` and every node is asked about."""

    def __init__(self, store: Store, selected: int) -> None:
        self.nodes: set[str] | None = None
        if selected < BATCH:  # one batch: asking costs less than reading the records
            return
        found: set[str] = set()
        for row in solutions(store.query(queries.get("export-recorded"))):
            found.add(row["s"].value)
            if len(found) > selected * RECORDED_PER_NODE:
                return
        self.nodes = found

    def of(self, nodes: list[ox.NamedNode]) -> list[ox.NamedNode]:
        """Those of ``nodes`` that may have records."""
        known = self.nodes
        return nodes if known is None else [n for n in nodes if n.value in known]


class Records:
    """Provenance as statements: the assertion or imported row behind each fact, the
    evidence passage, the source document (without its full text) and, for imported
    tables, the sheet and column mappings - each written once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.written: set[str] = set()

    def about(self, nodes: list[ox.NamedNode]) -> dict[str, list[ox.NamedNode]]:
        """The provenance records of the facts of ``nodes`` (one query), by node."""
        if not nodes:
            return {}
        sparql = queries.get("export-provenance") + queries.values(["s"], ([n] for n in nodes))
        out: dict[str, list[ox.NamedNode]] = {}
        for row in solutions(self.store.query(sparql)):
            out.setdefault(row["s"].value, []).append(row["record"])
        return out

    def statements(
        self, node: ox.NamedNode | ox.BlankNode, facts: list[ox.Quad], records: list[ox.NamedNode]
    ) -> list[ox.Quad]:
        stated = {(q.predicate, q.object) for q in facts}
        out: list[ox.Quad] = []
        for record in sorted(records, key=lambda r: r.value):
            quads = list(self.store.quads_for_pattern(record, None, None, None))
            fields = {q.predicate: q.object for q in quads}
            if (
                RDF.subject in fields
                and (fields.get(RDF.predicate), fields.get(RDF.object)) not in stated
            ):
                continue  # the assertion of a fact the export does not hold (a rejected one)
            if record.value in self.written:
                continue
            self.written.add(record.value)
            out += quads
            for q in quads:
                if q.predicate in (KG.evidence, DCT.isPartOf) and isinstance(
                    q.object, ox.NamedNode
                ):
                    out += self._part(q.object)
        return out

    def _part(self, node: ox.NamedNode) -> list[ox.Quad]:
        """A passage, a sheet or a document, and what it is part of (each once)."""
        if node.value in self.written:
            return []
        self.written.add(node.value)
        quads = list(self.store.quads_for_pattern(node, None, None, None))
        if _is_document(quads):
            return self._document(node, quads)
        out = quads
        for q in quads:
            if q.predicate == DCT.isPartOf and isinstance(q.object, ox.NamedNode):
                out += self._part(q.object)
        return out

    def _document(self, doc: ox.NamedNode, quads: list[ox.Quad]) -> list[ox.Quad]:
        """A source document described without its full text (export the source for
        that), with the column mappings of an imported table."""
        out = [q for q in quads if q.predicate != KG.text]
        maps = self.store.query(queries.bind("export-column-maps", doc=doc))
        for row in solutions(maps):
            if row["map"].value not in self.written:
                self.written.add(row["map"].value)
                out += self.store.quads_for_pattern(row["map"], None, None, None)
        return out


DOCUMENTS = (KG.SourceDocument, KG.DataFile)


def _is_document(quads: list[ox.Quad]) -> bool:
    return any(q.predicate == RDF.type and q.object in DOCUMENTS for q in quads)
