"""The hand annotation (bench/gold/) and the pipeline measured against it: the annotation is
sound (every name is in its text, every item in its split), the test split is frozen, kg's
code (all of src/kg/, not only the ingestion rules) names no blind gold example,
irrelevant items yield nothing, and the issue's quality targets hold
(bench/ingest_quality.py prints the full table)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.config import Settings
from kg.ingest import Pipeline
from kg.ingest.evaluate import (
    FROZEN,
    GoldItem,
    Score,
    agreement,
    corpus_articles,
    digest,
    evaluate,
    frozen_problems,
    load_gold,
    load_split,
    names_written_in,
    particular_names,
    score_item,
    split_files,
    split_problems,
)
from kg.ingest.read import Article
from kg.ingest.text import simplified
from kg.iris import Minter
from kg.loading import load_curated
from kg.namespaces import KG_NS
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
CORPUS = ROOT / "data" / "corpus"
DATA = ROOT / "data"
# All of kg's code, comments and all: the ingestion rules and every other module whose
# docstrings, doctests or comments could carry an example (kg.identity, kg.merges, ...)
CODE = ROOT / "src" / "kg"
SEED = ROOT / "data" / "sources" / "hljrb-2024-08-23-industrial-transfer.txt"
VALUES = {"date", "money"}  # written normalised, not as in the text
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def dev() -> list[GoldItem]:
    return load_split(GOLD, "dev")


@pytest.fixture(scope="module")
def articles(dev: list[GoldItem]) -> dict[str, Article]:
    return corpus_articles({g.id for g in dev}, CORPUS, SEED)


@pytest.fixture(scope="module")
def pipeline(settings: Settings) -> Pipeline:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    return Pipeline(store, Minter(settings.base_iri), settings.data_dir)


def test_the_annotation_is_sound(dev: list[GoldItem], articles: dict[str, Article]) -> None:
    corpus = [g for g in dev if g.id != "seed"]
    assert len(corpus) >= 25
    relevant = sum(g.relevant for g in corpus)
    assert 0.3 <= relevant / len(corpus) <= 0.8  # industry news and other news (0.39 at dev-43)
    for g in dev:
        text = simplified(articles[g.id].text)
        assert g.relevant or not (g.entities or g.relations), g.id
        for kind, entities in g.entities.items():
            for names in entities:
                if kind not in VALUES:  # every name is written as the text has it
                    assert any(n in text for n in names), (g.id, kind, names)
        for s, _, o in g.relations:
            assert s in text, (g.id, s)
            value = o.split(":")[-1].replace(".", "").isdigit()  # an amount, normalised
            assert o in text or o[0].isupper() or value, (g.id, o)  # or a milestone type


def test_every_item_is_in_its_split() -> None:
    assert split_problems(GOLD) == []
    assert [p.name for p in split_files(GOLD, "dev")][0] == "news.yaml"
    assert [p.name for p in split_files(GOLD, "dev-blind")] == [
        "dev-1.yaml",
        "dev-2.yaml",
        "dev-3.yaml",
        "dev-4.yaml",
        "dev-5.yaml",
        "dev-6.yaml",
        "dev-7.yaml",
        "dev-8.yaml",
        "dev-9.yaml",
        "dev-10.yaml",
        "dev-11.yaml",
        "dev-12.yaml",
        "dev-13.yaml",
        "dev-14.yaml",
        "dev-15.yaml",
        "dev-16.yaml",
        "dev-17.yaml",
        "dev-18.yaml",
        "dev-19.yaml",
        *(f"dev-{n}.yaml" for n in range(20, 164)),
    ]
    assert [p.name for p in split_files(GOLD, "test")] == ["test-3.yaml", "test-4.yaml"]
    with pytest.raises(ValueError, match="unknown split"):
        split_files(GOLD, "blind")


def test_a_changed_test_file_is_caught(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    test_file = gold / "test-1.yaml"
    shutil.copy(GOLD / "news.yaml", test_file)  # a real annotation, standing in
    assert frozen_problems(gold) == [f"{gold / FROZEN}: missing (the test split is not frozen)"]
    (gold / FROZEN).write_text(f"{digest(test_file)}  test-1.yaml\n", encoding="utf-8")
    assert frozen_problems(gold) == []
    test_file.write_text(test_file.read_text("utf-8").replace("哈尔滨", "哈市", 1), "utf-8")
    assert frozen_problems(gold) == [
        f"test-1.yaml: changed since it was frozen (SHA-256 differs from {FROZEN})"
    ]
    shutil.copy(GOLD / "news.yaml", test_file)
    shutil.copy(GOLD / "news.yaml", gold / "test-2.yaml")
    assert frozen_problems(gold) == [f"test-2.yaml: not recorded in {FROZEN}"]
    test_file.unlink()
    assert f"test-1.yaml: recorded in {FROZEN} but missing" in frozen_problems(gold)


def test_an_item_in_the_wrong_split_is_caught(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    news = load_gold(GOLD / "news.yaml")
    test_id = yaml.safe_load((GOLD / "split-2.yaml").read_text("utf-8"))["test"][0]
    text = (GOLD / "news.yaml").read_text("utf-8").replace(f"id: {news[1].id}", f"id: {test_id}")
    (gold / "news.yaml").write_text(text, "utf-8")
    assert split_problems(gold) == [f"news.yaml: {test_id} belongs to the test split"]


def analysed(pipeline: Pipeline, item: str) -> tuple[Article, Any, Callable[[Any], bool]]:
    """A corpus item, the pipeline's analysis of it and which of its mentions the graph holds."""
    (a,) = corpus_articles({item}, CORPUS, SEED).values()
    analysis = pipeline.analyse(a)
    return a, analysis, pipeline.holds(a, analysis)


