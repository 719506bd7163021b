"""The sequence labeller (kg.ingest.extract.labeller) and its harness (bench/labeller.py,
bench/_labeller.py): training data projected from the real annotation, deterministic
training, a model that tags real corpus text, its merge with the rules through the pipeline;
the shipped model (data/lexicon/labeller.crfsuite) checked against its provenance, its names
in the pipeline's output, never a relation end unless the rules found them too."""

from __future__ import annotations

import doctest
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from _labeller import KINDS, MODEL_FILE, AnyEnds, Labeller, Policy, attach, observe

from conftest import bench_module, linked_data
from kg.config import Settings
from kg.errors import DataError
from kg.ingest import Pipeline
from kg.ingest.evaluate import GoldItem, corpus_articles, load_gold, split_files
from kg.ingest.extract import Mention
from kg.ingest.extract.labeller import ADDED, PROVENANCE_FILE
from kg.ingest.extract.labeller import load as load_labeller
from kg.ingest.pipeline import PARALLEL_MIN
from kg.ingest.read import Article, read_paths
from kg.ingest.text import sentences, simplified
from kg.iris import Minter
from kg.store import open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
# A real item of the first corpus file that no gold file annotates: a plateau wind-power
# base in full operation (tests/test_relevance_model.py reads it too).
PLANT = "xwlb-20230508-10"
# Real items of the first corpus file that no gold file annotates (rounds 1 to 19 draw from
# the second file, round 20 did not draw them; news.yaml names neither): the 14th China airshow opens in Zhuhai
# (2022-09-27); ten years of opening up - free trade zones, the negative list (2022-10-06).
AIRSHOW, OPENING = "xwlb-20220927-10", "xwlb-20221006-00"
# A press conference of 2022-10-15 where a rule takes 二十大 (the party congress) for a person:
# the labeller reads it as no name (the veto).
CONGRESS = "xwlb-20221015-04"


@pytest.fixture(scope="module")
def bench() -> Any:  # a module
    return bench_module("labeller")


@pytest.fixture(scope="module")
def news() -> list[GoldItem]:
    """news.yaml: the annotation the rules were written beside (a small training set)."""
    return load_gold(GOLD / "news.yaml")


@pytest.fixture(scope="module")
def run(bench: Any, settings: Settings) -> Pipeline:
    """The rules alone (as bench/labeller.py measures): a labeller is attached per test."""
    return bench.pipeline(settings, labeller=False)


@pytest.fixture(scope="module")
def shipped(bench: Any, settings: Settings) -> Pipeline:
    """The pipeline as it ships: the rules with data/lexicon's labeller."""
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


def plant(item: str = PLANT) -> Article:
    found = [a for a in read_paths([CORPUS]) if isinstance(a, Article) and a.id == item]
    assert len(found) == 1
    return found[0]


def sentences_of(run: Pipeline, a: Article) -> list[Any]:
    """The facts of each sentence of ``a``, whatever the relevance verdict says of it."""
    found, _ = run.reader.facts(a)
    return found


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


def test_the_shipped_model_is_the_one_its_provenance_records(bench: Any) -> None:
    """data/lexicon/labeller.crfsuite is the file labeller.json describes: its SHA-256, the
    gold files it was trained on as they are now (news.yaml and every blind dev file, never
    the test split), the features without the rules' mentions and the shipped merge, with
    the held-out figures it was chosen on."""
    lexicon = ROOT / "data" / "lexicon"
    record = json.loads((lexicon / PROVENANCE_FILE).read_text("utf-8"))
    model = (lexicon / MODEL_FILE).read_bytes()
    assert record["model_sha256"] == hashlib.sha256(model).hexdigest()
    dev = {p.name for p in split_files(GOLD, "dev-blind")}  # every blind dev file: retrain on a new one
    assert set(record["training_files"]) == {"news.yaml", *dev}
    for name, sha in record["training_files"].items():
        assert hashlib.sha256((GOLD / name).read_bytes()).hexdigest() == sha, f"{name} changed: retrain"
    assert record["rule_features"] is False
    shipped = Policy(frozenset(KINDS), 0.7, nest=True, veto=frozenset(KINDS), veto_threshold=0.97)
    assert Policy.from_dict(record["merge"]) == bench.SHIPPED_MERGE == shipped
    measured = record["measured"]
    assert measured["held_out"] == [f"dev-{n}.yaml" for n in range(84, 92)]  # round 18, as one block
    assert measured["labeller"]["entities_all"]["f1"] > measured["rules"]["entities_all"]["f1"]
    # the figures are the curve record's for the shipped merge, which beat the merge without a veto
    curve = ROOT / "bench" / "labeller-curve-round18.json"
    assert measured == bench.held_out_figures(curve, bench.SHIPPED_MERGE, "83")
    pooled = json.loads(curve.read_text("utf-8"))["points"]["83"]["pooled"]
    assert pooled["veto"]["entities_all"]["f1"] > pooled["shipped"]["entities_all"]["f1"]
    labeller = load_labeller(lexicon)
    assert labeller.sha256 == record["model_sha256"] and labeller.policy == bench.SHIPPED_MERGE


