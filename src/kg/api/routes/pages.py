"""The planners' web pages: thin handlers that parse the request, build the page's view in
a worker thread (:mod:`kg.web`) and render it. The HTML face of ``/id/...`` is in
:mod:`kg.web.resource` (served by :mod:`kg.api.routes.entities`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kg.api.deps import ChainIndexesDep, MinterDep, PageDep, SettingsDep, StoreDep
from kg.concurrency import call
from kg.config import Settings
from kg.errors import KGError
from kg.web import chain as web_chain
from kg.web import home as web_home
from kg.web import imports as web_imports
from kg.web import match as web_match
from kg.web import review as web_review
from kg.web import search as web_search
from kg.web.choices import place_or_region, region_options
from kg.web.render import page

router = APIRouter(include_in_schema=False)

T = TypeVar("T")


async def _run(settings: Settings, fn: Callable[..., T], *args: object, **kw: object) -> T:
    return await call(settings.query_timeout, fn, *args, **kw)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, store: StoreDep, minter: MinterDep, settings: SettingsDep
) -> HTMLResponse:
    view = await _run(settings, web_home.home, store)
    start = web_home.start_region(minter, settings.home_region)
    regions = await _run(settings, region_options, store, start)  # for the chain form
    return page(request, "home.html", view, start_region=start, regions=regions)


@router.get("/query", response_class=HTMLResponse)
async def query_page(request: Request) -> HTMLResponse:
    """The SPARQL editor (vendored YASGUI) on kg's own endpoint."""
    return page(request, "query.html", section="query")


@router.get("/sources", response_class=HTMLResponse)
async def sources(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    page_no: PageDep,
) -> HTMLResponse:
    """The source documents, a page of them at a time."""
    view = await _run(settings, web_home.sources_page, store, page_no)
    return page(request, "sources.html", view, section="sources")


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    q: str = "",
    kind: str = "",
    region: str = "",
    place: str = "",
) -> HTMLResponse:
    region = place_or_region(place, region)
    try:
        view = await _run(settings, web_search.search_page, store, minter, q, kind, region)
    except KGError as exc:
        if exc.status >= 500:  # out of time, or no store: the error page
            raise
        view = await _run(settings, web_search.search_page, store, minter, q, kind, region, exc)
        return page(request, "search.html", view, exc.status, section="search")  # the form again
    return page(request, "search.html", view, section="search")


@router.get("/chains", response_class=HTMLResponse)
async def chains(
    request: Request, store: StoreDep, minter: MinterDep, settings: SettingsDep
) -> HTMLResponse:
    view = await _run(settings, web_chain.chains, store, minter)
    return page(request, "chains.html", view, section="chains")


@router.get("/chain", response_class=HTMLResponse)
async def chain(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    indexes: ChainIndexesDep,
    chain: Annotated[str, Query()],
    region: str = "",
    place: str = "",
    unreviewed: str = "include",
) -> HTMLResponse:
    region = place_or_region(place, region)
    try:
        view = await _run(
            settings, web_chain.chain, store, minter, indexes, chain, region or None, unreviewed
        )
    except KGError as exc:
        if exc.status >= 500 or not region:  # out of time, no store, or no such chain
            raise
        view = await _run(
            settings,
            web_chain.chain,
            store,
            minter,
            indexes,
            chain,
            region,
            unreviewed,
            exc,
        )  # an unknown chain raises again: the error page
        return page(request, "chain.html", view, exc.status, section="chains")  # the form again
    return page(request, "chain.html", view, section="chains")


@router.get("/match", response_class=HTMLResponse)
async def match(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    industry: str = "",
    region: str = "",
    place: str = "",
    kind: Annotated[list[str] | None, Query()] = None,
    top: int = 10,
    unreviewed: str = "include",
) -> HTMLResponse:
    kinds = tuple(k for k in kind or [] if k)
    form = web_match.MatchForm(industry, place_or_region(place, region), kinds, top, unreviewed)
    try:
        view = await _run(settings, web_match.match, store, minter, form)
    except KGError as exc:
        if exc.status >= 500:  # out of time, or no store: the error page
            raise
        view = await _run(settings, web_match.match, store, minter, form, exc)
        # the form again, with the error's own status (an unknown name 404, as every page)
        return page(request, "match.html", view, exc.status, section="match")
    return page(request, "match.html", view, section="match")


@router.get("/review", response_class=HTMLResponse)
async def review_page(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    page_no: PageDep,
    article: str = "",
    type: str = "",
    min_confidence: float = 0.0,
    status: str = "extracted",
) -> HTMLResponse:
    """The review queue of extracted facts; accepting and rejecting need the write token,
    which the reviewer types into the page (it goes only to this server's API)."""
    form = web_review.ReviewForm(article, type, min_confidence, status, page_no)
    query = request.query_params.multi_items()
    view = await _run(settings, web_review.review, store, minter, form, query, settings.writable)
    return page(request, "review.html", view, view.status, section="review")


@router.get("/review/merges", response_class=HTMLResponse)
async def merges_page(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    page_no: PageDep,
    kind: str = "",
    decided: bool = False,
) -> HTMLResponse:
    """Merge candidates (two entities that look like one thing, and why) to merge or keep
    apart, and the decisions made so far with a way to undo a merge."""
    form = web_review.MergesForm(kind, decided, page_no)
    query = request.query_params.multi_items()
    view = await _run(
        settings,
        web_review.merges,
        store,
        minter,
        settings.data_dir,
        form,
        query,
        settings.writable,
    )
    return page(request, "review-merges.html", view, view.status, section="review")


@router.get("/import", response_class=HTMLResponse)
async def import_page(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    """Upload a table: the dry-run report first, then the load (needs the write token,
    typed into the page and kept in its memory only)."""
    view = await _run(settings, web_imports.upload_page, store, settings.data_dir)
    return page(request, "import.html", view, section="import", writable=settings.writable)
