"""``kg backup`` / ``kg restore`` and ``POST /api/backup``: backup, change, restore gives the
same ``kg stats`` and the same answers; online through a running server while it writes."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient
from pydantic import SecretStr

from kg.api import create_app
from kg.cli import main
from kg.config import Settings
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "src" / "kg" / "queries").glob("example-*.rq"))
TOKEN = "backup-test-token-1234"


def kg(store: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, ["--store", str(store), *args], env=env)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def what_it_holds(store: Path) -> tuple[dict[str, Any], list[list[str]], str]:
    """``kg stats`` (but its version token), every example query's rows, a partner match."""
    stats = json.loads(kg(store, "stats", "--format", "json"))
    del stats["version"]
    rows = [sorted(kg(store, "query", str(q), "--format", "csv").splitlines()) for q in QUERIES]
    match = kg(store, "match", "航空航天及高端装备", "--region", "黑龙江", "--format", "json")
    return stats, rows, match


def test_backup_then_restore_gives_the_same_stats_and_answers(
    news_store: Path, tmp_path: Path
) -> None:
    store = Path(shutil.copytree(news_store, tmp_path / "store"))
    before = what_it_holds(store)
    assert before[0]["triples"] > 0 and all(before[1])
    out = kg(store, "backup", str(tmp_path / "backup"))
    assert f"{before[0]['triples']} triples" in out
    # the store changes: facts reviewed, a graph dropped
    facts = json.loads(kg(store, "review", "list", "--limit", "20", "--format", "json"))
    kg(store, "review", "accept", *[f["assertion"] for f in facts], "--reviewer", "backup test")
    kg(store, "query", "SELECT * { ?s ?p ?o } LIMIT 1")  # still readable
    changed = what_it_holds(store)
    assert changed[0] != before[0]
    out = kg(store, "restore", str(tmp_path / "backup"))
    assert f"restored {before[0]['triples']} triples" in out
    assert what_it_holds(store) == before
    assert what_it_holds(tmp_path / "backup") == before  # the backup is left as it was
    assert (
        not (tmp_path / "store.restoring").exists() and not (tmp_path / "store.replaced").exists()
    )


def test_a_backup_is_refused_into_an_existing_directory_and_a_restore_from_no_store(
    news_store: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    existing = runner.invoke(main, ["--store", str(news_store), "backup", str(tmp_path)])
    assert existing.exit_code == 1 and "exists already" in existing.output
    (tmp_path / "empty").mkdir()
    store = tmp_path / "store"
    nothing = runner.invoke(main, ["--store", str(store), "restore", str(tmp_path / "empty")])
    assert nothing.exit_code == 1 and "not a kg store" in nothing.output
    assert not store.exists()


def test_online_backup_through_the_running_server_while_it_writes(
    reliability: Any, news_store: Path, tmp_path: Path
) -> None:
    """`kg backup` while `kg serve` holds the store and two clients write: the server makes
    it; it opens, holds no half-written graph, and restores into a store of its own; a
    restore into the store the server holds is refused."""
    store = Path(shutil.copytree(news_store, tmp_path / "store"))
    backups = tmp_path / "backups"
    env = {"KG_WRITE_TOKEN": TOKEN, "KG_BACKUP_DIR": str(backups)}
    with reliability.serving(store, tmp_path / "serve.log", **env) as server:
        port = server.url.rsplit(":", 1)[1]
        writing = threading.Thread(target=reliability.write_while_read, args=(server.url, 6, 2, 0))
        writing.start()
        out = kg(store, "backup", str(backups / "online"), env={**env, "KG_PORT": port})
        writing.join()
        refused = CliRunner().invoke(
            main, ["--store", str(store), "restore", str(backups / "online")]
        )
        assert refused.exit_code == 1 and "cannot restore" in refused.output
        elsewhere = CliRunner().invoke(
            main,
            ["--store", str(store), "backup", str(tmp_path / "elsewhere")],
            env={**env, "KG_PORT": port},
        )
        assert elsewhere.exit_code == 1 and "KG_BACKUP_DIR" in elsewhere.output
        assert reliability.bad_log_lines(server) == []
    assert "backed up" in out and str(backups / "online") in out
    restored = tmp_path / "restored"
    kg(restored, "restore", str(backups / "online"))
    stats = json.loads(kg(restored, "stats", "--format", "json"))
    assert stats["incomplete"] == [] and stats["triples"] > 0


def test_the_backup_endpoint_needs_the_token_and_a_plain_name(
    settings: Settings, news_store: Path, tmp_path: Path
) -> None:
    store = open_store(Path(shutil.copytree(news_store, tmp_path / "store")))
    s = settings.model_copy(
        update={
            "write_token": SecretStr(TOKEN),
            "backup_dir": tmp_path / "backups",
            "warm_chains": False,
            "query_workers": 0,
        }
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with TestClient(create_app(s, store)) as client:
            assert client.post("/api/backup").status_code == 401
            bad = client.post("/api/backup", json={"name": "../out"}, headers=auth)
            assert bad.status_code == 400
            made = client.post("/api/backup", json={"name": "first"}, headers=auth)
            assert made.status_code == 201, made.text
            assert made.json()["path"] == str(tmp_path / "backups" / "first")
            again = client.post("/api/backup", json={"name": "first"}, headers=auth)
            assert again.status_code == 409 and "exists already" in again.text
            dated = client.post("/api/backup", headers=auth).json()
            assert Path(dated["path"]).parent == tmp_path / "backups"
    finally:
        store.close()
    copy = open_store(tmp_path / "backups" / "first", read_only=True)
    assert made.json()["triples"] == sum(1 for _ in copy.quads())
    copy.close()
