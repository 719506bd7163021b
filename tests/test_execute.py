"""The query executors (``kg.sparql.execute``): worker processes on snapshots of the
on-disk store, replies of any size under uvloop, a worker that cannot open a snapshot."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvloop

from kg.config import Settings
from kg.loading import load_curated
from kg.sparql.execute import ProcessExecutor, QueryJob
from kg.store import EmbeddedStore, open_store

EVERYTHING = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def disk_store(settings: Settings, tmp_path: Path) -> EmbeddedStore:
    store = open_store(tmp_path / "store")
    load_curated(store, settings, check_shapes=False)
    yield store
    store.close()


@contextlib.asynccontextmanager
async def started(executor: ProcessExecutor) -> AsyncIterator[ProcessExecutor]:
    """The executor started, and closed however the block ends."""
    try:
        await executor.start()
        yield executor
    finally:
        executor.close()


def test_a_reply_of_megabytes_arrives_whole_under_uvloop(disk_store: EmbeddedStore) -> None:
    """Every quad of the curated data as SPARQL JSON (about 2 MB: many reads of the
    worker's socket), twice at once, on uvloop's event loop."""

    async def main() -> list[bytes]:
        async with started(ProcessExecutor(disk_store, workers=2, timeout=120)) as executor:
            jobs = [executor.submit(QueryJob(EVERYTHING), disk_store.version) for _ in range(2)]
            return [answer.body for answer in await asyncio.gather(*jobs)]

    bodies = uvloop.run(main())
    quads = sum(1 for _ in disk_store.quads())
    for body in bodies:
        assert len(body) > 1_000_000
        assert len(json.loads(body)["results"]["bindings"]) == quads


def test_workers_read_snapshots_and_see_every_write(disk_store: EmbeddedStore) -> None:
    ask = QueryJob("ASK { <https://example.org/s> <https://example.org/p> 1 }")

    async def main() -> list[bool]:
        seen = []
        async with started(ProcessExecutor(disk_store, workers=1, timeout=60)) as executor:
            for _ in range(2):
                answer = await executor.submit(ask, disk_store.version)
                seen.append(json.loads(answer.body)["boolean"])
                disk_store.update(
                    "INSERT DATA { <https://example.org/s> <https://example.org/p> 1 }"
                )
            (worker,) = executor._workers
            assert worker.snapshot is not None
            assert worker.snapshot.parent == disk_store.path.with_name("store.snapshots")
        return seen

    assert asyncio.run(main()) == [False, True]
    assert not disk_store.path.with_name("store.snapshots").exists()


def test_a_worker_that_cannot_open_its_snapshot_gets_the_job_again(
    disk_store: EmbeddedStore, caplog: pytest.LogCaptureFixture
) -> None:
    """The first snapshot handed out is broken (its manifest pointer removed, as if its
    files had gone): the worker says so, the job runs again on a fresh snapshot, the
    user gets the answer, and the server log says what happened."""

    async def main() -> bytes:
        executor = ProcessExecutor(disk_store, workers=1, timeout=60)
        acquire = executor.snapshots.acquire
        broken: list[Path] = []

        def acquire_once_broken(*, fresh: bool = False) -> Path:
            path = acquire(fresh=fresh)
            if not broken:
                (path / "CURRENT").unlink()
                broken.append(path)
            return path

        executor.snapshots.acquire = acquire_once_broken  # type: ignore[method-assign]
        async with started(executor):
            answer = await executor.submit(QueryJob("ASK { ?s a ?c }"), disk_store.version)
            assert broken
            return answer.body

    with caplog.at_level(logging.WARNING, logger="kg.sparql"):
        body = asyncio.run(main())
    assert json.loads(body)["boolean"] is True
    assert "could not open snapshot" in caplog.text


def test_a_snapshot_nobody_can_open_is_a_clear_error(disk_store: EmbeddedStore) -> None:
    async def main() -> None:
        executor = ProcessExecutor(disk_store, workers=1, timeout=60)
        acquire = executor.snapshots.acquire

        def acquire_broken(*, fresh: bool = False) -> Path:
            path = acquire(fresh=fresh)
            (path / "CURRENT").unlink()
            return path

        executor.snapshots.acquire = acquire_broken  # type: ignore[method-assign]
        async with started(executor):
            await executor.submit(QueryJob("ASK { ?s a ?c }"), disk_store.version)

    from kg.errors import StoreUnavailable

    with pytest.raises(StoreUnavailable) as caught:
        asyncio.run(main())
    assert "corrupt" not in caught.value.message.lower()
    shutil.rmtree(disk_store.path.with_name("store.snapshots"), ignore_errors=True)


def test_a_worker_whose_server_gave_up_on_it_ends_quietly(disk_store: EmbeddedStore) -> None:
    """The server stops reading a worker whose job ran past the time limit, then kills it;
    a worker that finishes in between must end without a traceback in the server's log
    (it printed ``BrokenPipeError`` from ``sendall``, which reads like a crash)."""
    import socket
    import threading

    from kg.sparql.execute import _frame, _recv_frame, _serve

    server, child = socket.socketpair()
    raised: list[BaseException] = []

    def worker() -> None:
        try:
            _serve(child)
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert _recv_frame(server) == ("ready",)
        snapshot = disk_store.path.with_name("snapshot")
        disk_store.backup(snapshot)
        server.shutdown(socket.SHUT_RD)  # the server reads no more from this worker
        server.sendall(_frame((str(snapshot), QueryJob("ASK { ?s ?p ?o }"))))
        thread.join(60)
    finally:
        server.close()
        thread.join(60)
        child.close()
    assert not thread.is_alive()
    assert raised == []


def test_an_error_from_a_worker_keeps_its_words(disk_store: EmbeddedStore) -> None:
    """A worker's error arrives with its catalogue key and values, so that a Chinese page
    says it in Chinese (not the code's words before the English message)."""
    from kg.errors import QuerySyntaxError

    async def main() -> None:
        async with started(ProcessExecutor(disk_store, workers=1, timeout=60)) as executor:
            await executor.submit(QueryJob("SELECT ?s WHERE { ?s ?p }"), disk_store.version)

    with pytest.raises(QuerySyntaxError) as raised:
        asyncio.run(main())
    assert raised.value.message.startswith("malformed SPARQL query: ")
    assert raised.value.key == "error.sparql.query.syntax"
    assert raised.value.words("zh").startswith("SPARQL 查询语法有误：")


def test_an_error_reply_says_its_values_as_text() -> None:
    """The values of a worker's error go back as text (an engine's exception among them
    need not pickle), numbers and keys as they are."""
    import pickle

    from kg.errors import EvaluationError
    from kg.messages import Key
    from kg.sparql.execute import _error_reply, _raise

    class Unpicklable(Exception):
        def __reduce__(self) -> str | tuple[object, ...]:
            raise TypeError("cannot pickle")

    exc = EvaluationError(key="error.sparql.query.failed", values={"detail": Unpicklable("x")})
    reply = pickle.loads(pickle.dumps(_error_reply(exc)))
    with pytest.raises(EvaluationError) as raised:
        _raise(reply)
    assert raised.value.message == "the query failed: x"
    assert raised.value.words("zh") == "查询执行失败：x"
    kept = _error_reply(
        EvaluationError(
            key="error.page.beyond", values={"page": 3, "pages": 2, "what": Key("noun.facts")}
        )
    )
    assert pickle.loads(pickle.dumps(kept))[5] == {"page": 3, "pages": 2, "what": "noun.facts"}
