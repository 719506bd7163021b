"""Ingestion speed and memory: the whole news corpus (data/corpus/, 3,860 CCTV items) in one
run into a fresh on-disk store holding the curated data, as `kg ingest data/corpus/` does.
Prints throughput (characters per second), the time of each stage, the peak memory of the
process, and the time of a second run (every article unchanged). Issue targets on a 2-core
machine: the whole corpus in <= 2 minutes, peak memory <= 1 GB.

    .venv/bin/python bench/ingest_speed.py
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from kg.config import Settings
from kg.ingest import Pipeline
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "corpus"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-ingest-") as tmp:
        settings = Settings(
            store_path=Path(tmp), data_dir=ROOT / "data", ontology_dir=ROOT / "ontology"
        )
        store = open_store(settings.store_path)
        load_curated(store, settings, check_shapes=False)
        minter = Minter(settings.base_iri)
        started = time.perf_counter()
        report = Pipeline(store, minter, settings.data_dir).run(args.paths)
        wall = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        again = Pipeline(store, minter, settings.data_dir).run(args.paths)
        rerun = time.perf_counter() - started
        store.close()
    print(
        f"articles: {report.read} read, {report.relevant} with industry facts, "
        f"{report.skipped_irrelevant} skipped as irrelevant, {len(report.failures)} failed"
    )
    print(
        f"facts: {sum(report.facts.values())} ({', '.join(f'{k} {v}' for k, v in sorted(report.facts.items()))})"
    )
    print(f"characters: {report.characters:,}")
    print(f"wall time: {wall:.1f} s  ({report.characters / wall:,.0f} characters/s)")
    print("per stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items()))
    print(f"peak memory (RSS of this process): {peak:.0f} MB")
    print(f"second run: {rerun:.1f} s, {again.unchanged} unchanged, {again.relevant} re-extracted")
    met = wall <= 120 and peak <= 1024
    print(f"targets (<= 120 s, <= 1 GB): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
