"""Links on the pages: the local page of an IRI kg minted, and the only links to the
outside a page makes from data (absolute http(s) URLs)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from kg.iris import Minter


def local_href(minter: Minter, iri: str) -> str | None:
    """The page of an IRI kg minted, on this server; ``None`` for a foreign IRI."""
    key = minter.key(iri)
    return f"/id/{key}" if key is not None else None


def web_link(url: object) -> str | None:
    """A link target from data: only an absolute ``http``/``https`` URL with a host, else
    ``None`` (the page then shows the text) - never ``javascript:``, ``data:`` and the like.

    >>> web_link("https://www.news.cn/a.html")
    'https://www.news.cn/a.html'
    >>> web_link("javascript:alert(document.domain)") is None
    True
    >>> web_link(" JAVASCRIPT:alert(1)") is None, web_link("//evil.example/") is None
    (True, True)
    """
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or url != url.strip():
        return None
    return url


def pager(
    path: str, query: Iterable[tuple[str, str]], page: int, more: bool
) -> tuple[str | None, str | None]:
    """The previous and next page of a paged list at ``path`` (either may be ``None``),
    keeping the rest of the ``query`` but the language (the cookie keeps it).

    >>> pager("/review", [("status", "curated"), ("page", "2"), ("lang", "en")], 2, False)
    ('/review?status=curated&page=1', None)
    """
    base = [(k, v) for k, v in query if k not in ("page", "lang")]
    prev = f"{path}?{urlencode([*base, ('page', page - 1)])}" if page > 1 else None
    after = f"{path}?{urlencode([*base, ('page', page + 1)])}" if more else None
    return prev, after


__all__ = ["local_href", "pager", "web_link"]
