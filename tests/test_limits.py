"""kg.limits and the limits before the engine: RDF bodies (triples, literals, XML entities),
nesting and size of queries and updates, the memory cap of the worker processes, and the
time limit on updates - each answers a clear 4xx/503 and the server goes on serving."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from kg.api import create_app
from kg.config import Settings
from kg.errors import BadRequest, PayloadTooLarge
from kg.limits import read_rdf
from kg.loading import load_curated
from kg.store import open_store

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 5"
# every pair of statements: about 33 million solutions on the curated data
RUNAWAY_UPDATE = (
    "INSERT { GRAPH <http://example.org/g> { ?a <http://example.org/p> ?f } } "
    "WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f } }"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def changed(settings: Settings, **changes: object) -> Settings:
    return Settings.model_validate({**settings.model_dump(), **changes})


@pytest.fixture(scope="module")
def disk(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The curated data in an on-disk store, served with two worker processes."""
    path = tmp_path_factory.mktemp("limits") / "store"
    s = changed(
        settings,
        store_path=path,
        query_workers=2,
        query_timeout=4.0,
        query_memory=256,
        write_token=TOKEN,
        warm_chains=False,
        warm_pages=False,
    )
    store = open_store(path)
    load_curated(store, s, check_shapes=False)
    store.close()
    return s


@pytest.fixture(scope="module")
def served(disk: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(disk)) as client:
        yield client


def count(client: TestClient) -> int:
    r = client.get("/sparql", params={"query": COUNT})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_a_query_over_the_memory_cap_is_stopped_and_the_server_goes_on(
    served: TestClient,
) -> None:
    r = served.get("/sparql", params={"query": CROSS_JOIN})
    assert r.status_code == 503, r.text
    error = r.json()["error"]
    assert error["code"] == "query_memory"
    assert "256 MiB" in error["message"] and "KG_QUERY_MEMORY" in error["message"]
    assert served.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]


def test_a_runaway_update_is_stopped_and_nothing_is_written(served: TestClient) -> None:
    before = count(served)
    started = time.monotonic()
    r = served.post("/sparql/update", data={"update": RUNAWAY_UPDATE}, headers=AUTH)
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] in ("query_timeout", "query_memory")
    assert time.monotonic() - started < 4.0 + 15  # the limit, and a copy made and dropped
    assert count(served) == before
    # the server goes on, writes included
    small = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
    assert served.post("/sparql/update", data={"update": small}, headers=AUTH).status_code == 204
    assert count(served) == before + 1
    bad = served.post("/sparql/update", data={"update": "INSERT DATA {"}, headers=AUTH)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "query_syntax"
    assert count(served) == before + 1


def test_a_writer_killed_mid_update_leaves_the_store_as_before(
    served: TestClient, tmp_path: Path
) -> None:
    """What the rehearsal relies on, and what `kill -9` of any writer gives: an update is
    one engine transaction, so a process killed inside it changes nothing."""
    copy = tmp_path / "copy"
    served.app.state.store.backup(copy)  # type: ignore[attr-defined]
    before = len(ox.Store.read_only(str(copy)))
    script = (
        "import sys, pyoxigraph as ox\n"
        "s = ox.Store(sys.argv[1])\n"
        "print('started', flush=True)\n"
        "s.update(sys.argv[2])\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script, str(copy), RUNAWAY_UPDATE], stdout=subprocess.PIPE
    ) as writer:
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"started"
        time.sleep(2.0)  # well inside the update
        assert writer.poll() is None
        writer.kill()
        writer.wait(10)
    assert len(ox.Store.read_only(str(copy))) == before


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/sparql", {"query": "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000}),
        ("/sparql", {"query": "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }"}),
        ("/sparql/update", {"update": "INSERT { ?s ?p ?o } WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000}),
        ("/sparql", {"query": "SELECT * WHERE { ?s ?p " + "[ ?p " * 200 + "1" + " ]" * 200 + " }"}),
    ],
)
def test_deep_nesting_is_refused_before_the_engine(
    served: TestClient, path: str, data: dict[str, str]
) -> None:
    r = served.post(path, data=data, headers=AUTH)
    assert r.status_code == 400 and "deeper than 32 levels" in r.json()["error"]["message"]
    assert served.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]


