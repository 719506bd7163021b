"""The planners' web pages (HTML, rendered by :mod:`kg.web`): home, search, chains, partner match, sources. Entity and source
pages are the HTML face of ``/id/...`` (see :mod:`kg.api.routes.entities`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pyoxigraph import NamedNode

from kg.api.deps import ChainIndexesDep, MinterDep, SettingsDep, StoreDep
from kg.chains import chain_profile, list_chains
from kg.concurrency import call
from kg.config import Settings
from kg.entities import KINDS, labels, resolve, search, within_region
from kg.errors import KGError
from kg.iris import Minter
from kg.match import PARTNER_KINDS, ChainQuery, MatchQuery, match_chain, match_partners
from kg.match.cache import ChainIndexes
from kg.match.words import WORDS
from kg.namespaces import KG, KG_NS
from kg.store import Store
from kg.web import imports as web_imports
from kg.web import views
from kg.web.render import page

router = APIRouter(include_in_schema=False)

INDUSTRY_CLASSES = (KG.Industry, KG.IndustryGroup, KG.IndustryChain)
CHAIN_PAGE_TOP = 5  # candidates per group on a chain page (the CSV has them all)
SEARCH_KINDS = sorted({k for k in KINDS.values()} - {"figure", "milestone", "goal", "role"})


async def _run(settings: Settings, fn: Callable[..., object], *args: object, **kw: object):
    return await call(settings.query_timeout, fn, *args, **kw)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    data = await _run(settings, views.home, store)
    return page(request, "home.html", data=data, sources=data["sources"])


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
    data = await _run(settings, views.sources_page, store, page_no)
    return page(request, "sources.html", section="sources", **data)


def _search_page(
    store: Store, minter: Minter, q: str, kind: str | None, region: str | None
) -> dict[str, object]:
    region_node = resolve(store, minter, region, KG.Region, "region") if region else None
    if q:
        results = search(store, minter, q, kind=kind or None, region=region_node, limit=100)
    elif kind:  # browse a kind (and region) without a name
        classes = tuple(KG[c] for c, k in KINDS.items() if k == kind)
        items = views.choices(store, classes)
        if region_node is not None:
            inside = within_region(store, (NamedNode(str(i["iri"])) for i in items), region_node)
            items = [i for i in items if i["iri"] in inside]
        results = [{**i, "matched": i["label"]} for i in items if i["kind"] == kind][:200]
    else:
        results = []
    return {
        "results": results,
        "regions": views.choices(store, (KG.Region,)),
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
    found = await _run(settings, list_chains, store)
    industries = await _run(settings, views.choices, store, (KG.Industry, KG.IndustryGroup))
    return page(request, "chains.html", section="chains", chains=found, industries=industries)


def _chain_page(
    store: Store, minter: Minter, indexes: ChainIndexes, chain: str, region: str | None
) -> dict[str, object]:
    profile = chain_profile(store, minter, chain, region, indexes=indexes)
    out: dict[str, object] = {
        "p": profile.to_dict(show=30),
        "regions": views.choices(store, (KG.Region,)),
        "partners": None,
    }
    if profile.region is not None:  # the partners to approach, group by group
        query = ChainQuery(profile.chain.iri, profile.region.iri, top=CHAIN_PAGE_TOP)
        result = match_chain(store, minter, query, indexes=indexes).to_dict(WORDS)
        scores = [c["score"] for cs in result["groups"].values() for c in cs]  # type: ignore[attr-defined]  # an untyped page dict
        out["partners"] = result
        out["max_score"] = max(scores, default=1.0) or 1.0
        out["csv_href"] = "/api/chain-match?" + urlencode(
            {"chain": profile.chain.iri, "region": profile.region.iri, "top": 1000}
        )
    return out


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
    found = await _run(settings, _chain_page, store, minter, indexes, chain, region or None)
    return page(request, "chain.html", section="chains", **found)  # an untyped page dict


def _match_page(store: Store, minter: Minter, query: MatchQuery | None) -> dict[str, object]:
    out: dict[str, object] = {
        "industries": views.choices(store, INDUSTRY_CLASSES),
        "regions": views.choices(store, (KG.Region,)),
        "result": None,
    }
    if query is not None:
        result = match_partners(store, minter, query).to_dict()
        out["result"] = result
        scores = [float(c["score"]) for c in result["candidates"]]  # type: ignore[attr-defined]  # an untyped page dict
        out["max_score"] = max(scores, default=1.0) or 1.0
    return out


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
    kinds = tuple(k for k in kind or [] if k)
    form = {"industry": industry, "region": region, "kinds": kinds, "top": top}
    params = [("industry", industry), ("top", str(top))]
    params += [("region", region)] if region else []
    params += [("kind", k) for k in kinds]
    error, status = None, 200
    try:
        query = MatchQuery(industry, region or None, kinds, top) if industry else None
        found = await _run(settings, _match_page, store, minter, query)
    except KGError as exc:
        if exc.status >= 500:  # out of time, or no store: the error page
            raise
        error, status = exc.message, 400  # the form again, with what was wrong
        found = await _run(settings, _match_page, store, minter, None)
    return page(
        request,
        "match.html",
        status,
        section="match",
        form=form,
        error=error,
        partner_kinds=PARTNER_KINDS,
        csv_href=f"/api/match?{urlencode(params)}",
        **found,
    )


def entity_page(request: Request, store: Store, minter: Minter, iri: NamedNode) -> HTMLResponse:
    """The HTML face of an IRI: an imported table's page (``?page=``, or the page of
    ``?row=``) or a source document's, else an entity's. Runs in a worker thread (store
    work); errors go to the one handler (:mod:`kg.api.errors`), which renders them as the
    error page for a client that prefers HTML."""
    kinds = labels(store, [iri])[iri.value].types
    if KG_NS + "DataFile" in kinds:
        page_no = web_imports.page_of(
            store, iri, request.query_params.get("page"), request.query_params.get("row")
        )
        return page(
            request,
            "import_source.html",
            section="sources",
            doc=web_imports.import_source(store, minter, iri, page_no),
        )
    if KG_NS + "SourceDocument" in kinds:
        return page(request, "source.html", section="sources", doc=views.source(store, minter, iri))
    return page(request, "entity.html", section="search", e=views.entity(store, minter, iri))


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
        code,
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
        **data,
    )


@router.get("/import", response_class=HTMLResponse)
async def import_page(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    """Upload a table: the dry-run report first, then the load (needs the write token,
    typed into the page and kept in its memory only)."""
    data = await _run(settings, web_imports.upload_page, store, settings.data_dir)
    return page(request, "import.html", section="import", writable=settings.writable, **data)
