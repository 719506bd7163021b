"""Rendering pages: one Jinja2 environment (autoescaped), the page language, and the one
shape of an error page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from kg.errors import KGError
from kg.iris import Minter
from kg.messages import Translator
from kg.web.i18n import COOKIE, pick
from kg.web.links import local_href, web_link


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
    env.globals["of"] = of
    return env


def of(item: object, key: str) -> object:
    """``item[key]`` of a mapping, ``item.key`` of an object, ``None`` if it has none: the
    macros take both a library's JSON (the API's shape) and the pages' dataclasses."""
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


def language(request: Request) -> str:
    return pick(request.query_params.get("lang"), request.cookies.get(COOKIE))


def page(
    request: Request,
    template: str,
    view: object = None,
    status_code: int = 200,
    *,
    section: str | None = None,
    **context: object,
) -> HTMLResponse:
    """Render ``template`` in the request's language, with the fields of ``view`` (a page's
    dataclass, :mod:`kg.web`) and ``context`` as its names. A ``?lang=`` choice is
    remembered in a cookie, and the switch link keeps the rest of the query."""
    if view is not None:
        assert is_dataclass(view), "a page's view is a dataclass"
        context = {f.name: getattr(view, f.name) for f in fields(view)} | context
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
            section=section,
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status_code, headers={"Vary": "Accept, Cookie"})
    if request.query_params.get("lang") == lang:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def error_page(request: Request, exc: KGError) -> HTMLResponse:
    return page(request, "error.html", status_code=exc.status, message=exc.message)
