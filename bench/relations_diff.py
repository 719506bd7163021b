"""What a change to the relation rules does on unannotated text: the relations extracted from
the corpus items no gold file holds nor any round drew (bench/gold/split*.yaml: neither
the annotated items nor those still being annotated), dumped before and after the change,
and the relations gained and lost, each with its rule, sentence and item, to be judged by
hand.

    .venv/bin/python bench/relations_diff.py dump /tmp/before.jsonl [--every 3]
    # ... change the rules ...
    .venv/bin/python bench/relations_diff.py dump /tmp/after.jsonl [--every 3]
    .venv/bin/python bench/relations_diff.py diff /tmp/before.jsonl /tmp/after.jsonl

``--every N`` reads one item in N (in corpus order) for a quicker look. Counts (``count``)
are left out: bench/figures_sample.py judges them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_quality import CORPUS, GOLD, ROOT, Triple, pipeline, traced

from kg.config import Settings
from kg.ingest.evaluate import relation_key
from kg.ingest.read import Article, read_paths

Row = dict[str, Any]  # a line of a dump
K = TypeVar("K", bound=tuple[Any, ...])  # a dump's key: what tells its lines apart


def drawn() -> set[str]:
    """Every item a gold file or a round's draw names (ids only: no annotation is read)."""
    ids: set[str] = set()
    for path in GOLD.glob("split*.yaml"):
        for part in (yaml.safe_load(path.read_text("utf-8")) or {}).values():
            ids |= {str(i) for i in part or []}
    for path in [GOLD / "news.yaml", *GOLD.glob("dev-*.yaml"), *GOLD.glob("relevance-*.yaml")]:
        ids |= {str(raw["id"]) for raw in yaml.safe_load(path.read_text("utf-8")) or []}
    return ids


def unannotated(every: int = 1) -> Iterator[Article]:
    """The corpus items no gold file holds nor any round drew, one in ``every`` (in corpus
    order)."""
    skip = drawn()
    for k, article in enumerate(a for a in read_paths([CORPUS]) if isinstance(a, Article)):
        if article.id not in skip and not k % every:
            yield article


def dump(out: Path, every: int) -> None:
    settings = Settings(data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    run = pipeline(settings)
    log: dict[Triple, set[str]] = {}
    run.reader.extractor.rules = traced(run.reader.extractor.rules, log)
    read = 0
    with out.open("w", encoding="utf-8") as f:
        for article in unannotated(every):
            read += 1
            log.clear()
            analysis = run.analyse(article)
            for s in analysis.sentences:
                for r in s.relations:
                    if (key := relation_key(r)) is None:
                        continue
                    rules = sorted(log.get(key, set())) or ["(after the rules)"]
                    row = {"item": article.id, "relation": key, "rules": rules, "sentence": s.text}
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{read} items read, relations in {out}")


def load(path: Path) -> dict[tuple[str, tuple[str, ...]], Row]:
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines())
    return {(r["item"], tuple(r["relation"])): r for r in rows}


def compare(
    old: dict[K, Row], new: dict[K, Row], group: Callable[[Row], str], show: Callable[[K, Row], str]
) -> None:
    """Print what ``new`` lost and gained against ``old``: counts by ``group``, then each
    with ``show`` and its sentence."""
    for label, keys, rows in (
        ("lost", old.keys() - new.keys(), old),
        ("gained", new.keys() - old.keys(), new),
    ):
        by_group = Counter(group(rows[k]) for k in keys)
        print(f"{label}: {len(keys)} ({', '.join(f'{g} {n}' for g, n in by_group.most_common())})")
        for k in sorted(keys):
            print(f"  {label} {show(k, rows[k])}")
            print(f"      {rows[k]['sentence']}")
    print(f"kept: {len(old.keys() & new.keys())}")


def diff(before: Path, after: Path) -> None:
    compare(
        load(before),
        load(after),
        lambda row: "|".join(row["rules"]),
        lambda k, row: f"{'|'.join(row['rules'])}: {k[0]}: {' '.join(k[1])}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="extract the unannotated items' relations into a file")
    d.add_argument("out", type=Path)
    d.add_argument("--every", type=int, default=1, help="read one item in N")
    f = sub.add_parser("diff", help="the relations gained and lost between two dumps")
    f.add_argument("before", type=Path)
    f.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.every)
    else:
        diff(args.before, args.after)


if __name__ == "__main__":
    main()
