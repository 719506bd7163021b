"""Identity of names: which names stand for the same thing.

kg meets the same organisation under many names - 中国建筑集团有限公司, 中国建筑集团; 航天科技集团,
中国航天科技集团; 聊城到泰安铁路, 聊泰铁路; 海口美兰国际机场, 美兰机场. One function decides it for
every part of kg (news ingestion, the review of merges, the import of registries):
:meth:`NameRules.key` maps a name and its kind to an *identity key*; two names of one kind
group with the same key name the same thing, and the IRI kg mints for an extracted or
imported thing is derived from its key (:meth:`NameRules.iri_key`), so the same
organisation gets the same IRI in every article and every file.

The rules, applied in this order (each a small function below, with examples):

==========================  ===========================================================
``tidy``                    width, spaces, quotes and brackets (NFKC)
``country_prefix``          中华人民共和国 -> 中国; 中国 dropped before a distinguishing name
``legal_form``              有限公司, 股份有限公司, 集团有限公司, 集团, 公司, ... dropped (enterprises)
``foreign_country``         德国博世集团 -> 博世 (enterprises)
``government``              人民政府 -> 政府
(contraction)               科学技术 -> 科技 (国防科学技术大学 is 国防科技大学)
``edition``                 鼓励外商投资产业目录（2022年版） -> the catalogue (policies)
``zone``                    中国（海南）自由贸易试验区 -> 海南自贸区 (parks)
``route``                   聊城到泰安铁路 -> 聊泰铁路: a place's first character, a province's
                            official one-character abbreviation (重庆 -> 渝)
``airport``                 海口美兰国际机场 -> 美兰机场
``named_work``              卡拉奇环城铁路项目 -> 卡拉奇环城铁路
``session``                 2022第五届河北国际工业设计周 -> 第五届... (events; each session
                            stays apart from the series and from the other sessions)
==========================  ===========================================================

What a key does *not* decide - an abbreviation such as 国家电投 for 国家电力投资集团, or a
short name an article declares (X（简称Y）) - is for the resolver and the reviewer: see
:func:`declared_short_name` and :func:`abbreviates`.

Names are expected in simplified characters (``kg.ingest.text.simplified``); registered
names are. Tables come from ``data/reference/`` (provinces and their abbreviations, country
names) and ``data/gazetteer/admin-divisions.csv`` (place names): :meth:`NameRules.load`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The IRI path each kind of thing is minted under (``{base}id/{group}/x...``).
GROUPS = {
    "enterprise": "org",
    "university": "org",
    "research-institute": "org",
    "government": "org",
    "platform": "org",
    "media": "org",
    "association": "org",
    "organization": "org",
    "park": "site",
    "project": "project",
    "event": "event",
    "policy": "policy",
    "plan": "policy",
    "person": "person",
}
ORG_KINDS = frozenset(k for k, g in GROUPS.items() if g == "org")

# Words that end a name and say only what kind of thing it is: 中国 is not dropped before
# them (中国政府 is not 政府, 中国移动 is not 移动).
KIND_WORDS = frozenset(
    [
        "政府",
        "人民政府",
        "科学院",
        "工程院",
        "社会科学院",
        "银行",
        "大学",
        "学院",
        "研究院",
        "研究所",
        "协会",
        "商会",
        "联合会",
        "公司",
        "集团",
        "企业",
        "日报",
        "电视台",
        "铁路",
        "高铁",
        "石油",
        "石化",
        "化工",
        "建筑",
        "电信",
        "移动",
        "船舶",
        "航空",
        "航天",
        "保险",
        "证券",
        "国际",
        "政府网",
        "代表团",
        "驻华使馆",
    ]
)
_LEGAL_FORMS = (
    "集团股份有限公司",
    "集团有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "控股集团",
    "(集团)",
    "总公司",
    "公司",
    "集团",
)
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "「": "", "」": "", "《": "", "》": ""})
_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "．": "·"})
_EDITION = re.compile(
    r"\((?:\d{4}年)?(?:版|本|\d{4}年版|\d{4}年本|修订|修订版|修正|修正版|\d{4}年修订|\d{4}年修正)\)$"
)
_ZONES = (
    ("产业园区", "产业园"),
    ("工业园区", "工业园"),
    ("自由贸易试验区", "自贸区"),
    ("自由贸易区", "自贸区"),
    ("自由贸易港", "自贸港"),
    ("高新技术产业开发区", "高新区"),
    ("高新技术开发区", "高新区"),
    ("经济技术开发区", "经开区"),
)
_ZONE_IN_BRACKETS = re.compile(r"^中国\((?P<place>[^()]{2,12})\)(?P<rest>.+)$")
_ROUTE = re.compile(
    r"^(?P<terms>.+?(?:至|到).+?)(?P<suffix>高速铁路|高铁|城际铁路|铁路|高速公路|高速)$"
)
_ROUTE_SUFFIX = {"高速铁路": "高铁", "高速公路": "高速"}
_RAIL = re.compile(r"(?:高速铁路|高铁|城际铁路|铁路|高速公路|高速)$")
_AIRPORT = re.compile(r"^(?P<body>.+?)(?:国际)?机场$")
_WORKS = ("铁路", "高铁", "大桥", "机场", "港", "水库", "隧道", "电站", "管道", "运河")
_SHORT_NAME = re.compile(
    r"^[(（](?:以下)?(?:简称|下称|以下称)[:：]?[“\"「‘《]?(?P<short>[^”\"」’》)）,，、;；《]{2,16}?)[”\"」’》]?[)）]"
)
# What a document is (its title's last word): a short name of nothing but that names no
# document in particular (以下简称《意见》).
_DOCUMENT_WORDS = re.compile(
    r"(?:总体方案|实施方案|方案|意见|条例|办法|规定|报告|纲要|读本|学习读本|问答|概论|目录|基本目录|决定|"
    r"标准|通知|规划|计划|细则|指南|措施|清单|白皮书|公报|声明|协定|法)$"
)


def tidy(name: str) -> str:
    """The name as one writes it once: NFKC (full-width letters, digits and brackets to
    ASCII), no spaces, no quotation marks or 《》, one kind of middle dot.

    >>> tidy("《鼓励外商投资产业目录（2022年版）》")
    '鼓励外商投资产业目录(2022年版)'
    >>> tidy(" 中国－东盟 信息港 "), tidy("埃隆•马斯克")
    ('中国-东盟信息港', '埃隆·马斯克')
    """
    name = unicodedata.normalize("NFKC", name.translate(_QUOTES)).translate(_DOTS)
    return _SPACES.sub("", name)


def country_prefix(name: str) -> str:
    """中华人民共和国 is 中国; 中国 goes before a distinguishing name (中国航天科技集团 is
    航天科技集团) but stays before a bare kind word (中国政府, 中国移动) or a short rest.

    >>> country_prefix("中国航天科技集团"), country_prefix("中华人民共和国商务部")
    ('航天科技集团', '商务部')
    >>> country_prefix("中华人民共和国政府"), country_prefix("中国移动"), country_prefix("中国-东盟中心")
    ('中国政府', '中国移动', '中国-东盟中心')
    """
    if name.startswith("中华人民共和国"):
        name = "中国" + name[len("中华人民共和国") :]
    rest = name[2:]
    if name.startswith("中国") and len(rest) >= 2 and rest not in KIND_WORDS and _cjk(rest[0]):
        return rest
    return name


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def legal_form(name: str) -> str:
    """An enterprise's legal form and the word 集团 dropped, as often as they end the name
    (something distinguishing stays).

    >>> legal_form("中国建筑集团有限公司"), legal_form("中国光大集团股份公司")
    ('中国建筑', '中国光大')
    >>> legal_form("海尔集团公司"), legal_form("中国化学工程(集团)股份有限公司")
    ('海尔', '中国化学工程')
    >>> legal_form("国家电网有限公司"), legal_form("集团公司")
    ('国家电网', '集团公司')
    """
    changed = True
    while changed:
        changed = False
        for form in _LEGAL_FORMS:
            rest = name[: -len(form)]
            if name.endswith(form) and len(rest) >= 2 and rest not in KIND_WORDS:
                name = rest
                changed = True
                break
    return name


def foreign_country(name: str, countries: Iterable[str]) -> str:
    """A foreign enterprise without its country: 德国宝马 is 宝马, 美国英特尔 is 英特尔.

    >>> foreign_country("德国宝马", ["德国", "美国"]), foreign_country("美国", ["美国"])
    ('宝马', '美国')
    """
    for country in countries:
        if name.startswith(country) and len(name) - len(country) >= 2:
            return name[len(country) :]
    return name


def government(name: str) -> str:
    """A people's government is the government: 黑龙江省人民政府 is 黑龙江省政府.

    >>> government("黑龙江省人民政府")
    '黑龙江省政府'
    """
    return name[: -len("人民政府")] + "政府" if name.endswith("人民政府") else name


def edition(name: str) -> str:
    """A document without the edition its title ends with.

    >>> edition("鼓励外商投资产业目录(2022年版)"), edition("产业结构调整指导目录(2024年本)")
    ('鼓励外商投资产业目录', '产业结构调整指导目录')
    >>> edition("外商投资准入特别管理措施(负面清单)")
    '外商投资准入特别管理措施(负面清单)'
    """
    return _EDITION.sub("", name)


_SESSION_YEAR = re.compile(r"^\d{4}年?(?=第[\d一二三四五六七八九十百]+届)")
_YEAR_MARK = re.compile(r"^(\d{4})年(?=\D)")


def session(name: str) -> str:
    """A session of a recurring event without the year written before its ordinal: the
    ordinal says which session it is; a year written before the name alone, with or without
    年, is the same year (the news writes 2024年世界隧道大会 and 2024世界隧道大会).

    >>> session("2022第五届河北国际工业设计周"), session("第五届河北国际工业设计周")
    ('第五届河北国际工业设计周', '第五届河北国际工业设计周')
    >>> session("2022全球数字贸易大会"), session("2024年世界隧道大会")
    ('2022全球数字贸易大会', '2024世界隧道大会')
    """
    return _YEAR_MARK.sub(r"\1", _SESSION_YEAR.sub("", name))


def zone(name: str) -> str:
    """Zones by their short official names: 中国（海南）自由贸易试验区 is 海南自贸区.

    >>> zone("中国(海南)自由贸易试验区"), zone("哈尔滨高新技术产业开发区"), zone("龙潭工业园区")
    ('海南自贸区', '哈尔滨高新区', '龙潭工业园')
    >>> zone("非洲大陆自由贸易区")
    '非洲大陆自贸区'
    """
    m = _ZONE_IN_BRACKETS.match(name)
    if m:
        name = m["place"] + m["rest"]
    for long, short in _ZONES:
        if name.endswith(long):
            return name[: -len(long)] + short
    return name


def route(name: str, provinces: Mapping[str, str]) -> str:
    """A railway or road between places (A至B高铁) by the abbreviation it goes by: each
    end's first character, or the official one-character abbreviation of a province-level
    place (重庆 -> 渝, 上海 -> 沪); a province written before a city is left out. 高速铁路 is
    高铁. A name that is not a route is returned as it is.

    >>> p = {"重庆": "渝", "重庆市": "渝", "上海": "沪", "云南": "滇", "新疆": "新", "四川": "川"}
    >>> route("聊城到泰安铁路", p), route("聊泰铁路", p), route("西宁至成都高铁", p)
    ('聊泰铁路', '聊泰铁路', '西成高铁')
    >>> route("杭州至绍兴至台州高铁", p), route("云南弥勒至蒙自高速铁路", p)
    ('杭绍台高铁', '弥蒙高铁')
    >>> route("南昌到黄山高铁", p), route("兰新铁路", p), route("新疆和若铁路", p)
    ('南黄高铁', '兰新铁路', '和若铁路')
    """
    parts = route_parts(name, provinces)
    if parts is not None:
        return "".join(parts[0]) + parts[1]
    suffix = _RAIL.search(name)
    if suffix is None or _ROUTE.match(name):
        return name
    body = _strip_province(name[: suffix.start()], provinces)
    return body + _ROUTE_SUFFIX.get(suffix.group(), suffix.group())


def route_parts(name: str, provinces: Mapping[str, str]) -> tuple[list[str], str] | None:
    """A route's ends, each by the character it is abbreviated by, and its kind
    (高铁, 铁路, 高速, ...); ``None`` for a name that is not A至B.

    >>> route_parts("潍坊至荣成高速铁路", {}), route_parts("弥蒙高铁", {})
    ((['潍', '荣'], '高铁'), None)
    """
    m = _ROUTE.match(name)
    if not m:
        return None
    letters = []
    for term in re.split(r"至|到", m["terms"]):
        term = _strip_province(term, provinces)
        if len(term) < 2:
            return None
        letters.append(provinces.get(term) or term[0])
    return letters, _ROUTE_SUFFIX.get(m["suffix"], m["suffix"])


def _strip_province(term: str, provinces: Mapping[str, str]) -> str:
    """``term`` without a province-level name it begins with, when a name of two or more
    characters is left (广西防城港 -> 防城港, 重庆 stays)."""
    for province in sorted(provinces, key=len, reverse=True):
        if term.startswith(province) and len(term) - len(province) >= 2:
            return term[len(province) :]
    return term


def airport(name: str, places: Iterable[str]) -> str:
    """An airport by the proper name it goes by: the places before it and 国际 left out,
    while a name of two or more characters stays (海口美兰国际机场 -> 美兰机场, but
    大马士革国际机场 -> 大马士革机场).

    >>> places = ["海口", "海口市", "美兰", "郑州", "新郑", "大马士革"]
    >>> airport("海口美兰国际机场", places), airport("美兰机场", places)
    ('美兰机场', '美兰机场')
    >>> airport("海口美兰机场", places), airport("郑州新郑国际机场", places)
    ('美兰机场', '新郑机场')
    >>> airport("大马士革国际机场", places), airport("浦东大桥", places)
    ('大马士革机场', '浦东大桥')
    """
    m = _AIRPORT.match(name)
    if not m:
        return name
    body = m["body"]
    ordered = sorted(set(places), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for place in ordered:
            if body.startswith(place) and len(body) - len(place) >= 2:
                body = body[len(place) :]
                changed = True
                break
    return body + "机场"


def named_work(name: str) -> str:
    """A project named after a work is that work: 卡拉奇环城铁路项目 is 卡拉奇环城铁路.

    >>> named_work("卡拉奇环城铁路项目"), named_work("光伏发电项目")
    ('卡拉奇环城铁路', '光伏发电项目')
    """
    for suffix in ("项目", "工程"):
        body = name.removesuffix(suffix)
        if body != name and body.endswith(_WORKS) and len(body) >= 4:
            return body
    return name


def declared_short_name(after: str) -> str | None:
    """The short name a text declares right after a name: X（简称Y）, X（以下简称“Y”）.

    >>> declared_short_name("（以下简称“中船集团”）宣布"), declared_short_name("（简称聊泰铁路）")
    ('中船集团', '聊泰铁路')
    >>> declared_short_name("（以下简称《意见》）"), declared_short_name("（2022年版）") is None
    ('意见', True)
    """
    m = _SHORT_NAME.match(after)
    return m["short"] if m else None


def distinctive(short: str, kind: str) -> bool:
    """Whether a declared short name names one thing wherever it is used, not only in the
    text that declares it: 十四冬 does, 《意见》 or 《条例》 do not (every document is one).

    >>> distinctive("十四冬", "event"), distinctive("意见", "policy"), distinctive("总体方案", "policy")
    (True, False, False)
    >>> distinctive("中船集团", "enterprise"), distinctive("集团", "enterprise")
    (True, False)
    """
    short = tidy(short)
    if kind in ("policy", "plan"):
        short = _DOCUMENT_WORDS.sub("", short)
    return len(short) >= 2 and short not in KIND_WORDS


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` may abbreviate ``full``: shorter, the same first character, its
    characters in ``full`` in the same order (国家电投 - 国家电力投资集团, 中国星网 - 中国卫星网络).
    Evidence for a merge candidate, never a merge by itself.

    >>> abbreviates("国家电投", "国家电力投资集团"), abbreviates("三峡集团", "中国长江三峡集团")
    (True, False)
    >>> abbreviates("中国石油", "中国石油化工集团"), abbreviates("国电", "国家电网")
    (True, True)
    """
    if not 2 <= len(short) < len(full) or short[0] != full[0]:
        return False
    chars = iter(full)
    return all(c in chars for c in short)


