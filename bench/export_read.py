"""Export read benchmark: what reading a region's statements costs by each read path
pyoxigraph offers, beside its own ``Store.dump`` - the floor under every export format.

In one process, on the store ``bench/export.py`` builds (``var/bench/export-store-N``;
run that first), for the region export's selected nodes, CPU seconds
(``time.process_time``) per statement of:

- ``dump``: ``Store.dump`` of the whole store to N-Quads (per quad; the anchor);
- ``select``: the selection itself (``kg.export.region``), per exported statement;
- ``quads``: ``quads_for_pattern`` per node, the statements as Python terms (what
  ``kg.export.reader`` does);
- ``tsv-graph``, ``tsv-union``: a SPARQL ``SELECT ?s ?p ?o ?g`` per batch of nodes
  (``VALUES`` at the start of ``WHERE``), ``GRAPH ?g`` for the named graphs, ``UNION`` the
  default graph, its solutions serialized as TSV by pyoxigraph - no Python per statement;
- ``tsv-merged``: ``SELECT ?s ?p ?o`` over the union of the graphs (graph names lost);
- ``construct``: ``CONSTRUCT { ?s ?p ?o }`` per batch serialized as N-Triples by
  pyoxigraph (graph names lost).

Each path runs ``--rounds`` times, the order reversed every other round (the machine is
shared: the median of the rounds is printed, and the load). ``x dump`` is the dump's cost
per quad over the path's cost per statement: the ratio an export reading that way could
reach if it did nothing else.

    .venv/bin/python bench/export_read.py --enterprises 350000 [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYN = "https://w3id.org/kg-industry/synthetic/"
BATCH = 256

QUERIES = {
    "tsv-graph": "SELECT ?s ?p ?o ?g WHERE { %s GRAPH ?g { ?s ?p ?o } }",
    "tsv-union": "SELECT ?s ?p ?o ?g WHERE { %s { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
    "tsv-merged": "SELECT ?s ?p ?o WHERE { %s ?s ?p ?o }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { %s GRAPH ?g { ?s ?p ?o } }",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=350_000)
    parser.add_argument("--region", default=SYN + "place/p0")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import pyoxigraph as ox

    from kg import export
    from kg.config import Settings
    from kg.iris import Minter
    from kg.store import EmbeddedStore

    path = ROOT / "var" / "bench" / f"export-store-{args.enterprises}"
    if not path.exists():
        sys.exit(
            f"no store at {path}: run bench/export.py --enterprises {args.enterprises} --reuse"
        )
    raw = ox.Store.read_only(str(path))
    store = EmbeddedStore(path, read_only=True)
    minter = Minter(Settings().base_iri)
    nodes = export.region(store, minter, args.region).nodes
    statements = sum(1 for n in nodes for _ in raw.quads_for_pattern(n, None, None, None))
    quads = len(raw)
    print(
        f"store: {quads} quads; region: {len(nodes)} nodes, {statements} statements; "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )

    def dump() -> int:
        with open(os.devnull, "wb") as out:
            raw.dump(out, format=ox.RdfFormat.N_QUADS)
        return quads

    def select() -> int:
        export.region(store, minter, args.region)
        return statements

    def by_node() -> int:
        n = 0
        for node in nodes:
            n += len(list(raw.quads_for_pattern(node, None, None, None)))
        return n

    def by_query(name: str) -> Callable[[], int]:
        def run() -> int:
            n = 0
            for i in range(0, len(nodes), BATCH):
                values = "VALUES ?s { " + " ".join(str(x) for x in nodes[i : i + BATCH]) + " }"
                result = raw.query(
                    QUERIES[name] % values, use_default_graph_as_union=name == "tsv-merged"
                )
                if isinstance(result, ox.QueryTriples):
                    n += result.serialize(format=ox.RdfFormat.N_TRIPLES).count(b"\n")
                else:
                    assert isinstance(result, ox.QuerySolutions)
                    n += result.serialize(format=ox.QueryResultsFormat.TSV).count(b"\n") - 1
            return n

        return run

    paths: dict[str, Callable[[], int]] = {"dump": dump, "select": select, "quads": by_node}
    paths.update({name: by_query(name) for name in QUERIES})
    costs: dict[str, list[float]] = {name: [] for name in paths}
    for r in range(args.rounds):
        for name in list(paths) if r % 2 == 0 else list(reversed(paths)):
            started = time.process_time()
            n = paths[name]()
            costs[name].append((time.process_time() - started) / n * 1e6)
    anchor = statistics.median(costs["dump"])
    print(
        f"{'path':>11} {'us/stmt':>8} {'x dump':>7}   rounds (us/stmt); load {os.getloadavg()[0]:.1f}"
    )
    for name, values in costs.items():
        cost = statistics.median(values)
        rounds = " ".join(f"{v:.2f}" for v in values)
        print(f"{name:>11} {cost:>8.2f} {anchor / cost:>7.2f}   {rounds}")


if __name__ == "__main__":
    main()
