"""The store interface: graph operations and atomic writes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pyoxigraph as ox
import pytest

from kg.errors import QuerySyntaxError, StoreUnavailable
from kg.store import EmbeddedStore, Store, open_store
from kg.store.memo import Precedence, Refresher, Round, carrying, per_version

G1 = ox.NamedNode("http://example.org/g1")
G2 = ox.NamedNode("http://example.org/g2")
S = ox.NamedNode("http://example.org/s")
P = ox.NamedNode("http://example.org/p")


def test_embedded_store_implements_the_interface(fresh_store: EmbeddedStore) -> None:
    assert isinstance(fresh_store, Store)


def test_replace_drop_and_get(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graphs(
        {G1: [ox.Triple(S, P, ox.Literal("a"))], G2: [ox.Triple(S, P, ox.Literal("b"))]}
    )
    assert fresh_store.named_graphs() == [G1, G2]
    fresh_store.replace_graphs({G1: [ox.Triple(S, P, ox.Literal("c"))]}, drop=[G2])
    assert fresh_store.get_graph(G1) == [ox.Triple(S, P, ox.Literal("c"))]
    assert fresh_store.named_graphs() == [G1]
    fresh_store.delete_graph(G1)
    assert fresh_store.named_graphs() == []


def test_literals_with_quotes_and_newlines_survive(fresh_store: EmbeddedStore) -> None:
    tricky = ox.Literal('a "quoted"\nline } ; DROP ALL', language="zh")
    fresh_store.replace_graphs({G1: [ox.Triple(S, P, tricky)]})
    assert fresh_store.get_graph(G1) == [ox.Triple(S, P, tricky)]


def test_a_failing_update_changes_nothing(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graphs({G1: [ox.Triple(S, P, ox.Literal("a"))]})
    before = set(fresh_store.quads())
    with pytest.raises(QuerySyntaxError):
        fresh_store.update(f"DROP GRAPH {G1} ; INSERT DATA {{ GRAPH {G1} {{ <broken")
    assert set(fresh_store.quads()) == before
    version = fresh_store.version
    fresh_store.update(f"DROP GRAPH {G1}")
    assert fresh_store.version != version


def test_bindings_bind_values_not_text(fresh_store: EmbeddedStore) -> None:
    fresh_store.replace_graphs({G1: [ox.Triple(S, P, ox.Literal("x"))]})
    rows = list(
        fresh_store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", bindings={"o": ox.Literal("x")})
    )
    assert [r["s"] for r in rows] == [S]
    assert (
        list(
            fresh_store.query(
                "SELECT ?s ?o WHERE { ?s ?p ?o }", bindings={"o": ox.Literal("x' } #")}
            )
        )
        == []
    )


def test_on_disk_store_is_locked_for_a_second_writer(tmp_path) -> None:
    first = open_store(tmp_path / "store")
    with pytest.raises(StoreUnavailable, match="cannot open the store"):
        open_store(tmp_path / "store")
    first.close()


def test_a_query_keeps_its_own_dataset(fresh_store: EmbeddedStore) -> None:
    """FROM / FROM NAMED hold (SPARQL 1.1 Query 13.2); without them the default graph is
    the union of all graphs; a dataset given to the call overrides the query's."""
    fresh_store.replace_graphs(
        {G1: [ox.Triple(S, P, ox.Literal("a"))], G2: [ox.Triple(S, P, ox.Literal("b"))]}
    )

    def objects(query: str, **dataset: object) -> set[str]:
        return {row["o"].value for row in fresh_store.query(query, **dataset)}  # type: ignore[arg-type, index, union-attr]

    assert objects("SELECT ?o WHERE { ?s ?p ?o }") == {"a", "b"}
    assert objects(f"SELECT ?o FROM {G1} WHERE {{ ?s ?p ?o }}") == {"a"}
    # FROM NAMED alone: the default graph is empty, GRAPH ranges over the named graphs only
    assert objects(f"SELECT ?o FROM NAMED {G2} WHERE {{ ?s ?p ?o }}") == set()
    assert objects(f"SELECT ?o FROM NAMED {G2} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == {"b"}
    assert objects(f"SELECT ?o FROM {G1} WHERE {{ ?s ?p ?o }}", default_graph=[G2]) == {"b"}


def test_relative_iris_resolve_against_the_base_iri(fresh_store: EmbeddedStore) -> None:
    fresh_store.update("INSERT DATA { GRAPH <g> { <s> <p> <o> } }", base_iri="http://example.org/")
    assert fresh_store.named_graphs() == [ox.NamedNode("http://example.org/g")]
    rows = fresh_store.query("SELECT ?o WHERE { <s> <p> ?o }", base_iri="http://example.org/x")
    assert [row["o"] for row in rows] == [ox.NamedNode("http://example.org/o")]  # type: ignore[index, union-attr]


def test_the_revision_survives_reopening_and_changes_with_every_write(tmp_path) -> None:
    path = tmp_path / "store"
    store = open_store(path)
    first = store.revision
    assert first is not None
    store.close()
    again = open_store(path, read_only=True)
    assert again.revision == first  # unchanged store, new opening: same revision
    again.close()
    store = open_store(path)
    assert store.revision == first
    store.replace_graphs({G1: [ox.Triple(S, P, ox.Literal("a"))]})
    assert store.revision not in (None, first)
    written = store.revision
    with pytest.raises(QuerySyntaxError):
        store.update("NOT SPARQL")
    assert store.revision not in (None, written)  # a failed write may have changed nothing,
    store.close()  # but a new revision only costs a cache rebuild
    (path / "KG-REVISION").unlink()  # a write that never finished leaves no revision
    reader = open_store(path, read_only=True)
    assert reader.revision is None
    reader.close()
    assert open_store(None).revision is None


# --- values kept per store version, carried over known writes ------------------------

INSERT = "INSERT DATA {{ <http://example.com/s> <http://example.com/p> {n} }}"


def count(store: Store) -> int:
    return len(list(store.quads()))


def test_a_value_is_carried_over_the_writes_made_in_the_block() -> None:
    store = open_store(None)
    assert per_version(store, "n", count) == 0
    with carrying(store, {"n": lambda n: n + 2}):
        store.update(INSERT.format(n=1))
        store.update(INSERT.format(n=2))
    assert per_version(store, "n", lambda s: pytest.fail("computed again")) == 2


def test_nothing_is_carried_when_another_write_came_between() -> None:
    store = open_store(None)
    per_version(store, "n", count)
    with carrying(store, {"n": lambda n: pytest.fail("carried")}):
        store.update(INSERT.format(n=1))
        other = threading.Thread(target=store.update, args=(INSERT.format(n=2),))
        other.start()
        other.join()
        store.update(INSERT.format(n=3))
    assert per_version(store, "n", count) == 3


def test_nothing_is_carried_after_an_error_or_from_another_version() -> None:
    store = open_store(None)
    per_version(store, "n", count)
    with pytest.raises(QuerySyntaxError), carrying(store, {"n": lambda n: pytest.fail("carried")}):
        store.update(INSERT.format(n=1))
        store.update("not an update")
    store.update(INSERT.format(n=2))  # the value is of an older version now
    with carrying(store, {"n": lambda n: pytest.fail("carried")}):
        store.update(INSERT.format(n=3))
    assert per_version(store, "n", count) == 3


def test_a_refresher_follows_the_store_and_says_how_far_it_got() -> None:
    store = open_store(None)
    seen: list[int] = []

    def work(s: Store, round: Round) -> None:
        round.total = 3
        for _ in range(3):
            round.done += 1
        seen.append(count(s))

    refresher = Refresher(store, work, every=0.01).start()
    try:
        wait(lambda: refresher.status()["ready"])
        store.update(INSERT.format(n=1))
        wait(lambda: refresher.status()["ready"] and seen[-1] == 1)
        assert refresher.status() == {"ready": True, "done": 3, "total": 3}
    finally:
        refresher.stop()
    assert not refresher._thread.is_alive()


def test_a_stop_does_not_wait_for_a_step_that_does_not_end() -> None:
    store = open_store(None)
    release, steps = threading.Event(), []

    def work(s: Store, round: Round) -> None:
        steps.append(1)
        release.wait(60)  # one long step (a page's value at a million entities)

    refresher = Refresher(store, work, every=0.01).start()
    wait(lambda: steps)
    refresher.stop(wait=0.05)  # returns while the step goes on: the server exits meanwhile
    assert refresher._thread.is_alive() and refresher._thread.daemon
    release.set()
    refresher._thread.join(30)
    assert not refresher._thread.is_alive() and steps == [1]  # no step after the stop


def test_background_steps_wait_while_a_request_goes_first() -> None:
    store = open_store(None)
    precedence, proceed, steps = Precedence(), threading.Event(), []

    def work(s: Store, round: Round) -> None:
        while not round.stale():
            steps.append(1)
            proceed.wait(30)
            proceed.clear()

    refresher = Refresher(store, work, every=0.01, precedence=precedence).start()
    try:
        wait(lambda: steps)
        with precedence.first():
            proceed.set()  # the step in progress ends; the next one waits for the request
            time.sleep(0.2)
            assert len(steps) == 1
        wait(lambda: len(steps) == 2)
    finally:
        refresher._stop.set()
        proceed.set()
        refresher.stop()
    assert not refresher._thread.is_alive()


def wait(condition: Callable[[], object], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
