"""The sequence labeller (kg.ingest.extract.labeller) and its harness (bench/labeller.py):
training data projected from the real annotation, deterministic training, a model that
tags real corpus text, its merge with the rules through the pipeline, its file checked
against its provenance, and the shipping rule (cross-validation decides)."""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import bench_module
from kg.config import Settings
from kg.errors import DataError
from kg.ingest import Pipeline
from kg.ingest.evaluate import GoldItem, corpus_articles, load_gold
from kg.ingest.extract.labeller import (
    KINDS,
    MODEL_FILE,
    PROVENANCE_FILE,
    Labeller,
    Policy,
    load_labeller,
)
from kg.ingest.read import Article, read_paths
from kg.ingest.text import sentences, simplified

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
# A real item of the first corpus file that no gold file annotates: a plateau wind-power
# base in full operation (tests/test_relevance_model.py reads it too).
PLANT = "xwlb-20230508-10"


@pytest.fixture(scope="module")
def bench() -> Any:  # a module
    return bench_module("labeller")


@pytest.fixture(scope="module")
def news() -> list[GoldItem]:
    """news.yaml: the annotation the rules were written beside (a small training set)."""
    return load_gold(GOLD / "news.yaml")


@pytest.fixture(scope="module")
def run(bench: Any, settings: Settings) -> Pipeline:
    return bench.pipeline(settings)


@pytest.fixture(scope="module")
def articles(bench: Any, news: list[GoldItem]) -> dict[str, Article]:
    return corpus_articles({i.id for i in news}, bench.CORPUS, bench.SEED)


@pytest.fixture(scope="module")
def data(bench: Any, run: Pipeline, news: list[GoldItem], articles: dict[str, Article]) -> Any:
    return bench.observe(run, news, articles)


