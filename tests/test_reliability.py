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
        assert server.bad_log_lines() == []
