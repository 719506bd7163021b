"""Warming the pages: what they read over the whole store, computed once per store version
in the background (see :class:`kg.store.memo.Refresher`) so that no request waits for it."""

from __future__ import annotations

from collections.abc import Callable

from kg.entities import mention_index
from kg.iris import Minter
from kg.names import index_for
from kg.review import STATUSES, fact_types
from kg.store import Store
from kg.store.memo import Round
from kg.web.choices import FORMS, choices
from kg.web.home import home


def warm(store: Store, minter: Minter, round: Round | None = None) -> None:
    """Compute what the pages read once per store version: the home page's counts and
    sources, the name index with its pinyin, the mention index of the entity pages, the
    review index and its fact types, and the forms' choices (run in the background after
    each write, as the work of a :class:`kg.store.memo.Refresher`, which passes ``round``
    to follow its progress)."""
    steps: list[Callable[[], object]] = [
        lambda: home(store),
        lambda: index_for(store, minter.prefix).spellings(),  # spells the pinyin too
        lambda: mention_index(store),
        *(lambda st=st: fact_types(store, minter, st) for st in STATUSES),
        *(lambda cs=cs: choices(store, cs) for cs in FORMS),
    ]
    if round is not None:
        round.total = len(steps)
    for step in steps:
        if round is not None and round.stale():
            return  # stopped, or a write came: the next round starts over
        step()
        if round is not None:
            round.done += 1


__all__ = ["warm"]
