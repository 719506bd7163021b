"""The pages of kg's records, not things: a named graph (``/id/graph/{name}``, what one
article, one curated file or the review gave the store) and an assertion
(``/id/assertion/{hash}``, one fact with where it comes from and how it was reviewed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from pyoxigraph import Literal, NamedNode

from kg.entities import Evidence, labels, titled
from kg.errors import NotFound
from kg.iris import Minter
from kg.namespaces import DCT, KG, KG_NS, PROV, RDF, RDFS, SCHEMA
from kg.store import Store, solutions
from kg.web.links import local_href, web_link
from kg.web.source import Term, as_quantity, term


@dataclass
class SourceRef:
    """The document a graph or an assertion was derived from."""

    iri: str
    href: str | None
    title_zh: str | None
    title_en: str | None
    url: str | None  # where it was published (schema:url), a web link or None
    date: str | None


@dataclass
class GraphPage:
    iri: str
    name: str  # the part after /id/graph/
    href: str
    label: str  # its title: the source's title in zh, else the graph's zh label, else its name
    label_en: str | None
    graph_label: str | None  # the graph's own label (rdfs:label), in the page's language
    graph_label_en: str | None
    source: SourceRef | None
    triples: int
    assertions: int
    extractor: str | None
    review_href: str | None  # the review queue of this article's facts
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (name, suffix)


@dataclass
class AssertionPage:
    iri: str
    status: str  # Extracted, Curated, Editorial, Rejected, ...
    subject: Term
    predicate: Term  # its label from the vocabulary, where it has one
    object: Term
    graph: Term
    confidence: str | None
    extractor: str | None
    rationale: str | None  # the editors' why, in Chinese (or untagged)
    rationale_en: str | None
    reviewer: str | None
    reviewed_at: str | None
    note: str | None
    evidence: list[Evidence]
    source: SourceRef | None


DOWNLOADS = [("Turtle", "ttl"), ("TriG", "trig"), ("N-Triples", "nt"), ("JSON-LD", "jsonld")]


def graph_page(store: Store, minter: Minter, graph: NamedNode) -> GraphPage:
    """What a named graph is: the article (title, source, date) or file it holds facts
    from, its own label, how many triples and assertions, the extractor that wrote it."""
    if graph not in store.named_graphs():
        raise NotFound(key="error.graph.none", values={"graph": graph})
    own: dict[str, list[object]] = {}
    for r in solutions(
        store.query("SELECT ?g ?p ?o WHERE { GRAPH ?g { ?g ?p ?o } }", bindings={"g": graph})
    ):
        own.setdefault(r["p"].value, []).append(r["o"])
    triples = _count(
        store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", graph
    )
    assertions = _count(
        store,
        "SELECT ?g ?assertion (COUNT(DISTINCT ?a) AS ?n) "
        "WHERE { GRAPH ?g { ?a a ?assertion } } GROUP BY ?g ?assertion",
        graph,
    )
    zh, en = _by_language(own.get(RDFS.label.value, []))
    derived = [o for o in own.get(PROV.wasDerivedFrom.value, []) if isinstance(o, NamedNode)]
    source = _source(store, minter, derived[0]) if derived else None
    name = minter.key(graph.value) or graph.value
    name = name.removeprefix("graph/")
    extractor = next(
        (o.value for o in own.get(KG.extractor.value, []) if isinstance(o, Literal)), None
    )
    review = None
    if minter.is_extracted_graph(graph):
        review = "/review?" + urlencode({"article": name.removeprefix("news-")})
    title_zh = source.title_zh if source and (source.title_zh or source.title_en) else zh
    title_en = source.title_en if source and (source.title_zh or source.title_en) else en
    return GraphPage(
        iri=graph.value,
        name=name,
        href=local_href(minter, graph.value) or graph.value,
        label=title_zh or title_en or name,
        label_en=title_en,
        graph_label=zh,
        graph_label_en=en,
        source=source,
        triples=triples,
        assertions=assertions,
        extractor=extractor,
        review_href=review,
        downloads=DOWNLOADS,
    )


def assertion_page(store: Store, minter: Minter, iri: NamedNode) -> AssertionPage | None:
    """An assertion: the statement it records, its sentences, its graph, its review state
    (status, reviewer, time, note) or its rationale; ``None`` when ``iri`` is none."""
    rows = list(
        solutions(
            store.query("SELECT ?a ?g ?p ?o WHERE { GRAPH ?g { ?a ?p ?o } }", bindings={"a": iri})
        )
    )
    if not any(r["p"] == RDF.type and r["o"] == KG.Assertion for r in rows):
        return None
    graph = rows[0]["g"]
    if not isinstance(graph, NamedNode):  # (a named graph always: GRAPH ?g)
        return None
    own: dict[str, list[object]] = {}
    for r in rows:
        if r["g"] == graph:
            own.setdefault(r["p"].value, []).append(r["o"])

    def one(p: NamedNode) -> object | None:
        return next(iter(own.get(p.value, [])), None)

    s, p, o = one(RDF.subject), one(RDF.predicate), one(RDF.object)
    if not isinstance(p, NamedNode):
        return None
    named = labels(
        store,
        [t for t in (s, p, o, graph) if isinstance(t, NamedNode)],
        minter.prefix,
    )
    subject = term(minter, named, s)
    obj = as_quantity(term(minter, named, o), p.value, {})  # (its unit: the ontology's)
    status = one(KG.status)
    sentences = [e for e in own.get(KG.evidence.value, []) if isinstance(e, NamedNode)]
    evidence = _evidence(store, iri, graph, sentences, _local(status))
    titled(store, evidence)
    derived = one(PROV.wasDerivedFrom)
    docs = [NamedNode(e.source) for e in evidence if e.source]
    doc = derived if isinstance(derived, NamedNode) else (docs[0] if docs else None)

    def text(p: NamedNode) -> str | None:
        value = one(p)
        return value.value if isinstance(value, Literal) else None

    rationales = [r for r in own.get(KG.rationale.value, []) if isinstance(r, Literal)]
    return AssertionPage(
        iri=iri.value,
        status=_local(status),
        subject=subject,
        predicate=term(minter, named, p),
        object=obj,
        graph=term(minter, named, graph),
        confidence=text(KG.confidence),
        extractor=text(KG.extractor),
        rationale=next((r.value for r in rationales if r.language != "en"), None),
        rationale_en=next((r.value for r in rationales if r.language == "en"), None),
        reviewer=text(KG.reviewedBy),
        reviewed_at=text(KG.reviewedAt),
        note=text(RDFS.comment),
        evidence=evidence,
        source=_source(store, minter, doc) if doc is not None else None,
    )


def _evidence(
    store: Store, assertion: NamedNode, graph: NamedNode, sentences: list[NamedNode], status: str
) -> list[Evidence]:
    out = []
    for sentence in sentences:
        found: dict[str, object] = {}
        for r in solutions(
            store.query(
                "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                bindings={"g": graph, "s": sentence},
            )
        ):
            found.setdefault(r["p"].value, r["o"])
        text, doc = found.get(KG.text.value), found.get(DCT.isPartOf.value)
        start, end = found.get(KG.startOffset.value), found.get(KG.endOffset.value)
        if not isinstance(text, Literal) or not isinstance(doc, NamedNode):
            continue
        out.append(
            Evidence(
                source=doc.value,
                sentence=text.value,
                status=status,
                assertion=assertion.value,
                graph=graph.value,
                start=int(start.value) if isinstance(start, Literal) else None,
                end=int(end.value) if isinstance(end, Literal) else None,
            )
        )
    out.sort(key=lambda e: (e.source or "", e.start or 0))
    return out


def _count(store: Store, sparql: str, graph: NamedNode) -> int:
    bindings = {"g": graph} | ({"assertion": KG.Assertion} if "?assertion" in sparql else {})
    for r in solutions(store.query(sparql, bindings=bindings)):
        return int(r["n"].value)
    return 0


def _source(store: Store, minter: Minter, doc: NamedNode) -> SourceRef:
    found: dict[str, list[object]] = {}
    for r in solutions(store.query("SELECT ?d ?p ?o WHERE { ?d ?p ?o }", bindings={"d": doc})):
        found.setdefault(r["p"].value, []).append(r["o"])
    zh, en = _by_language(found.get(DCT.title.value, []))
    url = next((web_link(getattr(o, "value", None)) for o in found.get(SCHEMA.url.value, [])), None)
    date = next((getattr(o, "value", None) for o in found.get(DCT.date.value, [])), None)
    return SourceRef(doc.value, local_href(minter, doc.value), zh, en, url, date)


def _by_language(values: list[object]) -> tuple[str | None, str | None]:
    zh = next((v.value for v in values if isinstance(v, Literal) and v.language == "zh"), None)
    en = next((v.value for v in values if isinstance(v, Literal) and v.language == "en"), None)
    return zh, en


def _local(term: object) -> str:
    value = getattr(term, "value", "")
    for base in (KG_NS, SCHEMA.base):
        if value.startswith(base):
            return value[len(base) :]
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


__all__ = ["AssertionPage", "GraphPage", "assertion_page", "graph_page"]
