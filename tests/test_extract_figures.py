"""A count becomes a figure only when both what it counts and whose it is are clear: the
constructions that made figures wrong (bench/gold/figures-judged.yaml's reasons), each in
sentences written for these tests from general Chinese news patterns."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.ingest.extract import Count, Extractor


@pytest.fixture(scope="module")
def extractor(news_extractor: Extractor) -> Extractor:
    return news_extractor


def figures(x: Extractor, s: str) -> list[tuple[str, str, str]]:
    """(owner, value as written, counted noun) of every figure of ``s``."""
    found = x.sentence(s, s, 0, len(s), None)
    return [
        (r.subject.norm, r.object.text, r.object.thing)
        for r in found.relations
        if r.predicate == "count" and isinstance(r.object, Count)
    ]


def test_a_plain_figure_is_kept(extractor: Extractor) -> None:
    assert figures(extractor, "目前，杭州已集聚企业120家，形成完整产业链。") == [("杭州", "120家", "企业")]
    assert figures(extractor, "湖南集中开工38个重大项目，总投资500亿元。") == [("湖南", "38个", "重大项目")]


def test_crossings_are_no_count_of_vehicles(extractor: Extractor) -> None:
    assert figures(extractor, "今年以来，珠海口岸共有出入境车辆30万辆次。") == []


def test_paired_nouns_are_counted_together(extractor: Extractor) -> None:
    found = figures(extractor, "本届博览会共有来自50个国家和地区的企业参展。")
    assert all(thing != "国家" for _, _, thing in found)
    s = "上海共有80多个国家和地区，"
    x = extractor.sentence(s, s, 0, len(s), None)
    assert [c.thing for c in x.counts] == ["国家和地区"]


def test_a_figure_shared_by_listed_places_is_none_of_theirs(extractor: Extractor) -> None:
    assert figures(extractor, "江苏、浙江、安徽三省共有6个国家级新区。") == []
    assert figures(extractor, "广西南宁、云南昆明新增设4个出入口局。") == []


def test_a_figure_of_something_the_place_holds_is_not_the_place(extractor: Extractor) -> None:
    # the port is a project (kg-ingest/22): what it opened is its own, not its cities'
    assert figures(extractor, "宁波舟山港新开通5条外贸航线。") == [("宁波舟山港", "5条", "外贸航线")]
    assert figures(extractor, "成都某中学共有学生800名。") == []


def test_a_noun_phrase_that_runs_on_is_not_cut(extractor: Extractor) -> None:
    assert figures(extractor, "深圳已集聚30多个顶尖科技创新团队。") == []
    assert figures(extractor, "泉州集聚了3000多家纺织服装及配套企业。") == []
    assert figures(extractor, "苏州已建成绿色低碳工业园区10个。") == []


def test_a_route_between_places_is_neither_end(extractor: Extractor) -> None:
    assert figures(extractor, "重庆至杜伊斯堡已开通3条班列线路。") == []


def test_the_latest_judged_figure_sample_is_whole_and_meets_the_target() -> None:
    """Issue 13's figure precision is a judged sample's, committed: the latest round's
    judgements cover every figure drawn, each with its verdict and why, and meet 0.85."""
    gold = Path(__file__).resolve().parents[1] / "bench" / "gold"
    rounds = sorted(int(p.stem.rsplit("-", 1)[1]) for p in gold.glob("figures-judged-*.yaml"))
    latest = rounds[-1]
    assert latest >= 4
    drawn = yaml.safe_load((gold / f"figures-sample-{latest}.yaml").read_text("utf-8"))
    judged = yaml.safe_load((gold / f"figures-judged-{latest}.yaml").read_text("utf-8"))
    assert [r["figure"] for r in judged] == [r["figure"] for r in drawn]
    assert all(isinstance(r["correct"], bool) and r["why"].strip() for r in judged)
    assert sum(r["correct"] for r in judged) / len(judged) >= 0.85
