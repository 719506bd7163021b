"""``/api/match``: ranked partners for an industry, with reasons and evidence."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.concurrency import call
from kg.match import PARTNER_KINDS, MatchQuery, match_partners
from kg.match.report import to_csv

router = APIRouter(prefix="/api", tags=["match"])


@router.get("/match", summary="Partners for an industry (and region)")
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
    kind: Annotated[
        list[str] | None, Query(description=f"Partner kinds: {', '.join(PARTNER_KINDS)}")
    ] = None,
    top: Annotated[int, Query(ge=1, le=1000)] = 10,
    format: Annotated[
        Literal["json", "csv", "excel-csv"],
        Query(description="json, csv, or excel-csv (UTF-8 with a BOM, for Excel)"),
    ] = "json",
) -> Response:
    kinds = tuple(k.strip() for value in kind or [] for k in value.split(",") if k.strip())
    query = MatchQuery(industry, region, kinds, top)
    result = await call(settings.query_timeout, match_partners, store, minter, query)
    if format == "json":
        return JSONResponse(result.to_dict())
    body = to_csv(result, excel=format == "excel-csv")
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kg-match.csv"'},
    )
