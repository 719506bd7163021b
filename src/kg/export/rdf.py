"""The RDF formats of :mod:`kg.formats` (Turtle, TriG, N-Triples, N-Quads, JSON-LD,
RDF/XML), serialized by pyoxigraph from the stream of blocks: the facts in their graphs,
the names of the nodes they point to, and the provenance records as statements. Dataset
formats keep graph names; triple formats merge the graphs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

import pyoxigraph as ox

from kg.export.reader import Progress, blocks
from kg.export.selection import Selection
from kg.formats import Format, serialize
from kg.namespaces import PREFIXES


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
    counts: dict[str, int] = {"statements": 0}
    quads = statements(
        selection, provenance=provenance, progress=progress, check=check, counts=counts
    )
    serialize(quads, fmt, out, prefixes=PREFIXES)  # triple formats merge the graphs
    return counts
