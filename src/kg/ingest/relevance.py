"""Is an article (and a sentence) about the industry ecosystem? Cue words, weighed.

An article goes on to extraction when its cue words (项目, 签约, 投产, 产业链, 园区, ...;
the title's count twice) weigh enough and outweigh those of sport, weather, foreign affairs
and epidemics. Then a sentence counts when it names an actor, site, project or policy, or
joins an industry cue with an amount, an industry, a place, an event or an authority; an
article counts when enough of its sentences do.
"""

from __future__ import annotations

from dataclasses import dataclass

CUES = {
    # strong: the words of investment, projects and production
    "项目": 2,
    "签约": 2,
    "投资": 2,
    "总投资": 3,
    "投产": 3,
    "开工": 3,
    "竣工": 2,
    "封顶": 3,
    "产业链": 3,
    "产业园": 3,
    "园区": 2,
    "开发区": 2,
    "招商": 3,
    "产值": 2,
    "生产线": 3,
    "制造业": 2,
    "集群": 2,
    "企业": 1,
    "产业": 1,
    "亿元": 1,
    "工厂": 2,
    "研发": 1,
    "新能源": 2,
    "智能制造": 3,
    "集成电路": 3,
    "芯片": 2,
    "装备": 1,
    "材料": 1,
    "落户": 3,
    "投用": 2,
    "产能": 2,
    "订单": 1,
    "出口": 1,
    "专精特新": 3,
    "数字经济": 2,
}
OFF_TOPIC = {
    # sport, weather, foreign news, epidemics, ceremonies
    "比赛": 3,
    "冠军": 3,
    "联赛": 3,
    "足球": 3,
    "篮球": 3,
    "奥运": 2,
    "运动员": 3,
    "世界杯": 3,
    "降雨": 3,
    "暴雨": 3,
    "气温": 3,
    "寒潮": 3,
    "台风": 2,
    "气象": 2,
    "降雪": 3,
    "总统": 2,
    "乌克兰": 3,
    "俄罗斯": 1,
    "北约": 3,
    "战争": 2,
    "外交部发言人": 3,
    "疫情": 2,
    "确诊": 3,
    "病例": 3,
    "核酸": 3,
}
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


@dataclass(frozen=True)
class Verdict:
    relevant: bool
    score: int
    off_topic: int
    reason: str


def cue_score(text: str, table: dict[str, int] = CUES) -> int:
    return sum(weight * text.count(word) for word, weight in table.items())


# Kinds that carry a fact about industry only next to an industry cue.
CONTEXT_KINDS = {"industry", "region", "event", "government"}


def sentence_relevant(text: str, kinds: set[str], has_money: bool) -> bool:
    """A sentence of an article about industry carries facts when it names an actor, site,
    project, policy or industry, or when industry cues come with an amount, a place, an
    event or an authority."""
    if kinds & SUBJECT_KINDS:
        return True
    if "industry" in kinds:  # naming an industry is a cue in itself
        return True
    return cue_score(text) + has_money >= 2 and (has_money or bool(kinds & CONTEXT_KINDS))


def article_precheck(title: str, text: str) -> Verdict:
    """Cue words alone, before any extraction: off-topic articles and articles without a
    single industry cue go no further."""
    score = cue_score(title) * 2 + cue_score(text)
    off = cue_score(title, OFF_TOPIC) * 2 + cue_score(text, OFF_TOPIC)
    if off > score:
        return Verdict(False, score, off, "off topic (sport, weather, foreign news, epidemic)")
    if score < ARTICLE_SCORE:
        return Verdict(False, score, off, "too few industry words")
    return Verdict(True, score, off, "industry words")


def article_verdict(title: str, text: str, relevant_sentences: int) -> Verdict:
    first = article_precheck(title, text)
    if not first.relevant:
        return first
    if relevant_sentences >= ARTICLE_MIN or (
        relevant_sentences and first.score >= 2 * ARTICLE_SCORE
    ):
        why = f"{relevant_sentences} industry sentences"
        return Verdict(True, first.score, first.off_topic, why)
    return Verdict(False, first.score, first.off_topic, "no industry facts")
