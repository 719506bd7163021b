"""W3C SPARQL 1.1 conformance of a live ``kg serve``: the Protocol and the Graph Store
Protocol test suites (the W3C manifests, copied into ``tests/w3c/``).

Each test of a manifest is a list of described HTTP exchanges (``ht:Request`` with method,
path, headers and body; ``ht:Response`` with the expected status, result format, boolean,
headers and RDF body). The runner sends each request, unchanged, to a running server and
compares the answer; it prints "N of M" per suite and every failure with why.

    .venv/bin/python bench/w3c.py                   # starts kg serve on a free port (fresh store)
    .venv/bin/python bench/w3c.py --url http://127.0.0.1:8000 --token "$KG_WRITE_TOKEN"
    .venv/bin/python bench/w3c.py --evaluation      # + the query and update suites (~6 min)

``--evaluation`` adds the query and update evaluation suites (about 485 tests; described
below, where they are run). ``KG_*`` variables in the environment reach the server
(``KG_QUERY_WORKERS=0``: queries in the server process). The exit status says whether the
Protocol and Graph Store suites pass.

The tests modify and drop graphs (``DROP ALL`` before each test): point ``--url`` only at
a server whose store may be wiped.

Mapping of the manifests' paths onto kg (the manifests ask a runner to make it):

- Protocol: ``/sparql/`` is kg's query endpoint ``/sparql``, except for a request that
  carries an update (an ``update`` parameter or an ``application/sparql-update`` body) or
  that belongs to a test of the update operation (``update_*``, ``bad_update_*``) and
  carries no query: that goes to kg's update endpoint ``/sparql/update`` (the Protocol
  allows separate query and update endpoints).
- Graph Store Protocol: ``/gsp`` (the graph store itself, and ``?graph=`` / ``?default``)
  is ``/rdf-graphs``; ``/gsp/<path>`` (direct identification) is ``/id/graph/<path>``.
- Every request carries ``Authorization: Bearer <token>`` (the manifests leave
  authentication out; kg refuses writes without it).
- Before each test the store is emptied (``DROP ALL``) and the test's ``ut:graphData``
  files are put into their graphs (Graph Store ``PUT``): each test starts from the state it
  describes, as if it ran alone.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from _serve import serve
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kg.sparqltext import names_dataset

ROOT = Path(__file__).resolve().parent.parent
SUITES = ROOT / "tests" / "w3c" / "sparql11"
PROTOCOL = SUITES / "protocol" / "manifest.ttl"
GRAPH_STORE = SUITES / "graph-store-protocol" / "manifest.ttl"

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = rdflib.RDFS

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")


# --------------------------------------------------------------------------- the manifests


@dataclass
class Expected:
    statuses: list[str]  # "2xx"-style classes or exact codes ("201")
    boolean: bool | None = None
    format: str | None = None  # "boolean", "tabular" or "RDF"
    location: str | None = None  # a template variable to set from the Location header
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str | None = None  # RDF, in the media type of the expected Content-Type


@dataclass
class Exchange:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    expected: Expected


@dataclass
class Case:
    id: str
    name: str
    exchanges: list[Exchange]
    graph_data: list[tuple[Path, str]]  # (file, graph IRI) to load before the test


def _status(iri: rdflib.term.Node) -> str:
    local = str(iri).removeprefix(HTS)
    m = re.fullmatch(r"StatusCode(\d)xx", local)
    if m:
        return f"{m.group(1)}xx"
    for status in HTTPStatus:
        if status.phrase.replace(" ", "").replace("-", "") == local:
            return str(status.value)
    raise ValueError(f"unknown status {iri}")


def _headers(graph: rdflib.Graph, node: rdflib.term.Node) -> list[tuple[str, str]]:
    lst = graph.value(node, HT.headers)
    if lst is None:
        return []
    return [
        (str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
        for h in Collection(graph, lst)
    ]


def _body(graph: rdflib.Graph, node: rdflib.term.Node) -> tuple[str, str] | None:
    body = graph.value(node, HT.body)
    if body is None:
        return None
    encoding = graph.value(body, CNT.characterEncoding)
    return str(graph.value(body, CNT.chars)), str(encoding or "UTF-8")


def load_manifest(path: Path) -> list[Case]:
    """The tests of a manifest (and of the manifests it includes), in manifest order."""
    graph = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = rdflib.URIRef(path.as_uri())
    cases: list[Case] = []
    for included in graph.objects(manifest, MF.include):
        for item in Collection(graph, included):
            cases += load_manifest(Path(urllib.parse.urlparse(str(item)).path))
    for entries in graph.objects(manifest, MF.entries):
        for test in Collection(graph, entries):
            cases.append(_case(graph, test))
    return cases


def _case(graph: rdflib.Graph, test: rdflib.term.Node) -> Case:
    action = graph.value(test, MF.action)
    exchanges = []
    for request in Collection(graph, graph.value(action, HT.requests)):
        response = graph.value(request, HT.resp)
        body = _body(graph, request)
        expected_body = _body(graph, response)
        exchanges.append(
            Exchange(
                method=str(graph.value(request, HT.methodName)),
                path=str(graph.value(request, HT.absolutePath)),
                headers=_headers(graph, request),
                body=body[0].encode(body[1]) if body else None,
                expected=Expected(
                    statuses=sorted(_status(s) for s in graph.objects(response, MF.expectedStatus)),
                    boolean=_optional_bool(graph.value(response, MF.expectedBoolean)),
                    format=_optional_str(graph.value(response, MF.expectedFormat)),
                    location=_optional_str(graph.value(response, MF.expectedLocation)),
                    headers=_headers(graph, response),
                    body=expected_body[0] if expected_body else None,
                ),
            )
        )
    data = []
    for item in graph.objects(test, UT.graphData):
        file = Path(urllib.parse.urlparse(str(graph.value(item, UT.graph))).path)
        data.append((file, str(graph.value(item, RDFS.label))))
    local = str(test).rsplit("#", 1)[-1]
    return Case(local, str(graph.value(test, MF.name)), exchanges, sorted(data))


def _optional_bool(node: rdflib.term.Node | None) -> bool | None:
    return None if node is None else bool(node.toPython())  # type: ignore[union-attr]


def _optional_str(node: rdflib.term.Node | None) -> str | None:
    return None if node is None else str(node)


# --------------------------------------------------------------------------- the mapping


def protocol_path(case: Case, exchange: Exchange) -> str:
    """The manifest's ``/sparql/...`` path on kg (see the module docstring)."""
    path, _, query = exchange.path.partition("?")
    assert path.startswith("/sparql"), path
    params = urllib.parse.parse_qs(query)
    content_type = _media_type(_header(exchange.headers, "content-type") or "")
    body = (exchange.body or b"").decode("utf-8", "replace")
    form = (
        urllib.parse.parse_qs(body) if content_type == "application/x-www-form-urlencoded" else {}
    )
    carries_update = (
        "update" in params or "update" in form or content_type == "application/sparql-update"
    )
    carries_query = (
        "query" in params or "query" in form or content_type == "application/sparql-query"
    )
    update_test = case.id.startswith(("update_", "bad_update_"))
    endpoint = (
        "/sparql/update" if carries_update or (update_test and not carries_query) else "/sparql"
    )
    return endpoint + (f"?{query}" if query else "")


