"""Partner match on the real data: the organisations the sources tie to an industry come
first, each with the sentences that say so."""

from __future__ import annotations

import pytest

from kg.errors import BadRequest, NotFound
from kg.iris import Minter
from kg.match import MatchQuery, Weights, match_partners
from kg.match.report import to_csv, to_table
from kg.match.words import WORDS
from kg.store import EmbeddedStore


def top(
    store: EmbeddedStore, minter: Minter, industry: str, region: str | None = None, **kw: object
):
    return match_partners(store, minter, MatchQuery(industry, region, **kw))  # type: ignore[arg-type]


def sentences(candidate) -> set[str]:
    return {e.sentence for r in candidate.reasons for _, e in r.evidence if e.sentence}


UAV = "8月8日,哈尔滨联合飞机大型无人机产业基地一期厂房封顶。"
SINOPHARM = "今年4月,国药集团黑龙江中药产业园项目开工奠基"
BAIDU = "百度智能云(龙江)数据产业基地启动运行"
COMPUTING = "成立数字龙江智算中心后"


@pytest.mark.parametrize(
    ("industry", "region", "expected"),
    [
        ("航空航天及高端装备", "黑龙江", {"哈尔滨联合飞机": UAV}),
        ("aerospace", None, {"哈尔滨联合飞机": UAV}),
        ("医药", None, {"国药集团": SINOPHARM}),
        ("数字经济", "Heilongjiang Province", {"百度智能云": BAIDU, "数字龙江智算中心": COMPUTING}),
        ("digital economy", None, {"天津中科智能识别研究院": COMPUTING, "百度智能云": BAIDU}),
    ],
)
def test_named_organisations_are_in_the_top_five_with_their_evidence(
    store: EmbeddedStore,
    minter: Minter,
    industry: str,
    region: str | None,
    expected: dict[str, str],
) -> None:
    result = top(store, minter, industry, region, top=5)
    by_label = {c.label.label: c for c in result.candidates}
    for name, sentence in expected.items():
        assert name in by_label, f"{name} missing for {industry}"
        assert any(sentence in s for s in sentences(by_label[name])), name


@pytest.mark.parametrize(
    ("industry", "builder", "also"),
    [
        (
            "航空航天及高端装备",
            "哈尔滨联合飞机",
            {"哈尔滨联合飞机大型无人机产业基地", "哈尔滨联合飞机大型无人机产业基地项目"},
        ),
        ("医药", "国药集团", {"国药集团黑龙江中药产业园", "国药集团黑龙江中药产业园项目"}),
        ("数字经济", "百度智能云", {"百度智能云(龙江)数据产业基地"}),
    ],
)
def test_a_project_its_site_and_its_builder_are_one_partner(
    store: EmbeddedStore, minter: Minter, industry: str, builder: str, also: set[str]
) -> None:
    """The base an enterprise builds is not a second candidate: it is shown with it."""
    result = top(store, minter, industry, "黑龙江", top=50)
    labels = [c.label.label for c in result.candidates]
    assert builder in labels and not also & set(labels)
    partner = next(c for c in result.candidates if c.label.label == builder)
    assert {a.label for a in partner.also} == also
    assert partner.to_dict()["also"]


def test_every_reason_has_evidence_and_every_score_is_explained(
    store: EmbeddedStore, minter: Minter
) -> None:
    result = top(store, minter, "数字经济", top=50)
    assert result.total == len(result.candidates) >= 3
    weights = Weights()
    for c in result.candidates:
        assert c.reasons
        for r in c.reasons:
            assert r.evidence, (c.label.label, r.code, r.params)
        industry = [r.score for r in c.reasons if r.kind == "industry"]
        sentences_ = {
            (e.source, e.start)
            for r in c.reasons
            if r.kind == "industry"
            for _, e in r.evidence
            if e.sentence
        }
        assert c.trust_level == "reviewed"
        assert c.score == pytest.approx(
            weights.combine(industry, len(sentences_), c.trust_level, c.sources)
        )


