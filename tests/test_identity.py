"""kg.identity on the shipped reference tables: the identity keys of names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.identity import NameRules

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rules() -> NameRules:
    return NameRules.load(ROOT / "data")


def test_the_tables_are_read(rules: NameRules) -> None:
    assert rules.provinces["重庆"] == rules.provinces["重庆市"] == "渝"
    assert rules.provinces["广西"] == "桂" and rules.provinces["新疆维吾尔自治区"] == "新"
    assert len({v for v in rules.provinces.values()}) == 34
    assert {"美国", "德国", "韩国", "塞尔维亚"} <= set(rules.countries)
    assert "中国" not in rules.countries
    assert {"咸阳", "咸阳市", "瑞金", "北京"} <= rules.places


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("enterprise", ["中国船舶集团", "中国船舶集团有限公司"]),
        ("enterprise", ["航天科技集团", "中国航天科技集团", "中国航天科技集团有限公司"]),
        ("enterprise", ["国家电网公司", "国家电网有限公司", "中国国家电网公司"]),
        ("enterprise", ["美国英特尔公司", "英特尔公司"]),
        ("enterprise", ["德国宝马集团", "宝马集团", "宝马公司"]),
        ("enterprise", ["韩国三星集团", "三星集团"]),
        ("government", ["中华人民共和国政府", "中国政府"]),
        ("government", ["黑龙江省人民政府", "黑龙江省政府"]),
        ("project", ["贵阳至南宁高铁", "贵南高铁", "贵阳至南宁高速铁路"]),
        ("project", ["重庆至昆明高铁", "渝昆高铁"]),
        ("project", ["西安至重庆高铁", "西渝高铁"]),
        ("project", ["池州至黄山高铁", "池黄高铁"]),
        ("project", ["广西防城港至东兴铁路", "防东铁路", "广西防东铁路"]),
        ("project", ["北京大兴国际机场", "大兴国际机场", "大兴机场", "北京大兴机场"]),
        ("project", ["上海浦东国际机场", "浦东国际机场", "浦东机场"]),
        ("project", ["西安咸阳国际机场", "咸阳机场"]),
        ("project", ["江西赣州瑞金机场", "瑞金机场"]),
        ("project", ["中吉乌铁路项目", "中吉乌铁路"]),
        ("policy", ["鼓励外商投资产业目录（2022年版）", "《鼓励外商投资产业目录》"]),
        ("park", ["中国（上海）自由贸易试验区", "上海自贸区"]),
        ("event", ["2023年第六届中国国际进口博览会", "第六届中国国际进口博览会"]),
        ("event", ["2024年世界隧道大会", "2024世界隧道大会"]),  # newuser46 met two IRIs
    ],
)
def test_variants_of_one_name_share_a_key(rules: NameRules, kind: str, names: list[str]) -> None:
    assert len({rules.key(n, kind) for n in names}) == 1, {n: rules.key(n, kind) for n in names}
    assert len({rules.iri_key(n, kind) for n in names}) == 1


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        ("university", "哈尔滨工业大学", "哈尔滨工程大学"),
        ("government", "黑龙江省人民政府", "哈尔滨市人民政府"),
        ("enterprise", "中国银行", "银行"),
        ("enterprise", "中国石油", "中国石油化工集团"),
        ("enterprise", "西门子(中国)有限公司", "西门子公司"),
        ("enterprise", "中国石化九江分公司", "中国石化"),
        ("project", "沪昆铁路", "沪昆高铁"),
        ("project", "香港国际机场", "澳门国际机场"),
        ("event", "第六届中国国际进口博览会", "中国国际进口博览会"),
        ("event", "第133届中国进出口商品交易会", "第134届中国进出口商品交易会"),
        ("event", "2023中国新媒体大会", "2024中国新媒体大会"),
        ("policy", "外商投资准入特别管理措施（负面清单）", "外商投资准入特别管理措施"),
    ],
)
def test_different_things_keep_different_keys(rules: NameRules, kind: str, a: str, b: str) -> None:
    assert rules.key(a, kind) != rules.key(b, kind)


def test_iris_are_stable() -> None:
    """The IRI of an extracted or imported thing is a function of its key: changing a rule
    changes IRIs (and needs a new resolver version); this pins one."""
    digest = hashlib.sha1("中国船舶".encode()).hexdigest()[:12]
    assert NameRules().iri_key("中国船舶集团有限公司", "enterprise") == f"org/x{digest}"
