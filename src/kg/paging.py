"""Pages of a long list: how many there are, a page number from a request (the one parse
of ``?page=`` on every page and API route: a bad page is a 400, said by ``error.page``),
a page past the last (a 404, ``error.page.beyond``), and the items of a page.

>>> page_count(0, 50), page_count(50, 50), page_count(51, 50)
(1, 1, 2)
>>> page_number("3")
3
>>> page_number("0")
Traceback (most recent call last):
...
kg.errors.BadRequest: page must be a whole number, 1 or more
>>> check_page(3, 2, "noun.sources")
Traceback (most recent call last):
...
kg.errors.NotFound: there are 2 page(s) of source documents: no page 3
>>> window(range(10), 8, 5), window(range(10), 2**70, 5), window([1, 2, 3], 2**70, 5)
([8, 9], [], [])
>>> window(iter(range(10)), 8, 5)
[8, 9]
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Sequence
from typing import TypeVar

from kg.errors import BadRequest, NotFound
from kg.messages import Key

T = TypeVar("T")


def page_count(total: int, per_page: int) -> int:
    """How many pages of ``per_page`` items ``total`` items fill (an empty list is one
    empty page)."""
    return max(1, -(-total // per_page))


def page_number(value: int | str | None) -> int:
    """A page number as a request gives it (``None`` or empty: the first page)."""
    if value is None or value == "":
        return 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise BadRequest(key="error.page")
    return number


def check_page(page: int, pages: int, what: str) -> None:
    """Raise :class:`NotFound` for a page past the last of ``pages`` pages of ``what`` (a
    ``noun.*`` key of the catalogue)."""
    if page > pages:
        raise NotFound(
            key="error.page.beyond", values={"page": page, "pages": pages, "what": Key(what)}
        )


def window(items: Iterable[T], start: int, size: int) -> list[T]:
    """Items ``start`` to ``start + size`` of ``items`` (the one offset slice of kg), read no
    further than that: a sequence sliced, anything else iterated; a start past any list a
    machine could hold (a request may ask for any offset) is an empty page, not the error
    ``itertools.islice`` raises for indexes over ``sys.maxsize``."""
    if isinstance(items, Sequence):
        return list(items[start : start + size])
    if start > sys.maxsize:
        return []
    return list(itertools.islice(items, start, min(start + size, sys.maxsize)))


__all__ = ["check_page", "page_count", "page_number", "window"]