def test_the_graph_view_scores_what_the_graph_holds(pipeline: Pipeline) -> None:
    # xwlb-20221120-02 (no gold file annotates it): 瓦塘镇, a town the gazetteer neither
    # codes nor links, is a region mention but no entity of the graph - the bench's "as the
    # graph holds them" line does not count it found; the places it codes are held
    item = "xwlb-20221120-02"
    a, analysis, holds = analysed(pipeline, item)
    regions = [m for f in analysis.sentences for m in f.mentions if m.kind == "region"]
    assert "瓦塘镇" in {m.norm for m in regions if not holds(m)}
    assert any(holds(m) for m in regions if m.entry is not None and m.entry.code)
    gold = [GoldItem(item, True, entities={"region": [{"瓦塘镇"}]})]
    found = evaluate(pipeline.analyse, gold, {item: a})
    held = evaluate(pipeline.analyse, gold, {item: a}, holds=pipeline.holds)
    assert found.entities["region"].tp == 1 and held.entities["region"].tp == 0
    # and the graph the pipeline writes has no entity of that name
    triples = pipeline.reader.extract(a, set()).triples or []
    assert not any(getattr(t.object, "value", None) == "瓦塘镇" for t in triples)


def test_a_macro_region_the_news_names_is_an_entity(pipeline: Pipeline, minter: Minter) -> None:
    # xwlb-20230220-08 (quoted by code, so no round draws it) names 粤港澳大湾区, which no
    # curated file declares: one kg:MacroRegion with its Chinese and English names, held in
    # the graph view too
    a, analysis, holds = analysed(pipeline, "xwlb-20230220-08")
    bay = [m for f in analysis.sentences for m in f.mentions if m.norm == "粤港澳大湾区"]
    assert bay and all(holds(m) for m in bay)
    triples = pipeline.reader.extract(a, set()).triples or []
    (iri,) = {t.subject for t in triples if getattr(t.object, "value", None) == "粤港澳大湾区"}
    facts = {(t.predicate.value, t.object.value) for t in triples if t.subject == iri}
    assert (RDF_TYPE, KG_NS + "MacroRegion") in facts
    labels = {o for p, o in facts if p == RDFS_LABEL}
    assert labels == {"粤港澳大湾区", "Guangdong-Hong Kong-Macao Greater Bay Area"}
    # xwlb-20221115-10 names 长三角 three times: the curated one, whose provinces its source
    # names (data/curated/cctv-2023-12-01-yangtze-river-delta.yaml), not a second entity
    a, analysis, holds = analysed(pipeline, "xwlb-20221115-10")
    delta = [m for f in analysis.sentences for m in f.mentions if m.norm == "长三角"]
    assert delta and all(holds(m) for m in delta)
    curated = minter.entity("place/yangtze-river-delta").value
    reader = pipeline.reader
    assert reader.macro("长三角").iri == curated  # type: ignore[union-attr]
    triples = pipeline.reader.extract(a, set()).triples or []
    assert any(curated in (t.subject.value, getattr(t.object, "value", None)) for t in triples)
    assert not any(getattr(t.object, "value", None) == "Yangtze River Delta" for t in triples)
    # every name of one is the one entity (长三角地区, 长江三角洲: macro-regions.csv), and a
    # name whose label is curated is the curated entity (中西部 is 中西部地区)
    assert reader.macro("长江三角洲") == reader.macro("长三角地区") == reader.macro("长三角")
    assert reader.macro("粤港澳大湾区").iri is None  # type: ignore[union-attr]
    assert reader.macro("中西部").iri == reader.macro("中西部地区").iri is not None  # type: ignore[union-attr]
    assert reader.macro("上海") is None


