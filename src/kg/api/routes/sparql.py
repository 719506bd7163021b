"""``/sparql``: the SPARQL 1.1 Protocol query operation (read-only).

GET with ``query=``; POST ``application/x-www-form-urlencoded`` with ``query=``; POST
``application/sparql-query`` with the query as the body. ``default-graph-uri`` and
``named-graph-uri`` set the dataset. SELECT/ASK answer in JSON, XML, CSV or TSV;
CONSTRUCT/DESCRIBE in Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads; ``Accept``
decides (q-values and wildcards honoured; 406 when nothing fits) unless ``format=`` is given.
kg's prefixes (kg, rdf, rdfs, owl, xsd, skos, dct, prov, org, schema, geo) are predeclared.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from kg.api.deps import SettingsDep, StoreDep
from kg.api.threads import call
from kg.errors import BadRequest, Forbidden, KGError, NotAcceptable
from kg.formats import GRAPH_FORMATS, JSON, RESULT_FORMATS, TURTLE, Format, by_name, negotiate
from kg.namespaces import PREFIXES
from kg.store import Store

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


def _maybe(
    accept: str | None, fmt_name: str | None, offered: tuple[Format, ...], default: Format
) -> Format | KGError:
    try:
        if fmt_name:
            return by_name(fmt_name, offered)
        return negotiate(accept, offered, default)
    except KGError as exc:
        return exc


def _graphs(values: list[str], name: str) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(v) for v in values]
    except ValueError as exc:
        raise BadRequest(f"{name}: not a valid IRI ({exc})") from exc


def _execute(
    store: Store,
    query: str,
    default: list[ox.NamedNode] | None,
    named: list[ox.NamedNode] | None,
    results: Format | KGError,
    rdf: Format | KGError,
) -> Response:
    """Run and serialize in the calling worker thread: pyoxigraph result iterators must be
    consumed and dropped on the thread that made them."""
    result = store.query(query, default_graph=default, named_graphs=named, prefixes=PREFIXES)
    graph_result = isinstance(result, ox.QueryTriples)
    fmt = rdf if graph_result else results
    if isinstance(fmt, KGError):
        del result  # never let an exception's frame carry it to another thread
        if not isinstance(fmt, NotAcceptable):
            raise fmt
        offered = GRAPH_FORMATS if graph_result else RESULT_FORMATS
        kind = (
            "a CONSTRUCT/DESCRIBE result is RDF"
            if graph_result
            else "a SELECT/ASK result is a table"
        )
        raise NotAcceptable(
            f"{kind}; acceptable types: " + ", ".join(f.media_type for f in offered)
        )
    if isinstance(result, ox.QueryTriples):
        assert isinstance(fmt.engine, ox.RdfFormat)
        if fmt.kind == "dataset":  # a graph result in a dataset syntax: the default graph
            quads = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in result)
            body = ox.serialize(quads, format=fmt.engine)
        else:
            body = result.serialize(format=fmt.engine)
    else:
        assert isinstance(fmt.engine, ox.QueryResultsFormat)
        body = result.serialize(format=fmt.engine)
    del result
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


async def sparql(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST":
        body = await request.body()
        if content_type == FORM:
            params = {**params, **parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)}
        elif content_type == DIRECT:
            params = {**params, "query": [body.decode("utf-8", "replace")]}
        elif content_type == UPDATE:
            raise Forbidden(READ_ONLY)
        else:
            raise BadRequest(
                f"POST needs Content-Type {FORM} or {DIRECT}, not {content_type or 'none'!r}"
            )
    if "update" in params:
        raise Forbidden(READ_ONLY)
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise BadRequest("give exactly one non-empty 'query' parameter")
    fmt_name = (params.get("format") or [None])[0]
    accept = request.headers.get("accept")
    results = _maybe(accept, fmt_name, RESULT_FORMATS, JSON)
    rdf = _maybe(accept, fmt_name, GRAPH_FORMATS, TURTLE)
    if isinstance(results, KGError) and isinstance(rdf, KGError):
        raise results
    default = _graphs(params.get("default-graph-uri", []), "default-graph-uri") or None
    named = _graphs(params.get("named-graph-uri", []), "named-graph-uri") or None
    return await call(
        settings.query_timeout, _execute, store, queries[0], default, named, results, rdf
    )


for _method in ("GET", "POST"):
    router.add_api_route(
        "/sparql",
        sparql,
        methods=[_method],
        operation_id=f"sparql_query_{_method.lower()}",
        summary=f"SPARQL 1.1 query ({_method})",
        response_class=Response,
        responses={200: {"content": {f.media_type: {} for f in RESULT_FORMATS + GRAPH_FORMATS}}},
    )
