"""The one format registry: names, media types, file suffixes, content negotiation and
serialization.

The SPARQL results and RDF formats are pyoxigraph's own (:class:`~pyoxigraph.RdfFormat`,
:class:`~pyoxigraph.QueryResultsFormat`): their media types, suffixes, names and whether
they hold datasets come from pyoxigraph's registry, and lookups by media type or suffix
fall back on pyoxigraph's (which knows more aliases and media type parameters). kg adds
what pyoxigraph has no word for: the short names (``turtle``, ``json``), further media
types to offer in negotiation, and the document and export formats. The CLI
(``--format``), exports, ``/sparql``, the graph store and linked-data pages all pick
formats here, and every one of them writes RDF or results with :func:`serialize`.

>>> by_name("turtle").media_type
'text/turtle'
>>> by_name("n-triples").suffix
'nt'
>>> negotiate("application/json;q=0.5, text/csv", RESULT_FORMATS).name
'csv'
>>> import pyoxigraph as ox
>>> t = ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"))
>>> serialize([t], NQUADS)
b'<urn:x:s> <urn:x:p> "o" .\\n'
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, overload

from pyoxigraph import (
    DefaultGraph,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
)
from pyoxigraph import serialize as _write_rdf

from kg.errors import NotAcceptable, UnsupportedFormat

Engine = RdfFormat | QueryResultsFormat


@dataclass(frozen=True, eq=False)  # each format is one object: identity is equality
class Format:
    name: str
    media_type: str
    suffix: str
    kind: str  # "results" (SELECT/ASK), "rdf" (triples), "dataset" (quads), "document", ...
    engine: Engine | None
    aliases: tuple[str, ...] = ()  # further media types that select this format

    @classmethod
    def of(cls, engine: RdfFormat | QueryResultsFormat, aliases: tuple[str, ...] = ()) -> Format:
        """A format of pyoxigraph's, as its registry describes it: the name is pyoxigraph's
        (``N-Triples`` -> ``ntriples``, ``SPARQL Results in JSON`` -> ``json``), the media
        type its own without parameters, the suffix its file extension.

        >>> Format.of(RdfFormat.TRIG).name, Format.of(RdfFormat.TRIG).kind
        ('trig', 'dataset')
        >>> Format.of(QueryResultsFormat.CSV).media_type
        'text/csv'
        """
        if isinstance(engine, QueryResultsFormat):
            kind = "results"
            name = engine.name.rsplit(" ", 1)[-1]
        else:
            kind = "dataset" if engine.supports_datasets else "rdf"
            name = engine.name
        return cls(
            re.sub(r"[^a-z]", "", name.lower()),
            engine.media_type.partition(";")[0].strip(),
            engine.file_extension,
            kind,
            engine,
            aliases,
        )

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def names(self) -> tuple[str, ...]:
        """What selects this format by name: its name, its suffix, pyoxigraph's name."""
        engine_name = (self.engine.name.lower(),) if isinstance(self.engine, RdfFormat) else ()
        return (self.name, self.suffix, *engine_name)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.name in {"json", "jsonld"}
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


# pyoxigraph's formats, with the further media types clients send for them (pyoxigraph
# reads each as the same format: test_formats checks it).
JSON = Format.of(QueryResultsFormat.JSON, ("application/json",))
XML = Format.of(QueryResultsFormat.XML, ("application/xml", "text/xml"))
CSV = Format.of(QueryResultsFormat.CSV)
TSV = Format.of(QueryResultsFormat.TSV)
TURTLE = Format.of(RdfFormat.TURTLE, ("application/x-turtle",))
NTRIPLES = Format.of(RdfFormat.N_TRIPLES, ("text/plain",))
RDFXML = Format.of(RdfFormat.RDF_XML)
JSONLD = Format.of(RdfFormat.JSON_LD)
TRIG = Format.of(RdfFormat.TRIG)
NQUADS = Format.of(RdfFormat.N_QUADS)

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
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    "tables",
    None,
)

RESULT_FORMATS: tuple[Format, ...] = (JSON, XML, CSV, TSV)
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML, TRIG, NQUADS)
TABLE_FORMATS: tuple[Format, ...] = (GRAPHML, CSV_TABLES, PARQUET_TABLES, XLSX)
EXPORT_FORMATS: tuple[Format, ...] = GRAPH_FORMATS + TABLE_FORMATS
ALL_FORMATS: tuple[Format, ...] = RESULT_FORMATS + GRAPH_FORMATS

# Names of export formats that are not pyoxigraph's.
_NAME_ALIASES = {"excel": "xlsx", "neo4j": "csv"}
# The formats whose syntax has prefix declarations.
_WITH_PREFIXES = (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML)


