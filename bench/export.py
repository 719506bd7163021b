"""Export benchmark: a region export of about a million statements in every format, side by
side with pyoxigraph's own ``Store.dump`` of the whole store to N-Quads (the anchor).

Generates synthetic data (bench/synthetic.py, its own namespace) of ``--enterprises``
enterprises, bulk-loads it with the ontology into a fresh on-disk store, then runs, each in
a process of its own (so that its peak memory is its own): the anchor dump, and
``kg.export.write`` of the region ``--region`` (a synthetic province: its cities, districts,
everything located there, the policies covering it) in each export format, to a file.
Prints statements, wall and CPU seconds of the work, statements per CPU second and its
ratio to the dump's, and the peak resident memory (VmHWM) of each process. (CPU seconds,
not wall time, are compared: on a shared machine wall time measures the neighbours.) Issue
18 targets: every format >= 0.5x the dump's statements/s and <= 300 MB RSS, for a
1M-statement export. 350,000 enterprises make a store of 2.0M quads whose first province
holds about 1M statements.

``--paired`` runs a dump right before each format, one process at a time, and compares
each format with its own dump (the load of a shared machine drifts less in between);
``--parallel`` runs them all at once. ``bench/export_read.py`` measures the read alone.

``--tables`` writes GraphML, CSV, Parquet and Excel from the tables kept per store revision
(:mod:`kg.export.tablecache`): first the build of the tables (line ``tables``: every
statement of the store, its ratio to the dump before it; built as the server builds them,
in a process of its own: CPU seconds of both processes, the peak of the larger), then the exports from them (the
other formats node by node, as without it). ``KG_BENCH_TABLES=1`` in the environment makes
the exports of any run use the tables an earlier ``--tables`` run built (with ``--reuse``).

    .venv/bin/python bench/export.py --enterprises 350000 [--reuse] [--parallel | --paired]
        [--tables]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
SYN = "https://w3id.org/kg-industry/synthetic/"


def dataset(n: int) -> Path:
    path = WORK / f"synthetic-{n}.nq"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        script = str(ROOT / "bench" / "synthetic.py")
        subprocess.run(
            [sys.executable, script, "--enterprises", str(n), "-o", str(path)], check=True
        )
    return path


def build(n: int) -> tuple[Path, float, int]:
    import pyoxigraph as ox

    from kg.namespaces import KG_ONTOLOGY
    from kg.ontology import Ontology

    data = dataset(n)
    path = WORK / f"export-store-{n}"
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    raw = ox.Store(str(path))
    raw.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    ontology = Ontology.from_dir(ROOT / "ontology")
    raw.extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(KG_ONTOLOGY))
        for t in ontology.triples
    )
    raw.optimize()
    raw.flush()
    quads = len(raw)
    del raw
    revision(path)
    return path, time.perf_counter() - started, quads


def revision(path: Path) -> None:
    """Give the store a revision (what tables are kept by), as opening it for writing does."""
    from kg.store import EmbeddedStore

    if not (path / "KG-REVISION").exists():
        EmbeddedStore(path).close()


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: ``VmHWM``, which starts afresh when a
    program is executed (``ru_maxrss`` keeps the parent's peak across fork and exec: the
    children of the process that built the store all reported its peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tables_dir(store: Path) -> Path:
    return store.with_name(store.name + "-tables")


def child(store: Path, what: str, region: str, out: Path) -> None:
    """One measured run, in this process: prints a JSON line (wall and CPU seconds of the
    work itself, after imports; peak RSS of the process)."""
    import resource

    import pyoxigraph as ox

    from kg import export
    from kg.config import Settings
    from kg.formats import EXPORT_FORMATS, by_name
    from kg.iris import Minter
    from kg.store import EmbeddedStore

    def cpu() -> float:  # with the build's own process (``tables``)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime + child.ru_utime + child.ru_stime

    started, cpu_started = time.perf_counter(), cpu()
    size = None
    if what == "dump":
        raw = ox.Store.read_only(str(store))
        with out.open("wb") as f:
            raw.dump(f, format=ox.RdfFormat.N_QUADS)
        statements = len(raw)
    elif what == "tables":  # as the server builds them: in a process of its own
        from kg.export.tablecache import TableCache

        s = EmbeddedStore(store, read_only=True)
        assert s.revision is not None
        shutil.rmtree(tables_dir(store), ignore_errors=True)
        cache = TableCache(s, tables_dir(store))
        built = cache.ensure()
        assert built is not None and cache.last_build is not None
        statements = built.meta["statements"]
        size = sum(p.stat().st_size for p in built.path.iterdir())
        out.write_bytes(b"")
    else:
        s = EmbeddedStore(store, read_only=True)
        minter = Minter(Settings().base_iri)
        selection = export.region(s, minter, region)
        cache = None
        if os.environ.get("KG_BENCH_TABLES"):
            from kg.export.tablecache import TableCache

            cache = TableCache(s, tables_dir(store))
        with out.open("wb") as f:
            counts = export.write(selection, by_name(what, EXPORT_FORMATS), f, tables=cache)
        statements = counts["statements"]
    seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
    rss = peak_rss_mb()
    if what == "tables":  # the build's process, and this one that waited for it
        rss = max(rss, cache.last_build["rss_mb"])
    print(
        json.dumps(
            {
                "statements": statements,
                "seconds": seconds,
                "cpu": cpu_seconds,
                "rss_mb": rss,
                "bytes": size if size is not None else out.stat().st_size,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=350_000)
    parser.add_argument("--region", default=SYN + "place/p0")
    parser.add_argument(
        "--formats",
        nargs="+",
        default=["nquads", "turtle", "graphml", "csv", "parquet", "xlsx"],
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the store of an earlier run of this size"
    )
    parser.add_argument(
        "--parallel",
        action="store_true",
        help="run the measured processes at once (on a busy machine: compare CPU seconds)",
    )
    parser.add_argument(
        "--paired",
        action="store_true",
        help="run a dump before each format, one process at a time: each format's ratio is "
        "to the dump just before it (the load drifts less between the two)",
    )
    parser.add_argument(
        "--tables",
        action="store_true",
        help="build the tables kept per store revision first (timed), and write CSV and "
        "Parquet from them",
    )
    parser.add_argument("--child", nargs=4, metavar=("STORE", "WHAT", "REGION", "OUT"))
    args = parser.parse_args()
    if args.child:
        store, what, region, out = args.child
        child(Path(store), what, region, Path(out))
        return
    store = WORK / f"export-store-{args.enterprises}"
    if args.reuse and store.exists():
        import pyoxigraph as ox

        quads, load = len(ox.Store.read_only(str(store))), 0.0
        revision(store)
    else:
        store, load, quads = build(args.enterprises)
    print(f"store: {quads} quads ({args.enterprises} enterprises), loaded in {load:.1f} s")
    print(
        f"{'what':>8} {'statements':>11} {'wall s':>7} {'CPU s':>7} {'stmts/CPU s':>12} "
        f"{'x dump':>7} {'RSS MB':>7} {'MB out':>7} {'load':>5}",
        flush=True,
    )
    whats = (["tables"] if args.tables else []) + args.formats
    order = ["dump", *whats]
    if args.paired:  # each format right after a dump of its own, one process at a time
        order = [w for what in whats for w in ("dump", what)]
    if args.tables:
        if args.parallel:
            sys.exit("--tables: the exports need the tables built first (not --parallel)")
        os.environ["KG_BENCH_TABLES"] = "1"
    runs = []
    anchor: dict[str, float] = {}  # the statements per CPU second of the last dump reported
    for what in order:
        out = WORK / f"export-out.{what}"
        cmd = [sys.executable, __file__, "--child", str(store), what, args.region, str(out)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=os.environ)
        runs.append((what, out, proc))
        if not args.parallel:
            _report(what, out, proc, anchor)
    for what, out, proc in runs if args.parallel else []:
        _report(what, out, proc, anchor)
    if not args.reuse:
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(tables_dir(store), ignore_errors=True)


def _report(what: str, out: Path, proc: subprocess.Popen[str], anchor: dict[str, float]) -> None:
    """Wait for one measured process and print its line (with the load average when it
    ended): its ratio is to the last dump reported before it (``--paired``: the one run
    just before it)."""
    stdout, _ = proc.communicate()
    if proc.returncode:
        sys.exit(f"{what} failed")
    r = json.loads(stdout.strip().splitlines()[-1])
    rate = r["statements"] / r["cpu"]
    if what == "dump":
        anchor["rate"] = rate
    print(
        f"{what:>8} {r['statements']:>11} {r['seconds']:>7.1f} {r['cpu']:>7.1f} {rate:>12.0f} "
        f"{rate / anchor['rate']:>7.2f} {r['rss_mb']:>7.0f} {r['bytes'] / 2**20:>7.1f} "
        f"{os.getloadavg()[0]:>5.1f}",
        flush=True,
    )
    out.unlink()


if __name__ == "__main__":
    main()
