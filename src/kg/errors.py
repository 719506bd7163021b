"""The one exception tree of kg. Each error carries its HTTP status and a stable code.

    KGError                      500 internal_error
    ├── BadRequest               400 bad_request
    │   ├── QuerySyntaxError     400 query_syntax
    │   ├── EvaluationError      400 evaluation_error  (a valid request that fails to run)
    │   └── UnsupportedFormat    400 unsupported_format
    ├── Unauthorized             401 unauthorized
    ├── Forbidden                403 forbidden
    ├── NotFound                 404 not_found
    ├── NotAcceptable            406 not_acceptable
    ├── PayloadTooLarge          413 payload_too_large
    ├── UnsupportedMediaType     415 unsupported_media_type  (a request body kg cannot read)
    ├── DataError                422 invalid_data     (bad input files: where and what)
    ├── StoreUnavailable         503 store_unavailable
    ├── QueryTimeout             503 query_timeout
    └── QueryMemory              503 query_memory     (a query or update over its memory cap)

The API renders every one of them as ``{"error": {"code", "message", "details"}}``; the CLI
prints ``error: message`` and exits non-zero. An error a person may meet on a page says
itself by a ``key`` of the one catalogue (:mod:`kg.messages`, ``error.*``) with its
``values``: its ``message`` is the catalogue's English (the JSON and the log), and the pages
say it in their own language (:func:`kg.web.render.error_words`); an error without a key
is said by the words of its ``code`` (``error.<code>``) and its English message.

>>> e = BadRequest(key="error.page")
>>> e.message, e.words("zh")
('page must be a whole number, 1 or more', '页码须为 1 或更大的整数')
>>> BadRequest("no key").words("en") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from kg.messages import say


class KGError(Exception):
    status = 500
    code = "internal_error"

    def __init__(
        self,
        message: str | None = None,
        *,
        key: str | None = None,
        values: Mapping[str, object] | None = None,
        details: Sequence[str] = (),
    ) -> None:
        self.key = key
        self.values = dict(values or {})
        if message is None:
            if key is None:
                raise TypeError("an error needs a message or a key")
            message = say(key, "en", **self.values)
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def words(self, lang: str) -> str | None:
        """The error in ``lang``, as the catalogue says its key (``None`` without one)."""
        return None if self.key is None else say(self.key, lang, **self.values)

    def to_dict(self) -> dict[str, object]:
        """The error as a client sees it. The details of a server-side failure (5xx: what
        the engine said, a traceback's last line) are for the log, not the client."""
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.details and self.status < 500:
            body["details"] = self.details
        return body


class BadRequest(KGError):
    status = 400
    code = "bad_request"


class QuerySyntaxError(BadRequest):
    code = "query_syntax"


class EvaluationError(BadRequest):
    code = "evaluation_error"


class UnsupportedFormat(BadRequest):
    code = "unsupported_format"


class Unauthorized(KGError):
    status = 401
    code = "unauthorized"


class Forbidden(KGError):
    status = 403
    code = "forbidden"


class NotFound(KGError):
    status = 404
    code = "not_found"


class Conflict(KGError):
    status = 409
    code = "conflict"


class NotAcceptable(KGError):
    status = 406
    code = "not_acceptable"


class PayloadTooLarge(KGError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(KGError):
    status = 415
    code = "unsupported_media_type"


class DataError(KGError):
    """Input data is wrong. ``details`` lists every problem as ``file:line: what``."""

    status = 422
    code = "invalid_data"


class StoreUnavailable(KGError):
    status = 503
    code = "store_unavailable"


class QueryTimeout(KGError):
    status = 503
    code = "query_timeout"


class QueryMemory(KGError):
    status = 503
    code = "query_memory"


def syntax_message(exc: SyntaxError, limit: int = 240, source: str | None = None) -> str:
    """A parser's message on one line: its position first, the long list of expected
    tokens cut short. With the ``source`` it parsed, a prefixed name whose prefix is not
    declared is said so (the engine lists it among the tokens it expected).

    >>> bad = SyntaxError("error at 1:26: expected one of OPTIONAL, Prefix not found, ['%']")
    >>> syntax_message(bad, source="SELECT * WHERE { ?s foo:p ?o }")
    "error at 1:26: the prefix 'foo:' is not declared (PREFIX foo: <...>)"
    """
    text = " ".join(str(exc).split())
    at = _POSITION.match(text)
    if source is not None and at and "Prefix not found" in text:
        lines = source.split("\n")  # the engine counts lines by \n alone
        line = lines[int(at.group(1)) - 1] if int(at.group(1)) <= len(lines) else ""
        name = _PNAME_BEFORE.search(line[: int(at.group(2)) - 1])
        if name:
            prefix = name.group(1)
            return f"{at.group()} the prefix '{prefix}:' is not declared (PREFIX {prefix}: <...>)"
    return text if len(text) <= limit else text[: limit - 3] + "..."


_POSITION = re.compile(r"error at (\d+):(\d+):")
# the prefixed name the position ends (a prefix: PN_CHARS_BASE first, any letter or digit on)
_PNAME_BEFORE = re.compile(r"(?<![\w.-])([^\W\d_][\w.-]*|):[\w.:%-]*\s*$")
