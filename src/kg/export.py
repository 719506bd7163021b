"""Subgraph export: around an entity (k hops), an industry, or a source document - with
the provenance of every fact - serialized in any RDF format of :mod:`kg.formats`.

A selection is a list of quads: the facts (in their source graphs) plus the assertion
records, evidence passages and source-document descriptions behind them. Dataset formats
(TriG, N-Quads, JSON-LD) keep the graph names; triple formats merge the graphs.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg import queries
from kg.entities import INDUSTRY_FIRST, resolve, search
from kg.errors import BadRequest, NotFound, UnsupportedFormat
from kg.formats import Format
from kg.iris import Minter, named_node
from kg.namespaces import KG, PREFIXES, SKOS
from kg.store import Store, solutions

# Minted IRIs under these paths are provenance or bookkeeping, never entities to walk to.
NOT_ENTITIES = ("assertion/", "source/", "graph/", "load/", "agent/")


def _is_entity(minter: Minter, term: ox.NamedNode) -> bool:
    key = minter.key(term)
    return key is not None and not key.startswith(NOT_ENTITIES)


def _walk(store: Store, minter: Minter, start: Iterable[ox.NamedNode], hops: int) -> set[str]:
    """Entities within ``hops`` steps of ``start`` (either direction)."""
    seen = {n.value for n in start}
    frontier = list(start)
    for _ in range(hops):
        if not frontier:
            break
        sparql = queries.get("neighbours") + queries.values(["n"], ([n] for n in frontier))
        found = [row["m"] for row in solutions(store.query(sparql))]
        frontier = [
            m
            for m in {m.value: m for m in found}.values()
            if m.value not in seen and _is_entity(minter, m)
        ]
        seen.update(m.value for m in frontier)
    return seen


def _statements(store: Store, subjects: Iterable[ox.NamedNode]) -> list[ox.Quad]:
    subjects = list(subjects)
    if not subjects:
        return []
    sparql = queries.get("statements") + queries.values(["s"], ([s] for s in subjects))
    return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in solutions(store.query(sparql))]


def select_nodes(store: Store, minter: Minter, nodes: set[str]) -> list[ox.Quad]:
    """The facts among ``nodes`` (statements from one node to another, or to a literal or a
    vocabulary term), plus their assertion records, passages and documents."""
    data_graphs = minter.prefix + "graph/"
    facts = [
        q
        for q in _statements(store, (ox.NamedNode(n) for n in sorted(nodes)))
        if isinstance(q.graph_name, ox.NamedNode)
        and q.graph_name.value.startswith(data_graphs)
        and (
            not isinstance(q.object, ox.NamedNode)
            or q.object.value in nodes
            or not _is_entity(minter, q.object)
            and minter.key(q.object) is None
        )
    ]
    return _with_provenance(store, minter, facts)


def _with_provenance(store: Store, minter: Minter, facts: list[ox.Quad]) -> list[ox.Quad]:
    out = list(dict.fromkeys(facts))
    triples = list(dict.fromkeys((q.subject, q.predicate, q.object) for q in facts))
    passages: dict[str, ox.NamedNode] = {}
    for chunk in _chunks(triples, 500):
        sparql = queries.get("assertions-of") + queries.values(["s", "p", "o"], chunk)
        for r in solutions(store.query(sparql)):
            out.append(ox.Quad(r["a"], r["ap"], r["ao"], r["g"]))
            if r["ap"] == KG.evidence:
                passages[r["ao"].value] = r["ao"]
    documents: dict[str, ox.NamedNode] = {}
    for q in _statements(store, passages.values()):
        out.append(q)
        if q.predicate.value.endswith("/isPartOf") and isinstance(q.object, ox.NamedNode):
            documents[q.object.value] = q.object
    # Describe each source document, without its full text (export the source for that).
    out.extend(q for q in _statements(store, documents.values()) if q.predicate != KG.text)
    return list(dict.fromkeys(out))


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def around_entity(store: Store, minter: Minter, entity: str, hops: int = 1) -> list[ox.Quad]:
    """The subgraph within ``hops`` of an entity (IRI, key or name)."""
    if hops < 0:
        raise BadRequest("hops must be 0 or more")
    iri = _entity(store, minter, entity)
    return select_nodes(store, minter, _walk(store, minter, [iri], hops))


def _entity(store: Store, minter: Minter, name: str) -> ox.NamedNode:
    """Any entity, by IRI, key or name."""
    if name.startswith(("http://", "https://")) or ("/" in name and " " not in name):
        node = named_node(name, "entity") if name.startswith("http") else minter.entity(name)
        if not bool(store.query("ASK { ?s ?p ?o }", bindings={"s": node})):
            raise NotFound(f"no entity <{node.value}>")
        return node
    hits = [
        h
        for h in search(store, minter, name, limit=50)
        if h["matched"] == name or h["label"] == name
    ]
    if len(hits) == 1:
        return ox.NamedNode(str(hits[0]["iri"]))
    if not hits:
        raise NotFound(f"no entity called {name!r}")
    raise BadRequest(f"{name!r} names {len(hits)} entities; give the IRI")


def industry_subgraph(store: Store, minter: Minter, industry: str) -> list[ox.Quad]:
    """An industry, its narrower concepts, and every organisation, site and project tied to
    them (the partner-match paths), with provenance."""
    target = resolve(store, minter, industry, SKOS.Concept, "industry", INDUSTRY_FIRST)
    nodes = {target.value}
    for row in solutions(store.query(queries.get("concept-tree"), bindings={"target": target})):
        nodes.add(row["concept"].value)
    for row in solutions(store.query(queries.get("partner-paths"), bindings={"target": target})):
        nodes.add(row["candidate"].value)
        if row["via"] is not None:
            nodes.add(row["via"].value)
    return select_nodes(store, minter, nodes)


def source_subgraph(store: Store, minter: Minter, source_id: str) -> list[ox.Quad]:
    """Everything a source document's graph holds (or any kg graph, by its name)."""
    name = source_id.strip()
    graph = named_node(name, "source") if name.startswith(("http://", "https://")) else minter.graph(name)
    if graph not in store.named_graphs():
        raise NotFound(f"no source graph {name!r}")
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in store.get_graph(graph)]


def serialize(quads: list[ox.Quad], fmt: Format) -> bytes:
    """Quads in ``fmt``: dataset formats keep graph names, triple formats merge graphs."""
    if fmt.kind == "results" or not isinstance(fmt.engine, ox.RdfFormat):
        raise UnsupportedFormat(f"{fmt.name} is a query-results format, not an RDF format")
    if fmt.kind == "dataset":
        data: list[ox.Quad] | list[ox.Triple] = quads
    else:
        data = list(dict.fromkeys(q.triple for q in quads))
    with_prefixes = fmt.engine in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    out = ox.serialize(data, format=fmt.engine, prefixes=PREFIXES if with_prefixes else None)
    assert out is not None
    return out
