"""``/api/review``: the queue of extracted facts, and accepting or rejecting them.

Listing is open; decisions need ``Authorization: Bearer <KG_WRITE_TOKEN>`` and record the
reviewer and the time.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kg.api.auth import require_writer
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import READ, WRITE, errors
from kg.concurrency import call
from kg.review import MAX_LIMIT, ReviewFilter, decide, list_facts

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
