"""``/api/match``: ranked partners for an industry, with reasons and evidence."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from kg.api.deps import ChainIndexesDep, MinterDep, PageDep, Place, SettingsDep, StoreDep
from kg.api.openapi import READ, errors
from kg.concurrency import call
from kg.errors import BadRequest
from kg.match import (
    PARTNER_KINDS,
    ChainQuery,
    ChainWeights,
    MatchQuery,
    match_chain,
    match_partners,
)
from kg.match.chain import QUERY_KINDS
from kg.match.report import chain_csv, to_csv
from kg.match.words import WORDS
from kg.review import Unreviewed
from kg.web.choices import place_or_region

router = APIRouter(prefix="/api", tags=["match"])


_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The ranked partners (JSON), or a CSV file",
        "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}},
    }
}


# /api/match's answer: _ANSWER's, and why no candidate fits when none does
_MATCH_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        **_ANSWER[200],
        "description": "The ranked partners (JSON), or a CSV file. With no candidate, the "
        "JSON's `none_reason` says why (else it is null): `code` `industry` (nothing is tied "
        "to the industry), `region.empty` (the region holds no entity at all), "
        "`region.elsewhere` (it holds `region_things` entities, none tied to the industry, "
        "which has `candidates` elsewhere), `kinds` (the kinds asked for, `kinds`, left out "
        "every candidate: `excluded`, by kind in `found`) or `benchmarks` (no region asked, "
        "only parks nobody is known to run: `benchmarks`), with `text` and `text_en`",
    }
}


@router.get(
    "/match",
    summary="Partners for an industry (and region)",
    response_class=Response,
    responses={**_MATCH_ANSWER, **errors(READ, 404)},
)
async def partner_match(
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    industry: Annotated[
        str, Query(description="Industry or chain: zh/en label, alias, key (industry/uav) or IRI")
    ],
    region: Annotated[
        str | None, Query(description="Keep only candidates present in this region (name or IRI)")
    ] = None,
    place: Place = None,
    kind: Annotated[
        list[str] | None, Query(description=f"Partner kinds: {', '.join(PARTNER_KINDS)}")
    ] = None,
    top: Annotated[int, Query(ge=1, le=1000)] = 10,
    unreviewed: Annotated[
        Unreviewed,
        Query(description="Use unreviewed (extracted) facts, or only curated ones"),
    ] = Unreviewed.INCLUDE,
    format: Annotated[
        Literal["json", "csv", "excel-csv"],
        Query(description="json, csv, or excel-csv (UTF-8 with a BOM, for Excel)"),
    ] = "json",
) -> Response:
    kinds = tuple(k.strip() for value in kind or [] for k in value.split(",") if k.strip())
    query = MatchQuery(industry, place_or_region(place or "", region or "") or None, kinds, top)
    view = unreviewed.view(store, minter)
    result = await call(settings.query_timeout, match_partners, view, minter, query)
    if format == "json":
        return JSONResponse(result.to_dict(WORDS))
    return _csv(to_csv(result, excel=format == "excel-csv"), "kg-match.csv")


def _csv(body: str, name: str) -> Response:
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or [] for v in value.split(",") if v.strip())


@router.get(
    "/chain-match",
    summary="Gap analysis and partner groups for a chain in a region",
    response_class=Response,
    responses={**_ANSWER, **errors(READ, 404)},
)
async def chain_match(
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    page: PageDep,
    indexes: ChainIndexesDep,
    chain: Annotated[
        str,
        Query(
            description="Industry chain (or an industry with one chain): zh/en label, key or IRI"
        ),
    ],
    region: Annotated[
        str | None, Query(description="Target region: name or IRI (this or place)")
    ] = None,
    place: Place = None,
    kind: Annotated[
        list[str] | None,
        Query(description=f"Kinds: {', '.join(QUERY_KINDS)}"),
    ] = None,
    tier: Annotated[
        list[str] | None,
        Query(description="Only these tiers (央企, 专精特新“小巨人”, ...: name or IRI)"),
    ] = None,
    where: Annotated[
        Literal["any", "inside", "outside"], Query(description="inside or outside the region")
    ] = "any",
    top: Annotated[int, Query(ge=1, le=1000, description="Candidates per group")] = 10,
    segment_fit: Annotated[float | None, Query(ge=0, description="Weight of segment fit")] = None,
    complementarity: Annotated[
        float | None, Query(ge=0, description="Weight of complementarity")
    ] = None,
    local_support: Annotated[
        float | None, Query(ge=0, description="Weight of local support")
    ] = None,
    recency: Annotated[float | None, Query(ge=0, description="Weight of recency")] = None,
    unreviewed: Annotated[
        Unreviewed,
        Query(description="Leave out candidates that only unreviewed (extracted) facts back"),
    ] = Unreviewed.INCLUDE,
    format: Annotated[
        Literal["json", "csv", "excel-csv"],
        Query(description="json, csv, or excel-csv (UTF-8 with a BOM, for Excel)"),
    ] = "json",
) -> Response:
    region = place_or_region(place or "", region or "")
    if not region.strip():
        raise BadRequest(key="error.region.none")
    query = ChainQuery(chain, region, _split(kind), _split(tier), where, top, page, unreviewed)
    given = {
        "segment_fit": segment_fit,
        "complementarity": complementarity,
        "local_support": local_support,
        "recency": recency,
    }
    weights = ChainWeights(**{k: v for k, v in given.items() if v is not None})
    result = await call(settings.query_timeout, match_chain, store, minter, query, weights, indexes)
    if format == "json":
        return JSONResponse(result.to_dict(WORDS))
    return _csv(chain_csv(result, excel=format == "excel-csv"), "kg-chain-match.csv")