@pytest.fixture(scope="module")
def model(bench: Any, data: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("labeller") / MODEL_FILE
    bench.train(data, list(data), path)
    return path


def plant() -> Article:
    found = [a for a in read_paths([CORPUS]) if isinstance(a, Article) and a.id == PLANT]
    assert len(found) == 1
    return found[0]


def test_the_training_data_tags_each_annotated_name_as_annotated(
    data: Any, news: list[GoldItem], articles: dict[str, Article]
) -> None:
    relevant = [i for i in news if i.relevant]
    assert len(data) == len(relevant)  # relevant items only
    tagged = 0
    for item in relevant:
        names = {n: k for k in KINDS for g in item.entities.get(k, []) for n in g}
        seqs = data[f"{item.annotation}:{item.id}"]
        norm = simplified(articles[item.id].text)
        texts = [norm[s.start : s.end] for s in sentences(articles[item.id].text)]
        texts = [t for t in texts if t.strip()]
        assert len(texts) == len(seqs)
        for text, (xseq, yseq) in zip(texts, seqs, strict=True):
            assert len(xseq) == len(yseq) == len(text)
            for m in re.finditer(r"B-([a-z-]+)(?: I-\1)*", " ".join(yseq)):
                start = " ".join(yseq)[: m.start()].count(" ")
                length = m.group().count(" ") + 1
                assert names.get(text[start : start + length]) == m.group(1)
                tagged += 1
    assert tagged > 100  # news.yaml names hundreds of things


def test_training_reproduces(
    bench: Any,
    run: Pipeline,
    news: list[GoldItem],
    articles: dict[str, Article],
    data: Any,
    model: Path,
    tmp_path: Path,
) -> None:
    """The script reads the same training data from the gold and the rules again, and
    trains the same model from it, byte for byte."""
    again = bench.observe(run, news, articles)
    assert bench.digest(again, list(again)) == bench.digest(data, list(data))
    retrained = tmp_path / MODEL_FILE
    bench.train(again, list(again), retrained)
    assert retrained.read_bytes() == model.read_bytes()


def test_the_labeller_tags_real_corpus_text(run: Pipeline, model: Path) -> None:
    labeller = Labeller(model, Policy(frozenset(KINDS)))
    a = plant()
    norm = simplified(a.text)
    found = []
    for s in sentences(a.text):
        _, seen = run.reader.extractor.observe(a.text, norm, s.start, s.end)
        spans, _ = labeller.tag(seen)
        found += [(seen.text[x:y], kind, p) for x, y, kind, p in spans]
    assert found, "a news item on a wind-power base names something"
    for name, kind, p in found:
        assert name in norm and kind in KINDS and 0.0 < p <= 1.0


def test_the_pipeline_merges_its_names_with_the_rules(
    run: Pipeline, model: Path, articles: dict[str, Article]
) -> None:
    extractor = run.reader.extractor
    a = articles["seed"]
    alone = run.analyse(a)
    extractor.labeller = Labeller(model, Policy(frozenset(KINDS), threshold=0.5))
    try:
        merged = run.analyse(a)
    finally:
        extractor.labeller = None

    def named(analysis: Any) -> set[tuple[int, int, str]]:
        return {(m.start, m.end, m.kind) for f in analysis.sentences for m in f.mentions}

    rules, both = named(alone), named(merged)
    # additions only: every rule mention stays, none added overlaps one
    assert rules <= both
    for a0, b0, _ in both - rules:
        assert not any(a1 < b0 and a0 < b1 for a1, b1, _ in rules)


def test_a_veto_takes_away_only_the_kinds_it_names(
    run: Pipeline, model: Path, articles: dict[str, Article]
) -> None:
    labeller = Labeller(model, Policy(frozenset(), veto=frozenset({"industry"}), veto_threshold=0.0))
    a = articles["seed"]
    norm = simplified(a.text)
    vetoed = 0
    for s in sentences(a.text):
        rules, seen = run.reader.extractor.observe(a.text, norm, s.start, s.end)
        kept = labeller.mentions(rules, seen, a.text, norm, s.start)
        assert kept == [m for m in rules if m.kind != "industry"]
        vetoed += len(rules) - len(kept)
    assert vetoed  # the seed article names industries


def test_a_labeller_crosses_to_a_worker_process(run: Pipeline, model: Path) -> None:
    labeller = Labeller(model, Policy(frozenset(KINDS)))
    a = plant()
    norm = simplified(a.text)
    first = sentences(a.text)[1]
    _, seen = run.reader.extractor.observe(a.text, norm, first.start, first.end)
    here = labeller.tag(seen)
    there = pickle.loads(pickle.dumps(labeller))  # as the pool's initializer receives it
    assert there.tag(seen) == here
    assert there.policy == labeller.policy and there.rules == labeller.rules


def test_a_model_must_match_its_provenance(model: Path, tmp_path: Path) -> None:
    assert load_labeller(tmp_path) is None  # no labeller: the rules alone
    (tmp_path / MODEL_FILE).write_bytes(model.read_bytes())
    with pytest.raises(DataError, match="labeller unreadable"):
        load_labeller(tmp_path)  # a model without its provenance
    policy = Policy(frozenset({"event"}), 0.7)
    record = {
        "model_sha256": hashlib.sha256(model.read_bytes()).hexdigest(),
        "merge": policy.to_dict(),
        "rule_features": True,
    }
    (tmp_path / PROVENANCE_FILE).write_text(json.dumps(record), "utf-8")
    loaded = load_labeller(tmp_path)
    assert loaded is not None and loaded.policy == policy and loaded.rules
    (tmp_path / MODEL_FILE).write_bytes(model.read_bytes() + b"\0")
    with pytest.raises(DataError, match="SHA-256"):
        load_labeller(tmp_path)


def test_cross_validation_decides_what_ships(bench: Any) -> None:
    """The labeller ships (data/lexicon/) only when its cross-validated pooled entity F1
    gain reaches SHIP_GAIN with relation precision kept: bench/labeller-cv.json records
    a gain below it, so no model ships and the pipeline runs on the rules alone."""
    record = json.loads(bench.CV_FILE.read_text("utf-8"))
    rules, labelled = record["pooled"]["rules"], record["pooled"]["labeller"]
    gain = labelled["entities_all"]["f1"] - rules["entities_all"]["f1"]
    assert gain < bench.SHIP_GAIN
    assert load_labeller(ROOT / "data" / "lexicon") is None
    args = type("Args", (), {"out": None})()
    with pytest.raises(SystemExit, match="not shipped"):
        bench.train_command(args)
