"""Is an article (and a sentence) about the industry ecosystem? Topics, cue words, weighed.

An article whose title settles another topic and names no industry goes no further (会见,
会谈, 国事访问: diplomacy; 运动会: sport; 寒潮: weather; 地震: disaster; 俄称: war -
``data/lexicon/title-topics.csv``). Otherwise it goes on to extraction when its cue words (项目, 签约, 投产, 产业链, 园区, ...;
the title's count twice; weights in ``data/lexicon/relevance-cues.csv``) weigh enough and outweigh those of sport, weather, foreign affairs
and epidemics. Then a sentence counts when it names an actor, site, project or policy, or
joins an industry cue with an amount, an industry, a place, an event or an authority; an
article counts when enough of its sentences do.

That hand-written gate is kept (``Pipeline(learned_relevance=False)``); the pipeline's
verdict by default is :class:`Classifier`'s, a logistic regression learned from blind
relevance labels (``bench/relevance.py``, shipped as ``data/lexicon/relevance-model.json``)
in two stages: before extraction from the text alone (character bigrams of title and text,
the cue weights above), so that only clear non-industry items skip extraction; after it,
from the text and what extraction found in it (:class:`Facts`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ingest.extract.lexicon import Lexicon, load_model
from kg.ingest.extract.model import SentenceFacts

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
# (:func:`does_business`): a story about one company (中国航发) or one works (岳城水库) need
# not use many words of economic news.
ACTOR_KINDS = frozenset({"enterprise", "park", "project", "industry"})
ACTOR_NAMES = 2  # name suffixes of actors and sites in the text
ACTOR_SENTENCES = 2  # sentences naming an actor, site or industry
HEADLINE_CUES = 2  # industry cue weight that keeps a title open to industry
# A title that speaks of a meeting at home (习主席在会见美国工商界和战略学术界代表时指出: in
# Beijing, with business people) is no diplomatic one.
AT_HOME = re.compile(r"在会见.{2,40}时")


# A report of a digest carries industry facts for kg only when it is about China: news of
# economies abroad (a forecast, an index, a strike) is foreign news, and a project abroad
# counts when a Chinese party builds or joins it (中企承建, 中国企业投资, 中方). The text names
# China - not inside 发展中国家 (developing countries) nor 华盛顿, 华尔街 - or one of its
# divisions is among the report's places (a domestic report names its province or city).
CHINA_WORDS = re.compile(r"(?<!发展)中国|我国|中企|中方|中资|(?:对|在|来|访)华(?!盛顿|尔街|沙)")


def about_china(text: str, found: Iterable[SentenceFacts]) -> bool:
    """Whether a text (one report of a digest, its headline with it) is about China: it
    names China, or a place it names is one of China's divisions (a gazetteer entry with a
    division code).

    >>> about_china("中企承建的柬埔寨公路升级项目开工", [])
    True
    >>> about_china("欧佩克维持今明两年全球石油需求预测", [])
    False
    >>> about_china("德国第三季度国内生产总值环比下降0.1%，美国全国广播公司报道", [])
    False
    >>> about_china("发展中国家代表在华盛顿出席会议", [])
    False
    """
    if CHINA_WORDS.search(text):
        return True
    return any(
        m.kind == "region" and m.entry is not None and m.entry.code
        for f in found
        for m in f.mentions
    )


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
    >>> title_topic("习主席在会见美国工商界和战略学术界代表时指出", lex) is None
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
    >>> actor_names("6月15日，我们来到河北最大的灌区漳滏河灌区，位于上游的岳城水库已经加大下泄流量，为下游农田提供水源。", lex)
    1
    >>> actor_names("在贵州贵安，樱花园里70多万株樱花竞相绽放。", lex)
    0

    A lexicon without such suffixes finds none (an empty pattern would match everywhere):

    >>> import dataclasses
    >>> actor_names("6月15日，我们来到河北最大的灌区漳滏河灌区，位于上游的岳城水库已经加大下泄流量，为下游农田提供水源。", dataclasses.replace(lex, suffixes=()))
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
    >>> does_business("云南弥勒至蒙自高铁今日开通运营", {"project", "region"}, lex)
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
    >>> works = "东北的天气还有点冷，但在黑龙江鹤岗市关门嘴子水库，工程建设一派繁忙。辽宁四处大型灌区改造工程加紧施工，工程将在4月陆续完工。"
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


# --- the learned verdict ------------------------------------------------------------------

MODEL_FILE = "relevance-model.json"  # in the lexicon folder
MODEL_FORMAT = "kg-relevance-model/1"
# Kinds whose mentions stage two counts (sentences naming one, log-scaled).
FACT_KINDS = (
    "enterprise",
    "university",
    "research-institute",
    "government",
    "platform",
    "association",
    "park",
    "project",
    "event",
    "policy",
    "industry",
    "region",
    "person",
    "media",
)


# The dense features of each stage (:func:`text_features`, :func:`fact_features`), in order.
TEXT_FEATURES = ("cues", "off_topic", "title_topic", "actor_names", "length", "precheck")
FACT_FEATURES = (
    "sentences",
    "relevant",
    "relevant_share",
    "subjects",
    "places",
    "actors",
    "business",
    "money",
    "relations",
    *(f"kind:{kind}" for kind in FACT_KINDS),
    "hand_verdict",
)
DENSE_FEATURES = (*TEXT_FEATURES, *FACT_FEATURES)


@dataclass(frozen=True)
class Facts:
    """What extraction found in an article, the inputs of the learned verdict's second stage
    (and of :func:`article_verdict`)."""

    sentences: int = 0  # sentences of the article
    relevant: int = 0  # sentences carrying industry facts (:func:`sentence_relevant`)
    subjects: int = 0  # sentences naming a subject (:func:`names_a_subject`)
    places: int = 0  # sentences naming a place
    actors: int = 0  # sentences naming an actor (:func:`names_an_actor`)
    business: int = 0  # such sentences doing business (:func:`does_business`)
    kinds: Mapping[str, int] = field(default_factory=dict)  # sentences naming each kind
    money: int = 0  # sentences stating an amount of money
    relations: int = 0  # relations found

    @classmethod
    def of(cls, found: Iterable[SentenceFacts], norm: str, lex: Lexicon) -> Facts:
        """The facts of an article's sentences as extraction first finds them (every
        sentence, each mention, before short names are resolved by context)."""
        n = relevant = subjects = places = actors = business = money = relations = 0
        kinds: dict[str, int] = {}
        for f in found:
            named = {m.kind for m in f.mentions}
            piece = norm[f.start : f.end]
            n += 1
            relevant += sentence_relevant(piece, named, bool(f.money), lex)
            subjects += names_a_subject(named)
            places += "region" in named
            actors += names_an_actor(named)
            business += does_business(piece, named, lex)
            money += bool(f.money)
            relations += len(f.relations)
            for kind in named:
                kinds[kind] = kinds.get(kind, 0) + 1
        return cls(n, relevant, subjects, places, actors, business, kinds, money, relations)


@dataclass(frozen=True)
class LearnedVerdict:
    """The learned verdict on an article: which stage gave it, with what probability."""

    relevant: bool
    stage: int  # 1: before extraction, 2: after it
    probability: float
    threshold: float

    @property
    def reason(self) -> str:
        sign = ">=" if self.relevant else "<"
        return f"learned stage {self.stage}: p {self.probability:.2f} {sign} {self.threshold:.2f}"


def bigrams(text: str) -> set[str]:
    """The character bigrams of a text.

    >>> sorted(bigrams("签约项目"))
    ['签约', '约项', '项目']
    """
    return {text[i : i + 2] for i in range(len(text) - 1)}


def text_features(title: str, text: str, lex: Lexicon) -> dict[str, float]:
    """The dense features stage one reads besides the bigrams: the hand gate's cue weights
    (log-scaled), whether the title settles another topic, names of economic actors and
    the hand gate's own first verdict."""
    first = article_precheck(title, text, lex)  # its score and off_topic: the cue weights
    return {
        "cues": math.log1p(first.score),
        "off_topic": math.log1p(first.off_topic),
        "title_topic": float(title_topic(title, lex) is not None),
        "actor_names": math.log1p(actor_names(text, lex)),
        "length": math.log1p(len(text)),
        "precheck": float(first.relevant),
    }


