"""Who may write: a bearer token (``KG_WRITE_TOKEN``), compared in constant time."""

from __future__ import annotations

import hmac

from fastapi import Request

from kg.config import Settings
from kg.errors import Forbidden, Unauthorized


def require_writer(request: Request, settings: Settings) -> None:
    """Writes need ``Authorization: Bearer <token>``: 401 without it, 403 with a wrong one
    or when writes are off."""
    if not settings.writable or settings.write_token is None:
        raise Forbidden(key="error.read_only")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized(key="error.token.missing")
    if not hmac.compare_digest(
        token.strip().encode(), settings.write_token.get_secret_value().encode()
    ):
        raise Forbidden(key="error.token.invalid")
