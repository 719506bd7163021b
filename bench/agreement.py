"""How far two blind annotators agree, and how the extractor reads against each of them.

bench/gold/agreement/ holds second annotations of items a dev file already annotates, each
written blind by another annotator session (same rules, without the first file): a second
annotation of bench/gold/dev-8.yaml is bench/gold/agreement/dev-8.yaml. For each pair this
prints, by entity type and for relations and relevance:

- the annotators' agreement: the second annotation scored as if it were a prediction against
  the first (F1 is symmetric; precision and recall swap with the roles);
- the extractor against the first annotation and against the second, on the same items.

The agreement is the ceiling a method of any kind can be expected to reach on this
annotation: an entity F1 target above what two careful annotators reach between themselves
asks the extractor to match one annotator's choices where the rules leave room.

bench/gold/agreement-test/ holds second annotations of the frozen test split's items
(test-3.yaml, test-4.yaml), written blind under the rules and decisions as they stand now,
long after the test split was annotated (round 2). ``--split test`` compares them with the
frozen files and prints aggregates only (no item of the test split is shown): the same three
scores, and the relevance verdicts crossed - of the items where the extractor and the frozen
annotation differ, on how many the second annotation sides with the extractor.

    .venv/bin/python bench/agreement.py            # every pair in bench/gold/agreement/
    .venv/bin/python bench/agreement.py --json
    .venv/bin/python bench/agreement.py --split test
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from ingest_quality import CORPUS, GOLD, ROOT, SEED, pipeline, table

from kg.config import Settings
from kg.ingest.evaluate import GoldItem, Score, agreement, corpus_articles, evaluate, load_gold

SECOND = GOLD / "agreement"
SECOND_TEST = GOLD / "agreement-test"


def pairs(second: Path = SECOND) -> list[tuple[list[GoldItem], list[GoldItem]]]:
    """Each second annotation with the first annotation of the same items (only the items
    both annotate, in the first file's order)."""
    out = []
    for path in sorted(second.glob("*.yaml")):
        first_path = GOLD / path.name
        if not first_path.exists():
            raise SystemExit(f"{path.relative_to(ROOT)}: no first annotation {first_path.name}")
        second = {g.id: g for g in load_gold(path)}
        first = [g for g in load_gold(first_path) if g.id in second]
        missing = set(second) - {g.id for g in first}
        if missing:  # counted, not listed: the test split's items are not shown
            raise SystemExit(
                f"{path.relative_to(ROOT)}: {len(missing)} items {first_path.name} does not annotate"
            )
        out.append((first, [second[g.id] for g in first]))
    return out


def figures(score: Score) -> dict[str, object]:
    e, r, rel = score.all_entities, score.relations, score.relevance
    return {
        "entity_f1": round(e.f1, 3),
        "entity_p": round(e.precision, 3),
        "entity_r": round(e.recall, 3),
        "relation_f1": round(r.f1, 3),
        "relation_p": round(r.precision, 3),
        "relevance_agree": rel["tp"] + rel["tn"],
        "items": sum(rel.values()),
        "relevant_skipped": rel["fn"],
        "irrelevant_kept": rel["fp"],
        "facts_from_irrelevant": len(score.from_irrelevant),
        "by_type": {k: round(t.f1, 3) for k, t in sorted(score.entities.items())},
    }


def crossed(
    verdict: Callable[[str], bool], firsts: list[GoldItem], seconds: list[GoldItem]
) -> dict[str, int]:
    """The relevance verdicts of the extractor and the two annotations crossed, as counts:
    where the extractor and the first annotation differ, how often the second sides with
    the extractor (and where they agree, how often the second differs from both)."""
    second = {g.id: g.relevant for g in seconds}
    out = {"items": 0, "extractor differs from first": 0, "of those, second sides with extractor": 0}
    out["extractor agrees with first"] = out["of those, second differs"] = 0
    for g in firsts:
        mine = verdict(g.id)
        out["items"] += 1
        if mine != g.relevant:
            out["extractor differs from first"] += 1
            out["of those, second sides with extractor"] += second[g.id] == mine
        else:
            out["extractor agrees with first"] += 1
            out["of those, second differs"] += second[g.id] != mine
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--split",
        choices=("dev", "test"),
        default="dev",
        help="dev: bench/gold/agreement/; test: bench/gold/agreement-test/ (aggregates only)",
    )
    args = parser.parse_args()
    second_dir = SECOND_TEST if args.split == "test" else SECOND
    found = pairs(second_dir)
    if not found:
        raise SystemExit(f"no second annotations in {second_dir.relative_to(ROOT)}")
    settings = Settings(data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    run = pipeline(settings)
    everything: list[GoldItem] = [g for first, second in found for g in (*first, *second)]
    articles = corpus_articles({g.id for g in everything}, CORPUS, SEED)
    analyses: dict[str, object] = {}

    def analyse(article: object) -> object:
        key = article.id  # type: ignore[attr-defined]  # an Article
        if key not in analyses:
            analyses[key] = run.analyse(article)  # type: ignore[arg-type]  # as above
        return analyses[key]

    firsts = [g for first, _ in found for g in first]
    seconds = [g for _, second in found for g in second]
    scores = {
        "annotators (second against first)": agreement([*firsts, *seconds]),
        "extractor against the first": evaluate(analyse, firsts, articles),
        "extractor against the second": evaluate(analyse, seconds, articles),
    }
    verdicts = crossed(lambda i: bool(analyse(articles[i]).relevant), firsts, seconds)  # type: ignore[attr-defined]  # an Analysis
    names = ", ".join(f"{f[0].annotation} / {second_dir.name}/{s[0].annotation}" for f, s in found)
    if args.json:
        out = {"pairs": names, **{k: figures(s) for k, s in scores.items()}, "relevance": verdicts}
        if args.split == "test":  # aggregates only: no entity type's figures either
            for k in scores:
                out[k].pop("by_type")  # type: ignore[attr-defined]  # a figures dict
        print(json.dumps(out, indent=2))
        return
    print(f"pairs: {names}")
    for name, score in scores.items():
        print(f"\n{name}:")
        print("\n".join(table(score)) if args.split == "dev" else _aggregate(score))
    print("\nrelevance verdicts crossed: " + ", ".join(f"{k} {v}" for k, v in verdicts.items()))


def _aggregate(score: Score) -> str:
    f = figures(score)
    return (
        f"entity F1 {f['entity_f1']} (P {f['entity_p']}, R {f['entity_r']}), relation F1 "
        f"{f['relation_f1']} (P {f['relation_p']}), relevance the same on "
        f"{f['relevance_agree']} of {f['items']} ({f['relevant_skipped']} relevant skipped, "
        f"{f['irrelevant_kept']} irrelevant kept, {f['facts_from_irrelevant']} facts from them)"
    )


if __name__ == "__main__":
    main()
