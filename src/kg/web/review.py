"""The review pages: the queue of extracted facts (or the decisions made) to accept or
reject, and the merge candidates to merge or keep apart (or the merges and splits made)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode

from kg.entities import Label, labels
from kg.errors import KGError
from kg.iris import Minter
from kg.merges import Candidate, Decision, listing
from kg.review import ReviewFilter, ReviewItem, fact_type, fact_types, list_facts
from kg.store import Store
from kg.web.links import local_href, pager
from kg.web.source import Term, as_quantity

PAGE = 50  # facts, or merge candidates, per page
# The kinds of things merge candidates can be filtered by.
MERGE_KINDS = (
    "enterprise",
    "university",
    "research-institute",
    "government",
    "park",
    "project",
    "event",
    "policy",
    "person",
)
Query = Sequence[tuple[str, str]]  # the request's query parameters, for the pager


@dataclass(frozen=True)
class ReviewForm:
    article: str = ""
    type: str = ""
    min_confidence: float = 0.0
    status: str = "extracted"
    page: int = 1


@dataclass(frozen=True)
class ReviewRow:
    """An extracted fact on the review page: the item, its terms as the page shows them."""

    item: ReviewItem
    subject: Term
    predicate_label: Label | None  # kg's own predicates carry labels
    object: Term


@dataclass(frozen=True)
class ReviewPage:
    form: ReviewForm
    writable: bool  # whether this server takes decisions (has a write token)
    items: list[ReviewRow] = field(default_factory=list)
    types: list[tuple[str, int]] = field(default_factory=list)  # fact types, with counts
    type_iris: dict[str, str] = field(default_factory=dict)  # each type's predicate
    type_labels: dict[str, Label] = field(default_factory=dict)  # kg's carry labels
    prev_href: str | None = None
    next_href: str | None = None
    error: KGError | None = None  # what was wrong with the filter
    status: int = 200


def review(
    store: Store, minter: Minter, form: ReviewForm, query: Query, writable: bool
) -> ReviewPage:
    """A page of the review queue (or of the decisions) with the fact types there are to
    filter by; a bad filter gives the form again with what was wrong."""
    try:
        f = ReviewFilter(
            form.article or None,
            form.type or None,
            form.min_confidence,
            form.status,
            PAGE,
            (form.page - 1) * PAGE,
        )
        found = list_facts(store, minter, f)
    except KGError as exc:
        if exc.status >= 500:  # out of time, or no store: the error page
            raise
        return ReviewPage(form, writable, error=exc, status=exc.status)
    named = labels(store, {NamedNode(i.predicate) for i in found})
    rows = []
    for i in found:
        label = named.get(i.predicate)
        rows.append(
            ReviewRow(
                i,
                Term(i.subject_label, iri=i.subject, href=local_href(minter, i.subject)),
                label if label is not None and (label.zh or label.en) else None,
                Term(i.object_label, iri=i.object, href=local_href(minter, i.object))
                if i.object_kind == "iri"
                else as_quantity(Term(i.object), i.predicate, {}),
            )
        )
    types = fact_types(store, minter, f.status)
    if f.type and f.type not in {name for name, _ in types}:
        types = [*types, (f.type, 0)]  # the filter asked for stays selected
    iris = {}
    for name, _ in types:
        try:
            iris[name] = fact_type(name).value
        except KGError:
            continue  # a type the filter asked for that is none: said by its name
    said = labels(store, [NamedNode(i) for i in iris.values()])
    type_labels = {name: said[iri] for name, iri in iris.items() if said[iri].zh or said[iri].en}
    prev, after = pager("/review", query, form.page, len(found) == PAGE)
    return ReviewPage(form, writable, rows, types, iris, type_labels, prev, after)


@dataclass(frozen=True)
class MergesForm:
    kind: str = ""
    decided: bool = False
    page: int = 1


@dataclass(frozen=True)
class MergesPage:
    form: MergesForm
    writable: bool
    kinds: tuple[str, ...] = MERGE_KINDS
    candidates: list[Candidate] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    prev_href: str | None = None
    next_href: str | None = None
    error: KGError | None = None  # what was wrong with the filter
    status: int = 200


def merges(
    store: Store, minter: Minter, data_dir: Path, form: MergesForm, query: Query, writable: bool
) -> MergesPage:
    """Merge candidates, or the merges and splits decided so far."""
    try:
        offset = (form.page - 1) * PAGE
        found, made = listing(
            store, minter, data_dir, form.kind or None, form.decided, PAGE + 1, offset
        )
    except KGError as exc:
        if exc.status >= 500:
            raise
        return MergesPage(form, writable, error=exc, status=exc.status)
    more = len(found) > PAGE or len(made) > PAGE  # one more than a page was asked for
    prev, after = pager("/review/merges", query, form.page, more)
    return MergesPage(
        form,
        writable,
        candidates=found[:PAGE],
        decisions=made[:PAGE],
        prev_href=prev,
        next_href=after,
    )


__all__ = [
    "MERGE_KINDS",
    "PAGE",
    "MergesForm",
    "MergesPage",
    "ReviewForm",
    "ReviewPage",
    "ReviewRow",
    "merges",
    "review",
]
