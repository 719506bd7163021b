"""When a CONSTRUCT download's first byte comes, how long the whole takes and the memory it
needs, in each export format, from a real server over the benchmark store of
``bench/export.py`` (generated data, its own namespace), opened read-only.

    nice -n 5 .venv/bin/python bench/construct_stream.py --enterprises 350000 \\
        [--formats ntriples,graphml,csv,parquet,xlsx]

The query is the one README's *Exports* section measures: every statement of every
enterprise. The server runs in this process (uvicorn in a thread); the client reads the
whole body and counts its bytes. For each format, one row: the status, when the response
head and the first body byte came, when the body ended, its size, and the peak resident
memory of the process (server and client; after the store is opened and the app
imported). Each format runs in a process of its own: memory one download freed may stay
with the process and would count in the next one's peak.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
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


def download(url: str, params: dict[str, str]) -> dict[str, float | int | str]:
    """One download, timed."""
    start = time.perf_counter()
    first = None
    size = 0
    with httpx.stream("GET", url, params=params, timeout=None) as r:
        head = time.perf_counter() - start
        status: int | str = r.status_code
        try:
            for chunk in r.iter_bytes():
                if first is None:
                    first = time.perf_counter() - start
                size += len(chunk)
        except httpx.RemoteProtocolError:
            status = f"{status}, cut"
    return {
        "status": status,
        "head": head,
        "first": first or 0.0,
        "total": time.perf_counter() - start,
        "mb": size / 1e6,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=350_000)
    parser.add_argument("--formats", default="ntriples,graphml,csv,parquet,xlsx")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--provenance", default="true")
    parser.add_argument("--row", action="store_true", help="one format: its row alone")
    args = parser.parse_args()
    formats = args.formats.split(",")
    if not args.row:
        print("| format | status | head s | first byte s | all s | MB | peak RSS MB |")
        print("| --- | --- | --- | --- | --- | --- | --- |", flush=True)
        for fmt in formats:
            given = ["--enterprises", str(args.enterprises), "--port", str(args.port)]
            given += ["--provenance", args.provenance, "--formats", fmt, "--row"]
            subprocess.run([sys.executable, __file__, *given], check=False)
        return
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
    url = f"http://127.0.0.1:{args.port}/api/export"
    try:
        for fmt in formats:
            params = {"query": sparql, "format": fmt, "provenance": args.provenance}
            got = download(url, params)
            print(
                f"| {fmt} | {got['status']} | {got['head']:.2f} | {got['first']:.2f} | "
                f"{got['total']:.1f} | {got['mb']:.1f} | {got['rss']:.0f} |",
                flush=True,
            )
    finally:
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
