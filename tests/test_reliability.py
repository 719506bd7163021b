"""kg under load, through the real server: ``kg serve`` (uvicorn with uvloop, as shipped)
in its own process on a free port, over a store with the curated data and real news
(the ``news_store`` fixture). The workloads are ``bench/reliability.py``'s, shorter; the
bench runs them at full length."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any


def copy_of(store: Path, tmp_path: Path) -> Path:
    """A private copy of a closed store (``kg serve`` opens it for writing)."""
    return Path(shutil.copytree(store, tmp_path / "store"))


def test_medium_size_answers_all_arrive_under_uvloop(
    reliability: Any, news_store: Path, tmp_path: Path
) -> None:
    """300 queries of 100 to 1,000 rows each (SELECT in JSON, CONSTRUCT in N-Triples), 6
    at a time: a reply takes several reads of the worker's socket, and every one arrives
    whole (issue 14: under uvloop a third of them used to fail with 503)."""
    store = copy_of(news_store, tmp_path)
    with reliability.serving(store, tmp_path / "serve.log") as server:
        result = reliability.query_storm(server.url, 300, clients=6)
        assert result.ok == 300, result.failures[:5]
        assert dict(result.statuses) == {200: 300}
        assert reliability.bad_log_lines(server) == []


WRITE_WHILE_READ_SECONDS = 60


def test_reads_never_fail_while_others_write(
    reliability: Any, news_store: Path, tmp_path: Path
) -> None:
    """2 writers (INSERT DATA and Graph Store PUT of generated data, about 10 writes a
    second each) and 4 readers of queries that go to the worker processes (a COUNT with a
    FILTER, an OPTIONAL with ORDER BY, a GROUP BY over graphs), for 60 s: every read
    answers 200 and no worker dies (issue 14: workers opened the live store and hit files
    the writer's compaction had just deleted). ``bench/reliability.py write-while-read``
    runs it for 10 minutes."""
    store = copy_of(news_store, tmp_path)
    env = {"KG_WRITE_TOKEN": reliability.TOKEN, "KG_QUERY_WORKERS": "3"}
    with reliability.serving(store, tmp_path / "serve.log", **env) as server:
        mix = reliability.write_while_read(server.url, WRITE_WHILE_READ_SECONDS)
        assert mix.failed_reads == 0, mix.failures[:5]
        assert set(mix.writes) <= {201, 204}, mix.failures[:5]
        assert sum(mix.reads.values()) >= 20 and sum(mix.writes.values()) >= 100
        assert reliability.bad_log_lines(server) == []
        # every snapshot is gone but the newest and the ones the 3 workers hold
        assert len(list((tmp_path / "store.snapshots").iterdir())) <= 4
    assert not (tmp_path / "store.snapshots").exists()  # and those when the server stops
