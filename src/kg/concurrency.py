"""Blocking work off the event loop, with a time limit that holds.

:func:`call` runs a function in a worker thread and answers :class:`QueryTimeout` when its
time is up - at that moment, not when the function happens to return: the thread is
abandoned. Abandoned work must then stop by itself, so the thread carries its deadline and
every store call checks it first (:func:`check_deadline`, called by
:class:`kg.store.EmbeddedStore`): the work ends at its next store call, before it reads or
writes anything more. A write already being committed when the time runs out completes (it
is atomic) or fails whole; re-sending it is safe.

pyoxigraph result iterators are bound to the thread that made them. A function that fails
while holding one would carry it, through its traceback's frames, to the event-loop thread;
:func:`call` clears those frames inside the worker thread before the error leaves it
(:func:`clear_frames`; :class:`kg.export.stream.Chunks` does the same).
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from kg.errors import QueryTimeout

T = TypeVar("T")

_thread = threading.local()


def check_deadline() -> None:
    """Raise :class:`QueryTimeout` if this thread works for a :func:`call` whose time is up
    (elsewhere, and within the time, do nothing).

    >>> check_deadline()  # not inside a call: nothing to check
    """
    deadline: float | None = getattr(_thread, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout(key="error.request.out_of_time")


def clear_frames(exc: BaseException | None) -> None:
    """Clear the frames of ``exc``'s traceback and of the errors it came from (in the
    thread that raised it), so that no pyoxigraph iterator they hold leaves that thread."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__


async def call(timeout: float, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``fn(*args, **kwargs)`` in a worker thread; :class:`QueryTimeout` once ``timeout``
    seconds have passed (the thread is left to stop at its next store call)."""
    deadline = time.monotonic() + timeout

    def guarded() -> T:
        _thread.deadline = deadline
        try:
            return fn(*args, **kwargs)
        except BaseException as exc:
            clear_frames(exc)
            raise
        finally:
            _thread.deadline = None

    try:
        with anyio.fail_after(timeout):
            return await anyio.to_thread.run_sync(guarded, abandon_on_cancel=True)
    except TimeoutError as exc:
        raise QueryTimeout(key="error.request.timeout", values={"seconds": f"{timeout:g}"}) from exc
