"""Running a SPARQL query into a finished answer: capped, serialized, cacheable.

:func:`run` executes a :class:`QueryJob` against a store and returns the serialized
:class:`Answer`, cut at ``max_results`` rows or triples (and flagged). Two executors run
jobs: :class:`InlineExecutor` in the caller's thread (in-memory stores, tests), and
:class:`ProcessExecutor`, a pool of worker processes that open the on-disk store read-only,
so that a query past its time limit is stopped for real: its worker is killed and replaced.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

import anyio.to_thread
import pyoxigraph as ox

from kg import errors
from kg.concurrency import call
from kg.errors import KGError, NotAcceptable, QueryTimeout, StoreUnavailable
from kg.formats import GRAPH_FORMATS, RESULT_FORMATS, by_name
from kg.namespaces import PREFIXES
from kg.store import EmbeddedStore, Store


@dataclass(frozen=True)
class QueryJob:
    """One query with its dataset, its base IRI and the formats the client accepts (by
    name; ``None`` when no format of that kind is acceptable). ``default_graph`` and
    ``named_graphs`` (IRIs) are the dataset the request gives; ``None`` for both: the
    query's own (``FROM``), else kg's default (the union of all graphs as the default
    graph) - see :meth:`kg.store.Store.query`."""

    query: str
    results_format: str | None = "json"
    rdf_format: str | None = "turtle"
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_results: int = 100_000
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    body: bytes
    format: str
    truncated: bool = False
    rows: int = 0


def _graphs(iris: tuple[str, ...] | None) -> list[ox.NamedNode] | None:
    return [ox.NamedNode(i) for i in iris] if iris is not None else None


def used_prefixes(query: str) -> dict[str, str] | None:
    """The predeclared prefixes a query uses without declaring them (parsing all of them
    on every query would cost more than a point lookup itself)."""
    used = {
        name: iri
        for name, iri in PREFIXES.items()
        if f"{name}:" in query and not re.search(rf"PREFIX\s+{name}:", query, re.IGNORECASE)
    }
    return used or None


class _Enough(Exception):
    """Raised from the writer to stop the serializer once the row cap is passed."""


class _LineCap:
    """A writer that keeps what the serializer writes and stops it after ``limit`` lines."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.lines = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _Enough
        return len(data)

    def flush(self) -> None:
        pass

    def lines_upto(self, limit: int) -> tuple[bytes, bool]:
        data = b"".join(self.parts)
        if self.lines <= limit:
            return data, False
        return b"\n".join(data.split(b"\n", limit)[:limit]) + b"\n", True


