"""The one boundary between pyoxigraph terms and rdflib terms.

kg works in pyoxigraph terms; pyshacl and rdflib's isomorphism checks want rdflib graphs.

>>> import pyoxigraph as ox
>>> t = ox.Triple(ox.NamedNode("http://e.org/s"), ox.NamedNode("http://e.org/p"), ox.Literal("x", language="zh"))
>>> g = to_rdflib_graph([t])
>>> len(g), next(iter(g))[2].language
(1, 'zh')
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib


def to_rdflib(
    term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph | ox.Triple,
) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    raise TypeError(f"cannot convert {term!r}")


def to_rdflib_graph(data: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """Triples or quads (graph names dropped) as one rdflib graph."""
    graph = rdflib.Graph()
    for item in data:
        graph.add((to_rdflib(item.subject), to_rdflib(item.predicate), to_rdflib(item.object)))
    return graph


def to_rdflib_dataset(quads: Iterable[ox.Quad]) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    for q in quads:
        dataset.add(
            (  # type: ignore[arg-type]  # rdflib's stubs want a Graph; Dataset.add takes a graph name too
                to_rdflib(q.subject),
                to_rdflib(q.predicate),
                to_rdflib(q.object),
                to_rdflib(q.graph_name),
            )
        )
    return dataset
