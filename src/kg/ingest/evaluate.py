"""Scoring the pipeline against a hand annotation (``bench/gold/news.yaml``).

Per item, predicted entities are ``(type, name)`` and predicted relations ``(subject,
predicate, object)``; a gold entity may go by several names (``a|b``). Precision, recall
and F1 are micro-averaged over the items, per entity type, over all entities, and over
relations. Everything extracted from an item the gold set calls irrelevant is counted and
listed. The rules are in ``bench/gold/README.md``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.ingest.extract import DateValue, Mention, Money, SentenceFacts, standalone
from kg.ingest.read import Article

SYMMETRIC = {"cooperatesWith"}
UNSCORED = {"count"}  # counts are not in the annotation


@dataclass
class GoldItem:
    id: str
    relevant: bool
    date: dt.date | None = None
    entities: dict[str, list[set[str]]] = field(default_factory=dict)  # type -> entities
    relations: list[tuple[str, str, str]] = field(default_factory=list)


def load_gold(path: Path) -> list[GoldItem]:
    items = []
    for raw in yaml.safe_load(path.read_text("utf-8")):
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
            )
        )
    return items


def articles_for(gold: list[GoldItem], corpus: Path, seed: Path) -> list[Article]:
    """The gold items' articles: ``seed`` is the seed article, other ids are corpus items."""
    import json

    wanted = {g.id for g in gold}
    found: dict[str, Article] = {}
    with corpus.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            data = json.loads(line)
            if data["id"] in wanted:
                found[data["id"]] = Article(
                    data["id"],
                    data.get("title") or "",
                    data["text"],
                    dt.date.fromisoformat(data["date"]),
                    data.get("url"),
                    f"{corpus}:{n}",
                )
    for g in gold:
        if g.id == "seed":
            text = seed.read_text("utf-8")
            found["seed"] = Article("seed", "", text, g.date, None, str(seed))
    missing = wanted - found.keys()
    if missing:
        raise ValueError(f"gold items not found: {', '.join(sorted(missing))}")
    return [found[g.id] for g in gold]


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


def predicted_relations(sentences: Iterable[SentenceFacts]) -> set[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    for f in sentences:
        for r in f.relations:
            if r.predicate in UNSCORED:
                continue
            o = r.object
            if isinstance(o, Mention):
                obj = o.norm
            elif isinstance(o, Money):
                obj = money_key(o)
            else:
                obj = str(o)
            out.add((r.subject.norm, r.predicate, obj))
    return out


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
    from_irrelevant: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # what went wrong, item by item

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
    }  # 湖南邵阳犬木塘水库 names 湖南 and 邵阳 too
    entities = {(k, _known(n, names_of, places)) for k, n in entities} | leading
    relations = {
        (_known(s, names_of, places), p, _known(o, names_of, places)) for s, p, o in relations
    }
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
