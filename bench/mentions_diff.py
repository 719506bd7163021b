"""What a change to the name rules does on unannotated text: the names of projects, events,
policies and parks (or of the kinds asked for) in the corpus items no gold file holds nor
any round drew (``relations_diff.unannotated``), dumped before and after the change, and the
names gained and lost, each with its sentence and item, to be judged by hand. Every
sentence of an item is read, whatever the item's relevance: a name rule does not depend
on it.

    .venv/bin/python bench/mentions_diff.py dump /tmp/before.jsonl [--every 10]
    # ... change the rules ...
    .venv/bin/python bench/mentions_diff.py dump /tmp/after.jsonl [--every 10]
    .venv/bin/python bench/mentions_diff.py diff /tmp/before.jsonl /tmp/after.jsonl

``--every N`` reads one item in N (in corpus order); ``--kinds`` the kinds to dump.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_quality import ROOT, pipeline
from relations_diff import Row, compare, unannotated

from kg.config import Settings

KINDS = ("project", "event", "policy", "park")


def dump(out: Path, every: int, kinds: tuple[str, ...]) -> None:
    settings = Settings(data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    run = pipeline(settings)
    read = 0
    with out.open("w", encoding="utf-8") as f:
        for article in unannotated(every):
            read += 1
            found, _ = run.reader.facts(article)
            for s in found:
                for m in s.mentions:
                    if m.kind in kinds:
                        row = {
                            "item": article.id,
                            "kind": m.kind,
                            "name": m.norm,
                            "sentence": s.text,
                        }
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{read} items read, names in {out}")


def load(path: Path) -> dict[tuple[str, str, str], Row]:
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines())
    return {(r["item"], r["kind"], r["name"]): r for r in rows}


def diff(before: Path, after: Path) -> None:
    compare(
        load(before),
        load(after),
        lambda row: str(row["kind"]),
        lambda k, _: f"{k[1]}: {k[0]}: {k[2]}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="extract the unannotated items' names into a file")
    d.add_argument("out", type=Path)
    d.add_argument("--every", type=int, default=1, help="read one item in N")
    d.add_argument("--kinds", default=",".join(KINDS), help="kinds of name, comma-separated")
    f = sub.add_parser("diff", help="the names gained and lost between two dumps")
    f.add_argument("before", type=Path)
    f.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.every, tuple(args.kinds.split(",")))
    else:
        diff(args.before, args.after)


if __name__ == "__main__":
    main()