def test_a_changed_or_missing_model_is_a_clear_error(settings: Settings, tmp_path: Path) -> None:
    """The pipeline refuses a labeller model that is not the one recorded, or missing, with
    kg's error (a ``DataError`` naming the file) - never the rules alone in silence."""
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    shipped_dir = ROOT / "data" / "lexicon"
    (lexicon / PROVENANCE_FILE).write_bytes((shipped_dir / PROVENANCE_FILE).read_bytes())
    with pytest.raises(DataError, match="labeller model unreadable") as missing:
        load_labeller(lexicon)
    assert missing.value.status == 422 and MODEL_FILE in missing.value.message
    (lexicon / MODEL_FILE).write_bytes((shipped_dir / MODEL_FILE).read_bytes() + b"\n")
    with pytest.raises(DataError, match="SHA-256"):
        load_labeller(lexicon)
    (lexicon / PROVENANCE_FILE).write_text("{", "utf-8")
    with pytest.raises(DataError, match="not JSON"):
        load_labeller(lexicon)
    (lexicon / PROVENANCE_FILE).unlink()
    with pytest.raises(DataError, match="provenance unreadable"):
        load_labeller(lexicon)
    data = linked_data(tmp_path, own=(MODEL_FILE,))
    store = open_store(None)
    with pytest.raises(DataError, match="labeller model unreadable"):
        Pipeline(store, Minter(settings.base_iri), data)
    assert Pipeline(store, Minter(settings.base_iri), data, labeller=False).reader.extractor.labeller is None


def test_the_shipped_pipeline_names_what_the_rules_miss_on_unannotated_text(shipped: Pipeline) -> None:
    """On real items no gold file annotates, the shipped pipeline's mentions hold names the
    labeller added (origin ``labeller``; the airshow, a free trade port), and every rule mention
    with the labeller set aside is still there, given a longer extent of its kind, taken away
    by the sector model (an industry name it reads as no industry of the article) or vetoed:
    of a kind the merge vetoes, each of its characters read as no name with at least the
    veto's probability."""
    extractor = shipped.reader.extractor
    labeller, sectors = extractor.labeller, shipped.reader.sectors
    assert labeller is not None
    named, vetoed = set(), 0
    for item in (AIRSHOW, OPENING, CONGRESS):
        a = plant(item)
        norm = simplified(a.text)
        facts = sentences_of(shipped, a)
        shipped.reader.sectors = None  # the names before the sector model judged them
        try:
            unjudged = sentences_of(shipped, a)
        finally:
            shipped.reader.sectors = sectors
        gone = sectors.dropped(unjudged, norm, simplified(a.title)) if sectors else set()
        mentions = [m for f in facts for m in f.mentions]
        added = [m for m in mentions if m.origin == ADDED]
        for m in added:
            assert a.text[m.start : m.end] == m.text and m.kind in KINDS
        named |= {(m.norm, m.kind) for m in added}
        for f in facts:
            alone, seen = observe(extractor, a.text, norm, f.start, f.end)
            assert not any(m.origin != "rules" for m in alone)
            for m in alone:
                if any(
                    (n.start, n.end, n.kind) == (m.start, m.end, m.kind)
                    or (n.kind == m.kind and n.start <= m.start and m.end <= n.end and n.origin == "extent")
                    for n in mentions
                ):
                    continue
                if m.kind == "industry" and m.norm in gone:
                    continue
                _, (no_name,) = labeller.tag(seen, [(m.start - f.start, m.end - f.start)])
                assert m.kind in labeller.policy.veto and no_name >= labeller.policy.veto_threshold, m
                vetoed += 1
    assert {("第十四届中国航展", "event"), ("海南自贸港", "park")} <= named
    assert vetoed  # 二十大, a rule's person, is read as no name there


