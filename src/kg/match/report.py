"""Match results as CSV (for spreadsheets) and as a text table (for the terminal)."""

from __future__ import annotations

import csv
import io
import unicodedata

from kg.match.chain import ChainMatch
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


CHAIN_CSV_COLUMNS = [
    "group",
    "rank",
    "label",
    "label_en",
    "kind",
    "in_region",
    "score",
    *(f"{c}" for c in ("segment_fit", "complementarity", "local_support", "evidence", "reviewed")),
    "segments",
    "tiers",
    "evidence_sentences",
    "iri",
]


def chain_rows(result: ChainMatch) -> list[dict[str, str]]:
    out = []
    for group, candidates in result.groups.items():
        for rank, c in enumerate(candidates, start=(result.page - 1) * result.top + 1):
            parts = {comp.name: f"{comp.value:.3f}" for comp in c.components}
            sentences = dict.fromkeys(
                e.sentence for comp in c.components for _, e in comp.evidence if e.sentence
            )
            out.append(
                {
                    "group": group,
                    "rank": str(rank),
                    "label": c.label.label,
                    "label_en": c.label.en or "",
                    "kind": c.label.kind,
                    "in_region": "yes" if c.local else "no",
                    "score": f"{c.score:.3f}",
                    **parts,
                    "segments": " | ".join(c.segments),
                    "tiers": " | ".join(c.tiers),
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


GROUP_TITLES = {
    "strengthen": "强链 · local players to strengthen",
    "fill": "补链 · outside organisations that fill gaps",
    "extend": "延链 · outside organisations that extend the chain",
    "research": "高校院所 · universities and research institutes",
}


def chain_table(result: ChainMatch) -> str:
    """Gap analysis, then each group ranked with its score components."""
    lines = [f"{result.chain.label} · {result.region.label}", "", "Gap analysis:"]
    for seg in result.segments:
        lines.append(
            f"  {str(seg['position'] or '-'):11} {_pad(str(seg['label']), 24)} {seg['status']:8}"
            f" local {seg['local_count']:>5}  elsewhere {seg['elsewhere_count']:>6}"
        )
    lines.append(
        f"  parks in the region: {len(result.parks)}; applicable policies: {len(result.policies)}"
    )
    for group, candidates in result.groups.items():
        lines += ["", f"{GROUP_TITLES[group]} ({result.totals[group]} found)"]
        if not candidates:
            lines.append("  (none)")
        for rank, c in enumerate(candidates, start=(result.page - 1) * result.top + 1):
            parts = " ".join(f"{comp.name}={comp.value:.2f}" for comp in c.components)
            lines.append(
                f"{rank:>4}  {c.score:6.3f}  {_pad(c.label.kind, 18)} {c.label.label}  [{parts}]"
            )
            for sentence in dict.fromkeys(
                e.sentence for comp in c.components for _, e in comp.evidence if e.sentence
            ):
                lines.append(f"           「{sentence}」")
    return "\n".join(lines).rstrip() + "\n"
