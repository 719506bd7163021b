"""The one format registry: names, media types, file suffixes and content negotiation.

The CLI (``--format``), exports, ``/sparql`` and linked-data pages all pick formats here.

>>> by_name("turtle").media_type
'text/turtle'
>>> negotiate("application/json;q=0.5, text/csv", RESULT_FORMATS).name
'csv'
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from kg.errors import NotAcceptable, UnsupportedFormat


@dataclass(frozen=True, eq=False)  # each format is one object: identity is equality
class Format:
    name: str
    media_type: str
    suffix: str
    kind: str  # "results" (SELECT/ASK), "rdf" (triples), "dataset" (quads)
    engine: RdfFormat | QueryResultsFormat | None
    aliases: tuple[str, ...] = ()  # further media types that select this format

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.name in {"json", "jsonld"}
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


JSON = Format(
    "json",
    "application/sparql-results+json",
    "srj",
    "results",
    QueryResultsFormat.JSON,
    ("application/json",),
)
XML = Format(
    "xml",
    "application/sparql-results+xml",
    "srx",
    "results",
    QueryResultsFormat.XML,
    ("application/xml", "text/xml"),
)
CSV = Format("csv", "text/csv", "csv", "results", QueryResultsFormat.CSV)
TSV = Format("tsv", "text/tab-separated-values", "tsv", "results", QueryResultsFormat.TSV)
TURTLE = Format("turtle", "text/turtle", "ttl", "rdf", RdfFormat.TURTLE, ("application/x-turtle",))
NTRIPLES = Format(
    "ntriples", "application/n-triples", "nt", "rdf", RdfFormat.N_TRIPLES, ("text/plain",)
)
RDFXML = Format("rdfxml", "application/rdf+xml", "rdf", "rdf", RdfFormat.RDF_XML)
JSONLD = Format("jsonld", "application/ld+json", "jsonld", "dataset", RdfFormat.JSON_LD)
TRIG = Format("trig", "application/trig", "trig", "dataset", RdfFormat.TRIG)
NQUADS = Format("nquads", "application/n-quads", "nq", "dataset", RdfFormat.N_QUADS)

# A plain JSON document (an entity description, a match result): not a SPARQL format.
DOCUMENT_JSON = Format("json", "application/json", "json", "document", None)
# A page for people: what a browser gets when it follows an IRI kg mints.
HTML = Format("html", "text/html", "html", "document", None, ("application/xhtml+xml",))

# Exports for graph and table tools (kg.export): GraphML for Gephi, Cytoscape, yEd, NetworkX
# and igraph; a zip of nodes / edges / evidence tables as CSV (the column layout of graph
# database bulk imports) or Parquet; an Excel workbook.
GRAPHML = Format("graphml", "application/graphml+xml", "graphml", "graph", None)
CSV_TABLES = Format("csv", "application/zip", "zip", "tables", None)
PARQUET_TABLES = Format("parquet", "application/zip", "zip", "tables", None)
XLSX = Format(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "tables", None
)

RESULT_FORMATS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML, TRIG, NQUADS)
TABLE_FORMATS: tuple[Format, ...] = (GRAPHML, CSV_TABLES, PARQUET_TABLES, XLSX)
EXPORT_FORMATS: tuple[Format, ...] = GRAPH_FORMATS + TABLE_FORMATS
ALL_FORMATS: tuple[Format, ...] = RESULT_FORMATS + GRAPH_FORMATS

_NAME_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "rdf/xml": "rdfxml",
    "rdf": "rdfxml",
    "nq": "nquads",
    "n-quads": "nquads",
    "excel": "xlsx",
    "neo4j": "csv",
}


def by_name(name: str, among: Sequence[Format] = ALL_FORMATS) -> Format:
    """The format called ``name`` (or a media type or suffix of it) among ``among``."""
    key = name.strip().lower()
    key = _NAME_ALIASES.get(key, key)
    for fmt in among:
        if key in (fmt.name, fmt.suffix) or key in fmt.media_types:
            return fmt
    names = ", ".join(f.name for f in among)
    raise UnsupportedFormat(f"unknown format {name!r}; expected one of: {names}")


def by_suffix(path: str, among: Sequence[Format] = ALL_FORMATS) -> Format | None:
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    for fmt in among:
        if suffix == fmt.suffix or _NAME_ALIASES.get(suffix) == fmt.name:
            return fmt
    return None


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    """``Accept`` -> [(media range, q, position)]; q=0 ranges are kept (they refuse)."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(float(value), 1.0))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def _specificity(media_range: str, media_type: str) -> int:
    """3 for an exact match, 2 for ``type/*``, 1 for ``*/*``, 0 for no match."""
    if media_range == media_type:
        return 3
    major, _, minor = media_range.partition("/")
    if minor == "*" and media_type.startswith(major + "/"):
        return 2
    if media_range == "*/*":
        return 1
    return 0


@functools.lru_cache(maxsize=1024)
def _negotiate(accept: str, offered: tuple[Format, ...], default: Format | None) -> Format | None:
    """The best offered format for one Accept header; ``None`` when nothing fits. Memoized:
    a service sees the same few headers over and over."""
    return _best(accept, offered, default)


def negotiate(
    accept: str | None, offered: Sequence[Format], default: Format | None = None
) -> Format:
    """Pick the best of ``offered`` for an ``Accept`` header (RFC 9110 q-values, wildcards).

    Without a header (or with ``*/*`` only) the ``default`` - else the first offered - wins.
    Raises :class:`NotAcceptable` when nothing offered is acceptable.
    """
    fallback = default or offered[0]
    if not accept or not accept.strip():
        return fallback
    chosen = _negotiate(accept, tuple(offered), fallback)
    if chosen is None:
        offered_types = ", ".join(f.media_type for f in offered)
        raise NotAcceptable(
            f"none of the acceptable media types is available; offered: {offered_types}"
        )
    return chosen


def acceptable(
    accept: str | None, offered: Sequence[Format], default: Format | None = None
) -> Format | None:
    """Like :func:`negotiate`, but ``None`` instead of raising when nothing fits."""
    fallback = default or offered[0]
    if not accept or not accept.strip():
        return fallback
    return _negotiate(accept, tuple(offered), fallback)


def _best(accept: str, offered: tuple[Format, ...], fallback: Format | None) -> Format | None:
    ranges = _parse_accept(accept)
    best: tuple[float, int, int, int, int] | None = None
    chosen: Format | None = None
    for order, fmt in enumerate(offered):
        for alias_rank, media_type in enumerate(fmt.media_types):
            # The most specific range that matches decides this media type's q (RFC 9110).
            matches = [(_specificity(r, media_type), -pos, q) for r, q, pos in ranges]
            spec, neg_pos, q = max(matches, default=(0, 0, 0.0))
            if not spec or q <= 0 or (alias_rank and spec < 3):
                continue  # no match, refused, or an alias reached only through a wildcard
            # Higher q first; then the more specific range; then the default format; then a
            # format's own media type over its aliases; then the client's order; then ours.
            is_default = 1 if fmt is fallback and spec < 3 else 0
            score = (q, spec + is_default, -min(alias_rank, 1), neg_pos, -order)
            if best is None or score > best:
                best, chosen = score, fmt
    return chosen
