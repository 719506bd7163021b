"""Explanation codes in words, zh and en - the one place the web, the CSV, the terminal
table and the API's ``text`` / ``text_en`` get them from. :mod:`kg.match.explain` and
:mod:`kg.match.engine` give codes with parameters; the words are the catalogue's
(``why.*`` in :mod:`kg.messages`); this module only chooses and fills them in."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, Protocol

from kg.messages import LANGUAGES, MESSAGES, label, say

Pair = tuple[str, str]  # (zh, en)
REMEMBERED = 4096  # reasons whose words :class:`Words` keeps


class Explained(Protocol):
    """What has words: a code with its parameters, and the editorial links it rests on."""

    code: str
    params: dict[str, object]
    editorial: list[dict[str, str]]


def _name(params: Mapping[str, object], key: str, lang: str) -> str:
    """A parameter in words: its label in ``lang`` (``{key}_label``, ``{key}_label_en``),
    else its value; an IRI without a label by its last segment."""
    if lang == "en":
        value = params.get(f"{key}_label_en") or params.get(f"{key}_label") or params.get(key)
    else:
        value = params.get(f"{key}_label") or params.get(key)
    text = str(value or "")
    return text.rsplit("/", 1)[-1] if text.startswith("http") else text


def _names(params: Mapping[str, object], key: str, lang: str) -> str:
    """A list parameter in words (``{key}_labels``, ``{key}_labels_en``), joined."""
    values: Any = params.get(f"{key}_labels_en" if lang == "en" else f"{key}_labels") or []
    return say("why.and", lang).join(map(str, values))


def _both(build: Callable[[str], str]) -> Pair:
    """``build`` in each language: (zh, en)."""
    zh, en = (build(lang) for lang in LANGUAGES)
    return zh, en


def _member(code: str, params: Mapping[str, Any], lang: str) -> str:
    segment = _name(params, "segment", lang)
    status = say(f"why.status.{params.get('status')}", lang) if params.get("status") else ""
    where = (
        say("why.segment", lang, segment=segment, status=status)
        if segment
        else say("why.segment.unknown", lang)
    )
    carrier = _name(params, "carrier", lang)
    coverage_key = f"why.coverage.{params.get('coverage')}"
    values = {
        "relation": say(f"why.relation.{params.get('relation')}", lang)
        if f"why.relation.{params.get('relation')}" in MESSAGES
        else say("why.relation.other", lang),
        "where": where,
        "carrier": say("why.carrier", lang, carrier=carrier) if carrier else "",
        "coverage": say("why.coverage", lang, coverage=say(coverage_key, lang))
        if coverage_key in MESSAGES
        else "",
        "concept": _name(params, "concept", lang),
        "via": _name(params, "via", lang),
        "keyword": params.get("keyword"),
    }
    if code == "member.industry" and params.get("concept") == params.get("segment"):
        return say("why.member.industry.segment", lang, **values)
    if code in ("member.operates", "member.founded"):
        code = "member.project"
    return say(f"why.{code}", lang, **values)


def _up(place: str, up: Sequence[str], lang: str) -> str:
    """A place with the places it lies in up to the region asked for (苏州市（江苏省 › 长三角）),
    or alone when it is that region."""
    return say("why.place.up", lang, place=place, up=" › ".join(up)) if up else place


def _where(code: str, params: Mapping[str, Any], lang: str) -> str:
    also = _names(params, "also", lang)
    ups: Any = params.get("places_up_labels_en" if lang == "en" else "places_up_labels") or []
    places: Any = params.get("places_labels_en" if lang == "en" else "places_labels") or []
    values = {
        "also": say("why.with", lang, also=also) if also else "",
        "places": say("why.and", lang).join(
            _up(str(p), ups[i] if i < len(ups) else [], lang) for i, p in enumerate(places)
        ),
    }
    if code == "where.local" and values["places"]:
        code = "where.local.places"
    return say(f"why.{code}", lang, **values)


def _industry(code: str, params: Mapping[str, Any], lang: str) -> str:
    """A reason of the industry match (:mod:`kg.match.engine`)."""
    if code == "industry.region":
        ups: Any = params.get(f"placed_up_{lang}") or []
        places = say("why.then", lang).join(
            say(
                "why.region.place",
                lang,
                thing=say("why.region.thing", lang, thing=thing) if thing else "",
                place=_up(place, ups[i] if i < len(ups) else [], lang),
            )
            for i, (thing, place) in enumerate(params.get(f"placed_{lang}") or [])
        )
        return say("why.region", lang, places=places)
    target = _name(params, "target", lang)
    broader = "" if not params.get("broader") else target
    values = {
        "relation": say(f"why.relation.{params.get('relation')}", lang),
        "industry": _name(params, "industry", lang),
        "via": _name(params, "via", lang),
    }
    if code == "industry.via":
        values["broader"] = say("why.industry.via.broader", lang, target=broader) if broader else ""
        return say("why.industry.via", lang, **values)
    values["broader"] = say("why.industry.broader", lang, target=broader) if broader else ""
    values["industry"] = _industry_name(values["industry"], lang)
    return say("why.industry", lang, **values)


def _industry_name(name: str, lang: str) -> str:
    """An industry's name with the noun ``lang`` says after it (``why.industry.noun``), but
    not after a name that already ends in the noun's last character (业): 数据产业 (not
    数据产业产业), 制造业 (not 制造业产业), 航空航天产业.

    >>> [_industry_name(n, "zh") for n in ("航空航天", "数据产业", "制造业")]
    ['航空航天产业', '数据产业', '制造业']
    >>> _industry_name("data industry", "en")
    'data industry'
    """
    noun = say("why.industry.noun", lang)
    return name if not noun or name.endswith(noun[-1]) else name + noun


def text(code: str, params: Mapping[str, Any], lang: str) -> str:
    """One explanation code with its parameters, in ``lang``."""
    family = code.split(".", 1)[0]
    if family == "member":
        return _member(code, params, lang)
    if family == "where":
        return _where(code, params, lang)
    if family == "industry":
        return _industry(code, params, lang)
    if family == "trust":
        return say(
            f"why.{code}",
            lang,
            sources=params.get("sources", 0),
            sentences=params.get("sentences", 0),
        )
    return code


def reason(code: str, params: Mapping[str, Any]) -> Pair:  # JSON-like values
    """One reason in words: (zh, en)."""
    return _both(lambda lang: text(code, params, lang))


def editorial(links: Sequence[Mapping[str, object]]) -> Pair:
    """The note a reason gets when it rests on editorial links (each with its rationale,
    and the words of the link when named)."""

    def note(lang: str) -> str:
        parts = [
            say(
                "why.editorial.link",
                lang,
                words=x.get("words_en") if lang == "en" and x.get("words_en") else x["words"],
                rationale=_rationale(x, lang),
            )
            if x.get("words")
            else _rationale(x, lang)
            for x in links
        ]
        return say("why.editorial", lang, links=say("why.then", lang).join(parts))

    return _both(note)


def _rationale(link: Mapping[str, object], lang: str) -> str:
    """An editorial link's rationale in the page's language, else the other; without its
    final full stop, as the note joins the links (；) and the reason has none."""
    first, other = ("rationale_en", "rationale") if lang == "en" else ("rationale", "rationale_en")
    return str(link.get(first) or link.get(other) or "").rstrip("。.")


def segment(state: Mapping[str, Any]) -> Pair:  # JSON-like values
    """A segment's status in words (``gap``, ``weak`` or ``present``)."""

    def words(lang: str) -> str:
        name = label(state, lang)
        status = state.get("status")
        return say(
            f"why.{status if status in ('gap', 'weak') else 'present'}",
            lang,
            segment=name,
            n=int(state.get("local_count") or 0),
            elsewhere=int(state.get("elsewhere_count") or 0),
            below=int(state.get("weak_below") or 3),
        )

    return _both(words)


