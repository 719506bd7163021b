"""The one zh / en catalogue (kg.messages): every word the pages, reports and explanations
say is in it once, in both languages with the same values, and nothing else holds words."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from kg.entities import KINDS
from kg.match import explain, words
from kg.match.groups import GROUPS
from kg.messages import LANGUAGES, MESSAGES, Translator, say
from kg.review import Unreviewed
from kg.web.entity import SECTIONS

SRC = Path(__file__).resolve().parents[1] / "src" / "kg"
TEMPLATES = SRC / "web" / "templates"
CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_a_message_says_the_same_in_both_languages(key: str) -> None:
    zh, en = MESSAGES[key]
    assert fields(zh) == fields(en), key  # one set of values, whichever the language
    assert zh.strip() or en.strip(), key


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


def test_every_key_the_templates_name_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_][\w.-]*)'[,)]", path.read_text("utf-8")))
    assert used, "the pattern finds the templates' keys"
    assert sorted(used - set(MESSAGES)) == []


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
        Translator("fr")
    assert [Translator(lang)("nav.home") for lang in LANGUAGES] == ["首页", "Home"]
    assert Translator("en").name({"label": "哈尔滨", "label_en": "Harbin"}) == "Harbin"
    assert Translator("en").name({"label": "哈尔滨", "label_en": None}) == "哈尔滨"


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
    sorted([*(SRC / "match").glob("*.py"), *(SRC / "web").glob("*.py"), SRC / "merges.py"]),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_no_words_outside_the_catalogue(path: Path) -> None:
    """Matching, the pages and merge review give codes; their words are the catalogue's."""
    assert [s for s in _literals(path) if CJK.search(s)] == []