@dataclass(frozen=True)
class NameRules:
    """The tables the rules need: province-level names with their one-character
    abbreviations, foreign country names, place names (for airports), and the words that
    name a kind of thing rather than a thing (``data/lexicon/generic-words.csv``), and the
    words that end the name of a body's organ or unit (``data/lexicon/organ-words.csv``)."""

    provinces: Mapping[str, str] = field(default_factory=dict)
    countries: tuple[str, ...] = ()
    places: frozenset[str] = frozenset()
    generic_words: frozenset[str] = frozenset()  # kinds, ranks, sectors: no name by themselves
    # the words that end the name of an organ or unit of a body (办公室, 政治局, 频道),
    # longest first: X and X办公室 are a body and its part, no merge (kg.merges)
    organ_words: tuple[str, ...] = ()

    @classmethod
    def load(cls, data_dir: Path) -> NameRules:
        """The rules with kg's reference tables (``data/reference/provinces.csv``,
        ``countries.csv``, ``data/gazetteer/admin-divisions.csv``); read once per
        directory."""
        return _load(Path(data_dir).resolve())

    def key(self, name: str, kind: str) -> str:
        """The identity key of ``name`` as the name of a thing of ``kind`` (a
        ``kg.entities`` kind: enterprise, government, project, policy, ...).

        >>> rules = NameRules(
        ...     provinces={"重庆": "渝", "重庆市": "渝", "北京": "京", "北京市": "京"},
        ...     countries=("德国",), places=frozenset({"海口", "海口市"}))
        >>> [rules.key(n, "enterprise") for n in ("中国建筑集团有限公司", "中国建筑集团")]
        ['中国建筑', '中国建筑']
        >>> [rules.key(n, "enterprise") for n in ("航天科技集团", "中国航天科技集团有限公司")]
        ['航天科技', '航天科技']
        >>> rules.key("德国博世集团", "enterprise"), rules.key("博世公司", "enterprise")
        ('博世', '博世')
        >>> rules.key("中华人民共和国政府", "government"), rules.key("中国政府", "government")
        ('中国政府', '中国政府')
        >>> [rules.key(n, "project") for n in ("海口美兰国际机场", "美兰机场", "海口美兰机场")]
        ['美兰机场', '美兰机场', '美兰机场']
        >>> rules.key("西宁至成都高铁", "project"), rules.key("西成高铁", "project")
        ('西成高铁', '西成高铁')
        >>> rules.key("《鼓励外商投资产业目录（2022年版）》", "policy")
        '鼓励外商投资产业目录'
        >>> rules.key("哈尔滨工业大学", "university"), rules.key("哈尔滨工程大学", "university")
        ('哈尔滨工业大学', '哈尔滨工程大学')
        >>> rules.key("国防科学技术大学", "university"), rules.key("国防科技大学", "university")
        ('国防科技大学', '国防科技大学')
        """
        name = tidy(name).replace("科学技术", "科技")  # 科技部 is 科学技术部
        if kind in ORG_KINDS:
            if kind in ("enterprise", "organization"):
                name = legal_form(name)
            if kind in ("enterprise", "organization", "government"):
                name = country_prefix(name)
            else:  # 中国农业大学, 中国中医科学院: 中国 is part of the name
                name = country_prefix(name) if name.startswith("中华人民共和国") else name
            if kind in ("enterprise", "organization"):
                name = legal_form(foreign_country(name, self.countries))
            return government(name)
        if kind == "policy" or kind == "plan":
            return edition(name)
        if kind == "park":
            return zone(name)
        if kind == "event":
            return session(name)
        if kind == "project":
            name = named_work(name)
            return airport(route(name, self.provinces), self.places)
        return name

    def iri_key(self, name: str, kind: str) -> str:
        """The path below ``id/`` of the IRI kg mints for a thing of ``kind`` named
        ``name`` (``org/x`` and 12 hex digits of the SHA-1 of its key).

        >>> r = NameRules()
        >>> r.iri_key("中国建筑集团", "enterprise") == r.iri_key("中国建筑集团有限公司", "enterprise")
        True
        >>> r.iri_key("中国建筑集团", "enterprise")
        'org/x...'
        """
        return f"{GROUPS[kind]}/x{hashlib.sha1(self.key(name, kind).encode()).hexdigest()[:12]}"

    def minted(self, names: Iterable[str], kind: str) -> dict[str, str]:
        """The IRI path (:meth:`iri_key`) each of ``names`` mints for a thing of ``kind``,
        with the first name that mints it: the IRIs the identity graph states
        ``owl:sameAs`` an entity of those names (:mod:`kg.ingest.unify`), each by the name
        it stands for. Empty for a kind kg mints no IRI for.

        >>> r = NameRules()
        >>> list(r.minted(["中国建筑集团", "中国建筑集团有限公司"], "enterprise").values())
        ['中国建筑集团']
        >>> r.minted(["中国建筑集团"], "region")
        {}
        """
        if kind not in GROUPS:
            return {}
        out: dict[str, str] = {}
        for name in names:
            out.setdefault(self.iri_key(name, kind), name)
        return out

    def same(self, a: str, b: str, kind: str) -> bool:
        """Whether two names of ``kind`` name the same thing by these rules."""
        return self.key(a, kind) == self.key(b, kind)


