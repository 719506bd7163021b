"""Export benchmark: a region export of about a million statements in every format, side by
side with pyoxigraph's own ``Store.dump`` of the whole store to N-Quads (the anchor).

Generates synthetic data (bench/synthetic.py, its own namespace) of ``--enterprises``
enterprises, bulk-loads it with the ontology into a fresh on-disk store, then runs, each in
a process of its own (so that its peak memory is its own): the anchor dump, and
``kg.export.write`` of the region ``--region`` (a synthetic province: its cities, districts,
everything located there, the policies covering it) in each export format, to a file.
Prints statements, seconds, statements/s, the ratio to the dump's statements/s and the
peak resident memory (ru_maxrss) of each. Issue 18 targets: every format >= 0.5x the dump's
statements/s and <= 300 MB RSS, for a 1M-statement export.

    .venv/bin/python bench/export.py --enterprises 400000
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
        subprocess.run([sys.executable, script, "--enterprises", str(n), "-o", str(path)], check=True)
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
    return path, time.perf_counter() - started, quads


def child(store: Path, what: str, region: str, out: Path) -> None:
    """One measured run, in this process: prints a JSON line."""
    import resource

    import pyoxigraph as ox

    started = time.perf_counter()
    if what == "dump":
        raw = ox.Store.read_only(str(store))
        with out.open("wb") as f:
            raw.dump(f, format=ox.RdfFormat.N_QUADS)
        statements = len(raw)
    else:
        from kg import export
        from kg.config import Settings
        from kg.formats import EXPORT_FORMATS, by_name
        from kg.iris import Minter
        from kg.store import EmbeddedStore

        s = EmbeddedStore(store, read_only=True)
        minter = Minter(Settings().base_iri)
        selection = export.region(s, minter, region)
        with out.open("wb") as f:
            counts = export.write(selection, by_name(what, EXPORT_FORMATS), f)
        statements = counts["statements"]
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"statements": statements, "seconds": seconds, "rss_mb": rss}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=400_000)
    parser.add_argument("--region", default=SYN + "place/p0")
    parser.add_argument(
        "--formats",
        nargs="+",
        default=["nquads", "turtle", "graphml", "csv", "parquet", "xlsx"],
    )
    parser.add_argument("--child", nargs=4, metavar=("STORE", "WHAT", "REGION", "OUT"))
    args = parser.parse_args()
    if args.child:
        store, what, region, out = args.child
        child(Path(store), what, region, Path(out))
        return
    store, load, quads = build(args.enterprises)
    print(f"store: {quads} quads ({args.enterprises} enterprises), loaded in {load:.1f} s")
    results = {}
    for what in ["dump", *args.formats]:
        out = WORK / f"export-out.{what}"
        cmd = [sys.executable, __file__, "--child", str(store), what, args.region, str(out)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=os.environ)
        results[what] = json.loads(done.stdout.strip().splitlines()[-1])
        results[what]["bytes"] = out.stat().st_size
        out.unlink()
    anchor = results["dump"]["statements"] / results["dump"]["seconds"]
    print(f"{'what':>8} {'statements':>11} {'s':>7} {'stmts/s':>10} {'x dump':>7} {'RSS MB':>7} {'MB out':>7}")
    for what, r in results.items():
        rate = r["statements"] / r["seconds"]
        print(
            f"{what:>8} {r['statements']:>11} {r['seconds']:>7.2f} {rate:>10.0f} "
            f"{rate / anchor:>7.2f} {r['rss_mb']:>7.0f} {r['bytes'] / 2**20:>7.1f}"
        )
    shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