def test_irrelevant_items_yield_nothing(
    dev: list[GoldItem], articles: dict[str, Article], pipeline: Pipeline
) -> None:
    # The dev split's irrelevant items yield nothing but eight: since 2026-12-02 the relevance
    # model is trained on every blind dev file's label too (each round read unseen first:
    # round 14, dev-52..59, kept 8 of its 183 irrelevant items with the model of 867 labels,
    # 7 with one trained on dev-1..51 as well; round 15, dev-60..67, 8 of 187 with the models
    # trained on dev-1..59; round 16, 6 of 192; round 17, 4 of 177; round 18, 10 of 183; round 19, 8 of 176; round 20, 6 of 185; round 21, 7 of 203; round 22, 2 of 187; round 23, 5 of 193; round 24, 6 of 188; round 25, 8 of 202; round 26, 2 of 208; round 27, 4 of 234), so this gate, as the
    # figures in GATES, sits at what is met on fit items: a break detector.
    kept = []
    for g in dev:
        if not g.relevant:
            analysis = pipeline.analyse(articles[g.id])
            if analysis.relevant or analysis.sentences:
                kept.append(g.id)
    assert len(kept) <= 8, kept


def test_the_test_split_is_frozen() -> None:
    assert frozen_problems(GOLD) == []
    assert len(load_split(GOLD, "test")) == 60


def test_rule_code_names_no_blind_gold_example() -> None:
    """kg's code (all of src/kg/: the ingestion rules and the other modules, such as
    kg.identity and kg.merges; docstrings, doctests and comments too) writes down no name of
    a particular thing that a blind item annotates, unless a resource file holds it: a rule
    written from a blind item is fitted to it. The test split's names are never shown: a
    failure says how many and in which files."""
    code = sorted(CODE.rglob("*.py"))
    blind = names_written_in(code, particular_names(load_split(GOLD, "dev-blind")), DATA)
    assert blind == [], [f"{p.relative_to(ROOT)}: {n}" for p, n in blind]
    test = names_written_in(code, particular_names(load_split(GOLD, "test")), DATA)
    files = sorted({str(p.relative_to(ROOT)) for p, _ in test})
    clean = not test  # a boolean, so that pytest's report of the assertion shows no name
    assert clean, f"{len({n for _, n in test})} names of the test split in {files}"


def test_a_gold_name_in_code_is_caught_unless_a_resource_holds_it(tmp_path: Path) -> None:
    name = sorted(particular_names(load_split(GOLD, "dev-blind")))[0]
    rule = tmp_path / "rule.py"
    rule.write_text(f"x = 1  # as in {name}\n", "utf-8")
    assert names_written_in([rule], {name, "未写的名字"}, tmp_path) == [(rule, name)]
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "events.csv").write_text(f"{name},event\n", "utf-8")
    assert names_written_in([rule], {name}, tmp_path) == []


