"""Extraction quality on the hand annotation (bench/gold/news.yaml, rules in its README):
precision, recall and F1 per entity type, over all entities and for relations; how the
relevance verdicts fare; and every fact taken from an item the annotation calls
irrelevant. Issue targets: entity F1 >= 0.85, relation precision >= 0.80, nothing from
irrelevant items.

    .venv/bin/python bench/ingest_quality.py [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.config import Settings
from kg.ingest import Pipeline
from kg.ingest.evaluate import (
    Score,
    articles_for,
    load_gold,
    predicted_entities,
    predicted_relations,
    score_item,
)
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold" / "news.yaml"
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
SEED = ROOT / "data" / "sources" / "hljrb-2024-08-23-industrial-transfer.txt"


def evaluate(settings: Settings) -> Score:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    pipeline = Pipeline(store, Minter(settings.base_iri), settings.data_dir)
    gold = load_gold(GOLD)
    score = Score()
    for item, article in zip(gold, articles_for(gold, CORPUS, SEED), strict=True):
        analysis = pipeline.analyse(article)
        score_item(
            item,
            analysis.relevant,
            predicted_entities(analysis.sentences),
            predicted_relations(analysis.sentences),
            score,
        )
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every miss and extra")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    settings = Settings(data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    score = evaluate(settings)
    if args.json:
        print(json.dumps(score.to_dict(), ensure_ascii=False, indent=2))
        return
    items = sum(score.relevance.values())
    print(f"gold items: {items} ({score.relevance['tp'] + score.relevance['fn']} relevant)")
    print(f"{'type':20} {'gold':>5} {'found':>6} {'P':>6} {'R':>6} {'F1':>6}")
    rows = [*sorted(score.entities.items()), ("entities (all)", score.all_entities)]
    rows.append(("relations", score.relations))
    for name, t in rows:
        print(
            f"{name:20} {t.tp + t.fn:5} {t.tp + t.fp:6} "
            f"{t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f}"
        )
    r = score.relevance
    print(
        f"relevance: {r['tp']} relevant kept, {r['tn']} irrelevant skipped, "
        f"{r['fp']} irrelevant kept, {r['fn']} relevant skipped"
    )
    print(f"facts from irrelevant items: {len(score.from_irrelevant)}")
    for line in score.from_irrelevant:
        print(f"  {line}")
    if args.errors:
        print("\n".join(score.errors))
    ok = (
        score.all_entities.f1 >= 0.85
        and score.relations.precision >= 0.80
        and not score.from_irrelevant
    )
    print(
        "targets (entity F1 >= 0.85, relation precision >= 0.80, nothing from irrelevant "
        f"items): {'met' if ok else 'NOT met'}"
    )
    sys.exit(0)


if __name__ == "__main__":
    main()
