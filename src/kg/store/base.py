"""The store interface: SPARQL query and update plus the Graph Store operations.

Terms and results are pyoxigraph objects: ``QuerySolutions`` (SELECT), ``QueryBoolean``
(ASK) and ``QueryTriples`` (CONSTRUCT/DESCRIBE) serialize themselves into every standard
format, and a remote backend can build the same objects with
``pyoxigraph.parse_query_results``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, TypeAlias, runtime_checkable

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)

QueryResult: TypeAlias = QuerySolutions | QueryBoolean | QueryTriples
Term: TypeAlias = NamedNode | BlankNode | Literal
GraphName: TypeAlias = NamedNode | DefaultGraph


@runtime_checkable
class Store(Protocol):
    """What every backend provides. All writes are atomic."""

    @property
    def version(self) -> str:
        """A token that changes on every write and differs between store openings (for
        caches and ETags)."""
        ...

    @property
    def revision(self) -> str | None:
        """A token that changes on every write and stays the same across openings of an
        unchanged store (for caches kept on disk); ``None`` when the backend cannot promise
        that (in memory, views)."""
        ...

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
        """Run a SPARQL 1.1 query. ``default_graph`` and ``named_graphs`` set the dataset
        (and override the query's ``FROM`` / ``FROM NAMED``); without them the query's own
        dataset holds, and a query without ``FROM`` / ``FROM NAMED`` gets the union of all
        graphs as its default graph. ``bindings`` pre-bind variables (values, never string
        pasting); ``prefixes`` are declared as if the query had PREFIX lines for them;
        ``base_iri`` resolves relative IRIs (as a ``BASE`` line would)."""
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update request atomically (``base_iri`` resolves its relative
        IRIs)."""
        ...

    def named_graphs(self) -> list[NamedNode]: ...

    def get_graph(self, graph: GraphName) -> list[Triple]: ...

    def replace_graphs(
        self, graphs: Mapping[GraphName, Iterable[Triple]], *, drop: Iterable[NamedNode] = ()
    ) -> None:
        """Atomically replace each graph's content (and drop the ``drop`` graphs)."""
        ...

    def add_to_graph(self, graph: GraphName, triples: Iterable[Triple]) -> None:
        """Atomically add triples to a graph (created if needed)."""
        ...

    def load_new_graphs(
        self,
        path: Path,
        format: RdfFormat,
        graph: GraphName,
        graphs: Iterable[NamedNode],
        *,
        batch: int | None = None,
    ) -> None:
        """Load an RDF file whose graphs (``graphs``) hold nothing yet, read by the engine
        itself (triples into ``graph``, quads into their own graphs). All or nothing: if the
        load fails, those graphs are emptied again. ``batch``: for line-based formats
        (N-Triples, N-Quads), hand the engine that many lines at a time, which bounds its
        memory (its bulk loader otherwise holds about a million statements per thread)."""
        ...

    def delete_graph(self, graph: NamedNode) -> None: ...

    def quads(self, graph: GraphName | None = None) -> Iterable[Quad]:
        """Every quad (of one graph when given)."""
        ...

    def quads_for_pattern(
        self,
        subject: NamedNode | BlankNode | None,
        predicate: NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterable[Quad]:
        """The quads matching a pattern (``None`` matches anything), streamed: the
        statements of one subject come out together. (A remote backend answers it with
        ``SELECT * WHERE { GRAPH ?g { s p o } }``.)"""
        ...

    def close(self) -> None: ...


def solutions(result: QueryResult) -> QuerySolutions:
    """The rows of a SELECT result (a type error for ASK or CONSTRUCT results)."""
    if not isinstance(result, QuerySolutions):
        raise TypeError(f"expected SELECT results, got {type(result).__name__}")
    return result
