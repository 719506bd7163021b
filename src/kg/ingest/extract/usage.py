"""How a bare name is used where it is written: a place's name taken for an organisation.

Many groups are named after a place, and news calls them by that place's name alone (北大荒
for 北大荒集团, 长安 for 长安汽车); the bare name may share the group's identity key (北大荒 is
北大荒集团's: :func:`kg.identity.legal_form` drops 集团), so such a mention is the group. But
the bare name is a place's name first: 北大荒 is the great northern wilderness of Heilongjiang (北大荒精神,
在北大荒黑土地上, 北大荒万顷良田 name the land, not the company). A name the dictionary knows only
as a place (every word of it a place name, jieba's ``ns``) that extraction takes for an
enterprise is that enterprise only where the sentence uses it as one: the agent of a verb
right after it (仅北大荒就将建设11个…农场; adverbs and the hedges of
``data/lexicon/hedges.csv`` may stand between), one of a list the text calls organisations
(…等10多家境外企业) or that names organisations beside it (拼多多、京东), or a
short name the article declares (X（简称Y）), or an office or a unit of it after it (北大荒董事长,
北大荒党委书记, 北大荒旗下企业: ``data/lexicon/roles.csv`` and :data:`UNITS`). Not after a
preposition of place (在北大荒考察), nor after a word that describes land (茫茫北大荒), nor -
unless the article names the group in full (北大荒集团 … 北大荒的粮食产量) - before a noun it
qualifies (北大荒精神, 北大荒等地 - a list of places).

Names the gazetteer knows as enterprises (the curated ones, ``data/lexicon/enterprises.csv``:
华为, 中国一汽) are enterprises wherever they are written, as are bare names with no place
reading (华为 is no place): the rule reads only place names the rules or the labeller took
for a company on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from kg.identity import declared_short_name
from kg.ingest.extract.model import ORG_KINDS, Mention, SentenceFacts
from kg.ingest.gazetteer import Gazetteer

# Prepositions that put what follows them as a place: 在北大荒考察, 于北大荒, 从北大荒, 赴北大荒.
LOCATIVES = frozenset(("在", "于", "从", "到", "赴", "自"))
# jieba's tags: a place name; words that describe (茫茫, 富饶) - land is described so, a
# company is not; adverbs (仅, 就, 将, 已) that may stand between an agent and its verb.
PLACE, DESCRIBING, ADVERB = "ns", ("a", "z"), "d"
# What joins the items of a list (拼多多、京东; 丰田和福特), and the nouns of organisations a
# list may close with after 等 (华为、京东等企业, …等10多家境外企业).
ENUMERATION = frozenset(("、", "和", "与", "及", "以及"))
ORGANISATIONS = ("企业", "公司", "集团", "车企", "厂商", "机构")
LIST_END = 6  # words at most between 等 and the noun (10 多家 境外 企业)
# Words after a name that make it an organisation's: its units and what it owns (北大荒党委,
# 北大荒旗下, 所属企业); the offices people hold come from roles.csv (董事长, 总经理).
UNITS = frozenset(("党委", "党组", "旗下", "所属", "下属", "集团公司"))

Words = Sequence[tuple[str, str]]  # a sentence's words with their tags (jieba)


def place_reading(words: Words, i: int, j: int) -> bool:
    """Whether ``words[i:j]`` (a name) is a place's name to the dictionary: every word of it
    tagged a place name.

    >>> place_reading([("在", "p"), ("北大荒", "ns"), ("精神", "n")], 1, 2)
    True
    >>> place_reading([("华为", "nr"), ("发布", "v")], 0, 1), place_reading([("北大荒", "ns"), ("集团", "n")], 0, 2)
    (False, False)
    """
    return j > i and all(tag == PLACE for _, tag in words[i:j])


def placed(words: Words, i: int) -> bool:
    """Whether the word before ``words[i]`` puts it as a place: a preposition of place or a
    word that describes land.

    >>> placed([("在", "p"), ("北大荒", "ns")], 1), placed([("茫茫", "z"), ("北大荒", "ns")], 1)
    (True, True)
    >>> placed([("北大荒", "ns"), ("精神", "n")], 0)
    False
    """
    return i > 0 and (words[i - 1][0] in LOCATIVES or words[i - 1][1] in DESCRIBING)


def used_as_organisation(
    words: Words, i: int, j: int, hedges: Collection[str] = (), roles: Collection[str] = ()
) -> bool:
    """Whether the sentence uses the name ``words[i:j]`` as an organisation: the agent of a
    verb right after it (adverbs and ``hedges`` between), or the holder of an office
    (``roles``) or a unit (:data:`UNITS`) named right after it; not after a preposition of
    place or a word describing land. The words are jieba's (corpus text, 2024):

    >>> took = [("仅", "d"), ("北大荒", "ns"), ("就", "d"), ("将", "d"), ("建设", "vn"), ("11", "m")]
    >>> used_as_organisation(took, 1, 2)
    True
    >>> spirit = [("、", "x"), ("北大荒", "ns"), ("精神", "n"), ("，", "x")]
    >>> land = [("在", "p"), ("北大荒", "ns"), ("黑土地", "ns"), ("上", "f")]
    >>> used_as_organisation(spirit, 1, 2), used_as_organisation(land, 1, 2)
    (False, False)
    >>> visit = [("总书记", "n"), ("在", "p"), ("北大荒", "ns"), ("考察", "v")]
    >>> vast = [("茫茫", "z"), ("北大荒", "ns"), ("发展", "vn"), ("为", "p")]
    >>> used_as_organisation(visit, 2, 3), used_as_organisation(vast, 1, 2)
    (False, False)
    >>> places = [("黑龙江", "ns"), ("北大荒", "ns"), ("等", "u"), ("地", "uv"), ("开展", "v")]
    >>> used_as_organisation(places, 1, 2)
    False

    A list the text calls organisations (…等10多家境外企业) is one too (corpus items in
    tests/test_name_usage.py).

    An office or a unit of it after the name:

    >>> chair = [("北大荒", "ns"), ("董事长", "n"), ("王守聪", "nr"), ("表示", "v")]
    >>> unit = [("北大荒", "ns"), ("旗下", "f"), ("企业", "n")]
    >>> used_as_organisation(chair, 0, 1, roles={"董事长"}), used_as_organisation(unit, 0, 1)
    (True, True)
    """
    if placed(words, i):
        return False
    if j < len(words) and words[j][0] == "等":
        return any(w.endswith(ORGANISATIONS) for w, _ in words[j + 1 : j + 1 + LIST_END])
    k = j
    while k < len(words) and (words[k][1] == ADVERB or words[k][0] in hedges):
        k += 1
    if k < len(words) and (words[k][0] in UNITS or words[k][0] in roles):
        return k == j  # no adverb before an office
    return k < len(words) and words[k][1].startswith("v")


def listed_with_organisations(m: Mention, mentions: Sequence[Mention], norm: str) -> bool:
    """Whether ``m`` is one of a list of organisations: the name of one (of ``mentions``)
    right before or after it, only a word that joins a list between (``norm``: the
    article's simplified text).

    >>> s = "拼多多、京东"
    >>> pdd, jd = Mention(0, 3, "拼多多", "拼多多", "enterprise"), Mention(4, 6, "京东", "京东", "enterprise")
    >>> listed_with_organisations(jd, [pdd, jd], s)
    True
    >>> s = "浙江、黑龙江北大荒等地"
    >>> zj, bdh = Mention(0, 2, "浙江", "浙江", "region"), Mention(6, 9, "北大荒", "北大荒", "enterprise")
    >>> listed_with_organisations(bdh, [zj, Mention(3, 6, "黑龙江", "黑龙江", "region"), bdh], s)
    False
    """
    for o in mentions:
        if o is m or o.kind not in ORG_KINDS:
            continue
        if o.end <= m.start and norm[o.end : m.start] in ENUMERATION:
            return True
        if m.end <= o.start and norm[m.end : o.start] in ENUMERATION:
            return True
    return False


def _span(words: Words, start: int, end: int) -> tuple[int, int] | None:
    """The words ``start``-``end`` (sentence offsets) covers exactly, or ``None``."""
    first = last = None
    pos = 0
    for n, (word, _) in enumerate(words):
        if pos == start:
            first = n
        pos += len(word)
        if pos == end:
            last = n + 1
            break
    return (first, last) if first is not None and last is not None else None


def places_taken_for_companies(
    found: list[SentenceFacts],
    norm: str,
    words: Callable[[str], Words],
    gazetteer: Gazetteer,
    hedges: Collection[str] = (),
    roles: Collection[str] = (),
) -> None:
    """Takes away, in place, the enterprises of an article (``norm``: its simplified text)
    that are only a place's name the sentence does not use as an organisation
    (:func:`place_reading`, :func:`used_as_organisation`, :func:`listed_with_organisations`
    - beside organisations that are no such name themselves), and the relations they join;
    ``words`` tags a sentence. Kept: the gazetteer's own enterprises, a name the article
    declares as a short name (X（简称Y）), and one the article also names in full (北大荒 where
    it names 北大荒集团), unless a word puts it as a place (:func:`placed`)."""
    declared = {
        short
        for f in found
        for m in f.mentions
        if (short := declared_short_name(norm[m.end : m.end + 24])) is not None
    }

    # the enterprises the article names with more than a bare name: 北大荒集团 for 北大荒
    named = {m.norm for f in found for m in f.mentions if m.kind == "enterprise"}

    def in_full(m: Mention) -> bool:
        return any(n != m.norm and n.startswith(m.norm) for n in named)

    def candidate(m: Mention) -> bool:
        return (
            m.kind == "enterprise"
            and m.norm not in declared
            and not any(e.kind == "enterprise" for e in gazetteer.entries.get(m.norm, ()))
        )

    for f in found:
        if not any(candidate(m) for m in f.mentions):
            continue
        tagged = words(norm[f.start : f.end])
        places = {}
        for m in f.mentions:
            span = _span(tagged, m.start - f.start, m.end - f.start) if candidate(m) else None
            if span is not None and place_reading(tagged, *span):
                places[id(m)] = span
        others = [m for m in f.mentions if id(m) not in places]
        gone = [
            m
            for m in f.mentions
            if id(m) in places
            and not used_as_organisation(tagged, *places[id(m)], hedges, roles)
            and not listed_with_organisations(m, others, norm)
            and not (in_full(m) and not placed(tagged, places[id(m)][0]))
        ]
        if gone:
            f.mentions = [m for m in f.mentions if m not in gone]
            f.relations = [r for r in f.relations if r.subject not in gone and r.object not in gone]


__all__ = [
    "listed_with_organisations",
    "place_reading",
    "placed",
    "places_taken_for_companies",
    "used_as_organisation",
]
