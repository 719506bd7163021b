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
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from kg.ingest.gazetteer import Entry, Gazetteer

EXTRACTOR_VERSION = "kg-ingest/1"

# Suffix -> kind, longest first.
SUFFIXES: list[tuple[str, str]] = sorted(
    [
        *(
            (s, "enterprise")
            for s in ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "制造厂")
        ),
        *((s, "university") for s in ("大学", "学院")),
        *((s, "research-institute") for s in ("研究院", "研究所", "科学院", "研究中心", "实验室")),
        *((s, "government") for s in ("人民政府", "管委会", "委员会", "办公室", "厅", "局")),
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
                "示范区",
                "产业基地",
                "基地",
            )
        ),
        *((s, "project") for s in ("项目",)),
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
            )
        ),
    ],
    key=lambda x: -len(x[0]),
)
# jieba part-of-speech flags a name may be built of.
NAMEISH = {
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
    "vn",
    "l",
    "an",
    "b",
    "x",
}
STOP = set("与和及同在的为由向将对是于从把被让给以并也还已正共到至跟就而或等了着过这那该其各此每")
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
    r"多个|部分|重点|重大|相关|有关|其他|其它|上述|大型|一些|若干|众多|新一批)"
)
# Tokens that make a run of words a proper name (a place, an organisation, a brand, a number).
PROPER = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "m"}

MONEY = re.compile(
    r"(?P<q1>超过|超|逾|近|约|达|共计|累计)?(?P<n>\d+(?:\.\d+)?)(?P<q2>多|余)?(?P<u>万亿|亿|千万|百万|万)?元"
)
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
    r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日|(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    r"|今年(?P<m3>\d{1,2})月|(?P<rel>今天|昨天|前天)"
)
POLICY = re.compile(r"《([^《》]{2,60})》")

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
SIGNING = ("签约", "签署", "签订", "合作协议", "战略合作")
INVESTING = ("投资", "总投资", "投建", "建设", "新建", "扩建")
ISSUING = ("印发", "发布", "出台", "制定")
HOSTING = ("举办", "举行", "召开", "开幕")
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


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    text: str
    yuan: Decimal
    qualifier: str | None


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
    object: Mention | Money | DateValue | str
    confidence: float
    extra: tuple[tuple[str, object], ...] = ()


@dataclass
class SentenceFacts:
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
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
                Decimal(m["n"]) * UNITS[m["u"]],
                QUALIFIERS.get(m["q1"] or m["q2"] or ""),
            )
            for m in MONEY.finditer(s)
        ]
        facts.dates = [d for m in DATES.finditer(s) if (d := _date(m, start, text, today))]
        facts.relations = list(dict.fromkeys(_relations(s, start, facts)))
        return facts

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
            kind = _suffix_kind(word)
            if kind is None:
                continue
            a, b = spans[i]
            j = i
            while j > 0 and i - j < 8:
                prev, flag = tokens[j - 1]
                if flag not in NAMEISH or prev in STOP or any(c in PUNCT for c in prev):
                    break
                if flag == "x" and not prev.isalnum():
                    break
                j -= 1
            a = spans[j][0]
            if word in NOT_NAMES and j == i:
                continue
            if b - a - len(_suffix_of(word)) < MIN_BODY or b - a > 40:
                continue
            proper = any(tokens[k][1] in PROPER for k in range(j, i + 1)) or any(
                taken[k] for k in range(a, b)
            )
            if not proper:  # 工业基地, 产业转移对接活动: a common noun, not a name
                continue
            if GENERIC.match(s[a:b]):
                continue
            if all(taken[k] for k in range(a, b)):
                continue
            found = [
                m
                for m in found
                if not (
                    m.start - offset >= a
                    and m.end - offset <= b
                    and m.kind != "region"
                    and m.kind != "industry"
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
        found.sort(key=lambda m: (m.start, -m.end))
        return found


def _best(entries: list[Entry]) -> Entry:
    return sorted(entries, key=lambda e: (e.iri is None, e.kind == "region"))[0]


def _suffix_of(word: str) -> str:
    return next((suffix for suffix, _ in SUFFIXES if word.endswith(suffix)), "")


def _suffix_kind(word: str) -> str | None:
    return next((kind for suffix, kind in SUFFIXES if word.endswith(suffix)), None)


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
        if today is None:
            return None
        if m["m2"]:
            return DateValue(
                offset + m.start(),
                offset + m.end(),
                raw,
                dt.date(today.year, int(m["m2"]), int(m["d2"])),
                "day",
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


def _relations(s: str, offset: int, f: SentenceFacts) -> list[Relation]:
    out: list[Relation] = []
    orgs = [m for m in f.mentions if m.kind in ORG_KINDS]
    projects = [m for m in f.mentions if m.kind == "project"]
    parks = [m for m in f.mentions if m.kind == "park"]
    events = [m for m in f.mentions if m.kind == "event"]
    policies = [m for m in f.mentions if m.kind == "policy"]
    regions = [m for m in f.mentions if m.kind == "region"]
    industries = [m for m in f.mentions if m.kind == "industry"]

    def inside(inner: Mention, outer: Mention) -> bool:
        return outer.start <= inner.start and inner.end <= outer.end

    # a name that begins with a place lies in it (黑龙江省人民政府, 哈尔滨新区)
    for m in orgs + parks + projects:
        for r in regions:
            if r.start == m.start and r.end < m.end:
                out.append(Relation(m, "locatedIn", r, 0.8))
    # projects in an industry named inside them (无人机产业基地项目)
    for p in projects + parks:
        for ind in industries:
            if inside(ind, p):
                out.append(Relation(p, "inIndustry", ind, 0.75))
    signing = any(k in s for k in SIGNING)
    investing = any(k in s for k in INVESTING)
    free_orgs = [o for o in orgs if not any(inside(o, p) for p in projects + parks + events)]
    if signing and len(free_orgs) >= 2:
        for a_i, a in enumerate(free_orgs):
            for b in free_orgs[a_i + 1 :]:
                if a.norm != b.norm:
                    out.append(Relation(a, "cooperatesWith", b, 0.65))
    for p in projects:
        builders = [o for o in free_orgs if o.end <= p.start]
        if builders and (investing or signing):
            out.append(Relation(builders[-1], "builds", p, 0.65))
        for money in f.money:
            if money.start > p.start - 40 and ("投资" in s or "总投资" in s):
                out.append(Relation(p, "investment", money, 0.7))
                break
        for word, kind in MILESTONES.items():
            at = s.find(word)
            if at >= 0:
                when = f.dates[0] if f.dates else None
                out.append(Relation(p, "milestone", kind, 0.7, (("date", when), ("word", word))))
                break
    for pol in policies:
        issuers = [o for o in free_orgs if o.end <= pol.start]
        if issuers and any(k in s for k in ISSUING):
            out.append(Relation(pol, "issuedBy", issuers[-1], 0.7))
    for e in events:
        if any(k in s for k in HOSTING):
            for r in regions:
                if not inside(r, e):
                    out.append(Relation(e, "heldIn", r, 0.6))
                    break
    return out
