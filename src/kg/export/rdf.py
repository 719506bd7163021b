"""The RDF formats of :mod:`kg.formats` (Turtle, TriG, N-Triples, N-Quads, JSON-LD,
RDF/XML), serialized by pyoxigraph: the facts in their graphs, the names of the nodes they
point to, and the provenance records as statements. Dataset formats keep graph names;
triple formats merge the graphs.

The statements go from the store to the serializer in lists, one per node, chained into
one ``pyoxigraph.serialize`` call (and counted there, in C): Python looks at each fact only
to note the nodes it points to. Reading a statement from the store (its terms decoded) is
most of what an export costs; each statement is read once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain, count, islice
from operator import attrgetter, itemgetter
from typing import IO, cast

import pyoxigraph as ox

from kg.export.reader import BATCH, Progress, Recorded, Records, context_quads
from kg.export.selection import Selection
from kg.formats import Format, serialize
from kg.namespaces import PREFIXES, RDF

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
    written = count()
    parts = _parts(
        selection,
        dataset=fmt.kind == "dataset",
        provenance=provenance,
        progress=progress,
        check=check,
        counts=counts,
    )
    # Quads for a dataset format, triples for a triple format: they pass as they are.
    data = cast(Iterator[ox.Quad], _counted(chain.from_iterable(parts), written))
    serialize(data, fmt, out, prefixes=PREFIXES)
    counts["statements"] = next(written)
    return counts


def _counted(items: Iterator[object], counter: count[int]) -> Iterator[object]:
    """``items`` as they are, counted by ``counter`` as the serializer takes them - all in C
    (``zip`` takes from ``counter`` only after ``items`` gave one more): no Python call per
    statement. ``next(counter)`` afterwards is how many were taken."""
    return map(itemgetter(0), zip(items, counter, strict=False))


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
