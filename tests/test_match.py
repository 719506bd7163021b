"""Partner match on the real data: the organisations the sources tie to an industry come
first, each with the sentences that say so."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from kg.errors import BadRequest, NotFound
from kg.iris import Minter
from kg.match import MatchQuery, Weights, match_partners
from kg.match.index import Trust
from kg.match.report import to_csv, to_table
from kg.match.scoring import ChainWeights, TrustWeights, local_support, recency
from kg.match.words import WORDS
from kg.namespaces import KG
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
            # each link's rationale in the words' language, without its final full stop
            assert all(x["rationale"].rstrip("。") in zh for x in r.editorial)
            assert all(x["rationale_en"].rstrip(".") in en for x in r.editorial)
    assert any(r.editorial for r in reasons)
    assert "text" not in reasons[0].to_dict() and reasons[0].to_dict(WORDS)["text_en"]
    # a step up to the region the national code table states cites the table (哈尔滨 in 黑龙江)
    tables = [
        e for r in reasons if r.kind == "region" for _, e in r.evidence if e.status == "Reference"
    ]
    assert tables and all("GB/T 2260" in str(e.rationale) for e in tables)


def test_an_industry_named_with_its_noun_is_not_said_twice(
    store: EmbeddedStore, minter: Minter
) -> None:
    """数据产业 already ends in 产业: the reason says it once, in both languages."""
    result = top(store, minter, "数字经济", "黑龙江")
    said = [WORDS.reason(r) for c in result.candidates for r in c.reasons]
    assert any(zh.startswith("属于数据产业（属于数字经济）") for zh, _ in said), said
    assert any(zh.startswith("从事智算产业（属于数字经济）") for zh, _ in said), said
    assert not any("产业产业" in zh or "industry industry" in en for zh, en in said), said


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


def test_a_chain_is_matched_as_the_industries_it_is_a_chain_of(
    store: EmbeddedStore, minter: Minter
) -> None:
    """The match page and /api/match offer chains beside industries; a chain answered no
    candidate at all (nothing operates in a chain map: review20). It now matches the
    industries it is a chain of (kg:chainOf), each reason naming that industry."""
    for chain, industries in (
        ("chain/aerospace", ["航空航天"]),
        ("chain/digital-economy", ["数字经济"]),
        ("chain/pharmaceuticals", ["医药", "生物医药"]),  # a chain of two industries
    ):
        result = top(store, minter, minter.entity(chain).value, top=50)
        assert result.industry.kind == "chain"
        expected: dict[str, object] = {}
        for industry in industries:
            for c in top(store, minter, industry, top=50).candidates:
                expected.setdefault(c.label.iri, c)
        assert result.total == len(expected) > 0, chain
        assert {c.label.iri for c in result.candidates} == set(expected), chain
        targets = {r.params["target_label"] for c in result.candidates for r in c.reasons}
        assert targets <= set(industries), chain
    harbin = top(store, minter, minter.entity("chain/aerospace").value, "哈尔滨")
    assert [c.label.label for c in harbin.candidates] == ["哈尔滨联合飞机"]
    assert UAV in sentences(harbin.candidates[0])


def test_every_concept_of_a_chain_of_broader_concepts_is_named_by_its_label(
    store: EmbeddedStore, minter: Minter
) -> None:
    """无人机 is a kind of 航空航天, a kind of 航空航天及高端装备: the middle concept of the chain
    of skos:broader was named by its IRI's local name (aerospace) on the zh page and in
    /api/match's fact."""
    (uav,) = top(store, minter, "航空航天及高端装备", "黑龙江").candidates
    said = [s.to_dict() for r in uav.reasons for s, _ in r.evidence]
    broader = {tuple(s["fact"]) for s in said if s["fact"][1] == "broader"}
    assert broader == {
        ("无人机", "broader", "航空航天"),
        ("航空航天", "broader", "航空航天及高端装备"),
    }
    broader_en = {tuple(s["fact_en"]) for s in said if s["fact_en"][1] == "broader"}
    assert ("unmanned aerial vehicles", "broader", "aerospace") in broader_en


def test_unknown_inputs_are_clear_errors(store: EmbeddedStore, minter: Minter) -> None:
    with pytest.raises(NotFound, match="no industry called '不存在的产业'"):
        top(store, minter, "不存在的产业")
    with pytest.raises(NotFound, match="did you mean: 数字经济"):
        top(store, minter, "数字")
    with pytest.raises(NotFound, match="no region"):
        top(store, minter, "数字经济", "火星")
    with pytest.raises(BadRequest, match="unknown partner kind"):
        top(store, minter, "数字经济", kinds=("spaceship",))


