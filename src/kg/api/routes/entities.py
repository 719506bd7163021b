"""Entities: search, description, and linked data for every IRI kg mints (``/id/...``)."""

from __future__ import annotations

from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from kg import entities, export
from kg.api.deps import MinterDep, PageDep, Place, SettingsDep, StoreDep
from kg.api.openapi import READ, content, errors
from kg.api.responses import choose
from kg.concurrency import call
from kg.errors import BadRequest, NotFound
from kg.formats import DOCUMENT_JSON, GRAPH_FORMATS, HTML, Format, by_suffix
from kg.ingest.unify import is_minted
from kg.iris import Minter, named_node
from kg.merges import redirect
from kg.store import Store
from kg.web.choices import place_or_region
from kg.web.entity import neighbourhood as neighbourhood_of
from kg.web.resource import resource_page

router = APIRouter(tags=["entities"])

OFFERED = (DOCUMENT_JSON, *GRAPH_FORMATS)
DEREFERENCE = (DOCUMENT_JSON, HTML, *GRAPH_FORMATS)


@router.get(
    "/api/search",
    summary="Find entities by zh/en name, alias or short name, or list a kind",
    responses=errors(READ, 404),
)
async def search(
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            description="Part of a name, e.g. 联合飞机 or 哈工程; without it, every entity of "
            "``kind`` by label (as on the /search page)"
        ),
    ] = "",
    kind: Annotated[
        list[str] | None,
        Query(
            description="Only this kind: enterprise, university, research-institute, park, "
            "industry, ...; an unknown kind is a 400 that lists them, and so is more than one "
            "(the /search page's selector sends one)"
        ),
    ] = None,
    region: Annotated[
        str,
        Query(
            description="Only places within this region and things located there: "
            "its name or IRI, as on the /search page"
        ),
    ] = "",
    place: Place = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, object]:
    if kind is not None and len(kind) > 1:
        raise BadRequest(key="error.search.kinds", values={"given": ", ".join(kind)})
    one = kind[0] if kind else None
    if not q.strip() and not one:
        raise BadRequest(key="error.search.empty")

    def found() -> list[dict[str, object]]:
        within = entities.search_region(store, minter, place_or_region(place or "", region))
        return entities.search(store, minter, q, kind=one, region=within, limit=limit)

    results = await call(settings.query_timeout, found)
    return {"query": q, "results": results}


def _description(
    store: Store, minter: Minter, iri: ox.NamedNode, fmt: Format, paging: entities.Paging
) -> Response:
    headers = {"Vary": "Accept"}
    if fmt is DOCUMENT_JSON:
        described = entities.describe(store, iri, paging, minter.prefix)
        return JSONResponse(described, headers=headers)
    if not entities.statement_counts(store, iri):  # 404 for an unknown IRI, whatever the format
        raise NotFound(key="error.entity.none", values={"iri": iri.value})
    body = export.serialize(export.Selection("entity", iri.value, [iri], store, minter), fmt)
    return Response(body, media_type=fmt.content_type, headers=headers)


@router.get(
    "/api/entity",
    summary="One entity: its facts with evidence (JSON), or RDF by Accept",
    response_class=Response,
    responses={200: content(*(f.media_type for f in OFFERED)), **errors(READ, 404, 406)},
)
async def entity(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    page: PageDep,
    iri: Annotated[str, Query(description="The entity's IRI")],
    format: Annotated[
        str | None, Query(description="json, turtle, jsonld, rdfxml, ntriples, trig, nquads")
    ] = None,
    predicate: Annotated[
        str | None,
        Query(description="JSON: only the statements with this predicate, a page at a time"),
    ] = None,
    direction: Annotated[
        Literal["out", "in"] | None,
        Query(description="JSON, with predicate: the entity as subject (out) or object (in)"),
    ] = None,
    value: Annotated[
        str | None,
        Query(
            description="JSON, with predicate: the graphs stating this one value (an "
            'N-Triples term: <https://...> or "习主席"@zh), a page at a time'
        ),
    ] = None,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=500,
            description="JSON: values per direction and predicate (with value: graphs)",
        ),
    ] = entities.PER_GROUP,
) -> Response:
    node = named_node(iri, "iri")
    fmt = choose(request, OFFERED, format, DOCUMENT_JSON)
    paging = entities.Paging.parse(predicate, direction, page, limit, value)
    return await call(settings.query_timeout, _description, store, minter, node, fmt, paging)


@router.get(
    "/id/{path:path}",
    summary="Dereference a kg IRI (content negotiation or file suffix)",
    response_class=Response,
    responses={200: content(*(f.media_type for f in DEREFERENCE)), **errors(READ, 404, 406)},
)
async def dereference(
    request: Request, path: str, store: StoreDep, minter: MinterDep, settings: SettingsDep
) -> Response:
    fmt_name = None
    last = path.rsplit("/", 1)[-1]
    suffixed = by_suffix(last, GRAPH_FORMATS) if "." in last else None
    if suffixed is not None:
        path, fmt_name = path.rsplit(".", 1)[0], suffixed.name
    elif last.endswith((".json", ".html")):
        path, fmt_name = path.rsplit(".", 1)
    node = named_node(minter.prefix + path, "path")
    merged_into = (
        await call(settings.query_timeout, redirect, store, minter, node.value)
        if is_minted(minter, node.value)
        else None
    )
    if merged_into is not None:  # a merged IRI: the canonical one, permanently
        target = "/id/" + (minter.key(merged_into) or "")
        suffix = request.url.path[len("/id/" + path) :]
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(target + suffix + query, status_code=301)
    fmt = choose(request, DEREFERENCE, fmt_name, DOCUMENT_JSON)
    if fmt is HTML:
        return await call(settings.query_timeout, resource_page, request, store, minter, node)
    q = request.query_params
    paging = entities.Paging.parse(
        q.get("predicate"), q.get("direction"), q.get("page"), q.get("limit"), q.get("value")
    )
    return await call(settings.query_timeout, _description, store, minter, node, fmt, paging)


@router.get(
    "/api/neighbourhood",
    summary="Nodes and edges one step from entities (for drawing)",
    responses=errors(READ),
)
async def neighbourhood(
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    iri: Annotated[list[str], Query(description="One or more entity IRIs")],
    limit: Annotated[int, Query(ge=1, le=500)] = 80,
) -> dict[str, object]:
    nodes = [named_node(i, "iri") for i in iri]
    return await call(settings.query_timeout, neighbourhood_of, store, minter, nodes, limit)
