"""Consistent read-only copies of the live store, for readers in other processes.

A reader in another process must never open the live store directory: the writer's
compactions delete table files under it, and a read-only instance then fails to open
(``IO error: No such file or directory ... MANIFEST may be corrupted``) or, worse, spins in
the engine on a file deleted after it opened (pyoxigraph documents such an open as
undefined behaviour). So readers open *snapshots*: RocksDB checkpoints made by the engine's
own backup (hard links to the immutable table files, plus a copy of the small manifest and
log, so a few milliseconds), under ``<store>.snapshots/``, one per store version in use.

A snapshot is held while a reader has it open and removed once nobody holds it and a newer
one exists; every leftover goes when they are closed, or when the next server starts (after
a crash).
"""

from __future__ import annotations

import itertools
import shutil
import threading
from collections import Counter
from pathlib import Path

from kg.store.embedded import EmbeddedStore


def snapshot_root(store_path: Path) -> Path:
    """Where the snapshots of the store at ``store_path`` live (beside it: hard links need
    the same file system)."""
    return store_path.with_name(store_path.name + ".snapshots")


class Snapshots:
    """Snapshots of ``store`` (on disk), each at least as new as the version it was made for.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())  # removed below
    >>> store = EmbeddedStore(root / "store")
    >>> store.update("INSERT DATA { <http://example.com/s> <http://example.com/p> 1 }")
    >>> snapshots = Snapshots(store)
    >>> first = snapshots.acquire()
    >>> snapshots.acquire() == first   # no write since: the same snapshot, held twice
    True
    >>> store.update("INSERT DATA { <http://example.com/s> <http://example.com/p> 2 }")
    >>> second = snapshots.acquire()
    >>> second != first and first.exists()   # the first is still held
    True
    >>> snapshots.release(first); first.exists()   # held once more
    True
    >>> snapshots.release(first); first.exists()   # an old one nobody holds goes
    False
    >>> snapshots.close(); store.close(); shutil.rmtree(root)
    """

    def __init__(self, store: EmbeddedStore) -> None:
        if store.path is None:
            raise ValueError("only an on-disk store has snapshots")
        self.store = store
        self.root = snapshot_root(store.path)
        shutil.rmtree(self.root, ignore_errors=True)  # left by a server that crashed
        self.root.mkdir(parents=True)
        self._names = itertools.count()
        self._making = threading.Lock()  # one backup at a time
        self._lock = threading.Lock()  # the books below; never held for long
        self._latest: tuple[str, Path] | None = None
        self._holders: Counter[Path] = Counter()

    def current(self) -> Path | None:
        """The snapshot of the store's present version, held for the caller; ``None`` when
        there is none yet (then :meth:`acquire` makes it). Never blocks."""
        with self._lock:
            if self._latest is None or self._latest[0] != self.store.version:
                return None
            path = self._latest[1]
            self._holders[path] += 1
            return path

    def acquire(self, *, fresh: bool = False) -> Path:
        """A snapshot at least as new as the store's present version, held for the caller
        (:meth:`release` it). Makes one when the store changed since the last (or always,
        with ``fresh``); blocking, so call it from a worker thread."""
        with self._making:
            if not fresh:
                held = self.current()
                if held is not None:
                    return held
            version = self.store.version  # read first: the copy holds this or newer data
            path = self.root / f"{next(self._names):08d}"
            self.store.backup(path)
            with self._lock:
                self._latest = (version, path)
                self._holders[path] += 1
            self._sweep()
            return path

    def release(self, path: Path) -> None:
        """The caller no longer has ``path`` open; the last one out of an old snapshot
        removes it (unlinking a few dozen files)."""
        with self._lock:
            self._holders[path] -= 1
            if self._holders[path] > 0:
                return
            del self._holders[path]
            if self._latest is not None and self._latest[1] == path:
                return
        shutil.rmtree(path, ignore_errors=True)

    def _sweep(self) -> None:
        with self._lock:
            latest = self._latest[1] if self._latest else None
            done = [p for p in self.root.iterdir() if p != latest and p not in self._holders]
        for path in done:  # nobody can take these any more: only the latest is handed out
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        """Remove every snapshot (the readers are gone)."""
        with self._lock:
            self._latest = None
            self._holders.clear()
        shutil.rmtree(self.root, ignore_errors=True)
