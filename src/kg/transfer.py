"""Copying a store's graphs into another store, streamed: ``kg push`` (the embedded store
to a SPARQL server) and ``kg pull`` (a SPARQL server's graphs into the embedded store).

The quads stream from the source as N-Quads into *staging* graphs of the target, and one
update then moves every staging graph onto the graph it copies (``MOVE`` replaces it),
so the target changes all at once or not at all: a copy that fails midway leaves it as it
was. Graphs the target holds and the source does not stay, unless ``exact`` drops them
(in the same update).
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.formats import NQUADS, serialize
from kg.store import RemoteStore, Store
from kg.store.base import GraphName
from kg.store.remote import staged_update

BATCH = 50_000  # quads written to the staging file at a time


@dataclass
class CopyReport:
    statements: int = 0
    graphs: dict[str, int] = field(default_factory=dict)  # graph ("" = default) -> statements
    dropped: list[str] = field(default_factory=list)


def copy_store(
    source: Store,
    target: Store,
    *,
    staging_prefix: str,
    exact: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CopyReport:
    """Copy every graph of ``source`` (the default graph too) into ``target``, replacing
    the graphs of the same name there; ``exact``: drop the target's other graphs too.
    ``staging_prefix`` names the staging graphs (``{base}id/graph/staging-``)."""
    report = CopyReport()
    kept = {g.value for g in source.named_graphs()}
    drop = [g for g in target.named_graphs() if g.value not in kept] if exact else []
    report.dropped = [g.value for g in drop]

    def counted() -> Iterator[ox.Quad]:
        for n, quad in enumerate(source.quads(), 1):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            report.graphs[name] = report.graphs.get(name, 0) + 1
            report.statements = n
            if progress is not None and n % BATCH == 0:
                progress(BATCH)
            yield quad

    if isinstance(target, RemoteStore):
        target.replace_from(counted(), drop=drop)
    else:
        _replace_local(target, counted(), drop, staging_prefix)
    if progress is not None:
        progress(report.statements % BATCH)
    return report


def _replace_local(
    target: Store, quads: Iterable[ox.Quad], drop: list[ox.NamedNode], staging_prefix: str
) -> None:
    """Stage ``quads`` through a temporary N-Quads file read by the engine's bulk loader,
    then move the staging graphs in place in one update."""
    token = secrets.token_hex(6)
    staging: dict[GraphName, ox.NamedNode] = {}
    with tempfile.TemporaryDirectory(prefix="kg-copy-") as tmp:
        path = Path(tmp) / "copy.nq"
        with path.open("wb") as out:
            batch: list[ox.Quad] = []
            for q in quads:
                # named or default: kg's graphs have no blank-node names
                name = staging.get(q.graph_name)  # type: ignore[arg-type]  # see above
                if name is None:
                    name = staging[q.graph_name] = ox.NamedNode(  # type: ignore[index]  # see above
                        f"{staging_prefix}{token}-{len(staging)}"
                    )
                batch.append(ox.Quad(q.subject, q.predicate, q.object, name))
                if len(batch) == BATCH:
                    serialize(batch, NQUADS, out)
                    batch = []
            serialize(batch, NQUADS, out)
        if staging:
            first = next(iter(staging.values()))
            target.load_new_graphs(path, ox.RdfFormat.N_QUADS, first, list(staging.values()))
    if not staging and not drop:
        return
    try:
        target.update(staged_update(staging, "MOVE", drop))
    except BaseException:
        for staged in staging.values():
            target.delete_graph(staged)
        raise
