"""Names from a trained sequence labeller: a linear-chain CRF (CRFsuite, through
``python-crfsuite``) that tags each character of a sentence with the kind of name it belongs
to (BIO: ``B-event``, ``I-event``, ``O``), trained on kg's own annotation
(``bench/labeller.py train``). It reads what the rules read - the characters around each
one, jieba's words and tags, LAC's names (:mod:`kg.ingest.extract.ner`) - and, when trained
so, the rules' own mentions.

Its names join the rules' mentions of each sentence (:func:`merge`) under a :class:`Policy`:
a name the labeller adds where the rules found nothing is an entity (``origin`` ``labeller``),
but no end of a relation - relations are read from the rules' names only; a name that only
extends a rule mention of its own kind (the rules found the thing, the labeller its extent)
counts as the rules' (``origin`` ``extent``).

The shipped model is ``data/lexicon/labeller.crfsuite``, with its provenance (training files,
figures, merge policy, the model's SHA-256) in ``labeller.json``; :func:`load` checks the
one against the other.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.errors import DataError
from kg.ingest.extract.model import Mention
from kg.ingest.gazetteer import Entry

MODEL_FILE = "labeller.crfsuite"
PROVENANCE_FILE = "labeller.json"
FORMAT = "kg-labeller/1"
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
# A mention's origin (``Mention.origin``): found by the rules; a name the labeller added
# where the rules found nothing of its kind; a rule mention whose extent the labeller gave.
RULES, ADDED, EXTENT = "rules", "labeller", "extent"
# Words that point at a thing the text names elsewhere - this session, this time, this
# year's (本次博览会, 此次会议): a name never begins with one, so a span of the labeller's
# that does is no name of its own (the thing it points at keeps the rules' name).
POINTERS = ("本届", "本次", "此次", "这次", "这届", "该", "上届", "今年", "去年", "明年")


@dataclass(frozen=True)
class Observed:
    """What the labeller reads of one sentence: its (simplified) text, jieba's words and
    tags, LAC's names and the rules' mentions, all in sentence offsets."""

    text: str
    tokens: Sequence[tuple[str, str]]
    entities: Sequence[tuple[int, int, str]]
    mentions: Sequence[tuple[int, int, str]]  # start, end, kind

    @classmethod
    def of(
        cls, s: str, offset: int, tokens: Any, entities: Any, mentions: Sequence[Mention]
    ) -> Observed:
        """What the labeller reads of the sentence ``s`` at ``offset`` of its article,
        with the rules' ``mentions`` (in article offsets)."""
        return cls(
            s,
            list(tokens),
            list(entities),
            [(m.start - offset, m.end - offset, m.kind) for m in mentions],
        )


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
    >>> [x for x in features(Observed("在长沙", [], [], [(1, 3, "region")]), rules=False)[1] if x[0] == "m"]
    []
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


def spans(labels: Sequence[str], marginal: Sequence[float]) -> list[Span]:
    """The names of a label sequence, each with the lowest marginal probability of its
    labels.

    >>> spans(["O", "B-event", "I-event", "O"], [1.0, 0.9, 0.7, 1.0])
    [(1, 3, 'event', 0.7)]
    >>> spans(["I-park", "B-event", "O"], [0.8, 0.9, 1.0])  # a name may begin inside
    [(0, 1, 'park', 0.8), (1, 2, 'event', 0.9)]
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
    every character of one as no name with at least ``veto_threshold``).

    >>> Policy.from_dict({"kinds": ["event"], "threshold": 0.7, "nest": True}).to_dict()
    {'kinds': ['event'], 'threshold': 0.7, 'nest': True, 'veto': [], 'veto_threshold': 0.95}
    """

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


# Whether the rules refuse a name of a kind at ``s[a:b]`` (kind, s, a, b): a generic work, a
# 《》 title that names no document (kg.ingest.extract.mentions.Names.refused).
Refusal = Callable[[str, str, int, int], bool]


