"""The hand annotation (bench/gold/news.yaml) and the pipeline measured against it: the
annotation is sound (every name is in its text), irrelevant items yield nothing, and the
issue's quality targets hold (bench/ingest_quality.py prints the full table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.ingest import Pipeline
from kg.ingest.evaluate import (
    GoldItem,
    Score,
    articles_for,
    load_gold,
    predicted_entities,
    predicted_relations,
    score_item,
)
from kg.ingest.read import Article
from kg.ingest.text import simplified
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold" / "news.yaml"
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
SEED = ROOT / "data" / "sources" / "hljrb-2024-08-23-industrial-transfer.txt"
VALUES = {"date", "money"}  # written normalised, not as in the text


@pytest.fixture(scope="module")
def gold() -> list[tuple[GoldItem, Article]]:
    items = load_gold(GOLD)
    return list(zip(items, articles_for(items, CORPUS, SEED), strict=True))


@pytest.fixture(scope="module")
def pipeline(settings: Settings) -> Pipeline:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    return Pipeline(store, Minter(settings.base_iri), settings.data_dir)


def test_the_annotation_is_sound(gold: list[tuple[GoldItem, Article]]) -> None:
    corpus = [g for g, _ in gold if g.id != "seed"]
    assert len(corpus) >= 25
    relevant = sum(g.relevant for g in corpus)
    assert 0.6 <= relevant / len(corpus) <= 0.72  # about two thirds about industry
    for g, article in gold:
        text = simplified(article.text)
        assert g.relevant or not (g.entities or g.relations), g.id
        for kind, entities in g.entities.items():
            for names in entities:
                if kind not in VALUES:  # every name is written as the text has it
                    assert any(n in text for n in names), (g.id, kind, names)
        for s, _, o in g.relations:
            assert s in text, (g.id, s)
            assert o in text or o[0].isupper(), (g.id, o)  # or a milestone type


def test_irrelevant_items_yield_nothing(
    gold: list[tuple[GoldItem, Article]], pipeline: Pipeline
) -> None:
    for g, article in gold:
        if not g.relevant:
            analysis = pipeline.analyse(article)
            assert not analysis.relevant and analysis.sentences == [], g.id


def test_the_quality_targets_hold(gold: list[tuple[GoldItem, Article]], pipeline: Pipeline) -> None:
    score = Score()
    for g, article in gold:
        analysis = pipeline.analyse(article)
        score_item(
            g,
            analysis.relevant,
            predicted_entities(analysis.sentences),
            predicted_relations(analysis.sentences),
            score,
        )
    assert score.from_irrelevant == []
    assert score.relevance["fp"] == 0 and score.relevance["fn"] == 0
    assert score.all_entities.f1 >= 0.85, score.to_dict()
    assert score.relations.precision >= 0.80, score.to_dict()


def test_scoring_counts_names_and_places_once(gold: list[tuple[GoldItem, Article]]) -> None:
    seed = next(g for g, _ in gold if g.id == "seed")
    score = Score()
    exact = {(k, sorted(names)[0]) for k, es in seed.entities.items() for names in es}
    score_item(seed, True, exact | {("university", "哈工程大学")}, set(seed.relations), score)
    total = score.all_entities
    assert (total.fp, total.fn) == (0, 0)  # two names of one university count once
    assert score.relations.f1 == 1.0
    wrong = Score()
    score_item(
        seed,
        True,
        {("enterprise", "黑龙江省人民政府")},
        {("哈工程大学", "cooperatesWith", "哈创投集团")},
        wrong,
    )
    assert wrong.entities["enterprise"].fp == 1 and wrong.entities["government"].tp == 0
    assert wrong.relations.tp == 1  # either order of a symmetric relation
    irrelevant = next(g for g, _ in gold if not g.relevant)
    noisy = Score()
    score_item(irrelevant, True, {("region", "北京")}, set(), noisy)
    assert noisy.relevance["fp"] == 1 and noisy.from_irrelevant == [f"{irrelevant.id}: region 北京"]
