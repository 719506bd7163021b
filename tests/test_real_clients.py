"""Real SPARQL clients against a real server: uvicorn on a free port. Python: SPARQLWrapper,
rdflib's SPARQLStore / SPARQLUpdateStore. JavaScript: Comunica 3 (npm, pinned by
``tests/clients/package-lock.json``, installed into ``var/node`` when node is present)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

from kg.api import create_app
from kg.config import Settings
from kg.loading import load_curated
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ROOT / "tests" / "clients"
NODE_DIR = ROOT / "var" / "node"
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


def test_sparqlwrapper_construct_in_each_of_its_rdf_formats(server: str) -> None:
    """SPARQLWrapper's default return format is XML: for a CONSTRUCT it asks for RDF/XML
    (``format=xml`` and ``Accept: application/rdf+xml``); for JSON-LD, ``format=json-ld``;
    its RDFXML sends ``format=rdf+xml`` (and ``format=application/rdf+xml``), its N3
    ``format=n3`` with ``Accept: ...text/turtle...``: kg answers RDF/XML, JSON-LD and Turtle
    (which is N3), not 406 (review20). (Read here with rdflib: its own convert() makes
    rdflib's deprecated ConjunctiveGraph.)"""
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(
        PREFIXES + "CONSTRUCT { ?u rdfs:label ?l } WHERE { ?u a kg:University ; rdfs:label ?l }"
    )
    for fmt, media_type, syntax in (
        (XML, "application/rdf+xml", "xml"),
        (JSONLD, "application/ld+json", "json-ld"),
        (RDFXML, "application/rdf+xml", "xml"),
        (N3, "text/turtle", "turtle"),
    ):
        sparql.setReturnFormat(fmt)
        answer = sparql.query()
        assert answer.response.headers["Content-Type"].startswith(media_type), fmt
        graph = rdflib.Graph().parse(data=answer.response.read(), format=syntax)
        assert rdflib.Literal("哈尔滨工业大学", lang="zh") in set(graph.objects()), fmt


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


# --- Comunica 3 (JavaScript) ------------------------------------------------------------


@pytest.fixture(scope="session")
def comunica() -> Path:
    """Comunica's command line, installed by ``npm ci`` from ``tests/clients/`` into
    ``var/node`` (once; again when the lock file changes)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip("node and npm are not installed: Comunica (JavaScript) cannot run")
    binary = NODE_DIR / "node_modules" / ".bin" / "comunica-sparql"
    lock = CLIENTS / "package-lock.json"
    installed = NODE_DIR / "package-lock.json"
    if not binary.exists() or not installed.exists() or installed.read_bytes() != lock.read_bytes():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copy(CLIENTS / "package.json", NODE_DIR)
        shutil.copy(lock, NODE_DIR)
        done = subprocess.run(
            [npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, f"npm ci failed:\n{done.stderr[-2000:]}"
    return binary


def comunica_query(comunica: Path, server: str, query: str, media_type: str) -> str:
    """Run one query with Comunica against ``/sparql``; its standard output."""
    done = subprocess.run(
        [str(comunica), f"sparql@{server}/sparql", "-q", PREFIXES + query, "-t", media_type],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    return done.stdout


def test_comunica_select(comunica: Path, server: str) -> None:
    out = comunica_query(comunica, server, SELECT, "application/sparql-results+json")
    bindings = json.loads(out)["results"]["bindings"]
    assert [b["l"]["value"] for b in bindings] == ["哈尔滨工业大学", "哈尔滨工程大学"]
    assert bindings[0]["l"]["xml:lang"] == "zh"


def test_comunica_ask(comunica: Path, server: str) -> None:
    yes = comunica_query(comunica, server, "ASK { ?u a kg:University }", "simple")
    no = comunica_query(comunica, server, "ASK { ?u a kg:University, kg:Enterprise }", "simple")
    assert (yes.strip(), no.strip()) == ("true", "false")


def test_comunica_construct(comunica: Path, server: str) -> None:
    query = "CONSTRUCT { ?u rdfs:label ?l } WHERE { ?u a kg:University ; rdfs:label ?l }"
    out = comunica_query(comunica, server, query, "application/n-triples")
    graph = rdflib.Graph().parse(data=out, format="nt")
    hit = rdflib.URIRef("https://w3id.org/kg-industry/id/org/hit")
    assert set(graph.objects(hit, rdflib.RDFS.label)) == {
        rdflib.Literal("哈尔滨工业大学", lang="zh"),
        rdflib.Literal("Harbin Institute of Technology", lang="en"),
    }
    assert len(graph) == 4