def graph_store_path(exchange_path: str) -> str:
    """The manifest's ``/gsp...`` path on kg (see the module docstring)."""
    path, sep, query = exchange_path.partition("?")
    if path == "/gsp":
        return "/rdf-graphs" + sep + query
    assert path.startswith("/gsp/"), path
    return "/id/graph/" + path.removeprefix("/gsp/") + sep + query


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _media_type(value: str) -> str:
    return value.split(";")[0].strip().lower()


def _normal_content_type(value: str) -> tuple[str, tuple[str, ...]]:
    media, *params = [p.strip().lower().replace(" ", "") for p in value.split(";")]
    return media, tuple(sorted(p for p in params if p))


# --------------------------------------------------------------------------- running


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    """Plain HTTP/1.1 requests, sent as described (no header added but Host,
    Content-Length, Accept-Encoding: identity and the write token)."""

    def __init__(self, url: str, token: str | None) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.token = token

    def send(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes | None
    ) -> Answer:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            conn.putrequest(method, path, skip_accept_encoding=False)
            for key, value in headers:
                conn.putheader(key, value)
            if self.token:
                conn.putheader("Authorization", f"Bearer {self.token}")
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            data = response.read()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            conn.close()

    def reset(self, data: list[tuple[Path, str]]) -> None:
        """Empty the store, then put each file into its graph."""
        answer = self.send(
            "POST",
            "/sparql/update",
            [("Content-Type", "application/sparql-update")],
            b"DROP ALL",
        )
        if answer.status >= 300:
            raise RuntimeError(f"cannot reset the store: {answer.status} {answer.body[:300]!r}")
        for file, graph in data:
            answer = self.send(
                "PUT",
                "/rdf-graphs?graph=" + urllib.parse.quote(graph, safe=""),
                [("Content-Type", "application/n-triples")],
                file.read_bytes(),
            )
            if answer.status >= 300:
                raise RuntimeError(
                    f"cannot load {file.name}: {answer.status} {answer.body[:300]!r}"
                )


