"""The sequence labeller (bench/_labeller.py) and its harness (bench/labeller.py), an
experiment (python-crfsuite: the optional extra kg[labeller], part of kg[test]): training data projected from the
real annotation, deterministic training, a model that tags real corpus text, its merge with
the rules through the pipeline, and the record that keeps it out of the pipeline."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path
from typing import Any

import pytest
from _labeller import KINDS, MODEL_FILE, Labeller, Policy, attach, observe

from conftest import bench_module
from kg.config import Settings
from kg.ingest import Pipeline
from kg.ingest.evaluate import GoldItem, corpus_articles, load_gold
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
        _, seen = observe(run.reader.extractor, a.text, norm, s.start, s.end)
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
    with attach(extractor, Labeller(model, Policy(frozenset(KINDS), threshold=0.5))):
        merged = run.analyse(a)
    assert run.analyse(a) == alone  # detached: the rules alone again

    def named(analysis: Any) -> set[tuple[int, int, str]]:
        return {(m.start, m.end, m.kind) for f in analysis.sentences for m in f.mentions}

    rules, both = named(alone), named(merged)
    # additions only: every rule mention stays, none added overlaps one
    assert rules <= both
    for a0, b0, _ in both - rules:
        assert not any(a1 < b0 and a0 < b1 for a1, b1, _ in rules)
    # what it takes away reaches the pipeline's facts: every place vetoed, nothing else
    with attach(extractor, Labeller(model, Policy(frozenset(), veto=frozenset({"region"}), veto_threshold=0.0))):
        vetoed = named(run.analyse(a))
    assert {m for m in rules if m[2] == "region"}
    assert vetoed == {m for m in rules if m[2] != "region"}


def test_a_veto_takes_away_only_the_kinds_it_names(
    run: Pipeline, model: Path, articles: dict[str, Article]
) -> None:
    labeller = Labeller(model, Policy(frozenset(), veto=frozenset({"industry"}), veto_threshold=0.0))
    a = articles["seed"]
    norm = simplified(a.text)
    vetoed = 0
    for s in sentences(a.text):
        rules, seen = observe(run.reader.extractor, a.text, norm, s.start, s.end)
        kept = labeller.mentions(rules, seen, a.text, s.start)
        assert kept == [m for m in rules if m.kind != "industry"]
        vetoed += len(rules) - len(kept)
    assert vetoed  # the seed article names industries


def test_observing_finds_the_rules_mentions(run: Pipeline) -> None:
    """What the labeller reads of a sentence holds the mentions the rules find in it,
    unchanged by the reading."""
    a = plant()
    norm = simplified(a.text)
    extractor = run.reader.extractor
    for s in sentences(a.text)[:4]:
        mentions, seen = observe(extractor, a.text, norm, s.start, s.end)
        assert seen.text == norm[s.start : s.end]
        assert "".join(w for w, _ in seen.tokens) == seen.text
        assert [(m.start - s.start, m.end - s.start, m.kind) for m in mentions] == list(seen.mentions)
        alone = extractor.sentence(a.text, norm, s.start, s.end, None)
        assert [m for m in alone.mentions if m in mentions] == mentions  # named sectors follow
    assert "find" not in vars(extractor.names)  # the rules' own method again


def test_cross_validation_keeps_it_out_of_the_pipeline(bench: Any) -> None:
    """The labeller would ship only with a cross-validated pooled entity F1 gain of at
    least SHIP_GAIN and relation precision kept: bench/labeller-cv.json records less, so
    no model is in data/lexicon/ and the package has no labeller."""
    record = json.loads(bench.CV_FILE.read_text("utf-8"))
    rules, labelled = record["pooled"]["rules"], record["pooled"]["labeller"]
    gain = labelled["entities_all"]["f1"] - rules["entities_all"]["f1"]
    assert gain < bench.SHIP_GAIN
    assert labelled["relations"]["precision"] >= rules["relations"]["precision"]
    assert not list((ROOT / "data" / "lexicon").glob("labeller*"))
    assert not (ROOT / "src" / "kg" / "ingest" / "extract" / "labeller.py").exists()


def test_docstring_examples_run() -> None:
    """bench/_labeller.py's examples (features, project, spans, merge), as
    tests/test_project.py runs the package's."""
    import _labeller

    failures, attempted = doctest.testmod(_labeller, optionflags=doctest.ELLIPSIS)
    assert attempted >= 4 and failures == 0
