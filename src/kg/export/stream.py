"""An export as a stream of chunks, for HTTP downloads: the export is written in a thread of
its own into a bounded queue, and the response sends each chunk as soon as it is full, so
the download starts at once and memory holds a few chunks, never the export.

The writing stops at its next chunk or batch when the reader goes away (:meth:`Chunks.close`)
or its time is up (``timeout``): the export raises :class:`~kg.export.reader.Cancelled`
or :class:`~kg.errors.QueryTimeout` in its own thread, and its temporary files are removed.
With ``stall``, the reader also stops waiting when the writer, with room in the queue, has
given no chunk and no sign of work for that long (a query that works on without giving a
result): it raises :class:`~kg.errors.QueryTimeout` and cancels the writer, which stops at
its next write. A sign of work is a call of ``check``, which the writer makes every few
thousand statements it reads, so a writer that builds before it writes (a CONSTRUCT's
result in a graph or table format) is not cut while it works.

The first bytes written leave at once, as a chunk of their own: a reader that waits for
the first chunk before answering (a CONSTRUCT download: :mod:`kg.api.routes.export`) learns
that the export began, or why it could not, as soon as the writer knows.
"""

from __future__ import annotations

import contextlib
import io
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import IO, cast

from kg.concurrency import clear_frames
from kg.errors import QueryTimeout
from kg.export.reader import Cancelled

log = logging.getLogger("kg.export")

CHUNK = 1 << 16  # bytes per chunk sent
DEPTH = 16  # chunks the queue holds before the writer waits
_END = object()


class _Pipe(io.RawIOBase):
    """The binary file the export writes to: bytes gathered into chunks for the queue."""

    def __init__(self, chunks: Chunks) -> None:
        self.chunks = chunks
        self.buffer = bytearray()
        self.sent = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]  # a binary writer takes bytes-like data only
        self.chunks.check()
        self.buffer += data
        if len(self.buffer) >= CHUNK or not self.sent:
            self.chunks.put(bytes(self.buffer))
            self.buffer.clear()
            self.sent = True
        return len(data)

    def flush(self) -> None:
        """Chunks leave when full or at the end: a flush does not cut one short."""

    def finish(self) -> None:
        if self.buffer:
            self.chunks.put(bytes(self.buffer))
            self.buffer.clear()


class Chunks:
    """``write(out, check)`` run in a thread, its output as an iterator of byte chunks.

    An error raised by ``write`` before its first chunk is raised by the first
    ``next()``; one raised later ends the iteration with it (the download is cut: the client
    sees an incomplete body, never a complete-looking wrong one)."""

    def __init__(
        self,
        write: Callable[[IO[bytes], Callable[[], None]], object],
        *,
        timeout: float | None = None,
        stall: float | None = None,
    ) -> None:
        self.queue: queue.Queue[object] = queue.Queue(DEPTH)
        self.cancelled = threading.Event()
        self.deadline = time.monotonic() + timeout if timeout else None
        self.timeout = timeout
        self.stall = stall
        self.ended = False
        self.alive = time.monotonic()  # when the writer last gave a chunk or checked
        self.error: BaseException | None = None
        self.thread = threading.Thread(
            target=self._run, args=(write,), name="kg-export", daemon=True
        )
        self.thread.start()

    def check(self) -> None:
        self.alive = time.monotonic()
        if self.cancelled.is_set():
            raise Cancelled("the export was cancelled")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout(key="error.export.timeout", values={"seconds": f"{self.timeout:g}"})

    def put(self, item: object) -> None:
        while True:
            self.check()
            try:
                self.queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def _run(self, write: Callable[[IO[bytes], Callable[[], None]], object]) -> None:
        pipe = _Pipe(self)
        try:
            write(cast(IO[bytes], pipe), self.check)
            pipe.finish()
        except Cancelled as exc:
            clear_frames(exc)  # no pyoxigraph iterator of this thread leaves it
            return
        except BaseException as exc:  # handed to the reader
            if not isinstance(exc, QueryTimeout) and not getattr(exc, "status", 500) < 500:
                log.exception("export failed")
            clear_frames(exc)  # no pyoxigraph iterator of this thread leaves it
            self.error = exc
        with contextlib.suppress(Cancelled, QueryTimeout):  # nobody reads any more
            self.put(_END)

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self.ended:
            raise StopIteration
        while True:
            wait = None if self.stall is None else self.alive + self.stall - time.monotonic()
            try:
                item = self.queue.get(timeout=max(wait, 0.01) if wait is not None else None)
                break
            except queue.Empty:
                if self.alive + cast(float, self.stall) > time.monotonic():
                    continue  # the writer checked meanwhile: it works on
                self.cancelled.set()  # the writer stops at its next write or check
                raise QueryTimeout(
                    key="error.request.timeout", values={"seconds": f"{self.stall:g}"}
                ) from None
        if item is _END:
            self.ended = True
            self.cancelled.set()
            if self.error is not None:
                error, self.error = self.error, None
                raise error
            raise StopIteration
        assert isinstance(item, bytes)
        return item

    def close(self) -> None:
        """Stop the export (the reader went away) and wait for its thread to end."""
        self.cancelled.set()
        while self.thread.is_alive():
            with contextlib.suppress(queue.Empty):  # unblock a writer waiting for room
                self.queue.get(timeout=0.05)
        self.thread.join()
