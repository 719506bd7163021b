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

import contextlib
import itertools
import logging
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any, TypeVar

from kg.store.base import Store

T = TypeVar("T")
log = logging.getLogger("kg.store")
STOP_WAIT = 5.0  # seconds a stop waits for a background step to end


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


def _slot(store: Store, key: Hashable) -> _Slot:
    with _SLOTS_LOCK:
        slots = _SLOTS.get(store)
        if slots is None:
            slots = _SLOTS[store] = {}
        slot = slots.get(key)
        if slot is None:
            slot = slots[key] = _Slot()
        return slot


def per_version(store: Store, key: Hashable, compute: Callable[[Store], T]) -> T:
    """``compute(store)``, computed once per version of ``store`` under ``key``.

    ``key`` names the value (with its parameters, e.g. ``("fact-types", "extracted")``).
    The value is shared by every caller until the next write: treat it as read-only. An
    exception is not kept (the next caller computes again)."""
    slot = _slot(store, key)
    version = store.version
    if slot.version == version:
        return slot.value
    with slot.lock:
        version = store.version  # read before computing: a write meanwhile recomputes next time
        if slot.version != version:
            slot.value = compute(store)
            slot.version = version
        return slot.value


def kept(store: Store, key: Hashable) -> Any | None:
    """The value kept under ``key`` for the store's current version; ``None`` when there
    is none (yet), or while it is being computed: for a caller that can do without it
    rather than wait for it.

    >>> from kg.store.embedded import EmbeddedStore
    >>> store = EmbeddedStore()
    >>> kept(store, "answer"), per_version(store, "answer", lambda s: 42), kept(store, "answer")
    (None, 42, 42)
    """
    with _SLOTS_LOCK:
        slot = _SLOTS.get(store, {}).get(key)
    if slot is None or not slot.lock.acquire(blocking=False):
        return None
    try:
        return slot.value if slot.version == store.version else None
    finally:
        slot.lock.release()


@contextlib.contextmanager
def carrying(store: Store, changes: Mapping[Hashable, Callable[[Any], Any]]) -> Iterator[None]:
    """Writes whose effect on some kept values is known: ``changes[key](value)`` is the
    value under ``key`` after the writes made inside the block, given the one before them
    (a new value: the old one may still be read). When the block ends without an error,
    each value kept for the version before the block's first write moves to the version
    after its last one - if the store can tell (:meth:`EmbeddedStore.journal
    <kg.store.embedded.EmbeddedStore.journal>`) that nothing else was written meanwhile;
    otherwise, and for a value kept for another version, nothing is carried and the next
    reader computes it as usual.

    >>> from kg.store.embedded import EmbeddedStore
    >>> store = EmbeddedStore()
    >>> def count(s):
    ...     return len(list(s.quads()))
    >>> per_version(store, "count", count)
    0
    >>> with carrying(store, {"count": lambda n: n + 1}):
    ...     store.update("INSERT DATA { <http://example.com/s> <http://example.com/p> 1 }")
    >>> per_version(store, "count", lambda s: "not computed again")
    1
    """
    journal = getattr(store, "journal", None)
    if journal is None:  # a SPARQL server, which others may write: nothing is carried
        yield
        return
    with journal() as writes:
        yield
    if not writes or any(a[1] != b[0] for a, b in itertools.pairwise(writes)):
        return  # nothing written, or another write came between two of these
    before, after = writes[0][0], writes[-1][1]
    for key, change in changes.items():
        slot = _slot(store, key)
        with slot.lock:
            if slot.version == before:
                slot.value = change(slot.value)
                slot.version = after


class Stopped(Exception):
    """A step of background work gave up: its round is stale (see :meth:`Round.stale`)."""


class Precedence:
    """Requests that go before the background rounds: while one is inside :meth:`first`
    (loading what it needs), every :class:`Refresher` sharing this precedence waits at its
    next step (:meth:`Round.stale`) - so a request arriving during warm-up does not share
    the machine with the warmers for longer than the step they are in.

    A request that waits for work a background round is doing on its behalf (the very index
    it needs, half built) stands aside while it waits (:meth:`aside`): else the round would
    wait for the request and the request for the round.

    >>> precedence, stop = Precedence(), threading.Event()
    >>> with precedence.first():
    ...     with precedence.aside():
    ...         aside = precedence.busy
    ...     precedence.busy, aside
    (True, False)
    >>> precedence.busy, precedence.wait(stop)
    (False, True)
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._requests = 0
        self._mine = threading.local()  # how many of the requests are this thread's

    @property
    def busy(self) -> bool:
        return self._requests > 0

    @contextlib.contextmanager
    def first(self) -> Iterator[None]:
        self._add(1)
        try:
            yield
        finally:
            self._add(-1)

    @contextlib.contextmanager
    def aside(self) -> Iterator[None]:
        """This thread's requests do not go first for a while (it waits for a round)."""
        mine = getattr(self._mine, "count", 0)
        self._add(-mine)
        try:
            yield
        finally:
            self._add(mine)

    def _add(self, n: int) -> None:
        self._mine.count = getattr(self._mine, "count", 0) + n
        with self._changed:
            self._requests += n
            self._changed.notify_all()

    def wait(self, stop: threading.Event) -> bool:
        """Wait while a request goes first; False when ``stop`` was set meanwhile."""
        with self._changed:
            while self._requests and not stop.is_set():
                self._changed.wait(0.1)  # a stop does not notify: look again now and then
        return not stop.is_set()


