"""Match results as CSV (for spreadsheets) and as a text table (for the terminal), the
table in either language with the words the pages say (:mod:`kg.messages`), the CSV in
both, as JSON is: each column of words in Chinese (``reasons``) has its English beside it
(``reasons_en``), so one file serves a reader of either language."""

from __future__ import annotations

import csv
import io
import unicodedata

from kg.entities import Evidence, Label
from kg.match.chain import ChainMatch
from kg.match.engine import MatchResult
from kg.match.scoring import score_text
from kg.match.words import WORDS
from kg.match.words import segment as segment_words
from kg.messages import DEFAULT, LANGUAGES, label, say

CSV_COLUMNS = [
    "rank",
    "label",
    "label_en",
    "kind",
    "score",
    "reasons",
    "reasons_en",
    "evidence",
    "sources",
    "iri",
]


def rows(result: MatchResult) -> list[dict[str, str]]:
    out = []
    for rank, c in enumerate(result.candidates, start=1):
        sentences = list(
            dict.fromkeys(e.sentence for r in c.reasons for _, e in r.evidence if e.sentence)
        )
        sources = list(
            dict.fromkeys(
                e.url or e.source or "" for r in c.reasons for _, e in r.evidence if e.sentence
            )
        )
        out.append(
            {
                "rank": str(rank),
                "label": c.label.label,
                "label_en": c.label.en or "",
                "kind": c.label.kind,
                "score": score_text(c.score),
                **_both("reasons", [WORDS.reason(r) for r in c.reasons]),
                "evidence": " | ".join(sentences),
                "sources": " | ".join(sources),
                "iri": c.label.iri,
            }
        )
    return out


def _both(column: str, words: list[tuple[str, str]]) -> dict[str, str]:
    """A column of words (zh, en pairs), each in its language: ``column`` the Chinese and
    ``column_en`` the English, ``|`` between items."""
    return {
        column: " | ".join(zh for zh, _ in words),
        f"{column}_en": " | ".join(en for _, en in words),
    }


def _named_in_both(items: list[Label]) -> list[tuple[str, str]]:
    """Things' names in zh and en: its label (the Chinese, else what it has) and its name as
    the English pages give it (:func:`kg.messages.label`: the English, else the Chinese)."""
    return [(item.label, label(item, "en")) for item in items]


def to_csv(result: MatchResult, *, excel: bool = False) -> str:
    """CSV, one candidate a row; ``excel`` adds the UTF-8 BOM Excel needs for Chinese."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(result))
    return ("\ufeff" if excel else "") + buffer.getvalue()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _other(item: Label, lang: str) -> str:
    """The name of a thing in the language other than ``lang``, when it has one that
    differs (a page gives it after the name: 哈尔滨联合飞机 Harbin United Aircraft)."""
    other = item.zh if lang == "en" else item.en
    return other if other and other != label(item, lang) else ""


def _named(item: Label, lang: str) -> str:
    """A name in ``lang``, with the other language's in brackets (:func:`_other`)."""
    other = _other(item, lang)
    return f"{label(item, lang)} ({other})" if other else label(item, lang)


def _total(n: int, lang: str) -> str:
    """How many candidates were found (``match.total``, for one ``match.total.one``)."""
    return say("match.total.one" if n == 1 else "match.total", lang, n=n)


def _grounds(e: Evidence, lang: str) -> str | None:
    """A piece of evidence in words: its sentence, else its rationale (in ``lang`` when it
    has one) marked with its status - an editorial note, or reference data such as the
    national division codes, as the pages mark them - or the imported row it rests on;
    ``None`` when it has none of these (the pages show nothing either)."""
    if e.sentence:
        return e.sentence
    if e.rationale or e.rationale_en:
        why = e.rationales()["rationale_en" if lang == "en" else "rationale"]
        status = "entity.rationale" if e.status == "Editorial" else f"status.{e.status}"
        return f"[{say(status, lang)}] {why}"
    record = e.record or {}
    if not record.get("file"):
        return None
    row = f"{say('evidence.row', lang)} {record.get('row')} {say('evidence.row.after', lang)}"
    return f"[{say('evidence.record', lang)}] {record['file']} · {row.strip()}"


