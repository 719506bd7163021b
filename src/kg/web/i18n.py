"""The page language: ``?lang=zh|en`` (remembered in a cookie), else the cookie, else
Chinese. The words are the catalogue's (:mod:`kg.messages`)."""

from __future__ import annotations

from kg.messages import DEFAULT, LANGUAGES

COOKIE = "kg_lang"


def pick(lang: str | None, cookie: str | None) -> str:
    """The page language: the ``lang`` parameter, else the cookie, else Chinese.

    >>> pick("en", None), pick(None, "en"), pick("fr", None), pick(None, None)
    ('en', 'en', 'zh', 'zh')
    """
    for value in (lang, cookie):
        if value in LANGUAGES:
            return value
    return DEFAULT


__all__ = ["COOKIE", "pick"]
