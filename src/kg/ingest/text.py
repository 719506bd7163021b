"""Chinese text: traditional -> simplified for matching (same length, so offsets hold),
sentences with their character offsets, and the reports of a news digest."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache

_LOCK = threading.Lock()


@cache
def _converter():
    import opencc  # deferred: its dictionaries load on first use, not at import of kg

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters, character for character: OpenCC's phrase
    conversion is kept where it does not change the length, so every offset into the
    result is an offset into the original text. A sentence whose every character OpenCC
    would change is in GB 2312 (the simplified character set) is simplified already and kept
    as written: OpenCC reads 乾 as the traditional form of 干 even in a county's name
    (吉林省乾安县), 坏土 of 破坏土耳其 as 坯土; a sentence with a character outside it is
    traditional text, converted whole (於 of 位於 too).

    >>> simplified("國藥集團"), simplified("吉林省乾安县"), simplified("目的是破坏土耳其经济")
    ('国药集团', '吉林省乾安县', '目的是破坏土耳其经济')
    >>> simplified("總部位於哈爾濱。吉林省乾安县")
    '总部位于哈尔滨。吉林省乾安县'
    """
    with _LOCK:
        convert = _converter().convert
        out = convert(text)
        if len(out) != len(text):
            out = "".join(c if len(s := convert(c)) != 1 else s for c in text)
    if out == text:
        return out
    kept = []
    for m in _SENTENCE.finditer(text):
        a, b = m.start(), m.end()
        changed = [c for c, d in zip(text[a:b], out[a:b], strict=True) if c != d]
        simplified_already = all(_simplified_already(c) for c in changed)
        kept.append(text[a:b] if simplified_already else out[a:b])
    return "".join(kept)


# A sentence, or a line, as simplification judges it: its end mark included.
_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]?")


@cache
def _simplified_already(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# A sentence ends at 。！？!? or ；; (Chinese news packs clauses with them) and at a line
# break; closing quotes and brackets right after the mark stay with it.
_END = re.compile(r"[。！？!?；;]+[”’」』）)】]*|\n+")


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        _add(out, text, start, m.end() if m.group()[0] != "\n" else m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


@dataclass(frozen=True)
class Report:
    """One report of a news digest: its headline, where the headline line begins, where its
    text under the headline begins and where it ends (offsets into the digest's text, the
    lines' surrounding spaces left out)."""

    headline: str
    start: int
    body: int
    end: int


# A digest's headline is a line of its own, short, that ends no sentence and introduces
# none (a lead such as 央视网消息（新闻联播）： ends with a colon); the lines under it up to
# the next headline are its report. A document's outline is no digest: a line numbered as a
# section (一、 / （二） / 3.), wholly in brackets (（按姓氏笔画为序排列）) or a letter's
# closing (此致) heads no report. Two headline lines in a row: the first is text of the report
# before (a report's text is never one headline-like line alone).
HEADLINE_MAX = 50
REPORTS_MAX = 30  # a real digest has at most 16: more is a list, not a digest
_LINE = re.compile(r"[^\n]+")
_NOT_HEADLINE_END = tuple("。！？!?；;：:…”’")
_OUTLINE = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[、）)]|[（(]\d+[）)]|\d+[.．、](?!\d))")
_BRACKETED = re.compile(r"^[（(【\[].*[）)】\]]$")
_CLOSINGS = ("此致", "敬礼")


def _headline(line: str) -> bool:
    return (
        len(line) <= HEADLINE_MAX
        and not line.endswith(_NOT_HEADLINE_END)
        and _OUTLINE.match(line) is None
        and _BRACKETED.match(line) is None
        and not line.startswith(_CLOSINGS)
    )


def reports(text: str) -> list[Report]:
    """The reports of a news digest (联播快讯: short reports, each under a headline line),
    in order; ``[]`` unless the text holds two to :data:`REPORTS_MAX` of them, each
    headline followed by a line of text that is not one.

    >>> text = (
    ...     "央视网消息（新闻联播）：\\n我国国家综合立体交通网建成率近八成\\n"
    ...     "记者从交通运输部获悉，今年我国新建高速铁路1700公里。\\n"
    ...     "我国大部地区气温逐步回升\\n22日以来，全国大部气温逐步回升。\\n"
    ... )
    >>> [(r.headline, text[r.body : r.end]) for r in reports(text)]
    [('我国国家综合立体交通网建成率近八成', '记者从交通运输部获悉，今年我国新建高速铁路1700公里。'), ('我国大部地区气温逐步回升', '22日以来，全国大部气温逐步回升。')]
    >>> reports("央视网消息（新闻联播）：\\n一个标题\\n一段正文。")  # one report: no digest
    []
    >>> reports("一、千年友谊\\n正文一。\\n二、携手共进\\n正文二。")  # a document's sections
    []
    """
    lines = []
    for m in _LINE.finditer(text):
        raw = m.group()
        line = raw.strip()
        if line:
            start = m.start() + len(raw) - len(raw.lstrip())
            lines.append((start, start + len(line), line))
    starts = [
        k
        for k, (_, _, line) in enumerate(lines[:-1])
        if _headline(line) and not _headline(lines[k + 1][2])
    ]
    if not 2 <= len(starts) <= REPORTS_MAX:
        return []
    nexts = [*starts[1:], len(lines)]
    return [
        Report(lines[k][2].lstrip("#* "), lines[k][0], lines[k + 1][0], lines[after - 1][1])
        for k, after in zip(starts, nexts, strict=True)
    ]
