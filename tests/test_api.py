"""The HTTP API through TestClient, on the real data."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from kg.iris import Minter

SELECT = "SELECT ?org ?label WHERE { ?org a kg:Enterprise ; rdfs:label ?label FILTER(LANG(?label) = 'zh') } ORDER BY ?org"
CONSTRUCT = "CONSTRUCT { ?org rdfs:label ?l } WHERE { ?org a kg:University ; rdfs:label ?l }"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL = "http://www.w3.org/2002/07/owl#"


def error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    return body["error"]


# --- the vocabulary -----------------------------------------------------------------------


def test_the_vocabulary_iri_dereferences_to_the_ontology(client: TestClient) -> None:
    """``kg:`` is ``https://w3id.org/kg-industry/def#``: its document, ``/def``, answers the
    ontology as the server holds it (it was 404, review20); read-only."""
    r = client.get("/def", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    triples = {q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)}
    kg = "https://w3id.org/kg-industry/def"
    assert ox.Triple(ox.NamedNode(kg), RDF_TYPE, ox.NamedNode(OWL + "Ontology")) in triples
    enterprise = ox.NamedNode(kg + "#Enterprise")
    assert ox.Triple(enterprise, RDF_TYPE, ox.NamedNode(OWL + "Class")) in triples
    nt = client.get("/def.nt")
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert len(list(ox.parse(nt.content, format=ox.RdfFormat.N_TRIPLES))) == len(triples)
    assert client.get("/def.xyz").status_code == 404
    put = client.put("/def", content="", headers={"Content-Type": "text/turtle"})
    assert put.status_code == 405


# --- /sparql ---------------------------------------------------------------------------


def test_sparql_get_json_by_default(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SELECT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    labels = [b["label"] for b in r.json()["results"]["bindings"]]
    assert {"value": "哈尔滨联合飞机", "type": "literal", "xml:lang": "zh"} in labels


def test_sparql_post_form_and_direct(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    direct = client.post(
        "/sparql",
        content=SELECT.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text
    rows = list(csv.DictReader(io.StringIO(form.text)))
    assert {"org", "label"} == set(rows[0])


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        (
            "text/csv;q=0.2, application/sparql-results+json;q=0.9",
            "application/sparql-results+json",
        ),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_sparql_select_negotiation(client: TestClient, accept: str, media: str) -> None:
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_sparql_construct_negotiation(client: TestClient, accept: str, fmt: ox.RdfFormat) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    triples = list(ox.parse(r.content, format=fmt))
    assert ox.Literal("哈尔滨工业大学", language="zh") in {t.object for t in triples}


def test_sparql_ask_and_format_parameter(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK { ?s a kg:Enterprise }", "format": "xml"})
    assert r.status_code == 200 and "<boolean>true</boolean>" in r.text
    # xml and json name a graph's XML and JSON too (RDF/XML, JSON-LD), whatever Accept says
    for name, media_type in (("xml", "application/rdf+xml"), ("JSON", "application/ld+json")):
        r = client.get("/sparql", params={"query": CONSTRUCT, "format": name})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)


def test_sparql_406_when_nothing_fits(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and error(r)["code"] == "not_acceptable"
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


@pytest.mark.parametrize("query", [SELECT, "ASK { ?s a kg:Enterprise }", CONSTRUCT])
def test_sparql_an_unknown_format_is_said_unknown_with_the_known_ones(
    client: TestClient, query: str
) -> None:
    """``format=foo`` names no format: a 400 that says so and lists the known names, for
    every form of query - not a 406 saying what form of answer the query has."""
    r = client.get("/sparql", params={"query": query, "format": "foo"})
    err = error(r)
    assert r.status_code == 400 and err["code"] == "unsupported_format", err
    assert err["message"].startswith("unknown format 'foo'; expected one of: json, xml, csv, tsv")
    assert "turtle" in err["message"] and "boolean" not in err["message"]


def test_every_route_writes_the_error_json_one_way(client: TestClient) -> None:
    """The raw GET /sparql path and the application's handler (POST /sparql, another
    route) give the same error byte for byte: one shape, one serialisation."""
    params = {"query": SELECT, "format": "foo"}
    raw = client.get("/sparql", params=params)
    routed = client.post("/sparql", data=params)
    assert raw.status_code == routed.status_code == 400
    assert raw.content == routed.content and raw.content.startswith(b'{"error":{"code":')
    assert raw.headers["content-type"] == routed.headers["content-type"] == "application/json"
    png = {"Accept": "image/png"}
    raw = client.get("/sparql", params={"query": SELECT}, headers=png)
    routed = client.post("/sparql", data={"query": SELECT}, headers=png)
    assert raw.status_code == routed.status_code == 406 and raw.content == routed.content
    other = client.get("/api/entity", params={"iri": "https://w3id.org/kg-industry/id/org/none"})
    assert other.status_code == 404 and other.content.startswith(b'{"error":{"code":"not_found"')


def test_sparql_malformed_query_is_400_with_position(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert r.status_code == 400
    err = error(r)
    assert err["code"] == "query_syntax" and "error at 1:" in err["message"]


def test_sparql_is_read_only(client: TestClient) -> None:
    r = client.post("/sparql", data={"update": "DROP ALL"})
    assert r.status_code == 403 and error(r)["code"] == "forbidden"
    r = client.post(
        "/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert r.status_code == 403
    r = client.get("/sparql", params={"query": "ASK { ?s a kg:Enterprise }"})
    assert r.json()["boolean"] is True  # nothing was dropped


def test_sparql_missing_query_and_bad_content_type(client: TestClient) -> None:
    assert client.post("/sparql", data={}).status_code == 400
    assert client.get("/sparql", params={"query": ""}).status_code == 400
    assert (
        client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code
        == 415
    )


def test_sparql_dataset_parameters(client: TestClient, minter: Minter) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:SourceDocument }"
    everything = client.get("/sparql", params={"query": q}).json()
    one = client.get(
        "/sparql",
        params={
            "query": q,
            "default-graph-uri": minter.graph("cctv-2024-09-01-harbin-docking-event").value,
        },
    ).json()
    assert everything["results"]["bindings"][0]["n"]["value"] == "5"
    assert one["results"]["bindings"][0]["n"]["value"] == "1"


# --- partner match -------------------------------------------------------------------


def test_match_json(client: TestClient) -> None:
    r = client.get("/api/match", params={"industry": "航空航天及高端装备", "region": "黑龙江"})
    assert r.status_code == 200
    body = r.json()
    first = body["candidates"][0]
    assert {"iri", "label", "kind", "score", "reasons"} <= set(first)
    assert first["label"] == "哈尔滨联合飞机"
    evidence = [e for reason in first["reasons"] for e in reason["evidence"]]
    assert {"source", "sentence"} <= set(evidence[0])
    assert any(
        e["sentence"] == "8月8日,哈尔滨联合飞机大型无人机产业基地一期厂房封顶。" for e in evidence
    )


def test_match_csv_and_excel(client: TestClient) -> None:
    r = client.get("/api/match", params={"industry": "医药", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "国药集团" in r.text
    excel = client.get("/api/match", params={"industry": "医药", "format": "excel-csv"})
    assert excel.content.startswith("\ufeff".encode())


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"industry": "冰雪经济", "region": "黑龙江"}, "industry"),  # tied to nothing anywhere
        ({"industry": "航空航天", "region": "西藏"}, "region.empty"),
        ({"industry": "数字经济", "region": "哈尔滨"}, "region.elsewhere"),
        ({"industry": "航空航天", "region": "黑龙江", "kind": "university"}, "kinds"),
    ],
)
def test_match_says_why_no_candidate_fits(
    client: TestClient, params: dict[str, str], code: str
) -> None:
    """newuser48: an empty match said "No candidate fits." and no more. ``none_reason``
    says why, for programs (``code`` and counts) and readers (``text``, ``text_en``): the
    industry tied to nothing, a region holding no entity, a region holding entities none
    of which is tied to the industry, the kinds asked for leaving out every candidate."""
    body = client.get("/api/match", params=params).json()
    why = body["none_reason"]
    assert body["candidates"] == [] and why["code"] == code
    assert why["text"] and why["text_en"] and why["text"] != why["text_en"]
    everywhere = client.get("/api/match", params={"industry": params["industry"], "top": 1000})
    if code == "region.elsewhere":  # Harbin holds things, the industry's are elsewhere
        tied = everywhere.json()
        assert why["region_things"] > 0
        assert why["candidates"] == tied["total"] + len(tied["benchmarks"]) > 0
        assert f"{why['region_things']}" in why["text_en"] and "Harbin" in why["text_en"]
    if code == "kinds":
        assert (why["kinds"], why["found"], why["excluded"]) == (
            ["university"],
            {"enterprise": 1},
            1,
        )
        assert "高校" in why["text"] and "enterprise: 1" in why["text_en"]
    if code == "region.empty":
        assert "西藏自治区" in why["text"] and "Xizang Autonomous Region" in why["text_en"]
    fits = client.get("/api/match", params={"industry": "航空航天", "region": "黑龙江"}).json()
    assert fits["candidates"] and fits["none_reason"] is None


def test_match_errors(client: TestClient) -> None:
    r = client.get("/api/match", params={"industry": "不存在的产业"})
    assert r.status_code == 404 and error(r)["code"] == "not_found"
    r = client.get("/api/match", params={"industry": "数字经济", "top": 0})
    assert r.status_code == 400 and error(r)["code"] == "bad_request"
    assert client.get("/api/match").status_code == 400


# --- entities --------------------------------------------------------------------------


def test_search_by_name_and_short_name(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "联合飞机"})
    labels = [h["label"] for h in r.json()["results"]]
    assert labels[0] == "哈尔滨联合飞机"
    r = client.get("/api/search", params={"q": "哈工程"})
    assert r.json()["results"][0]["label"] == "哈尔滨工程大学"
    r = client.get("/api/search", params={"q": "工信部", "kind": "government"})
    assert [h["label"] for h in r.json()["results"]] == ["工业和信息化部"]


def test_search_lists_a_kind_without_a_name_as_the_search_page_does(client: TestClient) -> None:
    """``kind`` alone lists that kind, by label, ``limit`` at a time: the /search page's list
    (one search, kg.entities.search), not a 400 asking for ``q``; neither is a 400 that
    says to give one of them."""
    r = client.get("/api/search", params={"kind": "university"})
    assert r.status_code == 200, r.text
    assert [h["label"] for h in r.json()["results"]] == ["哈尔滨工业大学", "哈尔滨工程大学"]
    page = client.get("/search", params={"kind": "segment", "lang": "zh"}).text
    listed = re.findall(r'<a href="/id/([^"]+)">', page.split('id="results"')[1])
    assert len(listed) > 20
    r = client.get("/api/search", params={"kind": "segment", "limit": 20, "q": " "})
    assert r.status_code == 200, r.text
    found = [h["iri"].split("/id/", 1)[1] for h in r.json()["results"]]
    assert found == listed[:20]
    assert all(h["kind"] == "segment" and h["matched"] == h["label"] for h in r.json()["results"])
    for params in ({}, {"q": "  "}, {"limit": "5"}):
        r = client.get("/api/search", params=params)
        assert r.status_code == 400, (params, r.text)
        assert error(r)["message"] == "give part of a name (q=) or a kind to list (kind=)"


def test_search_keeps_to_a_region_and_takes_one_kind_as_the_search_page_does(
    client: TestClient,
) -> None:
    """``/api/search`` ignored ``region=`` (the /search page filters by it) and took the last
    of a repeated ``kind``: a region keeps what the page keeps (one search; a region by name
    or IRI, ``place=`` standing for it), an unknown region is the error /api/match and the
    page give, and more than one kind is a 400 (the page's selector sends one)."""
    for params in ({"kind": "park", "region": "哈尔滨"}, {"q": "哈尔滨", "place": "黑龙江"}):
        r = client.get("/api/search", params=params)
        assert r.status_code == 200, r.text
        found = [h["iri"].split("/id/", 1)[1] for h in r.json()["results"]]
        page = client.get("/search", params={**params, "lang": "zh"}).text
        assert found == re.findall(r'<a href="/id/([^"]+)">', page.split('id="results"')[1])
    parks = client.get("/api/search", params={"kind": "park", "region": "哈尔滨"}).json()
    assert [h["label"] for h in parks["results"]] == ["哈尔滨联合飞机大型无人机产业基地"]
    everywhere = client.get("/api/search", params={"kind": "park"}).json()["results"]
    assert len(everywhere) > len(parks["results"])
    unknown = client.get("/api/search", params={"q": "哈尔滨", "region": "哈尔宾"})
    matched = client.get("/api/match", params={"industry": "数字经济", "region": "哈尔宾"})
    assert (unknown.status_code, error(unknown)) == (matched.status_code, error(matched))
    r = client.get("/api/search", params={"kind": ["university", "park"]})
    assert r.status_code == 400
    assert error(r)["message"] == "give one kind (kind=), not several: university, park"


def test_match_takes_a_place_as_the_match_page_does(client: TestClient) -> None:
    """``place=`` (a city or district by name, the /match page's field) stands for region,
    and wins over it, as on the page (kg.web.choices.place_or_region); not ignored."""
    harbin = "https://w3id.org/kg-industry/id/place/harbin"
    by_region = client.get("/api/match", params={"industry": "航空航天", "region": "哈尔滨"})
    for params in ({"place": "哈尔滨"}, {"place": "哈尔滨", "region": "黑龙江"}):
        r = client.get("/api/match", params={"industry": "航空航天", **params})
        assert r.status_code == 200, r.text
        assert r.json()["region"]["iri"] == harbin, params
        assert r.json()["candidates"] == by_region.json()["candidates"]
    typo = client.get("/api/match", params={"industry": "航空航天", "place": "哈尔宾"})
    region_typo = client.get("/api/match", params={"industry": "航空航天", "region": "哈尔宾"})
    assert typo.status_code == region_typo.status_code >= 400
    assert typo.json() == region_typo.json() and "哈尔宾" in typo.json()["error"]["message"]


def test_chain_match_takes_a_place_as_the_chain_page_does(client: TestClient) -> None:
    """``place=`` on /api/chain-match means what it means on the /chain page and on
    /api/match (kg.web.choices.place_or_region): it stands for region, and wins over it;
    with neither, the region is asked for in the errors' one shape (not a 422)."""
    harbin = "https://w3id.org/kg-industry/id/place/harbin"
    chain = {"chain": "航空航天", "top": 5}
    by_region = client.get("/api/chain-match", params={**chain, "region": "哈尔滨"})
    assert by_region.status_code == 200, by_region.text
    for params in ({"place": "哈尔滨"}, {"place": "哈尔滨", "region": "黑龙江"}):
        r = client.get("/api/chain-match", params={**chain, **params})
        assert r.status_code == 200, r.text
        assert r.json()["region"]["iri"] == harbin, params
        assert r.json()["groups"] == by_region.json()["groups"]
    typo = client.get("/api/chain-match", params={**chain, "place": "哈尔宾"})
    region_typo = client.get("/api/chain-match", params={**chain, "region": "哈尔宾"})
    assert typo.status_code == region_typo.status_code >= 400
    assert typo.json() == region_typo.json() and "哈尔宾" in typo.json()["error"]["message"]
    neither = client.get("/api/chain-match", params=chain)
    assert neither.status_code == 400 and neither.json()["error"]["code"] == "bad_request"
    assert "place=" in neither.json()["error"]["message"]


@pytest.mark.parametrize(
    ("path", "params", "said"),
    [
        ("/api/search", {"q": "哈", "kind": "bogus"}, "unknown kind bogus; expected: "),
        ("/api/search", {"q": "哈尔滨", "kind": "institute"}, "unknown kind institute; expected: "),
        ("/api/match", {"industry": "航空航天", "kind": "bogus"}, "unknown partner kind(s) bogus"),
    ],
)
def test_an_unknown_kind_is_a_400_that_lists_the_kinds(
    client: TestClient, path: str, params: dict[str, str], said: str
) -> None:
    """Search and match check ``kind`` by one check (kg.entities.check_kinds): not an empty
    answer but a 400 that names the kinds there are."""
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "bad_request" and error["message"].startswith(said), error
    assert "research-institute" in error["message"]
    ok = client.get(path, params={**params, "kind": "research-institute"})
    assert ok.status_code == 200, ok.text


def test_entity_json_has_facts_with_evidence(client: TestClient, minter: Minter) -> None:
    iri = minter.entity("org/harbin-united-aircraft").value
    r = client.get("/api/entity", params={"iri": iri})
    assert r.status_code == 200
    body = r.json()
    assert body["label"] == "哈尔滨联合飞机" and body["kind"] == "enterprise"
    builds = [s for s in body["statements"] if s["predicate"].endswith("#builds")]
    assert builds and builds[0]["evidence"][0]["sentence"].startswith("8月8日")


def test_dereference_by_negotiation_and_suffix(client: TestClient, minter: Minter) -> None:
    path = "/id/org/harbin-united-aircraft"
    assert client.get(path).json()["label"] == "哈尔滨联合飞机"
    ttl = client.get(path, headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    triples = [q.triple for q in ox.parse(ttl.content, format=ox.RdfFormat.TURTLE)]
    assert (
        ox.Triple(
            minter.entity("org/harbin-united-aircraft"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("哈尔滨联合飞机", language="zh"),
        )
        in triples
    )
    assert client.get(path + ".jsonld").headers["content-type"].startswith("application/ld+json")
    assert client.get(path + ".rdf").headers["content-type"].startswith("application/rdf+xml")
    missing = client.get("/id/org/no-such-org")
    assert missing.status_code == 404 and error(missing)["code"] == "not_found"


def test_every_minted_entity_dereferences(client: TestClient, minter: Minter) -> None:
    r = client.get(
        "/sparql",
        params={
            "query": f"SELECT DISTINCT ?e WHERE {{ ?e a ?t FILTER(STRSTARTS(STR(?e), '{minter.prefix}')) }}"
        },
    )
    iris = [b["e"]["value"] for b in r.json()["results"]["bindings"]]
    assert len(iris) > 100
    for iri in iris:
        assert client.get("/id/" + minter.key(iri)).status_code == 200, iri


# --- export, meta, errors -----------------------------------------------------------------


def test_export_formats(client: TestClient) -> None:
    r = client.get(
        "/api/export", params={"entity": "org/harbin-united-aircraft", "hops": 1, "format": "trig"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/trig")
    assert "attachment" in r.headers["content-disposition"]
    quads = list(ox.parse(r.content, format=ox.RdfFormat.TRIG))
    assert len({q.graph_name for q in quads}) >= 1
    r = client.get(
        "/api/export", params={"industry": "数字经济"}, headers={"Accept": "application/n-quads"}
    )
    assert r.headers["content-type"].startswith("application/n-quads")
    r = client.get(
        "/api/export", params={"source": "cctv-2024-09-01-harbin-docking-event", "format": "jsonld"}
    )
    assert json.loads(r.text)


def test_export_errors(client: TestClient) -> None:
    assert client.get("/api/export").status_code == 400
    assert client.get("/api/export", params={"entity": "org/hit", "hops": 99}).status_code == 400
    assert client.get("/api/export", params={"source": "nope"}).status_code == 404


def test_health_stats_sources_queries(client: TestClient) -> None:
    assert client.get("/api/health").json()["data_loaded"] is True
    stats = client.get("/api/stats").json()
    assert stats["sources"] == 5 and stats["entities"]["Enterprise"] == 4
    sources = client.get("/api/sources").json()["sources"]
    assert {s["id"] for s in sources} == {
        "hljrb-2024-08-23-industrial-transfer",
        "cctv-2024-09-01-harbin-docking-event",
        "hlj-4567-industrial-system",
        "cctv-2023-12-01-yangtze-river-delta",
        "cctv-2023-07-22-beijing-tianjin-hebei",
    }
    assert all(s["facts"] > 0 for s in sources)
    names = [q["name"] for q in client.get("/api/queries").json()["queries"]]
    assert "partner-paths" in names
    text = client.get("/api/queries/partner-paths").text
    assert "PREFIX kg:" in text and "SELECT" in text


def test_named_queries_run_unchanged_on_sparql(client: TestClient, minter: Minter) -> None:
    text = client.get("/api/queries/partner-paths").text
    bound = text.replace(
        "?industry skos:broader* ?target .",
        f"BIND(<{minter.entity('industry/digital-economy').value}> AS ?target) ?industry skos:broader* ?target .",
    )
    r = client.post(
        "/sparql", content=bound.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) >= 4


def test_unknown_path_uses_the_error_shape(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and error(r)["code"] == "not_found"


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/sparql",
        "/api/match",
        "/api/export",
        "/api/entity",
        "/api/search",
        "/id/{path}",
    } <= set(spec["paths"])


def test_docs_page_is_served_without_a_cdn(client: TestClient) -> None:
    html = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    local = ("/openapi.json", "/favicon.ico")
    assert assets and all(a.startswith("/static/") or a in local for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
AS_JSON = {"Accept": "application/json"}


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/chain?chain=no-such-chain", 404, "not_found"),  # a page
        ("/api/chain-match?chain=no-such-chain&region=no-such-region", 404, "not_found"),  # the API
        ("/id/org/no-such-organisation", 404, "not_found"),  # linked data
        ("/no/such/path", 404, "not_found"),  # no route at all
        ("/api/match?industry=uav&top=0", 400, "bad_request"),  # parameters (validation)
        ("/sparql?query=SELEC", 400, "query_syntax"),  # the raw GET /sparql path
    ],
)
def test_one_handler_renders_each_error_as_json_or_as_the_page(
    client: TestClient, path: str, status: int, code: str
) -> None:
    """The same error, by negotiation: JSON for a client that asks for it, the HTML error
    page (same status, same message: the English page's words are the JSON's) for a
    browser."""
    as_json = client.get(path, headers=AS_JSON)
    assert as_json.status_code == status and error(as_json)["code"] == code
    page = client.get(path, headers={**BROWSER, "Cookie": "kg_lang=en"})
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert error(as_json)["message"] in html.unescape(page.text)


def test_a_page_that_fails_answers_html_when_the_client_does_not_say(client: TestClient) -> None:
    page = client.get("/chain?chain=no-such-chain", headers={"Accept": "*/*"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = client.get(
        "/api/chain-match?chain=no-such-chain&region=no-such-region", headers={"Accept": "*/*"}
    )
    assert api.status_code == 404 and error(api)["code"] == "not_found"


def test_a_wrong_method_says_which_methods_the_path_has_in_both_renderings(
    client: TestClient,
) -> None:
    for headers in (AS_JSON, BROWSER):
        r = client.delete("/api/stats", headers=headers)
        assert r.status_code == 405 and r.headers["allow"] == "GET"