def test_editorial_classification_is_shown_as_such(store: EmbeddedStore, minter: Minter) -> None:
    result = top(store, minter, "航空航天")
    statuses = {e.status for c in result.candidates for r in c.reasons for _, e in r.evidence}
    assert statuses == {"Curated", "Editorial"}
    editorial = [
        e
        for c in result.candidates
        for r in c.reasons
        for _, e in r.evidence
        if e.status == "Editorial"
    ]
    assert all(e.rationale and e.sentence is None for e in editorial)


def test_reasons_are_codes_put_into_words_at_the_edge(store: EmbeddedStore, minter: Minter) -> None:
    result = top(store, minter, "航空航天", "黑龙江")
    reasons = [r for c in result.candidates for r in c.reasons]
    assert {r.code for r in reasons} >= {"industry.via", "industry.region"}
    for r in reasons:
        zh, en = WORDS.reason(r)
        if r.kind == "region":  # where it is, in the region's words
            assert "黑龙江" in zh and "Heilongjiang" in en, (zh, en)
        elif r.code == "industry.via":  # through the project or site it names
            assert str(r.params["via_label"]) in zh, zh
        if r.editorial:  # it rests on an editorial link of the industry scheme: it says so
            assert "编辑关联" in zh and "editorial" in en
            assert all(x["rationale"] in zh for x in r.editorial)
    assert any(r.editorial for r in reasons)
    assert "text" not in reasons[0].to_dict() and reasons[0].to_dict(WORDS)["text_en"]


def test_region_keeps_only_present_candidates(store: EmbeddedStore, minter: Minter) -> None:
    everywhere = top(store, minter, "数字经济", top=50)
    in_harbin = top(store, minter, "数字经济", "哈尔滨", top=50)
    assert everywhere.total > 0
    assert in_harbin.total == 0  # the sources place these in the province, not in the city
    in_province = top(store, minter, "数字经济", "黑龙江", top=50)
    assert all(c.in_region for c in in_province.candidates)
    assert all(any(r.kind == "region" for r in c.reasons) for c in in_province.candidates)


def test_kind_filter_and_deterministic_order(store: EmbeddedStore, minter: Minter) -> None:
    enterprises = top(store, minter, "数字经济", kinds=("enterprise",), top=50)
    assert {c.label.kind for c in enterprises.candidates} == {"enterprise"}
    a = [c.label.iri for c in top(store, minter, "数字经济", top=50).candidates]
    b = [c.label.iri for c in top(store, minter, "数字经济", top=50).candidates]
    assert a == b
    scores = [c.score for c in top(store, minter, "数字经济", top=50).candidates]
    assert scores == sorted(scores, reverse=True)


def test_industry_by_key_iri_and_alias(store: EmbeddedStore, minter: Minter) -> None:
    by_alias = top(store, minter, "智能农机")
    assert by_alias.industry.iri.endswith("industry/agricultural-machinery")
    assert top(store, minter, "industry/uav").industry.label == "无人机"
    # the enterprise and the base it builds: one partner
    assert top(store, minter, minter.entity("industry/uav").value).total == 1


def test_unknown_inputs_are_clear_errors(store: EmbeddedStore, minter: Minter) -> None:
    with pytest.raises(NotFound, match="no industry called '不存在的产业'"):
        top(store, minter, "不存在的产业")
    with pytest.raises(NotFound, match="did you mean: 数字经济"):
        top(store, minter, "数字")
    with pytest.raises(NotFound, match="no region"):
        top(store, minter, "数字经济", "火星")
    with pytest.raises(BadRequest, match="unknown partner kind"):
        top(store, minter, "数字经济", kinds=("spaceship",))


def test_csv_and_table(store: EmbeddedStore, minter: Minter) -> None:
    result = top(store, minter, "医药")
    csv_text = to_csv(result)
    assert csv_text.splitlines()[0] == "rank,label,label_en,kind,score,reasons,evidence,sources,iri"
    assert "国药集团" in csv_text and "今年4月" in csv_text
    assert to_csv(result, excel=True).startswith("\ufeff")
    table = to_table(result)
    assert "国药集团" in table and "「今年4月" in table