def run(store: Store, job: QueryJob) -> Answer:
    """Execute ``job`` on ``store`` and serialize the answer (in this thread: pyoxigraph
    results must be consumed where they were made)."""
    result = store.query(
        job.query,
        default_graph=_graphs(job.default_graph),
        named_graphs=_graphs(job.named_graphs),
        prefixes=used_prefixes(job.query),
        base_iri=job.base_iri,
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
    assert isinstance(fmt.engine, ox.QueryResultsFormat)
    # pyoxigraph writes TSV (one solution a line, terms in N-Triples syntax) and the writer
    # stops it past the cap; the kept lines are read back by pyoxigraph and written in the
    # asked format, so datatypes and language tags stay exact, capped or not.
    cap = _LineCap(job.max_results + 1)  # the header line, then the rows
    try:
        result.serialize(cap, format=ox.QueryResultsFormat.TSV)
    except _Enough:
        pass
    finally:
        del result
    tsv, truncated = cap.lines_upto(job.max_results + 1)
    rows = tsv.count(b"\n") - 1
    if fmt.engine == ox.QueryResultsFormat.TSV:
        return Answer(tsv, fmt.name, truncated, rows)
    table = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    assert isinstance(table, ox.QuerySolutions)
    return Answer(table.serialize(format=fmt.engine), fmt.name, truncated, rows)


# The fewest bytes one SELECT solution with a bound variable takes in each format (with its
# separator): an answer shorter than budget * this has at most `budget` rows.
_MIN_ROW_BYTES = {"json": 30, "xml": 40, "csv": 2, "tsv": 2}


def run_lookup(store: Store, job: QueryJob, budget: int) -> Answer | None:
    """Run a bounded lookup (:mod:`kg.sparql.lookup`) serialized straight into the asked
    format; ``None`` when it may have more than ``budget`` rows (then :func:`run` decides,
    in a worker). The engine stops at ``budget + 1`` rows (an added ``LIMIT``)."""
    query = job.query
    limit = re.search(r"\bLIMIT\s+(\d+)\s*$", query, re.IGNORECASE)
    if limit is not None and int(limit.group(1)) > budget:
        return None
    if not re.search(r"\bLIMIT\b", query, re.IGNORECASE) and query.lstrip()[:6].upper() == "SELECT":
        query = f"{query}\nLIMIT {budget + 1}"
    result = store.query(
        query,
        default_graph=_graphs(job.default_graph),
        named_graphs=_graphs(job.named_graphs),
        prefixes=used_prefixes(query),
        base_iri=job.base_iri,
    )
    if isinstance(result, ox.QuerySolutions) and result.variables:
        fmt = _format(job.results_format, RESULT_FORMATS, "a SELECT result is a table")
        assert isinstance(fmt.engine, ox.QueryResultsFormat)
        body = result.serialize(format=fmt.engine)
        if len(body) < budget * _MIN_ROW_BYTES[fmt.name]:
            return Answer(body, fmt.name)
    del result
    answer = run(store, replace(job, max_results=budget))  # ASK, DESCRIBE, or count exactly
    return None if answer.truncated else answer


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
    async def submit(self, job: QueryJob, version: str) -> Answer: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs jobs in a thread of this process. A time limit stops the request, not the work."""

    def __init__(self, store: Store, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    async def submit(self, job: QueryJob, version: str) -> Answer:
        return await call(self.timeout, run, self.store, job)

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
        self.waiting: asyncio.Future[None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def watch(self, loop: asyncio.AbstractEventLoop) -> None:
        """Register the pipe with the loop once; each reply wakes the job waiting on it."""
        if self.loop is None:
            self.loop = loop
            loop.add_reader(self.conn.fileno(), self._readable)

    def _readable(self) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result(None)

    def kill(self) -> None:
        if self.loop is not None and not self.conn.closed:
            self.loop.remove_reader(self.conn.fileno())
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ProcessExecutor:
    """A pool of worker processes over the on-disk store; a job past ``timeout`` seconds is
    stopped by killing its worker, which is replaced. Workers are reopened after a write
    (their read-only view is a snapshot). Waiting is asyncio-native: no thread per query."""

    def __init__(self, path: Path, workers: int, timeout: float, version: str) -> None:
        self.path = path
        self.timeout = timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._workers = [_Worker(self._ctx, path, version) for _ in range(workers)]
        self._idle: asyncio.Queue[_Worker] | None = None

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:  # made in the serving loop, on first use
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    async def _fresh(self, old: _Worker, version: str) -> _Worker:
        def replace() -> _Worker:
            old.kill()
            return _Worker(self._ctx, self.path, version)

        worker = await anyio.to_thread.run_sync(replace)
        self._workers = [worker if w is old else w for w in self._workers]
        return worker

    async def submit(self, job: QueryJob, version: str) -> Answer:
        idle = self._queue()
        try:
            async with asyncio.timeout(self.timeout):
                worker = await idle.get()
        except TimeoutError:
            raise QueryTimeout(f"no query worker became free within {self.timeout:g} s") from None
        try:
            if worker.version != version or not worker.process.is_alive():
                worker = await self._fresh(worker, version)
            reply = await self._ask(worker, job)
            if reply is None:
                worker = await self._fresh(worker, version)
                raise QueryTimeout(
                    f"the query ran longer than {self.timeout:g} s and was stopped (setting KG_QUERY_TIMEOUT)"
                )
        except (EOFError, OSError) as exc:
            worker = await self._fresh(worker, version)
            raise StoreUnavailable("the query worker died; the query was not answered") from exc
        finally:
            idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]  # type: ignore[no-any-return]
        _, name, message, details = reply
        cls = getattr(errors, name, KGError)
        raise cls(message, details=details)

    async def _ask(self, worker: _Worker, job: QueryJob) -> tuple[Any, ...] | None:
        """Send the job; wait for the reply without blocking the loop (``None``: timed out)."""
        loop = asyncio.get_running_loop()
        worker.watch(loop)
        worker.waiting = loop.create_future()
        worker.conn.send(job)
        try:
            async with asyncio.timeout(self.timeout):
                await worker.waiting  # set by the loop when the reply becomes readable
        except TimeoutError:
            return None
        finally:
            worker.waiting = None
        return worker.conn.recv()  # type: ignore[no-any-return]

    def close(self) -> None:
        for worker in self._workers:
            worker.kill()
