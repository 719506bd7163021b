"""The remote backend (kg.store.remote) against a real `oxigraph serve`, started and stopped
here on free ports: the same answers as the embedded store on the real data (match,
chain-match, export, the SPARQL endpoint), atomic writes, the version marker, push and
pull, and clear errors - never a hang - when the server is down, slow or failing."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from kg import export
from kg.api import create_app
from kg.cli import main
from kg.config import Settings
from kg.errors import DataError, QueryTimeout, StoreUnavailable
from kg.iris import Minter
from kg.loading import load_curated, load_rdf
from kg.match import ChainQuery, MatchQuery, match_chain, match_partners
from kg.namespaces import PREFIXES
from kg.review import Unreviewed
from kg.store import EmbeddedStore, RemoteStore, open_store, solutions
from kg.store import remote as remote_module
from kg.transfer import copy_store

ROOT = Path(__file__).resolve().parent.parent
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
    "oxigraph"
)
SYN = "https://w3id.org/kg-industry/synthetic/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def oxigraph_serve(location: Path) -> Iterator[str]:
    """`oxigraph serve` on a free port with its data in ``location``; yields its URL."""
    assert OXIGRAPH, "the oxigraph command (PyPI oxigraph, in the test extra) is missing"
    port = _free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/query?query=ASK%7B%7D", timeout=1)
            break
        except httpx.TransportError:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


def remote(settings: Settings, url: str, **changes: Any) -> RemoteStore:
    return RemoteStore.from_settings(settings.model_copy(update={"store_url": url, **changes}))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def real(settings: Settings, server: str) -> Iterator[RemoteStore]:
    """The real data, loaded by kg into the server (as `kg load` with KG_STORE_URL does)."""
    store = remote(settings, server)
    load_curated(store, settings)
    yield store
    store.close()


def industries(store: EmbeddedStore) -> list[str]:
    rows = store.query("SELECT ?i WHERE { ?i a kg:Industry } ORDER BY ?i", prefixes=PREFIXES)
    return [r["i"].value for r in solutions(rows)]


def test_match_answers_are_the_embedded_answers(
    store: EmbeddedStore, real: RemoteStore, minter: Minter
) -> None:
    """Every industry, each with one of the four combinations of region and unreviewed
    facts (in turn)."""
    combinations = [(r, u) for r in (None, "黑龙江") for u in ("include", "exclude")]
    views = {
        "include": (store, real),
        "exclude": (Unreviewed.EXCLUDE.view(store, minter), Unreviewed.EXCLUDE.view(real, minter)),
    }
    answered = 0
    for i, industry in enumerate(industries(store)):
        region, unreviewed = combinations[i % 4]
        here_store, there_store = views[unreviewed]
        q = MatchQuery(industry, region, (), 50)
        here = match_partners(here_store, minter, q).to_dict()
        assert match_partners(there_store, minter, q).to_dict() == here, (industry, region)
        answered += bool(here["candidates"])
    assert answered >= 5  # the real data has partners for many industries


def test_export_answers_are_the_embedded_answers(
    store: EmbeddedStore, real: RemoteStore, minter: Minter
) -> None:
    cases = [
        (export.entity, "org/harbin-united-aircraft", 2),
        (export.entity, "org/hit", 1),
        (export.industry, "航空航天及高端装备"),
        (export.industry, "数字经济"),
        (export.region, "哈尔滨"),
        (export.chain, "航空航天产业链"),
        (export.source, "hljrb-2024-08-23-industrial-transfer"),
        (export.source, "cctv-2024-09-01-harbin-docking-event"),
        # the SELECT of the template's variables, asked of the server, filled in here
        (
            export.construct,
            "PREFIX kg: <https://w3id.org/kg-industry/def#>\n"
            "CONSTRUCT { ?s kg:locatedIn ?o } WHERE { ?s kg:locatedIn ?o }",
        ),
    ]
    for fn, *args in cases:
        here = set(export.quads(fn(store, minter, *args)))
        assert here, args
        assert set(export.quads(fn(real, minter, *args))) == here, args


def test_chain_match_answers_are_the_embedded_answers(
    synthetic_store: EmbeddedStore, minter: Minter, tmp_path: Path, settings: Settings
) -> None:
    """On generated chains (the real sources name no segments yet), pushed to a server of
    their own: never mixed with the real data."""
    with oxigraph_serve(tmp_path / "syn") as url:
        there = remote(settings, url)
        copy_store(synthetic_store, there, staging_prefix=minter.graph("staging-").value)
        compared = 0
        for chain in ("i0", "i1"):
            for region in ("place/p0", "place/p0-c0"):
                for where in ("any", "inside", "outside"):
                    q = ChainQuery(SYN + "chain/" + chain, SYN + region, where=where, top=20)
                    here = match_chain(synthetic_store, minter, q).to_dict()
                    assert match_chain(there, minter, q).to_dict() == here
                    compared += sum(len(g) for g in here["groups"].values())
        assert compared > 50
        there.close()


def test_the_sparql_endpoint_answers_the_same(
    settings: Settings, store: EmbeddedStore, real: RemoteStore
) -> None:
    queries = [
        {"query": "SELECT ?o WHERE { ?s a kg:Enterprise ; rdfs:label ?o } ORDER BY ?o"},
        {"query": "ASK { ?s a kg:University }"},
        {
            "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {real.marker}) }}"
        },
        {"query": "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:Park ; rdfs:label ?l }"},
        {"query": "DESCRIBE <https://w3id.org/kg-industry/id/org/hit>"},
        {"query": "SELECT ?p ?o WHERE { <https://w3id.org/kg-industry/id/org/hit> ?p ?o }"},
        {
            "query": "SELECT ?s WHERE { ?s a kg:Enterprise } ORDER BY ?s",
            "named-graph-uri": "https://w3id.org/kg-industry/id/graph/hljrb-2024-08-23-industrial-transfer",
        },
        {
            "query": "SELECT ?s WHERE { ?s a kg:Enterprise } ORDER BY ?s",
            "default-graph-uri": "https://w3id.org/kg-industry/id/graph/hljrb-2024-08-23-industrial-transfer",
        },
        {"query": "SELECT ?s WHERE { ?s a kg:Enterprise } ORDER BY ?s", "unreviewed": "exclude"},
        {"query": "SELECT * WHERE { ?s ?p }"},
    ]
    answers = []
    for s in (store, real):
        with TestClient(create_app(settings, s)) as client:
            out = []
            for params in queries:
                for accept in (
                    "application/sparql-results+json",
                    "text/csv",
                    "application/n-triples",
                ):
                    r = client.get("/sparql", params=params, headers={"Accept": accept})
                    out.append((r.status_code, r.headers.get("content-type"), _normal(r)))
            answers.append(out)
    assert answers[1] == answers[0]
    assert {a[0] for a in answers[0]} == {200, 400, 406}


def _normal(response: httpx.Response) -> Any:
    """An answer without what legitimately differs (the order of CONSTRUCT triples, the
    position in an error message)."""
    if response.status_code != 200:
        return response.json()["error"]["code"]
    if "n-triples" in response.headers["content-type"] or "csv" in response.headers["content-type"]:
        return sorted(response.text.splitlines())  # rows without ORDER BY come in any order
    data = response.json()
    if "results" in data:
        data["results"]["bindings"].sort(key=lambda b: json.dumps(b, sort_keys=True))
    return data


def test_kg_commands_run_on_the_server(settings: Settings, real: RemoteStore) -> None:
    env = {"KG_STORE_URL": real.endpoints.query.rsplit("/", 1)[0]}
    runner = CliRunner()
    out = runner.invoke(
        main, ["match", "航空航天及高端装备", "--region", "黑龙江", "--format", "json"], env=env
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["candidates"]
    out = runner.invoke(main, ["query", "ASK { ?s a kg:Enterprise }"], env=env)
    assert out.exit_code == 0 and "true" in out.output


def test_a_write_changes_the_version_everywhere(settings: Settings, server: str) -> None:
    one, other = remote(settings, server), remote(settings, server, store_version_poll=0.1)
    before = one.version, other.version
    assert before[0] == before[1]
    graph = ox.NamedNode("https://w3id.org/kg-industry/id/graph/test-version")
    one.update(f"INSERT DATA {{ GRAPH {graph} {{ {graph} <urn:p> 1 }} }}")
    assert one.version != before[0]  # at once for the writer
    deadline = time.monotonic() + 5
    while other.version == before[1]:  # within the poll interval for the others
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert other.version == one.version
    one.delete_graph(graph)
    one.close()
    other.close()


def test_a_load_that_fails_midway_changes_nothing(
    settings: Settings, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = remote(settings, server)
    monkeypatch.setattr(remote_module, "CHUNK_TRIPLES", 100)
    graph = ox.NamedNode("https://w3id.org/kg-industry/id/graph/test-staged")
    good = "".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(1000))
    path = tmp_path / "data.nt"
    path.write_text(good + "<urn:s> <urn:p> broken\n")  # ten chunks uploaded, then this
    with pytest.raises(DataError, match="data.nt"):
        store.load_new_graphs(path, ox.RdfFormat.N_TRIPLES, graph, [graph])
    assert graph not in store.named_graphs()
    everything = {r["g"].value for r in solutions(store.query("SELECT ?g { GRAPH ?g {} }"))}
    assert not [g for g in everything if g.startswith(store.staging_prefix)]  # none left
    path.write_text(good)
    load_rdf(store, path, graph)
    assert len(store.get_graph(graph)) == 1000
    # staged uploads (GSP) that break off on the fifth request: the graph stays as it was
    calls = {"n": 0}
    real_send = store._send

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("what") == "upload":
            calls["n"] += 1
            if calls["n"] == 5:
                raise StoreUnavailable("the connection broke")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(store, "_send", flaky)
    monkeypatch.setattr(remote_module, "INLINE_TRIPLES", 10)
    replacement = [
        ox.Triple(ox.NamedNode(f"urn:t{i}"), ox.NamedNode("urn:p"), ox.Literal(i))
        for i in range(2000)
    ]
    with pytest.raises(StoreUnavailable):
        store.replace_graphs({graph: replacement})
    assert len(store.get_graph(graph)) == 1000
    everything = {
        r["g"].value for r in solutions(store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"))
    }
    assert not [g for g in everything if g.startswith(store.staging_prefix)]  # no staging left
    monkeypatch.setattr(store, "_send", real_send)
    store.replace_graphs({graph: replacement})
    assert set(store.get_graph(graph)) == set(replacement)
    store.delete_graph(graph)
    store.close()


def test_push_and_pull_copy_a_store_both_ways(
    store: EmbeddedStore, minter: Minter, tmp_path: Path
) -> None:
    source = open_store(tmp_path / "source")
    copy_store(store, source, staging_prefix=minter.graph("staging-").value)  # local to local
    source.close()
    with oxigraph_serve(tmp_path / "server") as url:
        runner = CliRunner()
        out = runner.invoke(main, ["push", url], env={"KG_STORE_PATH": str(tmp_path / "source")})
        assert out.exit_code == 0, out.output
        assert re.search(r"copied [\d,]{5,} statements in \d+ graphs", out.output)
        out = runner.invoke(main, ["pull", url], env={"KG_STORE_PATH": str(tmp_path / "back")})
        assert out.exit_code == 0, out.output
    back = open_store(tmp_path / "back", read_only=True)
    assert len(list(back.quads())) > 5000
    assert _without_blank_nodes(back.quads()) == _without_blank_nodes(store.quads())
    back.close()


def _without_blank_nodes(quads: Any) -> Counter[str]:
    """The quads with every blank node the same (blank node labels are not kept across
    stores), counted."""
    blank = ox.BlankNode("b")

    def term(t: Any) -> Any:
        return blank if isinstance(t, ox.BlankNode) else t

    return Counter(
        str(ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)) for q in quads
    )


# ---------------------------------------------------------------- failures: never a hang


def test_a_server_that_is_down_is_a_clear_error(settings: Settings, minter: Minter) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    store = remote(settings, url, store_retries=1)
    with pytest.raises(StoreUnavailable, match="not reachable.*is it running"):
        match_partners(store, minter, MatchQuery("航空航天及高端装备"))
    out = CliRunner().invoke(main, ["match", "航空航天及高端装备"], env={"KG_STORE_URL": url})
    assert out.exit_code == 1
    assert f"error: the SPARQL server at {url}/query is not reachable" in out.output
    with TestClient(create_app(settings.model_copy(update={"warm_chains": False}), store)) as c:
        r = c.get("/api/match", params={"industry": "航空航天及高端装备"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "store_unavailable"
        r = c.get("/sparql", params={"query": "ASK {}"})
        assert r.status_code == 503
    assert time.monotonic() - started < 20
    store.close()


class Silent:
    """A server that accepts connections and never answers (a hung SPARQL server)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for c in self.held:
            c.close()


