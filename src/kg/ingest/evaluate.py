"""Scoring the pipeline against hand annotations (``bench/gold/``), split into dev and test.

Per item, predicted entities are ``(type, name)`` and predicted relations ``(subject,
predicate, object)``; a gold entity may go by several names (``a|b``). Precision, recall
and F1 are micro-averaged over the items, per entity type, over all entities, and over
relations. Everything extracted from an item the gold set calls irrelevant is counted and
listed. The rules are in ``bench/gold/README.md``.

The gold is split: the **dev** split (``news.yaml``, the items the rules were developed
on, and ``dev-*.yaml``) may be studied item by item; the **test** split (``test-*.yaml``,
annotated blind) is frozen - its files' SHA-256 are recorded in ``test.sha256`` - and is
only ever reported as aggregate figures. An item annotated by several annotators (the
same id in two files of a split) is scored against each annotation, and
:func:`agreement` measures how far the annotators agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from kg.ingest.extract import DateValue, Mention, Money, Relation, SentenceFacts, standalone
from kg.ingest.read import Article, read_paths

SYMMETRIC = {"cooperatesWith"}
UNSCORED = {"count"}  # counts are not in the annotation
SPLITS: dict[str, tuple[str, ...]] = {
    "dev": ("news.yaml", "dev-*.yaml"),
    "test": ("test-*.yaml",),
}
# Parts of a split that may be scored alone: the blind dev items (annotated like the test
# split, never used to write rules) are the honest picture of what generalises.
SUBSETS: dict[str, tuple[str, ...]] = {"dev-blind": ("dev-*.yaml",)}
STUDIED = ("dev", "dev-blind")  # splits that may be read item by item
FROZEN = "test.sha256"  # the test split's files and their SHA-256 (sha256sum's format)
# The corpus items drawn for each split, one file per round (bench/gold/sample.py): round 2's
# test items are the test split; round 1's items (its test ones included, once looked at
# while tuning) and the dev items of rounds 3 and later belong to dev; the relevance items of
# rounds 3, 7 and 8 are annotated for relevance alone (rounds 9 to 13 draw dev items only).
DRAWS = ("split.yaml", "split-2.yaml", *(f"split-{n}.yaml" for n in range(3, 28)))
SEED_ID = "seed"  # the seed article (a source document, not a corpus item)


@dataclass
class GoldItem:
    id: str
    relevant: bool
    date: dt.date | None = None
    entities: dict[str, list[set[str]]] = field(default_factory=dict)  # type -> entities
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    annotation: str = ""  # the file it comes from (one annotator's work)


def load_gold(path: Path) -> list[GoldItem]:
    items = []
    for raw in yaml.safe_load(path.read_text("utf-8")) or []:
        entities = {
            str(kind): [set(str(name).split("|")) for name in names]
            for kind, names in (raw.get("entities") or {}).items()
        }
        relations = [(str(s), str(p), str(o)) for s, p, o in raw.get("relations") or []]
        date = raw.get("date")
        items.append(
            GoldItem(
                str(raw["id"]),
                bool(raw["relevant"]),
                dt.date.fromisoformat(str(date)) if date else None,
                entities,
                relations,
                path.name,
            )
        )
    return items


def split_files(gold_dir: Path, split: str) -> list[Path]:
    """The gold files of a split (``dev``, ``test`` or ``all``) or of a part of one
    (``dev-blind``)."""
    parts = list(SPLITS) if split == "all" else [split]
    patterns = {**SPLITS, **SUBSETS}
    if any(p not in patterns for p in parts):
        raise ValueError(
            f"unknown split {split!r}; expected {', '.join([*SPLITS, *SUBSETS, 'all'])}"
        )
    return [
        f
        for p in parts
        for pattern in patterns[p]
        for f in sorted(gold_dir.glob(pattern), key=file_order)
    ]


def file_order(path: Path) -> tuple[str, int]:
    """dev-2.yaml before dev-10.yaml: a file's name by its stem and number."""
    stem, _, number = path.stem.rpartition("-")
    return (stem, int(number)) if number.isdigit() else (path.stem, -1)