def test_a_suggested_industry_leads_to_candidates(client: TestClient) -> None:
    """飞机 is no industry; of the similar ones, 无人机 has candidates and the GB/T class 飞机制造
    has none: only 无人机 is suggested. When none of the similar ones has any, the error says
    so instead of suggesting them."""
    r = client.get("/api/match", params={"industry": "飞机"})
    said = r.json()["error"]["message"]
    assert r.status_code == 404 and "did you mean: 无人机" in said and "飞机制造" not in said
    assert client.get("/api/match", params={"industry": "无人机"}).json()["total"] > 0
    assert client.get("/api/match", params={"industry": "飞机制造"}).json()["total"] == 0
    r = client.get("/api/match", params={"industry": "电池"})
    said = r.json()["error"]["message"]
    assert r.status_code == 404 and "did you mean" not in said
    assert "电池制造" in said and "have no results here" in said
    zh = client.get("/match", params={"industry": "飞机", "lang": "zh"}).text
    assert "您要找的是否是：无人机" in zh and "飞机制造" not in zh
    # 生物医药 is an industry and a chain's segment: one name, suggested once
    said = client.get("/api/match", params={"industry": "生物"}).json()["error"]["message"]
    listed = re.search(r"\(([^)]*)\) have no results|did you mean: (.*)$", said)
    assert listed
    hints = (listed.group(1) or listed.group(2)).split(", ")
    assert "生物医药" in hints and len(hints) == len(set(hints))


def test_csv_and_table(store: EmbeddedStore, minter: Minter) -> None:
    result = top(store, minter, "医药")
    csv_text = to_csv(result)
    assert csv_text.splitlines()[0] == (
        "rank,label,label_en,kind,score,reasons,reasons_en,evidence,sources,iri"
    )
    assert "国药集团" in csv_text and "今年4月" in csv_text
    assert to_csv(result, excel=True).startswith("\ufeff")
    table = to_table(result)
    assert "国药集团" in table and "「今年4月" in table


# Scoring (kg.match.scoring): the weights and formulas the README documents, function by
# function, without a store (these also serve as mutmut's tests of the module).


def test_scoring_trust_rises_with_independent_documents_up_to_a_cap() -> None:
    t = TrustWeights()
    assert t.trust("reviewed", 1) == t.trust("asserted", 0) == 1.0
    assert [t.trust("unreviewed", n) for n in (0, 1, 2, 3, 4, 5, 40)] == pytest.approx(
        [0.4, 0.4, 0.55, 0.7, 0.85, 0.85, 0.85]
    )
    assert TrustWeights(0.3, 0.1, 0.45).trust("unreviewed", 3) == pytest.approx(0.45)
    assert TrustWeights(0.3, 0.1, 0.9).trust("unreviewed", 3) == pytest.approx(0.5)


def test_scoring_relation_weights_are_the_documented_ones() -> None:
    w = Weights()
    documented = {
        KG.builds: 1.0,
        KG.investsIn: 1.0,
        KG.operates: 0.9,
        KG.operatesIn: 0.8,
        KG.site: 0.8,
        KG.inIndustry: 0.7,
        KG.establishes: 0.7,
        KG.participatesIn: 0.6,
    }
    assert w.relations == {iri.value: weight for iri, weight in documented.items()}
    assert w.reason_score(KG.locatedIn.value, 0, False) == 0.5  # a relation not listed
    assert Weights().relations is not w.relations  # each Weights has its own table


def test_scoring_a_reason_is_relation_times_specificity_times_review() -> None:
    w = Weights()
    assert [w.specificity(d) for d in (0, 1, 2, 4)] == pytest.approx([1, 0.8, 1 / 1.5, 0.5])
    assert w.reason_score(KG.builds.value, 0, False) == 1.0
    assert w.reason_score(KG.builds.value, 0, True) == pytest.approx(0.9)
    assert w.reason_score(KG.operates.value, 2, True) == pytest.approx(0.9 * 0.9 / 1.5)
    assert Weights(hop_penalty=1.0).specificity(3) == pytest.approx(0.25)
    assert Weights(editorial_factor=0.5).reason_score(KG.site.value, 0, True) == pytest.approx(0.4)


def test_scoring_relevance_is_the_best_reason_plus_the_others_and_evidence() -> None:
    w = Weights()
    assert [w.bonus(n) for n in (0, 1, 2, 3, 5, 6, 50)] == pytest.approx(
        [0, 0, 0.05, 0.1, 0.2, 0.2, 0.2]
    )
    assert w.relevance([], 3) == 0.0
    assert w.relevance([0.5], 1) == pytest.approx(0.5)
    assert w.relevance([0.2, 0.5, 0.4], 1) == pytest.approx(0.5 + 0.25 * 0.6)  # best first
    assert w.relevance([0.5], 3) == pytest.approx(0.6)
    assert w.relevance([0.9, 0.8, 0.8], 9) == 1.0  # capped
    assert Weights(further_reasons=0.5).relevance([0.4, 0.2], 1) == pytest.approx(0.5)
    assert Weights(evidence_bonus=0.1, max_evidence_bonus=0.15).bonus(4) == pytest.approx(0.15)