def ends(found: list[Any]) -> list[Mention]:
    return [
        end
        for f in found
        for r in f.relations
        for end in (r.subject, r.object)
        if isinstance(end, Mention)
    ]


def test_a_name_the_labeller_adds_is_no_relation_end(shipped: Pipeline) -> None:
    """Relations are read from the rules' names: where the labeller's added names would join
    relations (as :class:`AnyEnds` lets them: label18's merge) - the airshow, the free
    trade port - the shipped pipeline states none of those, and no relation at all has an
    added name at an end."""
    extractor = shipped.reader.extractor
    labeller = extractor.labeller
    assert labeller is not None
    for item in (AIRSHOW, OPENING):
        a = plant(item)
        got = sentences_of(shipped, a)
        assert not any(m.origin == ADDED for m in ends(got))
        added = {(m.start, m.end, m.kind) for f in got for m in f.mentions if m.origin == ADDED}
        with attach(extractor, AnyEnds(labeller.model, labeller.policy, labeller.rules)):
            loose = sentences_of(shipped, a)
        assert any((m.start, m.end, m.kind) in added for m in ends(loose)), item


def test_docstring_examples_run() -> None:
    """bench/_labeller.py's examples (project), as tests/test_project.py runs the
    package's (kg.ingest.extract.labeller: features, spans, merge)."""
    import _labeller

    failures, attempted = doctest.testmod(_labeller, optionflags=doctest.ELLIPSIS)
    assert attempted >= 1 and failures == 0


def test_a_fold_trains_on_the_files_it_names_never_on_the_held_out_one(bench: Any) -> None:
    """The folds of `curve` over the real gold: the old amount (dev-1...9) and every other
    blind file, each without the held-out file and without any item it annotates."""
    items = bench.gold_items()
    data = {f"{i.annotation}:{i.id}": [] for i in items if i.relevant}
    files = {k.split(":", 1)[0] for k in data}
    assert {"news.yaml", "dev-9.yaml", "dev-10.yaml", "dev-19.yaml"} <= files
    for held in ("dev-10.yaml", "dev-19.yaml"):
        held_ids = {i.id for i in items if i.annotation == held}
        old = bench.fold_keys(data, items, held, "dev-[1-9].yaml")
        every = bench.fold_keys(data, items, held)
        assert {k.split(":", 1)[0] for k in old} == {"news.yaml", *(f"dev-{n}.yaml" for n in range(1, 10))}
        assert {k.split(":", 1)[0] for k in every} == files - {held}
        assert set(old) < set(every)
        assert not any(k.split(":", 1)[1] in held_ids for k in every)
    assert bench.fold_keys(data, items, "dev-10.yaml", "dev-[1-5].yaml") == bench.fold_keys(
        data, items, "dev-19.yaml", "dev-[1-5].yaml"
    )  # a fixed training set: one model for every fold


def test_a_block_held_out_is_never_trained_on(bench: Any) -> None:
    """`curve --block` over the real gold: with the newest round (its eight files) held out
    as a block, a fold trains on no file of it, even under a glob that matches them all; the
    point of every older file (comma-separated globs) names news.yaml and the older files
    exactly, and the block changes nothing for it."""
    items = bench.gold_items()
    data = {f"{i.annotation}:{i.id}": [] for i in items if i.relevant}
    blind = sorted(
        {k.split(":", 1)[0] for k in data if k.startswith("dev-")},
        key=lambda name: int(name.removeprefix("dev-").removesuffix(".yaml")),
    )
    block, older_files = blind[-8:], blind[:-8]
    assert len(older_files) >= 35
    block_ids = {i.id for i in items if i.annotation in block}
    older = {"news.yaml", *older_files}
    globs = ",".join(older_files)
    for held in (block[0], block[-1]):
        every = bench.fold_keys(data, items, held, "dev-*", block)
        assert {k.split(":", 1)[0] for k in every} == older
        assert not any(k.split(":", 1)[1] in block_ids for k in every)
        assert bench.fold_keys(data, items, held, "dev-*") != every  # without it: the other seven
        point = bench.fold_keys(data, items, held, globs, block)
        assert point == every == bench.fold_keys(data, items, held, globs)


