"""The source page (the HTML face of a source document's IRI): its text with the
passages facts rest on marked, and beside each passage those facts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from pyoxigraph import Literal, NamedNode, QuerySolution

from kg import queries
from kg.entities import Label, labels
from kg.errors import NotFound
from kg.iris import Minter
from kg.namespaces import KG_NS, XSD
from kg.paging import check_page
from kg.store import Store, solutions
from kg.web.links import local_href
from kg.web.quantities import is_quantity, unit_of


@dataclass(frozen=True)
class Term:
    """A term as a page shows it: an entity (label, link) or a literal value - a
    quantity (a figure's value, an amount: :func:`as_quantity`) with its unit if known."""

    label: str
    label_en: str | None = None
    iri: str | None = None  # None for a literal
    href: str | None = None
    quantity: bool = False
    unit: str | None = None

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
    """A stretch of the text (character offsets), how many facts rest on it, the page of
    the source page that lists them, and those facts (on that page only)."""

    start: int
    end: int
    count: int = 0
    page: int = 1
    facts: list[SourceFact] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"c{self.start}-{self.end}"


@dataclass(frozen=True)
class Piece:
    """A run of the text: plain, or marked as the passages ``ids`` (overlapping passages
    share one mark), whose facts are on page ``page``."""

    text: str
    ids: tuple[str, ...] = ()
    page: int = 1


def as_quantity(t: Term, predicate: str, said: Mapping[str, str]) -> Term:
    """``t``, the value of ``predicate``, as a quantity with its unit (:func:`unit_of`)
    when it is one (:func:`is_quantity`)."""
    if not t.literal or not is_quantity(predicate, t.label):
        return t
    return replace(t, quantity=True, unit=unit_of(predicate, said))


# Facts a source page lists at most, whole passages at a time (a passage with more facts
# has a page of its own); the rest a page at a time (``?page=``). Every passage is marked
# in the text on every page.
FACTS_PER_PAGE = 50


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
    passages: list[Passage]  # every passage, in the order of the text
    page: int = 1
    pages: int = 1

    @property
    def fact_count(self) -> int:
        """How many facts rest on the document (on every page)."""
        return sum(p.count for p in self.passages)

    @property
    def listed(self) -> list[Passage]:
        """The passages whose facts this page lists."""
        return [p for p in self.passages if p.page == self.page]


def paged(passages: list[Passage], per_page: int = FACTS_PER_PAGE) -> int:
    """Give each passage (in text order) its page: whole passages, until a page holds
    ``per_page`` facts or more - never between overlapping passages, which the text marks
    as one (:func:`pieces`), linked to one page. Returns the number of pages.

    >>> ps = [Passage(0, 1, 30), Passage(2, 3, 30), Passage(4, 5, 80), Passage(6, 7, 1)]
    >>> paged(ps, 50), [p.page for p in ps]
    (3, [1, 1, 2, 3])
    >>> ps = [Passage(0, 4, 60), Passage(2, 6, 5), Passage(5, 8, 1), Passage(8, 9, 1)]
    >>> paged(ps, 50), [p.page for p in ps]
    (2, [1, 1, 1, 2])
    """
    page, held, end = 1, 0, 0
    for p in passages:
        if held >= per_page and p.start >= end:
            page, held = page + 1, 0
        p.page = page
        held += p.count
        end = max(end, p.end)
    return page


def passage_href(store: Store, minter: Minter, iri: NamedNode) -> str | None:
    """Where a browser reads the passage ``iri`` (``.../source/{id}/chars/{start}-{end}``, an
    evidence sentence): its source's page that lists its facts, at its mark; ``None`` for
    an IRI that is no passage of a source kg has."""
    key = minter.key(iri) or ""
    found = re.fullmatch(r"source/([^/]+)/chars/(\d+)-(\d+)", key)
    if found is None:
        return None
    doc = NamedNode(minter.prefix + "source/" + found.group(1))
    start, end = int(found.group(2)), int(found.group(3))
    counted = solutions(store.query(queries.with_values("source-passages", ["doc"], [[doc]])))
    ordered = sorted(
        (
            Passage(int(r["start"].value), int(r["end"].value), int(r["facts"].value))
            for r in counted
        ),
        key=lambda p: (p.start, p.end),
    )
    if not ordered:
        return None
    paged(ordered)
    page_no = next((p.page for p in ordered if (p.start, p.end) == (start, end)), 1)
    query = f"?page={page_no}" if page_no > 1 else ""
    return f"{local_href(minter, doc.value)}{query}#c{start}-{end}"


def source(store: Store, minter: Minter, iri: NamedNode, page_no: int = 1) -> SourcePage:
    """A source document with every passage that facts rest on marked, and the facts of
    page ``page_no`` of them (:data:`FACTS_PER_PAGE`): how many facts rest on each passage
    is counted first (``source-passages.rq``), then only the page's facts are read with
    their labels (``source-facts.rq`` for its passages)."""
    rows = list(solutions(store.query(queries.get("source-document"), bindings={"doc": iri})))
    if not rows:
        raise NotFound(key="error.source.none", values={"iri": iri.value})
    doc = rows[0]

    def text(var: str) -> str | None:
        return doc[var].value if doc[var] is not None else None

    counted = solutions(store.query(queries.with_values("source-passages", ["doc"], [[iri]])))
    passages = {
        (int(r["start"].value), int(r["end"].value)): Passage(
            int(r["start"].value), int(r["end"].value), int(r["facts"].value)
        )
        for r in counted
    }
    ordered = sorted(passages.values(), key=lambda p: (p.start, p.end))
    pages = paged(ordered)
    check_page(page_no, pages, "noun.facts")
    listed = [p for p in ordered if p.page == page_no]
    facts = _facts(store, iri, listed)
    named = labels(
        store,
        [t for r in facts for t in (r["s"], r["p"], r["o"]) if isinstance(t, NamedNode)],
        minter.prefix,
    )
    said = literals((r["s"], r["p"], r["o"]) for r in facts)
    seen: set[tuple[tuple[int, int], SourceFact]] = set()
    for r in facts:
        key = (int(r["start"].value), int(r["end"].value))
        fact = SourceFact(
            subject=term(minter, named, r["s"]),
            predicate=term(minter, named, r["p"]),
            object=as_quantity(
                term(minter, named, r["o"]), r["p"].value, said.get(r["s"].value, {})
            ),
            status=_local(r["status"].value),
            assertion=r["assertion"].value,
        )
        if (key, fact) not in seen:
            seen.add((key, fact))
            passages[key].facts.append(fact)
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
        page=page_no,
        pages=pages,
    )


