"""The probes of issue 15 that are not about SPARQL text (see test_guard.py for those):
security headers on every response, no script links from data, the write token kept out of
storage, and IRI-shaped parameters answered with 400, never 500."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.api import create_app
from kg.api.headers import CONTENT_SECURITY_POLICY
from kg.config import Settings
from kg.loading import load_curated
from kg.store import open_store

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SOURCE = "https://w3id.org/kg-industry/id/source/cctv-2024-09-01-harbin-docking-event"


@pytest.fixture
def writable(settings: Settings) -> Iterator[TestClient]:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    changed = Settings.model_validate({**settings.model_dump(), "write_token": TOKEN})
    with TestClient(create_app(changed, store)) as client:
        yield client


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/", {}),
        ("GET", "/id/org/hit", {"headers": {"Accept": "text/html"}}),
        ("GET", "/id/org/hit", {}),
        ("GET", "/sparql", {"params": {"query": "ASK {}"}}),  # the raw fast path
        ("GET", "/sparql", {"params": {"query": "ASK {"}}),  # its error
        ("POST", "/sparql", {"data": {"query": "ASK {}"}}),
        ("GET", "/sparql", {}),
        ("GET", "/api/health", {}),
        ("GET", "/static/app.css", {}),
        ("GET", "/docs", {}),
        ("GET", "/openapi.json", {}),
        ("GET", "/no/such/page", {}),
        ("POST", "/sparql/update", {"data": {"update": "CLEAR ALL"}}),
        ("POST", "/sparql", {"content": b"x" * (11 * 1024 * 1024)}),  # 413 from the limit
    ],
)
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, path: str, kwargs: dict[str, object]
) -> None:
    r = client.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"


def test_the_policy_allows_nothing_inline_or_foreign() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    for name in ("script-src", "style-src", "default-src", "connect-src"):
        assert directives[name] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


PAGES = [
    "/",
    "/search?q=%E8%81%94%E5%90%88%E9%A3%9E%E6%9C%BA",
    "/sources",
    "/chains",
    "/query",
    "/review",
    "/docs",
    "/id/org/harbin-united-aircraft.html",
    "/id/source/cctv-2024-09-01-harbin-docking-event.html",
    "/match?industry=industry/uav",
]


def links(html: str) -> list[str]:
    return re.findall(r"""(?:href|src|action|formaction)\s*=\s*["']([^"']*)["']""", html, re.I)


def test_pages_have_no_inline_script_or_style_and_no_script_links(client: TestClient) -> None:
    for path in PAGES:
        html = client.get(path).text
        assert re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html) is None, path  # no inline script
        assert re.search(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=", html, re.I) is None, path
        for target in links(html):
            scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", target)
            assert scheme is None or scheme.group(1).lower() in ("http", "https", "data"), (
                path,
                target,
            )
            assert not target.lower().startswith("data:") or target == "data:,", (path, target)


@pytest.mark.parametrize(
    "value",
    [
        "<javascript:alert(document.domain)>",
        '"javascript:alert(document.domain)"',
        '" javascript:alert(1)"',
        '"JaVaScRiPt:alert(1)"',
        '"data:text/html,<script>alert(1)</script>"',
        "<vbscript:msgbox(1)>",
    ],
)
def test_a_script_url_in_the_data_renders_as_text(writable: TestClient, value: str) -> None:
    """The probe: a token holder sets a source's schema:url to a script URL."""
    update = (
        "PREFIX schema: <https://schema.org/> "
        f"DELETE {{ GRAPH ?g {{ <{SOURCE}> schema:url ?u }} }} "
        f"INSERT {{ GRAPH ?g {{ <{SOURCE}> schema:url {value} }} }} "
        f"WHERE {{ GRAPH ?g {{ <{SOURCE}> schema:url ?u }} }}"
    )
    r = writable.post("/sparql/update", data={"update": update}, headers=AUTH)
    assert r.status_code == 204, r.text
    html = writable.get("/id/source/cctv-2024-09-01-harbin-docking-event.html").text
    assert "script" in html.lower() and ("alert(" in html or "msgbox(" in html)  # as text
    for target in links(html):
        assert not target.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))


def test_the_review_page_never_stores_the_token(client: TestClient) -> None:
    script = client.get("/static/review.js").text
    code = "\n".join(line for line in script.splitlines() if not line.strip().startswith("//"))
    assert "localStorage" not in code
    assert re.search(r"sessionStorage\.setItem\([^)]*token", code, re.I) is None


# --- IRI-shaped parameters: 400, never 500 ------------------------------------------------

