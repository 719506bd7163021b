"""Match results as CSV (for spreadsheets) and as a text table (for the terminal)."""

from __future__ import annotations

import csv
import io
import unicodedata

from kg.match.chain import ChainMatch
from kg.match.engine import MatchResult
from kg.match.words import WORDS
from kg.match.words import group as group_words
from kg.match.words import segment as segment_words

CSV_COLUMNS = [
    "rank",
    "label",
    "label_en",
    "kind",
    "score",
    "reasons",
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
                "score": f"{c.score:.3f}",
                "reasons": " | ".join(WORDS.reason(r)[0] for r in c.reasons),
                "evidence": " | ".join(sentences),
                "sources": " | ".join(sources),
                "iri": c.label.iri,
            }
        )
    return out


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


def to_table(result: MatchResult) -> str:
    """A readable table: rank, score, kind, name; under each, its reasons and sentences."""
    head = f"{result.industry.label} ({result.industry.en or ''})"
    if result.region:
        head += f" · {result.region.label}"
    lines = [f"Partners for {head}: {result.total} found, showing {len(result.candidates)}", ""]
    if not result.candidates:
        lines.append(
            "  (no candidates: nothing in the graph ties an organisation or site to this industry)"
        )
    name_width = max([_width(c.label.label) for c in result.candidates] + [4])
    for rank, c in enumerate(result.candidates, start=1):
        lines.append(
            f"{rank:>3}  {c.score:6.3f}  {_pad(c.label.kind, 18)} {_pad(c.label.label, name_width)}  {c.label.en or ''}"
        )
        for r in c.reasons:
            lines.append(f"       - {WORDS.reason(r)[0]}")
            for sentence in dict.fromkeys(
                e.sentence or f"[editorial] {e.rationale or e.rationale_en}" for _, e in r.evidence
            ):
                lines.append(f"           「{sentence}」")
        lines.append("")
    if result.benchmarks:
        lines.append("Benchmarks - parks elsewhere with nobody known behind them (not partners):")
        for c in result.benchmarks:
            lines.append(f"       {c.score:6.3f}  {c.label.label}  {c.label.en or ''}")
    return "\n".join(lines).rstrip() + "\n"


CHAIN_CSV_COLUMNS = [
    "group",
    "rank",
    "label",
    "label_en",
    "kind",
    "in_region",
    "also",
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
    "tiers",
    "reasons",
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
            segments = [
                result.segment_labels[s].label for s in c.segments if s in result.segment_labels
            ]
            out.append(
                {
                    "group": group,
                    "rank": str(rank),
                    "label": c.label.label,
                    "label_en": c.label.en or "",
                    "kind": c.label.kind,
                    "in_region": "yes" if c.local else "no",
                    "also": " | ".join(a.label for a in c.also),
                    "score": f"{c.score:.3f}",
                    "relevance": f"{c.relevance:.3f}",
                    "trust": f"{c.trust:.3f}",
                    "trust_level": c.member.trust.level,
                    "sources": str(c.member.trust.sources),
                    **{k: f"{v:.3f}" for k, v in c.components.items()},
                    "segments": " | ".join(segments),
                    "tiers": " | ".join(sorted(c.member.tiers)),
                    "reasons": " | ".join(WORDS.reason(r)[0] for r in c.reasons),
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


def chain_table(result: ChainMatch) -> str:
    """Gap analysis, then each group ranked with its score, reasons and sentences."""
    version = f", chain map version {result.version}" if result.version else ""
    lines = [
        f"{result.chain.label} · {result.region.label}  (an editorial chain map{version})",
        "",
        "Gap analysis:",
    ]
    for seg in result.segments:
        _, words_en = segment_words(seg)
        lines.append(f"  {str(seg['position'] or '-'):11} {_pad(str(seg['label']), 26)} {words_en}")
    level = result.gaps.chain_level
    if level.count or level.elsewhere:
        lines.append(
            f"  {'':11} {_pad('(segment not known)', 26)} {level.count} local, "
            f"{level.elsewhere} elsewhere: tied to the chain's industry only"
        )
    lines.append(
        f"  parks in the region: {len(result.parks)}; applicable policies: {len(result.policies)}"
    )
    for group, candidates in result.groups.items():
        zh, en = group_words(group)
        lines += ["", f"{zh} / {en} ({result.totals[group]} found)"]
        if not candidates:
            lines.append("  (none)")
        for rank, c in enumerate(candidates, start=(result.page - 1) * result.top + 1):
            also = f" ({', '.join(a.label for a in c.also)})" if c.also else ""
            lines.append(
                f"{rank:>4}  {c.score:6.3f}  {_pad(c.label.kind, 18)} {c.label.label}{also}"
            )
            for r in c.reasons:
                lines.append(f"           - {WORDS.reason(r)[1]}")
                for e in r.evidence:
                    if e.sentence:
                        lines.append(f"             「{e.sentence}」 [{e.status}]")
    return "\n".join(lines).rstrip() + "\n"
