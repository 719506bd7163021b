"""A place's name taken for the group named after it (kg.ingest.extract.usage), on real
corpus items: 北大荒 - the great northern wilderness of Heilongjiang, and the short name of
北大荒集团 - is the company only where the sentence uses it as an organisation; a company
known by its bare name (华为) stays one wherever it is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.config import Settings
from kg.ingest import Pipeline
from kg.ingest.read import Article, read_paths
from kg.iris import Minter
from kg.loading import load_curated
from kg.namespaces import SCHEMA
from kg.store import EmbeddedStore, open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
# The group's IRI: the identity key of 北大荒集团 and of a bare 北大荒 is 北大荒.
GROUP = "https://w3id.org/kg-industry/id/org/xf277c049b138"
# 北大荒 as a place or an attribute: "在北大荒黑土地上" (2022-10-10), "弘扬…北大荒精神"
# (2023-09-09), "北大荒万顷良田一片丰收景象" (2024-10-21).
LAND = ("xwlb-20221010-01", "xwlb-20230909-00", "xwlb-20241021-00")
# 北大荒 as the group: "仅北大荒就将建设11个智慧农业领军农场" (2024-03-03).
GROUP_BUILDS = "xwlb-20240303-01"
# 华为 alone in a list: "依托华为、比亚迪、迈瑞等一批带动…" (2023-06-04).
SHENZHEN = "xwlb-20230604-03"
# Companies whose names jieba tags as places, in lists of companies: "拼多多、京东、欧冶云商"
# (2023-07-12), "英特宜家等10多家境外企业" (2024-04-17).
PLATFORMS, BUYERS = "xwlb-20230712-02", "xwlb-20240417-01"


@pytest.fixture(scope="module")
def items() -> dict[str, Article]:
    wanted = {*LAND, GROUP_BUILDS, SHENZHEN, PLATFORMS, BUYERS}
    found = {
        a.id: a
        for a in read_paths(sorted(CORPUS.glob("xwlb-*.jsonl*")))
        if isinstance(a, Article) and a.id in wanted
    }
    assert set(found) == wanted
    return found


@pytest.fixture(scope="module")
def fresh(settings: Settings) -> EmbeddedStore:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    return store


@pytest.fixture(scope="module")
def pipeline(fresh: EmbeddedStore, settings: Settings) -> Pipeline:
    return Pipeline(fresh, Minter(settings.base_iri), settings.data_dir)


def enterprises(pipeline: Pipeline, a: Article) -> list[tuple[str, str]]:
    found, _ = pipeline.reader.facts(a)
    return [
        (m.norm, a.text[m.start : m.end + 4])
        for f in found
        for m in f.mentions
        if m.kind == "enterprise"
    ]


def test_a_place_named_alone_is_the_company_only_as_the_agent_of_a_verb(
    pipeline: Pipeline, items: dict[str, Article]
) -> None:
    """北大荒精神, 在北大荒黑土地上, 北大荒万顷良田 name the land, not 北大荒集团; nor does
    在北大荒考察 (a visit to the place). 仅北大荒就将建设…农场: the group builds."""
    for item in LAND:
        assert not [n for n, _ in enterprises(pipeline, items[item]) if n == "北大荒"], item
    bare = [context for n, context in enterprises(pipeline, items[GROUP_BUILDS]) if n == "北大荒"]
    assert bare == ["北大荒就将建设"]


def test_a_company_known_by_its_bare_name_stays_one(
    pipeline: Pipeline, items: dict[str, Article]
) -> None:
    """华为 in a list, no verb after it: still the enterprise data/lexicon/enterprises.csv names."""
    found, _ = pipeline.reader.facts(items[SHENZHEN])
    huawei = [m for f in found for m in f.mentions if m.norm == "华为"]
    assert [m.kind for m in huawei] == ["enterprise"]
    assert huawei[0].entry is not None and huawei[0].entry.canonical == "华为技术有限公司"


def test_a_name_read_as_a_place_listed_as_a_company_stays_one(
    pipeline: Pipeline, items: dict[str, Article]
) -> None:
    """京东 between two companies, 英特宜家 before 等10多家境外企业: the list says what they are."""
    assert "京东" in [n for n, _ in enterprises(pipeline, items[PLATFORMS])]
    assert "英特宜家" in [n for n, _ in enterprises(pipeline, items[BUYERS])]


def test_the_articles_about_the_land_do_not_mention_the_group(
    fresh: EmbeddedStore, pipeline: Pipeline, items: dict[str, Article], tmp_path: Path
) -> None:
    """Ingested, the items about the land do not mention the group (``schema:mentions``);
    the item where the group builds does."""
    path = tmp_path / "beidahuang.jsonl"
    chosen = [items[i] for i in (*LAND, GROUP_BUILDS)]
    path.write_text(
        "".join(
            json.dumps(
                {"id": a.id, "title": a.title, "text": a.text, "date": str(a.date)},
                ensure_ascii=False,
            )
            + "\n"
            for a in chosen
        ),
        encoding="utf-8",
    )
    pipeline.run([path])
    rows = fresh.query(
        f"SELECT ?doc WHERE {{ GRAPH ?g {{ ?doc <{SCHEMA.mentions.value}> <{GROUP}> }} }}"
    )
    docs = {r["doc"].value.rsplit("/", 1)[-1] for r in solutions(rows)}
    assert docs == {f"news-{GROUP_BUILDS}"}
