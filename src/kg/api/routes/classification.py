"""``/api/classification``: the national classification GB/T 4754-2017 - a class by code
(``3741``, ``C3741``, ``C 3741``) or name, and search by code prefix or part of a name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import READ, errors
from kg.classification import describe_class, search_classes
from kg.concurrency import call

router = APIRouter(prefix="/api/classification", tags=["classification"])


@router.get(
    "", summary="Find GB/T 4754-2017 classes by code or part of a name", responses=errors(READ)
)
async def search(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[
        str, Query(min_length=1, description="A code (374, C374, C 374) or part of a name (航天)")
    ],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, object]:
    found = await call(settings.query_timeout, search_classes, store, q, limit)
    return {"query": q, "results": found}


@router.get(
    "/{code}",
    summary="One GB/T 4754-2017 class by code or name, with what relates to it",
    responses=errors(READ, 404),
)
async def one(
    store: StoreDep, minter: MinterDep, settings: SettingsDep, code: str
) -> dict[str, object]:
    """Code, registry code, name and level; the path from its section; the classes under it;
    the kg industries aligned with it and the chain segments covering it (each with its
    rationale); how many organisations are registered under it."""
    return await call(settings.query_timeout, describe_class, store, minter, code)
