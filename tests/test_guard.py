"""kg.sparql.guard: no request the guard lets through makes the engine connect anywhere.

The oracle is the engine itself: each text is also run, unguarded, on a pyoxigraph store
with a local listener as the SERVICE / LOAD target; whenever the engine connects, the guard
must have refused the text. The probes of issue 15 (a tokenizer confused by ``\\#`` in a
local name or ``\\u0041`` in an IRI earlier on the line) are fixed cases; Hypothesis builds
many more from tricky IRIs, escapes, comments, strings, operators and keyword spellings.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import Listener
from kg.api import create_app
from kg.config import Settings
from kg.errors import BadRequest, PayloadTooLarge
from kg.sparql.guard import (
    MAX_NESTING,
    check_nesting,
    check_remote_access,
    check_request,
    remote_targets,
)
from kg.store import open_store

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def target() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def engine_connects(text: str, listener: Listener, *, update: bool = False) -> bool:
    """Run ``text`` unguarded on a one-triple store; whether the listener saw a connection.
    (The engine waits for the listener's answer, so the count is final when it returns.)"""
    store = ox.Store()
    s = ox.NamedNode("http://example.org/s")
    store.add(ox.Quad(s, s, s))
    before = listener.connections
    try:
        if update:
            store.update(text)
        else:
            result = store.query(text)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    return listener.connections > before


def refused(text: str, allowlist: list[str] | None = None) -> bool:
    try:
        check_remote_access(text, allowlist or [])
    except BadRequest:
        return True
    return False


def probes(port: int) -> list[tuple[str, bool]]:
    """The variants of issue 15 and the standard forms: (text, is an update)."""
    t = f"http://127.0.0.1:{port}/"
    q = [
        # the tokenizer tricks that went out before
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ?p ex:a\\#x . SERVICE <{t}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p <http://a/\\u0041#> . SERVICE <{t}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>') SERVICE <{t}> {{ }} }} #'",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ?p ex:a\\'b . SERVICE <{t}> {{ }} }} #'",
        f"SELECT * WHERE {{ ?s ?p '''a''' . SERVICE <{t}> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p 'a\\u0027 ' . SERVICE <{t}> {{ }} }}",
        # keywords as the engine matches them: by their letters alone
        f"SELECT * WHERE {{ ?s ?p trueSERVICE<{t}>{{ }} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE<{t}>{{ }} }}",
        f"SELECT * WHERE {{ SERVICESILENT<{t}>{{ }} }}",
        f"PREFIX : <{t}> SELECT * WHERE {{ SERVICE:{{ }} }}",
        f"PREFIX ex: <{t}> SELECT * WHERE {{ SERVICEex:x{{ }} }}",
        f"PREFIX : <{t}> SELECT * WHERE {{ ?s ?p trueSERVICE:x{{ }} }}",
        # targets written every way
        f"SELECT * WHERE {{ SERVICE <{t}> {{ }} }}",
        f"SELECT * WHERE {{ service silent <{t}> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE#c\r<{t}> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE <{t}\\u0041> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE <{t}\\U00000041#> {{ }} }}",
        f"PREFIX ex: <{t}> SELECT * WHERE {{ SERVICE ex:a\\#x {{ }} }}",
        f"PREFIX ex: <{t}> SELECT * WHERE {{ SERVICE ex:%41 {{ }} }}",
        f"PREFIX ex: <http://example.org/> PREFIX ex: <{t}> SELECT * WHERE {{ SERVICE ex:a {{ }} }}",
        f"BASE <{t}> SELECT * WHERE {{ SERVICE <x> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{t}> {{ }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{t}> {{ }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{t}> {{ }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{t}> {{ }} }} }} }}",
        f"ASK {{ SERVICE <{t}> {{ }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
        f"SELECT (1<2 AS ?x) WHERE {{ SERVICE <{t}> {{ }} }}",
    ]
    u = [
        f"LOAD <{t}>",
        f"LOAD SILENT <{t}data.ttl> INTO GRAPH <http://example.org/g>",
        f"PREFIX ex: <{t}> INSERT DATA {{ <http://a/> <http://a/> 1 }} ; LOAD ex:x",
        f"INSERT DATA {{ <http://a/> <http://a/> 'a\\u0027' }} ; LOAD <{t}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{t}> {{ ?s ?p ?o }} }}",
        f"INSERT DATA {{ <http://a/> <http://a/> <http://a/\\u0041#> }} ; LOAD <{t}>",
    ]
    return [(x, False) for x in q] + [(x, True) for x in u]


def test_every_probe_reaches_the_engine_unguarded_and_none_passes(target: Listener) -> None:
    for text, update in probes(target.port):
        assert engine_connects(text, target, update=update), f"the oracle missed: {text}"
        assert refused(text), f"the guard let through: {text}"


def test_probes_over_http_connect_nowhere(settings: Settings, listener: Listener) -> None:
    """GET, form POST, application/sparql-query and updates with the token: all 400."""
    store = open_store(None)
    app = create_app(
        Settings.model_validate({**settings.model_dump(), "write_token": TOKEN}), store
    )
    with TestClient(app) as client:
        for text, update in probes(listener.port):
            if update:
                answers = [
                    client.post("/sparql/update", data={"update": text}, headers=AUTH),
                    client.post(
                        "/sparql/update",
                        content=text,
                        headers={**AUTH, "Content-Type": "application/sparql-update"},
                    ),
                ]
            else:
                answers = [
                    client.get("/sparql", params={"query": text}),
                    client.post("/sparql", data={"query": text}),
                    client.post(
                        "/sparql",
                        content=text,
                        headers={"Content-Type": "application/sparql-query"},
                    ),
                ]
            for r in answers:
                assert r.status_code == 400, (text, r.status_code, r.text)
                assert r.json()["error"]["code"] == "bad_request"
    assert listener.connections == 0


def test_allowlist() -> None:
    allow = ["https://query.wikidata.org/sparql", "https://example.org/a/"]
    assert not refused("SELECT * { SERVICE <https://query.wikidata.org/sparql> {} }", allow)
    assert not refused("SELECT * { SERVICE <https://example.org/a/b> {} }", allow)
    assert not refused(
        "PREFIX a: <https://example.org/a/> SELECT * { SERVICE SILENT a:b {} }", allow
    )
    assert refused("SELECT * { SERVICE <https://example.org/ab> {} }", allow)
    assert refused("SELECT * { SERVICE ?endpoint {} }", allow)
    assert refused("SELECT * { SERVICE <b> {} }", allow)  # relative: resolved by the engine
    assert refused("SELECT * { SERVICE undeclared:b {} }", allow)
    # a prefix declared twice may mean either: both must be allowed
    assert refused(
        "PREFIX a: <https://example.org/a/> PREFIX a: <http://127.0.0.1/> "
        "SELECT * { SERVICE a:b {} }",
        allow,
    )
    with pytest.raises(BadRequest, match="not on the allowlist"):
        check_remote_access("SELECT * { SERVICE <https://example.org/ab> {} }", allow)
    with pytest.raises(BadRequest, match="remote access is off"):
        check_remote_access("SELECT * { SERVICE <https://example.org/a/b> {} }", [])


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p 'SERVICE <http://x/>' } # LOAD <http://y/>",
        'SELECT * { ?s ?p """a SERVICE <http://x/> {} """ }',
        "SELECT ?service WHERE { ?service <http://schema.org/name> ?name }",
        "SELECT * WHERE { ?s <http://example.org/service> <http://example.org/load> }",
        "PREFIX schema: <http://schema.org/> SELECT * { ?s schema:serviceType schema:Load }",
        "SELECT * { ?s ?p ?o FILTER(CONTAINS(?o, 'download <http://x/>')) }",
        "SELECT * { ?s ?p _:loader }",
        "INSERT DATA { <http://a/> <http://a/> 'LOAD <http://x/>' }",
        "# SERVICE <http://x/> {}\nSELECT * { ?s ?p ?o }",
    ],
)
def test_words_in_strings_comments_and_names_are_not_keywords(text: str) -> None:
    assert remote_targets(text) == []


