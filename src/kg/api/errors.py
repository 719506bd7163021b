"""One error body for every failure: ``{"error": {"code", "message", "details"?}}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from kg.errors import KGError

log = logging.getLogger("kg.api")


def error_response(
    status: int, code: str, message: str, details: list[str] | None = None
) -> JSONResponse:
    body: dict[str, object] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


async def _kg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KGError)
    if exc.status >= 500 and exc.details:
        log.error("%s %s: %s (%s)", request.method, request.url.path, exc.message, exc.details)
    return JSONResponse({"error": exc.to_dict()}, status_code=exc.status)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        f"{'.'.join(str(p) for p in err.get('loc', ()) if p not in ('query', 'body'))}: {err.get('msg')}"
        for err in exc.errors()
    ]
    return error_response(400, "bad_request", "invalid request parameters", details)


_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    response = error_response(exc.status_code, _CODES.get(exc.status_code, "http_error"), message)
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == 405:  # every method of the path, not only its first route's
        response.headers["Allow"] = ", ".join(_allowed(request))
    return response


def _allowed(request: Request) -> list[str]:
    """The methods some route answers at this path (asked of the routes themselves)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal_error", "internal error; the server log has the details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
