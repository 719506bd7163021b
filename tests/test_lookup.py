"""Bounded lookups: which queries the server answers in-process, and that a lookup bigger
than its budget still gets its whole answer (from the executor)."""

from __future__ import annotations

import asyncio

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.sparql.execute import InlineExecutor, QueryJob, ResultCache
from kg.sparql.lookup import ROW_BUDGET, is_bounded_lookup
from kg.sparql.service import QueryService
from kg.store import open_store

A = "<https://w3id.org/kg-industry/id/org/harbin-united-aircraft>"


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT ?p ?o WHERE {{ {A} ?p ?o }}",
        f"select * {{ {A} ?p ?o . }} LIMIT 5",
        f"SELECT DISTINCT ?l WHERE {{ {A} rdfs:label ?l ; a kg:Enterprise . }}",
        f'ASK {{ {A} rdfs:label "哈尔滨联合飞机"@zh }}',
        f"SELECT ?o {{ {A} kg:operatesIn ?o , ?o2 ; kg:builds ?b }}",
        "PREFIX x: <http://ex.org/> # a comment { }\nSELECT ?o WHERE { x:a x:p ?o }",
        f"DESCRIBE {A} kg:Enterprise",
        f'SELECT ?s {{ {A} kg:value "12"^^xsd:integer ; kg:n -3 }}',
    ],
)
def test_lookups(query: str) -> None:
    assert is_bounded_lookup(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o }",  # a variable subject
        f"SELECT * WHERE {{ {A} ?p ?o FILTER(?o != 1) }}",
        f"SELECT * WHERE {{ {A} ?p ?o OPTIONAL {{ ?o ?q ?r }} }}",
        f"SELECT * WHERE {{ {A} ?p ?o . ?o ?q ?r }}",  # a second subject
        f"SELECT * WHERE {{ {A} ?p ?o ; ?q ?r }}",  # two variable predicates
        f"SELECT * WHERE {{ {A} kg:partOf* ?o }}",  # a path
        f"SELECT * WHERE {{ {A} kg:partOf/kg:partOf ?o }}",
        f"SELECT * WHERE {{ {A} ?p ?o }} ORDER BY ?o",
        f"SELECT * WHERE {{ {A} ?p ?o }} OFFSET 10",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {A} ?p ?o }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ {A} ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://ex.org/> {{ {A} ?p ?o }} }}",
        f"SELECT * FROM <http://ex.org/g> WHERE {{ {A} ?p ?o }}",
        f"SELECT * WHERE {{ {A} kg:a ?a ; kg:b ?b ; kg:c ?c ; kg:d ?d ; kg:e ?e }}",
        f"CONSTRUCT {{ {A} ?p ?o }} WHERE {{ {A} ?p ?o }}",
        "DESCRIBE ?s WHERE { ?s a kg:Enterprise }",
        f'SELECT * WHERE {{ {A} ?p "}}" . ?s ?p ?o }}',
        "INSERT DATA { <http://ex.org/a> <http://ex.org/p> 1 }",
        "",
    ],
)
def test_not_lookups(query: str) -> None:
    assert not is_bounded_lookup(query)


class Refuse:
    """An executor that must not be asked."""

    async def submit(self, job: QueryJob, version: str) -> object:
        raise AssertionError(f"sent to the executor: {job.query}")

    def close(self) -> None:
        pass


def test_lookups_are_answered_in_process_and_big_ones_by_the_executor() -> None:
    store = open_store(None)
    hub = ox.NamedNode("http://example.org/hub")
    p = ox.NamedNode("http://example.org/p")
    store.add_to_graph(
        ox.NamedNode("http://example.org/g"),
        [ox.Triple(hub, p, ox.Literal(str(i))) for i in range(ROW_BUDGET + 500)],
    )
    settings = Settings()
    small = "SELECT ?o WHERE { <http://example.org/hub> <http://example.org/p> ?o } LIMIT 3"
    inline = QueryService(store, settings, Refuse(), ResultCache())  # type: ignore[arg-type]
    reply = asyncio.run(inline.answer({"query": [small]}, "text/csv", None))
    assert reply.status == 200 and reply.body.count(b"\n") == 4

    big = "SELECT ?o WHERE { <http://example.org/hub> <http://example.org/p> ?o }"
    with pytest.raises(AssertionError, match="sent to the executor"):
        asyncio.run(inline.answer({"query": [big]}, "text/csv", None))
    service = QueryService(store, settings, InlineExecutor(store, 30), ResultCache())
    reply = asyncio.run(service.answer({"query": [big]}, "text/csv", None))
    assert reply.body.count(b"\n") == ROW_BUDGET + 501  # every row, not the budget
    assert "KG-Results-Truncated" not in reply.headers


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        (f"SELECT ?p ?o WHERE {{ {A} ?p ?o }} LIMIT 2 # a comment", 2),
        (f"SELECT ?o WHERE {{ {A} rdfs:label ?o }}", 2),
        (f'ASK {{ {A} rdfs:label "哈尔滨联合飞机"@zh }}', None),
    ],
)
def test_lookups_answer_like_the_engine(store: object, query: str, rows: int | None) -> None:
    service = QueryService(store, Settings(), Refuse(), ResultCache())  # type: ignore[arg-type]
    reply = asyncio.run(service.answer({"query": [query]}, None, None))
    assert reply.status == 200
    body = __import__("json").loads(reply.body)
    if rows is None:
        assert body["boolean"] is True
    else:
        assert len(body["results"]["bindings"]) == rows


def test_a_lookup_asking_for_more_than_the_budget_goes_to_the_executor(store: object) -> None:
    query = f"SELECT ?p ?o WHERE {{ {A} ?p ?o }} LIMIT {ROW_BUDGET + 1}"
    inline = QueryService(store, Settings(), Refuse(), ResultCache())  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="sent to the executor"):
        asyncio.run(inline.answer({"query": [query]}, None, None))
