"""Ingestion speed and memory: the whole news corpus (data/corpus/, 11,433 CCTV items in two
files, one gzip-compressed) in one run into a fresh on-disk store holding the curated data,
as `kg ingest data/corpus/` does: extraction in one process per core, one writer. Prints
throughput (characters per second), each stage's time (summed over processes), the peak
memory of the writer and of the extraction processes together, and the time of a second
run (every article unchanged: those with facts skipped by their graphs, the irrelevant ones by
their verdicts). Issue targets on a 2-core machine: the whole corpus in
<= 3 minutes, peak memory <= 1 GB.

    .venv/bin/python bench/ingest_speed.py [--workers N] [--keep DIR] [--hand-relevance] [--no-labeller] [PATH...]

--keep DIR keeps the store made (bench/figures_sample.py sample --store DIR draws from it).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

from kg.config import Settings
from kg.ingest import Pipeline
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 180, 1024


def rss_mb(pids: list[int]) -> float:
    """The resident memory of ``pids`` together (Linux /proc), in MB."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total / 2**20


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            direct = [int(c) for c in f.read().split()]
    except OSError:
        return []
    return direct + [g for c in direct for g in children(c)]


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) of this process and of its finished children: on a
    shared machine the wall time says how busy the others were, the CPU time what the work
    costs."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"self": own.ru_utime + own.ru_stime, "children": kids.ru_utime + kids.ru_stime}


class PeakMemory(threading.Thread):
    """Samples the memory of this process and its children (the workers) every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, rss_mb([me, *children(me)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "corpus"])
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", type=Path, help="a new directory to keep the store in")
    parser.add_argument(
        "--hand-relevance",
        action="store_true",
        help="the hand-written relevance gate instead of the learned verdict (to compare)",
    )
    parser.add_argument(
        "--no-labeller",
        dest="labeller",
        action="store_false",
        help="the rules alone, without the learned labeller's names nor the sector model (to compare)",
    )
    args = parser.parse_args()
    if args.keep and args.keep.exists():
        parser.error(f"{args.keep} exists: --keep makes a new store")
    with tempfile.TemporaryDirectory(prefix="kg-bench-ingest-") as tmp:
        settings = Settings(
            store_path=args.keep or Path(tmp), data_dir=ROOT / "data", ontology_dir=ROOT / "ontology"
        )
        store = open_store(settings.store_path)
        load_curated(store, settings, check_shapes=False)
        minter = Minter(settings.base_iri)
        memory = PeakMemory()
        memory.start()
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        learned = not args.hand_relevance
        report = Pipeline(store, minter, settings.data_dir, learned_relevance=learned, labeller=args.labeller, sectors=args.labeller).run(
            args.paths, workers=args.workers
        )
        wall = time.perf_counter() - started
        cpu = {k: v - cpu_before[k] for k, v in cpu_seconds().items()}
        memory.stop.set()
        memory.join()
        writer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        again = Pipeline(store, minter, settings.data_dir, learned_relevance=learned, labeller=args.labeller, sectors=args.labeller).run(
            args.paths, workers=args.workers
        )
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
    print(
        f"wall time: {wall:.1f} s with {report.workers} extraction processes "
        f"({report.characters / wall:,.0f} characters/s)"
    )
    print(
        f"CPU time: writer {cpu['self']:.1f} s, extraction processes {cpu['children']:.1f} s "
        f"(on a machine this run had to itself: about "
        f"{max(cpu['self'], cpu['children'] / report.workers):.0f} s wall)"
    )
    print("per stage, summed over processes: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items()))
    print(f"peak memory: {memory.peak:.0f} MB, writer and workers together (writer alone {writer:.0f} MB)")
    print(
        f"second run: {rerun:.1f} s, {again.unchanged} unchanged "
        f"({again.unchanged_irrelevant} of them judged irrelevant before), "
        f"{again.relevant} re-extracted, {again.skipped_irrelevant} judged irrelevant again; "
        "per stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in again.seconds.items())
    )
    met = wall <= TARGET_SECONDS and memory.peak <= TARGET_MB
    print(f"targets (<= {TARGET_SECONDS} s, <= 1 GB): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
