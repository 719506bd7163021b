"""``/api/review``: the queue of extracted facts, and accepting or rejecting them; merge
candidates, and merging or splitting entities.

Listing is open; decisions need ``Authorization: Bearer <KG_WRITE_TOKEN>`` and record the
reviewer and the time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kg.api.auth import require_writer
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import READ, WRITE, errors
from kg.concurrency import call
from kg.config import Settings
from kg.identity import NameRules
from kg.iris import Minter
from kg.merges import Outcome, listing, merge, split
from kg.review import MAX_LIMIT, ReviewFilter, decide, list_facts
from kg.store import Store

router = APIRouter(prefix="/api/review", tags=["review"])


class Decision(BaseModel):
    assertions: list[str] = Field(min_length=1, max_length=MAX_LIMIT, description="Assertion IRIs")
    reviewer: str = Field(min_length=1, max_length=200, description="Who decides")
    note: str | None = Field(None, max_length=2000, description="A remark kept with the decision")


@router.get(
    "",
    summary="Extracted facts to review (or decided ones), with their sentences",
    responses=errors(READ),
)
async def review_queue(
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    article: Annotated[str | None, Query(description="News item id, e.g. xwlb-20221107-07")] = None,
    type: Annotated[str | None, Query(description="Fact type: builds, locatedIn, ...")] = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    status: Annotated[Literal["extracted", "curated", "rejected"], Query()] = "extracted",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    f = ReviewFilter(article, type, min_confidence, status, limit, offset)
    items = await call(settings.query_timeout, list_facts, store, minter, f)
    return JSONResponse(
        {
            "items": [i.to_dict() for i in items],
            "count": len(items),
            "limit": limit,
            "offset": offset,
        }
    )


async def _decide(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    body: Decision,
    how: str,
) -> JSONResponse:
    require_writer(request, settings)
    items = await call(
        settings.query_timeout,
        decide,
        store,
        minter,
        body.assertions,
        how,
        body.reviewer,
        body.note,
    )
    return JSONResponse({"decided": [i.to_dict() for i in items]})


@router.post(
    "/accept",
    summary="Accept extracted facts: they become curated",
    responses=errors(WRITE, 404, 409),
)
async def accept(
    request: Request, store: StoreDep, minter: MinterDep, settings: SettingsDep, body: Decision
) -> JSONResponse:
    return await _decide(request, store, minter, settings, body, "accept")


@router.post(
    "/reject",
    summary="Reject extracted facts: kept as rejected, never extracted again",
    responses=errors(WRITE, 404, 409),
)
async def reject(
    request: Request, store: StoreDep, minter: MinterDep, settings: SettingsDep, body: Decision
) -> JSONResponse:
    return await _decide(request, store, minter, settings, body, "reject")


class Merge(BaseModel):
    keep: str = Field(min_length=1, max_length=2000, description="The IRI that stays")
    drop: str = Field(min_length=1, max_length=2000, description="The IRI merged into it")
    reviewer: str = Field(min_length=1, max_length=200, description="Who decides")
    note: str | None = Field(None, max_length=2000, description="Why")


class Split(BaseModel):
    entity: str = Field(min_length=1, max_length=2000, description="The entity's IRI")
    other: str = Field(
        min_length=1, max_length=2000, description="An IRI merged into it, or one of its names"
    )
    reviewer: str = Field(min_length=1, max_length=200, description="Who decides")
    note: str | None = Field(None, max_length=2000, description="Why")


@router.get(
    "/merges",
    summary="Merge candidates: two entities that look like one thing, and why",
    responses=errors(READ),
)
async def merge_candidates(
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    kind: Annotated[str | None, Query(description="enterprise, project, policy, ...")] = None,
    decided: Annotated[bool, Query(description="The merges and splits made so far")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    found, made = await call(
        settings.query_timeout,
        listing,
        store,
        minter,
        settings.data_dir,
        kind,
        decided,
        limit,
        offset,
    )
    items = [c.to_dict() for c in found] + [d.to_dict() for d in made]
    return JSONResponse({"items": items, "count": len(items), "limit": limit, "offset": offset})


@router.post(
    "/merge",
    summary="Merge two entities: drop becomes keep, everywhere",
    responses=errors(WRITE, 404, 409),
)
async def merge_entities(
    request: Request, store: StoreDep, minter: MinterDep, settings: SettingsDep, body: Merge
) -> JSONResponse:
    args = (body.keep, body.drop, body.reviewer, body.note)
    return await _identity(request, store, minter, settings, merge, *args)


@router.post(
    "/split",
    summary="Split a name or a merged IRI off an entity",
    responses=errors(WRITE, 404, 409),
)
async def split_entity(
    request: Request, store: StoreDep, minter: MinterDep, settings: SettingsDep, body: Split
) -> JSONResponse:
    args = (settings.data_dir, body.entity, body.other, body.reviewer, body.note)
    return await _identity(request, store, minter, settings, split, *args)


async def _identity(
    request: Request,
    store: Store,
    minter: Minter,
    settings: Settings,
    decision: Callable[..., Outcome],
    *args: object,
) -> JSONResponse:
    """A merge or a split (needs the write token), under the data directory's name rules:
    ``decision(store, minter, rules, *args)``."""
    require_writer(request, settings)
    rules = NameRules.load(settings.data_dir)
    out = await call(settings.query_timeout, decision, store, minter, rules, *args)
    return JSONResponse(out.to_dict())