def merge(
    mentions: list[Mention],
    found: Sequence[Span],
    text: str,
    s: str,
    offset: int,
    policy: Policy,
    refused: Refusal | None = None,
) -> list[Mention]:
    """The rules' ``mentions`` with the labeller's names of a sentence ``s`` (simplified)
    at ``offset`` of the article ``text`` (as written) added: each of an allowed kind,
    probable enough, at least two characters with no punctuation, none the rules refuse of
    its kind (``refused``), that no rule mention overlaps. With ``policy.nest``, a name may also hold rule mentions (none crossing its
    edges): the names of other kinds inside it stay (an organisation inside a longer
    name), one of its own kind goes (the rules found the thing, the labeller its extent:
    the name's ``origin`` is ``extent``, else ``labeller``).

    >>> rule = Mention(0, 2, "长沙", "长沙", "region")
    >>> got = merge([rule], [(0, 2, "region", 0.9), (4, 8, "event", 0.8)], "长沙举办展会活动", "长沙举办展会活动", 0, Policy(frozenset({"event"})))
    >>> [(m.norm, m.kind, m.origin) for m in got]
    [('长沙', 'region', 'rules'), ('展会活动', 'event', 'labeller')]

    Around a rule mention of its own kind, the labeller gives the extent:

    >>> fair = Mention(2, 5, "博览会", "博览会", "event")
    >>> got = merge([rule, fair], [(0, 5, "event", 0.9)], "长沙博览会开幕", "长沙博览会开幕", 0, Policy(frozenset({"event"}), nest=True))
    >>> [(m.norm, m.kind, m.origin) for m in got]
    [('长沙博览会', 'event', 'extent'), ('长沙', 'region', 'rules')]

    Never around a known thing of its kind, whose entry (its IRI, a place's code) would go:

    >>> known = Mention(0, 2, "长沙", "长沙", "region", Entry("长沙", "region", code="430100"))
    >>> got = merge([known], [(0, 4, "region", 0.9)], "长沙县城", "长沙县城", 0, Policy(frozenset({"region"}), nest=True))
    >>> [(m.norm, m.entry.code) for m in got]
    [('长沙', '430100')]

    A span that begins with a word pointing elsewhere (本届, 此次) names nothing of its own:

    >>> got = merge([fair], [(0, 5, "event", 0.9)], "本次博览会以“共建网络世界、共创数字未来”为主题", "本次博览会以“共建网络世界、共创数字未来”为主题", 0, Policy(frozenset({"event"}), nest=True))
    >>> [(m.norm, m.origin) for m in got]
    [('博览会', 'rules')]
    """
    out = list(mentions)
    for a, b, kind, p in found:
        if kind not in policy.kinds or p < policy.threshold or b - a < 2:
            continue
        name = s[a:b]
        if any(c in PUNCT for c in name) or name.startswith(POINTERS):
            continue
        if refused is not None and refused(kind, s, a, b):
            continue  # 11号线, 《兔年兔宝贝》: no name of that kind, whatever its extent
        start, end = offset + a, offset + b
        overlapping = [m for m in out if m.start < end and start < m.end]
        origin = ADDED
        broader: tuple[str, ...] = ()
        if overlapping and policy.nest:
            if any(m.start < start or end < m.end or (m.start, m.end) == (start, end) for m in overlapping):
                continue
            own = [m for m in overlapping if m.kind == kind]
            if kind != "industry" and any(m.entry is not None or m.role for m in own):
                continue  # the rules found a known thing (湖南, 长沙; 进博会) or a person's role: it stands
            for m in own:
                out.remove(m)
                if m.origin != ADDED:
                    origin = EXTENT
                if m.entry is not None:  # a longer sector's name is a kind of the known one
                    broader = (m.entry.iri,) if m.entry.iri else m.entry.broader
        elif overlapping:
            continue
        entry = Entry(name, "industry", broader=broader) if kind == "industry" else None
        out.append(
            Mention(start, end, text[start:end], name, kind, entry, round(0.5 + 0.3 * p, 2), origin=origin)
        )
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def relation_ends(mentions: list[Mention]) -> list[Mention]:
    """The mentions a relation may join: the rules' (and those whose extent the labeller
    gave), not a name the labeller added.

    >>> a, b = Mention(0, 2, "长沙", "长沙", "region"), Mention(4, 8, "展会活动", "展会活动", "event", origin="labeller")
    >>> [m.norm for m in relation_ends([a, b])]
    ['长沙']
    """
    return [m for m in mentions if m.origin != ADDED]


