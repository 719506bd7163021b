"""SPARQL endpoint benchmark: kg vs `oxigraph serve` (same engine, Rust) vs rdflib-endpoint.

One run, same synthetic dataset (bench/synthetic.py), same queries, concurrent clients
(wrk). Prints throughput and latency per server and workload, and the ratios the
endpoint issue sets as targets:

- point lookups        kg >= 0.33 x oxigraph serve (a bare ASGI app around pyoxigraph, measured
                       in the same run, shows the Python floor)
- engine-bound queries kg >= 0.9  x oxigraph serve (aggregate, partner-match-shaped join)
- aggregates           kg >= 10   x rdflib-endpoint
- repeated queries     kg >= 1.5  x oxigraph serve (a dashboard re-running ten queries)
- two runaway queries: each stopped within the timeout + 2 s, while light queries keep a
  p99 under 100 ms

Each request of the point / aggregate / join workloads is a different query text (a
per-request comment is appended), so kg's result cache cannot answer them; only the
dashboard workload repeats its ten queries. Every server runs each workload for
``--warmup`` seconds (15 by default) before it is measured: a freshly started server is
still filling its caches (and RocksDB compacting a freshly loaded store), which made
early measurements swing by a factor of two.

    .venv/bin/python bench/sparql_endpoint.py --enterprises 100000

Needs `wrk` (Debian package; installed with apt-get when missing) and the `oxigraph` and
`rdflib-endpoint` packages (installed with pip when missing).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx  # the test extra ships httpx2 (same API)
import pyoxigraph as ox
from _serve import free_port, running

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SYN = "https://w3id.org/kg-industry/synthetic/"
PREFIXES = (
    "PREFIX kg: <https://w3id.org/kg-industry/def#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def ensure_tools() -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    missing = [
        m
        for m in ("oxigraph", "rdflib_endpoint")
        if shutil.which(m.replace("_", "-"), path=str(BIN)) is None
    ]
    if missing:
        subprocess.run(
            [str(BIN / "pip"), "install", "-q", "oxigraph", "rdflib-endpoint"], check=True
        )


@contextmanager
def server(
    name: str, command: list[str], url: str, env: dict[str, str] | None = None, startup: float = 600
) -> Iterator[str]:
    """A SPARQL server (``command``, ``env`` added) at ``url``, up once it answers an ASK;
    its output in ``bench-NAME.log`` in the temporary directory."""

    def up() -> bool:
        try:
            r = httpx.get(
                url,
                params={"query": "ASK { ?s ?p ?o }"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=5,
            )
        except httpx.HTTPError:
            return False
        return r.status_code == 200

    log = Path(tempfile.gettempdir()) / f"bench-{name}.log"
    with running(command, url=url, up=up, log=log, env=env, startup=startup):
        yield url


# --------------------------------------------------------------------------- workloads


def point_queries(n: int, enterprises: int, rng: random.Random) -> list[str]:
    return [
        f"SELECT ?p ?o WHERE {{ <{SYN}enterprise/{rng.randrange(enterprises)}> ?p ?o }}"
        for _ in range(n)
    ]


POSITIONS = ("upstream", "midstream", "downstream")


def aggregate_queries(n: int, rng: random.Random) -> list[str]:
    """Where the enterprises of one chain segment are, counted by district."""
    out = []
    for _ in range(n):
        segment = f"<{SYN}segment/i{rng.randrange(20)}-{rng.choice(POSITIONS)}>"
        out.append(
            PREFIXES
            + f"SELECT ?district (COUNT(?e) AS ?n) WHERE {{ ?e kg:operatesIn {segment} ; kg:locatedIn ?district }} "
            "GROUP BY ?district ORDER BY DESC(?n) ?district LIMIT 20"
        )
    return out


def join_queries(n: int, rng: random.Random) -> list[str]:
    """Partner-match shaped: enterprises of a segment inside a province, with their names."""
    out = []
    for _ in range(n):
        segment = f"<{SYN}segment/i{rng.randrange(20)}-{rng.choice(POSITIONS)}>"
        province = f"<{SYN}place/p{rng.randrange(10)}>"
        out.append(
            PREFIXES + f"SELECT ?e ?label WHERE {{ ?e kg:operatesIn {segment} ; kg:locatedIn ?d . "
            f"?d kg:partOf ?c . ?c kg:partOf {province} . "
            '?e rdfs:label ?label FILTER(LANG(?label) = "zh") } LIMIT 100'
        )
    return out


def dashboard_queries(enterprises: int) -> list[str]:
    rng = random.Random(7)
    return (
        point_queries(3, enterprises, rng)
        + join_queries(4, rng)
        + aggregate_queries(1, rng)
        + [
            PREFIXES + "SELECT ?tier (COUNT(?e) AS ?n) WHERE { ?e kg:tier ?tier } GROUP BY ?tier",
            PREFIXES
            + "SELECT ?park ?l WHERE { ?park a kg:IndustrialPark ; rdfs:label ?l } ORDER BY ?park LIMIT 50",
        ]
    )


LUA = """
paths = {%s}
unique = %s
i = 0
request = function()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  if unique then
    -- a comment that makes every request a different text: no result cache can answer it
    path = path .. "%%0A%%23%%20r" .. i .. "-" .. math.random(1000000000)
  end
  return wrk.format("GET", path, {["Accept"] = "application/sparql-results+json"})