def test_a_model_is_trained_once_per_training_set(
    bench: Any, data: Any, model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`model_for` names a model by its training data: the same data gives the same model
    (trained once, as `train` trains it), other data a new one."""
    path = bench.model_for(data, list(data), tmp_path)
    assert path.read_bytes() == model.read_bytes()

    def no_training(*args: Any) -> None:
        raise AssertionError("trained again")

    monkeypatch.setattr(bench, "train", no_training)
    assert bench.model_for(data, list(data), tmp_path) == path
    with pytest.raises(AssertionError, match="trained again"):
        bench.model_for(data, list(data)[1:], tmp_path)


def test_the_curve_refuses_a_held_out_glob_that_matches_no_file(bench: Any) -> None:
    args = bench.argparse.Namespace(
        held_out="dev-0*.yaml", point=[("nine", "dev-[1-9].yaml")], block=False, out=None, policy=None, grid=True
    )
    with pytest.raises(SystemExit, match="no blind dev file matches"):
        bench.curve(args)


def test_a_policy_given_to_the_curve_names_known_kinds(bench: Any) -> None:
    """`curve --policy NAME=JSON`: a policy of the labeller's kinds is read as `cv` records
    one; an unknown kind, a name taken by the recorded merge or bad JSON are refused."""
    name, policy = bench.named_policy('p={"kinds": ["policy", "project"], "threshold": 0.9, "nest": true}')
    assert (name, policy.to_dict()) == (
        "p",
        {"kinds": ["policy", "project"], "threshold": 0.9, "nest": True, "veto": [], "veto_threshold": 0.95},
    )
    for bad in ('p={"kinds": ["date"], "threshold": 0.9}', f'{bench.RECORDED}={{"kinds": []}}', "p={kinds"):
        with pytest.raises(bench.argparse.ArgumentTypeError):
            bench.named_policy(bad)


def test_the_harness_examples_run(bench: Any) -> None:
    """bench/labeller.py's examples (fold_keys, named_policy, training_point)."""
    failures, attempted = doctest.testmod(bench, optionflags=doctest.ELLIPSIS)
    assert attempted >= 3 and failures == 0


def test_the_model_alone_is_scored_against_the_projected_annotation(
    bench: Any, data: Any, model: Path
) -> None:
    """`tagged_alone` counts every projected name once (found or missed) and the model's
    names against them: on the sentences it was trained on, it finds most of them."""
    seqs = [x for k in data for x in data[k]]
    tally = bench.tagged_alone(model, seqs)
    annotated = sum(" ".join(y).count("B-") for _, y in seqs)
    assert sum(t.tp + t.fn for t in tally.values()) == annotated
    assert set(tally) <= set(KINDS)
    total = bench.Tally()
    for t in tally.values():
        total.add(t)
    assert total.f1 > 0.7  # its own training data


def test_worker_processes_use_the_model_that_was_checked(settings: Settings, tmp_path: Path) -> None:
    """The parent checks the model; the file changes on disk before the worker processes
    start (a retrain in between): the workers extract with the bytes that were checked,
    never the file as it is later, and every graph records that model."""
    data = linked_data(tmp_path, own=(MODEL_FILE,))
    model = data / "lexicon" / MODEL_FILE
    model.write_bytes((ROOT / "data" / "lexicon" / MODEL_FILE).read_bytes())
    store = open_store(None)
    pipeline = Pipeline(store, Minter(settings.base_iri), data)  # checked: it is the one
    checked = pipeline.reader.made_by
    batch = tmp_path / "batch.jsonl"
    corpus = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
    batch.write_text("\n".join(corpus.read_text("utf-8").splitlines()[: PARALLEL_MIN + 20]) + "\n", "utf-8")
    model.write_bytes(b"not the model")  # changed on disk since
    report = pipeline.run([batch], workers=2)
    assert report.workers == 2 and report.relevant > 0 and not report.failures
    made = {
        r["e"].value
        for r in solutions(
            store.query("SELECT DISTINCT ?e WHERE { GRAPH ?g { ?g <https://w3id.org/kg-industry/def#extractor> ?e } }")
        )
    }
    assert made == {checked}

