"""One error handler for every failure, one body shape: ``{"error": {"code", "message",
"details"?}}`` as JSON, or the same error as the HTML error page, by content negotiation.

Every failure becomes a :class:`~kg.errors.KGError` (framework errors - a wrong method, an
unknown path, invalid parameters - and unexpected exceptions too), and :func:`respond`
renders it: HTML when the client prefers it (a page's route prefers HTML when the client
does not say; every other route JSON), else JSON. The raw ASGI paths that answer before the
application (:mod:`kg.api.fastpath`, :mod:`kg.api.limits`, and :mod:`kg.api.serving` for
a request uvicorn cannot parse) write the JSON body with :func:`json_body`.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Match

from kg.errors import BadRequest, KGError
from kg.formats import DOCUMENT_JSON, HTML, acceptable
from kg.web.render import error_page

log = logging.getLogger("kg.api")

_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error(status: int, code: str, message: str, details: list[str] | None = None) -> KGError:
    """A :class:`KGError` with this status and code (for errors kg's tree does not name).

    >>> e = error(405, "method_not_allowed", "Method Not Allowed")
    >>> e.status, e.to_dict()
    (405, {'code': 'method_not_allowed', 'message': 'Method Not Allowed'})
    """
    exc = KGError(message, details=details or ())
    exc.status, exc.code = status, code
    return exc


def json_body(exc: KGError) -> bytes:
    """The JSON error body: the one serialisation of every error, from the application's
    handler (:func:`respond`) and the raw ASGI paths alike - compact, as every JSON answer
    of kg (``JSONResponse``'s separators), UTF-8.

    >>> json_body(error(413, "payload_too_large", "too big"))
    b'{"error":{"code":"payload_too_large","message":"too big"}}'
    """
    return json.dumps({"error": exc.to_dict()}, ensure_ascii=False, separators=(",", ":")).encode()


def prefers_html(request: Request) -> bool:
    """Whether the error goes out as the HTML page: the client prefers ``text/html`` to
    JSON, or says nothing either way on a page's route."""
    route = request.scope.get("route")
    is_page = getattr(route, "response_class", None) is HTMLResponse
    offered = (HTML, DOCUMENT_JSON) if is_page else (DOCUMENT_JSON, HTML)
    return acceptable(request.headers.get("accept"), offered) is HTML


def respond(request: Request, exc: KGError, headers: dict[str, str] | None = None) -> Response:
    """The one rendering of an error, as JSON or as the HTML error page."""
    response: Response | None = None
    if prefers_html(request):
        try:
            response = error_page(request, exc)
        except Exception:  # the page failing must not hide the error: JSON then
            log.exception("cannot render the error page")
    if response is None:
        response = Response(json_body(exc), exc.status, media_type="application/json")
    response.headers.update(headers or {})
    return response


async def _kg_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KGError)
    if exc.status >= 500 and exc.details:
        log.error("%s %s: %s (%s)", request.method, request.url.path, exc.message, exc.details)
    return respond(request, exc)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [
        f"{'.'.join(str(p) for p in err.get('loc', ()) if p not in ('query', 'body'))}: {err.get('msg')}"
        for err in exc.errors()
    ]
    return respond(request, BadRequest(key="error.parameters", details=details))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:  # every method of the path, not only its first route's
        headers["Allow"] = ", ".join(_allowed(request))
    code = _CODES.get(exc.status_code, "http_error")
    return respond(request, error(exc.status_code, code, message), headers)


def _allowed(request: Request) -> list[str]:
    """The methods some route answers at this path (asked of the routes themselves)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return respond(request, KGError(key="error.internal"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
