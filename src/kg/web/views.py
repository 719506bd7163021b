"""What the search and review pages show, computed from the store - no HTML here; and
warming what the pages read once per store version."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode

from kg.entities import labels
from kg.iris import Minter
from kg.review import ReviewFilter, fact_types, list_facts
from kg.store import Store
from kg.web.choices import FORMS, choices
from kg.web.home import home


def review(store: Store, minter: Minter, f: ReviewFilter) -> dict[str, object]:
    """The review queue (or decisions) with the fact types there are to filter by."""
    items = [i.to_dict() for i in list_facts(store, minter, f)]
    named = labels(store, {NamedNode(str(i["predicate"])) for i in items})
    for i in items:
        label = named.get(str(i["predicate"]))
        i["predicate_label"] = label.to_dict() if label and (label.zh or label.en) else None
    types = fact_types(store, minter, f.status)
    if f.type and f.type not in {name for name, _ in types}:
        types.append((f.type, 0))  # the filter asked for stays selected
    return {
        "items": items,
        "types": types,
        "more": len(items) == f.limit,
    }


# The kinds of things merge candidates can be filtered by.
MERGE_KINDS = [
    "enterprise",
    "university",
    "research-institute",
    "government",
    "park",
    "project",
    "event",
    "policy",
    "person",
]


def merges(
    store: Store,
    minter: Minter,
    data_dir: Path,
    kind: str | None,
    decided: bool,
    limit: int,
    offset: int,
) -> dict[str, object]:
    """Merge candidates, or the merges and splits decided so far."""
    from kg.identity import NameRules
    from kg.merges import candidates, decisions

    if decided:
        made = decisions(store, minter)
        items = [d.to_dict() for d in made[offset : offset + limit]]
        more = len(made) > offset + limit
    else:
        rules = NameRules.load(data_dir)
        found = candidates(store, minter, rules, kind, limit + 1, offset)
        items = [c.to_dict() for c in found[:limit]]
        more = len(found) > limit
    return {"items": items, "kinds": MERGE_KINDS, "more": more}


def warm(store: Store, minter: Minter) -> None:
    """Compute what the pages read once per store version: the home page's counts and
    sources, the name index with its pinyin, the review index and its fact types, and the
    forms' choices (run in the background after each write; see
    :class:`kg.store.memo.Refresher`)."""
    from kg.names import index_for
    from kg.review import STATUSES

    home(store)
    index_for(store, minter.prefix).find("a")  # spells the pinyin too
    for status in STATUSES:
        fact_types(store, minter, status)
    for classes in FORMS:
        choices(store, classes)


__all__ = ["MERGE_KINDS", "merges", "review", "warm"]