# What the pipeline achieves (bench/ingest_quality.py). The blind dev items (dev-1..163, 5,676
# items) are what rules are tuned on and, since kg-ingest/23, what the shipped labeller was
# trained on, since 2026-12-02 the relevance model too (so their figures are fit: 0.749 at
# /22, the rules alone, on dev-1..27; 0.873 at /25; 0.849 on dev-1..51 at /26; 0.895 on
# dev-1..67 with both models trained on them; 0.894 / 0.801 on dev-1..75 at /27; 0.892 / 0.794
# / 28 facts on dev-1..83; 0.902 / 0.801 / 27 facts on dev-1..91 with the labeller's veto;
# 0.906 / 0.794 / 36 facts on dev-1..99 at /28, with the sector model; 0.904 / 0.794 / 46
# facts on dev-1..107; 0.903 / 0.787 / 69 facts on dev-1..115; 0.903 / 0.782 / 51 facts on
# dev-1..123; 0.903 / 0.780 / 64 facts on dev-1..131; 0.902 / 0.777 / 54 facts on dev-1..139;
# 0.902 / 0.780 / 79 facts on dev-1..147; 0.902 / 0.781 / 89 facts on dev-1..163):
# their gates sit at the measured figures, so a change that loses quality fails here (the
# files of rounds 8 and 9, dev-10..19, read unseen at kg-ingest/20 before they joined, brought
# the figures down from 0.812 / 0.851 / 28 facts; round 10's, dev-20..27, read unseen at
# kg-ingest/21, from 0.768 / 0.785 / 129 facts; rounds 11 and 12, dev-28..43, read unseen at
# kg-ingest/25, 0.717 / 0.757 / 100 facts and 0.736 / 0.655 / 187 facts; round 13, dev-44..51,
# at /26, 0.731 / 0.711 / 149 facts; round 14, dev-52..59, at /26, 0.727 / 0.667 / 143 facts;
# round 15, dev-60..67, with both models trained on dev-1..59, 0.773 / 0.697 / 96 facts;
# round 16, dev-68..75, at /27 with both models trained on dev-1..67, 0.775 / 0.762 / 79
# facts; round 17, dev-76..83, with both models trained on dev-1..75, 0.772 / 0.713 / 31
# facts; round 18, dev-84..91, with both models trained on dev-1..83, 0.783 / 0.732 / 127
# facts; round 19, dev-92..99, with both models trained on dev-1..91, 0.796 / 0.651 / 72 facts;
# round 20, dev-100..107, the first corpus file, with every model trained on dev-1..99, 0.763 /
# 0.730 / 112 facts; round 21, dev-108..115, the first file again, with every model trained on
# dev-1..107, 0.768 / 0.659 / 67 facts; round 22, dev-116..123, the first file, with every model
# trained on dev-1..115, 0.813 / 0.719 / 11 facts; round 23, dev-124..131, with every model
# trained on dev-1..123, 0.799 / 0.702 / 82 facts; round 24, dev-132..139, with every model
# trained on dev-1..131, 0.772 / 0.697 / 75 facts; round 25, dev-140..147, with every model
# trained on dev-1..139, 0.788 / 0.767 / 115 facts; round 26, dev-148..155, the first file's
# last industry items, with every model trained on dev-1..147, 0.799 / 0.779 / 30 facts; round
# 27, dev-156..163, the second file again, the same models, 0.746 / 0.683 / 49 facts). The frozen test split (round 2, unseen by whoever tunes) is
# only guarded by a floor well below its figures - a break, not a tuning signal (its facts
# from irrelevant items: 30 at kg-ingest/18, 38 at /19 with the model retrained on 467
# labels; the floor is 50); its figures are read with --report for the closing note. The targets (entity F1 >= 0.80,
# relation precision >= 0.85, no fact from an irrelevant item) are not met: the README's news
# section states the gap.
GATES = {
    "dev-blind": {
        "entity F1": 0.90,
        "relation precision": 0.77,
        "facts from irrelevant items": 89,
    },
    "test": {"entity F1": 0.50, "relation precision": 0.70, "facts from irrelevant items": 50},
}


@pytest.mark.parametrize("split", sorted(GATES))
def test_the_quality_holds(pipeline: Pipeline, split: str) -> None:
    """Aggregate figures only: the test items are never looked at one by one."""
    items = load_split(GOLD, split)
    score = evaluate(pipeline.analyse, items, corpus_articles({g.id for g in items}, CORPUS, SEED))
    figures = {
        "entity F1": round(score.all_entities.f1, 3),
        "relation precision": round(score.relations.precision, 3),
        "facts from irrelevant items": len(score.from_irrelevant),
    }
    gates = GATES[split]
    # every relevant item skipped is counted under the relevance filter's reason for it
    assert sum(score.skipped_because.values()) == score.relevance["fn"]
    assert "not given" not in score.skipped_because
    # A failure on the test split names the gate it missed, never its figures: whoever
    # tunes the extractor sees pass or fail only (the figures are read with
    # `bench/ingest_quality.py --split test --report`, once a pass has landed).
    # (booleans, so that pytest's own report of the comparison shows no figure either).
    shown = figures if split != "test" else "figures of the test split are not shown"
    entity_f1_met = figures["entity F1"] >= gates["entity F1"]
    precision_met = figures["relation precision"] >= gates["relation precision"]
    irrelevant_met = figures["facts from irrelevant items"] <= gates["facts from irrelevant items"]
    assert entity_f1_met, shown
    assert precision_met, shown
    assert irrelevant_met, shown


