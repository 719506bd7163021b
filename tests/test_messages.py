"""The one zh / en catalogue (kg.messages): every word the pages, reports and explanations
say is in it once, in both languages with the same values, and nothing else holds words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg.entities import KINDS
from kg.match import explain, words
from kg.match.groups import GROUPS
from kg.messages import LANGUAGES, MESSAGES, label, say, text
from kg.review import Unreviewed
from kg.web.entity import SECTIONS
from kg.web.render import environment

SRC = Path(__file__).resolve().parents[1] / "src" / "kg"
TEMPLATES = SRC / "web" / "templates"
CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(template: str) -> set[str]:
    """The named values of a message (gettext's Python format, ``%(n)s``)."""
    return set(re.findall(r"%\((\w+)\)s", template))


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_a_message_says_the_same_in_both_languages(key: str) -> None:
    zh, en = MESSAGES[key]
    assert fields(zh) == fields(en), key  # one set of values, whichever the language
    assert zh.strip() or en.strip(), key  # a word one language leaves out ("第 3 行")
    for template in (zh, en):
        # a field in str.format's braces would show as written
        assert not re.search(r"\{\w*\}", template), key
        filled = template % {name: "·" for name in fields(template)}  # a lone % fails here
        assert "%(" not in filled, key


def test_each_word_pair_is_defined_once() -> None:
    """Two keys with the same zh and en are one message (a page uses the one key)."""
    by_words: dict[tuple[str, str], list[str]] = {}
    for key, pair in MESSAGES.items():
        by_words.setdefault(pair, []).append(key)
    twice = {pair: keys for pair, keys in by_words.items() if len(keys) > 1}
    # a kind of thing and a predicate that happen to share their words; a review status
    # filter and the status of a fact
    allowed = {("职务", "role"), ("已驳回", "rejected")}
    assert set(twice) <= allowed, twice


def _template_keys() -> tuple[set[str], int]:
    """The keys the templates' ``_()`` / ``gettext`` calls and ``{% trans %}`` blocks name,
    read by Jinja2's own parser, and how many calls build their key from data."""
    env = environment()
    named: set[str] = set()
    built = 0
    for path in TEMPLATES.glob("*.html"):
        calls = env.extract_translations(  # type: ignore[attr-defined]  # the extension adds it
            path.read_text("utf-8")
        )
        for _line, _function, message in calls:
            key = message[0] if isinstance(message, tuple) else message  # (key, *values)
            if isinstance(key, str):
                named.add(key)
            else:
                built += 1
    return named, built


def test_every_key_the_templates_name_is_in_the_catalogue() -> None:
    named, built = _template_keys()
    assert len(named) > 150 and built > 5, "the parser finds the templates' words"
    assert sorted(named - set(MESSAGES)) == []


def test_the_templates_say_words_only_through_gettext() -> None:
    """No other helper, no ``t('...')`` of old: the pages' words go through the i18n
    extension, so ``_template_keys`` sees every one."""
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text("utf-8")
        assert not re.search(r"(?<![\w.])t[(.]", source), path.name
        assert not CJK.search(source), path.name  # Chinese words are the catalogue's


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pages_environment_reads_the_catalogue(lang: str) -> None:
    """One environment, the language of each render: ``_()`` with values (escaped, the
    catalogue's text trusted), ``{% trans %}``, ``label_of`` and the ``message`` test."""
    template = environment().from_string(
        "{{ _('nav.home') }}|{{ _('sources.total', n=n) }}|"
        "{% trans %}nav.search{% endtrans %}|{% trans n=2 %}sources.total{% endtrans %}|"
        "{{ label_of(place) }}|{{ 'nav.home' is message }}{{ 'no.such' is message }}|"
        "{{ _('no.such.key') }}"
    )
    rendered = template.render(lang=lang, n="<b>", place={"label": "哈尔滨", "label_en": "Harbin"})
    words = [say("nav.home", lang), say("sources.total", lang, n="&lt;b&gt;")]
    words += [say("nav.search", lang), say("sources.total", lang, n=2)]
    words += [label({"label": "哈尔滨", "label_en": "Harbin"}, lang), "TrueFalse", "no.such.key"]
    assert rendered.split("|") == words


def test_the_keys_pages_build_are_in_the_catalogue() -> None:
    """Keys a template builds from data: kinds, sections, partner groups."""
    built = {f"kind.{k}" for k in {*KINDS.values(), "source", "other"}}
    built |= {f"group.{s}" for s in SECTIONS}
    built |= {f"chain.group.{g}" for g in GROUPS} | {f"chain.group.{g}.help" for g in GROUPS}
    built |= {f"status.{s}" for s in ("Curated", "Editorial", "Extracted", "Rejected", "Imported")}
    built |= {f"unreviewed.{u}" for u in Unreviewed}
    assert sorted(built - set(MESSAGES)) == []


def test_unknown_keys_and_languages() -> None:
    assert say("no.such.key", "en") == "no.such.key"  # shows as its name, never fails a page
    with pytest.raises(ValueError):
        text("nav.home", "fr")
    assert [say("nav.home", lang) for lang in LANGUAGES] == ["首页", "Home"]
    assert text("sources.total", "en") == "%(n)s source documents"
    assert label({"label": "哈尔滨", "label_en": "Harbin"}, "en") == "Harbin"
    assert label({"label": "哈尔滨", "label_en": None}, "en") == "哈尔滨"
    assert label({"label": None, "label_en": "Harbin"}, "zh") == "Harbin"
    assert label({"iri": "https://example.org/x"}, "zh") == "x"  # no name: the local name


CODES = re.findall(r"^``([a-z]+\.[a-z]+)``", explain.__doc__ or "", re.M)
PARAMS: dict[str, object] = {
    "segment": "https://example.org/seg",
    "segment_label": "环节甲",
    "segment_label_en": "segment A",
    "status": "gap",
    "concept": "https://example.org/concept",
    "concept_label": "概念",
    "concept_label_en": "concept",
    "relation": "builds",
    "via": "https://example.org/p",
    "via_label": "项目",
    "via_label_en": "the project",
    "carrier": None,
    "keyword": "关键词",
    "coverage": "map",
    "also_labels": ["乙"],
    "also_labels_en": ["B"],
    "places_labels": ["东北"],
    "places_labels_en": ["Northeast"],
    "sources": 2,
    "sentences": 3,
}


def test_explain_lists_codes() -> None:
    assert len(CODES) >= 15 and "member.industry" in CODES and "trust.unreviewed" in CODES


@pytest.mark.parametrize("code", CODES)
def test_every_explanation_code_has_words_in_both_languages(code: str) -> None:
    zh, en = words.reason(code, PARAMS)
    assert zh != code and en != code  # a code without words falls back to itself
    assert CJK.search(zh) and not CJK.search(en.replace("环节甲", "").replace("关键词", ""))
    assert "{" not in zh + en and "None" not in zh + en


@pytest.mark.parametrize("code", ["industry.direct", "industry.via", "industry.region"])
def test_the_industry_match_codes_have_words(code: str) -> None:
    params = {
        "relation": "builds",
        "industry": "https://example.org/i",
        "industry_label": "无人机",
        "industry_label_en": "UAV",
        "target": "https://example.org/t",
        "target_label": "航空航天",
        "target_label_en": "aerospace",
        "broader": True,
        "via_label": "基地",
        "via_label_en": "the base",
        "region_label": "黑龙江省",
        "region_label_en": "Heilongjiang",
        "within": True,
        "placed_zh": [["", "哈尔滨市"], ["基地", "哈尔滨市"]],
        "placed_en": [["", "Harbin"], ["the base", "Harbin"]],
        "placed_up_zh": [["黑龙江省"], ["黑龙江省"]],
        "placed_up_en": [["Heilongjiang"], ["Heilongjiang"]],
    }
    zh, en = words.reason(code, params)
    assert CJK.search(zh) and not CJK.search(en) and "{" not in zh + en
    named = {"industry.direct": "UAV", "industry.via": "the base", "industry.region": "Harbin"}
    assert named[code] in en
    assert ("aerospace" in en) == (code != "industry.region")


def test_editorial_notes_say_their_rationale() -> None:
    zh, en = words.editorial([{"words": "无人机 → 航空", "rationale": "drones are aircraft"}])
    assert "无人机 → 航空" in zh and "drones are aircraft" in en and "editorial" in en


def _literals(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text("utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *(SRC / "match").glob("*.py"),
            *(SRC / "web").glob("*.py"),
            SRC / "merges.py",
            SRC / "classification.py",
        ]
    ),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_no_words_outside_the_catalogue(path: Path) -> None:
    """Matching, the pages and merge review give codes; their words are the catalogue's."""
    assert [s for s in _literals(path) if CJK.search(s)] == []


def _error_keys() -> set[str]:
    """The catalogue keys the code says errors by: the ``key=`` of every error it makes
    (written out), every string argument that names a key (``Key("kind.region")``,
    ``check_page(..., "noun.rows")``, the ``kind.*`` given to ``resolve``), and the words
    of every error code."""
    from kg.api.errors import _CODES
    from kg.errors import KGError

    classes, todo = set(), [KGError]
    while todo:
        cls = todo.pop()
        classes.add(cls)
        todo.extend(cls.__subclasses__())
    errors = {c.__name__ for c in classes}
    named = re.compile(r"^(error|noun|kind)\.[\w.-]+(?<!\.html)$")  # not a template
    keys: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            for kw in node.keywords:
                if kw.arg == "key" and name in errors:
                    v = kw.value
                    for one in [v.body, v.orelse] if isinstance(v, ast.IfExp) else [v]:
                        assert isinstance(one, ast.Constant) and isinstance(one.value, str), (
                            f"{path}:{node.lineno}: an error's key is written out"
                        )
                        keys.add(one.value)
            for arg in node.args:
                if isinstance(arg, ast.Constant) and named.match(str(arg.value)):
                    keys.add(str(arg.value))
    codes = {c.code for c in classes} | set(_CODES.values()) | {"http_error"}
    return keys | {f"error.{code}" for code in codes}


def test_every_error_key_the_code_says_has_words_in_both_languages() -> None:
    keys = _error_keys()
    assert {"error.page", "error.entity.none", "error.name.none", "kind.region"} <= keys
    assert {"error.not_found", "error.bad_request", "error.query_timeout"} <= keys
    missing = sorted(k for k in keys if k not in MESSAGES)
    assert missing == []
    for key in keys:
        zh, en = MESSAGES[key]
        assert zh.strip() and en.strip() and zh != en or key.startswith("kind."), key