def check(exchange: Exchange, answer: Answer) -> list[str]:
    """What is wrong with ``answer`` (nothing: it passes)."""
    expected = exchange.expected
    problems = []
    status_ok = any(
        s == str(answer.status) or (s.endswith("xx") and s[0] == str(answer.status)[0])
        for s in expected.statuses
    )
    if not status_ok:
        problems.append(f"status {answer.status}, expected {' or '.join(expected.statuses)}")
        return problems  # the rest would only repeat it
    content_type = answer.headers.get("content-type", "")
    media = _media_type(content_type)
    if expected.format == "boolean" or expected.boolean is not None:
        if media not in BOOLEAN_TYPES:
            problems.append(f"Content-Type {content_type!r}, expected a SPARQL boolean result")
        else:
            try:
                result = ox.parse_query_results(answer.body, format=RESULT_TYPES[media])
            except SyntaxError as exc:
                problems.append(f"the result does not parse: {exc}")
            else:
                if not isinstance(result, ox.QueryBoolean):
                    problems.append("the result is not a boolean")
                elif expected.boolean is not None and bool(result) != expected.boolean:
                    problems.append(f"boolean {bool(result)}, expected {expected.boolean}")
    elif expected.format == "tabular":
        if media not in RESULT_TYPES:
            problems.append(f"Content-Type {content_type!r}, expected SPARQL results")
        else:
            try:
                result = ox.parse_query_results(answer.body, format=RESULT_TYPES[media])
                if not isinstance(result, ox.QuerySolutions):
                    problems.append("the result is not a table")
            except SyntaxError as exc:
                problems.append(f"the result does not parse: {exc}")
    elif expected.format == "RDF":
        problems += _rdf_problems(content_type, answer.body, None)
    for name, value in expected.headers:
        got = answer.headers.get(name.lower())
        if name.lower() == "content-type":
            if got is None or _normal_content_type(got) != _normal_content_type(value):
                problems.append(f"Content-Type {got!r}, expected {value!r}")
        elif got != value:
            problems.append(f"{name} {got!r}, expected {value!r}")
    if expected.body is not None:
        want_type = _header(expected.headers, "content-type") or "text/turtle"
        problems += _rdf_problems(content_type, answer.body, (want_type, expected.body))
    if expected.location is not None and "location" not in answer.headers:
        problems.append("no Location header")
    return problems


