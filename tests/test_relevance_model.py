"""The learned relevance verdict (kg.ingest.relevance.Classifier): the shipped model file and
its provenance, determinism, a broken file's error, and verdicts on real corpus items that no
gold file annotates."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from kg.config import Settings
from kg.errors import DataError
from kg.ingest import Pipeline
from kg.ingest.evaluate import load_gold, split_files
from kg.ingest.extract import EXTRACTOR_VERSION
from kg.ingest.extract.lexicon import SOURCE_TREE
from kg.ingest.extract.lexicon import load as load_lexicon
from kg.ingest.pipeline import MADE_BY, Reader
from kg.ingest.read import Article, read_paths
from kg.ingest.relevance import (
    DENSE_FEATURES,
    FACT_FEATURES,
    MODEL_FILE,
    TEXT_FEATURES,
    Classifier,
    Facts,
    about_china,
    fact_features,
    load_classifier,
    text_features,
)
from kg.ingest.text import reports, simplified
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import Store, open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
MODEL = SOURCE_TREE / MODEL_FILE
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
STUDIED = ("news.yaml", "dev-1.yaml", "dev-2.yaml", "dev-3.yaml", "dev-4.yaml")
# Real items of the first corpus file that no gold file annotates (the test split's items
# are all of the second file): table tennis, a cold wave, and a plateau wind-power base in
# full operation.
SPORT, WEATHER, PLANT = "xwlb-20221009-08", "xwlb-20230125-06", "xwlb-20230508-10"


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return load_classifier(SOURCE_TREE)


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(SOURCE_TREE)


def article(item: str) -> Article:
    found = [a for a in read_paths([CORPUS]) if isinstance(a, Article) and a.id == item]
    assert len(found) == 1
    return found[0]


def test_the_items_used_here_are_annotated_by_no_gold_file() -> None:
    # none is a training item of the model (every blind label: relevance-only and dev files)
    names = (
        *STUDIED,
        *(p.name for p in GOLD.glob("relevance-*.yaml")),
        *(p.name for p in split_files(GOLD, "dev-blind")),
    )
    labelled = {g.id for name in names for g in load_gold(GOLD / name)}
    assert not {SPORT, WEATHER, PLANT} & labelled


def test_the_model_file_names_its_training_files_and_their_hashes(classifier: Classifier) -> None:
    prov = classifier.provenance
    # trained on every blind label; its hyper-parameters chosen by the grid search then, or
    # kept from a model trained on the same labels (new features after an extractor change)
    assert prov["command"] in {
        ".venv/bin/python bench/relevance.py train --with-dev",
        ".venv/bin/python bench/relevance.py train --with-dev --keep-settings",
    }
    # stage two reads what extraction found: the model is trained on the extractor that ships
    assert prov["date"] and prov["extractor"] == EXTRACTOR_VERSION
    trained = {t["file"] for t in prov["training"]}
    blind = {f"bench/gold/{p.name}" for p in GOLD.glob("relevance-*.yaml")}
    dev = {f"bench/gold/{p.name}" for p in split_files(GOLD, "dev-blind")}
    # every blind label: the relevance-only files, news.yaml and every blind dev file (a new
    # round's files are read unseen with `bench/relevance.py read` before they join)
    assert len(blind) >= 4 and len(dev) >= 59
    assert trained == {*blind, *dev, "bench/gold/news.yaml"}
    for t in prov["training"]:
        path = ROOT / t["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == t["sha256"], t["file"]
        assert 0 < t["items"] <= len(load_gold(path))
    assert prov["held_out"] == []
    # stage two was trained on what the shipped labeller finds
    labeller = json.loads((ROOT / "data" / "lexicon" / "labeller.json").read_text("utf-8"))
    assert prov["labeller"] == labeller["model_sha256"]
    assert not any("test" in f for f in trained)
    hyper = prov["hyper_parameters"]
    assert hyper["thresholds"] == {"one": classifier.one.threshold, "two": classifier.two.threshold}
    assert classifier.one.threshold < classifier.two.threshold  # stage one drops clear cases only
    assert classifier.sha256 == hashlib.sha256(MODEL.read_bytes()).hexdigest()


def test_the_model_weighs_the_features_kg_computes(classifier: Classifier, lexicon) -> None:
    assert set(classifier.one.dense) == set(TEXT_FEATURES)
    assert set(classifier.two.dense) == set(DENSE_FEATURES)
    assert list(text_features("标题", "正文", lexicon)) == list(TEXT_FEATURES)
    assert list(fact_features("标题", "正文", Facts(), lexicon)) == list(FACT_FEATURES)
    assert len(classifier.one.text) == len(classifier.text_vocabulary) > 0
    assert len(classifier.two.title) == len(classifier.title_vocabulary) > 0


def test_the_verdict_is_deterministic(classifier: Classifier, lexicon) -> None:
    a = article(PLANT)
    title, text = simplified(a.title), simplified(a.text)
    again = load_classifier(SOURCE_TREE)
    first = classifier.stage_one(title, text, lexicon)
    assert first == classifier.stage_one(title, text, lexicon) == again.stage_one(title, text, lexicon)
    facts = Facts(sentences=5, relevant=3, subjects=2, actors=2, business=1, kinds={"enterprise": 2})
    assert classifier.stage_two(title, text, facts, lexicon) == again.stage_two(
        title, text, facts, lexicon
    )


def test_training_is_deterministic() -> None:
    import relevance  # bench/relevance.py (on pytest's pythonpath)

    rng = np.random.default_rng(7)  # synthetic data: the fit alone
    x = rng.normal(size=(40, 60))
    y = (x[:, 0] + 0.5 * rng.normal(size=40) > 0).astype(float)
    first = relevance.fit(x, y, 0.01)
    assert np.array_equal(first, relevance.fit(x, y, 0.01))
    p = relevance.probabilities(x, first)
    assert ((p > 0.5) == (y == 1)).mean() > 0.9  # it fits what it learned from
    # a stronger penalty gives smaller weights
    assert np.linalg.norm(relevance.fit(x, y, 1.0)) < np.linalg.norm(first)


def test_the_grid_gives_each_setting_what_a_cold_fit_gives() -> None:
    import relevance  # bench/relevance.py: one Gram matrix per scale, warm starts across L2

    rng = np.random.default_rng(5)
    words = [f"{a}{b}" for a in "甲乙丙丁戊" for b in "子丑寅卯辰巳"]
    exs = []
    for n in range(60):
        relevant = bool(n % 2)
        bag = set(rng.choice(words[:18] if relevant else words[12:], size=6, replace=False).tolist())
        dense = {name: float(rng.normal()) for name in relevance.TEXT_FEATURES}
        exs.append(relevance.Example(f"x{n:02d}", relevant, "synthetic", bag, set(), dense, dense))
    settings = [(sc, l2) for sc in (1.0, 10.0) for l2 in (0.3, 0.03, 0.003)]
    grid = relevance.cross_validated(exs, 1, "one", settings, k=3)
    fold = relevance.folds(exs, 3)
    y = np.array([e.relevant for e in exs], dtype=float)
    for sc, l2 in settings:
        cold = np.zeros(len(exs))
        for f in range(3):
            train = [exs[i] for i, g in enumerate(fold) if g != f]
            held = [i for i, g in enumerate(fold) if g == f]
            design = relevance.Design.of(train, 1, "one")
            w = relevance.fit(design.matrix(train, "one", sc), y[[i for i, g in enumerate(fold) if g != f]], l2)
            w[: len(design.text) + len(design.title)] *= sc
            cold[held] = relevance.probabilities(design.matrix([exs[i] for i in held], "one"), w)
        assert np.allclose(grid[(sc, l2)], cold, atol=1e-6), (sc, l2)
    assert not np.allclose(grid[(1.0, 0.3)], grid[(10.0, 0.003)], atol=1e-3)  # settings differ


def test_a_fit_from_a_neighbouring_optimum_reaches_the_same_weights() -> None:
    import relevance  # bench/relevance.py: the grid fits each design from its last optimum

    rng = np.random.default_rng(11)
    x = rng.normal(size=(50, 80))
    y = (x[:, 1] - x[:, 2] + 0.5 * rng.normal(size=50) > 0).astype(float)
    neighbour = relevance.fit(x, y, 0.1)
    cold = relevance.fit(x, y, 0.01)
    warm = relevance.fit(x, y, 0.01, gram=x @ x.T, start=neighbour)
    assert not np.allclose(neighbour, cold, atol=1e-3)  # the start is not the answer
    assert np.allclose(warm, cold, atol=1e-6)


def test_keep_settings_takes_a_new_round_and_refuses_changed_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import relevance  # bench/relevance.py: train --keep-settings

    shipped = Classifier.load(MODEL).provenance
    names = tuple(t["file"].removeprefix("bench/gold/") for t in shipped["training"])
    for name in names:  # the files it learned from, as they are, and a new round's file
        (tmp_path / name).write_bytes((GOLD / name).read_bytes())
    (tmp_path / "dev-9999.yaml").write_text("[]\n", "utf-8")
    monkeypatch.setattr(relevance, "GOLD", tmp_path)
    hp = shipped["hyper_parameters"]
    min_df, settings, grid, why, since = relevance.kept_settings(names)
    assert min_df == hp["min_df"] and grid == shipped["grid"]
    assert settings == {s: (hp["bigram_scale"][s], hp["l2"][s]) for s in ("one", "two")}
    assert why.startswith(hp["chosen_by"]) and "; kept from" in why
    assert since == hp.get("trained_since_grid", [])  # a keep of a keep: the same files since it
    *_, again, since = relevance.kept_settings((*names, "dev-9999.yaml"))
    assert again == why and since == [*hp.get("trained_since_grid", []), "bench/gold/dev-9999.yaml"]
    changed = tmp_path / names[-1]
    changed.write_bytes(changed.read_bytes() + b"\n# changed\n")
    with pytest.raises(SystemExit, match=f"changed or are gone \\(bench/gold/{names[-1]}\\)"):
        relevance.kept_settings(names)
    with pytest.raises(SystemExit, match="changed or are gone"):
        relevance.kept_settings(names[:-1])  # a file it learned from is gone


def test_a_sport_and_a_weather_item_are_dropped_at_stage_one(classifier: Classifier, lexicon) -> None:
    for item in (SPORT, WEATHER):
        a = article(item)
        v = classifier.stage_one(simplified(a.title), simplified(a.text), lexicon)
        assert not v.relevant and v.stage == 1, (item, v)
        assert v.reason.startswith("learned stage 1: p ") and v.reason.endswith("< 0.20")


def plant_corpus(settings: Settings, tmp_path: Path) -> tuple[Store, Path, Pipeline]:
    """A store with the curated data, a corpus file holding the plant item alone, and a
    pipeline over them."""
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    path = tmp_path / "one.jsonl"
    line = next(
        raw for raw in CORPUS.read_text("utf-8").splitlines() if json.loads(raw)["id"] == PLANT
    )
    path.write_text(line + "\n", "utf-8")
    return store, path, Pipeline(store, Minter(settings.base_iri), settings.data_dir)


def test_an_industry_item_is_kept_at_stage_two_and_its_facts_written(
    settings: Settings, tmp_path: Path
) -> None:
    store, path, pipeline = plant_corpus(settings, tmp_path)
    analysis = pipeline.analyse(article(PLANT))
    assert analysis.relevant and analysis.reason.startswith("learned stage 2: p ")
    assert analysis.probability is not None and analysis.probability >= 0.5
    report = pipeline.run([path])
    assert report.relevant == 1 and report.facts["mentions"] > 0
    made = {
        r["e"].value
        for r in solutions(
            store.query(
                "SELECT ?e WHERE { GRAPH ?g { ?g <https://w3id.org/kg-industry/def#extractor> ?e } }"
            )
        )
    }
    names = pipeline.reader.extractor.labeller
    assert names is not None
    sectors = pipeline.reader.sectors
    assert sectors is not None
    assert made == {
        f"{MADE_BY} relevance/{pipeline.reader.classifier.sha256[:12]} labeller/{names.identity}"
        f" sectors/{sectors.sha256[:12]}"
    }
    # re-resolution (kg review's redo) gives the same verdict and the same graph
    graph = Minter(settings.base_iri).graph(f"news-{PLANT}")
    before = set(store.quads())
    again = pipeline.redo([graph])
    assert (again.read, again.relevant) == (1, 1)
    assert set(store.quads()) == before


def test_a_retrained_model_judges_the_stored_articles_again(
    settings: Settings, tmp_path: Path
) -> None:
    """A graph records which model kept its article: after the model file changes (here its
    stage-two threshold, so that the plant item no longer passes), a re-run judges the stored
    article again instead of counting it unchanged and keeping the old verdict's facts."""
    store, path, pipeline = plant_corpus(settings, tmp_path)
    assert pipeline.run([path]).relevant == 1
    assert pipeline.run([path]).unchanged == 1  # the same model: nothing to do
    doc = copy.deepcopy(shipped())
    doc["stages"]["two"]["threshold"] = 0.999
    stricter = Classifier.load(write(tmp_path, doc))
    reader = pipeline.reader
    pipeline.reader = Reader(
        reader.gazetteer, reader.lexicon, reader.minter, reader.resolver, stricter, reader.extractor.labeller
    )
    again = pipeline.run([path])
    assert (again.unchanged, again.skipped_irrelevant, again.replaced) == (0, 1, 1)
    graph = Minter(settings.base_iri).graph(f"news-{PLANT}")
    assert graph not in set(store.named_graphs())


