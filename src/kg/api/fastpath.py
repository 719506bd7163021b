"""A raw ASGI path for ``GET /sparql?query=...``, the hottest request of the service.

It skips the framework's routing and request objects and calls the same
:class:`kg.sparql.service.QueryService` as the FastAPI route, writing errors with
:func:`kg.api.errors.json_body`. Everything else passes through to the application - a
browser too (it prefers HTML), so that its errors come as the one handler's HTML page.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs

from starlette.datastructures import URL
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.api.errors import json_body
from kg.errors import KGError
from kg.formats import DOCUMENT_JSON, HTML, acceptable

log = logging.getLogger("kg.api")


class SparqlGetFastPath:
    """Wraps the whole application (outside its middleware stack). Requests that need more
    than this path gives - CORS, anything but ``GET /sparql?query=`` - go through."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] == "/sparql"
            and b"query=" in scope["query_string"]
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        service = getattr(self.state, "query_service", None)
        accept = headers.get("accept")
        if (
            service is None
            or ("origin" in headers and self.state.settings.cors_origins)
            or acceptable(accept, (DOCUMENT_JSON, HTML)) is HTML
        ):
            await self.app(scope, receive, send)
            return
        try:
            reply = await service.answer(
                _params(scope), accept, headers.get("if-none-match"), _base_iri(scope)
            )
            status, body, out = reply.status, reply.body, reply.headers
        except KGError as exc:
            status, body = exc.status, json_body(exc)
            out = {"Content-Type": "application/json"}
        except Exception:  # the one error shape, never the raw exception text
            log.exception("unexpected error in GET /sparql")
            status, out = 500, {"Content-Type": "application/json"}
            body = json_body(KGError(key="error.internal"))
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in out.items()]
        if status != 304:
            raw.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body if status != 304 else b""})


def _base_iri(scope: Scope) -> str:
    """The endpoint's URL, as :func:`kg.api.routes.sparql.base_iri` gives it."""
    return str(URL(scope=scope).replace(query=""))


def _params(scope: Scope) -> dict[str, list[str]]:
    return parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