def _rdf_problems(content_type: str, body: bytes, expected: tuple[str, str] | None) -> list[str]:
    try:
        fmt = ox.RdfFormat.from_media_type(_media_type(content_type))
    except ValueError:
        fmt = None
    if fmt is None:
        return [f"Content-Type {content_type!r} is not an RDF format"]
    try:
        got = rdflib.Graph().parse(data=body, format=_media_type(content_type))
    except Exception as exc:  # any parser error is the finding
        return [f"the RDF body does not parse: {exc}"]
    if expected is None:
        return []
    want = rdflib.Graph().parse(data=expected[1], format=_media_type(expected[0]))
    if isomorphic(got, want):
        return []
    return [
        f"the graph differs from the expected one ({len(got)} triples, expected {len(want)}):\n"
        + _indent(body.decode("utf-8", "replace"))
    ]


def _indent(text: str, limit: int = 800) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[:limit] + " ..."
    return "\n".join("        " + line for line in text.splitlines())


@dataclass
class Outcome:
    id: str
    name: str
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def run_case(client: Client, case: Case, mapping: str) -> Outcome:
    client.reset(case.graph_data)
    variables: dict[str, str] = {}
    problems: list[str] = []
    for number, exchange in enumerate(case.exchanges, 1):
        path = exchange.path
        body = exchange.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name.encode(), value.encode()) if body is not None else None
        shown = Exchange(exchange.method, path, exchange.headers, body, exchange.expected)
        target = protocol_path(case, shown) if mapping == "protocol" else graph_store_path(path)
        answer = client.send(exchange.method, target, exchange.headers, body)
        found = check(exchange, answer)
        if found:
            detail = "; ".join(found)
            text = answer.body.decode("utf-8", "replace").strip()
            if text and answer.status >= 400:
                detail += f" - the server said: {text[:300]}"
            problems.append(f"request {number} ({exchange.method} {target}): {detail}")
            break  # later requests depend on this one
        if exchange.expected.location is not None:
            variables[exchange.expected.location] = answer.headers["location"]
    return Outcome(case.id, case.name, problems)


@dataclass
class Report:
    suite: str
    outcomes: list[Outcome]

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    def summary(self) -> str:
        return f"{self.suite}: {self.passed} of {self.total}"

    def text(self) -> str:
        lines = [self.summary()]
        for outcome in self.outcomes:
            if not outcome.passed:
                lines.append(f"  FAIL {outcome.id} - {outcome.name}")
                lines += [f"    {p}" for p in outcome.problems]
        return "\n".join(lines)


def run_suites(url: str, token: str | None) -> list[Report]:
    """Both suites against the server at ``url``."""
    client = Client(url, token)
    reports = []
    for suite, manifest, mapping in (
        ("W3C SPARQL 1.1 Protocol", PROTOCOL, "protocol"),
        ("W3C SPARQL 1.1 Graph Store Protocol", GRAPH_STORE, "graph-store"),
    ):
        outcomes = [run_case(client, case, mapping) for case in load_manifest(manifest)]
        reports.append(Report(suite, outcomes))
    client.reset([])
    return reports


# --------------------------------------------------------------------------- evaluation suites
#
# The query and update evaluation suites (manifest-sparql11-query.ttl, -update.ttl): each
# test loads its data, sends its query or update through the endpoint and compares the
# answer (or the store afterwards) with the expected one. Not gated in `make test`: they
# measure the engine behind kg as much as kg itself.
#
# - Data files keep the W3C addresses they have in the suites (graph names, base IRIs), and
#   each request gets `BASE <its file's W3C address>` in front, as the suites assume.
# - A query's dataset: its qt:data graphs as default-graph-uri, its qt:graphData graphs as
#   named-graph-uri - unless the query has FROM / FROM NAMED, which then name them.
# - An update: ut:data goes into the store's default graph, ut:graphData into named graphs;
#   afterwards the default graph and the non-empty named graphs must be the expected ones.
# - Answers: solutions as a multiset (their order is not compared), blank nodes equal up to
#   a consistent renaming, numbers and booleans by value; graphs by isomorphism.
# - Syntax tests: a positive one must not be refused as malformed; a negative one must be
#   refused (any 4xx: kg's guard may refuse it before the engine parses it).

