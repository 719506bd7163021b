"""The RDF formats of :mod:`kg.formats` (Turtle, TriG, N-Triples, N-Quads, JSON-LD,
RDF/XML), serialized by pyoxigraph from the stream of blocks: the facts in their graphs,
the names of the nodes they point to, and the provenance records as statements. Dataset
formats keep graph names; triple formats merge the graphs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

import pyoxigraph as ox

from kg.errors import UnsupportedFormat
from kg.export.reader import Progress, blocks
from kg.export.selection import Selection
from kg.formats import Format
from kg.namespaces import PREFIXES

WITH_PREFIXES = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


def statements(
    selection: Selection,
    *,
    provenance: bool = True,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
    counts: dict[str, int] | None = None,
) -> Iterator[ox.Quad]:
    """The quads of an export. A source's graph, with provenance, is written as it is."""
    counts = counts if counts is not None else {}
    if selection.whole_graph and provenance and selection.graph is not None:
        for i, quad in enumerate(selection.store.quads(selection.graph)):
            if check is not None and i % 4096 == 0:
                check()
            counts["statements"] = i + 1
            yield quad
        if progress is not None:
            progress(len(selection.nodes))
        return
    for block in blocks(selection, provenance=provenance, rdf=True, progress=progress, check=check):
        counts["nodes"] = counts.get("nodes", 0) + 1
        counts["statements"] = (
            counts.get("statements", 0) + len(block.quads) + len(block.provenance)
        )
        yield from block.quads
        yield from block.provenance


def write(
    selection: Selection,
    fmt: Format,
    out: IO[bytes],
    *,
    provenance: bool = True,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
) -> dict[str, int]:
    assert isinstance(fmt.engine, ox.RdfFormat)
    counts: dict[str, int] = {"statements": 0}
    quads = statements(
        selection, provenance=provenance, progress=progress, check=check, counts=counts
    )
    data: Iterator[ox.Quad] | Iterator[ox.Triple] = quads
    if fmt.kind != "dataset":
        data = _triples(quads)
    prefixes = PREFIXES if fmt.engine in WITH_PREFIXES else None
    ox.serialize(data, out, format=fmt.engine, prefixes=prefixes)
    return counts


def _triples(quads: Iterator[ox.Quad]) -> Iterator[ox.Triple]:
    """Triples, a fact stated in several graphs once (its quads come one after another)."""
    last = None
    for quad in quads:
        triple = quad.triple
        if triple != last:
            yield triple
        last = triple


def serialize_quads(quads: list[ox.Quad], fmt: Format) -> bytes:
    """Quads in ``fmt``: dataset formats keep graph names, triple formats merge graphs."""
    if not isinstance(fmt.engine, ox.RdfFormat):
        raise UnsupportedFormat(f"{fmt.name} is not an RDF format")
    data: list[ox.Quad] | list[ox.Triple] = quads
    if fmt.kind != "dataset":
        data = list(dict.fromkeys(q.triple for q in quads))
    prefixes = PREFIXES if fmt.engine in WITH_PREFIXES else None
    out = ox.serialize(data, format=fmt.engine, prefixes=prefixes)
    assert out is not None
    return out
