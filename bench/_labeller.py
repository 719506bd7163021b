"""A sequence labeller trained on kg's own annotation, for ``bench/labeller.py``: a
linear-chain CRF (CRFsuite, from the ``python-crfsuite`` package, the optional extra
``kg[labeller]``) that tags each character of a sentence with the kind of name it belongs
to (BIO: ``B-event``, ``I-event``, ``O``). It learns the conventions of ``bench/gold/``
(how long an event's or a policy's name is, what counts as a project) from what the rules
already see: the characters around each one, jieba's words and parts of speech, LAC's
names (:mod:`kg.ingest.extract.ner`) and the rules' own candidate mentions with their kinds
- so it learns where the rules are right and where their spans end.

It is one more source of candidates (:func:`merge`): a name it tags with enough
probability is added where no rule mention overlaps it, for the kinds a :class:`Policy`
allows. Measured and not shipped (its cross-validated gain is far below what shipping
asks, ``bench/labeller-cv.json``), so it lives here, outside the package: :func:`attach`
merges it into an :class:`~kg.ingest.extract.Extractor`'s mentions for a measurement, and
:func:`observe` reads a sentence as the labeller does. Shipping it would put a hook in
``Extractor.sentence`` and load a model from ``data/lexicon/`` with its provenance (as
branch ``label14`` once did, commit 47a0654).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.ingest.extract import Extractor
from kg.ingest.extract.model import Mention
from kg.ingest.gazetteer import Entry

MODEL_FILE = "labeller.crfsuite"
PROVENANCE_FILE = "labeller.json"  # what bench/labeller.py train writes beside the model
# The kinds the annotation names that the labeller learns (values - dates, money - are
# read by kg.ingest.extract.values; media only name the broadcaster).
KINDS = (
    "enterprise",
    "university",
    "research-institute",
    "government",
    "platform",
    "association",
    "park",
    "region",
    "project",
    "event",
    "policy",
    "industry",
    "person",
)
PUNCT = set("，。、；：！？“”‘’（）《》【】,.;:!?()[]\"' \t\n\u3000")
Span = tuple[int, int, str, float]  # start, end (in the sentence), kind, probability


@dataclass(frozen=True)
class Observed:
    """What the labeller reads of one sentence: its (simplified) text, jieba's words and
    tags, LAC's names and the rules' mentions, all in sentence offsets."""

    text: str
    tokens: Sequence[tuple[str, str]]
    entities: Sequence[tuple[int, int, str]]
    mentions: Sequence[tuple[int, int, str]]  # start, end, kind


def _kind_of_char(c: str) -> str:
    if c.isdigit():
        return "D"
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isascii() and c.isalpha():
        return "L"
    if c in PUNCT:
        return "P"
    return "O"


def features(seen: Observed, rules: bool = True) -> list[list[str]]:
    """The features of each character: characters and character n-grams in a window of
    two, the character's kind (Han, digit, Latin, punctuation), its place in jieba's word
    and the word's tag, LAC's name around it and every rule mention that covers it, with
    its kind and the character's place in it (unless ``rules`` is false: then the labeller
    reads the sentence alone, a source of candidates independent of the rules).

    >>> f = features(Observed("在长沙建厂", [("在", "p"), ("长沙", "ns"), ("建厂", "v")], [(1, 3, "LOC")], [(1, 3, "region")]))
    >>> [x for x in f[1] if x[0] in "wlm"]
    ['w=B:ns', 'l=B:LOC', 'm=B:region']
    """
    s = seen.text
    n = len(s)
    pad = f"^^{s}$$"
    word: list[str] = [""] * n
    pos = 0
    for w, tag in seen.tokens:
        for i in range(pos, min(pos + len(w), n)):
            place = "S" if len(w) == 1 else "B" if i == pos else "E" if i == pos + len(w) - 1 else "M"
            word[i] = f"w={place}:{tag}"
        pos += len(w)
    lac: list[str] = [""] * n
    for a, b, label in seen.entities:
        for i in range(max(a, 0), min(b, n)):
            lac[i] = f"l={'B' if i == a else 'I'}:{label}"
    rule: list[list[str]] = [[] for _ in range(n)]
    for a, b, kind in seen.mentions if rules else ():
        for i in range(max(a, 0), min(b, n)):
            place = "B" if i == a else "E" if i == b - 1 else "I"
            rule[i].append(f"m={place}:{kind}")
    out = []
    for i in range(n):
        j = i + 2  # in pad
        c = pad[j]
        f = [
            "b",
            f"c={c}",
            f"c-1={pad[j - 1]}",
            f"c+1={pad[j + 1]}",
            f"c-2={pad[j - 2]}",
            f"c+2={pad[j + 2]}",
            f"b-1={pad[j - 1:j + 1]}",
            f"b+1={pad[j:j + 2]}",
            f"t={pad[j - 1:j + 2]}",
            f"k={_kind_of_char(c)}",
        ]
        if word[i]:
            f.append(word[i])
        if lac[i]:
            f.append(lac[i])
        if rules:
            f += rule[i] or ["m=none"]
        out.append(f)
    return out


def project(s: str, names: dict[str, str]) -> list[str]:
    """BIO labels of ``s`` with every occurrence of each ``name -> kind`` tagged, longest
    names first, none overlapping another.

    >>> project("黑龙江省人民政府在黑龙江", {"黑龙江省人民政府": "government", "黑龙江": "region"})
    ['B-government', 'I-government', 'I-government', 'I-government', 'I-government', 'I-government', 'I-government', 'I-government', 'O', 'B-region', 'I-region', 'I-region']
    """
    labels = ["O"] * len(s)
    for name in sorted(names, key=lambda n: (-len(n), n)):
        if not name:
            continue
        start = s.find(name)
        while start >= 0:
            end = start + len(name)
            if all(label == "O" for label in labels[start:end]):
                labels[start] = f"B-{names[name]}"
                for i in range(start + 1, end):
                    labels[i] = f"I-{names[name]}"
            start = s.find(name, start + 1)
    return labels


def spans(labels: Sequence[str], marginal: Sequence[float]) -> list[Span]:
    """The names of a label sequence, each with the lowest marginal probability of its
    labels.

    >>> spans(["O", "B-event", "I-event", "O"], [1.0, 0.9, 0.7, 1.0])
    [(1, 3, 'event', 0.7)]
    """
    out: list[Span] = []
    start, kind, low = -1, "", 1.0
    for i, label in enumerate([*labels, "O"]):
        part, _, k = label.partition("-")
        if start >= 0 and (part != "I" or k != kind):
            out.append((start, i, kind, low))
            start = -1
        if part == "B" or (part == "I" and start < 0):
            start, kind, low = i, k, 1.0
        if start >= 0:
            low = min(low, marginal[i])
    return out


@dataclass(frozen=True)
class Policy:
    """How the labeller's names join the rules' mentions: the kinds it may add, the least
    probability of an added name, whether it may add a name around rule mentions
    (``nest``), and the kinds of rule mention it may take away (``veto``: when it reads
    every character of one as no name with at least ``veto_threshold``)."""

    kinds: frozenset[str]
    threshold: float = 0.5
    nest: bool = False
    veto: frozenset[str] = frozenset()
    veto_threshold: float = 0.95

    def to_dict(self) -> dict[str, object]:
        return {
            "kinds": sorted(self.kinds),
            "threshold": self.threshold,
            "nest": self.nest,
            "veto": sorted(self.veto),
            "veto_threshold": self.veto_threshold,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Policy:
        return cls(
            frozenset(raw["kinds"]),
            float(raw["threshold"]),
            bool(raw.get("nest", False)),
            frozenset(raw.get("veto", ())),
            float(raw.get("veto_threshold", 0.95)),
        )


def merge(
    mentions: list[Mention], found: Sequence[Span], text: str, s: str, offset: int, policy: Policy
) -> list[Mention]:
    """The rules' ``mentions`` with the labeller's names of a sentence ``s`` (simplified)
    at ``offset`` of the article ``text`` (as written) added: each of an allowed kind,
    probable enough, at least two characters with no punctuation, that no rule mention
    overlaps. With ``policy.nest``, a name may also hold rule mentions (none crossing its
    edges): the names of other kinds inside it stay (an organisation inside a longer
    name), one of its own kind goes (the rules found the thing, the labeller its extent).

    >>> rule = Mention(0, 2, "长沙", "长沙", "region")
    >>> got = merge([rule], [(0, 2, "region", 0.9), (4, 8, "event", 0.8)], "长沙举办展会活动", "长沙举办展会活动", 0, Policy(frozenset({"event"})))
    >>> [(m.norm, m.kind) for m in got]
    [('长沙', 'region'), ('展会活动', 'event')]
    """
    out = list(mentions)
    for a, b, kind, p in found:
        if kind not in policy.kinds or p < policy.threshold or b - a < 2:
            continue
        name = s[a:b]
        if any(c in PUNCT for c in name):
            continue
        start, end = offset + a, offset + b
        overlapping = [m for m in out if m.start < end and start < m.end]
        if overlapping and policy.nest:
            if any(m.start < start or end < m.end or (m.start, m.end) == (start, end) for m in overlapping):
                continue
            for m in overlapping:
                if m.kind == kind:
                    out.remove(m)
        elif overlapping:
            continue
        entry = Entry(name, "industry") if kind == "industry" else None
        out.append(Mention(start, end, text[start:end], name, kind, entry, round(0.5 + 0.3 * p, 2)))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


class Labeller:
    """A trained model and its merge policy; safe to share between threads (the model
    loads on first use)."""

    def __init__(self, model: Path, policy: Policy, rules: bool = True) -> None:
        """``rules``: whether the model reads the rules' mentions (:func:`features`)."""
        self.model, self.policy, self.rules = model, policy, rules
        self._lock = threading.Lock()

    @cached_property
    def _tagger(self) -> Any:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(self.model))
        return tagger

    def tag(
        self, seen: Observed, outside: Sequence[tuple[int, int]] = ()
    ) -> tuple[list[Span], list[float]]:
        """The names the model tags in a sentence, with their probabilities; and for each
        span of ``outside`` the least probability that one of its characters is no name."""
        if not seen.text.strip():
            return [], [0.0 for _ in outside]
        xseq = features(seen, self.rules)
        with self._lock:
            tagger = self._tagger
            labels = tagger.tag(xseq)
            no_name = [
                min((tagger.marginal("O", i) for i in range(a, b)), default=0.0)
                for a, b in outside
            ]
            if all(label == "O" for label in labels):
                return [], no_name
            marginal = [tagger.marginal(label, i) for i, label in enumerate(labels)]
        return spans(labels, marginal), no_name

    def mentions(
        self, mentions: list[Mention], seen: Observed, text: str, offset: int
    ) -> list[Mention]:
        """The rules' mentions of a sentence merged with the model's (:func:`merge`), less
        those of a ``veto`` kind it reads as no name."""
        policy = self.policy
        if not policy.kinds and not policy.veto:
            return mentions
        vetoable = [m for m in mentions if m.kind in policy.veto]
        found, no_name = self.tag(seen, [(m.start - offset, m.end - offset) for m in vetoable])
        gone = {id(m) for m, p in zip(vetoable, no_name, strict=True) if p >= policy.veto_threshold}
        kept = [m for m in mentions if id(m) not in gone]
        return merge(kept, found, text, seen.text, offset, policy) if policy.kinds else kept