BAD = ["a|b", "a>b", "\x07g", 'a"b', "a b", "a{b}", "a\\b", "a^b", "a`b", "<x>"]


@pytest.mark.parametrize("bad", BAD)
def test_bad_iris_in_parameters_answer_400(writable: TestClient, bad: str) -> None:
    from urllib.parse import quote

    q = quote(bad, safe="")
    requests = [
        ("DELETE", f"/id/graph/{q}", {}),
        ("GET", f"/id/graph/{q}", {}),
        ("PUT", f"/id/graph/{q}", {"content": b"", "headers": {"Content-Type": "text/turtle"}}),
        ("GET", f"/id/org/{q}", {}),
        ("GET", "/api/review", {"params": {"article": bad}}),
        ("GET", "/api/review", {"params": {"type": "http://x/" + bad}}),
        ("GET", "/api/export", {"params": {"source": bad}}),
        ("GET", "/api/export", {"params": {"source": "http://x/" + bad}}),
        ("GET", "/api/export", {"params": {"entity": "http://x/" + bad}}),
        ("GET", "/api/export", {"params": {"entity": "org/" + bad}}),
        ("GET", "/api/export", {"params": {"industry": "http://x/" + bad}}),
        ("GET", "/api/entity", {"params": {"iri": "http://x/" + bad}}),
        ("GET", "/api/neighbourhood", {"params": {"iri": "http://x/" + bad}}),
        ("GET", "/api/match", {"params": {"industry": "http://x/" + bad}}),
        ("GET", "/api/match", {"params": {"industry": "industry/uav", "region": "http://x/" + bad}}),
        ("GET", "/api/chain-match", {"params": {"chain": "http://x/" + bad, "region": "x"}}),
        ("GET", "/rdf-graphs", {"params": {"graph": bad}}),
        ("GET", "/sparql", {"params": {"query": "ASK {}", "default-graph-uri": bad}}),
        ("POST", "/api/review/accept", {"json": {"assertions": [bad], "reviewer": "r"}}),
    ]
    for method, path, kwargs in requests:
        h = {**AUTH, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        r = writable.request(method, path, headers=h, **kwargs)  # type: ignore[arg-type]
        assert r.status_code in (400, 404), (method, path, kwargs, r.status_code, r.text)
        assert set(r.json()) == {"error"}, r.text


def test_an_article_with_a_bad_url_is_reported_and_the_rest_written(
    writable: TestClient,
) -> None:
    """Two real news items; one's url edited to hold a '"' (not an IRI character)."""
    import json

    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
    lines = (corpus / "xwlb-2022-09_2023-06.jsonl").read_text("utf-8").splitlines()
    items = [json.loads(x) for x in lines if json.loads(x)["id"] in ("xwlb-20230422-05", "xwlb-20230422-06")]
    assert len(items) == 2
    items[0]["url"] = items[0]["url"] + '"onmouseover="x'
    body = "\n".join(json.dumps(i, ensure_ascii=False) for i in items).encode()
    r = writable.post(
        "/api/ingest", content=body, headers={**AUTH, "Content-Type": "application/x-ndjson"}
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["read"] == 1 and len(report["failures"]) == 1
    assert "not a valid IRI" in report["failures"][0] and items[0]["id"] in report["failures"][0]
    # the client's body is named as such, not by the server's temporary file
    assert report["failures"][0].startswith("request body:") and "kg-ingest-" not in r.text
    ask = f"ASK {{ GRAPH <https://w3id.org/kg-industry/id/graph/news-{items[1]['id']}> {{ ?s ?p ?o }} }}"
    written = writable.get("/sparql", params={"query": ask}).json()["boolean"]
    assert written == (report["relevant"] == 1)


def test_a_warning_names_the_request_body_not_a_server_path(writable: TestClient) -> None:
    """A real news item's text posted as plain text carries no date: the warning says so of
    the request body (no temporary path of the server's)."""
    import json

    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
    lines = (corpus / "xwlb-2022-09_2023-06.jsonl").read_text("utf-8").splitlines()
    (item,) = [json.loads(x) for x in lines if json.loads(x)["id"] == "xwlb-20230422-06"]
    r = writable.post(
        "/api/ingest",
        params={"id": "plain-item"},
        content=item["text"].encode(),
        headers={**AUTH, "Content-Type": "text/plain"},
    )
    assert r.status_code == 200, r.text
    (warning,) = r.json()["warnings"]
    assert warning.startswith("request body: item plain-item: no date")
    assert "kg-ingest-" not in r.text and "/tmp" not in r.text
