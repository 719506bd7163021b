"""The application factory. Nothing happens at import; the store opens at start-up."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from kg import __version__
from kg.api import errors, openapi
from kg.api.fastpath import SparqlGetFastPath
from kg.api.headers import SecurityHeaders
from kg.api.limits import BodyLimit
from kg.api.routes import (
    backup,
    classification,
    entities,
    export,
    graphs,
    imports,
    ingest,
    match,
    meta,
    pages,
    review,
    sparql,
)
from kg.config import Settings
from kg.export.tablecache import TableCache
from kg.iris import Minter
from kg.match.cache import ChainIndexes
from kg.sparql.execute import Executor, InlineExecutor, ProcessExecutor, ResultCache
from kg.sparql.service import QueryService
from kg.store import EmbeddedStore, Store, connect
from kg.store.memo import Refresher
from kg.web.warm import warm

DESCRIPTION = """
kg answers *which partners fit which industry chain, and why* - with the source sentence
behind every fact. SPARQL 1.1 at `/sparql`; partner match, entities, export and statistics
under `/api`; every IRI kg mints resolves under `/id/`.
"""


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app. Tests pass their own settings and store; otherwise the configured
    store (on disk, or the SPARQL server at ``KG_STORE_URL``) is opened when the app starts
    and closed when it stops."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else connect(settings)
        app.state.executor = make_executor(app.state.store, settings)
        await app.state.executor.start()
        app.state.cache = ResultCache()
        app.state.query_service = QueryService(
            app.state.store, settings, app.state.executor, app.state.cache
        )
        on_disk = isinstance(app.state.store, EmbeddedStore) and app.state.store.path is not None
        app.state.chain_indexes = ChainIndexes(
            app.state.store, settings.chain_index_dir if on_disk else None
        )
        app.state.export_tables = (
            TableCache(app.state.store, settings.export_table_dir) if on_disk else None
        )
        # what the pages read and every chain's index, kept ready in the background
        # (a chain request that has to load its index goes before both)
        first = app.state.chain_indexes.precedence
        app.state.warmer = (
            Refresher(
                app.state.store,
                app.state.chain_indexes.warm,
                name="kg-chain-warmer",
                precedence=first,
                settled=settle,
            ).start()
            if settings.warm_chains
            else None
        )
        app.state.refresher = (
            Refresher(
                app.state.store,
                lambda s, r: warm(s, app.state.minter, r),
                precedence=first,
                settled=settle,
            ).start()
            if settings.warm_pages
            else None
        )
        app.state.table_warmer = (  # the tables large exports are written from
            Refresher(
                app.state.store,
                app.state.export_tables.warm,
                name="kg-export-tables",
                precedence=first,
            ).start()
            if settings.warm_export_tables and app.state.export_tables is not None
            else None
        )
        # Everything made so far (modules, the app, the vocabulary) lives as long as the
        # server: keep it out of the cyclic garbage collector's passes, which otherwise
        # scan it again and again while requests allocate.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            background = [
                r
                for r in (app.state.warmer, app.state.refresher, app.state.table_warmer)
                if r is not None
            ]
            for refresher in background:
                refresher.ask_to_stop()  # both wind down at once
            for refresher in background:
                refresher.stop()
            gc.unfreeze()  # after the refreshers: a round ending now settles nothing
            app.state.executor.close()
            if owned:
                app.state.store.close()

    app = _App(
        title="kg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served below from vendored assets: no CDN
        redoc_url=None,
        openapi_tags=[
            {"name": "sparql", "description": "SPARQL 1.1 Protocol (read-only)"},
            {"name": "match", "description": "Partner matching"},
            {"name": "entities", "description": "Entities, search and linked data"},
            {
                "name": "classification",
                "description": "The national classification GB/T 4754-2017 (SKOS)",
            },
            {"name": "export", "description": "Subgraph export"},
            {"name": "meta", "description": "Health, statistics, sources, named queries"},
        ],
    )
    app.openapi = lambda: openapi.document(app)  # type: ignore[method-assign]  # FastAPI's documented way to supply the OpenAPI document
    app.state.settings = settings
    app.state.minter = Minter(settings.base_iri)
    app.state.ingester = None
    errors.install(app)
    # graphs before entities: /id/graph/{name} is a Graph Store resource, not a description
    for module in (
        sparql,
        graphs,
        match,
        classification,
        review,
        ingest,
        imports,
        entities,
        export,
        meta,
        backup,
    ):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        overrides={"/api/import": settings.max_import_bytes},
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE", "HEAD"],
            allow_headers=["Authorization", "Content-Type", "Accept", "If-None-Match"],
            expose_headers=["ETag", "KG-Results-Truncated", "KG-Results-Limit"],
        )

    static = resources.files("kg") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    icon = (static / "favicon.ico").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        """kg's icon, where a browser looks for it when a response names none (a raw
        Turtle or JSON view)."""
        return Response(
            icon, media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"}
        )

    return app


# Swagger UI from the vendored files, started by a script file (no inline script: CSP).
DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
<link rel="icon" href="/favicon.ico">
<title>kg API</title>
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def settle() -> None:
    """What a background round made (the pages' indexes, the chain indexes) lives until the
    next write: keep it out of the cyclic garbage collector's passes, as the start-up does
    with what lives as long as the server. A full pass over the whole corpus's indexes took
    120 ms, paid by whichever request set it off. What was frozen before is unfrozen and
    collected first, so that the values of an earlier store version go."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def make_executor(store: Store, settings: Settings) -> Executor:
    """Worker processes (hard query timeouts) for an on-disk store; in-process otherwise
    (a SPARQL server runs the query itself: the request's time limit ends the wait)."""
    if isinstance(store, EmbeddedStore) and store.path is not None and settings.query_workers > 0:
        return ProcessExecutor(
            store, settings.query_workers, settings.query_timeout, settings.query_memory * 2**20
        )
    return InlineExecutor(store, settings.query_timeout)


class _App(FastAPI):
    """FastAPI with the raw ``GET /sparql`` path outside its middleware stack, and the
    security headers outside both."""

    def build_middleware_stack(self):
        return SecurityHeaders(SparqlGetFastPath(super().build_middleware_stack(), self.state))
