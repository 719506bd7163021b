"""Crash safety: every write of kg - a curated load, a file load through the engine's bulk
loader, an ingest, a review decision, a Graph Store PUT - killed with SIGKILL at random
moments in a child process leaves a store that opens, each graph holding what it held
before or what the finished write makes of it (``bench/reliability.py crash``; the bench
runs many more moments). Also: a bulk load's unfinished graphs are marked, left out by
readers and listed by ``kg stats``, then dropped by the next writer."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import open_store

OPERATIONS = ["load", "load-file", "ingest", "review", "gsp-put"]
POINTS = 3  # kills per operation here; the bench soak runs more


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crash")


@pytest.fixture(scope="module")
def operations(reliability: Any, work: Path) -> dict[str, Any]:
    return {op.name: op for op in reliability.operations(work)}


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_write_killed_at_any_moment_leaves_whole_graphs(
    reliability: Any, news_store: Path, work: Path, operations: dict[str, Any], name: str
) -> None:
    op = operations[name]
    result = reliability.crash_operation(op, news_store, work, POINTS, random.Random(name))
    assert result.failures == []
    assert result.runs == POINTS


def test_an_interrupted_bulk_load_is_marked_left_out_and_dropped(
    reliability: Any, news_store: Path, tmp_path: Path
) -> None:
    """The state a kill leaves between the bulk loader's writes, made on purpose: the
    graphs' load records are written, part of the data is in, the end never comes."""
    store_path = Path(shutil.copytree(news_store, tmp_path / "store"))
    data = reliability.synthetic_quads(tmp_path / "file.nq", 300)
    store = open_store(store_path)
    graphs = sorted(
        {q.graph_name for q in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS)}, key=str
    )
    engine = _Patched(store._store)

    def killed(**kwargs: Any) -> None:
        half = tmp_path / "half.nq"
        half.write_text("".join(data.read_text().splitlines(True)[:500]))
        engine.inner.bulk_load(path=str(half), format=kwargs["format"], to_graph=kwargs["to_graph"])
        raise SystemExit("killed")  # no except clause of the store runs for it

    engine.methods["bulk_load"] = killed
    store._store = engine
    with pytest.raises(SystemExit):
        store.load_new_graphs(data, ox.RdfFormat.N_QUADS, graphs[0], graphs)
    store._store = engine.inner
    engine.inner = None  # the engine closes when nothing refers to it any more
    store.close()

    runner = CliRunner()
    base = ["--store", str(store_path)]
    out = runner.invoke(main, [*base, "stats", "--format", "json"])
    assert out.exit_code == 0, (out.output, out.exception)
    stats = json.loads(out.stdout)
    assert {g["graph"] for g in stats["incomplete"]} == {g.value for g in graphs}
    assert [g["complete"] for g in stats["graphs"] if g["graph"] == graphs[0].value] == [False]
    table = runner.invoke(main, [*base, "stats"]).output
    assert f"{graphs[0].value}  INCOMPLETE" in table
    ask = f"ASK {{ GRAPH <{graphs[0].value}> {{ ?s ?p ?o }} }}"
    left_out = runner.invoke(main, [*base, "query", ask])
    assert json.loads(left_out.stdout)["boolean"] is False
    assert "leaving out" in left_out.stderr

    reopened = open_store(store_path)  # for writing: the half-loaded graphs go
    assert set(reopened.recovered) == set(graphs)
    assert not set(reopened.named_graphs()) & set(graphs)
    assert reopened.incomplete_graphs() == []
    reopened.close()


class _Patched:
    """The engine with some methods replaced."""

    def __init__(self, inner: Any, **methods: Any) -> None:
        self.inner, self.methods = inner, methods

    def __getattr__(self, name: str) -> Any:
        return self.methods.get(name) or getattr(self.inner, name)