def test_the_hand_gate_is_kept_and_recorded_as_such(settings: Settings) -> None:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    hand = Pipeline(store, Minter(settings.base_iri), settings.data_dir, learned_relevance=False)
    assert hand.reader.classifier is None and hand.reader.made_by.startswith(f"{MADE_BY} relevance/hand labeller/")
    analysis = hand.analyse(article(SPORT))
    assert not analysis.relevant and analysis.probability is None
    assert not analysis.reason.startswith("learned")


# --- a broken model file --------------------------------------------------------------------


def write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / MODEL_FILE
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def shipped() -> dict:
    return json.loads(MODEL.read_text("utf-8"))


def test_a_missing_model_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="relevance model unreadable"):
        Classifier.load(tmp_path / MODEL_FILE)


def test_a_truncated_model_file_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / MODEL_FILE
    path.write_text(MODEL.read_text("utf-8")[:500], "utf-8")
    with pytest.raises(DataError, match="is not JSON") as e:
        Classifier.load(path)
    assert str(path) in e.value.message and e.value.status == 422


@pytest.mark.parametrize(
    ("break_it", "says"),
    [
        (lambda d: d.update(format="other/1"), "format is 'other/1'"),
        (lambda d: d["stages"]["one"]["text"].pop(), "stages.one.text: .* numbers for"),
        (lambda d: d["stages"]["two"].update(threshold=1.5), "not between 0 and 1"),
        (lambda d: d["stages"]["two"].update(bias="x"), "stages.two.bias: expected a finite number"),
        (lambda d: d["dense"]["scale"].__setitem__(0, 0), "every scale must be positive"),
        (lambda d: d["stages"]["one"]["dense"].update(relations=1.0), "stage one reads the text alone"),
        (lambda d: d["stages"]["two"]["dense"].pop("hand_verdict"), "does not weigh the features"),
        (lambda d: d["vocabulary"].update(title=["产业", "产业"]), "listed twice"),
        (lambda d: d.pop("stages"), "stages: expected an object"),
    ],
)
def test_a_broken_model_file_says_what_is_wrong(tmp_path: Path, break_it, says: str) -> None:
    doc = copy.deepcopy(shipped())
    break_it(doc)
    path = write(tmp_path, doc)
    with pytest.raises(DataError, match=says) as e:
        Classifier.load(path)
    assert e.value.message.startswith(f"{path}: relevance model ")


