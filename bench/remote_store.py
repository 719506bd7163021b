"""kg on a remote Oxigraph server vs kg on the embedded store vs `oxigraph serve` alone.

One run, side by side, on the same synthetic dataset (bench/synthetic.py, its own
namespace) with the ontology: the same queries through

- `oxigraph serve` alone: the query POSTed straight to the server, the whole answer read
  (the anchor: the server's own time, HTTP included);
- kg on remote: ``RemoteStore.query`` on that server, every row read (kg's parse, its
  dataset, the streamed answer parsed by pyoxigraph);
- kg embedded: ``EmbeddedStore.query`` on a copy of the same store, every row read.

Workloads, each query a different text: point lookups, aggregates (enterprises of a chain
segment by district) and partner-match-shaped joins (engine-bound: the target is kg on
remote <= 1.5 x the server's own time), and chain matching (``match_chain``: its indexes
are built by SPARQL, then reused; the anchor is the naive chain query of
bench/chain_match.py sent to the server).

    .venv/bin/python bench/remote_store.py --enterprises 100000
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx
import pyoxigraph as ox

from kg.iris import Minter
from kg.match import ChainQuery, match_chain
from kg.namespaces import KG_ONTOLOGY
from kg.ontology import Ontology
from kg.store import EmbeddedStore, RemoteStore
from kg.store.remote import Endpoints

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SYN = "https://w3id.org/kg-industry/synthetic/"


def _bench(name: str):  # a module
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


endpoint = _bench("sparql_endpoint")
chains = _bench("chain_match")


def build(path: Path, data: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    store = ox.Store(str(path))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    ontology = Ontology.from_dir(ROOT / "ontology")
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(KG_ONTOLOGY))
        for t in ontology.triples
    )
    store.optimize()
    store.flush()
    del store


def timed(fn: Callable[[str], object], items: list) -> list[float]:  # type: ignore[type-arg]
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--chains", type=int, default=10)
    args = parser.parse_args()
    data = chains.dataset(args.enterprises)
    work = chains.WORK
    build(work / f"remote-server-{args.enterprises}", data)
    build(work / f"remote-embedded-{args.enterprises}", data)
    with data.open("rb") as lines:
        count = sum(1 for _ in lines)
    port = endpoint.free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        str(work / f"remote-server-{args.enterprises}"),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with endpoint.server("oxigraph-remote", command, url + "/query"):
        client = httpx.Client(timeout=600)
        remote = RemoteStore(
            Endpoints.of(url, graph_store=""),
            marker=Minter("https://w3id.org/kg-industry/").graph("store-version"),
            staging_prefix="https://w3id.org/kg-industry/id/graph/staging-",
            read_only=True,
            timeout=600,
        )
        embedded = EmbeddedStore(work / f"remote-embedded-{args.enterprises}", read_only=True)

        def alone(query: str) -> object:
            r = client.post(
                f"{url}/query",
                data={"query": query, "union-default-graph": ""},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert r.status_code == 200, r.text
            return r.content

        def kg_on(store: object) -> Callable[[str], object]:
            return lambda query: list(store.query(query))  # type: ignore[attr-defined]

        rng = random.Random(args.enterprises)
        workloads = {
            "point lookup": endpoint.point_queries(args.lookups, args.enterprises, rng),
            "aggregate": endpoint.aggregate_queries(args.queries, rng),
            "join (partner match)": endpoint.join_queries(args.queries, rng),
        }
        print(f"dataset: {args.enterprises} enterprises, {count} quads (+ the ontology)")
        print(f"{'workload':<26}{'runner':<24}{'mean ms':>9}{'p50 ms':>9}{'p95 ms':>9}")
        means: dict[tuple[str, str], float] = {}
        runners = {
            "oxigraph serve alone": alone,
            "kg on remote": kg_on(remote),
            "kg embedded": kg_on(embedded),
        }
        for workload, queries in workloads.items():
            # Interleaved, the order turning with each query: every runner meets the
            # server's and the engine's caches in the same state.
            times: dict[str, list[float]] = {r: [] for r in runners}
            names = list(runners)
            for i, query in enumerate(queries[:5] + queries):
                for runner in names[i % 3 :] + names[: i % 3]:
                    t = time.perf_counter()
                    runners[runner](query)
                    if i >= 5:
                        times[runner].append((time.perf_counter() - t) * 1000)
            for runner in names:
                means[(workload, runner)] = statistics.mean(times[runner])
                _row(workload, runner, times[runner])
        # chain matching: cold (indexes built by SPARQL) then warm, against the naive query
        minter = Minter("https://w3id.org/kg-industry/")
        pairs = [
            (f"{SYN}chain/i{rng.randrange(chains.CHAINS)}", f"{SYN}place/p{rng.randrange(10)}")
            for _ in range(args.chains)
        ]

        def naive(pair: tuple[str, str]) -> object:
            return alone(chains.NAIVE % {"chain": pair[0], "region": pair[1]})

        naive_times = timed(naive, pairs)
        means[("chain-match", "oxigraph serve alone")] = statistics.mean(naive_times)
        _row("chain-match", "oxigraph serve alone", naive_times, "(naive query)")
        for runner, store in (("kg on remote", remote), ("kg embedded", embedded)):
            t = time.perf_counter()
            match_chain(store, minter, ChainQuery(pairs[0][0], pairs[0][1]))  # type: ignore[arg-type]
            cold = (time.perf_counter() - t) * 1000
            chain_times = timed(
                lambda p, s=store: match_chain(s, minter, ChainQuery(p[0], p[1])),  # type: ignore[misc]
                pairs,
            )
            means[("chain-match", runner)] = statistics.mean(chain_times)
            _row("chain-match", runner, chain_times, f"(first, index built: {cold:.0f} ms)")
        print()
        for workload in ("aggregate", "join (partner match)"):
            ratio = means[(workload, "kg on remote")] / means[(workload, "oxigraph serve alone")]
            verdict = "ok" if ratio <= 1.5 else "MISSED"
            print(
                f"{workload + ' kg on remote / server alone':<48}{ratio:6.2f}x  target <= 1.5x  {verdict}"
            )
        for workload in ("point lookup", "chain-match"):
            ratio = means[(workload, "kg on remote")] / means[(workload, "oxigraph serve alone")]
            print(
                f"{workload + ' kg on remote / server alone':<48}{ratio:6.2f}x  (not engine-bound)"
            )
        remote.close()
        embedded.close()


def _row(workload: str, runner: str, times: list[float], note: str = "") -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"{workload:<26}{runner:<24}{statistics.mean(times):9.2f}{statistics.median(times):9.2f}{p95:9.2f}  {note}",
        flush=True,
    )


if __name__ == "__main__":
    main()