W3C_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
QUERY_SUITE = SUITES / "manifest-sparql11-query.ttl"
UPDATE_SUITE = SUITES / "manifest-sparql11-update.ttl"
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DAWGT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
EVALUATION_KINDS = {  # kind, namespace of its action, the action's request
    MF.QueryEvaluationTest: ("query", QT, QT.query),
    MF.UpdateEvaluationTest: ("update", UT, UT.request),
}
SYNTAX_KINDS = {
    MF.PositiveSyntaxTest11: ("query", True),
    MF.NegativeSyntaxTest11: ("query", False),
    MF.PositiveUpdateSyntaxTest11: ("update", True),
    MF.NegativeUpdateSyntaxTest11: ("update", False),
}


def _iri(path: Path) -> str:
    return W3C_BASE + path.relative_to(SUITES).as_posix()


def _path(iri: rdflib.term.Node) -> Path:
    return SUITES / str(iri).removeprefix(W3C_BASE)


@dataclass
class EvalCase:
    id: str
    name: str
    kind: str  # query, update, query-syntax, update-syntax
    request: Path
    approved: bool
    positive: bool = True  # syntax tests: should it parse?
    data: list[Path] = field(default_factory=list)  # the default graph
    graphs: list[tuple[Path, str]] = field(default_factory=list)  # named graphs
    result: Path | None = None  # query: the expected answer
    result_data: list[Path] = field(default_factory=list)  # update: the store after
    result_graphs: list[tuple[Path, str]] = field(default_factory=list)


def load_eval_manifest(path: Path) -> list[EvalCase]:
    """The evaluation and syntax tests of a manifest and of those it includes."""
    graph = rdflib.Graph().parse(path, format="turtle", publicID=_iri(path))
    manifest = rdflib.URIRef(_iri(path))
    cases: list[EvalCase] = []
    for included in graph.objects(manifest, MF.include):
        for item in Collection(graph, included):
            cases += load_eval_manifest(_path(item))
    for entries in graph.objects(manifest, MF.entries):
        for test in Collection(graph, entries):
            case = _eval_case(graph, test, path)
            if case is not None:
                cases.append(case)
    return cases


def _graph_data(graph: rdflib.Graph, node: rdflib.term.Node, key: rdflib.URIRef) -> list:
    out = []
    for item in graph.objects(node, key):
        file = graph.value(item, UT.graph) or item
        label = graph.value(item, RDFS.label)
        out.append((_path(file), str(label) if label is not None else str(file)))
    return sorted(out)


def _eval_case(graph: rdflib.Graph, test: rdflib.term.Node, manifest: Path) -> EvalCase | None:
    kind = graph.value(test, rdflib.RDF.type)
    test_id = f"{manifest.parent.name}/{str(test).rsplit('#', 1)[-1]}"
    name = str(graph.value(test, MF.name))
    approved = graph.value(test, DAWGT.approval) == DAWGT.Approved
    action = graph.value(test, MF.action)
    if kind in SYNTAX_KINDS:
        which, positive = SYNTAX_KINDS[kind]
        return EvalCase(test_id, name, f"{which}-syntax", _path(action), approved, positive)
    if kind not in EVALUATION_KINDS:
        return None  # a kind of test these suites do not run here (CSV result format tests)
    which, ns, request = EVALUATION_KINDS[kind]
    case = EvalCase(
        test_id,
        name,
        which,
        _path(graph.value(action, request)),
        approved,
        data=sorted(_path(d) for d in graph.objects(action, ns.data)),
        graphs=_graph_data(graph, action, ns.graphData),
    )
    result = graph.value(test, MF.result)
    if which == "query":
        case.result = _path(result)
    else:
        case.result_data = sorted(_path(d) for d in graph.objects(result, UT.data))
        case.result_graphs = _graph_data(graph, result, UT.graphData)
    return case


def _read_rdf(path: Path) -> list[ox.Triple]:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    assert fmt is not None, path
    return [q.triple for q in ox.parse(path=str(path), format=fmt, base_iri=_iri(path))]