class Round:
    """One round of a :class:`Refresher`'s work, for one store version: the work says how
    far it got (``total``, ``done``) and asks :meth:`stale` between steps, so that a stop
    or a newer write ends the round early (the next round starts over), and a request that
    goes first (:class:`Precedence`) is let through."""

    __slots__ = ("_refresher", "done", "total", "version")

    def __init__(self, refresher: Refresher, version: str) -> None:
        self._refresher, self.version = refresher, version
        self.done, self.total = 0, 0

    def stale(self) -> bool:
        """Stopping, or the store was written since the round began (first waiting while a
        request goes first)."""
        refresher = self._refresher
        if refresher.precedence is not None:
            refresher.precedence.wait(refresher._stop)
        return refresher._stop.is_set() or refresher.store.version != self.version


class Refresher:
    """Recomputes values kept per store version in a background thread: ``work(store,
    round)`` at start-up and again after each write (the store's version is looked at every
    ``every`` seconds), so that the first request after a write finds them ready. Requests
    still compute what they need themselves when they come first; :func:`per_version` (or
    the work's own per-version bookkeeping) makes that happen once. The pages' values and
    the chain indexes are each kept warm by one.

    >>> from kg.store.embedded import EmbeddedStore
    >>> import time
    >>> store = EmbeddedStore()
    >>> def work(s, round):
    ...     round.total = 2
    ...     for _ in range(2):
    ...         round.done += 1
    >>> refresher = Refresher(store, work, every=0.01).start()
    >>> while not refresher.status()["ready"]:
    ...     time.sleep(0.01)
    >>> refresher.stop()
    >>> refresher.status()
    {'ready': True, 'done': 2, 'total': 2}
    """

    def __init__(
        self,
        store: Store,
        work: Callable[[Store, Round], object],
        every: float = 1.0,
        name: str = "kg-refresher",
        precedence: Precedence | None = None,
        settled: Callable[[], object] | None = None,
    ) -> None:
        self.store, self.work, self.every = store, work, every
        self.precedence = precedence
        self.settled = settled  # called after each round that computed everything
        self._done: str | None = None  # the version whose values are computed
        self._round: Round | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Refresher:
        self._thread.start()
        return self

    def stop(self, wait: float | None = None) -> None:
        """Ask the work to stop, and wait up to ``wait`` seconds (:data:`STOP_WAIT`) for the step it is in to
        end (the work looks at :meth:`Round.stale` between steps). A step still running
        then is left to end with the process: the thread is a daemon, and whatever it
        computes is kept nowhere a later process reads."""
        self.ask_to_stop()
        wait = STOP_WAIT if wait is None else wait
        self._thread.join(timeout=wait)
        if self._thread.is_alive():
            log.info("%s: still in a step after %.1f s; left to end", self._thread.name, wait)

    def ask_to_stop(self) -> None:
        """Stop at the next step, without waiting (then :meth:`stop`: several refreshers
        asked first wind down side by side)."""
        self._stop.set()

    def status(self) -> dict[str, object]:
        """Whether the values of the store's current version are computed, and how far the
        latest round got (steps done of its total)."""
        r = self._round
        return {
            "ready": self._done == self.store.version,
            "done": r.done if r else 0,
            "total": r.total if r else 0,
        }

    def _run(self) -> None:
        version = None
        while not self._stop.is_set():
            if self.store.version != version:
                version = self.store.version
                self._round = Round(self, version)
                try:
                    self.work(self.store, self._round)
                    if not self._round.stale():
                        self._done = version
                        if self.settled is not None:
                            self.settled()
                except Stopped:
                    pass  # the next round starts over
                except Exception:  # requests compute what they need; say why it failed
                    if not self._stop.is_set():  # (a step cut short by the store closing: no)
                        log.exception("computing the values kept per store version failed")
            self._stop.wait(self.every)


__all__ = ["Precedence", "Refresher", "Round", "Stopped", "carrying", "per_version"]
