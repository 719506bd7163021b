"""``POST /api/backup``: a consistent backup of the store, made by the server that holds it
(with the write token), into ``KG_BACKUP_DIR``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kg.api.auth import require_writer
from kg.api.deps import SettingsDep, StoreDep
from kg.api.openapi import WRITE, errors
from kg.backup import backup, default_name, target_in
from kg.concurrency import call
from kg.errors import BadRequest
from kg.store import EmbeddedStore

router = APIRouter(prefix="/api", tags=["meta"])


class BackupRequest(BaseModel):
    name: str | None = Field(
        None, description="Directory name under KG_BACKUP_DIR (default: the time, UTC)"
    )


@router.post(
    "/backup",
    summary="Back the store up into KG_BACKUP_DIR",
    status_code=201,
    responses=errors(WRITE, 409),
)
async def make_backup(
    request: Request, store: StoreDep, settings: SettingsDep, body: BackupRequest | None = None
) -> JSONResponse:
    require_writer(request, settings)
    if not isinstance(store, EmbeddedStore) or store.path is None:
        raise BadRequest("this server's store is in memory: there is nothing on disk to back up")
    target = target_in(settings.backup_dir, (body.name if body else None) or default_name())
    made = await call(settings.query_timeout, backup, store, target)
    return JSONResponse(made, status_code=201)
