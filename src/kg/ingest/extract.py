"""Extraction from one sentence: mentions (organisations by kind, parks, projects, events,
policies, places, industries), values (money in yuan, dates resolved against the article
date) and relations between them - each with its character offsets and a confidence.

Rules, not a model: the gazetteer (names the graph knows, China's divisions,
abbreviations) feeds jieba's tokenizer so known names stay whole; name suffixes (有限公司,
大学, 研究院, 产业园, 项目, 对接会, ...) grow a mention leftwards over name-like tokens;
《》 marks policies and plans. Two different names never merge: 哈尔滨工业大学 and 哈尔滨工程大学
are two mentions, whatever they share.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from kg.ingest.gazetteer import Entry, Gazetteer

EXTRACTOR_VERSION = "kg-ingest/2"

# Platforms named by a compound ending (国家制造业创新中心, 工业互联网公共服务平台).
PLATFORMS = (
    "技术创新中心",
    "制造业创新中心",
    "产业创新中心",
    "创新中心",
    "超算中心",
    "计算中心",
    "算力中心",
    "技术中心",
    "研发中心",
    "转化中心",
    "孵化中心",
    "公共服务平台",
    "创新平台",
    "众创空间",
)
# Works whose names are proper even when jieba sees common nouns (牡佳铁路).
INFRASTRUCTURE = ("高铁", "铁路", "机场", "水库", "大桥", "快线")
COMMON_WORKS = set(
    [
        "高速",
        "城际",
        "普速",
        "新建",
        "地方",
        "大型",
        "小型",
        "国家",
        "重点",
        "现代化",
        "跨境",
        "全国",
        "普通",
        "城市",
        "区域",
        "干线",
        "支线",
        "市域",
        "骨干",
        "主要",
        "沿线",
        "农村",
        "水利",
        "交通",
    ]
)
# Suffix -> kind, longest first.
SUFFIXES: list[tuple[str, str]] = sorted(
    [
        *(
            (s, "enterprise")
            for s in ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "制造厂")
        ),
        *((s, "university") for s in ("大学", "学院")),
        *(
            (s, "research-institute")
            for s in ("研究院", "研究所", "科学院", "研究中心", "实验室", "院")
        ),
        *(
            (s, "government")
            for s in ("人民政府", "政府", "管委会", "委员会", "办公室", "厅", "局")
        ),
        *(
            (s, "park")
            for s in (
                "产业园区",
                "产业园",
                "工业园区",
                "工业园",
                "科技园",
                "园区",
                "开发区",
                "高新区",
                "经开区",
                "自贸区",
                "保税区",
                "新区",
                "产业新城",
                "科技城",
                "园",
                "科学城",
                "示范区",
                "产业基地",
                "基地",
            )
        ),
        *((s, "project") for s in ("项目", "工程", *INFRASTRUCTURE)),
        *((s, "association") for s in ("协会", "商会", "联合会", "促进会", "产业联盟")),
        *((s, "media") for s in ("日报", "晚报", "电视台", "通讯社")),
        *(
            (s, "event")
            for s in (
                "博览会",
                "对接会",
                "对接活动",
                "洽谈会",
                "交易会",
                "推介会",
                "展览会",
                "大会",
                "论坛",
                "峰会",
                "年会",
                "博会",
                "交会",
                "洽会",
                "贸会",
            )
        ),
    ],
    key=lambda x: -len(x[0]),
)
# jieba part-of-speech flags a name may be built of.
NAMEISH = {
    "ng",
    "f",
    "ns",
    "nt",
    "nz",
    "n",
    "nr",
    "nrt",
    "nrfg",
    "j",
    "eng",
    "m",
    "q",
    "an",
    "b",
    "x",
}
HYPHENS = set("-－–")
STOP = set("与和及同在的为由向将对是于从把被让给以并也还已正共到至跟就而或等了着过这那该其各此每")
# Verbs jieba may tag as nouns: a name does not grow over them (会见美国英特尔公司).
VERBISH = set(
    [
        "会见",
        "会谈",
        "充分发挥",
        "发挥",
        "主张",
        "布局",
        "推动",
        "加快",
        "支持",
        "促进",
        "打造",
        "推进",
        "实施",
        "开展",
        "举办",
        "引进",
        "依托",
        "围绕",
        "包括",
        "涵盖",
        "涉及",
        "助力",
        "聚焦",
        "服务",
        "带动",
        "提升",
        "实现",
        "组织",
        "参加",
        "出席",
        "访问",
        "考察",
        "调研",
        "签署",
        "宣布",
    ]
)
PUNCT = set("，。、；：！？“”‘’（）《》【】,.;:!?()[] \t\n")
MIN_BODY = 2  # characters a name has besides its suffix
# Words that end like a name but are not one (布局 is not a bureau).
NOT_NAMES = {
    "布局",
    "格局",
    "大局",
    "结局",
    "全局",
    "开局",
    "当局",
    "时局",
    "变局",
    "新局",
    "棋局",
    "骗局",
    "总公司",
    "上市公司",
    "子公司",
    "分公司",
    "该公司",
    "本公司",
    "大会",
    "项目",
    "基地",
}
# A run that starts with a count or a determiner names a group, not one thing (一批项目,
# 10多个项目, 首批重大项目, 这些企业).
GENERIC = re.compile(
    r"^(?:[\d一二三四五六七八九十百千万两几数多首本该这那各每全其]+[多余]?[个批家项座条所类种]|一批|首批|"
    r"多个|部分|重点|重大|相关|有关|其他|其它|上述|大型|一些|若干|众多|新一批|全国|全省|全市|全区|我国|各地|"
    r"很多|不少|许多|增量|上市|当地|本地|国内|国外|境外|海外|高水平|中国特色|新建|"
    r"[一二三四五六七八九十]+大(?![会学])|(?:国家|省|市|县)级以上)"
)
# The endings of policy documents: a 《》 title without one names a book, a show or a song.
POLICY_ENDS = re.compile(
    r"(?:规划|方案|意见|通知|办法|规定|条例|计划|纲要|目录|决定|政策|措施|指南|标准|法|报告|倡议|协定|"
    r"宣言|清单|名录|细则|行动|战略|指引|白皮书|公报|声明|议定书|框架|路线图|建议|决议|体系)"
    r"(?:（[^）]*）|\([^)]*\))?$"
)
# A group or a kind anywhere in a name (福建一批重大项目, 多场对接活动, 新能源汽车产业重点项目).
GROUP = re.compile(
    r"一批|首批|一大批|新一批|多场|多个|多项|若干|一系列|各类|各项|\d+[个项家场座条批]|[两三四五六七八九十百]+[个项家场座条批]"
    r"|(?:重点|重大|相关|配套)(?:项目|工程|园区|基地)$|[省市县]?级以上|(?<![二十])[两三四五六七八九]大"
)
# An enterprise leading a longer name (国药集团黑龙江中药产业园项目).
LEAD_ORG = re.compile(r"^[^\W\d]{2,8}?(?:集团|股份有限公司|有限公司|公司)(?=.{2,})")
# A count just before a name (5家超百亿元的...项目) makes it a group.
COUNTED = re.compile(r"(?:\d+|[一二两三四五六七八九十几多数]+)[个家项批座条所][^，,；;。]{0,10}的$")
# Left of the suffix, only words that say what kind of thing it is.
KIND_WORDS = re.compile(
    r"^(?:产业|重点|重大|国际|国家级|省级|现代|综合|示范|特色|大型|新型|一体化|集聚|发展|建设)*$"
)
# Tokens that make a run of words a proper name (a place, an organisation, a brand, a number).
PROPER = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "m"}

MONEY = re.compile(
    r"(?P<q1>超过|超|逾|近|约|达|共计|累计)?(?<![数几多])(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
    r"(?P<q2>多|余)?(?P<u>万亿|亿|千万|百万|万)?"
    r"(?P<c>元人民币|元|美元|欧元|英镑|日元|港元|港币)"
)
RANGE = re.compile(r"[一二两三四五六七八九]{2}")
# Counts of things: 38个项目, 签约项目626个, 920个市场主体, 国家级高新技术企业24家.
COUNT = re.compile(
    r"(?<![\d.年月第])(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?P<q>多|余)?(?P<u>万|亿)?"
    r"(?P<unit>个|家|项|所|座|条|场|件|名|台|辆|款)(?![月日元])"
)
COUNT_STOP = set(
    "总共的，。、；,;：:在将已为达和与及等中入进开签落建投完实获累超近约正均以上下内外"
)
CURRENCIES = {
    "元": "CNY",
    "元人民币": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
}
CURRENCIES |= {"港元": "HKD", "港币": "HKD"}
UNITS = {None: 1, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8, "万亿": 10**12}
# Money qualifiers -> kg:Qualifier (local names).
QUALIFIERS = {
    "超过": "MoreThan",
    "超": "MoreThan",
    "逾": "MoreThan",
    "多": "MoreThan",
    "余": "MoreThan",
    "近": "About",
    "约": "About",
}
DATES = re.compile(
    r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"|(?P<yr>明年|去年|今年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    r"|(?P<y5>\d{4})年(?P<m5>\d{1,2})月(?![份底初中末\d])"
    r"|(?:今年|(?<=[，,；;。：:])|^)(?P<m3>\d{1,2})月(?![份底初中末日\d])"
    r"|(?<![\d月年])(?P<d4>\d{1,2})日(?=[举召开发宣在起，,])"
    r"|(?P<rel>今天|昨天|前天)"
)
YEARS = {None: 0, "今年": 0, "明年": 1, "去年": -1}
POLICY = re.compile(r"《([^《》]{2,60})》")

# Named plans and strategies in quotation marks (“一带一路”倡议, “4567”现代化产业体系).
QUOTED_PLAN = re.compile(
    r"“(?P<name>[^“”]{2,20})”(?P<kind>[\u4e00-\u9fff]{0,6}?(?:倡议|计划|战略|行动|工程|方案|体系))"
)
# Words after an industry name that make it a sector (汽车产业, 食品行业, 新材料领域).
SECTOR_WORDS = ("产业", "行业", "领域", "集群", "产业链", "企业", "制造", "装备", "等", "和", "、")
LIST_JOINS = ("、", "和", "及", "以及", "与", "，")
# Positions people hold; a name next to one is a person (董事长田刚印, 习近平总书记).
ROLES = [
    "董事长",
    "副董事长",
    "总经理",
    "副总经理",
    "总裁",
    "首席执行官",
    "创始人",
    "党委书记",
    "总书记",
    "书记",
    "主席",
    "副主席",
    "总统",
    "总理",
    "副总理",
    "首相",
    "省长",
    "副省长",
    "市长",
    "副市长",
    "区长",
    "县长",
    "部长",
    "副部长",
    "局长",
    "院长",
    "校长",
    "所长",
    "会长",
    "理事长",
    "主任",
    "院士",
    "总工程师",
    "厂长",
    "负责人",
]
PERSON_FLAGS = {"nr", "nrfg", "nrt"}
NOT_PERSON = re.compile(r"[和与及驻在的了是]|[村镇乡县区市省国]$")
# A company named by its country and brand (德国大众, 日本丰田), when it does business.
COUNTRIES = ("美国", "德国", "日本", "法国", "韩国", "英国", "意大利", "瑞典", "荷兰", "瑞士")
BUSINESS = re.compile(r"^.{0,6}?(?:投资|宣布|成立|建设|合作|签约|签署|推出|开启|落户|扩建|收购)")
# Suffixes of through routes (西安至十堰高铁): the name spans 至 between two places.
ROUTES = ("高铁", "铁路", "高速", "公路")

# Milestone words -> kg:MilestoneType (local names).
MILESTONES = {
    "签约": "Signing",
    "签署": "Signing",
    "开工": "Groundbreaking",
    "奠基": "Groundbreaking",
    "封顶": "ToppingOut",
    "投产": "OperationStart",
    "投入使用": "OperationStart",
    "启动运行": "OperationStart",
    "竣工": "Completion",
    "建成": "Completion",
    "落地": "Landing",
    "落户": "Landing",
}
# After a name, in its clause: a milestone reached (not one planned).
MILESTONE_AFTER = re.compile(
    r"(?:[^，,；;。：:预计将拟]{0,12}?)(?:正式|顺利|全面|成功)?(?P<word>"
    + "|".join(sorted(MILESTONES, key=len, reverse=True))
    + ")"
)
PLACED = re.compile(r"(?:正式)?(?:位于|落户|落地|坐落于|地处|落户于|落地于)")
LEAD = re.compile(r"^(?:目前|今年|同时|此外|其中)?，?(?P<place>在)[^，,；;]{2,20}[，,]")
COOPERATING = re.compile(r"多方合作|共同合作|携手|联合共建|共建|合作共建")
INVESTS = re.compile(r"投资|入股|参股|注资")
BUILDS = re.compile(r"建设|投建|新建|扩建|兴建|建")
ATTENDING = re.compile(r"(?:出席|参加|参与|亮相|应邀出席)")
COVERING = re.compile(r"专题|聚焦|围绕|涵盖|涉及|主题")
SUPPORTING = re.compile(r"支持|鼓励|促进|推动|扶持|培育")
ORGANIZING = re.compile(r"(?:共同|联合)?(?:举办|主办|承办)")
SIGNING = ("签约", "签署", "签订", "合作协议", "战略合作")
INVESTING = ("投资", "总投资", "投建", "建设", "新建", "扩建")
ISSUING = ("印发", "发布", "出台", "制定")
HOSTING = ("举办", "举行", "召开", "开幕", "启幕")
ORG_KINDS = {
    "enterprise",
    "university",
    "research-institute",
    "government",
    "platform",
    "association",
    "organization",
}


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the article text
    end: int
    text: str  # as written (original characters)
    norm: str  # simplified
    kind: str
    entry: Entry | None = None  # the gazetteer entry when the name is known
    confidence: float = 0.8
    role: str | None = None  # a person's position (董事长)


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    text: str
    yuan: Decimal  # the amount in units of ``currency`` (yuan for CNY)
    qualifier: str | None
    currency: str = "CNY"


@dataclass(frozen=True)
class DateValue:
    start: int
    end: int
    text: str
    date: dt.date
    precision: str  # day, month


@dataclass(frozen=True)
class Relation:
    subject: Mention
    predicate: str  # a kg property local name
    object: Mention | Money | Count | DateValue | str
    confidence: float
    extra: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Count:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str  # 个, 家, 项, ...
    thing: str  # what is counted (项目, 市场主体), as written
    qualifier: str | None


@dataclass
class SentenceFacts:
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


class Extractor:
    """Rules over one gazetteer; safe to share between threads."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._lock = threading.Lock()

    @cached_property
    def _pos(self):  # type: ignore[no-untyped-def]  # noqa: ANN202 - jieba has no types
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word in self.gazetteer.words():
            tokenizer.add_word(word, freq=100000)
        return jieba.posseg.POSTokenizer(tokenizer)

    def sentence(
        self, text: str, norm: str, start: int, end: int, today: dt.date | None
    ) -> SentenceFacts:
        """Facts of ``text[start:end]`` (``norm`` is the simplified article text)."""
        s = norm[start:end]
        facts = SentenceFacts(start, end, text[start:end])
        facts.mentions = self._mentions(text, s, start)
        facts.money = [
            Money(
                start + m.start(),
                start + m.end(),
                text[start + m.start() : start + m.end()],
                (_number(m["n"]) * UNITS[m["u"]]).normalize(),
                QUALIFIERS.get(m["q1"] or m["q2"] or ""),
                CURRENCIES[m["c"]],
            )
            for m in MONEY.finditer(s)
            if not RANGE.search(m["n"])  # 一两百万元: a range, not an amount
        ]
        facts.dates = [d for m in DATES.finditer(s) if (d := _date(m, start, text, today))]
        facts.counts = [c for m in COUNT.finditer(s) if (c := _count(m, s, start, text))]
        facts.relations = list(dict.fromkeys(_relations(s, start, facts, self.gazetteer)))
        return facts

    def _authority(self, tokens: list[tuple[str, str]], j: int, i: int, word: str) -> bool:
        """A government is a place's (江苏省政府, 中国政府) or a department's (农业农村厅):
        not 一笔政府, not 人民大会堂河北厅."""
        if word.endswith("政府"):
            body = "".join(t for t, _ in tokens[j:i]) + word[: -len("政府")]
            body = body.removesuffix("人民")
            for a, b, entries in reversed(self.gazetteer.find(body)):
                if any(e.kind == "region" for e in entries):
                    body = body[:a] + body[b:]
            rest = re.sub(r"特区|[省市区县州两国]", "", body)
            return not rest or body in (*COUNTRIES, "中国", "中华人民共和国")
        if word in ("厅", "局"):
            return i > j and tokens[i - 1][1] != "ns"
        return True

    def _kind_only(self, name: str, suffix_len: int) -> bool:
        """A kind of thing rather than a name: left of the suffix only industries and
        kind words (新能源产业园, 工程机械园区, 制造业项目, 国家级制造业创新中心)."""
        body = name[: len(name) - suffix_len]
        for a, b, entries in reversed(self.gazetteer.find(body)):
            if any(e.kind == "industry" for e in entries):
                body = body[:a] + body[b:]
        return bool(KIND_WORDS.fullmatch(body))

    def _mentions(self, text: str, s: str, offset: int) -> list[Mention]:
        with self._lock:
            tokens = [(w.word, w.flag) for w in self._pos.cut(s)]
        found: list[Mention] = []
        pos = 0
        spans: list[tuple[int, int]] = []
        for word, _ in tokens:
            spans.append((pos, pos + len(word)))
            pos += len(word)
        taken = [False] * len(s)
        # 1. known names (longest first)
        for a, b, entries in self.gazetteer.find(s):
            entry = _best(entries)
            found.append(
                Mention(
                    offset + a,
                    offset + b,
                    text[offset + a : offset + b],
                    s[a:b],
                    entry.kind,
                    entry,
                    0.95 if entry.iri else 0.85,
                )
            )
            for i in range(a, b):
                taken[i] = True
        # 2. names by suffix, grown leftwards over name-like tokens
        for i, (word, _flag) in enumerate(tokens):
            kind, first, suffix_len = _suffix_kind(word), i, len(_suffix_of(word))
            if kind is None and word in ("中心", "平台", "空间"):  # 技术创新 + 中心
                compound = next((x for x in PLATFORMS if s[: spans[i][1]].endswith(x)), None)
                if compound is None:
                    continue
                kind, suffix_len = "platform", len(compound)
                begin = spans[i][1] - suffix_len
                first = next(k for k in range(i, -1, -1) if spans[k][0] <= begin)
            if kind is None:
                continue
            a, b = spans[i]
            j = first
            while j > 0 and i - j < 8:
                prev, flag = tokens[j - 1]
                route = (
                    prev in ("至", "到")
                    and word.endswith(ROUTES)
                    and j >= 2
                    and tokens[j - 2][1] == "ns"
                )
                # a verbal noun near the suffix belongs to the name (进口博览会, 转化中心项目)
                verbal = (
                    flag == "vn"
                    and j >= 2
                    and tokens[j - 2][1] in NAMEISH
                    and tokens[j - 2][0] not in VERBISH | STOP
                )
                if (
                    not route
                    and not verbal
                    and (
                        flag not in NAMEISH
                        or prev in STOP
                        or prev in VERBISH
                        or any(c in PUNCT for c in prev)
                    )
                ):
                    break
                if flag == "x" and not prev.isalnum() and prev not in HYPHENS:
                    break
                if len(prev) > 1 and prev[-1] in "和与及" and not self.gazetteer.entries.get(prev):
                    break  # 钱素云和 / 国网...公司: a list, not one name
                j -= 1
            # a name does not start with 中 or 内, nor with a number (20人实验室, 5万吨项目) -
            # but an event may start with its year (2022年中国国际进口博览会)
            while j < i and (
                tokens[j][1] == "f"
                or (
                    kind != "event"
                    and (tokens[j][1] in ("m", "q", "t") or tokens[j][0][0].isdigit())
                )
            ):
                j += 1
            a = spans[j][0]
            if (word in NOT_NAMES and j == i) or any(
                word.endswith(n) for n in NOT_NAMES if n.endswith("局")
            ):
                continue
            if b - a - suffix_len < MIN_BODY or b - a > 40:
                continue
            proper = any(tokens[k][1] in PROPER for k in range(j, i + 1)) or any(
                taken[k] for k in range(a, b)
            )
            if not self._authority(tokens, j, i, word):
                continue
            works = (
                word.endswith(INFRASTRUCTURE)
                and s[a : b - len(_suffix_of(word))] not in COMMON_WORKS
            )
            if not proper and not works:  # 工业基地, 产业转移对接活动: a common noun
                continue
            if GENERIC.match(s[a:b]) or GROUP.search(s[a:b]) or self._kind_only(s[a:b], suffix_len):
                continue
            if COUNTED.search(s[:a]):  # 5家超百亿元的锂电新材料项目: a group
                continue
            while a < b and s[a] in HYPHENS:
                a += 1
            if all(taken[k] for k in range(a, b)):
                continue
            found = [  # organisations and events inside the name stay mentions of their own
                m
                for m in found
                if not (
                    m.start - offset >= a
                    and m.end - offset <= b
                    and m.kind not in ("region", "industry", "event")
                    and m.kind not in ORG_KINDS
                )
            ]
            found.append(
                Mention(
                    offset + a, offset + b, text[offset + a : offset + b], s[a:b], kind, None, 0.75
                )
            )
            for k in range(a, b):
                taken[k] = True
        # 3. policies and plans by their title marks
        for m in POLICY.finditer(s):
            a, b = m.start(1), m.end(1)
            if any(x.start == offset + a and x.end == offset + b for x in found):
                continue
            if not POLICY_ENDS.search(s[a:b]) or b - a < 4:  # 《条例》 refers back
                continue
            found.append(
                Mention(
                    offset + a,
                    offset + b,
                    text[offset + a : offset + b],
                    s[a:b],
                    "policy",
                    None,
                    0.85,
                )
            )
        for m in QUOTED_PLAN.finditer(s):
            if not any(x.start <= offset + m.start() < x.end for x in found):
                a, b = m.start("name"), m.end("name")
                found.append(
                    Mention(
                        offset + a,
                        offset + b,
                        text[offset + a : offset + b],
                        s[a:b],
                        "policy",
                        None,
                        0.7,
                    )
                )
        for m in list(found):  # 哈尔滨联合飞机大型无人机产业基地: the company leads the name
            if m.kind not in ("project", "park") or m.entry is None:
                continue
            for kind in ORG_KINDS:
                inner = self.gazetteer.find(m.norm, len(m.norm) - 1, kind)
                if inner and inner[0][0] == 0:
                    a, b, entries = inner[0]
                    found.append(
                        Mention(
                            m.start,
                            m.start + b,
                            text[m.start : m.start + b],
                            m.norm[:b],
                            kind,
                            _best(entries),
                            0.8,
                        )
                    )
                    break
        for m in list(found):  # 国药集团黑龙江中药产业园项目: a project named after its builder
            lead = LEAD_ORG.match(m.norm) if m.kind in ("project", "park", "event") else None
            if lead and not any(x.start == m.start and x.kind in ORG_KINDS for x in found):
                end = m.start + lead.end()
                found.append(
                    Mention(m.start, end, text[m.start : end], lead[0], "enterprise", None, 0.7)
                )
        found = _industries(found, s, text, offset)
        found += _people(tokens, spans, s, text, offset, taken)
        found += _brands(tokens, spans, s, text, offset, taken)
        found.sort(key=lambda m: (m.start, -m.end))
        return found


