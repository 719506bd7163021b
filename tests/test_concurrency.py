"""Time limits outside ``/sparql`` (``kg.concurrency.call``): the request ends when its time
is up, and the work it leaves behind stops at its next store call."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from kg.api import create_app
from kg.api.routes import ingest
from kg.concurrency import call, check_deadline
from kg.config import Settings
from kg.errors import QueryTimeout
from kg.loading import load_curated
from kg.store import EmbeddedStore, open_store


def test_a_call_that_overruns_answers_at_its_limit() -> None:
    async def main() -> float:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="longer than 0.5 s"):
            await call(0.5, time.sleep, 3)
        return time.monotonic() - started

    assert anyio.run(main) < 2.5  # the sleeping thread was left behind, not waited for


def test_left_behind_work_stops_at_its_next_store_call() -> None:
    steps: list[str] = []
    done = threading.Event()

    def work() -> None:
        try:
            for step in range(10):
                check_deadline()  # what every store call does first
                steps.append(f"step {step}")
                time.sleep(0.2)
        except QueryTimeout:
            steps.append("stopped")
        finally:
            done.set()

    async def main() -> None:
        with pytest.raises(QueryTimeout):
            await call(0.5, work)

    anyio.run(main)
    assert done.wait(5)
    assert steps[-1] == "stopped" and len(steps) <= 5


class SlowStore:
    """A store whose every query and update takes ``delay`` seconds longer; ``ran`` has the
    time each one the real store accepted was started (it refuses those past the limit)."""

    def __init__(self, store: EmbeddedStore, delay: float) -> None:
        self.store, self.delay = store, delay
        self.ran: list[float] = []

    def __getattr__(self, name: str) -> Any:  # the store's own methods
        return getattr(self.store, name)

    def query(self, *args: Any, **kwargs: Any) -> Any:
        time.sleep(self.delay)
        started = time.monotonic()
        result = self.store.query(*args, **kwargs)  # checks the deadline first
        self.ran.append(started)
        return result

    def update(self, *args: Any, **kwargs: Any) -> None:
        time.sleep(self.delay)
        started = time.monotonic()
        self.store.update(*args, **kwargs)
        self.ran.append(started)


def slow_app(settings: Settings, delay: float) -> tuple[TestClient, SlowStore]:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    slow = SlowStore(store, delay)
    s = settings.model_copy(
        update={
            "query_timeout": 1.0,
            "warm_chains": False,
            "warm_pages": False,  # no background store calls: ``ran`` has the route's only
            "write_token": SecretStr(TOKEN),
        }
    )
    return TestClient(create_app(s, slow)), slow  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def slow(settings: Settings) -> Iterator[tuple[TestClient, SlowStore]]:
    """The real data behind a store whose every call takes 2.5 s more; a limit of 1 s (the
    gap wide enough for a loaded machine: a route answers at 1 s, its work would take 7.5 s)."""
    client, store = slow_app(settings, delay=2.5)
    with client:
        yield client, store


TOKEN = "slow-store-token-1234"
ROUTES = [
    "/api/match?industry=航空航天及高端装备&region=黑龙江",
    "/api/chain-match?chain=航空航天及高端装备&region=黑龙江",
    "/api/export?industry=航空航天及高端装备",
    "/api/review",
    "/review",
    "/match?industry=航空航天及高端装备",
    "/",
]


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_answers_at_its_time_limit(
    slow: tuple[TestClient, SlowStore], route: str
) -> None:
    """Each store call takes 2.5 s more and the limit is 1 s: the route answers 503
    ``query_timeout`` (its page, for HTML) at the limit, and the work it left behind starts
    no store call after that answer (it stops at its first)."""
    client, store = slow
    store.ran.clear()
    started = time.monotonic()
    r = client.get(route)
    answered = time.monotonic()
    assert r.status_code == 503, r.text[:200]
    assert answered - started < 5.0  # the work itself would take 7.5 s and more
    if r.headers["content-type"].startswith("application/json"):
        assert r.json()["error"]["code"] == "query_timeout"
    time.sleep(3)  # the work left behind gets to its next store call, and stops there
    assert all(t <= answered for t in store.ran)


def test_ingest_answers_at_its_time_limit(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write too: ``POST /api/ingest`` (its limit set to 1 s) answers 503 at the limit and
    its left-behind work writes nothing after that."""
    monkeypatch.setattr(ingest, "TIMEOUT", 1.0)
    client, store = slow_app(settings, delay=0.8)
    with client:
        before = sum(1 for _ in store.store.quads())
        started = time.monotonic()
        r = client.post(
            "/api/ingest",
            content="哈尔滨市举行航空航天产业项目签约仪式。".encode(),
            headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"},
        )
        answered = time.monotonic()
        assert r.status_code == 503 and r.json()["error"]["code"] == "query_timeout"
        assert answered - started < 5.0  # the work itself would take 7.2 s and more
        time.sleep(2)
        assert all(t <= answered for t in store.ran)
        assert sum(1 for _ in store.store.quads()) == before
