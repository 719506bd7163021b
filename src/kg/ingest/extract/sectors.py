"""Which of the industry names extraction found an article names as industries: a learned
judgement over each (article, name) pair, taken after every sentence is extracted.

The gazetteer and the labeller find a sector's name wherever its characters are (工业 in
"工业和信息化部" is inside a name, but 工业 alone in "工业经济稳中向好" is a word of the
economy, not an industry the news is about; 农业 in a line on farmland is one); what decides
is the article around the name. :class:`SectorModel` is a logistic regression over sparse
features of the name itself (its characters, its last and first characters, its length)
and of its occurrences in the article (the characters around each, who found it, whether
kg's industry scheme knows it, how many other industry names share its sentence, whether
the title names it, how often the article does). A name it reads below its threshold is
taken away with its mentions and every relation that joins them. A sector written inside a
park's, project's or event's name (电力 of a power grid interconnection project) is not judged: the name
says the park, work or event is in it.

The shipped model is ``data/lexicon/sector-model.json``, written by ``bench/sectors.py
train`` from the blind dev annotation, with its provenance (training files and their
SHA-256, the labeller whose names it was trained on, the held-out figures). Pure Python at
run time: a few dictionary look-ups a name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ingest.extract.lexicon import load_model
from kg.ingest.extract.model import Mention, Relation, SentenceFacts, standalone

MODEL_FILE = "sector-model.json"
FORMAT = "kg-sectors/1"
KIND = "industry"


@dataclass(frozen=True)
class Occurrence:
    """One standalone mention of an industry name, as the model reads it."""

    before: str  # up to two characters before it in the simplified text
    after: str  # up to two characters after it
    origin: str  # who found it (Mention.origin)
    known: bool  # kg's industry scheme knows it (an IRI or a broader sector)
    others: int  # other industry names standalone in its sentence


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    return next((str(e) for e in edges if n <= e), f">{edges[-1]}")


def features(name: str, occurrences: list[Occurrence], in_title: bool, names: int) -> list[str]:
    """The sparse features of one industry name in one article (``names``: the distinct
    industry names the article has), sorted and each once.

    >>> features("工业", [Occurrence("，", "经济", "rules", True, 0)], False, 2)[:6]
    ['b=工业', 'bias', 'h1=工', 'known=True', 'len=2', 'n=工业']
    """
    f = {"bias", "n=" + name, "s1=" + name[-1:], "s2=" + name[-2:], "h1=" + name[:1]}
    f.add("len=" + _bucket(len(name), (2, 3, 4, 6)))
    f.update("b=" + name[i : i + 2] for i in range(len(name) - 1))
    if in_title:
        f.add("title")
    f.add("occ=" + _bucket(len(occurrences), (1, 2, 4)))
    f.add("nind=" + _bucket(names, (1, 3, 7)))
    for o in occurrences:
        f.update(("p1=" + o.before[-1:], "p2=" + o.before, "x1=" + o.after[:1], "x2=" + o.after))
        f.update(("origin=" + o.origin, f"known={o.known}", "oth=" + _bucket(o.others, (0, 1, 3))))
    return sorted(f)


def judged(mentions: list[Mention]) -> list[Mention]:
    """The industry mentions of a sentence the model judges: those standing on their own,
    not inside another name (a sector a park's name names stays: :func:`standalone`).

    >>> park = Mention(0, 7, "无人机产业基地", "无人机产业基地", "park")
    >>> uav = Mention(0, 3, "无人机", "无人机", "industry")
    >>> chips = Mention(8, 10, "芯片", "芯片", "industry")
    >>> [m.norm for m in judged([park, uav, chips])]
    ['芯片']
    """
    names = [m for m in mentions if m.kind not in ("region", KIND)]
    return [
        m
        for m in standalone(mentions)
        if m.kind == KIND and not any(o.start <= m.start and m.end <= o.end for o in names)
    ]


def _key(m: Mention) -> tuple[int, int, str]:
    return m.start, m.end, m.norm


def occurrences(found: Iterable[SentenceFacts], norm: str) -> dict[str, list[Occurrence]]:
    """Each industry name an article's sentences name on their own (:func:`judged`;
    ``norm``: its simplified text), with its occurrences in order.

    >>> text = "发展工业，工业经济回升"
    >>> f = SentenceFacts(0, 11, text, [Mention(2, 4, "工业", "工业", "industry"), Mention(5, 7, "工业", "工业", "industry")])
    >>> [(o.before, o.after) for o in occurrences([f], text)["工业"]]
    [('发展', '，工'), ('业，', '经济')]
    """
    out: dict[str, list[Occurrence]] = {}
    for f in found:
        named = judged(f.mentions)
        for m in named:
            known = m.entry is not None and bool(m.entry.iri or m.entry.broader)
            others = sum(1 for x in named if x.norm != m.norm)
            before, after = norm[max(0, m.start - 2) : m.start], norm[m.end : m.end + 2]
            out.setdefault(m.norm, []).append(Occurrence(before, after, m.origin, known, others))
    return out


def article_features(
    found: list[SentenceFacts], norm: str, title: str
) -> dict[str, list[str]]:
    """The features of each industry name of an article (``title`` simplified)."""
    named = occurrences(found, norm)
    return {name: features(name, occ, name in title, len(named)) for name, occ in named.items()}


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(doc: dict[str, Any], name: str) -> float:
    value = doc.get(name)
    if not isinstance(value, int | float) or not _finite(value):
        raise ValueError(f"{name} is {value!r}, not a finite number")
    return float(value)


def _joins(r: Relation, drop: set[tuple[int, int, str]]) -> bool:
    return any(
        isinstance(end, Mention) and end.kind == KIND and _key(end) in drop
        for end in (r.subject, r.object)
    )


@dataclass(frozen=True)
class SectorModel:
    """The learned judgement: a bias and a weight per feature; a name is kept when its
    probability is ``threshold`` or more."""

    bias: float
    weights: Mapping[str, float]
    threshold: float
    sha256: str = ""  # of the model file
    provenance: Mapping[str, Any] = field(default_factory=dict)

    def probability(self, feats: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def dropped(self, found: list[SentenceFacts], norm: str, title: str) -> set[str]:
        """The industry names of an article read as no industry of it."""
        return {
            name
            for name, feats in article_features(found, norm, title).items()
            if self.probability(feats) < self.threshold
        }

    def apply(self, found: list[SentenceFacts], norm: str, title: str) -> set[str]:
        """Takes away, in place, the judged mentions of the names :meth:`dropped` reads as no
        industry, and every relation that joins one of them (an end at the same place with
        the same name, whichever rule made it); returns those names."""
        gone = self.dropped(found, norm, title)
        if gone:
            for f in found:
                drop = {_key(m) for m in judged(f.mentions) if m.norm in gone}
                if drop:
                    f.mentions = [
                        m for m in f.mentions if not (m.kind == KIND and _key(m) in drop)
                    ]
                    f.relations = [r for r in f.relations if not _joins(r, drop)]
        return gone

    @classmethod
    def from_dict(cls, doc: object, sha256: str = "") -> SectorModel:
        """The model a decoded ``sector-model.json`` holds (``ValueError`` when it is not one)."""
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            got = doc.get("format") if isinstance(doc, dict) else None
            raise ValueError(f"format is {got!r}, expected {FORMAT!r}")
        weights = doc.get("weights")
        if not isinstance(weights, dict) or not all(
            isinstance(k, str) and _finite(v) for k, v in weights.items()
        ):
            raise ValueError("weights is not a mapping of feature to finite number")
        bias, threshold = _number(doc, "bias"), _number(doc, "threshold")
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold is {threshold!r}, not between 0 and 1")
        provenance = doc.get("provenance", {})
        return cls(
            bias,
            {k: float(v) for k, v in weights.items()},
            threshold,
            sha256,
            provenance if isinstance(provenance, dict) else {},
        )

    @classmethod
    def load(cls, path: Path) -> SectorModel:
        """The model of ``path``; a missing, unreadable or inconsistent file is a
        ``DataError`` that says what is wrong."""
        return load_model(path, "sector model", cls.from_dict)


def load(lexicon_dir: Path) -> SectorModel:
    """The shipped sector model of a lexicon folder (``sector-model.json``)."""
    return SectorModel.load(lexicon_dir / MODEL_FILE)
