"""``/api/export``: a subgraph with its provenance, in any RDF format."""

from __future__ import annotations

import re
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response

from kg import export
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import READ, content, errors
from kg.api.responses import choose
from kg.concurrency import call
from kg.errors import BadRequest
from kg.formats import GRAPH_FORMATS, TURTLE, Format
from kg.iris import Minter
from kg.store import Store

router = APIRouter(prefix="/api", tags=["export"])


def _export(store: Store, minter: Minter, what: str, value: str, hops: int, fmt: Format) -> bytes:
    quads: list[ox.Quad]
    if what == "entity":
        quads = export.around_entity(store, minter, value, hops)
    elif what == "industry":
        quads = export.industry_subgraph(store, minter, value)
    else:
        quads = export.source_subgraph(store, minter, value)
    return export.serialize(quads, fmt)


@router.get(
    "/export",
    summary="Export the subgraph of an entity, an industry or a source",
    response_class=Response,
    responses={200: content(*(f.media_type for f in GRAPH_FORMATS)), **errors(READ, 404, 406)},
)
async def export_subgraph(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    entity: Annotated[
        str | None, Query(description="Entity IRI, key (org/hit) or exact name")
    ] = None,
    industry: Annotated[str | None, Query(description="Industry name, key or IRI")] = None,
    source: Annotated[
        str | None,
        Query(description="Source id (cctv-2024-09-01-harbin-docking-event) or graph IRI"),
    ] = None,
    hops: Annotated[int, Query(ge=0, description="Neighbourhood size around an entity")] = 1,
    format: Annotated[
        str | None,
        Query(description="turtle, trig, ntriples, nquads, jsonld, rdfxml (else Accept)"),
    ] = None,
) -> Response:
    given = [
        (k, v) for k, v in (("entity", entity), ("industry", industry), ("source", source)) if v
    ]
    if len(given) != 1:
        raise BadRequest("give exactly one of entity, industry or source")
    if hops > settings.max_hops:
        raise BadRequest(f"hops is at most {settings.max_hops} (setting KG_MAX_HOPS)")
    fmt = choose(request, GRAPH_FORMATS, format, TURTLE)
    what, value = given[0]
    body = await call(settings.query_timeout, _export, store, minter, what, value, hops, fmt)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", value.rsplit("/", 1)[-1]).strip("-") or "export"
    disposition = f'attachment; filename="kg-{what}-{name}.{fmt.suffix}"'
    return Response(
        body,
        media_type=fmt.content_type,
        headers={"Vary": "Accept", "Content-Disposition": disposition},
    )