def group(name: str) -> Pair:
    """A partner group's title (``strengthen``, ``fill``, ...), as the chain page says it."""
    return _both(lambda lang: say(f"chain.group.{name}", lang))


def _frozen(params: Mapping[str, Any]) -> Hashable:
    """The parameters as a hashable key (lists as tuples); ``None`` when one is not
    hashable."""
    try:
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        hash(key)
    except TypeError:
        return None
    return key


class Words:
    """What the results' ``to_dict`` calls for the text of a reason. The words of a code
    with its parameters are the same every time: the last :data:`REMEMBERED` are kept (a
    chain answer has a hundred reasons, most of them worded alike)."""

    def __init__(self) -> None:
        self._reason = functools.lru_cache(maxsize=REMEMBERED)(self._words)

    @staticmethod
    def _words(code: str, key: Hashable) -> Pair:
        return reason(code, dict(key))  # type: ignore[call-overload]  # the items of _frozen

    def reason(self, r: Explained) -> Pair:
        key = _frozen(r.params)
        zh, en = reason(r.code, r.params) if key is None else self._reason(r.code, key)
        if r.editorial:
            ezh, een = editorial(r.editorial)
            return (
                say("why.with_editorial", "zh", reason=zh, editorial=ezh),
                say("why.with_editorial", "en", reason=en, editorial=een),
            )
        return zh, en


WORDS = Words()

__all__ = ["WORDS", "Explained", "Words", "editorial", "group", "reason", "segment", "text"]