Find = Callable[..., list[Mention]]  # Names.find's signature


@contextmanager
def _finding(extractor: Extractor, find: Find) -> Iterator[None]:
    """``extractor`` finding each sentence's mentions with ``find`` (given the rules' own
    ``Names.find``, bound) instead of the rules alone, until the block ends."""
    names = extractor.names
    before = names.__dict__.get("find")
    rules = type(names).find.__get__(names)
    names.find = lambda *args: find(rules, *args)  # type: ignore[method-assign]
    try:
        yield
    finally:
        if before is None:
            del names.find
        else:
            names.find = before  # type: ignore[method-assign]


def _seen(s: str, offset: int, tokens: Any, entities: Any, mentions: list[Mention]) -> Observed:
    return Observed(
        s, list(tokens), list(entities), [(m.start - offset, m.end - offset, m.kind) for m in mentions]
    )


@contextmanager
def attach(extractor: Extractor, labeller: Labeller | None) -> Iterator[None]:
    """``extractor`` with ``labeller``'s names merged into the rules' mentions of each
    sentence (:meth:`Labeller.mentions`) until the block ends; ``None``: the rules alone.
    Everything after the mentions (values, relations, sectors named) reads the merged ones,
    as a shipped labeller would. One thread at a time (it swaps a method of the
    extractor's ``Names``)."""
    if labeller is None:
        yield
        return

    def find(rules: Find, text: str, s: str, offset: int, tokens: Any, entities: Any = ()) -> list[Mention]:
        mentions = rules(text, s, offset, tokens, entities)
        return labeller.mentions(mentions, _seen(s, offset, tokens, entities, mentions), text, offset)

    with _finding(extractor, find):
        yield


def observe(
    extractor: Extractor, text: str, norm: str, start: int, end: int
) -> tuple[list[Mention], Observed]:
    """The rules' mentions of the sentence ``text[start:end]`` (``norm``: the simplified
    article) and what the labeller reads of it (its words, LAC's names, those mentions):
    the extractor reads the sentence as it always does, and this keeps what its mentions
    were found from."""
    got: list[tuple[list[Mention], Observed]] = []

    def find(rules: Find, text: str, s: str, offset: int, tokens: Any, entities: Any = ()) -> list[Mention]:
        mentions = rules(text, s, offset, tokens, entities)
        got.append((list(mentions), _seen(s, offset, tokens, entities, mentions)))
        return mentions

    with _finding(extractor, find):
        extractor.sentence(text, norm, start, end, None)
    (found,) = got  # one sentence, one search for its mentions
    return found