def _load(client: Client, path: Path, target: str, method: str = "PUT") -> None:
    body = ox.serialize(_read_rdf(path), format=ox.RdfFormat.N_TRIPLES) or b""
    answer = client.send(method, target, [("Content-Type", "application/n-triples")], body)
    if answer.status >= 300:
        raise RuntimeError(f"cannot load {path.name}: {answer.status} {answer.body[:300]!r}")


def _prepare(client: Client, case: EvalCase) -> None:
    client.reset([])
    for path, graph in case.graphs:
        _load(client, path, "/rdf-graphs?graph=" + urllib.parse.quote(graph, safe=""))
    if case.kind == "query":  # the default graph: its own graph, named by default-graph-uri
        for path in case.data:
            _load(client, path, "/rdf-graphs?graph=" + urllib.parse.quote(_iri(path), safe=""))
    else:  # an update works on the store's own default graph
        for path in case.data:
            _load(client, path, "/rdf-graphs?default", "POST")


def _error_code(answer: Answer) -> str:
    try:
        return str(json.loads(answer.body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return ""


def run_eval_case(client: Client, case: EvalCase) -> Outcome:
    try:
        problems = _eval_problems(client, case)
    except Exception as exc:  # the runner reports, it does not stop
        problems = [f"the runner failed: {type(exc).__name__}: {exc}"]
    if problems and not case.approved:
        problems = [*problems[:-1], problems[-1] + " (a test not approved by the W3C group)"]
    return Outcome(case.id, case.name, problems)


def _eval_problems(client: Client, case: EvalCase) -> list[str]:
    text = f"BASE <{_iri(case.request)}>\n" + case.request.read_text("utf-8")
    if case.kind.endswith("syntax"):
        client.reset([])
        answer = _send(client, case.kind.split("-")[0], text, [])
        code = _error_code(answer)
        if case.positive and code == "query_syntax":
            return [f"refused as malformed: {answer.body[:300].decode('utf-8', 'replace')}"]
        if case.positive and answer.status >= 400 and "ALLOWLIST" in answer.body.decode():
            return ["refused by kg's remote-access policy (SERVICE / LOAD off by default)"]
        if not case.positive and answer.status < 400:
            return [f"accepted ({answer.status}), expected a syntax error"]
        return []
    _prepare(client, case)
    if case.kind == "update":
        answer = _send(client, "update", text, [])
        if answer.status >= 300:
            return [f"status {answer.status}: {answer.body[:300].decode('utf-8', 'replace')}"]
        return _store_problems(client, case)
    params = []
    if not names_dataset(text):  # else the query's FROM / FROM NAMED name the graphs
        params = [("default-graph-uri", _iri(p)) for p in case.data]
        params += [("named-graph-uri", g) for _, g in case.graphs]
    answer = _send(client, "query", text, params)
    if answer.status != 200:
        return [f"status {answer.status}: {answer.body[:300].decode('utf-8', 'replace')}"]
    assert case.result is not None
    return _answer_problems(answer, case.result)


def _send(client: Client, kind: str, text: str, params: list[tuple[str, str]]) -> Answer:
    path = "/sparql" if kind == "query" else "/sparql/update"
    if params:
        path += "?" + urllib.parse.urlencode(params)
    media = f"application/sparql-{kind}"
    accept = "application/sparql-results+json, application/n-triples;q=0.9"
    return client.send(
        "POST", path, [("Content-Type", media), ("Accept", accept)], text.encode("utf-8")
    )


def _answer_problems(answer: Answer, expected_path: Path) -> list[str]:
    media = _media_type(answer.headers.get("content-type", ""))
    if media == "application/n-triples":
        got = rdflib.Graph().parse(data=answer.body, format="nt")
        want = rdflib.Graph().parse(
            data=ox.serialize(_read_rdf(expected_path), format=ox.RdfFormat.N_TRIPLES),
            format="nt",
        )
        if isomorphic(got, want):
            return []
        return [f"graph of {len(got)} triples, expected {len(want)}"]
    result = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    expected = _expected_results(expected_path)
    if isinstance(expected, bool) or isinstance(result, ox.QueryBoolean):
        got_bool = bool(result) if isinstance(result, ox.QueryBoolean) else None
        return [] if got_bool == expected else [f"answer {got_bool}, expected {expected}"]
    assert isinstance(result, ox.QuerySolutions)
    variables = [v.value for v in result.variables]
    rows = [{v: s[v] for v in variables if s[v] is not None} for s in result]
    if _same_solutions(rows, expected):
        return []
    return [
        f"{len(rows)} solutions, expected {len(expected)}; got {_show(rows)}; expected {_show(expected)}"
    ]


def _expected_results(path: Path) -> bool | list[dict[str, Any]]:
    suffix = path.suffix.lstrip(".")
    if suffix in ("srx", "srj", "tsv", "csv"):
        fmt = ox.QueryResultsFormat.from_extension(suffix)
        assert fmt is not None
        result = ox.parse_query_results(path=str(path), format=fmt)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        variables = [v.value for v in result.variables]
        return [{v: s[v] for v in variables if s[v] is not None} for s in result]
    # a result set written in RDF (the DAWG result-set vocabulary)
    triples = _read_rdf(path)
    graph = rdflib.Graph()
    for t in ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode().splitlines():  # type: ignore[union-attr]
        graph.parse(data=t, format="nt")
    result_set = graph.value(predicate=rdflib.RDF.type, object=RS.ResultSet)
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython())  # type: ignore[union-attr]
    rows = []
    for solution in graph.objects(result_set, RS.solution):
        row = {}
        for binding in graph.objects(solution, RS.binding):
            row[str(graph.value(binding, RS.variable))] = _ox_term(graph.value(binding, RS.value))
        rows.append(row)
    return rows


def _ox_term(term: rdflib.term.Node | None) -> Any:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, rdflib.Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _same_solutions(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
    """The same multiset of solutions, blank nodes equal up to a consistent renaming (the
    order of solutions is not compared)."""
    if len(got) != len(want):
        return False

    def match(i: int, left: list[dict[str, Any]], mapping: dict[Any, Any]) -> bool:
        if i == len(want):
            return True
        for j, row in enumerate(left):
            extended = _unify(want[i], row, mapping)
            if extended is not None and match(i + 1, left[:j] + left[j + 1 :], extended):
                return True
        return False

    return match(0, list(got), {})


def _unify(want: dict[str, Any], got: dict[str, Any], mapping: dict[Any, Any]) -> dict | None:
    if want.keys() != got.keys():
        return None
    mapping = dict(mapping)
    used = set(mapping.values())
    for var, term in want.items():
        other = got[var]
        if isinstance(term, ox.BlankNode) and isinstance(other, ox.BlankNode):
            if term in mapping:
                if mapping[term] != other:
                    return None
            elif other in used:
                return None
            else:
                mapping[term] = other
                used.add(other)
        elif not _same_term(term, other):
            return None
    return mapping


XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "float", "double")}


