"""What extraction finds in a sentence: mentions of named things, values (money, dates,
counts) and relations between them, each with its offsets in the article text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kg.ingest.gazetteer import Entry

ORG_KINDS = frozenset(
    {
        "enterprise",
        "university",
        "research-institute",
        "government",
        "platform",
        "association",
        "organization",
    }
)


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the article text
    end: int
    text: str  # as written (original characters)
    norm: str  # simplified
    kind: str
    entry: Entry | None = None  # the gazetteer entry when the name is known
    confidence: float = 0.8
    role: str | None = None  # a person's position (董事长)
    # who found it: the rules; the learned labeller, where the rules found nothing
    # ("labeller": an entity, never a relation end); the rules, with the labeller's extent
    # ("extent") - kg.ingest.extract.labeller
    origin: str = "rules"


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    text: str
    yuan: Decimal  # the amount in units of ``currency`` (yuan for CNY)
    qualifier: str | None
    currency: str = "CNY"


@dataclass(frozen=True)
class DateValue:
    start: int
    end: int
    text: str
    date: dt.date
    precision: str  # day, month


@dataclass(frozen=True)
class Count:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str  # 个, 家, 项, ...
    thing: str  # what is counted (项目, 企业), as written
    qualifier: str | None


@dataclass(frozen=True)
class Relation:
    subject: Mention
    predicate: str  # a kg property local name
    object: Mention | Money | Count | DateValue | str
    confidence: float
    extra: tuple[tuple[str, Any], ...] = ()  # named details: a word, a DateValue, ...


@dataclass
class SentenceFacts:
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


NAMING_SECTORS = ("park", "project", "event")  # kinds whose name names a sector of theirs


def standalone(mentions: list[Mention]) -> list[Mention]:
    """Mentions less the places and industries named inside another name (黑龙江 in
    黑龙江省人民政府): those are part of that name, not mentions of their own - but for
    the sector a park's, project's or event's name names (无人机 of 无人机产业基地): the
    park is in it (``inIndustry``), so the sector is named.

    >>> a, b = Mention(0, 8, "黑龙江省人民政府", "黑龙江省人民政府", "government"), Mention(0, 3, "黑龙江", "黑龙江", "region")
    >>> [m.norm for m in standalone([a, b])]
    ['黑龙江省人民政府']
    >>> a, b = Mention(0, 7, "无人机产业基地", "无人机产业基地", "park"), Mention(0, 3, "无人机", "无人机", "industry")
    >>> [m.norm for m in standalone([a, b])]
    ['无人机产业基地', '无人机']
    """
    outer = [m for m in mentions if m.kind not in ("region", "industry")]
    return [
        m
        for m in mentions
        if m.kind not in ("region", "industry")
        or not any(
            o.start <= m.start and m.end <= o.end and o is not m
            and not (m.kind == "industry" and o.kind in NAMING_SECTORS)
            for o in outer
        )
    ]



def named_sectors(facts: SentenceFacts) -> list[Mention]:
    """The sectors that parks', projects' and events' names name (the industry an
    ``inIndustry`` or ``coversIndustry`` relation finds inside its subject's name) and that
    are no mention of the sentence yet - nor overlap one.

    >>> park = Mention(0, 7, "无人机产业基地", "无人机产业基地", "park")
    >>> uav = Mention(0, 3, "无人机", "无人机", "industry")
    >>> facts = SentenceFacts(0, 9, "无人机产业基地封顶", mentions=[park])
    >>> facts.relations = [Relation(park, "inIndustry", uav, 0.75)]
    >>> [m.norm for m in named_sectors(facts)]
    ['无人机']
    >>> facts.mentions.append(uav)
    >>> named_sectors(facts)
    []
    """
    out: list[Mention] = []
    for r in facts.relations:
        o, s = r.object, r.subject
        if (
            r.predicate in ("inIndustry", "coversIndustry")
            and isinstance(o, Mention)
            and s.start <= o.start
            and o.end <= s.end
            and not any(
                m.kind == "industry" and m.start < o.end and o.start < m.end
                for m in facts.mentions + out
            )
        ):
            out.append(o)
    return out
