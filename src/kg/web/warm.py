"""Warming the pages: what they read over the whole store, computed once per store version
in the background (see :class:`kg.store.memo.Refresher`) so that no request waits for it."""

from __future__ import annotations

from kg.iris import Minter
from kg.names import index_for
from kg.review import STATUSES, fact_types
from kg.store import Store
from kg.web.choices import FORMS, choices
from kg.web.home import home


def warm(store: Store, minter: Minter) -> None:
    """Compute what the pages read once per store version: the home page's counts and
    sources, the name index with its pinyin, the review index and its fact types, and the
    forms' choices."""
    home(store)
    index_for(store, minter.prefix).find("a")  # spells the pinyin too
    for status in STATUSES:
        fact_types(store, minter, status)
    for classes in FORMS:
        choices(store, classes)


__all__ = ["warm"]
