"""Rendering pages: one Jinja2 environment (autoescaped), the page language, and the one
shape of an error page."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from kg.errors import KGError
from kg.iris import Minter
from kg.web.i18n import COOKIE, Translator, pick
from kg.web.views import local_href


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kg.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["web_link"] = web_link
    return env


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


def language(request: Request) -> str:
    return pick(request.query_params.get("lang"), request.cookies.get(COOKIE))


def page(
    request: Request, template: str, status_code: int = 200, **context: object
) -> HTMLResponse:
    """Render ``template`` in the request's language. A ``?lang=`` choice is remembered in
    a cookie, and the switch link keeps the rest of the query."""
    lang = language(request)
    minter: Minter = request.app.state.minter
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", "en" if lang == "zh" else "zh"))
    html = (
        environment()
        .get_template(template)
        .render(
            t=Translator(lang),
            local=lambda iri: local_href(minter, iri),
            switch_href=f"{request.url.path}?{urlencode(params)}",
            section=context.pop("section", None),
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status_code, headers={"Vary": "Accept, Cookie"})
    if request.query_params.get("lang") == lang:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def error_page(request: Request, exc: KGError) -> HTMLResponse:
    return page(request, "error.html", exc.status, message=exc.message)