def test_large_queries_and_bodies_get_413(served: TestClient, disk: Settings) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * disk.max_query_bytes
    r = served.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "KG_MAX_QUERY_BYTES" in r.json()["error"]["message"]
    fits = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * (disk.max_query_bytes - 100)
    r = served.post("/sparql", content=fits, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200  # 256 KiB of query text is read and answered
    huge = b"INSERT DATA { <http://e/s> <http://e/p> '" + b"x" * disk.max_body_bytes + b"' }"
    r = served.post(
        "/sparql/update",
        content=huge,
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"


def test_a_long_query_in_the_url_gets_the_error_body(disk: Settings, serve: Any) -> None:
    """uvicorn's own answer to an unreadable request line is replaced by kg's error body."""
    import http.client
    import json
    from urllib.parse import quote, urlsplit

    store = open_store(None)
    with serve(create_app(changed(disk, query_workers=0), store)) as url:
        where = urlsplit(url)
        for size in (100_000, 2_000_000):
            query = quote("SELECT * WHERE { ?s ?p ?o } #" + "x" * size)
            conn = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
            try:
                conn.request("GET", "/sparql?query=" + query)
                r = conn.getresponse()
                body = json.loads(r.read())
            finally:
                conn.close()
            assert r.status == 400 and body["error"]["code"] == "bad_request"
            assert "POST" in body["error"]["message"]
            assert r.getheader("x-content-type-options") == "nosniff"
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
        conn.request("GET", "/sparql?query=" + quote("ASK {}"))
        assert conn.getresponse().status == 200
        conn.close()


def test_a_url_that_is_not_ascii_is_told_to_percent_encode(disk: Settings, serve: Any) -> None:
    """curl sends ``'.../api/export?region=黑龙江'`` as raw UTF-8, which the HTTP parser refuses
    (the README's own example did, review20): the error says to percent-encode."""
    import json
    import socket
    from urllib.parse import urlsplit

    store = open_store(None)
    with serve(create_app(changed(disk, query_workers=0), store)) as url:
        where = urlsplit(url)
        with socket.create_connection((where.hostname, where.port), timeout=60) as conn:
            conn.sendall(
                "GET /api/match?industry=航空航天&region=黑龙江 HTTP/1.1\r\nHost: kg\r\n\r\n".encode()
            )
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400")
        message = json.loads(body)["error"]["message"]
        assert "percent-encode" in message and "--data-urlencode" in message


# --- RDF bodies ---------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE r [
<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
<rdf:Description rdf:about="http://example.org/s"><ex:p>&c;</ex:p></rdf:Description>
</rdf:RDF>"""


def test_rdf_bodies_within_limits() -> None:
    with pytest.raises(BadRequest, match="ENTITY"):
        read_rdf(BILLION_LAUGHS, ox.RdfFormat.RDF_XML, max_triples=10)
    with pytest.raises(BadRequest, match="UTF-8"):
        read_rdf(BILLION_LAUGHS.decode().encode("utf-16"), ox.RdfFormat.RDF_XML, max_triples=10)
    with pytest.raises(BadRequest, match="object or array"):
        read_rdf(b'"just a string"', ox.RdfFormat.JSON_LD, max_triples=10)
    literal = b'<http://example.org/s> <http://example.org/p> "' + b"x" * 2048 + b'" .'
    with pytest.raises(PayloadTooLarge, match="literal of 2048 bytes"):
        read_rdf(literal, ox.RdfFormat.N_TRIPLES, max_triples=10, max_literal_bytes=1024)
    assert len(read_rdf(literal, ox.RdfFormat.N_TRIPLES, max_triples=1)) == 1


def test_graph_store_bodies_over_the_limits(settings: Settings) -> None:
    store = open_store(None)
    s = changed(settings, write_token=TOKEN, max_body_triples=2, warm_chains=False)
    with TestClient(create_app(s, store)) as client:
        turtle = "".join(f"<http://example.org/s{i}> <http://example.org/p> {i} .\n" for i in range(3))
        r = client.put(
            "/rdf-graphs",
            params={"graph": "http://example.org/g"},
            content=turtle,
            headers={**AUTH, "Content-Type": "text/turtle"},
        )
        assert r.status_code == 413 and "KG_MAX_BODY_TRIPLES" in r.json()["error"]["message"]
        r = client.put(
            "/rdf-graphs",
            params={"graph": "http://example.org/g"},
            content=BILLION_LAUGHS,
            headers={**AUTH, "Content-Type": "application/rdf+xml"},
        )
        assert r.status_code == 400 and "ENTITY" in r.json()["error"]["message"]
        assert not store.named_graphs()  # nothing written
