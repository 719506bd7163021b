"""The CPU time of the heaviest pages' views in-process, without HTTP or rendering: what
the view itself costs, however loaded the machine (``time.process_time``, which a busy
machine inflates far less than the wall clock). Compare two checkouts side by side by
running it with each one's sources first on the path:

    .venv/bin/python bench/view_cpu.py --store var/bench/pages/corpus
    PYTHONPATH=/path/to/other/checkout/src .venv/bin/python bench/view_cpu.py --store ...

The pages: the entity the most news mention (its page and its JSON), the industry page,
the seed article's source page and the source page of the news item with the most facts
(looked up as ``bench/web_pages.py`` does). What a running server computes per store
version in the background is computed first (``kg.web.warm``: the name index, whose labels
the pages read, the mention index of the entity pages, ...).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from pyoxigraph import NamedNode
from web_pages import BUSIEST_ENTITY, BUSIEST_SOURCE, ID

import kg
from kg.config import Settings
from kg.entities import describe
from kg.iris import Minter
from kg.store import open_store
from kg.web.entity import entity
from kg.web.source import source
from kg.web.warm import warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store with the corpus")
    parser.add_argument("--runs", type=int, default=20, help="calls of each view")
    args = parser.parse_args()
    store = open_store(args.store, read_only=True)
    minter = Minter(Settings().base_iri)
    warm(store, minter)  # what the server computes in the background
    busiest = {
        var: next(iter(store.query(q)))[0]
        for q, var in ((BUSIEST_ENTITY, "e"), (BUSIEST_SOURCE, "doc"))
    }
    person, news = busiest["e"], busiest["doc"]
    assert isinstance(person, NamedNode) and isinstance(news, NamedNode)
    industry = NamedNode(ID + "industry/aerospace")
    seed = NamedNode(ID + "source/hljrb-2024-08-23-industrial-transfer")
    views = {
        "entity (most in the news)": lambda: entity(store, minter, person),
        "API entity (most in the news)": lambda: describe(store, person, None, minter.prefix),
        "entity (industry)": lambda: entity(store, minter, industry),
        "source (seed article)": lambda: source(store, minter, seed),
        "source (busiest news item)": lambda: source(store, minter, news),
    }
    print(f"kg from {Path(kg.__file__).parent}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'view':32}{'cpu ms':>9}{'wall ms':>9}")
    for name, view in views.items():
        view()  # what a running server has read once
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.runs):
            view()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{name:32}{cpu / args.runs * 1000:9.1f}{wall / args.runs * 1000:9.1f}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