# --- news digests -------------------------------------------------------------------------

NEWER = ROOT / "data" / "corpus" / "xwlb-2023-07_2024-12.jsonl.gz"
OLDER = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
# Three digests that no gold file annotates (nor draws): an international digest whose whole
# the model reads as no industry news (a report of the US army in Afghanistan beside it) but
# one report as such, a road in Cambodia a Chinese company builds (the first file; earlier
# examples - a China-built train abroad, the ultra-long special treasury bonds - read
# otherwise to models retrained on later rounds: the bonds, fiscal policy, to the one on
# dev-1..123); British train drivers on strike beside a missile test abroad; forest fires
# and floods abroad.
ABROAD, RAIL, FIRES = "xwlb-20230110-12", "xwlb-20240302-09", "xwlb-20230715-12"
ROAD = "中企承建的柬埔寨公路升级项目开工"


@pytest.fixture(scope="module")
def digests() -> dict[str, Article]:
    wanted = {ABROAD, RAIL, FIRES}
    found = {
        a.id: a for a in read_paths([OLDER, NEWER]) if isinstance(a, Article) and a.id in wanted
    }
    drawn = {
        i
        for p in GOLD.glob("split*.yaml")
        for ids in (yaml.safe_load(p.read_text("utf-8")) or {}).values()
        for i in ids or ()
    }
    labelled = [*split_files(GOLD, "dev"), *GOLD.glob("relevance-*.yaml")]  # the test split: drawn
    annotated = {g.id for p in labelled for g in load_gold(p)}
    assert set(found) == wanted and not wanted & (drawn | annotated)
    return found


