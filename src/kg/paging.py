"""Pages of a long list: how many there are, and a page number from a request.

>>> page_count(0, 50), page_count(50, 50), page_count(51, 50)
(1, 1, 2)
>>> page_number("3")
3
>>> page_number("0")
Traceback (most recent call last):
...
kg.errors.BadRequest: page must be a whole number, 1 or more
>>> window(range(10), 8, 5), window(range(10), 2**70, 5)
([8, 9], [])
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable
from typing import TypeVar

from kg.errors import BadRequest

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
        raise BadRequest("page must be a whole number, 1 or more")
    return number


def window(items: Iterable[T], start: int, size: int) -> list[T]:
    """Items ``start`` to ``start + size`` of ``items``, read no further than that; a start
    past any list a machine could hold (a request may ask for any offset) is an empty page,
    not the error ``itertools.islice`` raises for indexes over ``sys.maxsize``."""
    if start > sys.maxsize:
        return []
    return list(itertools.islice(items, start, min(start + size, sys.maxsize)))


__all__ = ["page_count", "page_number", "window"]
