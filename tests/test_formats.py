from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from kg.errors import NotAcceptable, UnsupportedFormat
from kg.formats import (
    ALL_FORMATS,
    CSV,
    GRAPH_FORMATS,
    JSON,
    JSONLD,
    NQUADS,
    NTRIPLES,
    RDFXML,
    RESULT_FORMATS,
    TRIG,
    TSV,
    TURTLE,
    XML,
    Format,
    by_media_type,
    by_name,
    by_suffix,
    negotiate,
    serialize,
)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/sparql-results+xml", XML),
        ("text/csv;q=0.5, text/tab-separated-values", TSV),
        ("application/json;q=0.1, text/csv;q=0.9", CSV),
        ("text/*", CSV),
        ("application/sparql-results+json;q=0, */*;q=0.1", XML),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", XML),
        ("APPLICATION/SPARQL-RESULTS+JSON", JSON),
    ],
)
def test_result_negotiation(accept: str | None, expected: object) -> None:
    assert negotiate(accept, RESULT_FORMATS) is expected


def test_graph_negotiation_prefers_the_default_on_wildcards() -> None:
    assert negotiate("*/*", GRAPH_FORMATS, TURTLE) is TURTLE
    assert negotiate("application/ld+json, text/turtle;q=0.9", GRAPH_FORMATS, TURTLE) is JSONLD


def test_not_acceptable() -> None:
    with pytest.raises(NotAcceptable):
        negotiate("image/png", RESULT_FORMATS)
    with pytest.raises(NotAcceptable):
        negotiate("text/csv;q=0", RESULT_FORMATS)


def test_names_and_suffixes() -> None:
    assert by_name("ttl") is TURTLE
    assert by_name("text/turtle") is TURTLE
    assert by_name("JSON-LD") is JSONLD
    assert by_suffix("x/y.jsonld") is JSONLD
    assert by_suffix("noext") is None
    with pytest.raises(UnsupportedFormat):
        by_name("yaml")


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=lambda f: f.name)
def test_sparql_and_rdf_formats_are_pyoxigraphs_own(fmt: Format) -> None:
    """Media type, suffix and kind come from pyoxigraph's registry, and every further media
    type kg offers for a format is one pyoxigraph reads as that format."""
    engine = fmt.engine
    assert isinstance(engine, ox.RdfFormat | ox.QueryResultsFormat)
    assert engine.media_type.startswith(fmt.media_type) and fmt.suffix == engine.file_extension
    assert type(engine).from_media_type(fmt.media_type) == engine
    assert type(engine).from_extension(fmt.suffix) == engine
    for alias in fmt.aliases:
        assert type(engine).from_media_type(alias) == engine, alias
    if isinstance(engine, ox.RdfFormat):
        assert fmt.kind == ("dataset" if engine.supports_datasets else "rdf")
        assert by_name(engine.name) is fmt  # pyoxigraph's name selects it too
    assert by_name(fmt.name) is fmt and by_suffix(f"x.{fmt.suffix}") is fmt


def test_kg_names_of_the_formats() -> None:
    """The names the CLI's --format, ?format= and the docs use."""
    assert [f.name for f in RESULT_FORMATS] == ["json", "xml", "csv", "tsv"]
    assert [f.name for f in GRAPH_FORMATS] == [
        "turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"
    ]


def test_lookups_fall_back_on_pyoxigraph() -> None:
    assert by_media_type("text/turtle; charset=utf-8", GRAPH_FORMATS) is TURTLE
    assert by_media_type("application/json", GRAPH_FORMATS) is JSONLD  # pyoxigraph's reading
    assert by_media_type("application/json", RESULT_FORMATS) is JSON
    assert by_media_type("image/png") is None
    assert by_suffix("ontology.xml", GRAPH_FORMATS) is RDFXML
    assert by_suffix("x.n3", GRAPH_FORMATS) is None  # pyoxigraph's, but not one kg offers


S, P = ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p")
G1, G2 = ox.NamedNode("urn:x:g1"), ox.NamedNode("urn:x:g2")
TRIPLE = ox.Triple(S, P, ox.Literal("o"))


def test_serialize_writes_triples_in_the_default_graph_of_a_dataset() -> None:
    for fmt in (TRIG, NQUADS, JSONLD):
        back = list(ox.parse(serialize([TRIPLE], fmt), format=fmt.engine))  # type: ignore[arg-type]  # a dataset format: an RdfFormat
        assert back == [ox.Quad(S, P, TRIPLE.object, ox.DefaultGraph())], fmt.name


def test_serialize_writes_quads_of_a_triple_format_without_graphs_once() -> None:
    quads = [ox.Quad(S, P, TRIPLE.object, G1), ox.Quad(S, P, TRIPLE.object, G2)]
    assert serialize(quads, NTRIPLES) == b'<urn:x:s> <urn:x:p> "o" .\n'
    assert serialize(quads, NQUADS).count(b"\n") == 2  # a dataset keeps both graphs


def test_serialize_declares_prefixes_where_the_syntax_has_them() -> None:
    prefixes = {"x": "urn:x:"}
    assert b"@prefix x:" in serialize([TRIPLE], TURTLE, prefixes=prefixes)
    assert serialize([TRIPLE], NTRIPLES, prefixes=prefixes).startswith(b"<urn:x:s>")


def test_serialize_writes_results_and_refuses_the_wrong_kind() -> None:
    store = ox.Store()
    store.add(ox.Quad(S, P, TRIPLE.object))
    solutions = store.query("SELECT ?o WHERE { ?s ?p ?o }")
    assert serialize(solutions, CSV) == b"o\r\no\r\n"
    assert serialize(store.query("ASK { ?s ?p ?o }"), JSON) == b'{"head":{},"boolean":true}'
    out = io.BytesIO()
    assert serialize(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), NTRIPLES, out) is None
    assert out.getvalue() == b'<urn:x:s> <urn:x:p> "o" .\n'
    with pytest.raises(UnsupportedFormat):
        serialize([TRIPLE], CSV)
    with pytest.raises(UnsupportedFormat):
        serialize(store.query("SELECT * WHERE { ?s ?p ?o }"), TURTLE)
