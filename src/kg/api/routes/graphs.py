"""The SPARQL 1.1 Graph Store HTTP Protocol.

Indirect identification: ``/rdf-graphs?graph=<IRI>`` or ``/rdf-graphs?default``. Direct
identification: a kg graph's own IRI, ``/id/graph/{name}`` (a suffix such as ``.ttl``
picks the format; a browser that prefers HTML, or ``.html``, gets the graph's page: the
article it holds facts from, with its title and source, and its counts). The vocabulary's IRI, ``https://w3id.org/kg-industry/def``, is read at
``/def`` (GET and HEAD: the ontology graph ``kg load`` loads; ``/def.ttl``, ...). GET and HEAD are open; PUT (replace), POST (merge; to ``/rdf-graphs``
itself: a new graph, 201 with its IRI in ``Location``) and DELETE need
``Authorization: Bearer <KG_WRITE_TOKEN>``. Each write is atomic.

Bodies: any RDF format kg reads, by ``Content-Type`` (415 otherwise), or
``multipart/form-data`` with one RDF document per part; relative IRIs resolve against the
graph's IRI (the request's URL for the default graph). A graph that exists is answered,
empty or not; one that does not is 404.
"""

from __future__ import annotations

import email.parser
import email.policy
import secrets
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response

from kg.api.auth import require_writer
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import READ, WRITE, content, errors
from kg.api.responses import choose
from kg.api.routes import add_routes
from kg.concurrency import call
from kg.errors import BadRequest, NotFound, UnsupportedMediaType
from kg.formats import GRAPH_FORMATS, HTML, TURTLE, by_media_type, by_suffix, serialize
from kg.iris import Minter, named_node
from kg.limits import read_rdf
from kg.namespaces import KG_ONTOLOGY, PREFIXES
from kg.store import Store
from kg.store.base import GraphName
from kg.store.embedded import replace_graphs_update
from kg.web.records import graph_page
from kg.web.render import page

router = APIRouter(tags=["graphs"])

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
MULTIPART = "multipart/form-data"


def _exists(store: Store, graph: GraphName) -> bool:
    return isinstance(graph, ox.DefaultGraph) or graph in store.named_graphs()


def _format(media: str, filename: str | None = None) -> ox.RdfFormat:
    """The RDF format of a body, by its media type (for a multipart part that does not say,
    by its file name)."""
    fmt = None
    if media and media != "application/octet-stream":
        fmt = by_media_type(media, GRAPH_FORMATS)
    elif filename:
        fmt = by_suffix(filename, GRAPH_FORMATS)
    if fmt is None:
        names = ", ".join(f.media_type for f in GRAPH_FORMATS)
        raise UnsupportedMediaType(
            key="error.graph.media" if media else "error.graph.media.none",
            values={"media": media, "allowed": names, "multipart": MULTIPART},
        )
    assert isinstance(fmt.engine, ox.RdfFormat)  # a graph format is one of pyoxigraph's
    return fmt.engine


def parse_body(
    body: bytes, content_type: str, base_iri: str, max_triples: int
) -> list[ox.Triple]:
    """The triples of a Graph Store request body; relative IRIs resolve against
    ``base_iri``. ``multipart/form-data``: every part, each in its own format. At most
    ``max_triples`` in all (:func:`kg.limits.read_rdf` also bounds literals and refuses
    XML entities)."""
    media = content_type.split(";")[0].strip().lower()
    if media != MULTIPART:
        return read_rdf(body, _format(media), base_iri=base_iri, max_triples=max_triples)
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart() or message.defects:
        raise BadRequest(key="error.graph.multipart", values={"multipart": MULTIPART})
    triples: list[ox.Triple] = []
    for number, part in enumerate(message.iter_parts(), 1):
        filename = part.get_filename()
        fmt = _format(part.get_content_type() if "content-type" in part else "", filename)
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        what = f"part {number} ({filename or 'unnamed'})"
        triples += read_rdf(
            data, fmt, base_iri=base_iri, max_triples=max_triples, what=what, counted=len(triples)
        )
    return triples


def _new_graph(minter: Minter) -> ox.NamedNode:
    """A fresh IRI for a graph created by a POST to the graph store (128 random bits)."""
    return minter.graph(f"posted-{secrets.token_hex(16)}")


async def _handle(
    request: Request,
    store: Store,
    settings: SettingsDep,
    graph: GraphName,
    format_name: str | None,
    created: bool = False,
) -> Response:
    method = request.method
    if method in ("GET", "HEAD"):
        fmt = choose(request, GRAPH_FORMATS, format_name, TURTLE)

        def read() -> bytes:
            if not _exists(store, graph):
                raise NotFound(key="error.graph.none", values={"graph": graph})
            # the graph's content as triples, whatever the format: a graph, not a dataset
            triples = store.get_graph(graph)
            return serialize(triples, fmt, prefixes=PREFIXES)

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
                raise NotFound(key="error.graph.none", values={"graph": graph})
            if isinstance(graph, ox.DefaultGraph):
                store.update("DROP DEFAULT")
            else:
                store.delete_graph(graph)

        await call(settings.query_timeout, delete)
        return Response(status_code=204)
    base = graph.value if isinstance(graph, ox.NamedNode) else str(request.url.replace(query=""))
    triples = parse_body(
        await request.body(), request.headers.get("content-type", ""), base, settings.max_body_triples
    )

    def write() -> bool:
        existed = _exists(store, graph)
        if method == "PUT":
            update = replace_graphs_update({graph: triples})
            if isinstance(graph, ox.NamedNode):  # an empty graph, put, exists
                update += f" ;\nCREATE SILENT GRAPH {graph}"
            store.update(update)
        else:
            store.add_to_graph(graph, triples)
            if not triples and isinstance(graph, ox.NamedNode):
                store.update(f"CREATE SILENT GRAPH {graph}")
        return existed

    existed = await call(settings.query_timeout, write)
    if created and isinstance(graph, ox.NamedNode):
        return Response(status_code=201, headers={"Location": graph.value})
    return Response(status_code=204 if existed else 201)