def by_name(name: str, among: Sequence[Format] = ALL_FORMATS) -> Format:
    """The format called ``name`` (or a media type or suffix of it) among ``among``."""
    key = name.strip().lower()
    key = _NAME_ALIASES.get(key, key)
    for fmt in among:
        if key in fmt.names or key in fmt.media_types:
            return fmt
    names = ", ".join(f.name for f in among)
    raise UnsupportedFormat(
        key="error.format.unknown", values={"given": repr(name), "allowed": names}
    )


def by_suffix(path: str, among: Sequence[Format] = ALL_FORMATS) -> Format | None:
    """The format of a file name among ``among``: its own suffix first, then the suffixes
    pyoxigraph knows for it (``.xml`` for RDF/XML)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if not suffix:
        return None
    for fmt in among:
        if suffix == fmt.suffix or _NAME_ALIASES.get(suffix) == fmt.name:
            return fmt
    return _engine_lookup(among, lambda engine: type(engine).from_extension(suffix))


def by_media_type(media_type: str, among: Sequence[Format] = ALL_FORMATS) -> Format | None:
    """The format of a ``Content-Type`` among ``among``: its media types first, then the
    ones pyoxigraph reads as it (parameters allowed: ``text/turtle; charset=utf-8``)."""
    media = media_type.partition(";")[0].strip().lower()
    for fmt in among:
        if media in fmt.media_types:
            return fmt
    return _engine_lookup(among, lambda engine: type(engine).from_media_type(media_type))


def _engine_lookup(
    among: Sequence[Format], lookup: Callable[[Engine], Engine | None]
) -> Format | None:
    """The first of ``among`` whose engine ``lookup`` (pyoxigraph's) finds again."""
    for fmt in among:
        if fmt.engine is None:
            continue
        try:
            found = lookup(fmt.engine)
        except ValueError:
            found = None
        if found is not None and found == fmt.engine:
            return fmt
    return None


Serializable = Iterable[Triple] | Iterable[Quad] | QueryTriples | QuerySolutions | QueryBoolean


@overload
def serialize(
    data: Serializable, fmt: Format, out: None = None, *, prefixes: Mapping[str, str] | None = None
) -> bytes: ...
@overload
def serialize(
    data: Serializable, fmt: Format, out: IO[bytes], *, prefixes: Mapping[str, str] | None = None
) -> None: ...
def serialize(
    data: Serializable,
    fmt: Format,
    out: IO[bytes] | None = None,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> bytes | None:
    """``data`` written in ``fmt`` by pyoxigraph: the bytes, or into ``out``.

    SPARQL results (solutions, a boolean) go in a results format. Triples and quads (a
    CONSTRUCT's triples, any iterable) go in an RDF format: a dataset format writes triples
    in the default graph, a triple format writes quads without their graph names (a triple
    stated in several graphs whose quads come one after another, once). ``prefixes`` are
    declared where the syntax has declarations (Turtle, TriG, RDF/XML).
    """
    if isinstance(data, QuerySolutions | QueryBoolean):
        if not isinstance(fmt.engine, QueryResultsFormat):
            raise UnsupportedFormat(key="error.format.results", values={"format": fmt.name})
        return data.serialize(out, format=fmt.engine)
    if not isinstance(fmt.engine, RdfFormat):
        raise UnsupportedFormat(key="error.format.rdf", values={"format": fmt.name})
    declared = dict(prefixes) if prefixes and fmt.engine in _WITH_PREFIXES else None
    rest = iter(data)
    first = next(rest, None)
    # All triples or all quads: they pass as they are when the format holds what they are.
    stream: Iterable[Triple] | Iterable[Quad] = itertools.chain([first] if first else [], rest)
    if fmt.engine.supports_datasets and isinstance(first, Triple):
        stream = _in_default_graph(stream)  # type: ignore[arg-type]  # all triples
    elif not fmt.engine.supports_datasets and isinstance(first, Quad):
        stream = _triples(stream)  # type: ignore[arg-type]  # all quads
    return _write_rdf(stream, out, format=fmt.engine, prefixes=declared)


def _in_default_graph(triples: Iterable[Triple]) -> Iterator[Quad]:
    """Triples as quads of the default graph: what a dataset format writes of a graph."""
    default = DefaultGraph()
    for t in triples:
        yield Quad(t.subject, t.predicate, t.object, default)


def _triples(quads: Iterable[Quad]) -> Iterator[Triple]:
    """The triples of quads, a triple whose quads come one after another once."""
    last = None
    for quad in quads:
        triple = quad.triple
        if triple != last:
            yield triple
        last = triple


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
        raise NotAcceptable(key="error.format.acceptable", values={"offered": offered_types})
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
