"""Figure precision: a seeded random sample of the figures extracted from the whole corpus,
to be judged by hand, and the precision of the judged sample.

    .venv/bin/python bench/figures_sample.py sample [--size 100] [--store DIR]  # -> bench/gold/figures-sample.yaml
    .venv/bin/python bench/figures_sample.py score                 # reads bench/gold/figures-judged.yaml
    .venv/bin/python bench/figures_sample.py rescore               # the judged sample, extracted again

`--round N` (N > 1) names a later judgement's files, `figures-sample-N.yaml` and
`figures-judged-N.yaml`, so a new sample never overwrites a judged one.

`sample` ingests data/corpus/ into a fresh store (as `kg ingest` does) - or reads a store
that holds it already (--store, e.g. one kept by `bench/ingest_speed.py --keep`) - and draws the figures
with a fixed seed; each entry gives the value, the unit, the counted noun (or 投资额 for an
amount of money), the owner, the verbatim sentence and the article. A judge copies the file
to figures-judged.yaml and adds to every entry `correct: true|false` and `why`. A figure is
correct when the sentence states that number of that noun for that owner. `score` prints
the precision (with its 95% Wilson interval) and the judges' reasons for the wrong ones.
Issue target: figure precision >= 0.85.

`rescore` extracts the judged figures' articles again with the extractor as it is now and
says which judged figures it still states (the same value and unit from the same sentence)
and which it no longer does: the precision of the judged figures it keeps estimates what
a fresh sample would show. It is no substitute for one - a figure the extractor newly
finds is in no judged sample - so the judged precision stays `score`'s until a new sample
is judged.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
from pathlib import Path

import yaml

from kg import queries
from kg.config import Settings
from kg.ingest import Pipeline
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"


def paths(round_: int) -> tuple[Path, Path]:
    """The sample and judged files of a judging round (round 1: the unnumbered files)."""
    suffix = "" if round_ == 1 else f"-{round_}"
    return GOLD / f"figures-sample{suffix}.yaml", GOLD / f"figures-judged{suffix}.yaml"

SEED = 20261130
TARGET = 0.85


def figures(workers: int, existing: Path | None) -> list[dict[str, str]]:
    """Every figure of the whole corpus, one row each (a figure's owner named once)."""
    with tempfile.TemporaryDirectory(prefix="kg-figures-") as tmp:
        settings = Settings(store_path=existing or Path(tmp), data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
        store = open_store(settings.store_path)
        if existing is None:
            load_curated(store, settings, check_shapes=False)
            Pipeline(store, Minter(settings.base_iri), settings.data_dir).run(
                [ROOT / "data" / "corpus"], workers=workers
            )
        rows: dict[str, dict[str, str]] = {}
        for r in solutions(store.query(queries.get("extracted-figures"))):
            rows.setdefault(
                r["figure"].value,
                {
                    "figure": r["figure"].value,
                    "article": r["article"].value,
                    "value": r["value"].value,
                    "unit": r["unit"].value,
                    "counted": r["measure"].value,
                    "stated": r["stated"].value,
                    "owner": r["ownerName"].value if r["ownerName"] is not None else r["owner"].value,
                    "sentence": r["sentence"].value,
                },
            )
        store.close()
    return sorted(rows.values(), key=lambda r: r["figure"])


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def sample(size: int, workers: int, existing: Path | None, round_: int) -> None:
    SAMPLE, JUDGED = paths(round_)
    if SAMPLE.exists():
        sys.exit(f"{SAMPLE.relative_to(ROOT)} exists: a drawn sample is never redrawn (use another --round)")
    found = figures(workers, existing)
    drawn = sorted(random.Random(SEED).sample(found, min(size, len(found))), key=lambda r: r["figure"])
    header = (
        f"# {len(drawn)} of the {len(found)} figures extracted from data/corpus/ "
        f"(bench/figures_sample.py, seed {SEED}).\n"
        f"# To judge: copy to {JUDGED.name} and add to every entry `correct: true|false` and\n"
        "# `why`. Correct: the sentence states that number (value, unit) of that noun (counted)\n"
        "# for that owner.\n"
    )
    SAMPLE.write_text(header + yaml.safe_dump(drawn, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    print(f"{len(drawn)} of {len(found)} figures written to {SAMPLE.relative_to(ROOT)}")


def score(round_: int) -> None:
    SAMPLE, JUDGED = paths(round_)
    if not JUDGED.exists():
        sys.exit(f"{JUDGED.relative_to(ROOT)}: not judged yet (copy {SAMPLE.name} and judge it)")
    judged = yaml.safe_load(JUDGED.read_text("utf-8")) or []
    drawn = {r["figure"] for r in yaml.safe_load(SAMPLE.read_text("utf-8")) or []}
    problems = [f"entry {n}: no correct: true|false" for n, r in enumerate(judged, 1) if not isinstance(r.get("correct"), bool)]
    problems += [f"entry {n}: not in the sample" for n, r in enumerate(judged, 1) if r.get("figure") not in drawn]
    if problems:
        sys.exit(f"{JUDGED.name} is not sound:\n  " + "\n  ".join(problems))
    right = sum(r["correct"] for r in judged)
    low, high = wilson(right, len(judged))
    print(f"figures judged: {len(judged)} of {len(drawn)} drawn; correct {right}")
    print(f"precision: {right / len(judged):.3f} (95% interval {low:.3f}-{high:.3f}); target >= {TARGET}: "
          f"{'met' if right / len(judged) >= TARGET else 'NOT met'}")
    for r in judged:
        if not r["correct"]:
            print(f"  wrong: {r['stated']} {r['counted']} of {r['owner']} ({r['article']}): {r.get('why', '')}")


def rescore(round_: int) -> None:
    _, JUDGED = paths(round_)
    from kg.ingest.evaluate import corpus_articles
    from kg.ingest.extract import Count, Money

    judged = yaml.safe_load(JUDGED.read_text("utf-8")) or []
    settings = Settings(data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    pipeline = Pipeline(store, Minter(settings.base_iri), settings.data_dir)
    ids = {r["article"] for r in judged if r["article"].startswith("xwlb-")}
    articles = corpus_articles(ids, ROOT / "data" / "corpus", ROOT / "data" / "sources")
    # article -> (sentence, value, unit) -> (counted noun, the owner's names) stated for them
    stated: dict[str, dict[tuple[str, float, str], list[tuple[str, set[str]]]]] = {}
    for id_, article in articles.items():
        found = stated.setdefault(id_, {})
        for f in pipeline.analyse(article).sentences:
            for r in f.relations:
                o, owner = r.object, {r.subject.norm}
                if r.subject.entry is not None and r.subject.entry.canonical:
                    owner.add(r.subject.entry.canonical)
                if isinstance(o, Count):
                    found.setdefault((f.text.strip(), float(o.value), o.unit), []).append((o.thing, owner))
                elif isinstance(o, Money) and r.predicate == "investment":
                    found.setdefault((f.text.strip(), float(o.yuan), o.currency), []).append(("投资额", owner))
    tally = {(state, right): 0 for state in ("kept", "changed", "dropped") for right in (True, False)}
    for r in judged:
        if r["article"] not in articles:  # a curated figure: not the extractor's
            state = "kept"
        else:
            now = stated[r["article"]].get((r["sentence"].strip(), float(r["value"]), r["unit"]))
            named = not r["owner"].startswith("http")  # an owner with a label, else its IRI
            same = [
                thing == r["counted"] and (not named or r["owner"] in owner) for thing, owner in now or []
            ]
            state = "dropped" if now is None else "kept" if any(same) else "changed"
        tally[(state, r["correct"])] += 1
        if state != "kept" or not r["correct"]:
            print(f"  {state:7} {'right' if r['correct'] else 'wrong'}: {r['stated']} {r['counted']} ({r['article']})")
    kept = tally[("kept", True)] + tally[("kept", False)]
    low, high = wilson(tally[("kept", True)], kept)
    print(
        f"judged figures still stated as judged: {kept} of {len(judged)} "
        f"(right {tally[('kept', True)]}, wrong {tally[('kept', False)]}); stated with another "
        f"counted noun (not judged): {tally[('changed', True)] + tally[('changed', False)]} (judged "
        f"wrong before: {tally[('changed', False)]}); no longer stated: right "
        f"{tally[('dropped', True)]}, wrong {tally[('dropped', False)]}"
    )
    print(f"precision of the judged figures still stated: {tally[('kept', True)] / max(kept, 1):.3f} "
          f"(95% interval {low:.3f}-{high:.3f}) - an estimate on the old sample, not a new judgement")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["sample", "score", "rescore"])
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--store", type=Path, help="a store that holds the ingested corpus")
    parser.add_argument("--round", type=int, default=1, help="the judging round (its files' number)")
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.size, args.workers, args.store, args.round)
    elif args.command == "rescore":
        rescore(args.round)
    else:
        score(args.round)


if __name__ == "__main__":
    main()