async def indirect(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    minter: MinterDep,
    graph: Annotated[str | None, Query(description="The graph's IRI")] = None,
    format: Annotated[str | None, Query(description="Response format for GET")] = None,
) -> Response:
    default = "default" in request.query_params
    if not default and graph is None and request.method == "POST":
        # POST to the graph store itself: a new graph (201, its IRI in Location)
        return await _handle(request, store, settings, _new_graph(minter), None, True)
    if default == (graph is not None):
        raise BadRequest(key="error.graph.which")
    target: GraphName = ox.DefaultGraph() if default else named_node(str(graph), "graph")
    return await _handle(request, store, settings, target, format)


async def direct(
    request: Request, name: str, store: StoreDep, minter: MinterDep, settings: SettingsDep
) -> Response:
    """A kg graph's IRI: the graph in an RDF format (Turtle unless ``Accept`` or a suffix
    says otherwise), or its page for a browser that prefers HTML (or ``.html``)."""
    fmt_name = None
    if "." in name:
        stem, _, suffix = name.rpartition(".")
        if by_suffix(name, GRAPH_FORMATS) is not None or suffix == "html":
            name, fmt_name = stem, suffix
    graph = minter.graph(name)
    if request.method in ("GET", "HEAD") and fmt_name in (None, "html"):
        chosen = choose(request, (*GRAPH_FORMATS, HTML), fmt_name, TURTLE)
        if chosen is HTML:
            html = await call(settings.query_timeout, _graph_page, request, store, minter, graph)
            if request.method == "HEAD":
                return Response(headers=html.headers)  # its length and type, no body
            return html
    return await _handle(request, store, settings, graph, fmt_name)


def _graph_page(request: Request, store: Store, minter: Minter, graph: ox.NamedNode) -> Response:
    view = graph_page(store, minter, graph)
    response = page(request, "graph.html", section="sources", g=view)
    response.headers["Vary"] = "Accept, Cookie"
    return response


async def vocabulary(
    request: Request, store: StoreDep, settings: SettingsDep, suffix: str | None = None
) -> Response:
    """The vocabulary's IRI (``kg:`` is ``https://w3id.org/kg-industry/def#``) dereferenced on
    this server: the ontology graph, read-only."""
    fmt_name = None
    if suffix is not None:
        if by_suffix("def." + suffix, GRAPH_FORMATS) is None:
            raise NotFound(key="error.graph.none", values={"graph": f"{KG_ONTOLOGY}.{suffix}"})
        fmt_name = suffix
    return await _handle(request, store, settings, ox.NamedNode(KG_ONTOLOGY), fmt_name)


_RDF = [f.media_type for f in GRAPH_FORMATS]
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **{m: {"schema": {"type": "string"}} for m in _RDF},
            "application/ld+json": {"schema": {"type": ["object", "array"]}},
            MULTIPART: {"schema": {"type": "object"}},
        },
    }
}
_WRITTEN: dict[int | str, dict[str, Any]] = {
    201: {"description": "The graph was created"},
    204: {"description": "The graph was replaced or merged into"},
}
PER_METHOD: dict[str, dict[str, Any]] = {
    "GET": {"responses": {200: content(*_RDF), **errors(READ, 404, 406)}},
    "HEAD": {"responses": {200: content(*_RDF), **errors(READ, 404, 406)}},
    "PUT": {"status_code": 204, "responses": {**_WRITTEN, **errors(WRITE, 404, 415)}, "openapi_extra": _BODY},
    "POST": {"status_code": 204, "responses": {**_WRITTEN, **errors(WRITE, 404, 415)}, "openapi_extra": _BODY},
    "DELETE": {"status_code": 204, "responses": errors(WRITE, 404)},
}

add_routes(
    router,
    "/rdf-graphs",
    indirect,
    METHODS,
    PER_METHOD,
    summary="Graph Store Protocol, indirect: ?graph= or ?default (POST without: a new graph)",
    response_class=Response,
)
add_routes(
    router,
    "/id/graph/{name:path}",
    direct,
    METHODS,
    PER_METHOD,
    summary="Graph Store Protocol, direct: a kg graph IRI",
    response_class=Response,
)
for path in ("/def", "/def.{suffix}"):
    add_routes(
        router,
        path,
        vocabulary,
        ["GET", "HEAD"],
        PER_METHOD,
        name="vocabulary" if path == "/def" else "vocabulary_file",
        summary="The kg vocabulary (the ontology graph): its IRI dereferenced",
        response_class=Response,
    )
