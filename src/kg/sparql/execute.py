"""Running a SPARQL query into a finished answer: capped, serialized, cacheable.

:func:`run` executes a :class:`QueryJob` against a store and returns the serialized
:class:`Answer`, cut at ``max_results`` rows or triples (and flagged). Two executors run
jobs: :class:`InlineExecutor` in the caller's thread (in-memory stores, tests), and
:class:`ProcessExecutor`, a pool of worker processes that read snapshots of the on-disk
store, so that a query past its time limit is stopped for real: its worker is killed and
replaced, and no reader ever sees files a writer is deleting.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import pickle
import re
import shutil
import signal
import socket
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import anyio.to_thread
import pyoxigraph as ox

from kg import errors
from kg.concurrency import call
from kg.errors import KGError, NotAcceptable, QueryMemory, QueryTimeout, StoreUnavailable
from kg.formats import GRAPH_FORMATS, RESULT_FORMATS, TSV, Format, by_name, serialize
from kg.limits import cap_memory
from kg.sparqltext import used_prefixes
from kg.store import EmbeddedStore, Store
from kg.store.snapshots import Snapshots

log = logging.getLogger("kg.sparql")


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
class UpdateJob:
    """A SPARQL update to rehearse in a worker, on a private writable copy of the store."""

    update: str
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    body: bytes
    format: str
    truncated: bool = False
    rows: int = 0


def _graphs(iris: tuple[str, ...] | None) -> list[ox.NamedNode] | None:
    return [ox.NamedNode(i) for i in iris] if iris is not None else None


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
        return Answer(serialize(result, fmt), fmt.name)
    if isinstance(result, ox.QueryTriples):
        fmt = _format(job.rdf_format, GRAPH_FORMATS, "a CONSTRUCT/DESCRIBE result is RDF")
        triples: list[ox.Triple] = []
        for triple in result:
            if len(triples) == job.max_results:
                return _rdf_answer(triples, fmt, truncated=True)
            triples.append(triple)
        return _rdf_answer(triples, fmt, truncated=False)
    fmt = _format(job.results_format, RESULT_FORMATS, "a SELECT result is a table")
    # pyoxigraph writes TSV (one solution a line, terms in N-Triples syntax) and the writer
    # stops it past the cap; the kept lines are read back by pyoxigraph and written in the
    # asked format, so datatypes and language tags stay exact, capped or not.
    cap = _LineCap(job.max_results + 1)  # the header line, then the rows
    try:
        serialize(result, TSV, cap)  # type: ignore[call-overload]  # a writer is all it needs
    except _Enough:
        pass
    finally:
        del result
    tsv, truncated = cap.lines_upto(job.max_results + 1)
    rows = tsv.count(b"\n") - 1
    if fmt is TSV:
        return Answer(tsv, fmt.name, truncated, rows)
    table = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return Answer(serialize(table, fmt), fmt.name, truncated, rows)


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
        body = serialize(result, fmt)
        if len(body) < budget * _MIN_ROW_BYTES[fmt.name]:
            return Answer(body, fmt.name)
    del result
    answer = run(store, replace(job, max_results=budget))  # ASK, DESCRIBE, or count exactly
    return None if answer.truncated else answer


def _format(name: str | None, offered: tuple[Format, ...], why: str) -> Format:
    if name is None:
        raise NotAcceptable(f"{why}; acceptable types: " + ", ".join(f.media_type for f in offered))
    return by_name(name, offered)


def _rdf_answer(triples: list[ox.Triple], fmt: Format, *, truncated: bool) -> Answer:
    return Answer(serialize(triples, fmt), fmt.name, truncated, len(triples))


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
    async def start(self) -> None:
        """Get ready to answer (in the serving loop, before the first request)."""
        ...

    async def submit(self, job: QueryJob, version: str) -> Answer: ...

    async def rehearse(self, job: UpdateJob) -> None:
        """Run an update where it can be stopped, on a copy; raise what it would raise."""
        ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs jobs in a thread of this process. A time limit stops the request, not the work."""

    def __init__(self, store: Store, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    async def start(self) -> None:
        pass

    async def submit(self, job: QueryJob, version: str) -> Answer:
        return await call(self.timeout, run, self.store, job)

    async def rehearse(self, job: UpdateJob) -> None:
        pass  # no process to stop: the update runs once, in a thread of this process

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- processes
#
# The server and its workers talk over a socket pair in frames: an 8-byte big-endian
# length, then a pickle. The server reads them with asyncio streams, which gather a reply
# of any size across as many reads as it takes, under any event loop (uvloop included); a
# worker reads and writes with plain blocking calls.
#
# Worker -> server: ("ready",) once started; then one reply per job: ("ok", Answer),
# ("error", class name, message, details), or ("unopened", message) when it could not open
# the job's snapshot. Server -> worker: (snapshot directory, QueryJob).

_HEADER = struct.Struct(">Q")
STARTUP_SECONDS = 120.0  # a worker that is not ready by then is replaced


def _frame(obj: object) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            raise EOFError("the other end closed the connection")
        got += n
    return bytes(buf)


def _recv_frame(sock: socket.socket) -> Any:  # whatever the other end sent
    (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
    return pickle.loads(_recv_exactly(sock, size))  # our own child process


def _send(sock: socket.socket, obj: object) -> bool:
    """Send one frame; False when the server has closed its end (it gave up on this
    worker - a job past its time limit - and stops it)."""
    try:
        sock.sendall(_frame(obj))
    except OSError:  # BrokenPipeError, ConnectionResetError
        return False
    return True


def _serve(sock: socket.socket, memory: int | None = None) -> None:
    """A worker: answer jobs, each on the snapshot it names, until the socket closes. The
    snapshot stays open from one job to the next until a job names a newer one. An
    :class:`UpdateJob` names a private copy instead, which it changes. ``memory``: the
    process's memory cap in bytes (:func:`kg.limits.cap_memory`)."""
    cap_memory(memory)
    if not _send(sock, ("ready",)):
        return
    opened: tuple[str, EmbeddedStore] | None = None
    while True:
        try:
            snapshot, job = _recv_frame(sock)
        except (EOFError, OSError):
            return
        if isinstance(job, UpdateJob):
            if not _send(sock, _rehearse(Path(snapshot), job)):
                return
            continue
        if opened is None or opened[0] != snapshot:
            if opened is not None:
                opened[1].close()
                opened = None
            try:
                opened = (snapshot, EmbeddedStore(Path(snapshot), read_only=True))
            except KGError as exc:
                if not _send(sock, ("unopened", exc.message)):
                    return
                continue
        try:
            reply: tuple[Any, ...] = ("ok", run(opened[1], job))
        except KGError as exc:
            reply = _error_reply(exc)
        except MemoryError:
            reply = ("error", "QueryMemory", "the query ran out of memory", [])
        except Exception as exc:  # reported to the parent, never lost
            reply = ("error", "KGError", "the query failed in its worker", [repr(exc)])
        if not _send(sock, reply):
            return


def _rehearse(copy: Path, job: UpdateJob) -> tuple[Any, ...]:
    """Run ``job`` on the private copy at ``copy`` (the server throws the copy away)."""
    try:
        store = EmbeddedStore(copy)
    except KGError as exc:
        return ("unopened", exc.message)
    try:
        store.update(job.update, base_iri=job.base_iri)
        return ("ok", None)
    except KGError as exc:
        return _error_reply(exc)
    except MemoryError:
        return ("error", "QueryMemory", "the update ran out of memory", [])
    except Exception as exc:  # reported to the parent, never lost
        return ("error", "KGError", "the update failed in its worker", [repr(exc)])
    finally:
        store.close()


class _Worker:
    """One worker process, the server's end of its socket, and the snapshot it holds."""

    def __init__(self, ctx: Any, memory: int | None = None) -> None:  # a multiprocessing context
        self.sock, child = socket.socketpair()
        self.process = ctx.Process(target=_serve, args=(child, memory), daemon=True)
        self.process.start()
        child.close()
        self.snapshot: Path | None = None
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def _read(self) -> tuple[Any, ...]:
        assert self._streams is not None
        reader = self._streams[0]
        (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
        return pickle.loads(await reader.readexactly(size))

    async def started(self) -> None:
        """Wait until the process is ready for jobs (in the loop that will use it)."""
        self._streams = await asyncio.open_connection(sock=self.sock)
        async with asyncio.timeout(STARTUP_SECONDS):
            ready = await self._read()
        if ready != ("ready",):
            raise EOFError(f"unexpected first message from a query worker: {ready!r}")

    async def ask(self, snapshot: Path, job: QueryJob) -> tuple[Any, ...]:
        """Send ``job`` for ``snapshot`` and wait for the whole reply."""
        assert self._streams is not None
        writer = self._streams[1]
        writer.write(_frame((str(snapshot), job)))
        await writer.drain()
        return await self._read()

    def detach(self) -> None:
        """Close the server's end (in the loop that uses it)."""
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None
        else:
            self.sock.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.sock.close()


class ProcessExecutor:
    """A pool of worker processes that answer queries on snapshots of the on-disk store
    (:mod:`kg.store.snapshots`): never on the live files a writer compacts. A job past
    ``timeout`` seconds (waiting for a worker included) is stopped by killing its worker,
    which is replaced in the background. Waiting is asyncio-native: no thread per query.

    A worker holds the snapshot of its last job open; a job made after a write names a
    newer snapshot, which the worker opens instead. A worker that cannot open a snapshot
    gets the job again on a fresh one: that is the server's trouble, not the user's.
    """

    def __init__(
        self, store: EmbeddedStore, workers: int, timeout: float, memory: int | None = None
    ) -> None:
        self.timeout = timeout
        self.memory = memory
        self.snapshots = Snapshots(store)
        self.copies = _Copies(store)
        self._ctx = multiprocessing.get_context("spawn")
        self._workers = [_Worker(self._ctx, memory) for _ in range(workers)]
        self._idle: asyncio.Queue[_Worker] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start the workers; return once every one is ready (or could not start)."""
        self._queue()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:  # made in the serving loop, on first use
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._start(worker)
        return self._idle

    def _start(self, worker: _Worker) -> None:
        """Put ``worker`` in the pool once it is ready (in the background)."""

        async def start() -> None:
            try:
                await worker.started()
            except (EOFError, OSError, TimeoutError) as exc:
                log.error("a query worker did not start (%r); starting another", exc)
                await self._replace(worker)
                return
            assert self._idle is not None
            self._idle.put_nowait(worker)

        task = asyncio.get_running_loop().create_task(start())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, old: _Worker) -> None:
        """Stop ``old`` and start a new worker in its place."""
        old.detach()
        if old.snapshot is not None:
            self.snapshots.release(old.snapshot)
            old.snapshot = None

        def respawn() -> _Worker:
            old.kill()
            return _Worker(self._ctx, self.memory)

        worker = await anyio.to_thread.run_sync(respawn)
        self._workers = [worker if w is old else w for w in self._workers]
        self._start(worker)

    async def _snapshot(self, *, fresh: bool = False) -> Path:
        held = None if fresh else self.snapshots.current()
        if held is None:
            held = await anyio.to_thread.run_sync(lambda: self.snapshots.acquire(fresh=fresh))
        return held

    async def submit(self, job: QueryJob, version: str) -> Answer:
        """Answer ``job`` in a worker on a snapshot at least as new as the store now is
        (``version`` names the store version the caller saw; the answer is cached under it)."""
        reply = await self._dispatch(lambda worker: self._run(worker, job), "query")
        if reply[0] == "ok":
            return reply[1]
        return _raise(reply)

    async def rehearse(self, job: UpdateJob) -> None:
        """Run the update ``job`` in a worker on a private copy of the store, within the
        time limit and the memory cap, then throw the copy away: the live store is never
        touched. Raises what the update would raise, :class:`QueryTimeout` or
        :class:`QueryMemory`; returns when it would succeed."""
        copy = await anyio.to_thread.run_sync(self.copies.make)
        try:
            reply = await self._dispatch(lambda worker: worker.ask(copy, job), "update")
        finally:
            await anyio.to_thread.run_sync(self.copies.remove, copy)
        if reply[0] != "ok":
            _raise(reply)

    async def _dispatch(self, work: Any, what: str) -> tuple[Any, ...]:
        """``await work(worker)`` on a free worker within the time limit (waiting for the
        worker included); a worker past it, or that died, is replaced."""
        idle = self._queue()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            async with asyncio.timeout_at(deadline):
                worker = await idle.get()
        except TimeoutError:
            raise QueryTimeout(key="error.sparql.busy", values={"seconds": f"{self.timeout:g}"}) from None
        healthy = False  # until its reply is in: a worker left mid-job must not serve again
        try:
            async with asyncio.timeout_at(deadline):
                reply: tuple[Any, ...] = await work(worker)
            healthy = True
        except KGError:  # no snapshot could be made: the worker never got the job
            healthy = True
            raise
        except TimeoutError:
            log.info("a %s ran past %g s: its worker was stopped and replaced", what, self.timeout)
            raise QueryTimeout(
                key="error.sparql.update.timeout" if what == "update" else "error.sparql.query.timeout",
                values={"seconds": f"{self.timeout:g}"},
            ) from None
        except (EOFError, OSError) as exc:
            await anyio.to_thread.run_sync(worker.process.join, 5)
            code = worker.process.exitcode
            if self.memory and code == -signal.SIGABRT:  # the engine aborts when denied memory
                log.warning("a %s passed the memory cap: its worker was replaced", what)
                raise QueryMemory(
                    key="error.sparql.update.memory" if what == "update" else "error.sparql.query.memory",
                    values={"mib": self.memory // 2**20},
                ) from exc
            log.error("query worker %s died (exit code %s): %r; replaced", worker.process.pid, code, exc)
            raise StoreUnavailable(f"the query worker died; the {what} was not answered") from exc
        finally:
            if healthy:
                idle.put_nowait(worker)
            else:
                await self._replace(worker)
        return reply

    async def _run(self, worker: _Worker, job: QueryJob) -> tuple[Any, ...]:
        """Run ``job`` on the newest snapshot; once more on a fresh one if the worker
        cannot open it."""
        for attempt in (1, 2):
            snapshot = await self._snapshot(fresh=attempt == 2)
            previous, worker.snapshot = worker.snapshot, snapshot
            try:
                reply = await worker.ask(snapshot, job)
            finally:
                if previous is not None:  # the worker let go of it for this job
                    self.snapshots.release(previous)
            if reply[0] != "unopened":
                return reply
            worker.snapshot = None
            self.snapshots.release(snapshot)
            log.warning(
                "query worker %s could not open snapshot %s (attempt %d): %s",
                worker.process.pid,
                snapshot.name,
                attempt,
                reply[1],
            )
        return reply

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for worker in self._workers:
            worker.detach()
            worker.kill()
        self.snapshots.close()
        self.copies.close()


def _error_reply(exc: KGError) -> tuple[Any, ...]:
    """A worker's reply for ``exc``: its class, message and details, and its catalogue key
    with the values (the pages say the error in their language by them) - as text, but for
    numbers and keys: a value may be the engine's exception, which need not pickle."""
    values = {
        k: v if isinstance(v, (str, int, float)) else str(v) for k, v in exc.values.items()
    }
    return ("error", type(exc).__name__, exc.message, exc.details, exc.key, values)


def _raise(reply: tuple[Any, ...]) -> Any:  # never returns
    """Raise the error a worker replied (:func:`_error_reply`, or one without a key)."""
    if reply[0] == "unopened":
        raise StoreUnavailable("the query workers cannot open the store; see the server log")
    _, name, message, details, *keyed = reply
    key, values = keyed if keyed else (None, None)
    cls = getattr(errors, name, KGError)
    raise cls(message, key=key, values=values, details=details)


class _Copies:
    """Private writable copies of the store for update rehearsals, under
    ``<store>.rehearsals/`` (engine checkpoints: hard links, so cheap); removed after use,
    and every leftover when the next server starts."""

    def __init__(self, store: EmbeddedStore) -> None:
        assert store.path is not None
        self.store = store
        self.root = store.path.with_name(store.path.name + ".rehearsals")
        shutil.rmtree(self.root, ignore_errors=True)  # left by a server that crashed
        self._names = itertools.count()

    def make(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.root / str(next(self._names))
        self.store.backup(target)
        return target

    def remove(self, copy: Path) -> None:
        shutil.rmtree(copy, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