def to_table(result: MatchResult, lang: str = DEFAULT) -> str:
    """A readable table in ``lang``: rank, score, kind, name; under each, its reasons and
    sentences."""
    at = LANGUAGES.index(lang)
    head = _named(result.industry, lang)
    if result.region:
        head += f" · {result.region_within.named(label(result.region, lang), lang)}"
    head += f"  {_total(result.total, lang)}"
    if len(result.candidates) < result.total:  # the first of them
        head += f" · {say('match.top', lang)} {len(result.candidates)}"
    lines = [head, ""]
    if not result.candidates:
        # a space between English sentences, none between Chinese ones
        why = f"{' ' if lang == 'en' else ''}{result.empty.text(lang)}" if result.empty else ""
        lines.append(f"  {say('match.none', lang)}{why}")
    name_width = max([_width(label(c.label, lang)) for c in result.candidates] + [4])
    for rank, c in enumerate(result.candidates, start=1):
        kind, name = say(f"kind.{c.label.kind}", lang), label(c.label, lang)
        lines.append(
            f"{rank:>3}  {score_text(c.score):>6}  {_pad(kind, 18)} {_pad(name, name_width)}"
            f"  {_other(c.label, lang)}".rstrip()
        )
        for r in c.reasons:
            lines.append(f"       - {WORDS.reason(r)[at]}")
            for grounds in dict.fromkeys(_grounds(e, lang) for _, e in r.evidence):
                if grounds:
                    lines.append(f"           「{grounds}」")
        lines.append("")
    if result.benchmarks:
        lines.append(say("chain.group.benchmarks", lang))
        for c in result.benchmarks:
            lines.append(f"       {score_text(c.score):>6}  {_named(c.label, lang)}")
    return "\n".join(lines).rstrip() + "\n"


CHAIN_CSV_COLUMNS = [
    "group",
    "rank",
    "label",
    "label_en",
    "kind",
    "in_region",
    "also",
    "also_en",
    "score",
    "relevance",
    "trust",
    "trust_level",
    "sources",
    "segment_fit",
    "complementarity",
    "local_support",
    "recency",
    "segments",
    "segments_en",
    "tiers",
    "reasons",
    "reasons_en",
    "evidence_sentences",
    "iri",
]


def chain_rows(result: ChainMatch) -> list[dict[str, str]]:
    out = []
    for group, candidates in result.groups.items():
        for rank, c in enumerate(candidates, start=(result.page - 1) * result.top + 1):
            sentences = dict.fromkeys(
                e.sentence for r in c.reasons for e in r.evidence if e.sentence
            )
            segments = [result.segment_labels[s] for s in c.segments if s in result.segment_labels]
            out.append(
                {
                    "group": group,
                    "rank": str(rank),
                    "label": c.label.label,
                    "label_en": c.label.en or "",
                    "kind": c.label.kind,
                    "in_region": "yes" if c.local else "no",
                    **_both("also", _named_in_both(c.also)),
                    "score": score_text(c.score),
                    "relevance": score_text(c.relevance),
                    "trust": score_text(c.trust),
                    "trust_level": c.member.trust.level,
                    "sources": str(c.member.trust.sources),
                    **{k: score_text(v) for k, v in c.components.items()},
                    **_both("segments", _named_in_both(segments)),
                    "tiers": " | ".join(sorted(c.member.tiers)),
                    **_both("reasons", [WORDS.reason(r) for r in c.reasons]),
                    "evidence_sentences": " | ".join(sentences),
                    "iri": c.label.iri,
                }
            )
    return out


def chain_csv(result: ChainMatch, *, excel: bool = False) -> str:
    """The chain match as CSV: one candidate a row, grouped, with every score component."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CHAIN_CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(chain_rows(result))
    return ("\ufeff" if excel else "") + buffer.getvalue()


def chain_table(result: ChainMatch, lang: str = DEFAULT) -> str:
    """In ``lang``: the gap analysis, then each group ranked with its score, reasons and
    sentences."""
    at = LANGUAGES.index(lang)
    lines = [
        f"{_named(result.chain, lang)} · {result.region_within.named(label(result.region, lang), lang)}",
        say("chain.editorial", lang, v=result.version or "-"),
        "",
        say("chain.segments", lang),
    ]
    segments = result.segments
    width = max([_width(label(seg, lang)) for seg in segments] + [24]) + 1
    for seg in segments:
        words = segment_words(seg)[at]
        position = say(f"chain.position.{seg['position']}", lang) if seg["position"] else "-"
        lines.append(f"  {_pad(position, 11)} {_pad(label(seg, lang), width)} {words}")
    level = result.gaps.chain_level
    if level.count or level.elsewhere:
        lines.append(f"  {say('chain.level', lang, n=level.count, m=level.elsewhere)}")
    lines.append(
        f"  {say('chain.parks', lang)} {len(result.parks)} · "
        f"{say('chain.policies', lang)} {len(result.policies)}"
    )
    for group, candidates in result.groups.items():
        lines += ["", f"{say(f'chain.group.{group}', lang)}  {_total(result.totals[group], lang)}"]
        if not candidates:
            lines.append(f"  {say('match.none', lang)}")
        for rank, c in enumerate(candidates, start=(result.page - 1) * result.top + 1):
            also = say("why.and", lang).join(label(a, lang) for a in c.also)
            with_also = say("why.with", lang, also=also) if also else ""
            kind = say(f"kind.{c.label.kind}", lang)
            lines.append(
                f"{rank:>4}  {score_text(c.score):>6}  {_pad(kind, 18)} {label(c.label, lang)}{with_also}"
            )
            for r in c.reasons:
                lines.append(f"           - {WORDS.reason(r)[at]}")
                for e in r.evidence:
                    if e.sentence:
                        status = say(f"status.{e.status}", lang)
                        lines.append(f"             「{e.sentence}」 [{status}]")
    return "\n".join(lines).rstrip() + "\n"