def load_split(gold_dir: Path, split: str) -> list[GoldItem]:
    """Every annotated item of a split, one per annotation."""
    return [item for path in split_files(gold_dir, split) for item in load_gold(path)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def frozen_problems(gold_dir: Path) -> list[str]:
    """How the test split differs from its record in ``test.sha256``: a changed, missing or
    unrecorded file. Empty when the split is as frozen."""
    record = gold_dir / FROZEN
    if not record.exists():
        return [f"{record}: missing (the test split is not frozen)"]
    recorded = {}
    for n, line in enumerate(record.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            return [f"{record}:{n}: expected '<sha256>  <file>'"]
        recorded[parts[1].lstrip("*")] = parts[0]
    present = {p.name: p for p in split_files(gold_dir, "test")}
    out = [f"{name}: recorded in {FROZEN} but missing" for name in recorded if name not in present]
    out += [f"{name}: not recorded in {FROZEN}" for name in present if name not in recorded]
    out += [
        f"{name}: changed since it was frozen (SHA-256 differs from {FROZEN})"
        for name, path in present.items()
        if name in recorded and digest(path) != recorded[name]
    ]
    return out


def split_problems(gold_dir: Path) -> list[str]:
    """Items annotated in the wrong split: every id of a test file must be drawn for the
    test split (``split-2.yaml``), no item of the test split may appear in the dev split,
    and every id of a blind dev file must be drawn for a dev file by a round (round 1's
    test and dev items, the dev items of rounds 3 and later)."""
    first, second, *later = (yaml.safe_load((gold_dir / name).read_text("utf-8")) for name in DRAWS)
    test_ids = set(second["test"])
    dev_ids = {*first["test"], *first["dev"], *(i for draw in later for i in draw["dev"])}
    out = []
    for split in SPLITS:
        for path in split_files(gold_dir, split):
            for item in load_gold(path):
                if split == "test" and item.id not in test_ids:
                    out.append(f"{path.name}: {item.id} is not drawn for the test split")
                if split == "dev" and item.id in test_ids:
                    out.append(f"{path.name}: {item.id} belongs to the test split")
                if path.name.startswith("dev-") and item.id not in dev_ids:
                    out.append(f"{path.name}: {item.id} is not drawn for the dev split")
    return out


# The kinds of entity whose names name one particular thing (an enterprise, a park, a
# person), unlike a place, a sector or a date: rule code that writes one down that a blind
# item annotates (in a docstring, a doctest or a comment) was written from that item.
PARTICULAR = frozenset(
    {
        "enterprise",
        "university",
        "research-institute",
        "park",
        "project",
        "event",
        "person",
        "platform",
        "association",
    }
)
RESOURCES = ("lexicon", "gazetteer", "curated")  # folders of the data the rules read names from
RESOURCE_SUFFIXES = (".csv", ".tsv", ".ttl", ".yaml", ".json")


def particular_names(items: Iterable[GoldItem], shortest: int = 4) -> set[str]:
    """Every name of at least ``shortest`` characters the items give a particular thing
    (an entity of a :data:`PARTICULAR` kind), each of an entity's names."""
    return {
        name
        for item in items
        for kind, golds in item.entities.items()
        if kind in PARTICULAR
        for names in golds
        for name in names
        if len(name) >= shortest
    }


def names_written_in(
    files: Iterable[Path], names: Iterable[str], data_dir: Path
) -> list[tuple[Path, str]]:
    """Which of ``names`` the ``files`` write, as sorted ``(file, name)`` pairs - but for a
    name a resource file under ``data_dir`` holds (a lexicon, the gazetteer, the curated
    data): the code then has it from the resource, not from the gold."""
    resources = "\n".join(
        f.read_text("utf-8")
        for folder in RESOURCES
        for f in sorted((data_dir / folder).rglob("*"))
        if f.is_file() and f.suffix in RESOURCE_SUFFIXES
    )
    own = [n for n in set(names) if n not in resources]
    found = set()
    for path in files:
        text = path.read_text("utf-8")
        found |= {(path, n) for n in own if _written(n, text)}
    return sorted(found)


def _written(name: str, text: str) -> bool:
    """Whether ``text`` writes ``name``; a Latin name as a word of its own, not inside an
    identifier (a name's letters inside MAX_LITERAL_BYTES).

    >>> _written("SPARQL", "MAX_SPARQL_BYTES = 1"), _written("SPARQL", "# a SPARQL query"), _written("哈尔滨", "在哈尔滨市")
    (False, True, True)
    """
    if not name.isascii():
        return name in text
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text) is not None


def corpus_articles(ids: Iterable[str], corpus: Path, seed: Path) -> dict[str, Article]:
    """The articles of the gold items: ``seed`` is the seed article, other ids are items of
    the corpus files under ``corpus`` (compressed or not)."""
    wanted = set(ids)
    found: dict[str, Article] = {}
    for item in read_paths([corpus]):
        if isinstance(item, Article) and item.id in wanted:
            found[item.id] = item
    if SEED_ID in wanted:  # the date from the source's metadata beside it
        meta = yaml.safe_load(seed.with_suffix(".yaml").read_text("utf-8"))
        date = dt.date.fromisoformat(str(meta["date"]))
        found[SEED_ID] = Article(SEED_ID, "", seed.read_text("utf-8"), date, None, str(seed))
    missing = wanted - found.keys()
    if missing:
        raise ValueError(f"gold items not found: {', '.join(sorted(missing))}")
    return found


def money_key(m: Money) -> str:
    value = str(int(m.yuan)) if m.yuan == int(m.yuan) else str(m.yuan)
    return value if m.currency == "CNY" else f"{m.currency}:{value}"


def date_key(d: DateValue) -> str:
    return d.date.isoformat() if d.precision == "day" else d.date.isoformat()[:7]


def predicted_entities(sentences: Iterable[SentenceFacts]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for f in sentences:
        out |= {(m.kind, m.norm) for m in standalone(f.mentions)}
        out |= {("money", money_key(m)) for m in f.money}
        out |= {("date", date_key(d)) for d in f.dates}
    return out


def held(
    sentences: Iterable[SentenceFacts], holds: Callable[[Mention], bool]
) -> list[SentenceFacts]:
    """The sentences with the mentions ``holds`` keeps, and the relations whose subject it
    keeps and whose object it keeps too when the object is a mention (an amount, a count or
    a milestone is stated of the subject).

    >>> a, b = Mention(0, 2, "甲乙", "甲乙", "project"), Mention(3, 5, "丙丁", "丙丁", "region")
    >>> f = SentenceFacts(0, 5, "", [a, b], relations=[Relation(a, "locatedIn", b, 0.8)])
    >>> [(len(g.mentions), len(g.relations)) for g in held([f], lambda m: m is a)]
    [(1, 0)]
    >>> [(len(g.mentions), len(g.relations)) for g in held([f], lambda m: True)]
    [(2, 1)]
    """
    out = []
    for f in sentences:
        relations = [
            r
            for r in f.relations
            if holds(r.subject) and (not isinstance(r.object, Mention) or holds(r.object))
        ]
        out.append(replace(f, mentions=[m for m in f.mentions if holds(m)], relations=relations))
    return out


def relation_key(r: Relation) -> tuple[str, str, str] | None:
    """A relation as the gold set writes it (subject, predicate, object), or None for a
    predicate the annotation leaves out."""
    if r.predicate in UNSCORED:
        return None
    o = r.object
    if isinstance(o, Mention):
        obj = o.norm
    elif isinstance(o, Money):
        obj = money_key(o)
    else:
        obj = str(o)
    return (r.subject.norm, r.predicate, obj)


def predicted_relations(sentences: Iterable[SentenceFacts]) -> set[tuple[str, str, str]]:
    return {k for f in sentences for r in f.relations if (k := relation_key(r)) is not None}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass
class Score:
    entities: dict[str, Tally] = field(default_factory=dict)
    relations: Tally = field(default_factory=Tally)
    relevance: Counter[str] = field(default_factory=Counter)  # tp, fp, fn, tn
    # Why relevant items were skipped, by the relevance verdict's reason: which stage of the
    # filter misses them, an aggregate a frozen split may report.
    skipped_because: Counter[str] = field(default_factory=Counter)
    from_irrelevant: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # what went wrong, item by item
    # each predicted relation as extracted, by item, and whether the annotation has it
    verdicts: list[tuple[str, tuple[str, str, str], bool]] = field(default_factory=list)

    @property
    def all_entities(self) -> Tally:
        total = Tally()
        for t in self.entities.values():
            total.add(t)
        return total

    def to_dict(self) -> dict[str, object]:
        return {
            "entities": {k: v.to_dict() for k, v in sorted(self.entities.items())},
            "entities_all": self.all_entities.to_dict(),
            "relations": self.relations.to_dict(),
            "relevance": dict(self.relevance),
            "relevant_skipped_because": dict(self.skipped_because),
            "facts_from_irrelevant_items": self.from_irrelevant,
        }


def score_item(
    gold: GoldItem,
    relevant: bool,
    entities: set[tuple[str, str]],
    relations: set[tuple[str, str, str]],
    score: Score,
) -> None:
    """Add one item's result to ``score``."""
    score.relevance[
        {(True, True): "tp", (False, True): "fp", (True, False): "fn", (False, False): "tn"}[
            (gold.relevant, relevant)
        ]
    ] += 1
    if not gold.relevant:
        score.from_irrelevant += [f"{gold.id}: {k} {n}" for k, n in sorted(entities)]
        score.from_irrelevant += [f"{gold.id}: {' '.join(r)}" for r in sorted(relations)]
    names_of = {n for golds in gold.entities.values() for g in golds for n in g}
    places = {n for g in gold.entities.get("region", []) for n in g}
    leading = {
        ("region", p) for _, n in entities for p in _leading(n, names_of, places)
    }  # a project's name that begins with its province names the province too
    entities = {(k, _known(n, names_of, places)) for k, n in entities} | leading
    as_known = {
        r: (_known(r[0], names_of, places), r[1], _known(r[2], names_of, places)) for r in relations
    }
    relations = set(as_known.values())
    kinds = set(gold.entities) | {k for k, _ in entities}
    for kind in sorted(kinds):
        tally = score.entities.setdefault(kind, Tally())
        golds = gold.entities.get(kind, [])
        names = {n for k, n in entities if k == kind}
        hit = [g for g in golds if g & names]
        tally.tp += len(hit)
        tally.fn += len(golds) - len(hit)
        wrong = sorted(n for n in names if not any(n in g for g in golds))
        tally.fp += len(wrong)
        score.errors += [f"{gold.id}: extra {kind} {n}" for n in wrong]
        score.errors += [
            f"{gold.id}: missed {kind} {'|'.join(sorted(g))}" for g in golds if g not in hit
        ]
    # relations: ends compared through the gold entities' names
    alias: dict[str, str] = {}
    for golds in gold.entities.values():
        for g in golds:
            first = sorted(g)[0]
            for n in g:
                alias[n] = first

    def key(s: str, p: str, o: str) -> tuple[str, str, str]:
        s, o = alias.get(s, s), alias.get(o, o)
        return (min(s, o), p, max(s, o)) if p in SYMMETRIC else (s, p, o)

    want = {key(*r) for r in gold.relations}
    got = {key(*r) for r in relations}
    score.relations.tp += len(want & got)
    score.relations.fp += len(got - want)
    score.relations.fn += len(want - got)
    score.verdicts += [(gold.id, r, key(*k) in want) for r, k in sorted(as_known.items())]
    score.errors += [f"{gold.id}: extra relation {' '.join(r)}" for r in sorted(got - want)]
    score.errors += [f"{gold.id}: missed relation {' '.join(r)}" for r in sorted(want - got)]


def _known(name: str, names: set[str], places: set[str]) -> str:
    """A predicted name as the gold set writes it: 河南信阳袁湾水库 is 袁湾水库 when the
    gold set names the places and the rest (the places lead the name)."""
    rest = name
    while rest not in names:
        lead = next(
            (
                p
                for p in sorted(places, key=len, reverse=True)
                if rest.startswith(p) and len(rest) > len(p)
            ),
            None,
        )
        if lead is None:
            return name
        rest = rest[len(lead) :]
    return rest


def _leading(name: str, names: set[str], places: set[str]) -> list[str]:
    """The places _known strips from the front of ``name``."""
    rest = _known(name, names, places)
    if rest == name:
        return []
    head = name[: len(name) - len(rest)]
    return [p for p in places if p in head and p in names]


Holds = Callable[[Article, Any], Callable[[Mention], bool]]


def evaluate(
    analyse: Callable[[Article], object],
    items: list[GoldItem],
    articles: dict[str, Article],
    holds: Holds | None = None,
) -> Score:
    """The pipeline's score over ``items`` (each article analysed once, however many
    annotations it has). With ``holds`` (``Pipeline.holds``), the mentions and relations
    an article's graph holds (:func:`held`), not all that extraction found."""
    score = Score()
    seen: dict[str, object] = {}
    for item in items:
        if item.id not in seen:
            seen[item.id] = analyse(articles[item.id])
        analysis = seen[item.id]
        sentences = analysis.sentences  # type: ignore[attr-defined]  # analyses are kept as objects in one cache
        if holds is not None:
            sentences = held(sentences, holds(articles[item.id], analysis))
        score_item(
            item,
            analysis.relevant,  # type: ignore[attr-defined]  # as above
            predicted_entities(sentences),
            predicted_relations(sentences),
            score,
        )
        if item.relevant and not analysis.relevant:  # type: ignore[attr-defined]  # as above
            reason = getattr(analysis, "reason", "") or "not given"
            # the stage, not the item's probability (learned stage 1: p 0.07 < 0.20)
            score.skipped_because[reason.partition(":")[0]] += 1
    return score


def agreement(items: list[GoldItem]) -> Score:
    """How two annotations of the same items agree: the second annotation of each item
    scored as if it were a prediction against the first (its names as the first writes them
    where they agree). Items annotated once are left out."""
    by_id: dict[str, list[GoldItem]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    score = Score()
    for pair in by_id.values():
        if len(pair) < 2:
            continue
        first, second = pair[0], pair[1]
        known = {n for golds in first.entities.values() for g in golds for n in g}
        entities = {
            (kind, next((n for n in sorted(names) if n in known), sorted(names)[0]))
            for kind, golds in second.entities.items()
            for names in golds
        }
        score_item(
            first,
            second.relevant,
            entities if second.relevant else set(),
            set(second.relations),
            score,
        )
    return score
