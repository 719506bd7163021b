"""The RDF formats of :mod:`kg.formats` (Turtle, TriG, N-Triples, N-Quads, JSON-LD,
RDF/XML), serialized by pyoxigraph: the facts in their graphs, the names of the nodes they
point to, and the provenance records as statements. Dataset formats keep graph names;
triple formats merge the graphs.

The statements go from the store to the serializer in lists, one per node, chained into
one ``pyoxigraph.serialize`` call (and counted there, in C): Python looks at each fact only
to note the nodes it points to. Reading a statement from the store (its terms decoded) is
most of what an export costs; each statement is read once.

:func:`write_construct` writes a CONSTRUCT query's triples as the query gives them
(pyoxigraph's result iterator is lazy): the output starts with the query's first triple and
no store of the result is built, so memory holds a batch of triples and the IRIs of the
nodes seen - the same export, statement for statement, as the one written from a
:func:`~kg.export.selection.construct` selection, in another order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain, count, islice
from operator import attrgetter, itemgetter
from typing import IO, cast

import pyoxigraph as ox

from kg.export.reader import BATCH, Progress, Recorded, Records, context_quads
from kg.export.selection import Selection, constructed
from kg.export.template import Seen
from kg.formats import Format, serialize
from kg.namespaces import PREFIXES, RDF
from kg.store import Store

TYPE = RDF.type

Statements = Iterable[ox.Quad] | Iterable[ox.Triple]
_triple = attrgetter("triple")


def statements(selection: Selection, *, provenance: bool = True) -> Iterator[ox.Quad]:
    """The quads of an export (a source's graph, with provenance: that graph as it is)."""
    parts = _parts(selection, dataset=True, provenance=provenance)
    return chain.from_iterable(cast(Iterator[list[ox.Quad]], parts))


def write(
    selection: Selection,
    fmt: Format,
    out: IO[bytes],
    *,
    provenance: bool = True,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Write the export of ``selection`` in ``fmt``. Returns ``statements`` written (a fact
    stated in several graphs is one statement of a triple format) and ``nodes``: selected
    nodes and the nodes their facts point to."""
    assert isinstance(fmt.engine, ox.RdfFormat)
    counts = {"statements": 0, "nodes": 0}
    parts = _parts(
        selection,
        dataset=fmt.kind == "dataset",
        provenance=provenance,
        progress=progress,
        check=check,
        counts=counts,
    )
    return _serialized(parts, fmt, out, counts)


def _serialized(
    parts: Iterator[Statements], fmt: Format, out: IO[bytes], counts: dict[str, int]
) -> dict[str, int]:
    """Serialize the statements of ``parts`` (quads for a dataset format, triples for a
    triple format: they pass as they are) in ``fmt`` to ``out``; ``counts["statements"]``
    becomes how many the serializer took, counted all in C (``zip`` takes from the counter
    only after the statements gave one more): no Python call per statement."""
    written = count()
    data = map(itemgetter(0), zip(chain.from_iterable(parts), written, strict=False))
    serialize(cast(Iterator[ox.Quad], data), fmt, out, prefixes=PREFIXES)
    counts["statements"] = next(written)
    return counts


def _parts(
    selection: Selection,
    *,
    dataset: bool,
    provenance: bool,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
    counts: dict[str, int] | None = None,
) -> Iterator[Statements]:
    """The statements of an export, as the iterables they come in: quads for ``dataset``,
    else triples (each once)."""
    counts = counts if counts is not None else {}
    counts.setdefault("nodes", 0)
    store = selection.store
    if selection.whole_graph and provenance and selection.graph is not None:
        whole = iter(store.quads(selection.graph))
        while chunk := list(islice(whole, 4096)):
            if check is not None:
                check()
            yield chunk if dataset else map(_triple, chunk)
        counts["nodes"] += len(selection.nodes)
        if progress is not None:
            progress(len(selection.nodes))
        return
    selected: set[object] = set(selection.nodes)  # terms: no string per node or check
    context: dict[ox.NamedNode | ox.BlankNode, None] = {}  # in the order found
    records = Records(selection.lookup) if provenance else None
    recorded = Recorded(selection.lookup, len(selection.nodes)) if provenance else None
    nodes = iter(selection.nodes)
    while batch := list(islice(nodes, BATCH)):
        if check is not None:
            check()
        named = [n for n in batch if isinstance(n, ox.NamedNode)]  # blank nodes have none
        owned = (
            records.about(recorded.of(named))
            if records is not None and recorded is not None
            else {}
        )
        for node in batch:
            quads = list(store.quads_for_pattern(node, None, None, selection.graph))
            for q in quads:
                o = q.object
                if (
                    isinstance(o, ox.NamedNode | ox.BlankNode)
                    and o not in selected
                    and o not in context
                    and q.predicate != TYPE
                ):
                    context[o] = None
            # A fact stated in several graphs is one triple (dict: first seen, in order).
            yield quads if dataset else dict.fromkeys(map(_triple, quads))
            if records is not None and node.value in owned:
                proof = records.statements(node, quads, owned[node.value])
                yield proof if dataset else map(_triple, proof)
        counts["nodes"] += len(batch)
        if progress is not None:
            progress(len(batch))
    for quads in context_quads(selection.lookup, context, check):
        counts["nodes"] += 1
        yield quads if dataset else dict.fromkeys(map(_triple, quads))


TRIPLES = 4096  # a CONSTRUCT's triples taken at once (provenance is asked per batch)


def write_construct(
    store: Store,
    sparql: str,
    fmt: Format,
    out: IO[bytes],
    *,
    provenance: bool = True,
    check: Callable[[], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write the triples of the CONSTRUCT query ``sparql`` in ``fmt`` as the query gives
    them, with the provenance of those that are facts of ``store`` and the names of the
    nodes they point to. Nothing is written before the query gives its first triple (or
    ends), so an error of the query comes before any byte. The caller checks the query as
    the SPARQL endpoint does (size, remote access). Returns ``statements`` written and
    ``nodes`` (subjects, and the nodes their triples point to). ``progress`` is called with
    the number of the query's triples in each batch as it is written."""
    assert isinstance(fmt.engine, ox.RdfFormat)
    # the SELECT of the template's variables, filled in (kg.export.template: the engine's
    # CONSTRUCT remembers every triple it gave); its repeats dropped within a window
    triples = constructed(store, sparql)
    counts = {"statements": 0, "nodes": 0}
    parts = _constructed(
        store,
        triples,
        dataset=fmt.kind == "dataset",
        provenance=provenance,
        check=check,
        counts=counts,
        progress=progress,
    )
    return _serialized(parts, fmt, out, counts)


def _in_default_graph(triples: list[ox.Triple]) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]


def _constructed(
    lookup: Store,
    triples: Iterator[ox.Triple],
    *,
    dataset: bool,
    provenance: bool,
    check: Callable[[], None] | None,
    counts: dict[str, int],
    progress: Callable[[int], None] | None = None,
) -> Iterator[Statements]:
    """A CONSTRUCT's triples a batch at a time, each batch followed by the provenance
    records of its facts; then the names of the nodes they point to that are no subject
    of any (quads for ``dataset``, else triples)."""
    subjects: set[object] = set()
    pointed: dict[ox.NamedNode | ox.BlankNode, None] = {}  # in the order found
    records = Records(lookup) if provenance else None
    seen = Seen()
    while read := list(islice(triples, TRIPLES)):
        if check is not None:  # every batch read, though all of it be repeats
            check()
        if progress is not None:
            progress(len(read))
        batch = seen.new(read)
        if not batch:
            continue
        yield _in_default_graph(batch) if dataset else batch
        by_subject: dict[object, list[ox.Triple]] = {}
        for t in batch:
            if not isinstance(t.subject, ox.Triple):  # RDF 1.2 triple terms: no node
                by_subject.setdefault(t.subject, []).append(t)
            o = t.object
            if isinstance(o, ox.NamedNode | ox.BlankNode) and t.predicate != TYPE:
                pointed[o] = None
        counts["nodes"] += sum(1 for s in by_subject if s not in subjects)
        subjects.update(by_subject)
        if records is None:
            continue
        named = {s.value: s for s in by_subject if isinstance(s, ox.NamedNode)}
        for value, owned in records.about(list(named.values())).items():
            node = named[value]
            # facts of this batch: a record of a fact in a later batch is written with it
            proof = records.statements(node, cast(list[ox.Quad], by_subject[node]), owned)
            if proof:
                yield proof if dataset else map(_triple, proof)
    context = [n for n in pointed if n not in subjects]
    for quads in context_quads(lookup, context, check):
        counts["nodes"] += 1
        yield quads if dataset else dict.fromkeys(map(_triple, quads))