def _facts(store: Store, doc: NamedNode, passages: list[Passage]) -> list[QuerySolution]:
    """The facts resting on ``passages`` of ``doc`` (consecutive in text order), by offsets
    and assertion."""
    if not passages:
        return []
    wanted = {(p.start, p.end) for p in passages}
    first, last = (
        Literal(str(n), datatype=XSD.integer) for n in (passages[0].start, passages[-1].start)
    )
    sparql = queries.with_values("source-facts", ["doc", "from", "to"], [[doc, first, last]])
    found = [
        r
        for r in solutions(store.query(sparql))
        if (int(r["start"].value), int(r["end"].value)) in wanted
    ]
    found.sort(key=lambda r: (int(r["start"].value), int(r["end"].value), r["assertion"].value))
    return found


def literals(triples: Iterable[tuple[object, object, object]]) -> dict[str, dict[str, str]]:
    """The literal values of the subjects of ``triples``, by subject and predicate (a
    figure's unit beside its value)."""
    found: dict[str, dict[str, str]] = {}
    for s, p, o in triples:
        if isinstance(s, NamedNode) and isinstance(p, NamedNode) and isinstance(o, Literal):
            found.setdefault(s.value, {})[p.value] = o.value
    return found


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
    passages are merged into one mark that lists them all (on the page of the first).

    >>> body = "一二三四五六"
    >>> [(p.text, p.ids) for p in pieces(body, [Passage(1, 3), Passage(2, 4)])]
    [('一', ()), ('二三四', ('c1-3', 'c2-4')), ('五六', ())]
    """
    marks: list[tuple[int, int, list[str], int]] = []
    for p in passages:
        if marks and p.start < marks[-1][1]:
            start, end, ids, page = marks[-1]
            marks[-1] = (start, max(end, p.end), [*ids, p.id], page)
        else:
            marks.append((p.start, p.end, [p.id], p.page))
    out: list[Piece] = []
    at = 0
    for start, end, ids, page in marks:
        if start > at:
            out.append(Piece(body[at:start]))
        out.append(Piece(body[start:end], tuple(ids), page))
        at = end
    if at < len(body):
        out.append(Piece(body[at:]))
    return out


__all__ = [
    "FACTS_PER_PAGE",
    "Passage",
    "Piece",
    "SourceFact",
    "SourcePage",
    "passage_href",
    "Term",
    "as_quantity",
    "literals",
    "paged",
    "pieces",
    "source",
    "term",
]
