"""Values in a sentence: money normalised to its currency's unit, dates resolved against the
article's date, and counts of things (38个项目) with the noun they count.

>>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
>>> lex = load(SOURCE_TREE)
>>> [(m.yuan, m.qualifier, m.currency) for m in money("总投资50多亿元，约2.4亿欧元", 0, "总投资50多亿元，约2.4亿欧元", lex)]
[(Decimal('5E+9'), 'MoreThan', 'CNY'), (Decimal('2.4E+8'), 'About', 'EUR')]
>>> [(d.date.isoformat(), d.precision) for d in dates("8月8日开工，今年4月投产", 0, "8月8日开工，今年4月投产", dt.date(2024, 8, 23))]
[('2024-08-08', 'day'), ('2024-04-01', 'month')]
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from kg.ingest.extract.lexicon import Lexicon
from kg.ingest.extract.model import Count, DateValue, Money

RANGE = re.compile(r"[一二两三四五六七八九]{2}")  # 一两百万元: a range, not an amount
UNITS = {None: 1, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8, "万亿": 10**12}
QUALIFIERS = {  # -> kg:Qualifier (local names)
    "超过": "MoreThan",
    "超": "MoreThan",
    "逾": "MoreThan",
    "多": "MoreThan",
    "余": "MoreThan",
    "近": "About",
    "约": "About",
}
_NUMBER = r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+"


def _money_pattern(lex: Lexicon) -> re.Pattern[str]:
    currencies = "|".join(sorted(map(re.escape, lex.currencies), key=len, reverse=True))
    return re.compile(
        r"(?P<q1>超过|超|逾|近|约|达|共计|累计)?(?<![数几多])(?P<n>" + _NUMBER + r")"
        r"(?P<q2>多|余)?(?P<u>万亿|亿|千万|百万|万)?(?P<c>" + currencies + ")"
    )


_PATTERNS: dict[int, re.Pattern[str]] = {}


def money(s: str, start: int, text: str, lex: Lexicon) -> list[Money]:
    """Amounts of money in ``s`` (the simplified sentence at ``start`` of ``text``)."""
    pattern = _PATTERNS.get(id(lex)) or _PATTERNS.setdefault(id(lex), _money_pattern(lex))
    out = []
    for m in pattern.finditer(s):
        if RANGE.search(m["n"]):
            continue
        try:
            amount = number(m["n"]) * UNITS[m["u"]]
        except ValueError:
            continue
        a, b = start + m.start(), start + m.end()
        out.append(
            Money(
                a, b, text[a:b], amount.normalize(), QUALIFIERS.get(m["q1"] or m["q2"] or ""),
                lex.currencies[m["c"]],
            )
        )
    return out


def number(text: str) -> Decimal:
    """Arabic or Chinese numerals (by ``cn2an``): 4523, 1.65, 百 (100), 两千 (2000);
    ``ValueError`` for what is no number (千百).

    >>> number("4523"), number("百"), number("两千"), number("三十五"), number("一百零五")
    (Decimal('4523'), Decimal('100'), Decimal('2000'), Decimal('35'), Decimal('105'))
    """
    if text[0].isdigit():
        return Decimal(text)
    import cn2an  # deferred: its tables load on first use

    if text[0] in "百千万":
        text = "一" + text
    value = cn2an.cn2an(text, "smart")
    return Decimal(int(value)) if value == int(value) else Decimal(str(value))


# Dates as news items write them - the annotation guide's dates: a day, or a single month;
# not a year, a span of months (1—8月, 前三季度), a season (上半年) nor a vague part of a
# month (6月初): 2024年8月8日, 8月8日, 今年4月, 去年10月份, 2023年12月末, 十月份, 27日, 今天,
# 2026年元旦; a day range (5月10日至12日) gives both of its days.
_MONTH = r"(?:1[0-2]|0?[1-9])"
_CN_MONTH = r"(?:十[一二]|[一二三四五六七八九十])"  # 十月份 (read by cn2an)
_TO = r"[至到—–\-－~～]"  # a range's dash
_YEAR_WORD = r"明年|去年|今年"
_NOT_A_PART = r"(?![上中下]旬|[底初日号\d])"  # 6月初, 5月中旬, 3月底: vague; no date
DATES = re.compile(
    r"(?P<y>\d{4})年(?P<m>" + _MONTH + r")月(?P<d>\d{1,2})日"
    r"(?:" + _TO + r"(?P<d_to>\d{1,2})日)?"
    r"|(?P<yr>" + _YEAR_WORD + r")?(?P<m2>" + _MONTH + r")月(?P<d2>\d{1,2})日"
    r"(?:" + _TO + r"(?P<d2_to>\d{1,2})日)?"
    r"|(?P<y5>\d{4})年(?P<m5>" + _MONTH + r")月(?:份|末)?" + _NOT_A_PART
    # a month alone after 今年 / 去年 / 明年 or opening a clause (its own 份 or 末 may
    # follow), or anywhere with 份 / 末 - never the end of a span (1—8月) nor its start (从8月份)
    + r"|(?:(?P<yr3>" + _YEAR_WORD + r")|(?<=[，,；;。：:（(\s])|(?<=截至)|^)"
    r"(?P<m3>" + _MONTH + "|" + _CN_MONTH + r")月(?P<part>份|末)?" + _NOT_A_PART
    + r"|(?<![\d一二三四五六七八九十—–\-－至到从月年])(?P<m6>" + _MONTH + "|" + _CN_MONTH
    + r")月(?:份|末)" + _NOT_A_PART
    + r"|(?<![\d月年—–\-－至到])(?P<d4>\d{1,2})日(?=[举召开发宣在起，,])"
    r"|(?:(?P<ny>\d{4})年|(?P<nyr>" + _YEAR_WORD + r"))元旦"
    r"|(?P<rel>今天|昨天|前天)(?!的)"  # 今天的中国: the present, no date
)
YEARS = {None: 0, "今年": 0, "明年": 1, "去年": -1}


def dates(s: str, start: int, text: str, today: dt.date | None) -> list[DateValue]:
    """Dates in ``s``, resolved against the article's date ``today``.

    >>> def iso(s, today=dt.date(2024, 1, 14)):
    ...     return [(d.text, d.date.isoformat(), d.precision) for d in dates(s, 0, s, today)]
    >>> iso("去年9月份签约，今年3月份投产")
    [('去年9月份', '2023-09-01', 'month'), ('今年3月份', '2024-03-01', 'month')]
    >>> iso("截至2025年6月末，较2024年6月末增长")
    [('2025年6月末', '2025-06-01', 'month'), ('2024年6月末', '2024-06-01', 'month')]
    >>> iso("博览会将于5月10日至12日举行", dt.date(2025, 4, 20))
    [('5月10日', '2025-05-10', 'day'), ('12日', '2025-05-12', 'day')]
    >>> iso("今年1—5月，较5月末增长；十月份，订单饱满", dt.date(2025, 10, 7))
    [('5月末', '2025-05-01', 'month'), ('十月份', '2025-10-01', 'month')]
    >>> iso("7月份制造业采购经理指数回升，6月中旬", dt.date(2025, 8, 3))
    [('7月份', '2025-07-01', 'month')]
    >>> iso("预计4月初开工，从9月份持续至年底，上半年，前三季度", dt.date(2025, 3, 18))
    []
    >>> iso("今天的乡村，产业兴旺；今天（6月5日）开幕", dt.date(2025, 6, 5))
    [('今天', '2025-06-05', 'day'), ('6月5日', '2025-06-05', 'day')]
    >>> iso("自2026年元旦起施行", dt.date(2025, 12, 20))
    [('2026年元旦', '2026-01-01', 'day')]
    """
    out = []
    for m in DATES.finditer(s):
        out += _date(m, start, text, today)
    return out


def _date(m: re.Match[str], offset: int, text: str, today: dt.date | None) -> list[DateValue]:
    a, b = offset + m.start(), offset + m.end()

    def value(date: dt.date, precision: str = "day") -> list[DateValue]:
        return [DateValue(a, b, text[a:b], date, precision)]

    def days(year: int, month: int, day: str, last: str | None) -> list[DateValue]:
        """A day, or both days of a range (5月10日至12日)."""
        first = dt.date(year, month, int(day))
        if not last:
            return value(first)
        to = m.start("d_to") if m["d_to"] else m.start("d2_to")
        cut = offset + to
        return [
            DateValue(a, cut - 1, text[a : cut - 1], first, "day"),
            DateValue(cut, b, text[cut:b], dt.date(year, month, int(last)), "day"),
        ]

    try:
        if m["y"]:
            return days(int(m["y"]), int(m["m"]), m["d"], m["d_to"])
        if m["y5"]:
            return value(dt.date(int(m["y5"]), int(m["m5"]), 1), "month")
        if m["ny"]:
            return value(dt.date(int(m["ny"]), 1, 1))
        if today is None:
            return []
        if m["m2"]:
            return days(today.year + YEARS[m["yr"]], int(m["m2"]), m["d2"], m["d2_to"])
        if m["d4"]:  # 27日: this month, or the last one when the day is still to come
            day = int(m["d4"])
            month = today.replace(day=1)
            if day > today.day:
                month = (month - dt.timedelta(days=1)).replace(day=1)
            return value(month.replace(day=day))
        if m["m3"] or m["m6"]:
            month_text = m["m3"] or m["m6"]
            if not month_text.isdigit() and not (m["yr3"] or m["part"] or m["m6"]):
                return []  # 十月 alone: a name (十月革命) as often as a month
            year = today.year + YEARS[m["yr3"]]
            return value(dt.date(year, int(number(month_text)), 1), "month")
        if m["nyr"]:
            return value(dt.date(today.year + YEARS[m["nyr"]], 1, 1))
        return value(today - dt.timedelta(days={"今天": 0, "昨天": 1, "前天": 2}[m["rel"]]))
    except ValueError:
        return []


# Counts of things: 38个项目, 签约项目626个, 2.3万家企业. Not after 数/几/上 (数百家 is no
# number) nor inside a date or an ordinal.
COUNT = re.compile(
    r"(?<![\d.年月第数几上成])(?P<n>" + _NUMBER + r")(?P<q>多|余)?(?P<u>万|亿)?"
    r"(?P<unit>个|家|项|所|座|条|场|件|名|台|辆|款)(?![月日元次])"  # 辆次, 人次: crossings
)
# What a count may not count: spans of time and shares (四个半小时, 5个多小时, 3个百分点).
NOT_COUNTED = re.compile(r"^(?:半|多|余)?(?:小时|钟头|月|星期|礼拜|季度|工作日|年|周|天|百分点|点|倍)")
# Tags of the words a counted noun is made of (jieba): nouns, names, verbal nouns.
NOUNISH = {"n", "nz", "nt", "ns", "vn", "ng", "an", "j", "eng"}
NOUNS = {"n", "nz", "nt", "ng", "j", "eng"}  # what a counted noun ends in
NOUNS_MAX = 10  # characters of the nouns after a count (火锅食材加工企业)
PAIRS = ("、", "和", "及", "与")  # nouns joined into one counted noun (国家和地区)
# Verbs that build compound nouns (科技创新团队, 技术服务机构, 生产制造基地): after nouns and
# before a noun, the phrase goes on.
COMPOUND_VERBS = frozenset(
    [
        "创新", "研发", "服务", "管理", "制造", "生产", "加工", "孵化", "示范", "检测", "交易", "展示",
        "培训", "体验", "发展", "应用", "运营", "转化", "就业", "创业", "避暑", "缴费", "办税", "养老",
        "休闲", "研究", "设计", "维修", "回收", "利用", "保护", "治理", "监测", "康复", "配套",
    ]
)
CLOSERS = set("，,。；;、）)：:") | {"以"}  # after a count that closes its phrase (项目38个，)


def counts(
    s: str, start: int, text: str, tokens: list[tuple[str, str, int, int]]
) -> list[Count]:
    """Counts with the noun they count: the nouns right after the count (38个项目), or,
    when none follow, the nouns right before it (签约项目626个). ``tokens`` are ``(word,
    tag, start, end)`` in ``s``. No noun, no count.

    >>> t = [("签约", "v", 0, 2), ("项目", "n", 2, 4), ("626", "m", 4, 7), ("个", "q", 7, 8)]
    >>> [(c.value, c.thing) for c in counts("签约项目626个", 0, "签约项目626个", t)]
    [(Decimal('626'), '项目')]
    >>> t = [("最快", "d", 0, 2), ("四个", "m", 2, 4), ("半小时", "m", 4, 7)]
    >>> counts("最快四个半小时", 0, "最快四个半小时", t)
    []
    """
    out = []
    for m in COUNT.finditer(s):
        if RANGE.search(m["n"]) or m["n"] in ("一", "两"):  # 一个, 两家: not a figure
            continue
        if NOT_COUNTED.match(s[m.end() :]):
            continue
        after = _nouns_after(tokens, m.end())
        if after is None:  # the noun phrase runs on: which noun is counted is not clear
            continue
        # the nouns before only where the count closes its phrase (签约项目626个，...), not
        # where what it counts comes later (培育出30个有影响力的平台)
        closes = m.end() == len(s) or s[m.end()] in CLOSERS
        thing = after or (_nouns_before(tokens, m.start(), s) if closes else "")
        if len(thing) < 2:
            continue
        try:
            value = number(m["n"]) * {None: 1, "万": 10**4, "亿": 10**8}[m["u"]]
        except ValueError:
            continue
        a, b = start + m.start(), start + m.end()
        out.append(
            Count(a, b, text[a:b], value.normalize(), m["unit"], thing, "MoreThan" if m["q"] else None)
        )
    return out


def _nouns_after(tokens: list[tuple[str, str, int, int]], at: int) -> str | None:
    """The nouns right after ``at`` (at most ten characters), ending in a noun; nouns
    joined by 、, 和, 及 or 与 count as one (6个新能源、新材料项目 counts 项目 of both kinds;
    214个国家和地区 counts countries and regions). None when the phrase runs on past them -
    more nouns than ten characters (特色商业街营业额同比...), or a verb inside a compound
    (106个顶尖科技创新团队): the counted noun is then not the one found.

    >>> t = [("6", "m", 0, 1), ("个", "q", 1, 2), ("新能源", "n", 2, 5), ("、", "x", 5, 6),
    ...      ("新材料", "n", 6, 9), ("项目", "n", 9, 11), ("开工", "v", 11, 13)]
    >>> _nouns_after(t, 2)
    '新能源、新材料项目'
    >>> t = [("火锅", "n", 0, 2), ("食材", "n", 2, 4), ("加工", "vn", 4, 6), ("企业", "n", 6, 8)]
    >>> _nouns_after(t, 0)
    '火锅食材加工企业'
    >>> t = [("国家", "n", 0, 2), ("和", "c", 2, 3), ("地区", "n", 3, 5), ("的", "uj", 5, 6)]
    >>> _nouns_after(t, 0)
    '国家和地区'
    >>> t = [("顶尖", "n", 0, 2), ("科技", "n", 2, 4), ("创新", "v", 4, 6), ("团队", "n", 6, 8)]
    >>> _nouns_after(t, 0) is None
    True
    """
    words: list[tuple[str, str]] = []
    after = [t for t in tokens if t[2] >= at]

    def word_after(i: int) -> str:
        return after[i + 1][0] if i + 1 < len(after) else ""

    for i, (word, tag, _, _) in enumerate(after):
        following = after[i + 1][1] if i + 1 < len(after) else ""
        if sum(len(w) for w, _ in words) >= NOUNS_MAX:
            if tag in NOUNISH:
                return None  # more nouns than the limit: where the noun ends is not known
            break
        joined = word in PAIRS and words and following in NOUNISH
        if tag not in NOUNISH and not joined:
            if words and word in COMPOUND_VERBS and (_noun_follows(after, i + 1) or word_after(i) in PAIRS):
                return None  # 顶尖科技 + 创新 + 团队: a compound the tagger broke
            if words and word in PAIRS:
                return None  # 纺织鞋服及配套企业: the noun counted comes after the pair
            break
        words.append((word, tag))
    return _ending_in_a_noun(words)


def _noun_follows(tokens: list[tuple[str, str, int, int]], i: int) -> bool:
    """Whether a noun starts at ``tokens[i]``, after at most one adjective (新措施); a word
    of the gazetteer jieba has no tag for (文旅: ``x``) counts as one."""
    if i < len(tokens) and tokens[i][1] in ("a", "b"):
        i += 1
    if i >= len(tokens):
        return False
    word, tag = tokens[i][0], tokens[i][1]
    return tag in NOUNISH or (tag == "x" and _chinese(word))


def _chinese(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _nouns_before(tokens: list[tuple[str, str, int, int]], at: int, s: str) -> str:
    """The nouns right before ``at`` (at most six characters), ending in a noun, after a
    verb, a punctuation mark or the start - not the tail of a longer phrase (绿色低碳工业
    园区30个: 低 before 碳工业园区).

    >>> t = [("签约", "v", 0, 2), ("项目", "n", 2, 4), ("626", "m", 4, 7)]
    >>> _nouns_before(t, 4, "签约项目626")
    '项目'
    >>> t = [("绿色", "n", 0, 2), ("低", "a", 2, 3), ("碳", "n", 3, 4), ("工业园区", "n", 4, 8)]
    >>> _nouns_before(t, 8, "绿色低碳工业园区")
    ''
    >>> _nouns_before([("绿色低碳", "x", 0, 4), ("工业园区", "n", 4, 8)], 8, "绿色低碳工业园区")
    ''
    """
    words: list[tuple[str, str]] = []
    for word, tag, _, b in reversed(tokens):
        if b > at:
            continue
        if b < at and not words:
            return ""  # something between the noun and the number
        if tag == "x" and _chinese(word):
            return ""  # a word of the gazetteer jieba has no tag for (绿色低碳) runs on
        if tag not in NOUNISH or sum(len(w) for w, _ in words) >= 6:
            if not (tag.startswith("v") or tag in ("x", "p", "c", "t", "ns", "m", "eng")):
                return ""  # the nouns are the end of a longer phrase
            break
        words.insert(0, (word, tag))
        at = b - len(word)
    return _ending_in_a_noun(words)


def _ending_in_a_noun(words: list[tuple[str, str]]) -> str:
    """The words up to their last noun proper (常态化, a verbal noun, ends none)."""
    while words and words[-1][1] not in NOUNS:
        words.pop()
    return "".join(w for w, _ in words)