end
"""


def wrk(
    url: str, queries: list[str], seconds: int, connections: int, unique: bool = True
) -> dict[str, float]:
    base = urllib.parse.urlsplit(url)
    paths = [f'"{base.path}?query={urllib.parse.quote(q, safe="")}"' for q in queries]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (",\n".join(paths), "true" if unique else "false"))
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "60s",
            "-s",
            script.name,
            f"{base.scheme}://{base.netloc}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} failed responses\n{out}")

    def ms(p: str) -> float:
        m = re.search(rf"{p}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rps": rps, "p50": ms("50"), "p99": ms("99")}


def runaway_check(url: str, timeout: float) -> dict[str, float]:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    ended: list[float] = []

    def run() -> None:
        started = time.monotonic()
        r = httpx.get(url, params={"query": runaway}, timeout=timeout + 60)
        assert r.status_code == 503, r.text
        ended.append(time.monotonic() - started)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    latencies = []
    rng = random.Random(3)
    with httpx.Client(timeout=30) as client:
        while any(t.is_alive() for t in threads):
            q = point_queries(1, 1000, rng)[0]
            started = time.monotonic()
            client.get(url, params={"query": q})
            latencies.append((time.monotonic() - started) * 1000)
            time.sleep(0.01)
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "runaway_end_s": max(ended),
        "light_n": len(latencies),
        "light_p50": statistics.median(latencies),
        "light_p99": latencies[int(len(latencies) * 0.99) - 1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="SPARQL endpoint benchmark")
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument(
        "--warmup",
        type=int,
        default=15,
        help="seconds of the same workload before each measured run (caches, compactions)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument(
        "--timeout", type=float, default=5.0, help="kg query timeout for the runaway check"
    )
    args = parser.parse_args()
    ensure_tools()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"synthetic-{args.enterprises}.nq"
    if not data.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "synthetic.py"),
                "--enterprises",
                str(args.enterprises),
                "-o",
                str(data),
            ],
            check=True,
        )
    triples = work / f"synthetic-{args.enterprises}.nt"
    if not triples.exists():
        ox.serialize(
            (q.triple for q in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS)),
            str(triples),
            format=ox.RdfFormat.N_TRIPLES,
        )
    stores = {}
    for name in ("kg", "oxigraph"):
        path = work / f"{name}-store-{args.enterprises}"
        store = ox.Store(str(path))
        if not len(store):  # new (or empty): load the data
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        # The same compacted layout for every server: a store opened read-write (kg)
        # would otherwise compact itself while read-only servers read the raw bulk load.
        store.optimize()
        store.flush()
        del store
        stores[name] = path
    with data.open("rb") as lines:
        count = sum(1 for _ in lines)
    print(
        f"dataset: {args.enterprises} enterprises, {count} quads; wrk -t1 -c{args.connections} "
        f"-d{args.seconds}s after {args.warmup}s of warm-up",
        flush=True,
    )

    rng = random.Random(42)
    workloads = {
        "point lookup": point_queries(2000, args.enterprises, rng),
        "aggregate": aggregate_queries(2000, rng),
        "join (partner match)": join_queries(2000, rng),
        "dashboard (10 repeated)": dashboard_queries(args.enterprises),
    }
    results: dict[tuple[str, str], dict[str, float]] = {}
    kg_port, ox_port, rdflib_port = free_port(), free_port(), free_port()
    servers = {
        "kg": (
            [str(BIN / "kg"), "--store", str(stores["kg"]), "serve", "--port", str(kg_port)],
            f"http://127.0.0.1:{kg_port}/sparql",
            {"KG_QUERY_TIMEOUT": str(args.timeout)},
        ),
        "oxigraph": (
            [
                str(BIN / "oxigraph"),
                "serve-read-only",
                "--location",
                str(stores["oxigraph"]),
                "--bind",
                f"127.0.0.1:{ox_port}",
                "--union-default-graph",
            ],
            f"http://127.0.0.1:{ox_port}/query",
            None,
        ),
    }
    bare_port = free_port()
    with server(
        "bare-asgi",
        [
            str(BIN / "uvicorn"),
            "bare_asgi:app",
            "--app-dir",
            str(ROOT / "bench"),
            "--port",
            str(bare_port),
            "--log-level",
            "warning",
        ],
        f"http://127.0.0.1:{bare_port}/sparql",
        {"KG_BENCH_STORE": str(stores["oxigraph"])},
    ) as endpoint:
        wrk(endpoint, workloads["point lookup"], args.warmup, args.connections)
        results[("bare ASGI (floor)", "point lookup")] = wrk(
            endpoint, workloads["point lookup"], args.seconds, args.connections
        )
        print(
            f"  {'bare ASGI':9} {'point lookup':24} {results[('bare ASGI (floor)', 'point lookup')]['rps']:9.1f} req/s",
            flush=True,
        )
    runaway: dict[str, float] = {}
    for name, (command, url, env) in servers.items():
        with server(name, command, url, env) as endpoint:
            for workload, qs in workloads.items():
                repeated = workload.startswith("dashboard")
                wrk(endpoint, qs, args.warmup, args.connections, unique=not repeated)  # warm-up
                results[(name, workload)] = wrk(
                    endpoint, qs, args.seconds, args.connections, unique=not repeated
                )
                print(
                    f"  {name:9} {workload:24} {results[(name, workload)]['rps']:9.1f} req/s",
                    flush=True,
                )
            if name == "kg":
                runaway = runaway_check(endpoint, args.timeout)
    with server(
        "rdflib-endpoint",
        [
            str(BIN / "rdflib-endpoint"),
            "serve",
            str(triples),
            "--host",
            "127.0.0.1",
            "--port",
            str(rdflib_port),
        ],
        f"http://127.0.0.1:{rdflib_port}/",
        None,
    ) as endpoint:
        rdflib_queries = aggregate_queries(50, random.Random(5))
        wrk(endpoint, rdflib_queries, args.warmup, 2)  # the same warm-up as the others
        results[("rdflib-endpoint", "aggregate")] = wrk(
            endpoint, rdflib_queries, max(args.seconds, 20), 2
        )
        print(
            f"  {'rdflib':9} {'aggregate':24} {results[('rdflib-endpoint', 'aggregate')]['rps']:9.2f} req/s",
            flush=True,
        )

    print()
    print(f"{'workload':26}{'server':17}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for (name, workload), r in results.items():
        print(f"{workload:26}{name:17}{r['rps']:10.1f}{r['p50']:10.2f}{r['p99']:10.2f}")
    print()

    def ratio(workload: str, other: str) -> float:
        return results[("kg", workload)]["rps"] / results[(other, workload)]["rps"]

    checks = [
        ("point lookup vs oxigraph serve", ratio("point lookup", "oxigraph"), 0.33),
        ("aggregate vs oxigraph serve (engine-bound)", ratio("aggregate", "oxigraph"), 0.9),
        ("join vs oxigraph serve (engine-bound)", ratio("join (partner match)", "oxigraph"), 0.9),
        ("aggregate vs rdflib-endpoint", ratio("aggregate", "rdflib-endpoint"), 10),
        ("dashboard vs oxigraph serve (cache)", ratio("dashboard (10 repeated)", "oxigraph"), 1.5),
    ]
    floor = (
        results[("bare ASGI (floor)", "point lookup")]["rps"]
        / results[("oxigraph", "point lookup")]["rps"]
    )
    print(
        f"{'(bare ASGI around pyoxigraph: the Python floor)':46} {floor:8.2f}x of oxigraph serve for point lookups"
    )
    for label, value, target in checks:
        print(
            f"{label:46} {value:8.2f}x   target >= {target}x   {'ok' if value >= target else 'MISSED'}"
        )
    print(
        f"{'runaway queries stopped after':46} {runaway['runaway_end_s']:8.2f}s   target <= {args.timeout + 2:g}s   {'ok' if runaway['runaway_end_s'] <= args.timeout + 2 else 'MISSED'}"
    )
    print(
        f"{'light queries meanwhile: p99':46} {runaway['light_p99']:8.1f}ms  target < 100ms   {'ok' if runaway['light_p99'] < 100 else 'MISSED'}  (n={runaway['light_n']}, p50 {runaway['light_p50']:.1f}ms)"
    )


if __name__ == "__main__":
    main()