def _industries(found: list[Mention], s: str, text: str, offset: int) -> list[Mention]:
    """Industry names as sectors: adjacent ones make one (冶金 + 新材料); a short one
    (汽车, 食品) counts only where it names a sector - before 产业, 行业, 领域, 集群, ... or
    listed with other industries - not where it names a product."""
    industries = sorted((m for m in found if m.kind == "industry"), key=lambda m: m.start)
    merged: list[Mention] = []
    for m in industries:
        last = merged[-1] if merged else None
        if last is not None and last.end == m.start and len(last.norm) <= 2:
            a, b = last.start - offset, m.end - offset
            merged[-1] = Mention(
                last.start,
                m.end,
                text[last.start : m.end],
                s[a:b],
                "industry",
                m.entry,
                m.confidence,
            )
        else:
            merged.append(m)
    kept = []
    for m in merged:
        a, b = m.start - offset, m.end - offset
        listed = any(
            other is not m
            and (
                s[other.end - offset : a] in LIST_JOINS or s[b : other.start - offset] in LIST_JOINS
            )
            for other in merged
        )
        if len(m.norm) >= 4 or m.norm.endswith("业") or listed or s[b:].startswith(SECTOR_WORDS):
            kept.append(m)
    return [m for m in found if m.kind != "industry"] + kept


SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


def _people(
    tokens: list[tuple[str, str]],
    spans: list[tuple[int, int]],
    s: str,
    text: str,
    offset: int,
    taken: list[bool],
) -> list[Mention]:
    """People next to their position: 董事长田刚印, 习近平总书记, 菲律宾总统马科斯."""
    out = []
    for i, (word, flag) in enumerate(tokens):
        a, b = spans[i]
        if (
            i
            and tokens[i - 1][0].endswith(tuple(ROLES))
            and word[0] in SURNAMES
            and flag not in PERSON_FLAGS
            and len(word) == 1
            and i + 1 < len(tokens)
            and len(tokens[i + 1][0]) <= 2
            and tokens[i + 1][1] in ("n", "nr", "ng", "v", "a")
        ):  # 董事长田刚印: jieba splits the name (田 / 刚印)
            word, flag, b = word + tokens[i + 1][0], "nr", spans[i + 1][1]
        if flag not in PERSON_FLAGS or not 2 <= len(word) <= 4 or NOT_PERSON.search(word):
            continue
        if any(taken[a:b]):
            continue
        before = tokens[i - 1][0] if i else ""
        after = s[b : b + 4]
        role = next((r for r in ROLES if before.endswith(r)), None) or next(
            (r for r in sorted(ROLES, key=len, reverse=True) if after.startswith(r)), None
        )
        if role is None:
            continue
        out.append(
            Mention(
                offset + a,
                offset + b,
                text[offset + a : offset + b],
                s[a:b],
                "person",
                None,
                0.7,
                role,
            )
        )
    return out