def fact_features(title: str, text: str, facts: Facts, lex: Lexicon) -> dict[str, float]:
    """The dense features stage two adds: what extraction found (log-scaled counts of the
    sentences naming each kind, amounts, relations, ...) and the hand gate's verdict."""
    out = {
        "sentences": math.log1p(facts.sentences),
        "relevant": math.log1p(facts.relevant),
        "relevant_share": facts.relevant / facts.sentences if facts.sentences else 0.0,
        "subjects": math.log1p(facts.subjects),
        "places": math.log1p(facts.places),
        "actors": math.log1p(facts.actors),
        "business": math.log1p(facts.business),
        "money": math.log1p(facts.money),
        "relations": math.log1p(facts.relations),
    }
    for kind in FACT_KINDS:
        out[f"kind:{kind}"] = math.log1p(facts.kinds.get(kind, 0))
    hand = article_verdict(
        title, text, facts.relevant, facts.subjects, lex, facts.places, facts.actors, facts.business
    )
    out["hand_verdict"] = float(hand.relevant)
    return out


def _sparse(grams: set[str], index: Mapping[str, int]) -> list[int]:
    return sorted(index[g] for g in grams if g in index)


@dataclass(frozen=True)
class Stage:
    """One logistic regression: a bias, a weight per vocabulary bigram of the text and of
    the title (each group L2-normalised: a present bigram weighs 1/sqrt(bigrams present)),
    and a weight per dense feature (standardised by the model's means and scales)."""

    threshold: float
    bias: float
    text: tuple[float, ...]
    title: tuple[float, ...]
    dense: Mapping[str, float]

    def probability(
        self, text: list[int], title: list[int], dense: Mapping[str, float], scale: Scaler
    ) -> float:
        z = self.bias
        if text:
            z += sum(self.text[i] for i in text) / math.sqrt(len(text))
        if title:
            z += sum(self.title[i] for i in title) / math.sqrt(len(title))
        for name, w in self.dense.items():
            z += w * scale.standard(name, dense[name])
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


