from __future__ import annotations

import pytest

from kg.errors import NotAcceptable, UnsupportedFormat
from kg.formats import (
    CSV,
    GRAPH_FORMATS,
    JSON,
    JSONLD,
    RESULT_FORMATS,
    TSV,
    TURTLE,
    XML,
    by_name,
    by_suffix,
    negotiate,
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
