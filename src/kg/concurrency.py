"""Blocking work off the event loop, with a time limit.

pyoxigraph result iterators are bound to the thread that made them. A function that fails
while holding one would carry it, through its traceback's frames, to the event-loop thread;
:func:`call` clears those frames inside the worker thread before the error leaves it.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from kg.errors import QueryTimeout

T = TypeVar("T")


def _clear(exc: BaseException | None) -> None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


async def call(timeout: float, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``fn(*args, **kwargs)`` in a worker thread; :class:`QueryTimeout` after ``timeout``
    seconds (the thread finishes in the background)."""

    def guarded() -> T:
        try:
            return fn(*args, **kwargs)
        except BaseException as exc:
            _clear(exc)
            raise

    try:
        with anyio.fail_after(timeout):
            return await anyio.to_thread.run_sync(guarded)
    except TimeoutError as exc:
        raise QueryTimeout(
            f"the request ran longer than {timeout:g} s (setting KG_QUERY_TIMEOUT)"
        ) from exc
