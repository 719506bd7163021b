"""A server for a bench script (or a test): start it on a free port, wait until it answers,
stop it - one way for every script that needs one.

``serve(store, settings=...)`` runs ``kg serve`` (the ``kg`` of this interpreter) on a free
port with extra ``KG_*`` settings in its environment, waits until ``/api/health`` answers
200 (and, with ``ready=("pages", "chain_indexes")``, until what the server warms in the
background is ready), yields a :class:`Server` and stops it at the end: SIGTERM to its
process group, SIGKILL after ``stop_wait`` seconds (120). Its output (stdout and stderr) is
kept in a log file for a post-mortem; ``Server.stopped_in`` is how long it took to exit.

``running(command, ...)`` does the same for any server command (oxigraph, rdflib-endpoint,
a bare ASGI app) with its own "is it up" check.

    with serve(store, settings={"KG_QUERY_TIMEOUT": "600"}, ready=("pages",)) as server:
        httpx.get(server.url + "/api/stats")
    print(f"stopped in {server.stopped_in:.1f} s")
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STOP_WAIT = 120.0  # seconds between SIGTERM and SIGKILL
STARTUP = 300.0  # seconds a server may take to answer at all


def free_port() -> int:
    """A TCP port nobody listens on (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    log: Path  # its stdout and stderr
    stopped_in: float | None = None  # seconds from SIGTERM to exit, once stopped
    killed: bool = False  # it did not exit within the stop wait and was killed

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def health(self, timeout: float = 30) -> dict[str, object]:
        """``kg serve``'s ``/api/health``."""
        with urllib.request.urlopen(self.url + "/api/health", timeout=timeout) as answer:
            return json.loads(answer.read())  # type: ignore[no-any-return]


def _answers(url: str, timeout: float = 5) -> bool:
    """``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return bool(answer.status == 200)
    except OSError:  # refused, reset, timed out, or an HTTP error status
        return False


@contextmanager
def running(
    command: Sequence[str],
    *,
    url: str,
    up: Callable[[], bool],
    log: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    startup: float = STARTUP,
    stop_wait: float = STOP_WAIT,
    own_group: bool = True,
) -> Iterator[Server]:
    """Run ``command`` (a server listening at ``url``), its output to ``log``, with ``env``
    added to this process's environment; wait until ``up()`` is true (at most ``startup``
    seconds: else RuntimeError with the log's end); yield it; stop it. ``own_group``: in a
    process group of its own, signalled as a whole (its workers too); else in the caller's
    group, so that killing the caller's group kills the server as well."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=cwd,
            start_new_session=own_group,
        )
    server = Server(url, process, log)
    try:
        deadline = time.monotonic() + startup
        while not up():
            if process.poll() is not None or time.monotonic() > deadline:
                state = "exited" if process.poll() is not None else f"not up after {startup:.0f} s"
                raise RuntimeError(
                    f"{command[0]} did not start ({state}); {log}:\n{server.log_text()[-3000:]}"
                )
            time.sleep(0.2)
        yield server
    finally:
        _stop(server, stop_wait, own_group)


def _stop(server: Server, wait: float, own_group: bool) -> None:
    process = server.process
    stopping = time.perf_counter()
    if process.poll() is None:
        signal_ = os.killpg if own_group else os.kill
        try:
            signal_(process.pid, signal.SIGTERM)
            process.wait(wait)
        except subprocess.TimeoutExpired:
            print(
                f"# the server did not stop within {wait:.0f} s of SIGTERM: killed; see "
                f"{server.log}",
                file=sys.stderr,
                flush=True,
            )
            server.killed = True
            signal_(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:  # it exited between the poll and the signal
            process.wait()
    server.stopped_in = time.perf_counter() - stopping


def _ready(section: object) -> bool:
    """A health section (``chain_indexes``, ``pages``) is ready, or the server does not run it."""
    if isinstance(section, dict):
        return bool(section.get("ready"))
    return section is None


@contextmanager
def serve(
    store: Path | None = None,
    *,
    settings: Mapping[str, str] | None = None,
    ready: Sequence[str] = (),
    log: Path | None = None,
    options: Sequence[str] = (),
    cwd: Path | None = None,
    startup: float = STARTUP,
    stop_wait: float = STOP_WAIT,
    own_group: bool = True,
) -> Iterator[Server]:
    """``kg serve`` on ``store`` (else the ``KG_STORE_PATH`` of ``settings`` or of the
    environment) on a free port of 127.0.0.1, ``settings`` (``KG_*``) added to its
    environment and ``options`` to its command line; yields it once ``/api/health`` answers
    200 and every health section named in ``ready`` is ready (waited for as long as the
    server runs). Output goes to ``log`` (default: a file in the temporary directory,
    kept)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kg.cli"]
    command += ["--store", str(store)] if store is not None else []
    command += ["serve", "--host", "127.0.0.1", "--port", str(port), *options]
    log = log or Path(tempfile.gettempdir()) / f"kg-serve-{port}.log"
    with running(
        command,
        url=url,
        up=lambda: _answers(url + "/api/health"),
        log=log,
        env=settings,
        cwd=cwd,
        startup=startup,
        stop_wait=stop_wait,
        own_group=own_group,
    ) as server:
        while ready:
            try:
                health = server.health()
                if all(_ready(health.get(name)) for name in ready):
                    break
            except OSError:  # a busy server's health may time out: ask again
                pass
            if server.process.poll() is not None:
                raise RuntimeError(f"kg serve exited while warming; {log}")
            time.sleep(0.2)
        yield server