def _brands(
    tokens: list[tuple[str, str]],
    spans: list[tuple[int, int]],
    s: str,
    text: str,
    offset: int,
    taken: list[bool],
) -> list[Mention]:
    """Companies by country and brand when they do business: 德国大众投资约24亿欧元."""
    out = []
    for i, (word, _flag) in enumerate(tokens[:-1]):
        if word not in COUNTRIES:
            continue
        brand, flag = tokens[i + 1]
        a, b = spans[i][0], spans[i + 1][1]
        if flag not in PROPER | {"n"} or len(brand) < 2 or any(taken[spans[i + 1][0] : b]):
            continue
        if _suffix_kind(brand) or not BUSINESS.match(s[b:]):
            continue
        out.append(
            Mention(
                offset + a,
                offset + b,
                text[offset + a : offset + b],
                s[a:b],
                "enterprise",
                None,
                0.6,
            )
        )
    return out


def standalone(mentions: list[Mention]) -> list[Mention]:
    """Mentions less the places and industries named inside another name (黑龙江 in
    黑龙江省人民政府): those are part of that name, not mentions of their own."""
    outer = [m for m in mentions if m.kind not in ("region", "industry")]
    return [
        m
        for m in mentions
        if m.kind not in ("region", "industry")
        or not any(o.start <= m.start and m.end <= o.end and o is not m for o in outer)
    ]