def canonical(names: Mapping[str, int]) -> str:
    """The name to show for a thing known by ``names`` (each with how many articles use
    it): a registered name (有限公司) first, a work's name rather than its project's
    (卡拉奇环城铁路, not 卡拉奇环城铁路项目); then the fullest - the longest, as the other names are it
    with parts left out - then the most used, then the first in code-point order. A session's
    name is never the name of its series: 2023年X or 第七届X is no fuller name of X but a
    narrower thing, and both are names of one thing only after a reviewer merged a series
    and a session (then the series' name is kept).

    >>> canonical({"中国建筑集团": 4, "中国建筑集团有限公司": 2})
    '中国建筑集团有限公司'
    >>> canonical({"中国光大（集团）总公司": 1, "中国光大集团股份公司": 1, "光大集团": 3})
    '中国光大集团股份公司'
    >>> canonical({"聊泰铁路": 5, "聊城到泰安铁路": 3}), canonical({"卡拉奇环城铁路项目": 3, "卡拉奇环城铁路": 2})
    ('聊城到泰安铁路', '卡拉奇环城铁路')
    >>> canonical({"甲乙": 1, "乙甲": 1})
    '乙甲'
    >>> canonical({"中国网络文明大会": 18, "2023年中国网络文明大会": 7})
    '中国网络文明大会'
    >>> canonical({"中国国际高新技术成果交易会": 30, "第二十四届中国国际高新技术成果交易会": 13, "第二十四届高交会": 6})
    '中国国际高新技术成果交易会'
    >>> canonical({"2022第五届河北国际工业设计周": 1, "第五届河北国际工业设计周": 3})
    '2022第五届河北国际工业设计周'
    """

    def rank(name: str) -> tuple[int, int, int, str]:
        full = int(bool(_REGISTERED.search(tidy(name)))) - int(named_work(tidy(name)) != tidy(name))
        return (-full, -len(name), -names[name], name)

    series = {n for n in names if not _SESSION.match(n)}
    sessions = {n for n in names if (m := _SESSION.match(n)) and n[m.end() :] in series}
    return min((n for n in names if n not in sessions) if sessions else names, key=rank)


