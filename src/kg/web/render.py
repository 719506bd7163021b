"""Rendering pages: one Jinja2 environment (autoescaped, with Jinja2's i18n extension
reading the catalogue of :mod:`kg.messages` in the page's language), the page language,
and the one shape of an error page.

Templates say words as gettext calls - ``{{ _('nav.home') }}``, ``{{ _('sources.total',
n=total) }}`` (values escaped, the catalogue's text trusted), ``{% trans %}nav.home{%
endtrans %}`` - name a thing by its label in the page language with ``label_of(item)``,
and ask ``key is message`` before saying a key built from data that may have no words,
say an error (:class:`kg.errors.KGError`: the error page's, a form's) with
``error_words(error)``, a figure's value or an amount with ``value|quantity(unit)``
(``2500亿元``; the ``number`` macro keeps the exact value beside it), and a match's score
with ``score|score`` (``0.970``, as the CSV and the terminal write it:
:func:`kg.match.scoring.score_text`). The language is the render's ``lang``, so one
environment serves both languages at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from kg.errors import KGError
from kg.iris import Minter
from kg.match.scoring import score_text
from kg.messages import MESSAGES, label, quantity, say, text
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
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    env.globals["label_of"] = _label_of
    env.filters["in_label_order"] = _in_label_order
    env.filters["quantity"] = _quantity
    env.filters["score"] = score_text
    env.tests["message"] = _is_message
    env.globals["web_link"] = web_link
    env.globals["of"] = of
    env.globals["error_words"] = _error_words
    return env


def error_words(exc: KGError, lang: str) -> str:
    """An error as a page in ``lang`` says it: by its key (:mod:`kg.errors`), else by the
    words of its code followed by its English message (a Chinese page), else that message.

    >>> from kg.errors import BadRequest
    >>> error_words(BadRequest(key="error.page"), "zh")
    '页码须为 1 或更大的整数'
    >>> error_words(BadRequest("no such graph"), "zh"), error_words(BadRequest("no such graph"), "en")
    ('请求有误：no such graph', 'no such graph')
    """
    said = exc.words(lang)
    if said is not None:
        return said
    generic = f"error.{exc.code}"
    if lang == "en" or generic not in MESSAGES:
        return exc.message
    return say("error.colon", lang, what=say(generic, lang), message=exc.message)


@pass_context
def _error_words(context: Context, exc: KGError) -> str:
    return error_words(exc, context["lang"])


@pass_context
def _gettext(context: Context, key: str) -> str:
    """gettext backed by the catalogue: the template of ``key`` in the render's language
    (the extension fills in the values)."""
    return text(key, context["lang"])


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    """ngettext: the ``singular`` key's template for one, the ``plural`` key's otherwise
    (Chinese says both alike; the catalogue holds the pair for English)."""
    return text(singular if n == 1 else plural, context["lang"])


@pass_context
def _label_of(context: Context, item: object) -> str:
    return label(item, context["lang"])


@pass_context
def _in_label_order(context: Context, items: list[object]) -> list[object]:
    """``items`` in the order of their labels in the page's language: the library sorts
    lists by their Chinese labels, which in English is no order at all."""
    if context["lang"] == "zh":
        return list(items)
    return sorted(items, key=lambda item: label(item, context["lang"]).casefold())


@pass_context
def _quantity(context: Context, value: object, unit: str | None = None) -> str:
    """A number (a figure's value, an amount) in the page's words: ``2500亿元``, ``250
    billion yuan`` (:func:`kg.messages.quantity`)."""
    return quantity(value, context["lang"], unit)


def _is_message(key: object) -> bool:
    return key in MESSAGES


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
    env = environment()
    hidden = context.keys() & env.globals.keys()
    assert not hidden, f"a page's names would hide the templates' functions: {hidden}"
    lang = language(request)
    minter: Minter = request.app.state.minter
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", "en" if lang == "zh" else "zh"))
    html = env.get_template(template).render(
        lang=lang,
        local=lambda iri: local_href(minter, iri),
        switch_href=f"{request.url.path}?{urlencode(params)}",
        section=section,
        **context,
    )
    response = HTMLResponse(html, status_code=status_code, headers={"Vary": "Accept, Cookie"})
    if request.query_params.get("lang") == lang:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def error_page(request: Request, exc: KGError) -> HTMLResponse:
    return page(request, "error.html", status_code=exc.status, error=exc)