def _same_term(want: Any, got: Any) -> bool:
    """Term equality, and for numbers and booleans of one datatype equality of value: the
    suites write values in forms of their own ("3.0E4" for 30000.0, "2.0" for 2, "0" for
    false), the engine in the canonical one."""
    if want == got:
        return True
    if not (isinstance(want, ox.Literal) and isinstance(got, ox.Literal)):
        return False
    if want.datatype != got.datatype:
        return False
    if want.datatype.value == XSD + "boolean":
        return (
            want.value in ("1", "true")
            and got.value in ("1", "true")
            or (want.value in ("0", "false") and got.value in ("0", "false"))
        )
    if want.datatype.value not in NUMERIC:
        return False
    try:
        if want.datatype.value in (XSD + "float", XSD + "double"):
            return float(want.value) == float(got.value) or want.value == got.value == "NaN"
        return Decimal(want.value) == Decimal(got.value)
    except (ValueError, ArithmeticError):
        return False


def _show(rows: list[dict[str, Any]], limit: int = 4) -> str:
    shown = ", ".join(
        "{" + " ".join(f"?{k}={v}" for k, v in sorted(r.items())) + "}" for r in rows[:limit]
    )
    return shown + (" ..." if len(rows) > limit else "")


def _store_problems(client: Client, case: EvalCase) -> list[str]:
    problems = []
    want_default = [t for p in case.result_data for t in _read_rdf(p)]
    got = client.send("GET", "/rdf-graphs?default", [("Accept", "application/n-triples")], None)
    if not _isomorphic(got.body, want_default):
        problems.append(f"the default graph differs: {got.body[:300].decode('utf-8', 'replace')}")
    wanted = {}
    for path, graph in case.result_graphs:
        wanted.setdefault(graph, []).extend(_read_rdf(path))
    wanted = {g: ts for g, ts in wanted.items() if ts}
    names = _send(client, "query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", [])
    result = ox.parse_query_results(names.body, format=ox.QueryResultsFormat.JSON)
    present = {s["g"].value for s in result}  # type: ignore[union-attr]
    if present != set(wanted):
        problems.append(f"non-empty named graphs {sorted(present)}, expected {sorted(wanted)}")
    for graph, triples in wanted.items():
        got = client.send(
            "GET",
            "/rdf-graphs?graph=" + urllib.parse.quote(graph, safe=""),
            [("Accept", "application/n-triples")],
            None,
        )
        if got.status != 200 or not _isomorphic(got.body, triples):
            problems.append(f"graph <{graph}> differs: {got.body[:300].decode('utf-8', 'replace')}")
    return problems