class Labeller:
    """A trained model and its merge policy; safe to share between threads (the model
    loads on first use)."""

    def __init__(
        self,
        model: Path,
        policy: Policy,
        rules: bool = True,
        sha256: str = "",
        data: bytes | None = None,
        record: str = "",
    ) -> None:
        """``rules``: whether the model reads the rules' mentions (:func:`features`);
        ``sha256``: the model file's, when it was checked; ``data``: the bytes that were
        checked (the tagger opens those, not the file as it may be later); ``record``: the
        SHA-256 of the provenance file it was loaded with (a retrained model or another
        merge changes it)."""
        self.model, self.policy, self.rules, self.sha256 = model, policy, rules, sha256
        self._data, self.record = data, record
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to an extraction process as what was checked - the model's bytes with their
        SHA-256 and the policy - never to be read from disk again (a file retrained in
        between would mix two models in one run)."""
        return (Labeller, (self.model, self.policy, self.rules, self.sha256, self._data, self.record))

    @property
    def identity(self) -> str:
        """What a news graph's ``kg:extractor`` records of this labeller: the first 12 hex
        digits of its model file's SHA-256 and the first 8 of its merge policy's (canonical
        JSON) - so that a retrained model, or the same model merged otherwise, extracts
        stored articles again.

        >>> a = Labeller(Path("m"), Policy(frozenset({"event"}), 0.7), sha256="ab" * 32)
        >>> b = Labeller(Path("m"), Policy(frozenset({"event"}), 0.9), sha256="ab" * 32)
        >>> a.identity[:13], a.identity == b.identity
        ('abababababab.', False)
        """
        policy = json.dumps(self.policy.to_dict(), sort_keys=True).encode("utf-8")
        return f"{self.sha256[:12]}.{hashlib.sha256(policy).hexdigest()[:8]}"

    @cached_property
    def _tagger(self) -> Any:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        if self._data is not None:
            tagger.open_inmemory(self._data)
        else:
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
            # marginals of the names' characters only: the others are not read
            marginal = [
                tagger.marginal(label, i) if label != "O" else 1.0 for i, label in enumerate(labels)
            ]
        return spans(labels, marginal), no_name

    def mentions(
        self,
        mentions: list[Mention],
        seen: Observed,
        text: str,
        offset: int,
        refused: Refusal | None = None,
    ) -> list[Mention]:
        """The rules' mentions of a sentence merged with the model's (:func:`merge`; none
        of the names the rules refuse of their kind, ``refused``), less
        those of a ``veto`` kind it reads as no name - but a company the gazetteer knows
        (``data/lexicon/enterprises.csv``, the curated data: 华为 in 依托华为、比亚迪…) is one
        whatever the model reads."""
        policy = self.policy
        if not policy.kinds and not policy.veto:
            return mentions
        vetoable = [
            m
            for m in mentions
            if m.kind in policy.veto and not (m.kind == "enterprise" and m.entry is not None)
        ]
        found, no_name = self.tag(seen, [(m.start - offset, m.end - offset) for m in vetoable])
        gone = {id(m) for m, p in zip(vetoable, no_name, strict=True) if p >= policy.veto_threshold}
        kept = [m for m in mentions if id(m) not in gone]
        return merge(kept, found, text, seen.text, offset, policy, refused) if policy.kinds else kept


def load(lexicon_dir: Path) -> Labeller:
    """The shipped labeller of a lexicon folder: ``labeller.crfsuite`` checked against the
    SHA-256 its provenance ``labeller.json`` records, with the merge policy recorded there.
    A missing, unreadable or changed model is a ``DataError`` that says what is wrong."""
    record_path, model = lexicon_dir / PROVENANCE_FILE, lexicon_dir / MODEL_FILE
    try:
        raw = record_path.read_bytes()
        record = json.loads(raw.decode("utf-8"))
    except OSError as e:
        raise DataError(f"{record_path}: labeller provenance unreadable: {e.strerror or e}") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataError(f"{record_path}: labeller provenance is not JSON: {e}") from e
    try:
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise ValueError(f"format is {record.get('format') if isinstance(record, dict) else None!r}, expected {FORMAT!r}")
        policy = Policy.from_dict(record["merge"])
        rules = bool(record["rule_features"])
        want = str(record["model_sha256"])
        if not policy.kinds | policy.veto <= set(KINDS):
            raise ValueError(f"merge names unknown kinds: {sorted((policy.kinds | policy.veto) - set(KINDS))}")
    except (ValueError, KeyError, TypeError) as e:
        raise DataError(f"{record_path}: labeller provenance {e}", details=[str(e)]) from e
    try:
        data = model.read_bytes()
        got = hashlib.sha256(data).hexdigest()
    except OSError as e:
        raise DataError(f"{model}: labeller model unreadable: {e.strerror or e}") from e
    if got != want:
        raise DataError(
            f"{model}: labeller model's SHA-256 is {got}, {PROVENANCE_FILE} records {want}",
            details=["retrain it with bench/labeller.py train, or restore the recorded file"],
        )
    return Labeller(model, policy, rules, got, data, hashlib.sha256(raw).hexdigest())

