"""The node, edge and evidence tables of every node of the store, kept on disk per store
revision, which large table exports filter instead of reading the store node by node.

Reading a selection's statements by subject costs more than pyoxigraph's dump of the whole
store (an index seek per subject: see README *Exports*), so a large export cannot reach
half the dump's speed that way. Here the rows :class:`kg.export.tables.Rows` makes for
each node are made once per store revision, for every node, and kept as Arrow IPC files;
an export then filters them by integer node ids with Arrow and writes with Arrow's own
writers, a record batch at a time (:mod:`kg.export.tablefiles`: the files, their build
and the writing; this module: which tables an export may use, without importing pyarrow).

Files: ``{directory}/{key}/``, ``key`` the revision with kg's version and the version of
the rows (:func:`tables_key`: tables an older kg built are never served, even before the
next write; they are built again, and removed as any other revision's), with

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
- ``meta.json``: the node columns, the predicates, the graphs, counts, the revision, kg's
  version (``kg``) and the row format (``rows``).

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

import functools
import hashlib
import importlib.util
import json
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import __version__
from kg.export.selection import Selection
from kg.export.tables import Column
from kg.store import EmbeddedStore, Store

FORMATS = ("graphml", "csv", "parquet", "xlsx")  # the formats written from the tables
# The version of what the tables hold: raise it whenever a change to kg changes the rows
# (kg.export.tables.Rows, the columns, the files' layout), so that the tables built before
# are not served (they are built again). With kg's own version and the signature of the
# code and queries that make the rows (:func:`code_signature`: a change forgotten here is
# caught too), it is part of every revision's key (:func:`tables_key`).
ROW_FORMAT = 1
# What makes the rows: these modules (read, not imported: pyarrow only when used) and queries.
ROW_MODULES = (
    "kg.export.tables",
    "kg.export.cells",
    "kg.export.reader",
    "kg.export.parquet",
    "kg.export.tablefiles",
    "kg.entities",
)
ROW_QUERIES = (
    "export-attributes",
    "export-recorded",
    "export-provenance",
    "evidence",
    "import-evidence",
    "import-cells",
    "derived-evidence",
)


@functools.cache
def code_signature() -> str:
    """A digest of the source of :data:`ROW_MODULES` and the text of :data:`ROW_QUERIES`,
    as :func:`kg.match.cache.build_signature` is of a chain index's code."""
    from kg import queries

    h = hashlib.sha256()
    for name in ROW_MODULES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        h.update(Path(spec.origin).read_bytes())
    for name in ROW_QUERIES:
        h.update(queries.get(name).encode())
    return h.hexdigest()[:12]


def tables_key(revision: str) -> str:
    """The name of ``revision``'s tables: the store revision, kg's version,
    :data:`ROW_FORMAT` and :func:`code_signature` - an upgrade that changes how rows are
    made builds them anew instead of serving the old ones until the next write.

    >>> tables_key("ab12") == f"ab12.kg{__version__}.rows{ROW_FORMAT}.{code_signature()}"
    True
    """
    return f"{revision}.kg{__version__}.rows{ROW_FORMAT}.{code_signature()}"


def stamp() -> dict[str, Any]:
    """What ``meta.json`` says of the kg that made the tables (:func:`tables_key`'s parts)."""
    return {"kg": __version__, "rows": ROW_FORMAT, "code": code_signature()}


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
        """The tables of ``revision``, if built (by this kg: :func:`tables_key`)."""
        found = Tables.open(self.directory / tables_key(revision)) if revision else None
        if found is None or any(found.meta.get(k) != v for k, v in stamp().items()):
            return None
        return found

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
                shutil.rmtree(self.directory / tables_key(revision), ignore_errors=True)
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
    ``directory / tables_key(revision)`` (hidden: never taken for a revision's tables)."""
    return directory / f".{tables_key(revision)}.{pid}.tmp"


def usable(selection: Selection) -> bool:
    """Whether ``selection`` can be written from the whole store's tables: its facts are
    the store's own, every graph's."""
    return selection.context is None and selection.graph is None