def _isomorphic(ntriples: bytes, triples: list[ox.Triple]) -> bool:
    want = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return isomorphic(
        rdflib.Graph().parse(data=ntriples, format="nt"),
        rdflib.Graph().parse(data=want, format="nt"),
    )


def run_eval_suites(url: str, token: str | None) -> list[Report]:
    """The query and update evaluation suites (with their syntax tests) at ``url``."""
    client = Client(url, token)
    reports = []
    for suite, manifest in (
        ("W3C SPARQL 1.1 Query (evaluation and syntax)", QUERY_SUITE),
        ("W3C SPARQL 1.1 Update (evaluation and syntax)", UPDATE_SUITE),
    ):
        outcomes = [run_eval_case(client, case) for case in load_eval_manifest(manifest)]
        reports.append(Report(suite, outcomes))
    client.reset([])
    return reports


# --------------------------------------------------------------------------- the server


@contextmanager
def kg_serve(
    token: str, settings: dict[str, str] | None = None, startup: float = 120
) -> Iterator[str]:
    """``kg serve`` over a fresh store in a temporary directory, on a free port, with a
    write token (and further ``KG_*`` ``settings``); yields its URL and stops it (and its
    worker processes) at the end."""
    with tempfile.TemporaryDirectory(prefix="kg-w3c-") as tmp:
        env = {
            **(settings or {}),
            "KG_STORE_PATH": str(Path(tmp) / "store"),
            "KG_WRITE_TOKEN": token,
        }
        log = Path(tmp) / "serve.log"
        with serve(settings=env, log=log, cwd=ROOT, startup=startup) as server:
            yield server.url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running kg server (default: start one, fresh store)")
    parser.add_argument("--token", help="its write token (default: KG_WRITE_TOKEN)")
    parser.add_argument(
        "--evaluation",
        action="store_true",
        help="also run the query and update evaluation suites (about 600 tests, not gated)",
    )
    args = parser.parse_args()

    def run(url: str, token: str | None) -> list[Report]:
        reports = run_suites(url, token)
        if args.evaluation:
            reports += run_eval_suites(url, token)
        return reports

    if args.url:
        reports = run(args.url, args.token or os.environ.get("KG_WRITE_TOKEN"))
    else:
        token = secrets.token_hex(16)
        with kg_serve(token) as url:
            reports = run(url, token)
    print("\n".join(r.text() for r in reports))
    print("\n".join(r.summary() for r in reports))
    sys.exit(0 if all(r.passed == r.total for r in reports[:2]) else 1)


if __name__ == "__main__":
    main()
