"""The planners' web pages: thin handlers that parse the request, build the page's view in
a worker thread (:mod:`kg.web`) and render it. The HTML face of ``/id/...`` is in
:mod:`kg.web.resource` (served by :mod:`kg.api.routes.entities`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pyoxigraph import NamedNode

from kg.api.deps import ChainIndexesDep, MinterDep, SettingsDep, StoreDep
from kg.concurrency import call
from kg.config import Settings
from kg.entities import KINDS, resolve, search, within_region
from kg.errors import KGError
from kg.iris import Minter
from kg.namespaces import KG
from kg.store import Store
from kg.web import chain as web_chain
from kg.web import home as web_home
from kg.web import imports as web_imports
from kg.web import match as web_match
from kg.web import views
from kg.web.choices import REGIONS, choices
from kg.web.render import page

router = APIRouter(include_in_schema=False)

SEARCH_KINDS = sorted({k for k in KINDS.values()} - {"figure", "milestone", "goal", "role"})
T = TypeVar("T")


async def _run(settings: Settings, fn: Callable[..., T], *args: object, **kw: object) -> T:
    return await call(settings.query_timeout, fn, *args, **kw)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    return page(request, "home.html", await _run(settings, web_home.home, store))


@router.get("/query", response_class=HTMLResponse)
async def query_page(request: Request) -> HTMLResponse:
    """The SPARQL editor (vendored YASGUI) on kg's own endpoint."""
    return page(request, "query.html", section="query")


@router.get("/sources", response_class=HTMLResponse)
async def sources(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> HTMLResponse:
    """The source documents, a page of them at a time."""
    view = await _run(settings, web_home.sources_page, store, page_no)
    return page(request, "sources.html", view, section="sources")


def _search_page(
    store: Store, minter: Minter, q: str, kind: str | None, region: str | None
) -> dict[str, object]:
    region_node = resolve(store, minter, region, KG.Region, "region") if region else None
    if q:
        results = search(store, minter, q, kind=kind or None, region=region_node, limit=100)
    elif kind:  # browse a kind (and region) without a name
        classes = tuple(KG[c] for c, k in KINDS.items() if k == kind)
        items = [i.to_dict() for i in choices(store, classes)]
        if region_node is not None:
            inside = within_region(store, (NamedNode(str(i["iri"])) for i in items), region_node)
            items = [i for i in items if i["iri"] in inside]
        results = [{**i, "matched": i["label"]} for i in items if i["kind"] == kind][:200]
    else:
        results = []
    return {
        "results": results,
        "regions": choices(store, REGIONS),
    }


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    q: str = "",
    kind: str = "",
    region: str = "",
) -> HTMLResponse:
    context = {"q": q.strip(), "kind": kind, "region": region, "kinds": SEARCH_KINDS}
    found = await _run(settings, _search_page, store, minter, q.strip(), kind, region)
    return page(request, "search.html", section="search", **context, **found)  # type: ignore[arg-type]  # an untyped page dict


@router.get("/chains", response_class=HTMLResponse)
async def chains(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    view = await _run(settings, web_chain.chains, store)
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
) -> HTMLResponse:
    view = await _run(settings, web_chain.chain, store, minter, indexes, chain, region or None)
    return page(request, "chain.html", view, section="chains")


@router.get("/match", response_class=HTMLResponse)
async def match(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    industry: str = "",
    region: str = "",
    kind: Annotated[list[str] | None, Query()] = None,
    top: int = 10,
) -> HTMLResponse:
    form = web_match.MatchForm(industry, region, tuple(k for k in kind or [] if k), top)
    try:
        view = await _run(settings, web_match.match, store, minter, form)
    except KGError as exc:
        if exc.status >= 500:  # out of time, or no store: the error page
            raise
        view = await _run(settings, web_match.match, store, minter, form, exc.message)
        return page(request, "match.html", view, 400, section="match")  # the form again
    return page(request, "match.html", view, section="match")


REVIEW_PAGE = 50  # facts per review page


@router.get("/review", response_class=HTMLResponse)
async def review_page(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    article: str | None = None,
    type: str | None = None,
    min_confidence: float = 0.0,
    status: str = "extracted",
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> HTMLResponse:
    """The review queue of extracted facts; accepting and rejecting need the write token,
    which the reviewer types into the page (it goes only to this server's API)."""
    from kg.review import ReviewFilter

    form = {
        "article": article or "",
        "type": type or "",
        "min_confidence": min_confidence,
        "status": status,
        "page": page_no,
    }
    try:
        f = ReviewFilter(
            article or None,
            type or None,
            min_confidence,
            status,
            REVIEW_PAGE,
            (page_no - 1) * REVIEW_PAGE,
        )
        data = await _run(settings, views.review, store, minter, f)
        error, code = None, 200
    except KGError as exc:
        data, error, code = {"items": [], "types": [], "more": False}, exc.message, exc.status
    base = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "lang")]
    return page(
        request,
        "review.html",
        status_code=code,
        section="review",
        form=form,
        error=error,
        writable=settings.writable,
        prev_href="/review?" + urlencode([*base, ("page", page_no - 1)]) if page_no > 1 else None,
        next_href="/review?" + urlencode([*base, ("page", page_no + 1)]) if data["more"] else None,
        **data,
    )


@router.get("/review/merges", response_class=HTMLResponse)
async def merges_page(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    kind: str | None = None,
    decided: bool = False,
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> HTMLResponse:
    """Merge candidates (two entities that look like one thing, and why) to merge or keep
    apart, and the decisions made so far with a way to undo a merge."""
    form = {"kind": kind or "", "decided": decided, "page": page_no}
    try:
        data = await _run(
            settings,
            views.merges,
            store,
            minter,
            settings.data_dir,
            kind or None,
            decided,
            REVIEW_PAGE,
            (page_no - 1) * REVIEW_PAGE,
        )
        error = None
    except KGError as exc:
        data, error = {"items": [], "kinds": views.MERGE_KINDS, "more": False}, exc.message
    base = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "lang")]
    return page(
        request,
        "review-merges.html",
        section="review",
        form=form,
        error=error,
        writable=settings.writable,
        prev_href="/review/merges?" + urlencode([*base, ("page", page_no - 1)])
        if page_no > 1
        else None,
        next_href="/review/merges?" + urlencode([*base, ("page", page_no + 1)])
        if data["more"]
        else None,
        **data,  # type: ignore[arg-type]  # an untyped page dict
    )


@router.get("/import", response_class=HTMLResponse)
async def import_page(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    """Upload a table: the dry-run report first, then the load (needs the write token,
    typed into the page and kept in its memory only)."""
    view = await _run(settings, web_imports.upload_page, store, settings.data_dir)
    return page(request, "import.html", view, section="import", writable=settings.writable)
