"""Health, statistics, sources and the named queries."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kg import __version__, queries
from kg.api.deps import SettingsDep, StoreDep
from kg.api.openapi import content, errors
from kg.concurrency import call
from kg.errors import NotFound
from kg.namespaces import sparql_prefixes
from kg.stats import stats
from kg.store import Store
from kg.web import home

router = APIRouter(prefix="/api", tags=["meta"])


def _loaded(store: Store) -> bool:
    return bool(store.query(sparql_prefixes() + "ASK { GRAPH ?g { ?s a kg:SourceDocument } }"))


def _source(item: home.SourceItem) -> dict[str, object]:
    """A source document as ``/api/sources`` lists it."""
    return {
        "source": item.iri,
        "id": item.id,
        "title_zh": item.title_zh,
        "title_en": item.label_en,
        "publisher": item.publisher,
        "date": item.date,
        "url": item.url,
        "graph": item.graph,
        "facts": item.facts,
    }


def _sources(store: Store) -> list[dict[str, object]]:
    return [_source(item) for item in home.sources(store)]


@router.get(
    "/health", summary="Is the service up, and does the store hold data?", responses=errors(503)
)
async def health(request: Request, store: StoreDep, settings: SettingsDep) -> dict[str, object]:
    loaded = await call(settings.query_timeout, _loaded, store)
    warmer = getattr(request.app.state, "warmer", None)
    refresher = getattr(request.app.state, "refresher", None)
    return {
        "status": "ok",
        "version": __version__,
        "data_loaded": loaded,
        "chain_indexes": warmer.status() if warmer is not None else None,
        "pages": refresher.status() if refresher is not None else None,
    }


@router.get(
    "/stats", summary="Graphs, entities by class, facts by review status", responses=errors(503)
)
async def statistics(store: StoreDep, settings: SettingsDep) -> dict[str, object]:
    return await call(settings.query_timeout, stats, store)


@router.get("/sources", summary="The source documents behind the facts", responses=errors(503))
async def sources(store: StoreDep, settings: SettingsDep) -> dict[str, object]:
    return {"sources": await call(settings.query_timeout, _sources, store)}


@router.get("/queries", summary="The named SPARQL queries kg itself runs")
async def list_queries() -> dict[str, object]:
    return {"queries": [{"name": n, "href": f"/api/queries/{n}"} for n in queries.names()]}


@router.get(
    "/queries/{name}",
    summary="One named query, ready for /sparql",
    response_class=Response,
    responses={200: content("application/sparql-query"), **errors(404)},
)
async def get_query(name: str) -> Response:
    if name not in queries.names():
        raise NotFound(key="error.query.none", values={"name": repr(name)})
    return Response(queries.get(name), media_type="application/sparql-query")