def _best(entries: list[Entry]) -> Entry:
    return sorted(entries, key=lambda e: (e.iri is None, e.kind == "region"))[0]


def _ends(word: str, suffix: str) -> bool:
    """A one-character suffix (园, 院) only as a word of its own: 医院 is no 院."""
    return word == suffix if len(suffix) == 1 else word.endswith(suffix)


# Suffixes by their last character, longest first: a word is checked against a few only.
_BY_LAST: dict[str, list[tuple[str, str]]] = {}
for _suffix_, _kind_ in SUFFIXES:
    _BY_LAST.setdefault(_suffix_[-1], []).append((_suffix_, _kind_))


@functools.lru_cache(maxsize=1 << 16)
def _suffix(word: str) -> tuple[str, str] | None:
    """The longest name suffix a word ends with, and the kind it gives."""
    if not word:
        return None
    return next((sk for sk in _BY_LAST.get(word[-1], ()) if _ends(word, sk[0])), None)


def _suffix_of(word: str) -> str:
    found = _suffix(word)
    return found[0] if found else ""


def _suffix_kind(word: str) -> str | None:
    found = _suffix(word)
    return found[1] if found else None


def _count(m: re.Match[str], s: str, offset: int, text: str) -> Count | None:
    """A count with the thing it counts: the words after it (38个项目), or before it when
    none follow (签约项目626个)."""
    if RANGE.search(m["n"]) or m["n"] in ("一", "两"):  # 一个, 两家: not a figure
        return None
    after = ""
    for c in s[m.end() : m.end() + 6]:
        if c in COUNT_STOP or not "\u4e00" <= c <= "\u9fff":
            break
        after += c
    before = ""
    for c in reversed(s[max(0, m.start() - 6) : m.start()]):
        if c in COUNT_STOP or not "\u4e00" <= c <= "\u9fff":
            break
        before = c + before
    thing = after or before
    if len(thing) < 2:
        return None
    value = _number(m["n"]) * {None: 1, "万": 10**4, "亿": 10**8}[m["u"]]
    a, b = offset + m.start(), offset + m.end()
    return Count(
        a, b, text[a:b], value.normalize(), m["unit"], thing, "MoreThan" if m["q"] else None
    )


DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _number(text: str) -> Decimal:
    """Arabic or Chinese numerals: 4523, 1.65, 百 (100), 两千 (2000), 三十五 (35)."""
    if text[0].isdigit():
        return Decimal(text)
    total, digit = 0, None
    for c in text:
        if c in DIGITS:
            digit = DIGITS[c]
        else:
            total += (1 if digit is None else digit) * {"十": 10, "百": 100, "千": 1000}[c]
            digit = None
    return Decimal(total + (digit or 0))


def _date(m: re.Match[str], offset: int, text: str, today: dt.date | None) -> DateValue | None:
    raw = text[offset + m.start() : offset + m.end()]
    try:
        if m["y"]:
            return DateValue(
                offset + m.start(),
                offset + m.end(),
                raw,
                dt.date(int(m["y"]), int(m["m"]), int(m["d"])),
                "day",
            )
        if m["y5"]:
            return DateValue(
                offset + m.start(),
                offset + m.end(),
                raw,
                dt.date(int(m["y5"]), int(m["m5"]), 1),
                "month",
            )
        if today is None:
            return None
        if m["m2"]:
            return DateValue(
                offset + m.start(),
                offset + m.end(),
                raw,
                dt.date(today.year + YEARS[m["yr"]], int(m["m2"]), int(m["d2"])),
                "day",
            )
        if m["d4"]:  # 27日: this month, or the last one when the day is still to come
            day = int(m["d4"])
            month = today.replace(day=1)
            if day > today.day:
                month = (month - dt.timedelta(days=1)).replace(day=1)
            return DateValue(
                offset + m.start(), offset + m.end(), raw, month.replace(day=day), "day"
            )
        if m["m3"]:
            return DateValue(
                offset + m.start(),
                offset + m.end(),
                raw,
                dt.date(today.year, int(m["m3"]), 1),
                "month",
            )
        back = {"今天": 0, "昨天": 1, "前天": 2}[m["rel"]]
        return DateValue(
            offset + m.start(), offset + m.end(), raw, today - dt.timedelta(days=back), "day"
        )
    except ValueError:
        return None


