"""The OpenAPI document as the API behaves: each operation's real statuses, every error in
the one error body, and the media types really sent.

Routes declare their error statuses with :func:`errors` and their non-JSON bodies with
:func:`content`; :func:`document` builds the schema without FastAPI's automatic 422
(kg answers a bad parameter with 400) and with the error body as a named schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable error code: bad_request, query_syntax, not_found, ...")
    message: str = Field(description="What is wrong, for a person")
    details: list[str] | None = Field(None, description="Each problem, when there are several")


class ErrorBody(BaseModel):
    """Every error kg answers, whatever the status."""

    error: ErrorDetail


REASONS = {
    400: "Bad request: a parameter, the body or the query is malformed (the message says what and where)",
    401: "The operation needs `Authorization: Bearer <token>`",
    403: "Refused: a wrong token, writes are off, or an update sent to the query endpoint",
    404: "Nothing with that name or IRI",
    406: "None of the formats in `Accept` (or `format=`) can express this answer",
    409: "Conflict: a fact was already decided (nothing was written)",
    413: "The body or the query is larger than the server accepts",
    415: "The body's media type or charset cannot be read here",
    422: "Nothing could be read from the body (an ingest or an import): every problem listed",
    503: "The store is unavailable, or the work ran past the time limit and was stopped",
}

READ = (400, 503)  # any operation with parameters that reads the store
WRITE = (400, 401, 403, 413, 503)  # any operation that writes with the token


def errors(*statuses: int | Iterable[int]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for error statuses (ints or groups such as :data:`READ`), each
    with :class:`ErrorBody`."""
    flat: set[int] = set()
    for s in statuses:
        flat.update([s] if isinstance(s, int) else s)
    return {s: {"model": ErrorBody, "description": REASONS[s]} for s in sorted(flat)}


def content(*media_types: str, description: str = "Successful Response") -> dict[str, Any]:
    """A success response whose body is text or bytes in any of ``media_types``."""
    body = {"schema": {"type": "string"}}
    return {"description": description, "content": {m: body for m in media_types}}


def document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI schema (built once): FastAPI's, without its automatic 422."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            automatic = operation.get("responses", {}).get("422", {})
            if "HTTPValidationError" in str(automatic):
                del operation["responses"]["422"]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema
