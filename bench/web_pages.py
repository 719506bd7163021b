"""How fast the web app's pages render on the real data.

Loads the curated data into an in-memory store, then requests each page N times through
the ASGI app (no network) and prints p50 / p95 / max per page. The issue's bar: pages
render "in well under a second" on the real data.

    .venv/bin/python bench/web_pages.py --runs 30
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from kg.api import create_app
from kg.config import Settings
from kg.loading import load_curated
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PAGES = {
    "home": "/",
    "search 联合飞机": "/search?q=联合飞机",
    "search pinyin": "/search?q=lianhe+feiji",
    "entity": "/id/org/harbin-united-aircraft",
    "entity (industry)": "/id/industry/aerospace",
    "source (seed article)": "/id/source/hljrb-2024-08-23-industrial-transfer",
    "chains": "/chains",
    "match aerospace 黑龙江": "/match?industry=https://w3id.org/kg-industry/id/industry/aerospace"
    "&region=https://w3id.org/kg-industry/id/place/heilongjiang",
    "neighbourhood API": "/api/neighbourhood?iri=https://w3id.org/kg-industry/id/org/harbin-united-aircraft",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    settings = Settings(
        store_path=ROOT / "var" / "bench" / "unused",
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
    )
    store = open_store(None)
    load_curated(store, settings)
    print(f"{'page':28}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'KiB':>8}")
    with TestClient(create_app(settings, store)) as client:
        for name, url in PAGES.items():
            client.get(url, headers=BROWSER)  # warm the caches a real server would have
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                r = client.get(url, headers=BROWSER)
                times.append((time.perf_counter() - started) * 1000)
                assert r.status_code == 200, (url, r.status_code)
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(
                f"{name:28}{statistics.median(times):10.1f}{p95:10.1f}{times[-1]:10.1f}"
                f"{len(r.content) / 1024:8.1f}"
            )


if __name__ == "__main__":
    main()
