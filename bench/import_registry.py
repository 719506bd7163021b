"""Importing registry exports: ``kg import`` against the engine's own bulk load of the
statements it produces, side by side in one run.

For each size, a generated registry export (``bench/registry_export.py``: the column layout
registry exports use, names that say 合成, credit codes no real registration has) is
imported into a fresh on-disk store that holds the ontology, in a process of its own, with
the synthetic base IRI; the process reports the import's time per stage and its peak
memory. The anchor is pyoxigraph's ``bulk_load`` of the N-Quads the import wrote, into
another fresh store: the floor under any import that ends in the same statements.

    python bench/import_registry.py --sizes 100000
    python bench/import_registry.py --sizes 1000000 --no-anchor
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from registry_export import SYNTHETIC_BASE, write  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import pyoxigraph as ox
from kg.imports import import_file
from kg.iris import Minter
from kg.ontology import Ontology
from kg.store import open_store

root, table, store_dir, dump, base = map(Path, sys.argv[1:6])
store = open_store(store_dir)
onto = Ontology.from_dir(root / "ontology")
store.replace_graphs({ox.NamedNode("urn:bench:ontology"): onto.triples})
started = time.perf_counter()
cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
report = import_file(store, Minter(str(base) + "/"), root / "data", table,
                     root / "data" / "mappings" / "registry.yaml")
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss / 1024
if str(dump) != "-":
    store._store.dump(str(dump), ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(report.graph))
store.close()
print(json.dumps({"seconds": seconds, "peak_mb": peak, "cpu": usage.ru_utime + usage.ru_stime - cpu0, "rows": report.rows,
                  "imported": report.imported, "bad": report.bad_rows,
                  "statements": report.statements, "stages": report.seconds}))
"""

ANCHOR = r"""
import json, resource, sys, time
import pyoxigraph as ox
dump, store_dir = sys.argv[1:3]
store = ox.Store(store_dir)
started = time.perf_counter()
cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
store.optimize()
store.flush()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime - cpu0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("--no-anchor", action="store_true", help="skip the bulk-load anchor")
    p.add_argument("--data", type=Path, default=ROOT / "var" / "bench")
    args = p.parse_args()
    print(
        f"{'rows':>9} {'format':>6} {'import s':>9} {'cpu s':>7} {'statements':>11} "
        f"{'peak MB':>8} {'anchor s':>9} {'cpu s':>7} {'ratio':>6}  stages (wall s)"
    )
    for n in args.sizes:
        table = args.data / f"registry-{n}.{args.format}"
        if not table.exists():
            write(table, n)
        with tempfile.TemporaryDirectory(prefix="kg-bench-import-") as tmp:
            dump = "-" if args.no_anchor else str(Path(tmp) / "import.nq")
            got = run(
                CHILD,
                str(ROOT),
                str(table),
                str(Path(tmp) / "store"),
                dump,
                SYNTHETIC_BASE.rstrip("/"),
            )
            anchor = None
            if dump != "-":
                anchor = run(ANCHOR, dump, str(Path(tmp) / "anchor"))
            shutil.rmtree(Path(tmp) / "store", ignore_errors=True)
        seconds = float(got["seconds"])  # type: ignore[arg-type]
        stages = ", ".join(f"{k} {v:.1f}" for k, v in got["stages"].items())  # type: ignore[union-attr]
        cpu = float(got["cpu"])  # type: ignore[arg-type]
        if anchor:
            a = (
                f"{float(anchor['seconds']):9.1f} {float(anchor['cpu']):7.1f} "  # type: ignore[arg-type]
                f"{cpu / float(anchor['cpu']):5.2f}x"  # type: ignore[arg-type]
            )
        else:
            a = f"{'-':>9} {'-':>7} {'-':>6}"
        print(
            f"{n:>9} {args.format:>6} {seconds:9.1f} {cpu:7.1f} {got['statements']:>11} "
            f"{float(got['peak_mb']):8.0f} {a}  {stages}",  # type: ignore[arg-type]
            flush=True,
        )
        if got["bad"]:
            print(f"          ({got['bad']} bad rows of {got['rows']})")
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"\n(load average at the end: {' '.join(load)}; {time.strftime('%Y-%m-%d')})")


if __name__ == "__main__":
    main()