def test_a_digest_is_relevant_when_one_of_its_reports_is(settings: Settings, digests) -> None:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    pipeline = Pipeline(store, Minter(settings.base_iri), settings.data_dir)
    a = digests[ABROAD]
    parts = reports(a.text)
    assert parts[0].headline == ROAD
    analysis = pipeline.analyse(a)
    assert analysis.relevant
    # the whole is judged irrelevant (the other report outweighs the one), the report not
    head, _, whole = analysis.reason.partition(" (whole: ")
    assert head.startswith(f"report {ROAD}: learned stage 2: p ")
    assert whole.startswith("learned stage") and "<" in whole
    assert analysis.probability is not None and analysis.probability >= 0.5
    # the whole digest is extracted, its other reports too (as the annotation does), with
    # offsets into the digest's text
    assert any(f.start >= parts[1].start for f in analysis.sentences)
    assert all(a.text[f.start : f.end] == f.text for f in analysis.sentences)
    # a digest none of whose reports is industry news about China keeps the verdict on the
    # whole: fires abroad; railways abroad - business news, but not about China
    for item in (FIRES, RAIL):
        assert len(reports(digests[item].text)) >= 2
        verdict = pipeline.analyse(digests[item])
        assert not verdict.relevant and verdict.reason.startswith("learned stage"), item
    rail = next(r for r in reports(digests[RAIL].text) if r.headline.startswith("英国火车司机"))
    assert not about_china(rail.headline + digests[RAIL].text[rail.body : rail.end], [])