def test_scoring_counts_names_and_places_once(dev: list[GoldItem]) -> None:
    seed = next(g for g in dev if g.id == "seed")
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
    # each relation judged as it was extracted (by rule: bench/ingest_quality.py --by-rule)
    judged = Score()
    extracted = {
        ("哈工程大学", "cooperatesWith", "哈创投集团"),
        ("哈创投集团", "locatedIn", "北京"),
    }
    score_item(seed, True, set(), extracted, judged)
    assert judged.verdicts == [
        ("seed", ("哈创投集团", "locatedIn", "北京"), False),
        ("seed", ("哈工程大学", "cooperatesWith", "哈创投集团"), True),
    ]
    irrelevant = next(g for g in dev if not g.relevant)
    noisy = Score()
    score_item(irrelevant, True, {("region", "北京")}, set(), noisy)
    assert noisy.relevance["fp"] == 1 and noisy.from_irrelevant == [f"{irrelevant.id}: region 北京"]


def test_two_annotators_agreement(dev: list[GoldItem]) -> None:
    seed = next(g for g in dev if g.id == "seed")
    same = agreement([seed, seed])
    assert same.all_entities.f1 == 1.0 and same.relations.f1 == 1.0
    fewer = GoldItem(seed.id, True, seed.date, {"person": seed.entities["person"]}, [])
    partial = agreement([seed, fewer])
    assert partial.all_entities.precision == 1.0 and partial.all_entities.recall < 0.1
    assert agreement([seed]).relevance.total() == 0  # one annotation: nothing to compare


def _paired(folder: str, names: list[str]) -> Score:
    """The second annotations in bench/gold/``folder`` (which must be ``names``) with the
    first annotations of the same items: each second file has the first file's items in its
    order and every name as its item's text writes it. Their agreement."""
    seconds = sorted((GOLD / folder).glob("*.yaml"))
    assert [p.name for p in seconds] == names
    both: list[GoldItem] = []
    for path in seconds:
        second = load_gold(path)
        first = load_gold(GOLD / path.name)
        assert [g.id for g in second] == [g.id for g in first], path.name
        articles = corpus_articles({g.id for g in second}, CORPUS, SEED)
        for g in second:
            text = simplified(articles[g.id].text)
            for kind, entities in g.entities.items():
                for names_ in entities:
                    assert kind in VALUES or any(n in text for n in names_), (g.id, names_)
        both += [*first, *second]
    return agreement(both)


def test_second_annotations_pair_with_a_dev_file() -> None:
    """bench/gold/agreement/X is a second blind annotation of dev file X's items (what
    bench/agreement.py compares), and they agree as recorded in bench/gold/README.md (entity
    F1 0.961 over dev-8 and dev-9)."""
    score = _paired("agreement", ["dev-8.yaml", "dev-9.yaml"])
    assert score.relevance.total() == 60
    assert round(score.all_entities.f1, 3) == 0.961
    assert round(score.relations.f1, 3) == 0.890


def test_second_annotations_of_the_test_split_pair_with_its_frozen_files() -> None:
    """bench/gold/agreement-test/X is a second blind annotation of the frozen test file X's
    items under the rules as they stand now (bench/agreement.py --split test compares them),
    and the two annotations agree as recorded in bench/gold/README.md (entity F1 0.766,
    relevance the same on 53 of 60) - the frozen split was annotated in round 2, under the
    rules of then."""
    score = _paired("agreement-test", ["test-3.yaml", "test-4.yaml"])
    assert score.relevance.total() == 60
    assert score.relevance["tp"] + score.relevance["tn"] == 53
    assert round(score.all_entities.f1, 3) == 0.766
