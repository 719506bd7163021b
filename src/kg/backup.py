"""Backups of the store, and restoring one.

A backup is the engine's own: a RocksDB checkpoint of the open store, consistent (one
moment of the store, writes take turns with it) and made while the store stays in use,
with hard links to the immutable table files when the target is on the same file system
(so it takes moments and little space). It is a directory that opens like any store: kg
checks that it does before it says the backup is made.

While ``kg serve`` holds the store, only the server can make a consistent backup: the
command ``kg backup`` then asks it (``POST /api/backup``), which writes under
``KG_BACKUP_DIR``. Restoring needs the store free: stop the server first.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from kg.errors import BadRequest, StoreUnavailable
from kg.stats import stats
from kg.store import EmbeddedStore, open_store

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def default_name(now: dt.datetime | None = None) -> str:
    """A backup's name by its time (UTC), e.g. ``20261130T072627Z``."""
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")


def target_in(directory: Path, name: str) -> Path:
    """``directory / name`` for a plain name (no separators, no leading dot)."""
    if not NAME.fullmatch(name):
        raise BadRequest(f"a backup name is letters, digits, '.', '_' and '-': not {name!r}")
    return directory / name


def summary(path: Path) -> dict[str, object]:
    """What a store directory holds, by opening it read-only (an error if it is no store)."""
    if not (path / "CURRENT").exists():
        raise StoreUnavailable(f"{path} is not a kg store (no CURRENT file)")
    store = open_store(path, read_only=True)
    try:
        data = stats(store)
    finally:
        store.close()
    return {
        "path": str(path),
        "triples": data["triples"],
        "graphs": len(data["graphs"]),  # type: ignore[arg-type]  # an untyped stats dict
        "incomplete": data["incomplete"],
    }


def backup(store: EmbeddedStore, target: Path) -> dict[str, object]:
    """Back ``store`` up into the new directory ``target``; check that the copy opens."""
    target.parent.mkdir(parents=True, exist_ok=True)
    store.backup(target)
    return summary(target)


def restore(source: Path, store_path: Path) -> dict[str, object]:
    """Replace the store at ``store_path`` with a copy of the backup ``source``. The store
    must be free (no ``kg serve``); the backup stays as it is. The replaced store is kept
    beside the new one until the copy is in place, then removed."""
    found = summary(source)  # a backup that does not open is refused before anything moves
    if store_path.exists():
        try:
            open_store(store_path).close()  # only to learn that nobody holds it
        except StoreUnavailable as exc:
            raise StoreUnavailable(f"cannot restore into {store_path}: {exc.message}") from exc
    incoming = store_path.with_name(store_path.name + ".restoring")
    replaced = store_path.with_name(store_path.name + ".replaced")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(source, incoming)
    shutil.rmtree(replaced, ignore_errors=True)
    if store_path.exists():
        store_path.rename(replaced)
    incoming.rename(store_path)
    shutil.rmtree(replaced, ignore_errors=True)
    return {**found, "path": str(store_path), "from": str(source)}
