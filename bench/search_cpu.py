"""The CPU time of searches in-process, without HTTP or rendering (``time.process_time``,
which a busy machine inflates far less than the wall clock): broad terms a user meets
(有限公司 on a store with an imported registry matches every row; a short pinyin matches
thousands of initials) and the bench's own. The name index and its pinyin are built first
(a running server builds them in the background). ``--dump`` writes every answer as JSON,
to compare two checkouts' answers side by side:

    .venv/bin/python bench/search_cpu.py --store var/bench/pages/registry-100000
    PYTHONPATH=/path/to/other/checkout/src .venv/bin/python bench/search_cpu.py --store ...
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from kg.config import Settings
from kg.entities import search
from kg.iris import Minter
from kg.names import index_for
from kg.store import open_store

TERMS = [
    "合成", "有限公司", "科技", "哈尔滨", "航天", "联合飞机", "公司",
    "hecheng", "hc", "he", "lianhe feiji", "hgd", "keji", "h",
]  # fmt: skip
PAGE = 100  # the search page's hits (kg.web.search.FOUND)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5, help="calls of each search")
    parser.add_argument("--dump", type=Path, help="write the answers here (JSON)")
    parser.add_argument("terms", nargs="*", help="the terms (default: broad and bench terms)")
    args = parser.parse_args()
    store = open_store(args.store, read_only=True)
    minter = Minter(Settings().base_iri)
    t0 = time.process_time()
    index_for(store, minter.prefix)
    search(store, minter, "hgd")  # spells the pinyin
    print(f"index and pinyin: {1000 * (time.process_time() - t0):.0f} ms CPU")
    answers: dict[str, object] = {}
    for q in args.terms or TERMS:
        for kind in (None, "enterprise", "university"):
            times = []
            for _ in range(args.runs):
                t = time.process_time()
                hits = search(store, minter, q, kind=kind, limit=PAGE)
                times.append(1000 * (time.process_time() - t))
            answers[f"{q}|{kind}"] = hits
            print(
                f"{q:>14} {kind or '':>10}: {statistics.median(times):7.1f} ms CPU"
                f" (min {min(times):.1f}), {len(hits)} hits"
            )
    print(f"load: {os.getloadavg()[0]:.2f}")
    if args.dump:
        args.dump.write_text(json.dumps(answers, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
