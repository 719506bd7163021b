"""Is an article (and a sentence) about the industry ecosystem? Topics, cue words, weighed.

An article whose title settles another topic and names no industry goes no further (会见,
会谈, 国事访问: diplomacy; 运动会: sport; 寒潮: weather; 地震: disaster; 俄称: war -
``data/lexicon/title-topics.csv``). Otherwise it goes on to extraction when its cue words (项目, 签约, 投产, 产业链, 园区, ...;
the title's count twice; weights in ``data/lexicon/relevance-cues.csv``) weigh enough and outweigh those of sport, weather, foreign affairs
and epidemics. Then a sentence counts when it names an actor, site, project or policy, or
joins an industry cue with an amount, an industry, a place, an event or an authority; an
article counts when enough of its sentences do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.extract.lexicon import Lexicon

SUBJECT_KINDS = {
    "enterprise",
    "university",
    "research-institute",
    "park",
    "project",
    "policy",
    "platform",
    "association",
}
ARTICLE_MIN = 2  # relevant sentences an article needs
ARTICLE_SCORE = 6  # or this much cue weight over the article
# An article with fewer cue words goes on to extraction when it writes names of economic
# actors and sites (集团, 公司, 产业园, 项目, 水库, ... - name suffixes of those kinds, two
# characters or more) this often, and is kept when this many of its sentences name an
# enterprise, a park, a project or an industry and one of them does business with it
# (:func:`does_business`): a story about one company (中国航发) or one works (蟠龙水库) need
# not use many words of economic news.
ACTOR_KINDS = frozenset({"enterprise", "park", "project", "industry"})
ACTOR_NAMES = 2  # name suffixes of actors and sites in the text
ACTOR_SENTENCES = 2  # sentences naming an actor, site or industry
HEADLINE_CUES = 2  # industry cue weight that keeps a title open to industry
# A title that speaks of a meeting at home (习近平在会见C919大型客机项目团队代表时强调) is no
# diplomatic one.
AT_HOME = re.compile(r"在会见.{2,40}时")


@dataclass(frozen=True)
class Verdict:
    relevant: bool
    score: int
    off_topic: int
    reason: str


def cue_score(text: str, table: dict[str, int]) -> int:
    return sum(weight * text.count(word) for word, weight in table.items())


def title_topic(title: str, lex: Lexicon) -> str | None:
    """The other topic a title settles, if any (李强会见阿联酋总统: diplomacy); a title that
    also names industry (寒潮来袭 重点项目建设不停工) settles nothing.

    >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
    >>> lex = load(SOURCE_TREE)
    >>> title_topic("李强会见阿联酋总统", lex), title_topic("俄称打击乌军工企业 乌称击落俄无人机", lex)
    ('diplomacy', 'war')
    >>> title_topic("习近平在会见C919大型客机项目团队代表时强调", lex) is None
    True
    >>> title_topic("寒潮来袭 重点项目建设不停工", lex) is None
    True
    """
    if AT_HOME.search(title) or cue_score(title, lex.cues) >= HEADLINE_CUES:
        return None
    return next((topic for word, topic in lex.title_topics.items() if word in title), None)


# Kinds that carry a fact about industry only next to an industry cue.
CONTEXT_KINDS = {"industry", "region", "event", "government"}


def sentence_relevant(text: str, kinds: set[str], has_money: bool, lex: Lexicon) -> bool:
    """A sentence of an article about industry carries facts when it names an actor, site,
    project, policy or industry, or when industry cues come with an amount, a place, an
    event or an authority."""
    if kinds & SUBJECT_KINDS:
        return True
    if "industry" in kinds:  # naming an industry is a cue in itself
        return True
    return cue_score(text, lex.cues) + has_money >= 2 and (has_money or bool(kinds & CONTEXT_KINDS))


def actor_names(text: str, lex: Lexicon) -> int:
    """How often a text writes the suffix of an enterprise's, a park's or a project's name
    (two characters or more: 集团, 有限公司, 产业园, 水库; not 园, as in 樱花园).

    >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
    >>> lex = load(SOURCE_TREE)
    >>> actor_names("位于广西玉林龙云灌区的蟠龙水库已进入装修施工。", lex)
    1
    >>> actor_names("在贵州贵安，樱花园里70多万株樱花竞相绽放。", lex)
    0

    A lexicon without such suffixes finds none (an empty pattern would match everywhere):

    >>> import dataclasses
    >>> actor_names("位于广西玉林龙云灌区的蟠龙水库已进入装修施工。", dataclasses.replace(lex, suffixes=()))
    0
    """
    ends = [s for s, kind in lex.suffixes if kind in ACTOR_KINDS and len(s) > 1]
    if not ends:
        return 0
    pattern = re.compile("|".join(map(re.escape, ends)))  # longest first: one hit per name
    return len(pattern.findall(text))


def article_precheck(title: str, text: str, lex: Lexicon) -> Verdict:
    """Topics and cue words alone, before any extraction: articles whose title settles
    another topic (:func:`title_topic`), off-topic articles and articles with neither enough
    industry cues nor names of economic actors and sites (:func:`actor_names`) go no
    further."""
    score = cue_score(title, lex.cues) * 2 + cue_score(text, lex.cues)
    off = cue_score(title, lex.off_topic) * 2 + cue_score(text, lex.off_topic)
    topic = title_topic(title, lex)
    if topic is not None:
        return Verdict(False, score, off, f"off topic ({topic})")
    if off > score:
        return Verdict(
            False, score, off, "off topic (sport, weather, foreign news, war, disaster, epidemic)"
        )
    if score < ARTICLE_SCORE:
        if actor_names(text, lex) >= ACTOR_NAMES:
            return Verdict(True, score, off, "names of enterprises, parks or projects")
        return Verdict(False, score, off, "too few industry words")
    return Verdict(True, score, off, "industry words")


def names_a_subject(kinds: set[str]) -> bool:
    """Whether a sentence names what industry facts are about: an actor, a site, a project,
    a policy, an event or an industry (not only places, amounts and dates)."""
    return bool(kinds & (SUBJECT_KINDS | {"industry", "event"}))


def names_an_actor(kinds: set[str]) -> bool:
    """Whether a sentence names an enterprise, a park, a project or an industry."""
    return bool(kinds & ACTOR_KINDS)


def does_business(text: str, kinds: set[str], lex: Lexicon) -> bool:
    """Whether a sentence names an enterprise, park, project or industry
    (:func:`names_an_actor`) with a verb or measure of business (投资, 签约, 开工, 投产, 建成,
    通车, 产值, 营收, 订单, 出口: ``economic`` in ``data/lexicon/relevance-cues.csv``).

    >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
    >>> lex = load(SOURCE_TREE)
    >>> does_business("滇藏铁路丽江至香格里拉段今天通车运营", {"project", "region"}, lex)
    True
    >>> does_business("全国铁路发送旅客超千万人次", {"project"}, lex)
    False
    """
    return names_an_actor(kinds) and any(word in text for word in lex.economic)


def article_verdict(
    title: str,
    text: str,
    relevant_sentences: int,
    subjects: int,
    lex: Lexicon,
    places: int = 0,
    actors: int = 0,
    business: int = 0,
) -> Verdict:
    """An article is about industry when its cue words say so, enough of its sentences carry
    industry facts, and at least one of them names a subject (:func:`names_a_subject`) - or,
    where its industry words are twice as many as an article needs, a place (``places``:
    sentences naming one): a county's own industry, its factories and orders, is the story.
    An article with few cue words is judged by its names (:func:`actor_names`): kept when
    ``actors`` (sentences naming an enterprise, park, project or industry) are two or more
    and ``business`` (such sentences doing business, :func:`does_business`) one or more.

    >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
    >>> lex = load(SOURCE_TREE)
    >>> works = "位于广西玉林龙云灌区的蟠龙水库泄水闸已进入装修施工。贵州黔东南宣威水库导流洞日前贯通。"
    >>> article_verdict("各地冬修水利", works, 2, 2, lex, actors=2, business=1).relevant
    True
    >>> article_verdict("各地冬修水利", works, 2, 2, lex, actors=2, business=0).reason
    'too few industry words'
    >>> text = "全县80多家企业开足马力赶订单，生产线全线运转，订单增加，产能提升。" * 2
    >>> article_verdict("赶订单", text, 3, 0, lex, places=2).relevant
    True
    >>> article_verdict("赶订单", text, 3, 0, lex, places=0).reason
    'no actor, site, project or policy'
    """
    first = article_precheck(title, text, lex)
    if not first.relevant:
        return first
    if first.score < ARTICLE_SCORE:  # few cue words: the names must carry it
        if actors >= ACTOR_SENTENCES and business and relevant_sentences >= ARTICLE_MIN:
            why = f"{actors} sentences name enterprises, parks, projects or industries"
            return Verdict(True, first.score, first.off_topic, why)
        return Verdict(False, first.score, first.off_topic, "too few industry words")
    if not subjects and not (places and first.score >= 2 * ARTICLE_SCORE):
        return Verdict(False, first.score, first.off_topic, "no actor, site, project or policy")
    if relevant_sentences >= ARTICLE_MIN or (
        relevant_sentences and first.score >= 2 * ARTICLE_SCORE
    ):
        why = f"{relevant_sentences} industry sentences"
        return Verdict(True, first.score, first.off_topic, why)
    return Verdict(False, first.score, first.off_topic, "no industry facts")