# --- generated texts ---------------------------------------------------------------------

IRIS = [
    "<http://a/\\u0041#>",
    "<http://a/#>",
    "<http://a/'x>",
    "<http://a/\\u003E#>",
    "<http://a/\\u0027#>",
    "<http://a/\\U00000022>",
    "<>",
]
PNAMES = ["ex:a\\#x", "ex:a\\'b", "ex:%41", "ex:a.b", "ex:a\\.", "ex:", ":x", "ex:a:b#"]
STRINGS = [
    "'a#b'",
    "\"a'b\"",
    "'''a'b''c'''",
    '"""a"b"""',
    "'a\\'b'",
    '"\\u0022"',
    "'\\\\'",
    "'\\u0027'",
    "''",
    "''''",
    "'''",
    '"#"',
    "'<'",
    "'>'",
]
COMMENTS = ["# c\n", "# c\r", "#'\n", '#"\n', "# <\n", "#\\u000a\n", "# SERVICE\n", "#"]
OPERATORS = ["FILTER(?o<'x>')", "FILTER(?o<?s)", "FILTER(?o < 1)", "BIND(1<2 AS ?z)"]
SPACES = [" ", "\n", "\t", "", "\r", "\f", "\u00a0", " # x\n"]
KEYWORDS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "SERVICESILENT", "ſERVICE"]


