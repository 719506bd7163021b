"""Match results as CSV (for spreadsheets) and as a text table (for the terminal)."""

from __future__ import annotations

import csv
import io
import unicodedata

from kg.match.engine import MatchResult

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
                "reasons": " | ".join(r.text for r in c.reasons),
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
            lines.append(f"       - {r.text}")
            for sentence in dict.fromkeys(
                e.sentence or f"[editorial] {e.rationale}" for _, e in r.evidence
            ):
                lines.append(f"           「{sentence}」")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
