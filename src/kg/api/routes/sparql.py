"""``/sparql`` and ``/sparql/update``: the SPARQL 1.1 Protocol.

Query: GET with ``query=``; POST ``application/x-www-form-urlencoded`` with ``query=``; POST
``application/sparql-query`` with the query as the body; ``default-graph-uri`` and
``named-graph-uri`` set the dataset. SELECT/ASK answer in JSON, XML, CSV or TSV;
CONSTRUCT/DESCRIBE in Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads; ``Accept``
decides (q-values, wildcards, lists; 406 when nothing fits; JSON by default) unless
``format=`` is given (``xml`` and ``json`` name RDF/XML and JSON-LD for a graph). kg's
prefixes are predeclared. Without a query, GET answers with the Service Description. Answers carry an ``ETag`` from the store version (``If-None-Match``
gives 304), are cached until the next write, and are cut at ``KG_MAX_RESULTS`` with
``KG-Results-Truncated: true``.

Update: POST ``/sparql/update`` (form ``update=`` or ``application/sparql-update``), with
``Authorization: Bearer <KG_WRITE_TOKEN>``; atomic. ``SERVICE`` and ``LOAD`` of addresses not
on ``KG_REMOTE_ALLOWLIST`` are refused with 400.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from kg.api.auth import require_writer
from kg.api.deps import SettingsDep, StoreDep
from kg.api.openapi import READ, WRITE, content, errors
from kg.api.routes import add_routes
from kg.concurrency import call
from kg.errors import BadRequest, UnsupportedMediaType
from kg.formats import GRAPH_FORMATS, HTML, RESULT_FORMATS, TURTLE, negotiate, serialize
from kg.namespaces import PREFIXES
from kg.review import Unreviewed
from kg.sparql.description import service_description
from kg.sparql.guard import check_request
from kg.sparql.service import protocol_dataset, unreviewed
from kg.sparqltext import with_dataset

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


def base_iri(request: Request) -> str:
    """The base IRI of a request's query or update: the endpoint's URL (Protocol: "MAY be
    the service endpoint")."""
    return str(request.url.replace(query=""))


async def _params(request: Request) -> dict[str, list[str]]:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return params
    content_type = request.headers.get("content-type", "")
    media, _, rest = content_type.partition(";")
    media = media.strip().lower()
    raw = await request.body()
    if not media and not raw:
        return params  # nothing posted: the parameters say what is missing
    if media not in (FORM, DIRECT, UPDATE):
        raise UnsupportedMediaType(
            key="error.sparql.media",
            values={"form": FORM, "direct": DIRECT, "update": UPDATE, "given": repr(media or "none")},
        )
    charset = _charset(rest)
    if charset not in (None, "utf-8", "utf8") and not (media == FORM and charset == "us-ascii"):
        raise UnsupportedMediaType(key="error.body.charset", values={"charset": charset})
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(key="error.body.utf8", values={"byte": exc.start}) from exc
    if media == FORM:
        return {**params, **parse_qs(body, keep_blank_values=True)}
    if media == DIRECT:
        return {**params, "query": [body]}
    return {**params, "update": [body]}


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def sparql_query(request: Request) -> Response:
    params = await _params(request)
    if not params.get("query") and "update" not in params and request.method == "GET":
        unreviewed(params)  # checked here too: a malformed request is refused, not ignored
        return await _description(request, request.app.state.store)
    reply = await request.app.state.query_service.answer(
        params,
        request.headers.get("accept"),
        request.headers.get("if-none-match"),
        base_iri(request),
    )
    return Response(reply.body, status_code=reply.status, headers=reply.headers)


async def _description(request: Request, store: StoreDep) -> Response:
    fmt = negotiate(request.headers.get("accept"), (*GRAPH_FORMATS, HTML), TURTLE)
    if fmt is HTML:  # a browser (HTML preferred over every RDF format): the query page
        return RedirectResponse("/query", status_code=303, headers={"Vary": "Accept"})
    endpoint = str(request.url.replace(query=""))
    settings = request.app.state.settings
    update = endpoint.rstrip("/") + "/update" if settings.writable else None
    federated = bool(settings.remote_allowlist)
    triples = await call(30, service_description, store, endpoint, update, federated)
    body = serialize(triples, fmt, prefixes=PREFIXES)
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


_ANSWERS = {
    200: content(*dict.fromkeys(f.media_type for f in RESULT_FORMATS + GRAPH_FORMATS)),
    303: {"description": "A browser asking for HTML is sent to the query page"},
    304: {"description": "Not modified since the ETag given in If-None-Match"},
}
_QUERY = {"type": "string", "description": "The SPARQL query"}
_IRIS = {"type": "array", "items": {"type": "string"}}
_PARAMETERS = [
    {"name": "query", "in": "query", "schema": _QUERY},
    {"name": "default-graph-uri", "in": "query", "schema": _IRIS, "explode": True},
    {"name": "named-graph-uri", "in": "query", "schema": _IRIS, "explode": True},
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string"},
        "description": "json, xml, csv, tsv; turtle, ntriples, jsonld, rdfxml, trig, nquads",
    },
    {"name": "unreviewed", "in": "query", "schema": {"enum": [u.value for u in Unreviewed]}},
]
add_routes(
    router,
    "/sparql",
    sparql_query,
    ["GET", "POST"],
    {
        "GET": {
            "responses": {**_ANSWERS, **errors(READ, 403, 406, 413)},
            "openapi_extra": {"parameters": _PARAMETERS},
        },
        "POST": {
            "responses": {**_ANSWERS, **errors(READ, 403, 406, 413, 415)},
            "openapi_extra": {
                "parameters": _PARAMETERS[1:],
                "requestBody": {
                    "required": True,
                    "content": {
                        FORM: {
                            "schema": {
                                "type": "object",
                                "properties": {"query": _QUERY},
                                "required": ["query"],
                            }
                        },
                        DIRECT: {"schema": _QUERY},
                    },
                }
            },
        },
    },
    summary="SPARQL 1.1 query; GET without a query gives the service description",
    response_class=Response,
)

_UPDATE = {"type": "string", "description": "The SPARQL update"}


@router.post(
    "/sparql/update",
    summary="SPARQL 1.1 Update (needs the write token)",
    status_code=204,
    response_class=Response,
    responses=errors(WRITE, 415),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {"update": _UPDATE},
                        "required": ["update"],
                    }
                },
                UPDATE: {"schema": _UPDATE},
            },
        }
    },
)
async def sparql_update(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    require_writer(request, settings)
    params = await _params(request)
    updates = params.get("update", [])
    if len(updates) != 1 or not updates[0].strip():
        raise BadRequest(key="error.sparql.update.one")
    update = updates[0]
    dataset = protocol_dataset(params, "using-graph-uri", "using-named-graph-uri")
    if dataset:
        update = with_dataset(update, *dataset)
    await call(  # on the text the engine will read
        settings.query_timeout,
        check_request,
        update,
        kind="update",
        max_bytes=settings.max_body_bytes,
        allowlist=settings.remote_allowlist,
    )
    await request.app.state.query_service.update(update, base_iri(request))
    return Response(status_code=204)
