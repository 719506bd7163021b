"""Is an article (and a sentence) about the industry ecosystem? Cue words, weighed.

A sentence counts when it carries an industry cue (项目, 签约, 投产, 产业链, 园区, ...) and
something a fact can be about (a named organisation, park, project or policy, or money).
An article counts when enough of its sentences do - or its title is about industry - and
it is not about sport, weather or foreign affairs first.
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


def sentence_relevant(text: str, kinds: set[str], has_money: bool) -> bool:
    return cue_score(text) >= 2 and (bool(kinds & SUBJECT_KINDS) or has_money)


def article_verdict(title: str, text: str, relevant_sentences: int) -> Verdict:
    score = cue_score(title) * 2 + cue_score(text)
    off = cue_score(title, OFF_TOPIC) * 2 + cue_score(text, OFF_TOPIC)
    if off > score:
        return Verdict(False, score, off, "off topic (sport, weather, foreign news, epidemic)")
    if relevant_sentences >= ARTICLE_MIN or (relevant_sentences and score >= ARTICLE_SCORE):
        return Verdict(True, score, off, f"{relevant_sentences} industry sentences")
    return Verdict(False, score, off, "no industry facts")