@st.composite
def junk(draw: st.DrawFn) -> str:
    """A fragment that may confuse a reader: an IRI, a name, a string, a comment..."""
    kind = draw(st.sampled_from(["triple", "bind", "comment", "op", "optional", "raw"]))
    if kind == "triple":
        obj = draw(st.sampled_from(IRIS + PNAMES + STRINGS))
        return f"?s ?p {obj} ."
    if kind == "bind":
        return f"BIND({draw(st.sampled_from(STRINGS + IRIS))} AS ?v{draw(st.integers(0, 9))})"
    if kind == "comment":
        return draw(st.sampled_from(COMMENTS))
    if kind == "op":
        return draw(st.sampled_from(OPERATORS))
    if kind == "optional":
        return f"OPTIONAL {{ ?s {draw(st.sampled_from(IRIS + PNAMES))} ?x }}"
    return draw(st.sampled_from(IRIS + PNAMES + STRINGS + COMMENTS + ["'", '"', "<", "\\", "{"]))


@st.composite
def service_clause(draw: st.DrawFn, base: str) -> str:
    keyword = draw(st.sampled_from(KEYWORDS))
    space = draw(st.sampled_from(SPACES))
    tgt = draw(
        st.sampled_from(
            [f"<{base}>", "ex:x", "ex:a\\#x", ":", ":x", f"<{base}\\u0041>", "?v1", "<x>"]
        )
    )
    glue = draw(st.sampled_from(["", " ", "true", "1", ".", "ex:a", "?s ?p "]))
    clause = f"{glue}{keyword}{space}{tgt}{draw(st.sampled_from(SPACES))}{{ }}"
    wrap = draw(st.sampled_from(["", "", "", "comment", "string"]))
    if wrap == "comment":
        return f"# {clause}\n"
    if wrap == "string":
        return f"BIND('{clause}' AS ?w)"
    return clause


def prologue(base: str) -> str:
    return f"PREFIX ex: <{base}>\nPREFIX : <{base}>\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_queries_never_connect_when_allowed(target: Listener, data: st.DataObject) -> None:
    base = f"http://127.0.0.1:{target.port}/"
    before = data.draw(st.lists(junk(), max_size=4))
    after = data.draw(st.lists(junk(), max_size=3))
    sep = data.draw(st.sampled_from([" ", "\n", " . "]))
    clause = data.draw(service_clause(base))
    text = prologue(base) + "SELECT * WHERE { " + sep.join([*before, clause, *after]) + "\n}"
    if engine_connects(text, target):
        event("the engine connected")  # --hypothesis-show-statistics counts them
        assert refused(text), text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_updates_never_connect_when_allowed(target: Listener, data: st.DataObject) -> None:
    base = f"http://127.0.0.1:{target.port}/"
    literal = data.draw(st.sampled_from(STRINGS + IRIS + PNAMES))
    comment = data.draw(st.sampled_from(["", *COMMENTS]))
    keyword = data.draw(st.sampled_from(["LOAD", "load", "LOAD SILENT", "LOADSILENT", "trueLOAD"]))
    tgt = data.draw(st.sampled_from([f"<{base}>", "ex:x", ":x", f"<{base}\\u0041>", "ex:a\\#x"]))
    tail = data.draw(st.sampled_from(["", " INTO GRAPH <http://example.org/g>"]))
    text = (
        prologue(base)
        + f"INSERT DATA {{ <http://a/> <http://a/> {literal} }} {comment};\n{keyword} {tgt}{tail}"
    )
    if engine_connects(text, target, update=True):
        event("the engine connected")
        assert refused(text), text


# --- size and nesting ---------------------------------------------------------------------


def test_nesting() -> None:
    check_nesting("SELECT * WHERE " + "{" * MAX_NESTING + "?s ?p ?o" + "}" * MAX_NESTING)
    with pytest.raises(BadRequest, match="deeper than"):
        check_nesting("SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "?s ?p ?o" + "}" * 40)
    deep_brackets = "SELECT * { ?s ?p " + "[ ?p " * 40 + "1" + " ]" * 40 + " }"
    with pytest.raises(BadRequest):
        check_nesting(deep_brackets)
    # closing brackets hidden in strings do not hide real nesting
    hidden = "SELECT * WHERE " + "{ '}}}' " * 40 + "}" * 40
    with pytest.raises(BadRequest):
        check_nesting(hidden)
    # brackets in strings and comments are not nesting
    check_nesting("SELECT * { ?s ?p '" + "{" * 100 + "' } # " + "(" * 100)


def test_size() -> None:
    text = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 2000
    check_request(text, kind="query", max_bytes=4096, allowlist=[])
    with pytest.raises(PayloadTooLarge, match="over the limit"):
        check_request(text + "x" * 3000, kind="query", max_bytes=4096, allowlist=[])
