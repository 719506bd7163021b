"""The embedded backend: a pyoxigraph store on disk (or in memory for tests).

Writes go through SPARQL Update, which pyoxigraph applies in one transaction: a load that
fails leaves the store exactly as it was. pyoxigraph releases the GIL in store calls. Every
call first checks the time limit of the request it works for
(:func:`kg.concurrency.check_deadline`), so work a timed-out request left behind stops.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import secrets
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg import queries
from kg.concurrency import check_deadline
from kg.errors import (
    Conflict,
    DataError,
    EvaluationError,
    KGError,
    QuerySyntaxError,
    StoreUnavailable,
    syntax_message,
)
from kg.namespaces import KG, PROV, RDF, XSD
from kg.sparqltext import form_error, names_dataset
from kg.store.base import GraphName, QueryResult, Term, solutions

REVISION_FILE = "KG-REVISION"


class EmbeddedStore:
    """:class:`kg.store.Store` over ``pyoxigraph.Store``.

    >>> store = EmbeddedStore()
    >>> g = ox.NamedNode("http://example.com/g")
    >>> t = ox.Triple(ox.NamedNode("http://example.com/s"), ox.NamedNode("http://example.com/p"), ox.Literal("o"))
    >>> store.replace_graphs({g: [t]})
    >>> bool(store.query("ASK { <http://example.com/s> ?p 'o' }"))
    True
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = _open_read_only(path)
        else:
            try:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
            except (OSError, RuntimeError) as exc:
                hint = (
                    " (is another kg process, such as `kg serve`, using it?)"
                    if "lock" in str(exc).lower()
                    else ""
                )
                raise StoreUnavailable(f"cannot open the store at {path}: {exc}{hint}") from exc
        self._epoch = secrets.token_hex(4)
        self._version = 0
        self._lock = threading.Lock()
        self._journals = threading.local()  # see journal()
        self._revision = self._read_revision()
        if self._revision is None and path is not None and not read_only:
            self._revision = self._write_revision()
        # Writes and backups take turns: a checkpoint copies the write-ahead log, which a
        # write in progress may be appending to or switching.
        self._writing = threading.RLock()
        self.recovered: list[ox.NamedNode] = [] if read_only else self.recover()

    @property
    def version(self) -> str:
        return f"{self._epoch}.{self._version}"

    def _bump(self) -> None:
        with self._lock:
            before = self.version
            self._version += 1
            after = self.version
        writes = getattr(self._journals, "writes", None)
        if writes is not None:
            writes.append((before, after))
        if self.path is not None and not self.read_only:
            self._revision = self._write_revision()

    @contextlib.contextmanager
    def journal(self) -> Iterator[list[tuple[str, str]]]:
        """The writes this thread makes inside the block, each as the store's version just
        before and just after it: when one write's *after* is the next one's *before*,
        nothing else was written between them (what :func:`kg.store.memo.carrying` needs
        to carry a value over a write instead of computing it again)."""
        outer = getattr(self._journals, "writes", None)
        writes: list[tuple[str, str]] = []
        self._journals.writes = writes
        try:
            yield writes
        finally:
            self._journals.writes = outer
            if outer is not None:
                outer.extend(writes)

    @property
    def revision(self) -> str | None:
        """Kept in a file beside the engine's (``KG-REVISION``): removed before each write
        and written anew after it, so a store whose write never finished has none (and
        gets a new one when opened for writing). ``None`` in memory."""
        return self._revision

    def _read_revision(self) -> str | None:
        if self.path is None:
            return None
        try:
            return (self.path / REVISION_FILE).read_text(encoding="ascii").strip() or None
        except (OSError, UnicodeDecodeError):
            return None

    def _write_revision(self) -> str | None:
        revision = secrets.token_hex(16)
        try:
            (self.path / REVISION_FILE).write_text(revision + "\n", encoding="ascii")  # type: ignore[operator]  # called only for a store on disk (path set)
        except OSError:
            return None
        return revision

    def _forget_revision(self) -> None:
        """Before a write: whatever happens next, the old revision no longer holds."""
        if self.read_only:
            return
        self._revision = None
        if self.path is not None:
            with contextlib.suppress(OSError):
                (self.path / REVISION_FILE).unlink(missing_ok=True)

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: Sequence[GraphName] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        check_deadline()
        substitutions: (
            dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None
        ) = {ox.Variable(k): v for k, v in bindings.items()} if bindings else None
        own_dataset = default_graph is None and named_graphs is None and names_dataset(sparql)
        try:
            return self._store.query(
                sparql,
                base_iri=base_iri,
                use_default_graph_as_union=default_graph is None and not own_dataset,
                default_graph=list(default_graph) if default_graph is not None else None,
                named_graphs=list(named_graphs) if named_graphs is not None else None,
                substitutions=substitutions,
                prefixes=dict(prefixes) if prefixes else None,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(
                key="error.sparql.query.syntax",
                values={"detail": form_error(sparql) or syntax_message(exc, source=sparql)},
            ) from exc
        except OSError as exc:
            raise StoreUnavailable(key="error.store", details=[f"engine: {exc}"]) from exc
        except RuntimeError as exc:
            raise EvaluationError(key="error.sparql.query.failed", values={"detail": exc}) from exc

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._forget_revision()
        try:
            with self._writing:
                check_deadline()  # not after the request's time ran out (waiting included)
                self._store.update(sparql, base_iri=base_iri)
                if self.path is not None:
                    self._store.flush()  # the table files hold it, not only the log
        except SyntaxError as exc:
            raise QuerySyntaxError(
                key="error.sparql.update.syntax",
                values={
                    "detail": form_error(sparql, update=True) or syntax_message(exc, source=sparql)
                },
            ) from exc
        except OSError as exc:
            raise StoreUnavailable(key="error.store", details=[f"engine: {exc}"]) from exc
        except RuntimeError as exc:
            raise EvaluationError(key="error.sparql.update.failed", values={"detail": exc}) from exc
        finally:
            self._bump()

    def named_graphs(self) -> list[ox.NamedNode]:
        check_deadline()
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
            key=lambda g: g.value,
        )

    def get_graph(self, graph: GraphName) -> list[ox.Triple]:
        check_deadline()
        return [q.triple for q in self._store.quads_for_pattern(None, None, None, graph)]

    def quads(self, graph: GraphName | None = None) -> Iterable[ox.Quad]:
        check_deadline()
        return self._store.quads_for_pattern(None, None, None, graph)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterable[ox.Quad]:
        check_deadline()
        return self._store.quads_for_pattern(subject, predicate, object, graph)

    def replace_graphs(
        self,
        graphs: Mapping[GraphName, Iterable[ox.Triple]],
        *,
        drop: Iterable[ox.NamedNode] = (),
    ) -> None:
        self.update(replace_graphs_update(graphs, drop=drop))

    def add_to_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        self.update(insert_data_update(graph, triples))

    def load_new_graphs(
        self,
        path: Path,
        format: ox.RdfFormat,
        graph: GraphName,
        graphs: Iterable[ox.NamedNode],
        *,
        batch: int | None = None,
    ) -> None:
        # The bulk loader writes without a transaction (and without holding the file in
        # memory). So each graph first gets, in one transaction, the record of the load
        # that generates it (started, not ended), and loses it in another once the load is
        # done: a load killed in between leaves graphs that say they are incomplete, which
        # the next writer drops (recover) and readers leave out. The graphs were empty, so
        # dropping them undoes the load; a load that fails drops them at once.
        load = ox.NamedNode(f"urn:uuid:{uuid.uuid4()}")
        started = ox.Literal(_now(), datatype=XSD.dateTime)
        marks = {
            g: [
                ox.Triple(g, PROV.wasGeneratedBy, load),
                ox.Triple(load, RDF.type, KG.LoadActivity),
                ox.Triple(load, PROV.startedAtTime, started),
            ]
            for g in graphs
        }
        self.update(" ;\n".join(data_update("INSERT", g, ts) for g, ts in marks.items()))
        lines = format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
        try:
            with self._writing:
                check_deadline()
                if batch and lines:
                    for chunk in _line_batches(path, batch):
                        self._store.bulk_load(input=chunk, format=format, to_graph=graph)
                else:
                    self._store.bulk_load(path=str(path), format=format, to_graph=graph)
        except (SyntaxError, OSError, KGError) as exc:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in marks))
            if isinstance(exc, SyntaxError):
                raise DataError(f"{path}: {syntax_message(exc)}") from exc
            if isinstance(exc, KGError):
                raise
            raise StoreUnavailable(key="error.store", details=[f"engine: {exc}"]) from exc
        finally:
            self._bump()
        self.update(" ;\n".join(data_update("DELETE", g, ts) for g, ts in marks.items()))
        with self._writing:
            self._store.optimize()
            if self.path is not None:
                self._store.flush()

    def incomplete_graphs(self) -> list[ox.NamedNode]:
        """Graphs a killed bulk load left half-written (see :meth:`load_new_graphs`)."""
        rows = self.query(queries.get("incomplete-graphs"), default_graph=[])
        return list(dict.fromkeys(r["graph"] for r in solutions(rows)))

    def recover(self) -> list[ox.NamedNode]:
        """Drop the graphs killed bulk loads left half-written, all in one transaction;
        return them. (Opening the store for writing does it.)"""
        broken = self.incomplete_graphs()
        if broken:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in broken))
        return broken

    def backup(self, target: Path) -> None:
        """A consistent copy of the store in the new directory ``target``, made by the
        engine while the store stays in use (a RocksDB checkpoint: hard links to the
        immutable table files when ``target`` is on the same file system, so it is cheap).
        ``target`` opens like any store."""
        if self.path is None:
            raise StoreUnavailable("an in-memory store has no backup; use an on-disk store")
        if target.exists():
            raise Conflict(f"cannot back up into {target}: it exists already")
        try:
            with self._writing:
                self._store.backup(str(target))
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(target, ignore_errors=True)  # a partial copy is no backup
            raise StoreUnavailable(f"cannot back up the store into {target}: {exc}") from exc

    def delete_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {graph}")

    def close(self) -> None:
        """Flush, then let go of the engine's handle (RocksDB closes when the last
        reference is dropped), so that the same process may open the store again."""
        if not self.read_only:
            with contextlib.suppress(OSError):
                self._store.flush()
        if self.path is not None:
            self._store = _CLOSED  # type: ignore[assignment]  # any use now raises StoreUnavailable


