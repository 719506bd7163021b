"""One anonymous query that would take the machine's memory: what it costs with kg's cap.

Runs `kg serve` on the real data (with the news corpus ingested when `--ingest` is given,
for a bigger store) and sends the cross join of issue 15, anonymously:

    SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 5

While it runs, /proc is sampled every 50 ms: the machine's available memory
(MemAvailable) and the resident memory of the server and its worker processes. Prints the
answer (status, code, seconds), the lowest available memory against the machine's total,
kg's peak resident memory, and whether the server answers a light query afterwards.

    .venv/bin/python bench/query_memory.py                  # KG_QUERY_MEMORY as configured
    .venv/bin/python bench/query_memory.py --memory 0       # no cap: the anchor (careful)
    .venv/bin/python bench/query_memory.py --store var/store  # on a copy of a store you built

Target: available memory never below half the machine's total; the query answered 503
`query_memory` (or within the limits); the server goes on.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _serve import serve

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 5"


def meminfo(field: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(
                int(x.split()[1]) * 1024 for x in status.splitlines() if x.startswith("VmRSS:")
            )
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


def ask(base: str, query: str, timeout: float) -> tuple[int, str, float]:
    started = time.monotonic()
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            return r.status, "ok", time.monotonic() - started
    except urllib.error.HTTPError as e:
        code = json.loads(e.read() or b"{}").get("error", {}).get("code", "?")
        return e.code, code, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", type=int, default=None, help="KG_QUERY_MEMORY (MiB; 0: none)")
    parser.add_argument("--timeout", type=float, default=30.0, help="KG_QUERY_TIMEOUT")
    parser.add_argument("--ingest", action="store_true", help="ingest the news corpus first")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench" / "memory")
    parser.add_argument("--store", type=Path, help="run on a copy of this (closed) store")
    args = parser.parse_args()

    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    env = {
        **os.environ,
        "KG_STORE_PATH": str(args.workdir / "store"),
        "KG_DATA_DIR": str(ROOT / "data"),
        "KG_ONTOLOGY_DIR": str(ROOT / "ontology"),
        "KG_WARM_CHAINS": "false",
        "KG_QUERY_TIMEOUT": str(args.timeout),
    }
    if args.memory is not None:
        env["KG_QUERY_MEMORY"] = str(args.memory)
    if args.store:
        shutil.copytree(args.store, args.workdir / "store")
    else:
        subprocess.run(
            [BIN / "kg", "load", "--no-shapes"], env=env, check=True, capture_output=True
        )
    if args.ingest:
        corpus = ROOT / "data" / "corpus"
        subprocess.run([BIN / "kg", "ingest", corpus], env=env, check=True, capture_output=True)
    total = meminfo("MemTotal")
    lowest = [meminfo("MemAvailable")]
    peak = [0]
    stop = threading.Event()
    with serve(settings=env, log=args.workdir / "server.log", startup=120) as server:

        def sample() -> None:
            while not stop.is_set():
                lowest[0] = min(lowest[0], meminfo("MemAvailable"))
                peak[0] = max(peak[0], rss(server.pid))
                time.sleep(0.05)

        base = server.url
        triples = ask(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", 30)
        before = meminfo("MemAvailable")
        idle = rss(server.pid)
        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        status, code, seconds = ask(base, CROSS_JOIN, args.timeout + 30)
        stop.set()
        watcher.join()
        after = ask(base, "ASK { ?s ?p ?o }", 60)
    gib = 1024**3
    print(f"machine: {total / gib:.1f} GiB; available before the query: {before / gib:.1f} GiB")
    print(f"store answered a count in {triples[2]:.1f} s; kg idle: {idle / gib:.2f} GiB resident")
    print(f"cross join: {status} {code} after {seconds:.1f} s")
    print(
        f"lowest available while it ran: {lowest[0] / gib:.1f} GiB ({lowest[0] / total:.0%} of the machine)"
    )
    print(f"kg peak resident (server + workers): {peak[0] / gib:.2f} GiB")
    print(f"a light query afterwards: {after[0]} {after[1]} in {after[2]:.2f} s")
    ok = lowest[0] >= total / 2 and after[0] == 200 and status in (200, 503)
    print("target (available >= half the machine, the server goes on):", "ok" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
