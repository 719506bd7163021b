"""Every page and the main API calls on a store with news ingested (the curated data and
the first 400 items of the shipped corpus, the ``news_store`` fixture): what each shows
is what the store says, read through the per-version indexes (the home page's counts and
sources, the name index of search and resolution, the review index) and checked against
the plain SPARQL formulation each index replaces. How fast they answer is measured by
bench/web_pages.py, never here."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from pyoxigraph import Literal, NamedNode

from conftest import scanned_match, scanned_search
from kg import queries, review
from kg.api import create_app
from kg.config import Settings
from kg.entities import (
    EVIDENCE_GRAPHS,
    HIDDEN,
    PER_GROUP,
    Paging,
    description,
    evidence,
    kind_of,
    labels,
    mention_index,
    mentions,
    parse_term,
    resolve,
    search,
)
from kg.identity import NameRules
from kg.ingest.unify import is_minted
from kg.iris import Minter
from kg.merges import candidates, merge
from kg.messages import say
from kg.names import WITHIN, NameIndex, _weight, index_for
from kg.namespaces import KG, SCHEMA
from kg.review import ReviewFilter, _predicate, decide, fact_types, list_facts, review_index
from kg.stats import stats
from kg.store import EmbeddedStore, open_store, solutions
from kg.store.memo import kept
from kg.web.home import SOURCES_PAGE, home, sources
from kg.web.render import COOKIE
from kg.web.source import FACTS_PER_PAGE
from kg.web.source import source as source_page

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TOKEN = "corpus-secret"
ID = "https://w3id.org/kg-industry/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# The formulations the indexes replace, as they were: the reference for what they give.
SEARCH = """
SELECT DISTINCT ?entity ?q ?base WHERE {
  ?entity rdfs:label|skos:altLabel|kg:shortName|skos:notation ?name .
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?q))))
  ?entity a ?type .
  FILTER(STRSTARTS(STR(?entity), STR(?base)))
  FILTER(?type NOT IN (kg:Assertion, kg:Sentence, kg:SourceDocument))
}
"""
QUEUE = """
SELECT ?assertion ?sentence ?status ?p ?min WHERE {
  GRAPH ?graph {
    ?assertion a kg:Assertion ; kg:extractor ?extractor ; kg:status ?status ;
               rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
               kg:confidence ?confidence ; kg:evidence ?sentence .
    ?sentence kg:text ?text ; kg:startOffset ?start ; kg:endOffset ?end ; dct:isPartOf ?doc .
  }
  FILTER(?confidence >= ?min)
}
ORDER BY ?doc ?start ?assertion
"""
TYPES = """
SELECT ?p ?status (COUNT(DISTINCT ?assertion) AS ?n) WHERE {
  GRAPH ?graph { ?assertion a kg:Assertion ; kg:status ?status ; rdf:predicate ?p }
} GROUP BY ?p ?status
"""


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def corpus(news_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The news store, opened read-only (a copy: ``news_store`` stays closed for others)."""
    path = Path(shutil.copytree(news_store, tmp_path_factory.mktemp("pages") / "store"))
    store = open_store(path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def web(settings: Settings, corpus: EmbeddedStore) -> Iterator[TestClient]:
    s = settings.model_copy(update={"warm_chains": False, "warm_pages": False})
    with TestClient(create_app(s, corpus)) as client:
        yield client


def rows(store: EmbeddedStore, sparql: str, **bindings: object) -> list[dict[str, object]]:
    result = store.query(queries.get("labels").split("SELECT")[0] + sparql, bindings=bindings)  # type: ignore[arg-type]
    return [{v.value: r[v.value] for v in result.variables} for r in solutions(result)]


# --- home and sources -------------------------------------------------------------------


def test_home_counts_what_the_store_holds_and_lists_the_latest_sources(
    web: TestClient, corpus: EmbeddedStore
) -> None:
    data = home(corpus)
    figures = stats(corpus)
    assert data.facts == figures["facts"] and data.facts["Extracted"] > 100
    everything = sources(corpus)
    assert data.source_count == len(everything) > 20
    latest = sorted(everything, key=lambda i: (i.date, i.id), reverse=True)[:10]
    assert data.sources == latest
    page = web.get("/", headers=HTML)
    assert page.status_code == 200
    body = text_of(page.text)
    assert f"{data.facts['Extracted']:,}" in body
    assert all(s.label in body for s in latest)
    assert 'href="/sources"' in page.text and f"{len(everything):,}" in body
    oldest = min(everything, key=lambda i: (i.date, i.id))
    assert oldest.iri not in page.text  # on /sources, not on the home page


def test_the_sources_page_pages_through_every_source(
    web: TestClient, corpus: EmbeddedStore
) -> None:
    everything = sources(corpus)
    pages = -(-len(everything) // SOURCES_PAGE)
    seen: list[str] = []
    for n in range(1, pages + 1):
        r = web.get("/sources", params={"page": n}, headers=HTML)
        assert r.status_code == 200
        seen += re.findall(r'<li>\s*<a href="(/id/source/[^"]+)"', r.text)
        assert ('rel="next"' in r.text) == (n < pages) and ('rel="prev"' in r.text) == (n > 1)
    assert seen == ["/id/" + s.iri.removeprefix(ID) for s in everything]
    assert web.get("/sources", params={"page": 0}, headers=HTML).status_code == 400
    assert len(web.get("/api/sources").json()["sources"]) == len(everything)


# --- search and resolution: the name index ------------------------------------------------


@pytest.mark.parametrize("q", ["航天", "哈尔滨", "大学", "集团", "Harbin", "有限公司"])
def test_search_finds_what_the_plain_query_finds(
    corpus: EmbeddedStore, minter: Minter, q: str
) -> None:
    found = {str(h["iri"]) for h in search(corpus, minter, q, limit=100_000)}
    reference = {
        r["entity"].value  # type: ignore[union-attr]
        for r in rows(corpus, SEARCH, q=Literal(q), base=Literal(minter.prefix))
    }
    kinds = labels(corpus, (NamedNode(i) for i in reference))
    reference = {i for i in reference if kinds[i].kind not in ("figure", "milestone", "other")}
    assert found == reference and found


@pytest.mark.parametrize(
    "q",
    [
        *("航", "航天", "哈尔滨", "哈尔滨工业", "有限公司", "集团有限公司", "大学", "公司"),
        *("ai", "C", "Harbin", "不存在的名字"),  # Latin letters: names, codes and pinyin
        *("lianhe feiji", "heb", "hangtian", "tian", "gongye", "h", "he", "xyzq"),  # pinyin
        *("hc", "kj", "heb", "hebgy"),  # initials
        *("哈尔滨道外", "harbin daowai", "黑龙江哈尔滨"),  # a place after its region
        *("sz", "suzhou", "cd", "gz"),  # places alike, ordered by the facts pointing to them
    ],
)
def test_the_ranked_postings_answer_what_a_scan_of_every_name_answers(
    corpus: EmbeddedStore, minter: Minter, q: str
) -> None:
    """The postings, kept in the answer's order, give the same entities, names and order
    as a scan of every name and a sort of every match; also when a kind is asked for (the
    entities left out before they are ranked), and the search's first page is their head."""
    index = index_for(corpus, minter.prefix)
    scanned = scanned_search(index, q)
    assert list(index.ranked(q)) == scanned
    assert bool(scanned) == (q not in ("不存在的名字", "xyzq"))
    kinds = labels(corpus, (NamedNode(i) for i, _ in scanned), minter.prefix)
    for kind in ("organization", "enterprise", "university", "region"):
        wanted = {i for i, lab in kinds.items() if lab.kind == kind}
        assert list(index.ranked(q, lambda types, k=kind: kind_of(types) == k)) == [
            (i, m) for i, m in scanned if i in wanted
        ]
    shown = [(i, m) for i, m in scanned if kinds[i].kind not in ("figure", "milestone", "other")]
    for limit in (1, 20, 100):
        page = [(h["iri"], h["matched"]) for h in search(corpus, minter, q, limit=limit)]
        assert page == shown[:limit]


# The facts pointing to an entity, as the news and curated graphs record them: each fact's
# record (kg:Assertion) names its object.
FACTS = """
SELECT ?entity (COUNT(DISTINCT ?assertion) AS ?n) WHERE {
  ?assertion a kg:Assertion ; rdf:object ?entity .
  FILTER(isIRI(?entity))
} GROUP BY ?entity
"""


@pytest.mark.parametrize("q", ["sz", "suzhou", "cd", "gz", "nj", "hc"])
def test_hits_alike_come_by_the_facts_pointing_to_them(
    corpus: EmbeddedStore, minter: Minter, q: str
) -> None:
    """newuser46: hits alike (the same rank, name length and weight: cities among cities)
    came in label order, so pinyin initials put the likely city behind lesser ones (``sz``:
    宿州, 朔州, 深圳, 苏州). They come by how many facts point to them, most first, then by
    the entities within them (newuser48: a city of more divisions first), then by label:
    the news names 苏州 and 朔州 here and 宿州 not at all, so ``suzhou`` finds 苏州市 before
    宿州市 and ``sz`` 朔州 and 苏州 before 深圳 and 宿州."""
    index = index_for(corpus, minter.prefix)
    facts = {str(r["entity"].value): int(r["n"].value) for r in rows(corpus, FACTS)}  # type: ignore[union-attr]
    hits = [iri for iri, _ in index.ranked(q)]
    alike: dict[tuple[object, ...], list[str]] = {}  # hits by (rank, name length), weight
    for iri in hits:
        e = index.entities[iri]
        matched = scanned_match(e, q) or ((WITHIN, 0), "")  # else as a place within a region
        alike.setdefault((matched[0], _weight(e.types)), []).append(iri)
    for group in alike.values():
        keys = [(-facts.get(i, 0), -index.held.get(i, 0), index.label(i), i) for i in group]
        assert keys == sorted(keys), [(index.label(i), facts.get(i, 0)) for i in group]
    (suzhou,), (suzhou_anhui,) = index.named("苏州市"), index.named("宿州市")
    (shuozhou,), (shenzhen,) = index.named("朔州市"), index.named("深圳市")
    if q == "suzhou":
        assert facts.get(suzhou, 0) > facts.get(suzhou_anhui, 0)
        assert hits[:2] == [suzhou, suzhou_anhui]  # by label 宿州市 came first
    if q == "sz":
        assert facts.get(shuozhou, 0) > facts.get(shenzhen, 0) == facts.get(suzhou_anhui, 0)
        # no fact points to 深圳 or 宿州 here: 深圳's 9 districts before 宿州's 5 (by label
        # 宿州 came first)
        assert index.held[shenzhen] > index.held[suzhou_anhui]
        assert hits.index(shuozhou) < hits.index(shenzhen) < hits.index(suzhou_anhui)


def test_search_pages_show_names_from_the_news(web: TestClient, corpus: EmbeddedStore) -> None:
    _, org = busiest(corpus)
    name = str(labels(corpus, [NamedNode(org)])[org].label)
    news_only = [{"e": NamedNode(org)}]
    page = web.get("/search", params={"q": name}, headers=HTML)
    assert page.status_code == 200
    assert "/id/" + news_only[0]["e"].value.removeprefix(ID) in page.text  # type: ignore[union-attr]
    api = web.get("/api/search", params={"q": name}).json()
    assert news_only[0]["e"].value in {h["iri"] for h in api["results"]}  # type: ignore[union-attr]
    pinyin = web.get("/api/search", params={"q": "lianhe feiji"}).json()
    assert ID + "org/harbin-united-aircraft" in {h["iri"] for h in pinyin["results"]}


def test_names_resolve_ignoring_case_through_the_same_index(
    corpus: EmbeddedStore, minter: Minter
) -> None:
    place = NamedNode(ID + "place/heilongjiang")
    assert resolve(corpus, minter, "Heilongjiang Province", KG.Region, "region") == place
    assert resolve(corpus, minter, "HEILONGJIANG province", KG.Region, "region") == place


# --- review: the review index -----------------------------------------------------------


@pytest.mark.parametrize(
    "f",
    [
        ReviewFilter(limit=50),
        ReviewFilter(limit=50, offset=50),
        ReviewFilter(type="mentions", limit=30, offset=10),
        ReviewFilter(type="partOf", limit=1000),
        ReviewFilter(min_confidence=0.8, limit=40),
    ],
    ids=["first-page", "second-page", "mentions", "partOf", "confident"],
)
def test_the_review_queue_is_the_plain_query_s(
    corpus: EmbeddedStore, minter: Minter, f: ReviewFilter
) -> None:
    bindings: dict[str, object] = {
        "status": KG.Extracted,
        "min": Literal(
            str(f.min_confidence), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
        ),
    }
    if f.type:
        bindings["p"] = _predicate(f.type)
    reference = rows(corpus, QUEUE + f"LIMIT {f.limit} OFFSET {f.offset}", **bindings)
    got = list_facts(corpus, minter, f)
    assert [(i.assertion, i.sentence) for i in got] == [
        (r["assertion"].value, corpus_text(corpus, r["sentence"]))
        for r in reference  # type: ignore[union-attr]
    ]
    assert got and all(i.status == "Extracted" and i.confidence >= f.min_confidence for i in got)


def corpus_text(store: EmbeddedStore, sentence: object) -> str:
    found = rows(store, "SELECT ?t ?s WHERE { ?s kg:text ?t } LIMIT 1", s=sentence)
    return str(found[0]["t"].value)  # type: ignore[union-attr]


def test_an_article_s_queue_and_the_fact_types(corpus: EmbeddedStore, minter: Minter) -> None:
    first = list_facts(corpus, minter, ReviewFilter(limit=1))[0]
    article = first.source.removeprefix(minter.source("news-").value)
    own = list_facts(corpus, minter, ReviewFilter(article=article, limit=1000))
    assert own and {i.source for i in own} == {first.source}
    reference = {
        r["p"].value: int(r["n"].value)  # type: ignore[union-attr]
        for r in rows(corpus, TYPES, status=KG.Extracted)
    }
    types = dict(fact_types(corpus, minter))
    assert (
        sum(types.values()) == sum(reference.values())
        and types["mentions"] == reference[SCHEMA.mentions.value]
    )


def test_the_review_page_shows_the_queue(
    web: TestClient, corpus: EmbeddedStore, minter: Minter
) -> None:
    page = web.get("/review", headers=HTML)
    assert page.status_code == 200
    first = list_facts(corpus, minter, ReviewFilter(limit=50))
    body = text_of(page.text)
    assert all(i.sentence in body for i in first[:5])
    assert 'rel="next"' in page.text
    api = web.get("/api/review", params={"limit": 5, "offset": 5}).json()
    assert [i["assertion"] for i in api["items"]] == [i.assertion for i in first[5:10]]


# --- entity, source, match, chain ------------------------------------------------------


def busiest(store: EmbeddedStore) -> tuple[str, str]:
    """The news item with the most facts, and the entity the most facts mention."""
    doc = rows(
        store,
        "SELECT ?doc (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion ; kg:evidence/dct:isPartOf ?doc "
        'FILTER(CONTAINS(STR(?doc), "/id/source/news-")) } GROUP BY ?doc ORDER BY DESC(?n) ?doc LIMIT 1',
    )[0]["doc"].value  # type: ignore[union-attr]
    org = rows(
        store,
        "SELECT ?e (COUNT(?a) AS ?n) WHERE { ?a rdf:predicate schema:mentions ; rdf:object ?e } "
        "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
    )[0]["e"].value  # type: ignore[union-attr]
    return doc, org


def test_an_entity_page_names_the_iris_stated_the_same_as_it(
    web: TestClient, corpus: EmbeddedStore, settings: Settings, minter: Minter
) -> None:
    """newuser48: the identity graph states ``owl:sameAs`` an entity the IRI each of its
    other names would have been minted as, and the page linked each by its raw id
    (org/x02ff964e66d5), while every other link says a label. Each is named by the name it
    stands for, in both languages (the name as the news writes it)."""
    (top,) = rows(
        corpus,
        "SELECT ?e (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a owl:sameAs ?e } "
        'FILTER(STRENDS(STR(?g), "/graph/identity")) } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1',
    )
    entity = str(top["e"].value)  # type: ignore[union-attr]
    aliases = {
        str(r["a"].value)  # type: ignore[union-attr]
        for r in rows(corpus, f"SELECT ?a WHERE {{ ?a owl:sameAs <{entity}> }}")
    }
    names = {
        str(r["n"].value)  # type: ignore[union-attr]
        for r in rows(corpus, f"SELECT ?n WHERE {{ <{entity}> rdfs:label|skos:altLabel ?n }}")
    }
    kind = labels(corpus, [NamedNode(entity)])[entity].kind
    rules = NameRules.load(settings.data_dir)
    for lang in ("zh", "en"):
        html = web.get(entity.replace(ID, "/id/"), params={"lang": lang}, headers=HTML).text
        for alias in aliases:
            href = alias.replace(ID, "/id/")
            shown = re.search(rf'<a href="{href}">([^<]*)</a>', html)
            assert shown is not None, alias
            assert shown.group(1) in names, (alias, shown.group(1))
            assert rules.iri_key(shown.group(1), kind) == alias.removeprefix(ID)
    web.cookies.delete(COOKIE)  # the language sticks to the shared client: not for others


def test_the_busiest_source_and_entity_pages(
    web: TestClient, corpus: EmbeddedStore, minter: Minter
) -> None:
    doc, org = busiest(corpus)
    source = source_page(corpus, minter, NamedNode(doc))
    page = web.get("/id/" + doc.removeprefix(ID), headers=HTML)
    assert page.status_code == 200
    assert page.text.count("<mark") == sum(1 for p in source.pieces if p.ids)
    assert source.fact_count > 0
    entity = web.get("/id/" + org.removeprefix(ID), headers=HTML)
    assert entity.status_code == 200
    described = web.get("/api/entity", params={"iri": org}).json()
    sentences = [
        e["sentence"] for s in described["statements"] for e in s["evidence"] if e.get("sentence")
    ]
    assert sentences and sentences[0] in unescape(entity.text)


# Everything said about an entity, in the order the entity page and API give it (IRIs
# before literals, then by value as text, language, datatype, graph): the plain
# formulation the paged description replaces.
STATEMENTS = """
SELECT ?entity ?direction ?p ?o ?graph WHERE {
  { GRAPH ?graph { ?entity ?p ?o } BIND("out" AS ?direction) }
  UNION
  { GRAPH ?graph { ?o ?p ?entity }
    FILTER(?p NOT IN (rdf:subject, rdf:object, kg:describes, kg:names))
    BIND("in" AS ?direction) }
}
ORDER BY ?direction ?p isLiteral(?o) STR(?o) LANG(?o) STR(DATATYPE(?o)) STR(?graph)
"""


# The entity with the value the most graphs state (an alias or job title repeated by
# article after article).
REPEATED = """
SELECT ?e (COUNT(*) AS ?n) WHERE {
  GRAPH ?graph { ?e ?p ?o }
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/kg-industry/id/") && ?p != rdf:type)
  FILTER(!STRSTARTS(STR(?e), "https://w3id.org/kg-industry/id/assertion/"))
} GROUP BY ?e ?p ?o ORDER BY DESC(?n) ?e LIMIT 1
"""


@pytest.mark.parametrize("which", ["busiest", "repeated"])
def test_an_entity_is_described_a_page_of_values_at_a_time(
    web: TestClient, corpus: EmbeddedStore, which: str
) -> None:
    """The first page holds the first ``limit`` (PER_GROUP unless asked) values of each
    direction and predicate, each value once with how many graphs state it and the
    evidence of the first EVIDENCE_GRAPHS of them; paging through a group gives every value
    once, in the plain query's order; paging through the graphs of a value (``value=``)
    gives every graph stating it, with the evidence of its fact in that graph. So every
    statement of the plain query is reachable, once, and the counts are its counts (the
    entity the news mention most, and the one with the value the most graphs state)."""
    mention_index(corpus)  # as a running server has it (its absence: the test below)
    if which == "busiest":
        _, org = busiest(corpus)
    else:
        org = rows(corpus, REPEATED)[0]["e"].value  # type: ignore[union-attr]
    entity = NamedNode(org)
    plain = [
        (r["direction"].value, r["p"].value, r["o"], r["graph"].value)  # type: ignore[union-attr]
        for r in rows(corpus, STATEMENTS, entity=entity)
    ]
    # (direction, predicate) -> value -> its graphs, both in the plain query's order
    by_group: dict[tuple[str, str], dict[str, list[str]]] = {}
    terms: dict[str, NamedNode | Literal] = {}
    for direction, p, o, g in plain:
        by_group.setdefault((direction, p), {}).setdefault(str(o), []).append(g)
        terms[str(o)] = o  # type: ignore[assignment]
    size = 4  # values per group and page (PER_GROUP on the pages; the test store is small)
    if which == "busiest":
        assert max(len(v) for v in by_group.values()) > size  # there are values to page
    else:  # and graphs of a value
        assert max(len(gs) for v in by_group.values() for gs in v.values()) > size

    counted = {
        (r["direction"].value, r["p"].value): int(r["n"].value)  # type: ignore[union-attr]
        for r in rows(corpus, COUNTS, entity=entity)
    }
    first = web.get("/api/entity", params={"iri": org, "limit": size}).json()
    assert [
        (g["direction"], g["predicate"], g["count"], g["statements"]) for g in first["groups"]
    ] == [(*k, len(v), counted[k]) for k, v in sorted(by_group.items())]

    def key(s: dict) -> tuple[str, str, str]:
        return (s["direction"], s["predicate"], s["term"])

    held = [key(s) for s in first["statements"] if s["predicate"] not in HIDDEN]
    expected = [(*k, v) for k in sorted(by_group) for v in list(by_group[k])[:size]]
    assert held == [r for r in expected if r[1] not in HIDDEN]
    for st in first["statements"]:
        graphs = by_group[(st["direction"], st["predicate"])][key(st)[2]]
        assert st["count"] == len(graphs)
        assert st["graphs"] == sorted(graphs)[:EVIDENCE_GRAPHS]
        assert st["graph"] == st["graphs"][0]

    def fact(direction: str, predicate: str, value: str) -> tuple:
        o = terms[value]
        return (
            (o, NamedNode(predicate), entity)
            if direction == "in"
            else (entity, NamedNode(predicate), o)
        )

    reference = evidence(corpus, [fact(*k, v) for k, vs in by_group.items() for v in vs])
    reached: list[tuple[str, str, str, str]] = []
    for (direction, predicate), values in sorted(by_group.items()):
        paged: list[dict] = []
        params = {"iri": org, "predicate": predicate, "direction": direction, "limit": size}
        for number in range(1, -(-len(values) // size) + 1):
            page = web.get("/api/entity", params={**params, "page": number}).json()
            assert [(g["count"], g["page"]) for g in page["groups"]] == [(len(values), number)]
            paged.extend(page["statements"])
        assert [st["term"] for st in paged] == list(values)
        beyond = web.get("/api/entity", params={**params, "page": -(-len(values) // size) + 1})
        assert beyond.status_code == 404
        for shown in paged:
            value, graphs = shown["term"], values[shown["term"]]
            if shown["count"] <= EVIDENCE_GRAPHS:  # all its graphs are on the group's page
                assert shown["graphs"] == graphs
                reached.extend((direction, predicate, value, g) for g in graphs)
                continue
            stated: list[str] = []
            for number in range(1, -(-len(graphs) // size) + 1):
                page = web.get(
                    "/api/entity", params={**params, "value": value, "page": number}
                ).json()
                (group,) = page["groups"]
                assert (group["count"], group["page"], group["value"]) == (
                    len(graphs),
                    number,
                    value,
                )
                (st,) = page["statements"]
                assert st["count"] == len(graphs)
                expected_evidence = [
                    e.to_dict()
                    for e in reference[fact(direction, predicate, value)]
                    if e.graph in st["graphs"]
                ]
                assert st["evidence"] == expected_evidence
                stated.extend(st["graphs"])
            assert stated == graphs
            reached.extend((direction, predicate, value, g) for g in stated)
    assert sorted(reached) == sorted((d, p, str(o), g) for d, p, o, g in plain)

    path = "/id/" + org.removeprefix(ID)
    (direction, predicate), big = max(by_group.items(), key=lambda kv: len(kv[1]))
    second = {"predicate": predicate, "direction": direction, "page": 2, "limit": size}
    html = web.get(path, params=second, headers=HTML)
    assert html.status_code == 200 and 'rel="prev"' in html.text
    home = web.get(path, params={"limit": size}, headers=HTML)
    more = f"?predicate={quote(predicate, safe='')}&amp;direction={direction}&amp;page=2"
    assert f"{more}&amp;limit={size}" in home.text
    if which == "repeated":  # its value stated by the most graphs: once, with the count
        top = max(
            (st for st in first["statements"] if st["predicate"] not in HIDDEN),
            key=lambda st: st["count"],
        )
        shown = unescape(home.text)
        assert say("entity.stated", "zh", n=f"{top['count']:,}") in shown
        assert f"value={quote(top['term'], safe='')}" in home.text


# Every mention, each entity's in the plain query's order (IRIs before literals, by value).
MENTIONS = """
SELECT ?e ?o (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?o schema:mentions ?e } FILTER(isIRI(?e)) }
GROUP BY ?e ?o ORDER BY STR(?e) isLiteral(?o) STR(?o) LANG(?o) STR(DATATYPE(?o))
"""


def test_the_mention_index_holds_what_each_entity_s_own_query_reads(
    corpus: EmbeddedStore, minter: Minter
) -> None:
    """The mention index (read once per store version: the things that mention each
    entity) holds every mention of the plain query, in its order, each with how many graphs
    state it; a store whose index is not built (a write came, the server is warming) reads
    one entity's mentions alike, and describes every entity as the indexed store does - as
    it does with its values' labels from the name index (``base``, as the pages and the
    API ask)."""
    plain: dict[str, list[tuple[object, int]]] = {}
    for r in rows(corpus, MENTIONS):
        plain.setdefault(r["e"].value, []).append((r["o"], int(r["n"].value)))  # type: ignore[union-attr]
    index = mention_index(corpus)
    assert index == plain  # each entity's list in order
    index_for(corpus, minter.prefix)
    assert path_of(corpus) is not None
    unindexed = open_store(path_of(corpus), read_only=True)  # nothing kept for it
    try:
        _, org = busiest(corpus)
        most = sorted(index, key=lambda e: (-len(index[e]), e))[:8]
        assert org in most and len(index[org]) > 4
        for e in [*most, f"{ID}place/heilongjiang", f"{ID}industry/aerospace"]:
            entity = NamedNode(e)
            assert mentions(unindexed, entity) == index.get(e, [])
            for paging in (Paging(per_group=4), Paging(), Paging(None)):
                unread = description(unindexed, entity, paging).to_dict()
                assert unread == description(corpus, entity, paging).to_dict()
                assert unread == description(corpus, entity, paging, minter.prefix).to_dict()
            by_page = Paging.parse(str(SCHEMA.mentions.value), "in", 2, 4)
            if len(index.get(e, [])) > 4:
                assert (
                    description(unindexed, entity, by_page).to_dict()
                    == description(corpus, entity, by_page).to_dict()
                )
        assert kept(unindexed, "mention-index") is None  # its own query was read
    finally:
        unindexed.close()


def path_of(store: EmbeddedStore) -> Path:
    assert store.path is not None
    return store.path


def test_a_value_page_is_asked_for_by_an_n_triples_term(
    web: TestClient, corpus: EmbeddedStore
) -> None:
    """``value=`` takes one IRI or literal in N-Triples syntax, with its predicate: anything
    else is a 400 that says so, a value the entity does not have a 404."""
    _, org = busiest(corpus)
    mentions = {"iri": org, "predicate": str(SCHEMA.mentions.value), "direction": "in"}
    for bad in ("习主席", '"a" .\n<urn:s> <urn:p> "b"', "<a> <b> <c>", '"x"@'):
        answer = web.get("/api/entity", params={**mentions, "value": bad})
        assert answer.status_code == 400, bad
        assert "N-Triples" in answer.json()["error"]["message"]
    no_predicate = web.get("/api/entity", params={"iri": org, "value": f"<{org}>"})
    assert no_predicate.status_code == 400
    absent = web.get("/api/entity", params={**mentions, "value": f"<{ID}source/none>"})
    assert absent.status_code == 404
    html = web.get("/id/" + org.removeprefix(ID), params={**mentions, "value": "x"}, headers=HTML)
    assert html.status_code == 400


def test_a_value_no_sentence_backs_names_the_sources_that_state_it(
    web: TestClient, corpus: EmbeddedStore
) -> None:
    """An extracted entity's type is stated by every article that names it, with no
    sentence of its own: the value's sources page names each graph stating it (it said
    "no source sentence" and listed nothing) - an article by the sentence of its graph
    that mentions the entity, quoted and linked to its source (it said "stated without a
    sentence in" the article), a graph of no sentence (GB/T 2260's table) as
    stating it without one."""
    _, org = busiest(corpus)
    kind = min(r["t"].value for r in rows(corpus, f"SELECT ?t WHERE {{ <{org}> a ?t }}"))  # type: ignore[union-attr]
    stating = rows(corpus, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{org}> a <{kind}> }} }}")
    graphs = {r["g"].value for r in stating}  # type: ignore[union-attr]
    assert len(graphs) > 1
    params = {"predicate": RDF_TYPE, "direction": "out", "value": f"<{kind}>", "page": "1"}
    html = web.get("/id/" + org.removeprefix(ID), params=params, headers=HTML).text
    # each by its source document's page (the graph's own where it is of none)
    docs = {
        r["doc"].value  # type: ignore[union-attr]
        for r in rows(
            corpus,
            "SELECT ?doc WHERE { GRAPH ?g { ?doc a kg:SourceDocument } } VALUES ?g { "
            + " ".join(f"<{g}>" for g in graphs)
            + " }",
        )
    }
    said = re.findall(r'<p class="stated-by">(.*?)</p>', html, re.S)
    unsaid = {ID + h for p in said for h in re.findall(r'<a href="/id/([^"]+)">', p)}
    cited = {ID + h for h in re.findall(r'<a class="source-link" href="/id/([^"#?]+)#c', html)}
    assert unsaid and unsaid <= docs | graphs and not unsaid & cited
    assert cited and cited <= docs and all("/source/news-" in d for d in cited)
    assert not any("/source/news-" in u for u in unsaid)
    assert len(unsaid | cited) == min(len(graphs), PER_GROUP)


COUNTS = """
SELECT ?entity ?direction ?p (COUNT(*) AS ?n) WHERE {
  { GRAPH ?graph { ?entity ?p ?o } BIND("out" AS ?direction) }
  UNION
  { GRAPH ?graph { ?o ?p ?entity }
    FILTER(?p NOT IN (rdf:subject, rdf:object, kg:describes, kg:names))
    BIND("in" AS ?direction) }
}
GROUP BY ?entity ?direction ?p
"""


@pytest.mark.parametrize("key", ["industry/aerospace", "place/heilongjiang", None])
def test_each_statement_has_the_evidence_of_its_fact_in_its_graphs(
    corpus: EmbeddedStore, key: str | None
) -> None:
    """The evidence of a page's values, read in one query with their graphs, is what the
    plain evidence query gives for each fact, kept to the graphs the value shows (the
    industry page, a region the curated data and the news both state much about, and the
    entity the news mention most)."""
    entity = NamedNode(ID + key if key else busiest(corpus)[1])
    described = description(corpus, entity, Paging(per_group=None))
    stated = {}
    for st in described.statements:
        if st.value_kind == "blank":
            continue
        o = parse_term(st.term)
        p = NamedNode(st.predicate)
        stated[id(st)] = (entity, p, o) if st.direction == "out" else (o, p, entity)
    reference = evidence(corpus, stated.values())
    held = 0
    for st in described.statements:
        if id(st) in stated:
            expected = [e for e in reference[stated[id(st)]] if e.graph in st.graphs]
            assert [e.to_dict() for e in st.evidence] == [e.to_dict() for e in expected]
            held += len(expected)
    assert held > 0


# The facts of a source, as the source page read them before it paged them.
SOURCE_FACTS = """
SELECT ?doc ?start ?end ?assertion ?s ?p ?o ?status WHERE {
  GRAPH ?graph {
    ?sentence dct:isPartOf ?doc ; kg:startOffset ?start ; kg:endOffset ?end ; kg:text ?text .
    ?assertion kg:evidence ?sentence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
               kg:status ?status .
  }
}
ORDER BY ?start ?end ?assertion
"""


@pytest.mark.parametrize("which", ["seed", "busiest"])
def test_the_source_page_pages_through_every_fact(
    web: TestClient, corpus: EmbeddedStore, minter: Minter, which: str
) -> None:
    """Each page lists the facts of whole passages, about FACTS_PER_PAGE of them; paging
    through gives every fact of the plain query once, in its order; every page marks every
    passage, linking those listed on other pages to their page."""
    doc = (
        ID + "source/hljrb-2024-08-23-industrial-transfer"
        if which == "seed"
        else busiest(corpus)[0]
    )
    plain = list(
        dict.fromkeys(
            (
                int(r["start"].value),
                int(r["end"].value),
                r["assertion"].value,
                r["s"],
                r["p"],
                r["o"],
                r["status"].value.rsplit("#", 1)[1],
            )  # type: ignore[union-attr]
            for r in rows(corpus, SOURCE_FACTS, doc=NamedNode(doc))
        )
    )
    first = source_page(corpus, minter, NamedNode(doc))
    assert first.fact_count == len(plain) > 0
    seen: list[tuple[object, ...]] = []
    for n in range(1, first.pages + 1):
        page = source_page(corpus, minter, NamedNode(doc), n)
        listed = page.listed
        assert listed and all(p.facts and len(p.facts) == p.count for p in listed)
        count = sum(p.count for p in listed)
        assert count - listed[-1].count < FACTS_PER_PAGE  # whole passages, until the page is full
        assert n == page.pages or count >= FACTS_PER_PAGE
        seen += [
            (
                p.start,
                p.end,
                f.assertion,
                f.subject.iri or f.subject.label,
                f.predicate.iri,
                f.object.iri or f.object.label,
                f.status,
            )
            for p in listed
            for f in p.facts
        ]
        assert [p.id for p in page.passages] == [p.id for p in first.passages]
    expected = [
        (start, end, a, s.value, p.value, o.value, status)  # type: ignore[attr-defined]
        for start, end, a, s, p, o, status in plain
    ]
    assert seen == expected
    path = "/id/" + doc.removeprefix(ID)
    last = web.get(path, params={"page": first.pages}, headers=HTML)
    assert last.status_code == 200 and last.text.count("<mark") == sum(
        1 for p in first.pieces if p.ids
    )
    assert ('rel="prev"' in last.text) == (first.pages > 1) and 'rel="next"' not in last.text
    if first.pages > 1:
        elsewhere = next(p for p in first.passages if p.page != first.pages)
        assert f'href="?page={elsewhere.page}#facts-{elsewhere.id}"' in last.text
    assert web.get(path, params={"page": first.pages + 1}, headers=HTML).status_code == 404
    assert web.get(path, params={"page": "x"}, headers=HTML).status_code == 400


def test_match_and_chain_pages_on_the_corpus(web: TestClient) -> None:
    hlj, aerospace = ID + "place/heilongjiang", ID + "industry/aerospace"
    match = web.get("/match", params={"industry": aerospace, "region": hlj}, headers=HTML)
    assert match.status_code == 200
    api = web.get("/api/match", params={"industry": aerospace, "region": hlj}).json()
    assert api["candidates"] and api["candidates"][0]["label"] in text_of(match.text)
    chain = web.get("/chain", params={"chain": ID + "chain/aerospace", "region": hlj}, headers=HTML)
    assert chain.status_code == 200
    groups = web.get(
        "/api/chain-match", params={"chain": ID + "chain/aerospace", "region": hlj}
    ).json()
    assert any(groups["groups"].values())


REGION_OPTIONS = """
SELECT DISTINCT ?region WHERE { VALUES ?class { kg:Province kg:MacroRegion } ?region a ?class }
"""
PLACES = """
SELECT DISTINCT ?place WHERE { ?place a kg:City ; kg:partOf ?province . ?province a kg:Province }
"""


def option_iris(html: str, select_id: str) -> list[str]:
    start = html.index(f'<select id="{select_id}"')
    return re.findall(r'<option value="([^"]+)"', html[start : html.index("</select>", start)])


def test_the_industry_field_lists_the_scheme_and_the_industry_asked_for(
    web: TestClient, corpus: EmbeddedStore, minter: Minter
) -> None:
    """The match form's industry select: the industries and chains that are not sectors news
    extraction named (hundreds on a corpus, noise among them), and an extracted sector when
    it is the one asked for (its page's match button), selected."""
    every = {
        str(r["i"].value)  # type: ignore[attr-defined]
        for r in rows(
            corpus,
            "SELECT ?i WHERE { VALUES ?c { kg:Industry kg:IndustryGroup kg:IndustryChain } ?i a ?c }",
        )
    }
    graphs: dict[str, set[str]] = {}
    for r in rows(corpus, "SELECT ?i ?g WHERE { GRAPH ?g { ?i a kg:Industry } }"):
        graphs.setdefault(str(r["i"].value), set()).add(str(r["g"].value))  # type: ignore[attr-defined]
    news = ID + "graph/news-"  # typed by articles alone (the identity graph restates labels)
    extracted = sorted(i for i, gs in graphs.items() if all(g.startswith(news) for g in gs))
    assert extracted and len(every) > len(extracted)
    plain = option_iris(web.get("/match", headers=HTML).text, "industry")
    assert set(plain) == every - set(extracted)
    asked = web.get("/match", params={"industry": extracted[0]}, headers=HTML).text
    assert set(option_iris(asked, "industry")) == set(plain) | {extracted[0]}
    assert re.search(rf'<option value="{re.escape(extracted[0])}" selected>', asked)


def test_the_region_field_lists_provinces_and_the_region_asked_for(
    web: TestClient, corpus: EmbeddedStore
) -> None:
    """The forms' region select: every province and macro region of the store (what the
    plain query finds), not its cities and districts; a city asked for - chosen, or typed
    into the field beside (``place``, which wins) - is among the options, selected."""
    top = {str(r["region"].value) for r in rows(corpus, REGION_OPTIONS)}  # type: ignore[attr-defined]
    cities = sorted(str(r["place"].value) for r in rows(corpus, PLACES))  # type: ignore[attr-defined]
    assert len(top) > 10 and cities
    hlj, aerospace = ID + "place/heilongjiang", ID + "industry/aerospace"
    for path, params in [
        ("/match", {"industry": aerospace}),
        ("/search", {"q": "航天"}),
        ("/chain", {"chain": ID + "chain/aerospace"}),
    ]:
        plain = web.get(path, params=params, headers=HTML)
        assert plain.status_code == 200
        assert set(option_iris(plain.text, "region")) == top, path
        city = cities[0]
        asked = web.get(path, params={**params, "region": hlj, "place": city}, headers=HTML)
        assert asked.status_code == 200
        assert set(option_iris(asked.text, "region")) == top | {city}, path
        assert re.search(rf'<option value="{re.escape(city)}" selected>', asked.text), path
    home_page = web.get("/", headers=HTML).text
    assert set(option_iris(home_page, "home-region")) >= top
    # a city typed by name is the region the match is for
    named = labels(corpus, [NamedNode(ID + "place/harbin")])[ID + "place/harbin"].label
    by_name = web.get(
        "/api/match", params={"industry": aerospace, "region": ID + "place/harbin"}
    ).json()
    page = web.get(
        "/match", params={"industry": aerospace, "region": hlj, "place": named}, headers=HTML
    )
    assert page.status_code == 200
    assert f"· {named}" in text_of(page.text)
    shown = text_of(page.text)
    assert all(c["label"] in shown for c in by_name["candidates"])


# --- after a write, every per-version value follows ----------------------------------


def test_after_a_decision_the_pages_follow_the_store(
    settings: Settings, news_store: Path, tmp_path: Path, minter: Minter
) -> None:
    store = open_store(Path(shutil.copytree(news_store, tmp_path / "store")))
    s = settings.model_copy(update={"warm_chains": False, "write_token": SecretStr(TOKEN)})
    try:
        with TestClient(create_app(s, store)) as client:
            before = client.get("/api/review", params={"limit": 1}).json()["items"][0]
            types = dict(fact_types(store, minter))
            counts = stats(store)["facts"]
            auth = {"Authorization": f"Bearer {TOKEN}"}
            body = {"assertions": [before["assertion"]], "reviewer": "测试"}
            assert client.post("/api/review/accept", json=body, headers=auth).status_code == 200
            after = client.get("/api/review", params={"limit": 1}).json()["items"][0]
            assert after["assertion"] != before["assertion"]
            assert dict(fact_types(store, minter))[before["type"]] == types[before["type"]] - 1
            assert stats(store)["facts"]["Curated"] == counts["Curated"] + 1  # type: ignore[index]
            curated = client.get("/api/review", params={"status": "curated"}).json()["items"]
            assert [i["assertion"] for i in curated] == [before["assertion"]]
            assert curated[0]["reviewer"] == "测试"
            home = text_of(client.get("/", headers=HTML).text)
            assert f"{counts['Curated'] + 1:,}" in home  # type: ignore[index]
    finally:
        store.close()


def test_a_decision_and_a_merge_carry_the_indexes_over_as_a_fresh_read_gives_them(
    settings: Settings,
    news_store: Path,
    tmp_path: Path,
    minter: Minter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Accepting, rejecting and merging change the review index in known ways (and the
    name index not at all - its names, and the facts pointing to each entity, which order
    hits alike): it moves to the new store version without being read again, and is what
    reading it again gives."""
    store = open_store(Path(shutil.copytree(news_store, tmp_path / "store")))
    try:
        read_index = review._read_index
        zeroth, first, second = list_facts(store, minter, ReviewFilter(limit=3))
        decide(store, minter, [zeroth.assertion], "accept", "测试")  # labels the review graph
        review_index(store)
        names = index_for(store, minter.prefix)
        monkeypatch.setattr(review, "_read_index", lambda s: pytest.fail("read again"))
        decide(store, minter, [first.assertion], "accept", "测试")
        decide(store, minter, [second.assertion], "reject", "测试")
        assert review_index(store) == read_index(store)
        assert index_for(store, minter.prefix) is names
        assert entities_of(names) == entities_of(NameIndex(store, minter.prefix))
        accepted = list_facts(store, minter, ReviewFilter(status="curated"))
        assert [i.assertion for i in accepted] == [zeroth.assertion, first.assertion]
        assert fact_types(store, minter, "rejected") == [(second.fact_type, 1)]

        rules = NameRules.load(settings.data_dir)
        pair = candidates(store, minter, rules, None, 50, 0)
        keep, drop = next((c.a.iri, c.b.iri) for c in pair if is_minted(minter, c.b.iri))
        merge(store, minter, rules, keep, drop, "测试")
        assert review_index(store) == read_index(store)
    finally:
        store.close()


def entities_of(index: NameIndex) -> dict[str, tuple[object, ...]]:
    return {
        iri: (e.zh, e.en, sorted(e.types), sorted(e.names), index.facts.get(iri, 0))
        for iri, e in index.entities.items()
    }