def test_a_server_that_never_answers_times_out(settings: Settings) -> None:
    silent = Silent()
    try:
        store = remote(settings, silent.url, query_timeout=1.0)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="did not answer within 1 s"):
            store.query("ASK { ?s ?p ?o }")
        assert time.monotonic() - started < 3
        with TestClient(
            create_app(
                settings.model_copy(update={"query_timeout": 1.0, "warm_chains": False}), store
            )
        ) as c:
            started = time.monotonic()
            r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
            assert r.status_code == 503 and r.json()["error"]["code"] == "query_timeout"
            assert time.monotonic() - started < 3
        store.close()
    finally:
        silent.close()


def test_a_server_that_fails_is_a_clear_error(settings: Settings) -> None:
    def failing(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/query" and b"versionInfo" in request.content:
            return httpx.Response(200, json={"head": {"vars": ["v"]}, "results": {"bindings": []}})
        return httpx.Response(500, text="Internal error: disk full")

    store = RemoteStore(
        remote_module.Endpoints.of("http://sparql.invalid"),
        marker=ox.NamedNode("https://w3id.org/kg-industry/id/graph/store-version"),
        staging_prefix="https://w3id.org/kg-industry/id/graph/staging-",
        transport=httpx.MockTransport(failing),
    )
    with pytest.raises(StoreUnavailable, match=r"failed \(HTTP 500: Internal error: disk full\)"):
        store.query("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreUnavailable, match="HTTP 500"):
        store.update("INSERT DATA { <urn:s> <urn:p> 1 }")
    with TestClient(create_app(settings.model_copy(update={"warm_chains": False}), store)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 503 and "disk full" in r.json()["error"]["message"]
    store.close()


def test_credentials_are_sent(settings: Settings) -> None:
    seen: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, json={"head": {"vars": ["v"]}, "results": {"bindings": []}})

    for changes, expected in (
        ({"store_token": "a-token-for-the-server"}, "Bearer a-token-for-the-server"),
        ({"store_user": "kg", "store_password": "secret"}, "Basic a2c6c2VjcmV0"),
    ):
        store = RemoteStore.from_settings(
            Settings(store_url="http://sparql.invalid", **changes),
            transport=httpx.MockTransport(answer),
        )
        list(solutions(store.query("SELECT ?v WHERE { ?s ?p ?v }")))
        assert seen[-1] == expected
        store.close()
