"""``/api/export``: a selection of the graph - an entity's neighbourhood, an industry, a
region, a chain, a source, a CONSTRUCT query's result - with the provenance of its facts,
in an RDF format or for graph and table tools (GraphML, CSV, Parquet, Excel), streamed.

A CONSTRUCT query's result starts at once (:func:`kg.export.write_construct`): an error of
the query (its syntax, not a CONSTRUCT) or a query that gives no first triple within
``KG_QUERY_TIMEOUT`` is answered as an error before any byte; then the response begins - in
an RDF format with the query's triples as it gives them, in the graph and table formats
(which group the facts by node) with what comes before the nodes (GraphML's keys, the zip's
first member), while the result is sorted by subject in temporary files. After that the query (and
the build) must never go ``KG_QUERY_TIMEOUT`` without giving output or reading triples,
and the download ends after ``KG_EXPORT_TIMEOUT`` or when the client goes away: the build
stops too."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from kg import export
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import READ, content, errors
from kg.api.responses import choose
from kg.concurrency import call
from kg.errors import BadRequest
from kg.export.stream import Chunks
from kg.formats import EXPORT_FORMATS, TURTLE, Format
from kg.sparql.guard import check_request

router = APIRouter(prefix="/api", tags=["export"])


def disposition(selection: export.Selection | str, suffix: str) -> str:
    """An attachment named after the selection (or its slug): ASCII for old clients, UTF-8
    (RFC 6266) for the others (``kg-region-cn-230000.xlsx``, ``kg-construct-query.ttl``)."""
    slug = selection if isinstance(selection, str) else selection.slug
    name = f"kg-{slug}.{suffix}"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@router.get(
    "/export",
    summary="Export an entity's neighbourhood, an industry, a region, a chain, a source or a "
    "CONSTRUCT query's graph",
    response_class=StreamingResponse,
    responses={
        200: content(*dict.fromkeys(f.media_type for f in EXPORT_FORMATS)),
        **errors(READ, 404, 406, 413),
    },
)
async def export_selection(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    entity: Annotated[
        str | None, Query(description="Entity IRI, key (org/hit) or exact name")
    ] = None,
    industry: Annotated[str | None, Query(description="Industry name, key or IRI")] = None,
    region: Annotated[
        str | None,
        Query(
            description="Region name, key or IRI; with chain: the region the chain is matched for"
        ),
    ] = None,
    chain: Annotated[
        str | None, Query(description="Industry chain (or its industry) by name, key or IRI")
    ] = None,
    source: Annotated[
        str | None,
        Query(description="Source id (cctv-2024-09-01-harbin-docking-event) or graph IRI"),
    ] = None,
    query: Annotated[
        str | None, Query(description="A SPARQL CONSTRUCT query: its result is exported")
    ] = None,
    hops: Annotated[int, Query(ge=0, description="Neighbourhood size around an entity")] = 1,
    top: Annotated[
        int, Query(ge=1, le=1000, description="Chain with a region: candidates per group")
    ] = 100,
    provenance: Annotated[
        bool, Query(description="Evidence of every fact (sentence, record, status)")
    ] = True,
    format: Annotated[
        str | None,
        Query(
            description="turtle, trig, ntriples, nquads, jsonld, rdfxml, graphml, csv (a zip), "
            "parquet (a zip), xlsx (else Accept)"
        ),
    ] = None,
) -> StreamingResponse:
    if hops > settings.max_hops:
        raise BadRequest(key="error.export.hops.most", values={"most": settings.max_hops})
    if query:
        check_request(
            query,
            kind="query",
            max_bytes=settings.max_query_bytes,
            allowlist=settings.remote_allowlist,
        )
    fmt = choose(request, EXPORT_FORMATS, format, TURTLE)
    if query and not any((entity, industry, region, chain, source)):
        return await _construct(store, minter, query, fmt, provenance, settings)
    selection = await call(
        settings.query_timeout,
        export.select,
        store,
        minter,
        entity=entity,
        industry=industry,
        region=region,
        chain=chain,
        source=source,
        query=query,
        hops=hops,
        top=top,
    )
    tables = getattr(request.app.state, "export_tables", None)  # large CSV, Parquet: faster
    chunks = Chunks(
        lambda out, check: export.write(
            selection, fmt, out, provenance=provenance, check=check, tables=tables
        ),
        timeout=settings.export_timeout,
    )
    return StreamingResponse(
        _body(chunks),
        media_type=fmt.content_type,
        headers={
            "Vary": "Accept",
            "Content-Disposition": disposition(selection, fmt.suffix),
            "X-KG-Export-Nodes": str(len(selection.nodes)),
        },
    )


async def _construct(
    store: StoreDep,
    minter: MinterDep,
    sparql: str,
    fmt: Format,
    provenance: bool,
    settings: SettingsDep,
) -> StreamingResponse:
    """A CONSTRUCT query's result, streamed from its first triple (module docstring)."""
    chunks = Chunks(
        lambda out, check: export.write_construct(
            store, minter, sparql, fmt, out, provenance=provenance, check=check
        ),
        timeout=settings.export_timeout,
        stall=settings.query_timeout,
    )
    try:  # the first chunk (after the query's first triple) or the query's error, first
        first = await anyio.to_thread.run_sync(_next, chunks, abandon_on_cancel=True)
    except BaseException:
        chunks.cancelled.set()
        raise
    return StreamingResponse(
        _body(chunks, first),
        media_type=fmt.content_type,
        headers={
            "Vary": "Accept",
            "Content-Disposition": disposition("construct-query", fmt.suffix),
        },
    )


async def _body(chunks: Chunks, first: bytes | None = None):
    """The chunks, each awaited in a thread; the export stops if the client goes away."""
    try:
        if first is not None:
            yield first
        while True:
            chunk = await anyio.to_thread.run_sync(_next, chunks, abandon_on_cancel=True)
            if chunk is None:
                return
            yield chunk
    finally:
        chunks.cancelled.set()


def _next(chunks: Chunks) -> bytes | None:
    return next(chunks, None)