def _relations(s: str, offset: int, f: SentenceFacts, g: Gazetteer) -> list[Relation]:
    """Relations between the mentions of one sentence (``s``, simplified, at ``offset``)."""
    out: list[Relation] = []
    ms = f.mentions
    orgs = [m for m in ms if m.kind in ORG_KINDS]
    projects = [m for m in ms if m.kind == "project"]
    parks = [m for m in ms if m.kind == "park"]
    events = [m for m in ms if m.kind == "event"]
    policies = [m for m in ms if m.kind == "policy"]
    regions = [m for m in ms if m.kind == "region"]
    sited = orgs + parks + projects

    def inside(inner: Mention, outer: Mention) -> bool:
        return outer.start <= inner.start and inner.end <= outer.end and inner is not outer

    def at(m: Mention) -> int:
        return m.start - offset

    def clause(a: int, b: int) -> bool:
        """No clause break between two positions of the sentence."""
        return not any(c in "，,；;：:" for c in s[min(a, b) : max(a, b)])

    def named_inside(m: Mention, kind: str) -> list[tuple[int, int, Entry]]:
        """Known names of ``kind`` inside the name of ``m`` (also when the whole name is
        known, so that the gazetteer did not split it)."""
        return [(a, b, entries[0]) for a, b, entries in g.find(m.norm, len(m.norm) - 1, kind)]

    def nested(m: Mention, a: int, b: int, e: Entry) -> Mention:
        return Mention(m.start + a, m.start + b, m.text[a:b], m.norm[a:b], e.kind, e, m.confidence)

    # located in: a name that begins with a place (黑龙江省人民政府, 哈尔滨新区) - unless
    # the sentence places it elsewhere (落地龙江的天津中科智能识别研究院)
    named: list[Relation] = []
    for m in sited:
        if m.kind == "project" and m.norm.endswith(ROUTES) and re.search("[至到]", m.norm):
            continue  # 西安至十堰高铁 runs between places
        # the places leading the name, or right after the organisation that leads it:
        # 河南信阳袁湾水库 is in 信阳, 国药集团黑龙江中药产业园项目 in 黑龙江
        lead = next((o for o in orgs if o.start == m.start and o.end < m.end), None)
        places, end = [], (lead.end - m.start if lead else 0)
        for a, b, e in named_inside(m, "region"):
            if a < end:
                continue
            if a != end:
                break
            places.append(nested(m, a, b, e))
            end = b
        if places:
            named.append(Relation(m, "locatedIn", places[-1], 0.8))
    # ... a place right before the name (湖南邵阳犬木塘水库, 位于天津宝坻区的京津中关村科技城),
    # or after it (基地位于哈尔滨), or leading the sentence (在福建，厦门新机场、福厦高铁...)
    for m in sited:
        for r in regions:
            if inside(r, m) or any(inside(r, o) for o in sited):
                continue
            if (
                r.end <= m.start
                and s[r.end - offset : at(m)] in ("", "的")
                or m.end <= r.start
                and PLACED.fullmatch(s[m.end - offset : at(r)])
            ):
                out.append(Relation(m, "locatedIn", r, 0.75))
    stated = {(r.subject, r.object.norm) for r in out if r.predicate == "locatedIn"}

    def agrees(r: Relation) -> bool:
        """The name's place and the places the sentence gives agree (顺义区 is in 北京;
        龙江 is not 天津)."""
        given = [place for subject, place in stated if subject == r.subject]
        named_at = g.code(r.object.norm)  # type: ignore[union-attr]
        return all(place == r.object.norm or _within(g.code(place), named_at) for place in given)

    out += [r for r in named if agrees(r)]
    lead = LEAD.match(s)
    if lead:
        head = [
            r
            for r in regions
            if lead.end("place") <= at(r) < lead.end() and not any(inside(r, o) for o in sited)
        ]
        stop = next((k for k in range(lead.end(), len(s)) if s[k] in "；;"), len(s))
        for m in sited:
            if head and lead.end() <= at(m) < stop:
                out.append(Relation(m, "locatedIn", head[-1], 0.6))
    # in an industry named inside a project or park name (无人机产业基地)
    for m in projects + parks:
        for a, b, e in named_inside(m, "industry"):
            out.append(Relation(m, "inIndustry", nested(m, a, b, e), 0.75))
    # builds: a project named after its builder (鞍钢集团新材料钢材项目)
    for p in projects:
        for o in orgs:
            if inside(o, p) and o.start == p.start:
                out.append(Relation(o, "builds", p, 0.7))
    signing = any(k in s for k in SIGNING)
    investing = any(k in s for k in INVESTING)
    free_orgs = [o for o in orgs if not any(inside(o, p) for p in projects + parks + events)]
    if (signing or COOPERATING.search(s)) and len(free_orgs) >= 2:
        for a_i, a in enumerate(free_orgs):
            for b in free_orgs[a_i + 1 :]:
                if a.norm != b.norm:
                    out.append(Relation(a, "cooperatesWith", b, 0.65))
    for p in projects:
        builders = [o for o in free_orgs if o.end <= p.start and clause(o.end - offset, at(p))]
        if builders and (investing or signing):
            gap = s[builders[-1].end - offset : at(p)]
            # 投资建设 / 建设: builds; 投资 alone (or 入股, 参股): invests in
            verb = "investsIn" if INVESTS.search(gap) and not BUILDS.search(gap) else "builds"
            out.append(Relation(builders[-1], verb, p, 0.65))
        for money in f.money:  # 项目总投资50亿元, 项目，计划投资12亿元
            between = s[p.end - offset : money.start - offset]
            others = any(p.end <= q.start < money.start for q in projects if q is not p)
            if p.end <= money.start and "投资" in between and not others and "；" not in between:
                out.append(Relation(p, "investment", money, 0.7))
                break
    for m in projects + parks:
        word = _milestone_after(s, m.end - offset)
        if word is not None:
            when = next((d for d in reversed(f.dates) if d.end <= m.start), None) or (
                f.dates[0] if f.dates else None
            )
            out.append(
                Relation(m, "milestone", MILESTONES[word], 0.7, (("date", when), ("word", word)))
            )
    for pol in policies:
        issuers = [o for o in free_orgs if o.end <= pol.start]
        if issuers and any(k in s for k in ISSUING):
            out.append(Relation(pol, "issuedBy", issuers[-1], 0.7))
    for e in events:
        verbs = list(ORGANIZING.finditer(s, 0, at(e)))
        if verbs and clause(verbs[-1].end(), at(e)):
            for o in free_orgs:
                if o.end - offset <= verbs[-1].start() and clause(
                    o.end - offset, verbs[-1].start()
                ):
                    verb = "hosts" if "承办" in verbs[-1][0] else "organizes"
                    out.append(Relation(o, verb, e, 0.65))
        for r in regions:
            place = at(r)
            if (
                e.end <= r.start
                and s[place - 1 : place] == "在"
                and s[r.end - offset :].startswith(HOSTING)
                and clause(e.end - offset, place)
            ):
                out.append(Relation(e, "heldIn", r, 0.7))
    # part of: a place right before the place it lies in (湖南邵阳, 福州市马尾区)
    for a_, b_ in zip(regions, regions[1:], strict=False):
        if a_.end == b_.start and _within(g.code(b_.norm), g.code(a_.norm)):
            out.append(Relation(b_, "partOf", a_, 0.8))
    # an event inside another event's name is part of it (进博会 ... 贸易投资对接会)
    for e in events:
        for outer in events:
            if outer is not e and outer.start == e.start and e.end < outer.end:
                out.append(Relation(outer, "subEventOf", e, 0.7))
    # who attends an event (出席, 参加)
    for e in events:
        for actor in [m for m in ms if m.kind == "person" or m.kind in ORG_KINDS]:
            gap = s[actor.end - offset : at(e)]
            if actor.end <= e.start and ATTENDING.search(gap) and clause(actor.end - offset, at(e)):
                out.append(Relation(e, "participant", actor, 0.6))
    # an event's or a policy's industries (专题对接活动聚焦..., 《目录》鼓励...先进制造业)
    industries = [m for m in ms if m.kind == "industry" and m.entry is not None and m.entry.iri]

    def governs(head: Mention, words: re.Pattern[str]) -> list[Mention]:
        """The industries a verb after ``head`` takes (鼓励外商投资先进制造业、现代服务业)."""
        verb = words.search(s, head.end - offset)
        if verb is None or not clause(head.end - offset, verb.start()):
            return []
        return [
            i
            for i in industries
            if at(i) >= verb.end() and not any(c in "；;。" for c in s[verb.end() : at(i)])
        ]

    for e in events:
        out += [Relation(e, "coversIndustry", i, 0.55) for i in governs(e, COVERING)]
    for pol in policies:
        out += [Relation(pol, "supportsIndustry", i, 0.55) for i in governs(pol, SUPPORTING)]
        if SUPPORTING.search(pol.norm):  # 《关于促进制造业有序转移的指导意见》
            for a, b, e in named_inside(pol, "industry"):
                if e.iri:
                    out.append(Relation(pol, "supportsIndustry", nested(pol, a, b, e), 0.6))
    # counts, of the nearest thing named before them in the sentence
    subjects = [m for m in ms if m.kind in ORG_KINDS or m.kind in ("region", "event", "park")]
    for c in f.counts:
        before = [m for m in subjects if m.end <= c.start]
        if before:
            out.append(Relation(before[-1], "count", c, 0.5))
    return out


def _within(inner: Entry | None, outer: Entry | None) -> bool:
    """Whether one division lies in another, by their codes (330800 in 330000)."""
    if inner is None or outer is None or not inner.code or not outer.code:
        return False
    if inner.code == outer.code:
        return False
    digits = {"province": 2, "city": 4}.get(outer.level or "")
    return digits is not None and inner.code[:digits] == outer.code[:digits]


def _milestone_after(s: str, end: int) -> str | None:
    """The milestone word that follows a name in its clause (项目开工奠基, 基地正式投产),
    unless the milestone is only planned (预计2025年建成, 将于年底投产)."""
    m = MILESTONE_AFTER.match(s, end)
    return m["word"] if m else None