@dataclass(frozen=True)
class Scaler:
    mean: Mapping[str, float]
    scale: Mapping[str, float]

    def standard(self, name: str, value: float) -> float:
        return (value - self.mean[name]) / self.scale[name]


@dataclass(frozen=True)
class Classifier:
    """The learned relevance verdict (``data/lexicon/relevance-model.json``, written by
    ``bench/relevance.py train``): :meth:`stage_one` before extraction, :meth:`stage_two`
    after it. Pure Python at run time (a few hundred dictionary look-ups an article)."""

    text_vocabulary: Mapping[str, int]
    title_vocabulary: Mapping[str, int]
    scaler: Scaler
    one: Stage
    two: Stage
    sha256: str = ""  # of the model file
    provenance: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Classifier:
        """The model of ``path``; a missing, unreadable or inconsistent file is a
        ``DataError`` that says what is wrong."""
        return load_model(path, "relevance model", cls.from_dict)

    @classmethod
    def from_dict(cls, doc: object, sha256: str = "") -> Classifier:
        """The model a decoded ``relevance-model.json`` holds (:class:`ModelError` when it
        is not one)."""
        d = _mapping(doc, "the file")
        if d.get("format") != MODEL_FORMAT:
            raise ModelError(f"format is {d.get('format')!r}, expected {MODEL_FORMAT!r}")
        vocab = _mapping(d.get("vocabulary"), "vocabulary")
        text_v = _strings(vocab.get("text"), "vocabulary.text")
        title_v = _strings(vocab.get("title"), "vocabulary.title")
        dense = _mapping(d.get("dense"), "dense")
        names = _strings(dense.get("names"), "dense.names")
        mean = _numbers(dense.get("mean"), "dense.mean", len(names))
        scale = _numbers(dense.get("scale"), "dense.scale", len(names))
        if any(s <= 0 for s in scale):
            raise ModelError("dense.scale: every scale must be positive")
        scaler = Scaler(dict(zip(names, mean, strict=True)), dict(zip(names, scale, strict=True)))
        stages = _mapping(d.get("stages"), "stages")
        built = []
        for key in ("one", "two"):
            st = _mapping(stages.get(key), f"stages.{key}")
            threshold = _number(st.get("threshold"), f"stages.{key}.threshold")
            if not 0 < threshold < 1:
                raise ModelError(f"stages.{key}.threshold: {threshold} is not between 0 and 1")
            weights = _mapping(st.get("dense"), f"stages.{key}.dense")
            unknown = sorted(set(weights) - set(names))
            if unknown:
                raise ModelError(f"stages.{key}.dense: no mean and scale for {', '.join(unknown)}")
            built.append(
                Stage(
                    threshold,
                    _number(st.get("bias"), f"stages.{key}.bias"),
                    tuple(_numbers(st.get("text"), f"stages.{key}.text", len(text_v))),
                    tuple(_numbers(st.get("title"), f"stages.{key}.title", len(title_v))),
                    {k: _number(v, f"stages.{key}.dense.{k}") for k, v in weights.items()},
                )
            )
        one, two = built
        if set(one.dense) - set(TEXT_FEATURES):
            raise ModelError("stages.one.dense: stage one reads the text alone")
        missing = sorted(set(DENSE_FEATURES) - set(names))
        if missing or set(two.dense) != set(DENSE_FEATURES) or set(one.dense) != set(TEXT_FEATURES):
            raise ModelError(
                "dense: the model does not weigh the features this kg computes "
                f"({', '.join(missing) or 'a stage leaves one out'})"
            )
        return cls(
            {g: i for i, g in enumerate(text_v)},
            {g: i for i, g in enumerate(title_v)},
            scaler,
            one,
            two,
            sha256,
            dict(_mapping(d.get("provenance", {}), "provenance")),
        )

    def inputs(self, title: str, text: str, lex: Lexicon) -> TextInputs:
        """What both stages read of the text (``title`` and ``text`` simplified): read once
        an article, given to :meth:`stage_one` and :meth:`stage_two`."""
        return TextInputs(
            _sparse(bigrams(text), self.text_vocabulary),
            _sparse(bigrams(title), self.title_vocabulary),
            text_features(title, text, lex),
        )

    def stage_one(
        self, title: str, text: str, lex: Lexicon, inputs: TextInputs | None = None
    ) -> LearnedVerdict:
        """Before extraction: relevant enough to extract (``title`` and ``text`` simplified)?"""
        i = inputs or self.inputs(title, text, lex)
        p = self.one.probability(i.text, i.title, i.dense, self.scaler)
        return LearnedVerdict(p >= self.one.threshold, 1, p, self.one.threshold)

    def stage_two(
        self, title: str, text: str, facts: Facts, lex: Lexicon, inputs: TextInputs | None = None
    ) -> LearnedVerdict:
        """After extraction: does the article carry industry-ecosystem facts?"""
        i = inputs or self.inputs(title, text, lex)
        dense = {**i.dense, **fact_features(title, text, facts, lex)}
        p = self.two.probability(i.text, i.title, dense, self.scaler)
        return LearnedVerdict(p >= self.two.threshold, 2, p, self.two.threshold)


@dataclass(frozen=True)
class TextInputs:
    """The vocabulary bigrams of an article's text and title (indices) and its dense text
    features."""

    text: list[int]
    title: list[int]
    dense: dict[str, float]


class ModelError(ValueError):
    """What is wrong with a relevance model's content (:meth:`Classifier.load` says it as a
    ``DataError`` naming the file)."""


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ModelError(f"{where}: expected an object")
    return value


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ModelError(f"{where}: expected a list of strings")
    if len(set(value)) != len(value):
        raise ModelError(f"{where}: an entry is listed twice")
    return value


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"{where}: expected a finite number, not {value!r}")
    return float(value)


def _numbers(value: object, where: str, length: int) -> list[float]:
    if not isinstance(value, list):
        raise ModelError(f"{where}: expected a list of numbers")
    if len(value) != length:
        raise ModelError(f"{where}: {len(value)} numbers for {length} entries")
    return [_number(v, f"{where}[{i}]") for i, v in enumerate(value)]


def load_classifier(lexicon_dir: Path) -> Classifier:
    """The shipped relevance model of a lexicon folder."""
    return Classifier.load(lexicon_dir / MODEL_FILE)

