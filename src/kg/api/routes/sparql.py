"""``/sparql`` and ``/sparql/update``: the SPARQL 1.1 Protocol.

Query: GET with ``query=``; POST ``application/x-www-form-urlencoded`` with ``query=``; POST
``application/sparql-query`` with the query as the body; ``default-graph-uri`` and
``named-graph-uri`` set the dataset. SELECT/ASK answer in JSON, XML, CSV or TSV;
CONSTRUCT/DESCRIBE in Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads; ``Accept``
decides (q-values, wildcards, lists; 406 when nothing fits; JSON by default) unless
``format=`` is given. kg's prefixes are predeclared. Without a query, GET answers with the
Service Description. Answers carry an ``ETag`` from the store version (``If-None-Match``
gives 304), are cached until the next write, and are cut at ``KG_MAX_RESULTS`` with
``KG-Results-Truncated: true``.

Update: POST ``/sparql/update`` (form ``update=`` or ``application/sparql-update``), with
``Authorization: Bearer <KG_WRITE_TOKEN>``; atomic. ``SERVICE`` and ``LOAD`` of addresses not
on ``KG_REMOTE_ALLOWLIST`` are refused with 400.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from kg.api.auth import require_writer
from kg.api.deps import SettingsDep, StoreDep
from kg.api.routes import add_routes
from kg.api.threads import call
from kg.errors import BadRequest, Forbidden, KGError
from kg.export import serialize
from kg.formats import GRAPH_FORMATS, JSON, RESULT_FORMATS, TURTLE, Format, by_name, negotiate
from kg.sparql.description import service_description
from kg.sparql.execute import Answer, QueryJob
from kg.sparql.guard import check_remote_access

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
NOT_HERE = "SPARQL Update is not accepted on /sparql: POST it to /sparql/update"


def _acceptable(
    accept: str | None, fmt_name: str | None, offered: tuple[Format, ...], default: Format
) -> str | None:
    try:
        return (
            by_name(fmt_name, offered) if fmt_name else negotiate(accept, offered, default)
        ).name
    except KGError:
        return None


def _iris(values: list[str], name: str) -> tuple[str, ...] | None:
    try:
        return tuple(ox.NamedNode(v).value for v in values) or None
    except ValueError as exc:
        raise BadRequest(f"{name}: not a valid IRI ({exc})") from exc


async def _params(request: Request) -> dict[str, list[str]]:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", "replace")
    if content_type == FORM:
        return {**params, **parse_qs(body, keep_blank_values=True)}
    if content_type == DIRECT:
        return {**params, "query": [body]}
    if content_type == UPDATE:
        return {**params, "update": [body]}
    raise BadRequest(
        f"POST needs Content-Type {FORM}, {DIRECT} or {UPDATE}, not {content_type or 'none'!r}"
    )


def _etag(version: str, job: QueryJob) -> str:
    return '"' + hashlib.sha256(f"{version}\n{job!r}".encode()).hexdigest()[:32] + '"'


def _respond(answer: Answer, etag: str) -> Response:
    fmt = by_name(answer.format)
    headers = {"Vary": "Accept", "ETag": etag}
    if answer.truncated:
        headers["KG-Results-Truncated"] = "true"
        headers["KG-Results-Limit"] = str(answer.rows)
    return Response(answer.body, media_type=fmt.content_type, headers=headers)


async def sparql_query(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    params = await _params(request)
    if "update" in params:
        raise Forbidden(NOT_HERE)
    queries = params.get("query", [])
    if not queries and request.method == "GET":
        return await _description(request, store)
    if len(queries) != 1 or not queries[0].strip():
        raise BadRequest("give exactly one non-empty 'query' parameter")
    check_remote_access(queries[0], settings.remote_allowlist)
    fmt_name = (params.get("format") or [None])[0]
    accept = request.headers.get("accept")
    job = QueryJob(
        query=queries[0],
        results_format=_acceptable(accept, fmt_name, RESULT_FORMATS, JSON),
        rdf_format=_acceptable(accept, fmt_name, GRAPH_FORMATS, TURTLE),
        default_graph=_iris(params.get("default-graph-uri", []), "default-graph-uri"),
        named_graphs=_iris(params.get("named-graph-uri", []), "named-graph-uri"),
        max_results=settings.max_results,
    )
    if job.results_format is None and job.rdf_format is None:
        negotiate(accept, RESULT_FORMATS + GRAPH_FORMATS)  # raises the 406 / 400
    version = store.version
    etag = _etag(version, job)
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers={"ETag": etag, "Vary": "Accept"})
    cache = request.app.state.cache
    answer = cache.get(version, job)
    if answer is None:
        executor = request.app.state.executor
        answer = await call(settings.query_timeout + 2, executor.submit, job, version)
        cache.put(version, job, answer)
    return _respond(answer, etag)


async def _description(request: Request, store: StoreDep) -> Response:
    if "text/html" in request.headers.get("accept", ""):
        return RedirectResponse("/query", status_code=303)  # a browser: the query page
    endpoint = str(request.url.replace(query=""))
    update = endpoint.rstrip("/") + "/update" if request.app.state.settings.writable else None
    fmt = negotiate(request.headers.get("accept"), GRAPH_FORMATS, TURTLE)
    triples = await call(30, service_description, store, endpoint, update)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    return Response(serialize(quads, fmt), media_type=fmt.content_type, headers={"Vary": "Accept"})


add_routes(
    router,
    "/sparql",
    sparql_query,
    ["GET", "POST"],
    summary="SPARQL 1.1 query; GET without a query gives the service description",
    response_class=Response,
    responses={200: {"content": {f.media_type: {} for f in RESULT_FORMATS + GRAPH_FORMATS}}},
)


@router.post("/sparql/update", summary="SPARQL 1.1 Update (needs the write token)", status_code=204)
async def sparql_update(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    require_writer(request, settings)
    params = await _params(request)
    updates = params.get("update", [])
    if len(updates) != 1 or not updates[0].strip():
        raise BadRequest(
            "give exactly one non-empty 'update' (form field or application/sparql-update body)"
        )
    check_remote_access(updates[0], settings.remote_allowlist)
    await call(settings.query_timeout + 2, store.update, updates[0])
    return Response(status_code=204)
