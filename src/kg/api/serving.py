"""Serving the app with uvicorn: ``kg serve`` and the tests' real servers use :func:`config`.

uvicorn answers a request its HTTP parser cannot read (a request line or headers that are
malformed or too long, such as a query of hundreds of kilobytes in the URL, or a URL with
characters outside ASCII as ``curl 'http://.../api/match?region=黑龙江'`` sends it) itself,
with a plain-text 400. kg's :class:`Protocol` answers it in the one error shape, with the security
headers, like every other error.
"""

from __future__ import annotations

from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.api.errors import json_body
from kg.api.headers import with_security_headers
from kg.errors import BadRequest

UNREADABLE = (
    "the request could not be read: its request line or headers are malformed or too long. "
    "A URL is ASCII: percent-encode any other character (黑龙江 is %E9%BB%91%E9%BE%99%E6%B1%9F; "
    "curl -G --data-urlencode 'region=黑龙江'); send a long query in a POST body "
    "(Content-Type: application/sparql-query)"
)


class Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with kg's error body for requests it cannot parse."""

    def send_400_response(self, msg: str) -> None:  # uvicorn's text is replaced
        body = json_body(BadRequest(UNREADABLE))
        headers = with_security_headers(
            [
                *self.server_state.default_headers,
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ]
        )
        head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
        self.transport.write(b"HTTP/1.1 400 Bad Request\r\n" + head + b"\r\n" + body)
        self.transport.close()


def config(app: Any, host: str, port: int, **kwargs: Any) -> uvicorn.Config:
    """A uvicorn configuration for ``app`` with kg's HTTP protocol."""
    return uvicorn.Config(app, host=host, port=port, http=Protocol, **kwargs)
