"""``/api/import``: a table in, facts with their records out (needs the write token).

``POST /api/import?filename=registry.xlsx&mapping=registry`` with the file as the body
(any content type; the file name's extension says how to read it). ``dry_run=true`` checks
every row and reports what would change without writing; ``strict=true`` writes nothing
when a row is bad. The answer is the report ``kg import --format json`` prints; a file
that cannot be read, or of which no row could be, is a 422 with every problem. ``GET /api/imports`` lists what was
imported. Imports run one at a time.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from kg.api.auth import require_writer
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import WRITE, errors
from kg.concurrency import call
from kg.errors import BadRequest, DataError, PayloadTooLarge
from kg.imports import import_file, imports, mapping_files
from kg.imports.read import SUFFIXES

router = APIRouter(prefix="/api", tags=["import"])

TIMEOUT = 1800.0  # seconds: a million-row registry export takes minutes
_LOCK = threading.Lock()


def _locked(fn, *args, **kwargs):
    with _LOCK:
        return fn(*args, **kwargs)


@router.post(
    "/import",
    summary="Import a table (CSV, XLSX, XLS, ODS, JSONL) with a mapping",
    responses=errors(WRITE, 422),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/octet-stream": {"schema": {}}}}
    },
)
async def import_table(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    filename: Annotated[
        str, Query(description="The file's name; its extension says how to read it")
    ],
    mapping: Annotated[str, Query(description="A shipped mapping: registry, parks, projects")],
    dry_run: Annotated[bool, Query(description="Check and report; write nothing")] = False,
    strict: Annotated[bool, Query(description="Write nothing when any row is bad")] = False,
    source: Annotated[
        str | None, Query(description="Id of the source (default: from filename)")
    ] = None,
    sheet: Annotated[
        list[str] | None, Query(description="Sheets to read (default: the first)")
    ] = None,
) -> JSONResponse:
    require_writer(request, settings)
    shipped = mapping_files(settings.data_dir)
    if mapping not in shipped:
        raise BadRequest(
            key="error.import.mapping",
            values={"name": repr(mapping), "allowed": ", ".join(shipped)},
        )
    name = Path(filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise BadRequest(
            key="error.import.suffix" if suffix else "error.import.suffix.none",
            values={"suffix": suffix, "allowed": ", ".join(sorted(SUFFIXES))},
        )
    with tempfile.TemporaryDirectory(prefix="kg-import-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        size = 0
        with path.open("wb") as f:
            async for chunk in request.stream():
                size += len(chunk)
                if size > settings.max_import_bytes:
                    raise PayloadTooLarge(
                        key="error.import.size", values={"most": settings.max_import_bytes}
                    )
                f.write(chunk)
        if not size:
            raise BadRequest(key="error.import.empty")
        report = await call(
            TIMEOUT,
            _locked,
            import_file,
            store,
            minter,
            settings.data_dir,
            path,
            shipped[mapping],
            source=source,
            sheets=sheet or None,
            dry_run=dry_run,
            strict=strict,
            filename=name,
        )
    body = report.to_dict()
    if not (report.written or dry_run or report.unchanged):  # the one error shape
        raise DataError(
            key="error.import.nothing",
            details=[
                f"row {b['row']}{' of ' + b['sheet'] if b['sheet'] else ''}: {'; '.join(b['reasons'])}"
                for b in body["bad"]
            ]
            or list(body["warnings"]),
        )
    return JSONResponse(body)


@router.get(
    "/imports",
    summary="The imported tables: file, SHA-256, mapping, graph, records",
    responses=errors(503),
)
async def imported(store: StoreDep, settings: SettingsDep) -> JSONResponse:
    items = await call(settings.query_timeout, imports, store)
    return JSONResponse({"imports": items, "mappings": sorted(mapping_files(settings.data_dir))})
