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

    .venv/bin/python bench/agreement.py            # every pair in bench/gold/agreement/
    .venv/bin/python bench/agreement.py --json
"""

from __future__ import annotations

import argparse
import json

from ingest_quality import CORPUS, GOLD, ROOT, SEED, pipeline, table

from kg.config import Settings
from kg.ingest.evaluate import GoldItem, Score, agreement, corpus_articles, evaluate, load_gold

SECOND = GOLD / "agreement"


def pairs() -> list[tuple[list[GoldItem], list[GoldItem]]]:
    """Each second annotation with the first annotation of the same items (only the items
    both annotate, in the first file's order)."""
    out = []
    for path in sorted(SECOND.glob("*.yaml")):
        first_path = GOLD / path.name
        if not first_path.exists():
            raise SystemExit(f"{path.relative_to(ROOT)}: no first annotation {first_path.name}")
        second = {g.id: g for g in load_gold(path)}
        first = [g for g in load_gold(first_path) if g.id in second]
        missing = set(second) - {g.id for g in first}
        if missing:
            raise SystemExit(
                f"{path.relative_to(ROOT)}: items {first_path.name} does not annotate: "
                + ", ".join(sorted(missing))
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
        "by_type": {k: round(t.f1, 3) for k, t in sorted(score.entities.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    found = pairs()
    if not found:
        raise SystemExit(f"no second annotations in {SECOND.relative_to(ROOT)}")
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
    names = ", ".join(f"{f[0].annotation} / agreement/{s[0].annotation}" for f, s in found)
    if args.json:
        print(json.dumps({"pairs": names, **{k: figures(s) for k, s in scores.items()}}, indent=2))
        return
    print(f"pairs: {names}")
    for name, score in scores.items():
        print(f"\n{name}:")
        print("\n".join(table(score)))


if __name__ == "__main__":
    main()
