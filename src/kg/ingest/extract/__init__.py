"""Extraction from one sentence: mentions of named things (organisations by kind, parks,
projects, events, policies, places, industries, people), values (money, dates, counts) and
the relations between them - each with its character offsets and a confidence.

- :mod:`~kg.ingest.extract.lexicon` - the word lists (``data/lexicon/*.csv``)
- :mod:`~kg.ingest.extract.ner` - statistical NER (Baidu LAC on ONNX Runtime)
- :mod:`~kg.ingest.extract.mentions` - gazetteer, suffix rules, marks and NER, merged
- :mod:`~kg.ingest.extract.labeller` - names from a trained sequence labeller (CRF), merged
  with the rules' (entities, never relation ends unless the rules found them too)
- :mod:`~kg.ingest.extract.usage` - a place's name taken for a company (北大荒 for 北大荒集团)
  only where the sentence uses it as an organisation
- :mod:`~kg.ingest.extract.values` - money, dates, counts
- :mod:`~kg.ingest.extract.relations` - the table of relation rules
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import datetime as dt
import functools
import threading
from typing import Any

from kg.ingest.extract.labeller import Labeller, Observed, relation_ends
from kg.ingest.extract.lexicon import Lexicon
from kg.ingest.extract.mentions import Names
from kg.ingest.extract.model import (
    ORG_KINDS,
    Count,
    DateValue,
    Mention,
    Money,
    Relation,
    SentenceFacts,
    named_sectors,
    standalone,
)
from kg.ingest.extract.ner import Recogniser
from kg.ingest.extract.relations import RELATION_FLOOR, RULES, Context, Rule, relations
from kg.ingest.extract.values import counts, dates, money
from kg.ingest.gazetteer import Gazetteer

# Bumped whenever extraction changes what it finds: articles extracted by another version
# are extracted again.
EXTRACTOR_VERSION = "kg-ingest/32"
SUFFIX_FREQ = 1000  # jieba's weight of a name suffix it does not know (合作区)
NER_HINTS = {"nr", "nrfg", "nrt", "nt"}  # jieba's tags of people and organisations

__all__ = [
    "EXTRACTOR_VERSION",
    "ORG_KINDS",
    "Count",
    "DateValue",
    "Extractor",
    "Mention",
    "Money",
    "Relation",
    "SentenceFacts",
    "named_sectors",
    "standalone",
]


def _parts(tokenizer: Any, word: str) -> list[str]:
    """The words ``tokenizer`` (jieba, without its statistical model) cuts ``word`` into
    when ``word`` itself is no word of its dictionary (高通量: 高 + 通量): its most probable
    path through the dictionary's words, the whole word's edge taken away."""
    dag = tokenizer.get_DAG(word)
    dag[0] = [k for k in dag[0] if k != len(word) - 1] or [0]
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(word, dag, route)
    out, i = [], 0
    while i < len(word):
        j = route[i][1] + 1
        out.append(word[i:j])
        i = j
    return out


class Extractor:
    """The rules over one gazetteer and lexicon, with the names of a trained ``labeller``
    merged into their mentions (``None``: the rules alone); safe to share between threads."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        lexicon: Lexicon,
        ner: bool = True,
        labeller: Labeller | None = None,
    ) -> None:
        self.gazetteer, self.lexicon = gazetteer, lexicon
        self.labeller = labeller
        self.names = Names(gazetteer, lexicon)
        self.recogniser = Recogniser() if ner else None
        self.rules: tuple[Rule, ...] = RULES  # the relation rules (fewer to weigh one rule)
        # the least confidence of a relation stated (0 to weigh every rule)
        self.floor = RELATION_FLOOR
        self._lock = threading.Lock()

    @functools.cached_property
    def _pos(self):
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        # short forms that are common words, by jieba's own frequencies (before the
        # gazetteer's words are added with theirs)
        self.names.common = Names.common_words(
            tokenizer.FREQ, [e for es in self.gazetteer.entries.values() for e in es]
        )
        # the dictionary as it was, for where a word begins and ends in plain Chinese (a
        # name the gazetteer adds is no word there: 高通 in 高通胀 is 高 + 通胀)
        own = {word: tokenizer.FREQ.get(word, 0) for word in self.gazetteer.words()}
        plain = copy.copy(tokenizer)
        plain.FREQ = collections.ChainMap(own, tokenizer.FREQ)  # read only: lookups fall through to the dictionary
        plain.total = tokenizer.total
        self.names.plain = lambda s: list(plain.cut(s, HMM=False))
        self.names.plain_word = lambda w: (own[w] if w in own else tokenizer.FREQ.get(w, 0)) > 0
        self.names.plain_parts = functools.partial(_parts, plain)
        for word in self.gazetteer.words():
            tokenizer.add_word(word, freq=100000)
        for suffix, _ in self.lexicon.suffixes + self.lexicon.heads:  # 合作区, 科技城: one word, so a name ends in it
            if len(suffix) > 2 and suffix not in tokenizer.FREQ:
                tokenizer.add_word(suffix, freq=SUFFIX_FREQ)
        # the dictionary's tags, read once when jieba.posseg is imported, shared (not read
        # again: 40 MB and 3 s a tokenizer)
        pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        pos.tokenizer = tokenizer
        pos.word_tag_tab = jieba.posseg.dt.word_tag_tab
        return pos

    def worth_recognising(self, sentence: str, tokens: list[tuple[str, str]]) -> bool:
        """Whether the (slower) NER reads a sentence: when it carries an industry cue or a
        position people hold, or jieba sees a person's or an organisation's name in it that the gazetteer does not
        know."""
        if any(word in sentence for word in self.lexicon.cues):
            return True
        if any(role in sentence for role in self.lexicon.roles):
            return True  # a person's name next to a position (世界贸易组织总干事伊维拉)
        entries = self.gazetteer.entries
        return any(tag in NER_HINTS and word not in entries for word, tag in tokens)

    def _known(self, m: Mention) -> Mention:
        """A name the labeller gave, with the gazetteer's entry of its kind when the
        gazetteer knows the name (汽车 the industry of kg's scheme, 进博会 the curated expo):
        one IRI whoever found it."""
        if m.origin == "rules" or (m.entry is not None and m.entry.iri):
            return m
        known = next((e for e in self.gazetteer.entries.get(m.norm, []) if e.kind == m.kind), None)
        return m if known is None else dataclasses.replace(m, entry=known)

    def words(self, s: str) -> list[tuple[str, str]]:
        """jieba's words of ``s`` (simplified) with their tags, each gazetteer name one word."""
        with self._lock:
            return [(w.word, w.flag) for w in self._pos.cut(s)]

    def sentence(
        self, text: str, norm: str, start: int, end: int, today: dt.date | None
    ) -> SentenceFacts:
        """Facts of ``text[start:end]`` (``norm`` is the simplified article text)."""
        s = norm[start:end]
        facts = SentenceFacts(start, end, text[start:end])
        tokens = self.words(s)
        entities = (
            self.recogniser.entities(s)
            if self.recogniser is not None and self.worth_recognising(s, tokens)
            else []
        )
        facts.mentions = self.names.find(text, s, start, tokens, entities)
        if self.labeller is not None:
            seen = Observed.of(s, start, tokens, entities, facts.mentions)
            merged = self.labeller.mentions(facts.mentions, seen, text, start, self.names.refused)
            facts.mentions = [self._known(m) for m in merged]
        facts.money = money(s, start, text, self.lexicon)
        facts.dates = dates(s, start, text, today)
        spans, pos = [], 0
        for word, tag in tokens:
            spans.append((word, tag, pos, pos + len(word)))
            pos += len(word)
        facts.counts = counts(s, start, text, spans)
        # relations join the rules' names only (a name the labeller added is no end)
        ends = relation_ends(facts.mentions)
        if len(ends) < len(facts.mentions):
            ruled = SentenceFacts(start, end, facts.text, ends, facts.money, facts.dates, facts.counts)
            context = Context(s, start, ruled, self.gazetteer, self.lexicon)
        else:
            context = Context(s, start, facts, self.gazetteer, self.lexicon)
        facts.relations = relations(context, self.rules, self.floor)
        facts.mentions += named_sectors(facts)
        return facts
