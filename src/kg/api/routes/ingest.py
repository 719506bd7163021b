"""``POST /api/ingest``: news in, extracted facts out (needs the write token).

The body is one article (``text/plain``, ``text/markdown``, ``text/html``; ``?id=`` names
it, ``?date=&title=&url=`` say what a JSONL line would, as ``kg ingest --date --title --url``
does: :func:`kg.ingest.read.given`) or many (``application/x-ndjson``: ``{id, url, date,
title, text}`` a line). The answer
is the same summary ``kg ingest`` prints. Ingests run one at a time; the pipeline (its
gazetteer, tokenizer and relevance model) is built once and again only after someone else
writes or the relevance model file changes.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from kg.api.auth import require_writer
from kg.api.deps import MinterDep, SettingsDep, StoreDep
from kg.api.openapi import WRITE, errors
from kg.concurrency import call
from kg.errors import BadRequest, DataError, UnsupportedMediaType
from kg.ingest.read import ARTICLE_FORMATS, Given, by_media_type, given, is_article_id
from kg.iris import Minter
from kg.store import Store

if TYPE_CHECKING:
    from kg.ingest import Pipeline

router = APIRouter(prefix="/api", tags=["ingest"])

MEDIA_TYPES = [m for f in ARTICLE_FORMATS for m in f.media_types]
TIMEOUT = 1800.0  # seconds; writes are batched and atomic, so a cut-off run resumes cleanly


class Ingester:
    """One pipeline per app, rebuilt when the store changed by other hands, the relevance
    model file, the labeller's provenance or the sector model changed (retrained while the
    server runs: its articles are judged and extracted by the new model, as `kg ingest`
    would)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pipeline: Pipeline | None = None
        self._version: str | None = None

    def run(
        self, store: Store, minter: Minter, data_dir: Path, path: Path, said: Given | None
    ) -> dict[str, object]:
        from kg.ingest import Pipeline
        from kg.ingest.extract.labeller import PROVENANCE_FILE
        from kg.ingest.extract.lexicon import file_sha256
        from kg.ingest.extract.sectors import MODEL_FILE as SECTOR_MODEL
        from kg.ingest.relevance import MODEL_FILE

        lexicon = data_dir / "lexicon"
        with self._lock:
            pipeline = self._pipeline
            if (
                pipeline is None
                or self._version != store.version
                or file_sha256(lexicon, MODEL_FILE) != pipeline.model_sha256
                or file_sha256(lexicon, PROVENANCE_FILE) != pipeline.labeller_sha256
                or file_sha256(lexicon, SECTOR_MODEL) != pipeline.sectors_sha256
            ):
                pipeline = self._pipeline = Pipeline(store, minter, data_dir)
            report = pipeline.run([path], given=said)
            self._version = store.version
            return report.to_dict()


@router.post(
    "/ingest",
    summary="Ingest news articles (text, Markdown, HTML or JSONL)",
    responses=errors(WRITE, 415, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {m: {"schema": {}} for m in MEDIA_TYPES},  # any text
        }
    },
)
async def ingest(
    request: Request,
    store: StoreDep,
    minter: MinterDep,
    settings: SettingsDep,
    id: Annotated[
        str | None, Query(description="Id of a single article (default: from its content)")
    ] = None,
    date: Annotated[
        str | None,
        Query(
            description="Date of a single article, YYYY-MM-DD (default: the first date "
            "written in it; without one, relative dates such as 今天 stay unresolved); "
            "anything else is a 400",
            examples=["2024-08-23"],
        ),
    ] = None,
    title: Annotated[
        str | None,
        Query(description="Title of a single article (default: its first line)"),
    ] = None,
    url: Annotated[
        str | None,
        Query(description="Web address of a single article (http:// or https://)"),
    ] = None,
) -> JSONResponse:
    require_writer(request, settings)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = by_media_type(media)
    if fmt is None:
        raise UnsupportedMediaType(
            key="error.ingest.media" if media else "error.ingest.media.none",
            values={"media": media, "allowed": ", ".join(MEDIA_TYPES)},
        )
    if id is not None and (not fmt.single or not is_article_id(id)):
        raise BadRequest(key="error.ingest.id")
    said = given(date, title, url, single=fmt.single)
    body = await request.body()
    if not body.strip():
        raise BadRequest(key="error.ingest.empty")
    state = request.app.state
    if getattr(state, "ingester", None) is None:
        state.ingester = Ingester()
    with tempfile.TemporaryDirectory(prefix="kg-ingest-") as tmp:
        name = id or f"doc-{hashlib.sha256(body).hexdigest()[:16]}"
        path = Path(tmp) / f"{name}{fmt.suffixes[0]}"
        path.write_bytes(body)
        report = await call(
            TIMEOUT, state.ingester.run, store, minter, settings.data_dir, path, said
        )
        report = _of_the_body(report, str(path))
    if not report["read"] and report["failures"]:
        raise DataError(key="error.ingest.nothing", details=report["failures"])
    return JSONResponse(report)


BODY = "request body"  # what the report calls the file the server wrote the body to


def _of_the_body(value: Any, path: str) -> Any:
    """The report with the server's temporary file named as the client knows it: the
    request body (``request body: item X: no date``, ``request body:3: not a JSON object``),
    not a path on the server.

    >>> _of_the_body({"warnings": ["/tmp/kg-ingest-x/doc.txt: item doc: no date"]}, "/tmp/kg-ingest-x/doc.txt")
    {'warnings': ['request body: item doc: no date']}
    """
    if isinstance(value, str):
        return value.replace(path, BODY)
    if isinstance(value, list):
        return [_of_the_body(v, path) for v in value]
    if isinstance(value, dict):
        return {k: _of_the_body(v, path) for k, v in value.items()}
    return value