class _Closed:
    """Stands in for the engine after :meth:`EmbeddedStore.close`."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):  # introspection (doctest, copy) asks for dunders
            raise AttributeError(name)
        raise StoreUnavailable("the store is closed")


_CLOSED = _Closed()


def _open_read_only(path: Path, attempts: int = 5) -> ox.Store:
    """Open ``path`` read-only. A process writing to the store (``kg serve``) may delete a
    file the open is about to read - its compaction moved on: that is a race, not damage,
    so try again a few times, then say so."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "No such file or directory" not in str(exc) or not (path / "CURRENT").exists():
                raise StoreUnavailable(f"cannot open the store at {path}: {exc}") from exc
            time.sleep(0.05 * (attempt + 1))
    raise StoreUnavailable(
        f"cannot open the store at {path} read-only: another process writing to it changed "
        f"its files {attempts} times while it was being opened; try again (or read through "
        "`kg serve`, whose queries never see this)"
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _line_batches(path: Path, size: int) -> Iterable[bytes]:
    """The lines of a file, ``size`` at a time."""
    with path.open("rb") as f:
        while True:
            chunk = b"".join(itertools.islice(f, size))
            if not chunk:
                return
            yield chunk


def _graph_ref(graph: GraphName) -> str:
    return "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"


def insert_data_update(graph: GraphName, triples: Iterable[ox.Triple]) -> str:
    """``INSERT DATA`` for triples into a graph; terms written by pyoxigraph (escaped)."""
    return data_update("INSERT", graph, triples)


def data_update(operation: str, graph: GraphName, triples: Iterable[ox.Triple]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` for triples of a graph; terms written by
    pyoxigraph (escaped)."""
    body = " .\n".join(str(t) for t in triples)
    if not body:
        return "CLEAR SILENT GRAPH <urn:kg:nothing>"
    if isinstance(graph, ox.DefaultGraph):
        return f"{operation} DATA {{\n{body} .\n}}"
    return f"{operation} DATA {{ GRAPH {graph} {{\n{body} .\n}} }}"


def replace_graphs_update(
    graphs: Mapping[GraphName, Iterable[ox.Triple]], *, drop: Iterable[ox.NamedNode] = ()
) -> str:
    """One SPARQL Update request that replaces graphs. Terms are written by pyoxigraph's own
    N-Triples serialisation, so no user text is ever pasted into the request unescaped."""
    parts = [f"DROP SILENT GRAPH {g}" for g in drop]
    for graph, triples in graphs.items():
        parts.append(f"DROP SILENT {_graph_ref(graph)}")
        triples = list(triples)
        if triples:
            parts.append(insert_data_update(graph, triples))
    return " ;\n".join(parts) if parts else "CLEAR SILENT GRAPH <urn:kg:nothing>"


def open_store(path: Path | None, *, read_only: bool = False) -> EmbeddedStore:
    """Open the configured store (``None``: a fresh in-memory store)."""
    return EmbeddedStore(path, read_only=read_only)
