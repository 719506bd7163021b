"""Running a SPARQL query into a finished answer: capped, serialized, cacheable.

:func:`run` executes a :class:`QueryJob` against a store and returns the serialized
:class:`Answer`, cut at ``max_results`` rows or triples (and flagged). Two executors run
jobs: :class:`InlineExecutor` in the caller's thread (in-memory stores, tests), and
:class:`ProcessExecutor`, a pool of worker processes that open the on-disk store read-only,
so that a query past its time limit is stopped for real: its worker is killed and replaced.
"""

from __future__ import annotations

import io
import multiprocessing
import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kg import errors
from kg.errors import KGError, NotAcceptable, QueryTimeout, StoreUnavailable
from kg.formats import GRAPH_FORMATS, RESULT_FORMATS, by_name
from kg.namespaces import PREFIXES
from kg.store import EmbeddedStore, Store


@dataclass(frozen=True)
class QueryJob:
    """One query with its dataset and the formats the client accepts (by name; ``None``
    when no format of that kind is acceptable)."""

    query: str
    results_format: str | None = "json"
    rdf_format: str | None = "turtle"
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_results: int = 100_000


@dataclass(frozen=True)
class Answer:
    body: bytes
    format: str
    truncated: bool = False
    rows: int = 0


def _graphs(iris: tuple[str, ...] | None) -> list[ox.NamedNode] | None:
    return [ox.NamedNode(i) for i in iris] if iris is not None else None


def _tsv_term(term: object) -> str:
    return "" if term is None else str(term)


def run(store: Store, job: QueryJob) -> Answer:
    """Execute ``job`` on ``store`` and serialize the answer (in this thread: pyoxigraph
    results must be consumed where they were made)."""
    result = store.query(
        job.query,
        default_graph=_graphs(job.default_graph),
        named_graphs=_graphs(job.named_graphs),
        prefixes=PREFIXES,
    )
    if isinstance(result, ox.QueryBoolean):
        fmt = _format(job.results_format, RESULT_FORMATS, "an ASK result is a boolean")
        assert isinstance(fmt.engine, ox.QueryResultsFormat)
        return Answer(result.serialize(format=fmt.engine), fmt.name)
    if isinstance(result, ox.QueryTriples):
        fmt = _format(job.rdf_format, GRAPH_FORMATS, "a CONSTRUCT/DESCRIBE result is RDF")
        triples = []
        for triple in result:
            if len(triples) == job.max_results:
                return _rdf_answer(triples, fmt, truncated=True)
            triples.append(triple)
        return _rdf_answer(triples, fmt, truncated=False)
    fmt = _format(job.results_format, RESULT_FORMATS, "a SELECT result is a table")
    variables = result.variables
    lines = ["\t".join(str(v) for v in variables)]
    truncated = False
    for solution in result:
        if len(lines) > job.max_results:
            truncated = True
            break
        lines.append("\t".join(_tsv_term(solution[v]) for v in variables))
    del result
    # Re-read the rows as pyoxigraph results, so that every format is written by pyoxigraph
    # itself (datatypes and language tags intact), capped or not.
    table = ox.parse_query_results(
        ("\n".join(lines) + "\n").encode(), format=ox.QueryResultsFormat.TSV
    )
    assert isinstance(table, ox.QuerySolutions) and isinstance(fmt.engine, ox.QueryResultsFormat)
    return Answer(table.serialize(format=fmt.engine), fmt.name, truncated, len(lines) - 1)


def _format(name: str | None, offered: tuple, why: str):  # noqa: ANN202
    if name is None:
        raise NotAcceptable(f"{why}; acceptable types: " + ", ".join(f.media_type for f in offered))
    return by_name(name, offered)


def _rdf_answer(triples: list[ox.Triple], fmt, *, truncated: bool) -> Answer:  # noqa: ANN001
    assert isinstance(fmt.engine, ox.RdfFormat)
    data: list[Any] = triples
    if fmt.kind == "dataset":
        data = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    out = io.BytesIO()
    ox.serialize(data, out, format=fmt.engine)
    return Answer(out.getvalue(), fmt.name, truncated, len(triples))


class ResultCache:
    """Answers by (store version, job), least recently used out first. A write changes the
    store version, so an answer is never served after the data it came from changed."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, QueryJob], Answer] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, version: str, job: QueryJob) -> Answer | None:
        with self._lock:
            answer = self._items.get((version, job))
            if answer is not None:
                self._items.move_to_end((version, job))
            return answer

    def put(self, version: str, job: QueryJob, answer: Answer) -> None:
        if len(answer.body) > self.max_bytes // 8:
            return
        with self._lock:
            key = (version, job)
            if key in self._items:
                return
            self._items[key] = answer
            self._size += len(answer.body)
            while self._size > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self._size -= len(old.body)


class Executor(Protocol):
    def submit(self, job: QueryJob, version: str) -> Answer: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs jobs in the calling thread. A time limit can only stop waiting, not the work."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def submit(self, job: QueryJob, version: str) -> Answer:
        return run(self.store, job)

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- processes


def _serve(path: str, conn: Connection) -> None:
    """A worker: open the store read-only, answer jobs until the pipe closes."""
    store = EmbeddedStore(Path(path), read_only=True)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", run(store, job)))
        except KGError as exc:
            conn.send(("error", type(exc).__name__, exc.message, exc.details))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, never lost
            conn.send(("error", "KGError", f"query failed: {exc}", []))


class _Worker:
    def __init__(self, ctx: Any, path: Path, version: str) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(str(path), child), daemon=True)
        self.process.start()
        child.close()
        self.version = version

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ProcessExecutor:
    """A pool of worker processes over the on-disk store; a job past ``timeout`` seconds is
    stopped by killing its worker. Workers are reopened after a write (their read-only view
    is a snapshot)."""

    def __init__(self, path: Path, workers: int, timeout: float, version: str) -> None:
        self.path = path
        self.timeout = timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self._idle.put(_Worker(self._ctx, path, version))

    def submit(self, job: QueryJob, version: str) -> Answer:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within {self.timeout:g} s") from None
        try:
            if worker.version != version or not worker.process.is_alive():
                worker.kill()
                worker = _Worker(self._ctx, self.path, version)
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                worker.kill()
                worker = _Worker(self._ctx, self.path, version)
                raise QueryTimeout(
                    f"the query ran longer than {self.timeout:g} s and was stopped (setting KG_QUERY_TIMEOUT)"
                )
            try:
                reply = worker.conn.recv()
            except (EOFError, OSError) as exc:
                worker.kill()
                worker = _Worker(self._ctx, self.path, version)
                raise StoreUnavailable("the query worker died; the query was not answered") from exc
        finally:
            self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        _, name, message, details = reply
        cls = getattr(errors, name, KGError)
        raise cls(message, details=details)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().kill()
