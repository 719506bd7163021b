"""When a CONSTRUCT download's first byte comes, and how long the whole takes, from a real
server over the benchmark store of ``bench/export.py`` (generated data, its own namespace),
opened read-only.

    nice -n 5 .venv/bin/python bench/construct_stream.py --enterprises 350000 [--format ntriples]

The query is the one README's *Exports* section measures: every statement of every
enterprise. The server runs in this process (uvicorn in a thread); the client reads the
whole body and counts its bytes and lines; the peak resident memory printed is the
process's (server and client, after the store is opened and the app imported).
"""

from __future__ import annotations

import argparse
import resource
import threading
import time
from pathlib import Path

import httpx2 as httpx
import uvicorn

from kg.api import create_app
from kg.api.serving import config
from kg.config import Settings
from kg.namespaces import PREFIXES
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s a kg:Enterprise ; ?p ?o } }"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=350_000)
    parser.add_argument("--format", default="ntriples")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--provenance", default="true")
    args = parser.parse_args()
    path = WORK / f"export-store-{args.enterprises}"
    if not path.exists():
        raise SystemExit(f"{path}: build it first (bench/export.py --enterprises {args.enterprises})")
    store = open_store(path, read_only=True)
    settings = Settings(
        store_path=path,
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
        warm_chains=False,
        warm_export_tables=False,
        warm_pages=False,
    )
    server = uvicorn.Server(config(create_app(settings, store), "127.0.0.1", args.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    sparql = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items()) + QUERY
    params = {"query": sparql, "format": args.format, "provenance": args.provenance}
    try:
        start = time.perf_counter()
        first = None
        size = lines = 0
        with httpx.stream(
            "GET", f"http://127.0.0.1:{args.port}/api/export", params=params, timeout=None
        ) as r:
            headers = time.perf_counter() - start
            for chunk in r.iter_bytes():
                if first is None:
                    first = time.perf_counter() - start
                size += len(chunk)
                lines += chunk.count(b"\n")
            status = r.status_code
        total = time.perf_counter() - start
    finally:
        server.should_exit = True
        thread.join(10)
    print(
        f"status {status}; headers after {headers:.2f} s, first byte after {first or 0:.2f} s, "
        f"all {size / 1e6:.1f} MB ({lines:,} lines) after {total:.1f} s ({args.format}, "
        f"provenance {args.provenance}); peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
