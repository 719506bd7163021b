"""Values computed from a store and kept until the store changes.

Counts, facets and indexes over the whole store (what the home page counts, the review
queue's fact types, the names search reads) cost the same on every request and change only
when the store is written. :func:`per_version` computes such a value once per store
version (:attr:`kg.store.Store.version` changes on every write and between openings): the
first request after a write computes it, requests arriving meanwhile wait for that one
computation instead of repeating it, and later requests read it.

>>> from kg.store.embedded import EmbeddedStore
>>> store = EmbeddedStore()
>>> calls = []
>>> def count(s):
...     calls.append(1)
...     return len(list(s.quads()))
>>> per_version(store, "count", count), per_version(store, "count", count), len(calls)
(0, 0, 1)
>>> store.update("INSERT DATA { <http://example.com/s> <http://example.com/p> 1 }")
>>> per_version(store, "count", count), len(calls)
(1, 2)
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from kg.store.base import Store

T = TypeVar("T")
log = logging.getLogger("kg.store")


class _Slot:
    """One value of one store: the version it was computed for, and a lock so that it is
    computed by one thread at a time."""

    __slots__ = ("lock", "value", "version")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: str | None = None
        self.value: Any = None


_SLOTS: weakref.WeakKeyDictionary[Store, dict[Hashable, _Slot]] = weakref.WeakKeyDictionary()
_SLOTS_LOCK = threading.Lock()


def per_version(store: Store, key: Hashable, compute: Callable[[Store], T]) -> T:
    """``compute(store)``, computed once per version of ``store`` under ``key``.

    ``key`` names the value (with its parameters, e.g. ``("fact-types", "extracted")``).
    The value is shared by every caller until the next write: treat it as read-only. An
    exception is not kept (the next caller computes again)."""
    with _SLOTS_LOCK:
        slots = _SLOTS.get(store)
        if slots is None:
            slots = _SLOTS[store] = {}
        slot = slots.get(key)
        if slot is None:
            slot = slots[key] = _Slot()
    version = store.version
    if slot.version == version:
        return slot.value
    with slot.lock:
        version = store.version  # read before computing: a write meanwhile recomputes next time
        if slot.version != version:
            slot.value = compute(store)
            slot.version = version
        return slot.value


class Refresher:
    """Recomputes values kept per store version in a background thread: ``work(store)`` at
    start-up and again after each write (the store's version is looked at every ``every``
    seconds), so that the first request after a write finds them ready. Requests still
    compute what they need themselves when they come first; :func:`per_version` makes that
    happen once."""

    def __init__(self, store: Store, work: Callable[[Store], object], every: float = 1.0) -> None:
        self.store, self.work, self.every = store, work, every
        self._done: str | None = None  # the version whose values are computed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-refresher", daemon=True)

    def start(self) -> Refresher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def status(self) -> dict[str, object]:
        """Whether the values of the store's current version are computed."""
        return {"ready": self._done == self.store.version}

    def _run(self) -> None:
        version = None
        while not self._stop.is_set():
            if self.store.version != version:
                version = self.store.version
                try:
                    self.work(self.store)
                    self._done = version
                except Exception:  # requests compute what they need; say why it failed
                    log.exception("computing the values kept per store version failed")
            self._stop.wait(self.every)


__all__ = ["Refresher", "per_version"]