def test_scoring_score_is_trust_times_base_plus_relevance() -> None:
    w = Weights()
    assert w.combine([], 5, "reviewed", 1) == 0.0
    assert w.combine([0.5], 1, "reviewed", 1) == pytest.approx(0.45 + 0.55 * 0.5)
    assert w.combine([0.5], 1, "asserted", 0) == pytest.approx(0.45 + 0.55 * 0.5)
    assert w.combine([0.5], 1, "unreviewed", 1) == pytest.approx(0.4 * (0.45 + 0.55 * 0.5))
    assert w.combine([0.5], 1, "unreviewed", 3) == pytest.approx(0.7 * (0.45 + 0.55 * 0.5))
    assert Weights(base=0.2).combine([0.5], 1, "reviewed", 1) == pytest.approx(0.2 + 0.8 * 0.5)
    # One unreviewed sentence at its best never outranks reviewed evidence at its weakest.
    assert w.combine([1.0], 9, "unreviewed", 1) < w.combine([0.01], 1, "reviewed", 1)


def test_scoring_chain_components_and_their_values() -> None:
    w = ChainWeights()
    assert w.to_dict()["segment_fit"] == 0.4 and set(w.COMPONENTS) <= set(w.to_dict())
    assert w.trusts == TrustWeights()
    assert ChainWeights(unreviewed=0.3, per_source=0.1, max_unreviewed=0.5).trusts == (
        TrustWeights(0.3, 0.1, 0.5)
    )
    assert [w.outside_value(s) for s in ("gap", "weak", "present", "?")] == [1, 0.6, 0.25, 0.25]
    assert [w.strengthen_value(s) for s in ("gap", "weak", "present")] == [1, 1, 0.6]


def test_scoring_chain_relevance_is_a_weighted_mean_above_the_base() -> None:
    w = ChainWeights()
    ones = dict.fromkeys(w.COMPONENTS, 1.0)
    assert w.relevance(ones) == pytest.approx(1.0)
    assert w.relevance(dict.fromkeys(w.COMPONENTS, 0.0)) == pytest.approx(0.45)
    assert w.relevance({}) == pytest.approx(0.45)
    fit_only = {**dict.fromkeys(w.COMPONENTS, 0.0), "segment_fit": 1.0}
    assert w.relevance(fit_only) == pytest.approx(0.45 + 0.55 * 0.4)
    assert w.relevance({"recency": 0.5, "local_support": 1.0}) == pytest.approx(
        0.45 + 0.55 * (0.1 * 0.5 + 0.15) / 0.25
    )
    assert ChainWeights(segment_fit=0, complementarity=0, local_support=0, recency=0).relevance(
        ones
    ) == pytest.approx(0.45)
    assert w.score(ones, Trust("reviewed", 1)) == pytest.approx(1.0)
    assert w.score(ones, Trust("unreviewed", 2)) == pytest.approx(0.55)
    assert w.score(fit_only, Trust("unreviewed", 1)) == pytest.approx(0.4 * (0.45 + 0.55 * 0.4))


def test_scoring_recency_and_local_support() -> None:
    assert recency(None, "2024-08-23", 0.2) == recency("2024-08-23", None, 0.2) == 1.0
    assert recency("2024-08-23", "2024-08-23", 0.2) == 1.0
    assert recency("2022-08-23", "2024-08-23", 0.2) == 0.6
    assert recency("2024-08-23", "2022-08-23", 0.2) == 0.6  # either order
    assert recency("2024-05-15T08:00:00", "2024-08-23", 0.2) == 0.945  # 100 days, 3 places
    assert recency("2022-08-23", "2024-08-23T08:00:00+08:00", 0.2) == 0.6  # dates of times
    assert recency("1990-01-01", "2024-08-23", 0.2) == 0.0
    assert recency("2024-08-23", "2024-08-23", 0.5) == 1.0
    assert recency("2022-08-23", "2023-08-23", 0.5) == 0.5
    assert recency("sometime", "2024-08-23", 0.2) == 1.0
    assert [local_support(p, q) for p, q in ((0, 0), (1, 0), (0, 3), (2, 1))] == [0, 0.5, 0.5, 1]


def test_the_terminal_marks_evidence_as_the_pages_do() -> None:
    """review46: a reference table's rationale read ``[编辑依据]`` (editorial) in the
    terminal where the page says 参考数据, and evidence with nothing to show printed
    ``[数据行] None · 第 None 行``."""
    from kg.entities import Evidence
    from kg.match.report import _grounds

    table = "中华人民共和国行政区划代码（GB/T 2260）"
    reference = Evidence(None, None, "Reference", "a", "g", rationale=table)
    assert _grounds(reference, "zh") == f"[参考数据] {table}"
    assert _grounds(reference, "en") == f"[reference data] {table}"
    editorial = Evidence(None, None, "Editorial", "a", "g", rationale="理由", rationale_en="why")
    assert _grounds(editorial, "en") == "[Editorial rationale] why"
    assert _grounds(Evidence(None, None, "Extracted", "a", "g"), "zh") is None
