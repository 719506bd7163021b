"""A read-only view of a store that leaves some named graphs out.

Used to query without unreviewed facts (:class:`kg.review.Unreviewed`) and without
graphs a load left unfinished: the view's default graph is the union of every
graph but the excluded ones, and ``GRAPH ?g`` only ranges over the graphs kept. Writes are
refused; the graph list is recomputed whenever the store changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, Triple

from kg.errors import BadRequest, Forbidden
from kg.sparqltext import names_dataset
from kg.store.base import GraphName, QueryResult, Store, Term

OWN_DATASET = (
    "this view of the store leaves graphs out of kg's default dataset, and this query names "
    "its own (FROM / FROM NAMED): drop those clauses"
)


class FilteredStore:
    """``store`` without the named graphs ``leave_out`` says to leave out. A query that names
    its own dataset is refused with ``own_dataset`` (what the caller can do instead)."""

    def __init__(
        self,
        store: Store,
        leave_out: Callable[[NamedNode], bool],
        own_dataset: str = OWN_DATASET,
    ) -> None:
        self.store, self.leave_out, self.own_dataset = store, leave_out, own_dataset
        self._lock = threading.Lock()
        self._cached: tuple[str, list[NamedNode]] | None = None

    @property
    def version(self) -> str:
        return self.store.version

    @property
    def revision(self) -> str | None:
        return None  # what a view holds depends on its filter too: nothing to keep on disk

    def named_graphs(self) -> list[NamedNode]:
        with self._lock:
            version = self.store.version
            if self._cached is None or self._cached[0] != version:
                kept = [g for g in self.store.named_graphs() if not self.leave_out(g)]
                self._cached = (version, kept)
            return list(self._cached[1])

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: Sequence[GraphName] | None = None,
        named_graphs: Sequence[NamedNode] | None = None,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        if default_graph is None and named_graphs is None and names_dataset(sparql):
            raise BadRequest(self.own_dataset)
        kept = self.named_graphs()
        allowed = {g.value for g in kept}
        if default_graph is None:
            default_graph = [DefaultGraph(), *kept]
        else:
            default_graph = [
                g for g in default_graph if isinstance(g, DefaultGraph) or g.value in allowed
            ]
        named = kept if named_graphs is None else [g for g in named_graphs if g.value in allowed]
        return self.store.query(
            sparql,
            bindings=bindings,
            default_graph=default_graph,
            named_graphs=named,
            prefixes=prefixes,
            base_iri=base_iri,
        )

    def get_graph(self, graph: GraphName) -> list[Triple]:
        if isinstance(graph, NamedNode) and self.leave_out(graph):
            return []
        return self.store.get_graph(graph)

    def quads(self, graph: GraphName | None = None) -> Iterable[Quad]:
        return (
            q
            for q in self.store.quads(graph)
            if not (isinstance(q.graph_name, NamedNode) and self.leave_out(q.graph_name))
        )

    def quads_for_pattern(
        self,
        subject: NamedNode | BlankNode | None,
        predicate: NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterable[Quad]:
        if isinstance(graph, NamedNode) and self.leave_out(graph):
            return iter(())
        return (
            q
            for q in self.store.quads_for_pattern(subject, predicate, object, graph)
            if not (isinstance(q.graph_name, NamedNode) and self.leave_out(q.graph_name))
        )

    def _read_only(self) -> Forbidden:
        return Forbidden("this view of the store is read-only")

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        raise self._read_only()

    def replace_graphs(
        self, graphs: Mapping[GraphName, Iterable[Triple]], *, drop: Iterable[NamedNode] = ()
    ) -> None:
        raise self._read_only()

    def add_to_graph(self, graph: GraphName, triples: Iterable[Triple]) -> None:
        raise self._read_only()

    def load_new_graphs(
        self,
        path: Path,
        format: RdfFormat,
        graph: GraphName,
        graphs: Iterable[NamedNode],
        *,
        batch: int | None = None,
    ) -> None:
        raise self._read_only()

    def delete_graph(self, graph: NamedNode) -> None:
        raise self._read_only()

    def close(self) -> None:
        """The underlying store stays open: its owner closes it."""