# What names a session of a recurring event before its series' name: a year, an ordinal, or both.
_NUMERALS = "\\d一二三四五六七八九十百千"
_SESSION = re.compile(rf"(?:\d{{4}}年)?(?:第[{_NUMERALS}]+届|首届)|\d{{4}}年")

# The same, with 第N次 (a numbered meeting or plenary session: 第十四次, 第3次) as well.
_SESSION_PREFIX = re.compile(rf"(?:\d{{4}}年)?(?:第[{_NUMERALS}零〇]+[届次]|首届)|\d{{4}}年")


def session_prefix(part: str) -> bool:
    """Whether ``part``, written before the name of a recurring event, makes the name one of
    its sessions: an ordinal session (第N届, 第N次, 首届), a year (20XX年), or both.

    >>> session_prefix("第136届"), session_prefix("2023年第六届"), session_prefix("第十四次")
    (True, True, True)
    >>> session_prefix("2023年"), session_prefix("中国"), session_prefix("第一")
    (True, False, False)
    """
    return _SESSION_PREFIX.fullmatch(part) is not None


_REGISTERED = re.compile(r"(?:有限责任公司|有限公司|股份公司)$")


@functools.cache
def _load(data_dir: Path) -> NameRules:
    provinces: dict[str, str] = {}
    with (data_dir / "reference" / "provinces.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for name in _short_forms(row["name"]):
                provinces[name] = row["abbreviation"]
    countries: set[str] = set()
    with (data_dir / "reference" / "countries.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            countries.update(n for n in (row["name"], row["common_name"]) if n)
    places: set[str] = set()
    divisions = data_dir / "gazetteer" / "admin-divisions.csv"
    with divisions.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["name"] in ("市辖区", "县") or "直辖" in row["name"]:
                continue
            places.update(_short_forms(row["name"]))
    with (data_dir / "lexicon" / "generic-words.csv").open(encoding="utf-8", newline="") as f:
        generic = frozenset(row["word"] for row in csv.DictReader(f))
    with (data_dir / "lexicon" / "organ-words.csv").open(encoding="utf-8", newline="") as f:
        organs = sorted((row["word"] for row in csv.DictReader(f)), key=len, reverse=True)
    return NameRules(
        provinces=provinces,
        countries=tuple(sorted(countries, key=len, reverse=True)),
        places=frozenset(places),
        generic_words=generic,
        organ_words=tuple(organs),
    )


_DIVISION_ENDINGS = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "县",
    "区",
)


def _short_forms(name: str) -> list[str]:
    """A division's name and the name without its ending (黑龙江省 -> 黑龙江), when two or
    more characters are left.

    >>> _short_forms("广西壮族自治区"), _short_forms("瑞金市"), _short_forms("城区")
    (['广西壮族自治区', '广西'], ['瑞金市', '瑞金'], ['城区'])
    """
    for ending in _DIVISION_ENDINGS:
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            return [name, name[: -len(ending)]]
    return [name]


__all__ = [
    "GROUPS",
    "NameRules",
    "abbreviates",
    "airport",
    "canonical",
    "country_prefix",
    "declared_short_name",
    "distinctive",
    "edition",
    "foreign_country",
    "government",
    "legal_form",
    "named_work",
    "route",
    "route_parts",
    "session",
    "tidy",
    "zone",
]
