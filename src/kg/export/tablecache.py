"""The node, edge and evidence tables of every node of the store, kept on disk per store
revision, which large table exports filter instead of reading the store node by node.

Reading a selection's statements by subject costs more than pyoxigraph's dump of the whole
store (an index seek per subject: see README *Exports*), so a large export cannot reach
half the dump's speed that way. Here the rows :class:`kg.export.tables.Rows` makes for
each node are made once per store revision, for every node, and kept as Arrow IPC files;
an export then filters them by integer node ids with Arrow and writes with Arrow's own
writers, a record batch at a time (:mod:`kg.export.tablefiles`: the files, their build
and the writing; this module: which tables an export may use, without importing pyarrow).

Files: ``{directory}/{revision}/`` with

- ``ids.arrow``: every node's id (an IRI, or ``_:`` and a blank node's label), its node
  number the row;
- ``nodes.arrow``: a row per node (every subject, and every node a fact points to), in the
  order exports list nodes (by IRI), with the node table's columns as a selected node's
  row, ``statements`` (how many statements the node's row was made from), and the
  columns of its row as a *context* node (types and labels only): ``c_name``,
  ``c_name_zh``, ``c_name_en``, ``c_other``, ``c_statements``;
- ``edges.arrow``: a row per edge, in export order (by source node, then the node's
  facts), with ``source`` and ``target`` as node numbers (``target`` missing for an
  RDF 1.2 triple term) and as ids (``source_id``, ``target_id``), the predicate and
  graph as numbers into ``meta.json``'s lists, and the evidence in brief;
- ``evidence.arrow``: a row per evidence item, ``node`` its subject's number and
  ``edge_row`` the edge's row in ``edges.arrow`` (missing for an attribute's evidence),
  then the evidence table's columns (``edge`` is set by each export);
- ``meta.json``: the node columns, the predicates, the graphs, counts.

A revision's directory is written under a temporary name and renamed when complete, so a
reader sees the tables of a revision whole or not at all; older revisions are removed
then (an export reading them keeps its open files). An export uses the tables of the revision
its selection was made at (:attr:`kg.export.selection.Selection.revision`), so it reads
one version of the store even when a write lands meanwhile; when they are not built (yet:
the server's background build, :meth:`TableCache.warm`, has not finished) or gone (a write,
then a newer build), it goes node by node (:mod:`kg.export.reader`), as do stores without
a revision (in memory), selections of one graph or of a CONSTRUCT query, selections of
nodes the store does not hold, and selections of fewer than :attr:`TableCache.LEAST` nodes.
An export never waits for a build: the build reads every node of the store, and an export
that paid for it cost about three times what the same export costs node by node (README,
*Exports*).
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.export.selection import Selection
from kg.export.tables import Column
from kg.store import EmbeddedStore, Store

FORMATS = ("graphml", "csv", "parquet", "xlsx")  # the formats written from the tables


@dataclass
class Tables:
    """The tables of one store revision (a complete directory)."""

    path: Path
    meta: dict[str, Any]

    @classmethod
    def open(cls, path: Path) -> Tables | None:
        try:
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(path, meta)

    @property
    def columns(self) -> list[Column]:
        return [(name, kind) for name, kind in self.meta["columns"]]


class TableCache:
    """The tables of a store's revisions, under ``directory``. :meth:`for_selection` gives
    an export the tables of its selection's revision when they are built (by :meth:`ensure`:
    the server's background refresher, :meth:`warm`, after each write), else ``None``: the
    export goes node by node rather than wait for a build. Selections of fewer than
    ``least`` nodes are written node by node, as fast for them."""

    LEAST = 20_000

    def __init__(self, store: Store, directory: Path, *, least: int = LEAST) -> None:
        self.store, self.directory, self.least = store, directory, least
        self._lock = threading.Lock()
        self.last_build: dict[str, Any] | None = None  # the last build's process: cpu, rss_mb

    def get(self, revision: str | None) -> Tables | None:
        """The tables of ``revision``, if built."""
        return Tables.open(self.directory / revision) if revision else None

    def ensure(self, stop: Callable[[], bool] | None = None) -> Tables | None:
        """The current revision's tables, built if missing (``None`` for a store without a
        revision, when a write landed during the build, or when ``stop`` said to stop: a
        build in a process of its own asks it every half second and ends then)."""
        revision = self.store.revision
        if not revision:
            return None
        with self._lock:  # one build at a time in this process
            found = self.get(revision)
            if found is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                if isinstance(self.store, EmbeddedStore) and self.store.path is not None:
                    from kg.export.tablebuild import in_child  # a process of its own

                    self.last_build = in_child(
                        self.store.path, self.directory, revision, stop=stop
                    )
                else:
                    from kg.export.tablefiles import build  # pyarrow: only when used

                    build(
                        self.store,
                        self.directory,
                        revision,
                        current=lambda: self.store.revision == revision,
                    )
                found = self.get(revision)
            if self.store.revision != revision:  # written meanwhile: not that revision's
                shutil.rmtree(self.directory / revision, ignore_errors=True)
                return None
            return found

    def for_selection(self, selection: Selection, fmt: str) -> Tables | None:
        """The tables to write ``selection`` in ``fmt`` from, or ``None``: a format, a
        selection or a store they do not serve, or tables of its revision not built (yet,
        or no longer: a newer revision's replaced them)."""
        if (
            fmt not in FORMATS
            or len(selection.nodes) < self.least
            or not usable(selection)
            or selection.store is not self.store
            or not selection.revision
        ):
            return None
        found = self.get(selection.revision)
        if found is None or found.meta.get("revision") != selection.revision:
            return None
        return found

    def warm(self, store: Store, round: object = None) -> None:
        """Build the current revision's tables (a :class:`kg.store.memo.Refresher`'s work:
        the build stops when its round does, :meth:`kg.store.memo.Round.stale`)."""
        self.ensure(getattr(round, "stale", None))


def work_directory(directory: Path, revision: str, pid: int) -> Path:
    """Where process ``pid`` writes the tables of ``revision`` before renaming them to
    ``directory / revision`` (hidden: never taken for a revision's tables)."""
    return directory / f".{revision}.{pid}.tmp"


def usable(selection: Selection) -> bool:
    """Whether ``selection`` can be written from the whole store's tables: its facts are
    the store's own, every graph's."""
    return selection.context is None and selection.graph is None
