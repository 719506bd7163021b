"""The SPARQL endpoint's protocols and safety: Update, Graph Store, service description,
ETag and cache, remote-access refusal, limits, CORS, and timeouts that stop the work."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from conftest import Listener
from kg.api import create_app
from kg.config import Settings
from kg.loading import load_curated
from kg.sparql.description import service_description
from kg.sparql.guard import check_remote_access, remote_targets
from kg.store import EmbeddedStore, open_store

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EX = "http://example.org/"


def changed(settings: Settings, **changes: object) -> Settings:
    """A copy with changes, validated like any settings."""
    return Settings.model_validate({**settings.model_dump(), **changes})


def app_client(
    settings: Settings, store: EmbeddedStore | None = None, **changes: object
) -> TestClient:
    return TestClient(create_app(changed(settings, **changes), store))


@pytest.fixture
def writable(settings: Settings) -> Iterator[TestClient]:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    with app_client(settings, store, write_token=TOKEN) as client:
        yield client


def count(client: TestClient, where: str) -> int:
    r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


# --- service description, ETag, cache -------------------------------------------------


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    triples = [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (
        ox.Triple(
            ox.NamedNode("http://testserver/sparql"),
            ox.NamedNode(sd + "endpoint"),
            ox.NamedNode("http://testserver/sparql"),
        )
        in triples
    )
    features = {t.object for t in triples if t.predicate == ox.NamedNode(sd + "feature")}
    # SERVICE is refused unless KG_REMOTE_ALLOWLIST names an endpoint: not advertised
    assert ox.NamedNode(sd + "BasicFederatedQuery") not in features
    assert ox.NamedNode(sd + "UnionDefaultGraph") in features
    allowed = service_description(open_store(None), "http://x/sparql", None, federated=True)
    assert ox.NamedNode(sd + "BasicFederatedQuery") in {t.object for t in allowed}
    names = {t.object for t in triples if t.predicate == ox.NamedNode(sd + "name")}
    assert (
        ox.NamedNode("https://w3id.org/kg-industry/id/graph/cctv-2024-09-01-harbin-docking-event")
        in names
    )


def test_etag_and_304(client: TestClient) -> None:
    q = {"query": "SELECT ?u WHERE { ?u a kg:University }"}
    first = client.get("/sparql", params=q)
    etag = first.headers["etag"]
    again = client.get("/sparql", params=q, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and not again.content
    other = client.get("/sparql", params=q, headers={"Accept": "text/csv"})
    assert other.headers["etag"] != etag  # the format is part of the answer


def test_cached_answers_are_correct_right_after_a_write(writable: TestClient) -> None:
    q = {"query": f"SELECT ?o WHERE {{ <{EX}s> <{EX}p> ?o }}"}
    assert writable.get("/sparql", params=q).json()["results"]["bindings"] == []
    etag = writable.get("/sparql", params=q).headers["etag"]
    r = writable.post(
        "/sparql/update", data={"update": f'INSERT DATA {{ <{EX}s> <{EX}p> "new" }}'}, headers=AUTH
    )
    assert r.status_code == 204
    after = writable.get("/sparql", params=q, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag
    assert after.json()["results"]["bindings"] == [{"o": {"type": "literal", "value": "new"}}]


# --- update ---------------------------------------------------------------------------


def test_update_needs_the_token(settings: Settings, writable: TestClient) -> None:
    update = {"update": f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"}
    assert writable.post("/sparql/update", data=update).status_code == 401
    wrong = writable.post(
        "/sparql/update", data=update, headers={"Authorization": "Bearer wrong-token-xxxxxxxx"}
    )
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "forbidden"
    assert count(writable, f"<{EX}a> ?p ?o") == 0
    direct = writable.post(
        "/sparql/update",
        content=update["update"].encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert direct.status_code == 204 and count(writable, f"<{EX}a> ?p ?o") == 1
    with app_client(settings, open_store(None)) as read_only:  # no token configured: off
        assert read_only.post("/sparql/update", data=update, headers=AUTH).status_code == 403


def test_update_is_atomic(writable: TestClient) -> None:
    before = count(writable, "GRAPH ?g { ?s ?p ?o }")
    existing = "https://w3id.org/kg-industry/id/graph/cctv-2024-09-01-harbin-docking-event"
    # The second operation fails (the graph exists), so the first must not stay.
    r = writable.post(
        "/sparql/update",
        data={
            "update": f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}x> <{EX}y> <{EX}z> }} }} ; CREATE GRAPH <{existing}>"
        },
        headers=AUTH,
    )
    assert r.status_code >= 400
    assert count(writable, "GRAPH ?g { ?s ?p ?o }") == before
    bad = writable.post("/sparql/update", data={"update": "INSERT DATA { <broken"}, headers=AUTH)
    assert bad.status_code == 400 and "error at" in bad.json()["error"]["message"]


def test_updates_are_not_accepted_on_the_query_path(writable: TestClient) -> None:
    r = writable.post("/sparql", data={"update": "DROP ALL"}, headers=AUTH)
    assert r.status_code == 403 and "/sparql/update" in r.json()["error"]["message"]
    # an update sent as a query says where it goes, not which query form the parser expected
    insert = f"PREFIX ex: <{EX}>\nINSERT DATA {{ ex:a ex:b ex:c }}"
    for sent in ({"query": insert}, {"query": "# a comment\nDELETE WHERE { ?s ?p ?o }"}):
        r = writable.post("/sparql", data=sent, headers=AUTH)
        assert r.status_code == 403 and "/sparql/update" in r.json()["error"]["message"], sent


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_update_with_non_ascii_prefixes_sent_as_a_query_says_where_it_goes(
    client: TestClient, method: str
) -> None:
    """A prefix name may be any PN_PREFIX (产业:, not only ASCII): such an update sent to the
    query endpoint is a 403 naming /sparql/update, as an ASCII-prefixed one is (it was the
    parser's 400, the prologue misread by kg.sparqltext.is_update)."""
    insert = (
        "PREFIX 产业: <https://w3id.org/kg-industry/def#>\n"
        f"PREFIX ex: <{EX}>\nINSERT DATA {{ ex:a 产业:locatedIn ex:c }}"
    )
    sent = {"query": insert}
    r = client.get("/sparql", params=sent) if method == "GET" else client.post("/sparql", data=sent)
    assert r.status_code == 403, r.text
    assert "/sparql/update" in r.json()["error"]["message"]


def test_updates_know_kg_s_prefixes_and_say_an_undeclared_one(writable: TestClient) -> None:
    """kg's prefixes are predeclared for updates as for queries; a syntax error keeps the
    client's line; an undeclared prefix is named, not lost in the parser's token list."""
    update = f'INSERT DATA {{ <{EX}p1> rdfs:label "新"@zh ; kg:locatedIn <{EX}p2> }}'
    assert writable.post("/sparql/update", data={"update": update}, headers=AUTH).status_code == 204
    assert count(writable, f'<{EX}p1> rdfs:label "新"@zh ; kg:locatedIn <{EX}p2>') == 1
    broken = writable.post(
        "/sparql/update", data={"update": "INSERT DATA {\n <urn:a> rdfs:label \n}"}, headers=AUTH
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["message"].split("error at ")[1].startswith("3:")
    foo = writable.post(
        "/sparql/update", data={"update": "INSERT DATA { foo:a foo:b foo:c }"}, headers=AUTH
    )
    assert (
        foo.status_code == 400 and "prefix 'foo:' is not declared" in foo.json()["error"]["message"]
    )
    query = writable.get("/sparql", params={"query": "SELECT * WHERE { ?s foo:p ?o }"})
    assert (
        query.status_code == 400
        and "prefix 'foo:' is not declared" in query.json()["error"]["message"]
    )


# --- datasets and base IRIs -------------------------------------------------------------

G1, G2 = f"{EX}g1", f"{EX}g2"


@pytest.fixture
def two_graphs(writable: TestClient) -> TestClient:
    r = writable.post(
        "/sparql/update",
        data={
            "update": f'INSERT DATA {{ GRAPH <{G1}> {{ <{EX}s> <{EX}p> "1" }} '
            f'GRAPH <{G2}> {{ <{EX}s> <{EX}p> "2" }} }}'
        },
        headers=AUTH,
    )
    assert r.status_code == 204
    return writable


def objects(client: TestClient, query: str, **params: object) -> list[str]:
    r = client.get("/sparql", params={"query": query, **params})
    assert r.status_code == 200, r.text
    return sorted(b["o"]["value"] for b in r.json()["results"]["bindings"] if "o" in b)


def test_from_and_from_named_give_the_w3c_answers(two_graphs: TestClient) -> None:
    """SPARQL 1.1 Query 13: the query's dataset holds when the request gives none; without
    one, kg's default dataset (the union of all graphs) holds."""
    mine = f"{{ <{EX}s> <{EX}p> ?o }}"
    assert objects(two_graphs, f"SELECT ?o WHERE {mine}") == ["1", "2"]
    assert objects(two_graphs, f"SELECT ?o FROM <{G1}> WHERE {mine}") == ["1"]
    assert objects(two_graphs, f"SELECT ?o FROM <{G1}> FROM <{G2}> WHERE {mine}") == ["1", "2"]
    # FROM NAMED alone: an empty default graph, GRAPH over the named graphs only
    assert objects(two_graphs, f"SELECT ?o FROM NAMED <{G2}> WHERE {mine}") == []
    named = f"SELECT ?g ?o FROM NAMED <{G2}> WHERE {{ GRAPH ?g {mine} }}"
    assert objects(two_graphs, named) == ["2"]
    # FROM alone: no named graphs
    assert objects(two_graphs, f"SELECT ?o FROM <{G1}> WHERE {{ GRAPH ?g {mine} }}") == []


def test_the_protocol_dataset_overrides_the_querys(two_graphs: TestClient) -> None:
    """SPARQL 1.1 Protocol 2.1.4: default-graph-uri / named-graph-uri are the dataset, also
    when only one of them is given (the other part is then empty)."""
    mine = f"{{ <{EX}s> <{EX}p> ?o }}"
    query = f"SELECT ?o FROM <{G1}> WHERE {mine}"
    assert objects(two_graphs, query, **{"default-graph-uri": G2}) == ["2"]
    assert objects(two_graphs, f"SELECT ?o WHERE {mine}", **{"named-graph-uri": G1}) == []
    in_graphs = f"SELECT ?o WHERE {{ GRAPH ?g {mine} }}"
    assert objects(two_graphs, in_graphs, **{"named-graph-uri": G1}) == ["1"]
    assert objects(two_graphs, in_graphs, **{"default-graph-uri": G1}) == []
    r = two_graphs.get(
        "/sparql", params={"query": query, "default-graph-uri": G1, "unreviewed": "exclude"}
    )
    assert r.status_code == 400 and "not both" in r.json()["error"]["message"]
    r = two_graphs.get("/sparql", params={"query": query, "unreviewed": "exclude"})
    assert r.status_code == 400 and "FROM" in r.json()["error"]["message"]


def test_relative_iris_resolve_against_the_endpoint(writable: TestClient) -> None:
    r = writable.post(
        "/sparql",
        content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert r.status_code == 200
    assert r.text.startswith("<http://testserver/s> <http://testserver/p> ")
    r = writable.post(
        "/sparql/update",
        content=f"INSERT DATA {{ GRAPH <{G1}> {{ <{EX}s> <{EX}p> <test> }} }}".encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 204
    assert count(writable, f"GRAPH <{G1}> {{ <{EX}s> <{EX}p> <http://testserver/sparql/test> }}")


def test_datasets_and_base_iris_reach_the_worker_processes(
    settings: Settings, tmp_path: Path
) -> None:
    disk = changed(settings, store_path=tmp_path / "store", query_workers=1)
    store = open_store(disk.store_path)
    store.update(
        f'INSERT DATA {{ GRAPH <{G1}> {{ <{EX}s> <{EX}p> "1" }} GRAPH <{G2}> {{ <{EX}s> <{EX}p> "2" }} }}'
    )
    store.close()
    del store
    with TestClient(create_app(disk)) as client:
        assert client.app.state.executor.__class__.__name__ == "ProcessExecutor"
        assert objects(
            client, f"SELECT ?o FROM <{G2}> WHERE {{ ?s ?p ?o FILTER(isLiteral(?o)) }}"
        ) == ["2"]
        r = client.get(
            "/sparql",
            params={"query": "CONSTRUCT { <s> <p> ?o } WHERE { ?x ?y ?o FILTER(isLiteral(?o)) }"},
            headers={"Accept": "application/n-triples"},
        )
        assert r.status_code == 200 and "<http://testserver/s> <http://testserver/p>" in r.text


def test_update_dataset_parameters(two_graphs: TestClient) -> None:
    """using-graph-uri / using-named-graph-uri give each DELETE/INSERT its dataset
    (Protocol 2.2.3); with USING, USING NAMED or WITH in the update as well: 400."""
    copy = f"INSERT {{ GRAPH <{EX}copy> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"
    r = two_graphs.post(
        "/sparql/update", params={"using-graph-uri": G1}, data={"update": copy}, headers=AUTH
    )
    assert r.status_code == 204
    assert objects(two_graphs, f"SELECT ?o FROM <{EX}copy> WHERE {{ ?s ?p ?o }}") == ["1"]
    graph_copy = (
        f"INSERT {{ GRAPH <{EX}copy2> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    r = two_graphs.post(
        "/sparql/update",
        params={"using-named-graph-uri": G2},
        content=graph_copy.encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 204
    assert objects(two_graphs, f"SELECT ?o FROM <{EX}copy2> WHERE {{ ?s ?p ?o }}") == ["2"]
    cleanup = f"DELETE WHERE {{ GRAPH <{EX}copy> {{ ?s ?p ?o }} }}"
    for dataset, left in (
        ({"using-graph-uri": G1}, 1),
        ({"using-named-graph-uri": f"{EX}copy"}, 0),
    ):
        r = two_graphs.post(
            "/sparql/update", params=dataset, data={"update": cleanup}, headers=AUTH
        )
        assert (
            r.status_code == 204 and count(two_graphs, f"GRAPH <{EX}copy> {{ ?s ?p ?o }}") == left
        )
    both = f"WITH <{G1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    r = two_graphs.post(
        "/sparql/update", params={"using-graph-uri": G2}, data={"update": both}, headers=AUTH
    )
    assert r.status_code == 400 and "not both" in r.json()["error"]["message"]
    assert count(two_graphs, f"GRAPH <{G1}> {{ ?s ?p ?o }}") == 1


def test_bodies_kg_cannot_read_get_415(writable: TestClient) -> None:
    r = writable.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_media_type"
    r = writable.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert r.status_code == 415 and "UTF-8" in r.json()["error"]["message"]
    r = writable.post(
        "/sparql", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 400 and "UTF-8" in r.json()["error"]["message"]


# --- graph store protocol ---------------------------------------------------------------


def test_graph_store_protocol(writable: TestClient) -> None:
    graph = {"graph": f"{EX}gsp"}
    body = f'<{EX}s> <{EX}p> "一"@zh .\n'.encode()
    assert (
        writable.put(
            "/rdf-graphs", params=graph, content=body, headers={"Content-Type": "text/turtle"}
        ).status_code
        == 401
    )
    created = writable.put(
        "/rdf-graphs", params=graph, content=body, headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert created.status_code == 201
    got = writable.get("/rdf-graphs", params=graph, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and got.text.strip() == body.decode().strip()
    merged = writable.post(
        "/rdf-graphs",
        params=graph,
        content=f'<{EX}s> <{EX}p> "二"@zh .'.encode(),
        headers={**AUTH, "Content-Type": "application/n-triples"},
    )
    assert merged.status_code == 204 and count(writable, f"GRAPH <{EX}gsp> {{ ?s ?p ?o }}") == 2
    head = writable.head("/rdf-graphs", params=graph)
    assert head.status_code == 200 and not head.content and int(head.headers["content-length"]) > 0
    replaced = writable.put(
        "/rdf-graphs", params=graph, content=body, headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert replaced.status_code == 204 and count(writable, f"GRAPH <{EX}gsp> {{ ?s ?p ?o }}") == 1
    assert writable.delete("/rdf-graphs", params=graph, headers=AUTH).status_code == 204
    assert writable.get("/rdf-graphs", params=graph).status_code == 404
    bad = writable.put(
        "/rdf-graphs",
        params=graph,
        content=b"<broken",
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert bad.status_code == 400
    assert writable.get("/rdf-graphs").status_code == 400


def test_graph_store_default_graph_and_direct_identification(writable: TestClient) -> None:
    r = writable.post(
        "/rdf-graphs?default",
        content=f"<{EX}d> <{EX}p> <{EX}o> .".encode(),
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert r.status_code == 204  # the default graph always exists: nothing was created
    assert (
        f"<{EX}d>"
        in writable.get("/rdf-graphs?default", headers={"Accept": "application/n-triples"}).text
    )
    direct = writable.get(
        "/id/graph/cctv-2024-09-01-harbin-docking-event",
        headers={"Accept": "application/n-triples"},
    )
    assert direct.status_code == 200 and "172" in direct.text
    assert (
        writable.get("/id/graph/cctv-2024-09-01-harbin-docking-event.ttl")
        .headers["content-type"]
        .startswith("text/turtle")
    )


def test_graph_store_empty_graphs_exist(writable: TestClient) -> None:
    graph = {"graph": f"{EX}empty"}
    put = writable.put(
        "/rdf-graphs", params=graph, content=b"", headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert put.status_code == 201
    got = writable.get("/rdf-graphs", params=graph, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and got.content == b""
    again = writable.put(
        "/rdf-graphs", params=graph, content=b"", headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert again.status_code == 204
    assert writable.delete("/rdf-graphs", params=graph, headers=AUTH).status_code == 204
    assert writable.get("/rdf-graphs", params=graph).status_code == 404


def test_graph_store_bodies(writable: TestClient) -> None:
    """Relative IRIs resolve against the graph's IRI; multipart bodies merge every part;
    a body kg cannot read is 415."""
    graph = {"graph": f"{EX}people/1"}
    relative = writable.put(
        "/rdf-graphs",
        params=graph,
        content=b"<s> <p> <o> .",
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert relative.status_code == 201
    assert count(writable, f"GRAPH <{EX}people/1> {{ <{EX}people/s> <{EX}people/p> ?o }}") == 1
    boundary = "kg-test-boundary"
    parts = [
        ("a.ttl", "text/turtle", f'<{EX}s> <{EX}name> "一" .'),
        ("b.nt", None, f'<{EX}s> <{EX}name> "二" .'),  # no type: by the file name
    ]
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
            + (f"Content-Type: {media}\r\n" if media else "")
            + f"\r\n{text}\r\n"
            for name, media, text in parts
        )
        + f"--{boundary}--\r\n"
    )
    merged = writable.post(
        "/rdf-graphs",
        params=graph,
        content=body.encode(),
        headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert merged.status_code == 204
    assert count(writable, f"GRAPH <{EX}people/1> {{ <{EX}s> <{EX}name> ?n }}") == 2
    for content_type in ("text/html", "multipart/form-data; boundary=x", ""):
        bad = writable.post(
            "/rdf-graphs",
            params=graph,
            content=b"<a> <b> <c> .",
            headers={**AUTH, "Content-Type": content_type},
        )
        assert bad.status_code in (400, 415), content_type
        assert bad.status_code == 415 or "multipart" in bad.json()["error"]["message"]


def test_graph_store_creates_graphs_on_post_to_the_store(writable: TestClient) -> None:
    r = writable.post(
        "/rdf-graphs",
        content=f"<{EX}s> <{EX}p> <{EX}o> .".encode(),
        headers={**AUTH, "Content-Type": "application/n-triples"},
    )
    assert r.status_code == 201
    graph = r.headers["location"]
    assert graph.startswith("https://w3id.org/kg-industry/id/graph/posted-")
    got = writable.get("/rdf-graphs", params={"graph": graph}, headers={"Accept": "text/turtle"})
    assert got.status_code == 200 and f"<{EX}o>" in got.text
    name = graph.rsplit("/", 1)[-1]
    assert writable.get(f"/id/graph/{name}.nt").text.strip() == f"<{EX}s> <{EX}p> <{EX}o> ."
    assert writable.post("/rdf-graphs", content=b"", headers=AUTH).status_code == 415
    assert writable.get("/rdf-graphs").status_code == 400


def test_graph_store_answers_a_graph_in_every_format(writable: TestClient) -> None:
    """A graph, not a dataset: rdflib reads each answer's triples into a plain Graph."""
    graph = "/id/graph/cctv-2024-09-01-harbin-docking-event"
    expected = rdflib.Graph().parse(
        data=writable.get(graph, headers={"Accept": "application/n-triples"}).text, format="nt"
    )
    assert len(expected) > 100
    for media in ("text/turtle", "application/ld+json", "application/rdf+xml", "application/trig"):
        r = writable.get(graph, headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        got = rdflib.Graph().parse(data=r.content, format=media)
        assert isomorphic(got, expected), media


# --- remote access ------------------------------------------------------------------------


def test_service_and_load_are_refused_and_nothing_connects(
    writable: TestClient, listener: Listener
) -> None:
    port = listener.port
    target = f"http://127.0.0.1:{port}/sparql"
    r = writable.get(
        "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"}
    )
    assert r.status_code == 400 and "SERVICE" in r.json()["error"]["message"]
    r = writable.post(
        "/sparql/update", data={"update": f"LOAD <http://127.0.0.1:{port}/data.ttl>"}, headers=AUTH
    )
    assert r.status_code == 400 and "LOAD" in r.json()["error"]["message"]
    r = writable.get(
        "/sparql",
        params={
            "query": f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE SILENT x:q {{ ?s ?p ?o }} }}"
        },
    )
    assert r.status_code == 400
    time.sleep(0.5)
    assert listener.connections == 0


def test_guard_allowlist() -> None:
    check_remote_access(
        "SELECT * { SERVICE <https://query.wikidata.org/sparql> {} }",
        ["https://query.wikidata.org/sparql"],
    )
    check_remote_access(
        "SELECT * { SERVICE <https://example.org/a/b> {} }", ["https://example.org/a/"]
    )
    with pytest.raises(Exception, match="not on the allowlist"):
        check_remote_access(
            "SELECT * { SERVICE <https://example.org/ab> {} }", ["https://example.org/a/"]
        )
    with pytest.raises(Exception, match="not allowed"):
        check_remote_access("SELECT * { SERVICE ?endpoint {} }", ["https://example.org/a/"])
    assert remote_targets("SELECT * { ?s ?p 'SERVICE <http://x/>' } # LOAD <http://y/>") == []


# --- limits and CORS --------------------------------------------------------------------------


def test_result_cap_is_signalled(settings: Settings, store: EmbeddedStore) -> None:
    with app_client(settings, store, max_results=3) as capped:
        r = capped.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a ?t }"})
        assert r.headers["kg-results-truncated"] == "true" and r.headers["kg-results-limit"] == "3"
        assert len(r.json()["results"]["bindings"]) == 3
        small = capped.get("/sparql", params={"query": "SELECT ?u WHERE { ?u a kg:University }"})
        assert "kg-results-truncated" not in small.headers
        construct = capped.get(
            "/sparql",
            params={"query": "CONSTRUCT WHERE { ?s a ?t }"},
            headers={"Accept": "application/n-triples"},
        )
        assert (
            construct.headers["kg-results-truncated"] == "true"
            and len(construct.text.strip().splitlines()) == 3
        )


def test_request_body_limit(settings: Settings, store: EmbeddedStore) -> None:
    with app_client(settings, store, max_body_bytes=1024) as limited:
        r = limited.post(
            "/sparql",
            content=b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 2000,
            headers={"Content-Type": "application/sparql-query"},
        )
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_cors_is_off_by_default_and_configurable(
    settings: Settings, store: EmbeddedStore, client: TestClient
) -> None:
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}
    assert "access-control-allow-origin" not in client.options("/sparql", headers=preflight).headers
    with app_client(settings, store, cors_origins=["https://app.example"]) as cors:
        r = cors.options("/sparql", headers=preflight)
        assert r.headers["access-control-allow-origin"] == "https://app.example"
        got = cors.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://app.example"}
        )
        assert "etag" in got.headers["access-control-expose-headers"].lower()


# --- timeouts that stop the work --------------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_runaway_query_is_stopped_and_the_server_goes_on(
    settings: Settings, tmp_path: Path
) -> None:
    disk = changed(settings, store_path=tmp_path / "store", query_timeout=1.0, query_workers=2)
    store = open_store(disk.store_path)
    load_curated(store, disk, check_shapes=False)
    store.close()
    del store
    with TestClient(create_app(disk)) as client:
        executor = client.app.state.executor
        victims = [w.process.pid for w in executor._workers]
        started = time.monotonic()
        r = client.get("/sparql", params={"query": RUNAWAY})
        elapsed = time.monotonic() - started
        assert r.status_code == 503 and r.json()["error"]["code"] == "query_timeout"
        # Stopped, not finished: the query would run for hours; the margin is for a loaded
        # machine (replacing the killed worker and answering), not a timing claim.
        assert elapsed < disk.query_timeout + 30
        live = [w.process.pid for w in executor._workers]
        assert len(live) == 2 and set(victims) != set(live)  # the worker running it was killed
        ok = client.get("/sparql", params={"query": "ASK { ?s a kg:Enterprise }"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["boolean"] is True


# --- the query page ---------------------------------------------------------------------------


def test_query_page_uses_only_local_assets(client: TestClient) -> None:
    html = client.get("/query").text
    assets = re.findall(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"', html)
    assert "/static/vendor/yasgui/yasgui.min.js" in assets
    for asset in assets:
        if asset.startswith("data:"):
            continue  # inline, no request
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset
    examples = re.findall(r'"(example-[a-z-]+)"', unescape(html))  # the page names its tabs
    assert len(examples) == 4
    for name in examples:
        r = client.get(f"/api/queries/{name}")
        assert r.status_code == 200
        rows = client.post(
            "/sparql", content=r.content, headers={"Content-Type": "application/sparql-query"}
        ).json()
        assert rows["results"]["bindings"], name


def test_a_browser_asking_the_endpoint_gets_the_query_page(client: TestClient) -> None:
    r = client.get(
        "/sparql",
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/query"


def test_a_client_preferring_rdf_gets_the_description_not_the_page(client: TestClient) -> None:
    """Comunica 3 asks the description with HTML among the types it takes, but last."""
    accept = (
        "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
        "application/n-triples;q=0.8,text/turtle;q=0.6,application/rdf+xml;q=0.5,"
        "text/n3;q=0.35,application/xml;q=0.3,text/xml;q=0.3,text/html;q=0.2,"
        "application/xhtml+xml;q=0.18"
    )
    r = client.get("/sparql", headers={"Accept": accept}, follow_redirects=False)
    assert r.status_code == 200 and r.headers["content-type"] == "application/n-quads"
    assert "sparql-service-description#Service" in r.text
    html_last = client.get(
        "/sparql", headers={"Accept": "text/turtle, text/html;q=0.9"}, follow_redirects=False
    )
    assert html_last.status_code == 200
    assert (
        client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False).status_code
        == 303
    )


def test_a_misspelt_form_is_said_at_its_word(writable: TestClient) -> None:
    """A query or update that does not begin with a form's keyword is said so, at the word
    on the client's line (the engine named a token it expected further on: "expected
    CONSTRUCT" for SELEKT)."""
    query = writable.get(
        "/sparql", params={"query": "PREFIX ex: <urn:x>\n  SELEKT * WHERE { ?s ?p ?o }"}
    )
    message = query.json()["error"]["message"]
    assert query.status_code == 400
    assert "error at 2:3: a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE" in message
    assert "not 'SELEKT'" in message
    update = writable.post(
        "/sparql/update", data={"update": "INSRT DATA { <urn:a> <urn:b> <urn:c> }"}, headers=AUTH
    )
    assert update.status_code == 400
    assert "error at 1:1: an update begins with INSERT, DELETE" in update.json()["error"]["message"]
