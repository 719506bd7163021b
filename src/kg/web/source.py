"""The source page (the HTML face of a source document's IRI): its text with the
passages facts rest on marked, and beside each passage those facts."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import Label, labels
from kg.errors import NotFound
from kg.iris import Minter
from kg.namespaces import KG_NS
from kg.store import Store, solutions
from kg.web.links import local_href


@dataclass(frozen=True)
class Term:
    """A term as a page shows it: an entity (label, link) or a literal value."""

    label: str
    label_en: str | None = None
    iri: str | None = None  # None for a literal
    href: str | None = None

    @property
    def literal(self) -> bool:
        return self.iri is None


@dataclass(frozen=True)
class SourceFact:
    subject: Term
    predicate: Term
    object: Term
    status: str  # Curated, Extracted, ...
    assertion: str


@dataclass
class Passage:
    """A stretch of the text (character offsets) and the facts resting on it."""

    start: int
    end: int
    facts: list[SourceFact] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"c{self.start}-{self.end}"


@dataclass(frozen=True)
class Piece:
    """A run of the text: plain, or marked as the passages ``ids`` (overlapping passages
    share one mark)."""

    text: str
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourcePage:
    iri: str
    id: str | None
    label: str | None
    label_en: str | None
    publisher: str | None
    date: str | None
    url: str | None
    graph: str
    pieces: list[Piece]
    passages: list[Passage]

    @property
    def fact_count(self) -> int:
        return sum(len(p.facts) for p in self.passages)


def source(store: Store, minter: Minter, iri: NamedNode) -> SourcePage:
    """A source document with the passages that facts rest on marked, and those facts."""
    rows = list(solutions(store.query(queries.get("source-document"), bindings={"doc": iri})))
    if not rows:
        raise NotFound(f"no source document <{iri.value}>")
    doc = rows[0]

    def text(var: str) -> str | None:
        return doc[var].value if doc[var] is not None else None

    passages: dict[tuple[int, int], Passage] = {}
    facts = list(solutions(store.query(queries.get("source-facts"), bindings={"doc": iri})))
    named = labels(
        store, [t for r in facts for t in (r["s"], r["p"], r["o"]) if isinstance(t, NamedNode)]
    )
    for r in facts:
        start, end = int(r["start"].value), int(r["end"].value)
        passage = passages.setdefault((start, end), Passage(start, end))
        fact = SourceFact(
            subject=term(minter, named, r["s"]),
            predicate=term(minter, named, r["p"]),
            object=term(minter, named, r["o"]),
            status=_local(r["status"].value),
            assertion=r["assertion"].value,
        )
        if fact not in passage.facts:
            passage.facts.append(fact)
    ordered = sorted(passages.values(), key=lambda p: (p.start, p.end))
    return SourcePage(
        iri=iri.value,
        id=text("id"),
        label=text("title_zh") or text("id"),
        label_en=text("title_en"),
        publisher=text("publisher"),
        date=text("date"),
        url=text("url"),
        graph=doc["graph"].value,
        pieces=pieces(doc["text"].value, ordered),
        passages=ordered,
    )


def _local(iri: str) -> str:
    return iri[len(KG_NS) :] if iri.startswith(KG_NS) else iri


def term(minter: Minter, named: dict[str, Label], value: object) -> Term:
    """A query result's term for a page: an IRI with its label and local page, else the
    literal's text."""
    if isinstance(value, NamedNode):
        lab = named.get(value.value)
        return Term(
            label=lab.label if lab else value.value,
            label_en=lab.en if lab else None,
            iri=value.value,
            href=local_href(minter, value.value),
        )
    return Term(label=getattr(value, "value", str(value)))


def pieces(body: str, passages: list[Passage]) -> list[Piece]:
    """The text cut into plain runs and marked passages (sorted by offsets). Overlapping
    passages are merged into one mark that lists them all.

    >>> body = "一二三四五六"
    >>> [(p.text, p.ids) for p in pieces(body, [Passage(1, 3), Passage(2, 4)])]
    [('一', ()), ('二三四', ('c1-3', 'c2-4')), ('五六', ())]
    """
    marks: list[tuple[int, int, list[str]]] = []
    for p in passages:
        if marks and p.start < marks[-1][1]:
            start, end, ids = marks[-1]
            marks[-1] = (start, max(end, p.end), [*ids, p.id])
        else:
            marks.append((p.start, p.end, [p.id]))
    out: list[Piece] = []
    at = 0
    for start, end, ids in marks:
        if start > at:
            out.append(Piece(body[at:start]))
        out.append(Piece(body[start:end], tuple(ids)))
        at = end
    if at < len(body):
        out.append(Piece(body[at:]))
    return out


__all__ = ["Passage", "Piece", "SourceFact", "SourcePage", "Term", "pieces", "source", "term"]
