"""Real SPARQL clients against a real server: uvicorn on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from kg.api import create_app
from kg.config import Settings
from kg.loading import load_curated
from kg.store import open_store

TOKEN = "client-token-0123456789abcdef"
PREFIXES = "PREFIX kg: <https://w3id.org/kg-industry/def#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module")
def server(settings: Settings, serve: Any, free_port: Any) -> Iterator[str]:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    port = free_port()
    config = Settings.model_validate({**settings.model_dump(), "write_token": TOKEN, "port": port})
    with serve(create_app(config, store), port) as url:
        yield url


def wrapper(server: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(PREFIXES + query)
    sparql.setReturnFormat(fmt)
    return sparql


SELECT = (
    "SELECT ?u ?l WHERE { ?u a kg:University ; rdfs:label ?l FILTER(LANG(?l) = 'zh') } ORDER BY ?u"
)


def test_sparqlwrapper_json(server: str) -> None:
    result = wrapper(server, SELECT, JSON).queryAndConvert()
    labels = [b["l"]["value"] for b in result["results"]["bindings"]]  # type: ignore[index]
    assert labels == ["哈尔滨工业大学", "哈尔滨工程大学"]  # org/hit < org/hrbeu


def test_sparqlwrapper_xml_and_csv(server: str) -> None:
    xml = wrapper(server, SELECT, XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 2  # type: ignore[union-attr]
    csv_text = wrapper(server, SELECT, CSV).queryAndConvert()
    assert (
        b"\xe5\x93\x88\xe5\xb0\x94\xe6\xbb\xa8\xe5\xb7\xa5\xe4\xb8\x9a\xe5\xa4\xa7\xe5\xad\xa6"
        in csv_text
    )  # 哈尔滨工业大学


def test_sparqlwrapper_construct_as_turtle(server: str) -> None:
    sparql = wrapper(
        server,
        "CONSTRUCT { ?u rdfs:label ?l } WHERE { ?u a kg:University ; rdfs:label ?l }",
        TURTLE,
    )
    graph = rdflib.Graph().parse(data=sparql.queryAndConvert(), format="turtle")
    assert rdflib.Literal("哈尔滨工业大学", lang="zh") in set(graph.objects())


def test_rdflib_sparqlstore(server: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{server}/sparql"))
    rows = list(graph.query(PREFIXES + "SELECT ?e WHERE { ?e a kg:Enterprise } ORDER BY ?e"))
    assert len(rows) == 4


def test_rdflib_sparqlupdatestore(server: str) -> None:
    store = SPARQLUpdateStore(
        query_endpoint=f"{server}/sparql",
        update_endpoint=f"{server}/sparql/update",
        auth=None,
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    graph = rdflib.Graph(store=store, identifier=rdflib.URIRef("http://example.org/clients"))
    s, p = rdflib.URIRef("http://example.org/s"), rdflib.URIRef("http://example.org/p")
    graph.add((s, p, rdflib.Literal("写入", lang="zh")))
    assert (s, p, rdflib.Literal("写入", lang="zh")) in graph
    graph.remove((s, p, None))
    assert (s, p, None) not in graph
