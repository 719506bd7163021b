"""The SPARQL 1.1 Graph Store HTTP Protocol.

Indirect identification: ``/rdf-graphs?graph=<IRI>`` or ``/rdf-graphs?default``. Direct
identification: a kg graph's own IRI, ``/id/graph/{name}``. GET and HEAD are open; PUT
(replace), POST (merge) and DELETE need ``Authorization: Bearer <KG_WRITE_TOKEN>``. Each
write is atomic.
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response

from kg.api.auth import require_writer
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.responses import choose
from kg.api.routes import add_routes
from kg.concurrency import call
from kg.errors import BadRequest, NotFound, UnsupportedFormat
from kg.export import serialize
from kg.formats import GRAPH_FORMATS, TURTLE, by_suffix
from kg.iris import named_node
from kg.store import Store
from kg.store.base import GraphName

router = APIRouter(tags=["graphs"])

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


def _exists(store: Store, graph: GraphName) -> bool:
    return isinstance(graph, ox.DefaultGraph) or graph in store.named_graphs()


def _parse_body(body: bytes, content_type: str) -> list[ox.Triple]:
    media = content_type.split(";")[0].strip().lower()
    try:
        fmt = ox.RdfFormat.from_media_type(media)
    except ValueError:
        fmt = None
    if fmt is None:
        names = ", ".join(f.media_type for f in GRAPH_FORMATS)
        raise UnsupportedFormat(
            f"cannot read {media or 'a body without Content-Type'}; send one of: {names}"
        )
    try:
        return [q.triple for q in ox.parse(body, format=fmt)]
    except SyntaxError as exc:
        raise BadRequest(f"the {media} body is not valid: {exc}") from exc


async def _handle(
    request: Request, store: Store, settings: SettingsDep, graph: GraphName, format_name: str | None
) -> Response:
    method = request.method
    if method in ("GET", "HEAD"):
        fmt = choose(request, GRAPH_FORMATS, format_name, TURTLE)

        def read() -> bytes:
            if not _exists(store, graph):
                raise NotFound(f"no graph {graph}")
            return serialize(
                [ox.Quad(t.subject, t.predicate, t.object, graph) for t in store.get_graph(graph)],
                fmt,
            )

        body = await call(settings.query_timeout, read)
        headers = {"Vary": "Accept", "ETag": f'"{store.version}"'}
        if method == "HEAD":
            return Response(
                media_type=fmt.content_type, headers={**headers, "Content-Length": str(len(body))}
            )
        return Response(body, media_type=fmt.content_type, headers=headers)
    require_writer(request, settings)
    if method == "DELETE":

        def delete() -> None:
            if not _exists(store, graph):
                raise NotFound(f"no graph {graph}")
            if isinstance(graph, ox.DefaultGraph):
                store.update("DROP DEFAULT")
            else:
                store.delete_graph(graph)

        await call(settings.query_timeout, delete)
        return Response(status_code=204)
    triples = _parse_body(await request.body(), request.headers.get("content-type", ""))

    def write() -> bool:
        existed = _exists(store, graph) and (
            not isinstance(graph, ox.DefaultGraph) or bool(store.get_graph(graph))
        )
        if method == "PUT":
            store.replace_graphs({graph: triples})
        else:
            store.add_to_graph(graph, triples)
        return existed

    existed = await call(settings.query_timeout, write)
    return Response(status_code=204 if existed else 201)


async def indirect(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    graph: Annotated[str | None, Query(description="The graph's IRI")] = None,
    format: Annotated[str | None, Query(description="Response format for GET")] = None,
) -> Response:
    default = "default" in request.query_params
    if default == (graph is not None):
        raise BadRequest("give exactly one of ?graph=<IRI> or ?default")
    target: GraphName = ox.DefaultGraph() if default else named_node(str(graph), "graph")
    return await _handle(request, store, settings, target, format)


async def direct(
    request: Request, name: str, store: StoreDep, minter: MinterDep, settings: SettingsDep
) -> Response:
    fmt_name = None
    if "." in name:
        stem, _, suffix = name.rpartition(".")
        if by_suffix(name, GRAPH_FORMATS) is not None:
            name, fmt_name = stem, suffix
    return await _handle(request, store, settings, minter.graph(name), fmt_name)


add_routes(
    router,
    "/rdf-graphs",
    indirect,
    METHODS,
    summary="Graph Store Protocol, indirect: ?graph= or ?default",
)
add_routes(
    router,
    "/id/graph/{name}",
    direct,
    METHODS,
    summary="Graph Store Protocol, direct: a kg graph IRI",
)
