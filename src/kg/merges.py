"""The review of identity: merge candidates, and merging or splitting entities.

Ingestion gives one IRI to the names :mod:`kg.identity` says are one thing. What the rules
cannot settle a reviewer does:

- **candidates** - pairs of IRIs of one kind group that look like one thing, each with why:
  one is the other with words before or after it (黑龙江鹤岗市关门嘴子水库, 关门嘴子水库; 中国移动通信, 移动通信),
  or one may abbreviate the other (国家电投, 国家电力投资). Ranked by how often the less
  mentioned of the two is mentioned - except that a pair where one name is the other's with
  an organ or unit word after it (国务院 / 国务院新闻办公室, 中共中央 / 中共中央政治局, 央视频 /
  央视新闻频道: ``data/lexicon/organ-words.csv``) is most likely a body and its part, or two
  outlets of one broadcaster, and a pair where one name is the other's with an ordinal
  session or a year before it (中国科普产品博览交易会 / 第11届中国科普产品博览交易会) is a
  recurring event and one of its sessions: such pairs come last, their reason saying so
  (``unit``, ``session``).
- **merge** ``keep`` ``drop``: ``drop owl:sameAs keep`` in the review graph (with the
  reviewer, the time and a note, as a ``kg:Assertion``); every news graph and the review graph
  say ``keep`` where they said ``drop``; ``drop`` dereferences to ``keep`` from then on, and
  re-ingestion resolves its names to ``keep``. A curated entity is never merged away.
- **split** ``entity`` ``other`` (an IRI merged into it, or one of its names):
  ``other owl:differentFrom entity`` in the review graph (a merge between them is withdrawn);
  the articles that mention the entity are resolved again, so the name gets an IRI of its
  own. Re-ingestion keeps them apart.

Why ``owl:sameAs`` with a rewrite rather than ``owl:sameAs`` alone: pages, search, matching
and every SPARQL query see one IRI per thing without any reasoning, and the retired IRI still
resolves (HTTP 301 to the canonical one) for anyone who kept it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from kg import queries
from kg.entities import KINDS, labels
from kg.errors import BadRequest, NotFound
from kg.identity import GROUPS, KIND_WORDS, NameRules, abbreviates, session_prefix, tidy
from kg.ingest.resolve import KIND_ENDINGS, Decisions, Resolver
from kg.ingest.unify import Extracted, is_minted, rewrite_update, unify
from kg.iris import Minter
from kg.messages import say
from kg.namespaces import KG, KG_NS, OWL, RDF, RDFS, XSD
from kg.paging import window
from kg.review import renamed
from kg.store import Store, solutions
from kg.store.embedded import data_update
from kg.store.memo import carrying

MAX_LIMIT = 1000


@dataclass
class Side:
    iri: str
    label: str
    kind: str
    names: list[str]
    mentions: int

    def to_dict(self) -> dict[str, object]:
        return {
            "iri": self.iri,
            "label": self.label,
            "kind": self.kind,
            "names": self.names,
            "mentions": self.mentions,
        }


@dataclass
class Candidate:
    a: Side
    b: Side
    # rule, short, full, part, unit, session, short_name, full_name, zh and en sentence
    reasons: list[dict[str, str]]

    @property
    def weight(self) -> int:
        return min(self.a.mentions, self.b.mentions)

    @property
    def part_of(self) -> bool:
        """Whether one is likely a part of the other (a reason ends in an organ word)."""
        return any(r["unit"] for r in self.reasons)

    @property
    def session_of(self) -> bool:
        """Whether one is likely a session of the other, a recurring event (a reason's
        part before the name is an ordinal session or a year: 第136届, 第N次, 2023年)."""
        return any(r["session"] for r in self.reasons)

    def to_dict(self) -> dict[str, object]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "reasons": self.reasons,
            "part_of": self.part_of,
            "session_of": self.session_of,
        }


@dataclass
class Decision:
    relation: str  # merged, apart
    entity: str  # kept
    other: str  # merged away, or kept apart
    entity_label: str
    other_label: str
    reviewer: str | None
    reviewed_at: str | None
    note: str | None
    record: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "relation": self.relation,
            "entity": {"iri": self.entity, "label": self.entity_label},
            "other": {"iri": self.other, "label": self.other_label},
            "reviewer": self.reviewer,
            "reviewed_at": self.reviewed_at,
            "note": self.note,
            "record": self.record,
        }


@dataclass
class Outcome:
    decision: Decision
    rewritten_graphs: int = 0
    reresolved_articles: int = 0
    identity: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "decision": self.decision.to_dict(),
            "rewritten_graphs": self.rewritten_graphs,
            "reresolved_articles": self.reresolved_articles,
            "identity": self.identity,
        }


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in GROUPS:
        raise BadRequest(
            key="error.merge.kind",
            values={"allowed": ", ".join(sorted(GROUPS)), "given": repr(kind)},
        )


def candidates(
    store: Store,
    minter: Minter,
    rules: NameRules,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Candidate]:
    """Pairs of entities that may be one thing, most mentioned first; a body and its
    likely part (:attr:`Candidate.part_of`) and a recurring event and its session
    (:attr:`Candidate.session_of`) after all the others."""
    _check_page(limit, offset)
    _check_kind(kind)
    found = Extracted.read(store, minter)
    decisions = Decisions.load(store, minter)
    mentions = _mentions(store, minter)
    keys: dict[str, dict[str, set[str]]] = defaultdict(dict)  # iri -> key -> names with it
    for iri, names in found.names.items():
        k = found.kinds.get(iri)
        if k is None or (kind is not None and GROUPS[k] != GROUPS[kind]):
            continue
        for name in names:
            keys[iri].setdefault(rules.key(name, k), set()).add(name)
    pairs: dict[tuple[str, str], list[dict[str, str]]] = {}
    by_group: dict[str, list[str]] = defaultdict(list)
    for iri in keys:
        by_group[GROUPS[found.kinds[iri]]].append(iri)
    for members in by_group.values():
        index: dict[str, set[str]] = defaultdict(set)
        checked: set[tuple[str, str]] = set()
        for iri in members:
            for key in keys[iri]:
                index[key[0]].add(iri)
                index[key[-1]].add(iri)
        for bucket in index.values():
            ordered = sorted(bucket)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    if (a, b) in checked or decisions.differ(a, b):
                        continue
                    checked.add((a, b))
                    why = _why(keys[a], keys[b], rules.organ_words)
                    if why:
                        pairs[(a, b)] = why
    named = labels(store, [NamedNode(i) for pair in pairs for i in pair])
    out = []
    for (a, b), why in pairs.items():
        sa = Side(a, named[a].label, found.kinds[a], sorted(found.names[a]), mentions[a])
        sb = Side(b, named[b].label, found.kinds[b], sorted(found.names[b]), mentions[b])
        out.append(Candidate(sa, sb, why))
    out.sort(key=_order)
    return window(out, offset, limit)


def _order(c: Candidate) -> tuple[bool, int, int, str, str]:
    last = c.part_of or c.session_of
    return (last, -c.weight, -(c.a.mentions + c.b.mentions), c.a.iri, c.b.iri)


def _unit(short: str, full: str, rule: str, part: str, organs: Sequence[str]) -> str:
    """The organ word that makes ``full`` likely a part of what ``short`` names, or "":
    ``full`` is ``short`` with words after it that end in an organ word (国务院 -
    国务院新闻办公室), or ``short`` abbreviates ``full`` by its beginning and characters of
    the organ word only, leaving out what tells the part (央视频 - 央视新闻频道)."""
    if rule == "after":
        return next((w for w in organs if part.endswith(w)), "")
    if rule != "abbreviation":
        return ""
    for word in organs:
        if not full.endswith(word) or short.endswith(word):
            continue
        head = 0
        while head < len(short) and short[head] == full[head]:
            head += 1
        chars = iter(word)
        if 0 < head < len(short) and all(c in chars for c in short[head:]):
            return word
    return ""


def _why(
    a: dict[str, set[str]], b: dict[str, set[str]], organs: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Why the names of two entities (key -> the names with it) may be one thing: one is the
    other with a distinguishing part more (not just a kind word: 高速铁路 is no part of 弥蒙高铁),
    or one abbreviates the other (not the same frame with a middle left out: 北京大学 does not
    abbreviate 北京师范大学). A reason whose longer
    name ends in one of ``organs`` where the shorter does not says so (``unit``), and one
    whose longer name is the shorter with an ordinal session or a year before it
    (第11届中国科普产品博览交易会 / 中国科普产品博览交易会) too (``session``).

    The keys say whether; the reason quotes two names, one of each, that show it as they are
    written (北大荒集团建三江分公司 is 北大荒集团 with 建三江分公司 after it), its part computed from
    them. Where no two names do - the keys match only without a province, a legal form or
    the like (北大荒 for 黑龙江北大荒集团) - it quotes the keys and, in ``short_name`` and
    ``full_name``, the name each is the key of where it is no name itself ("" otherwise)."""
    names_a = sorted({n for ns in a.values() for n in ns})
    names_b = sorted({n for ns in b.values() for n in ns})
    literal = [
        (*_relation(ns, nf), ns, nf)
        for x, y in ((names_a, names_b), (names_b, names_a))
        for ns in x
        for nf in y
    ]
    out = []
    for ka, na in a.items():
        for kb, nb in b.items():
            short, full, ns, nf = (ka, kb, na, nb) if len(ka) <= len(kb) else (kb, ka, nb, na)
            rule, part = _relation(short, full)
            if not rule:
                continue
            shown = [x for x in literal if x[0] == rule]
            if shown:  # the shortest part, then the first names in code-point order
                _, part, short, full = min(shown, key=lambda x: (len(x[1]), x[2], x[3]))
                short_name = full_name = ""
            else:  # a key that is no name of its entity: the name it is the key of
                short_name = "" if short in ns else min(ns)
                full_name = "" if full in nf else min(nf)
            unit = _unit(short, full, rule, part, organs)
            # 第136届X is a session of the series X, kept apart by kg.identity: no merge
            session = part if rule == "before" and session_prefix(part) else ""
            words = {"short": short, "full": full, "part": part, "unit": unit, "session": session}
            words |= {"short_name": short_name, "full_name": full_name}
            zh, en = (_reason(rule, words, lang) for lang in ("zh", "en"))
            out.append({"rule": rule, **words, "zh": zh, "en": en})
    unique = {(r["rule"], r["short"], r["full"]): r for r in out}
    return [unique[k] for k in sorted(unique)]


def _relation(short: str, full: str) -> tuple[str, str]:
    """How ``full`` is ``short`` with more (``before``, ``after``, ``abbreviation``) and the
    part it has more, or ("", "") for names no rule of :func:`_why` relates."""
    if len(short) < 2 or len(short) >= len(full) or _only_kind(short):
        return "", ""
    if full.endswith(short):
        rule, part = "before", full[: -len(short)]
    elif full.startswith(short):
        rule, part = "after", full[len(short) :]
    elif abbreviates(short, full) and not _framed(short, full):
        return "abbreviation", ""
    else:
        return "", ""
    return ("", "") if _only_kind(part) else (rule, part)


def _reason(rule: str, words: dict[str, str], lang: str) -> str:
    """A reason of :func:`_why` in ``lang``, saying whose identity key a quoted key is (the
    merge review page writes the same from the same messages)."""
    unit, session = words["unit"], words["session"]
    text = say(
        f"merge.why.{rule}" + (".unit" if unit else ".session" if session else ""), lang, **words
    )
    for key, name in ((words["short"], words["short_name"]), (words["full"], words["full_name"])):
        if name:
            text += say("merge.why.key", lang, id_key=key, name=name)
    return text


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise BadRequest(key="error.limit.offset", values={"most": MAX_LIMIT})


def _only_kind(text: str) -> bool:
    """A kind word and nothing else (高铁, 集团, 局, 区)."""
    return text in KIND_WORDS or len(text) < 2 or text in KIND_ENDINGS


def _framed(short: str, full: str) -> bool:
    """``short`` is ``full`` with one stretch of its middle left out."""
    return any(
        full.startswith(short[:i]) and full.endswith(short[i:]) for i in range(1, len(short))
    )


def _mentions(store: Store, minter: Minter) -> Counter[str]:
    rows = store.query(
        queries.get("mention-counts"), bindings={"prefix": Literal(minter.graph("news-").value)}
    )
    return Counter({r["entity"].value: int(r["n"].value) for r in solutions(rows)})


def decisions(store: Store, minter: Minter) -> list[Decision]:
    """The merges and splits reviewers made, newest first."""
    rows = list(
        solutions(
            store.query(queries.get("identity-records"), bindings={"graph": minter.graph("review")})
        )
    )
    names = labels(store, [r[v] for r in rows for v in ("a", "b")])
    out = []
    for r in rows:
        # ?a owl:sameAs ?b: a was merged into b; ?a owl:differentFrom ?b: a split off b
        entity, other = r["b"].value, r["a"].value
        then = r["label"].value.split(" ", 2) if r["label"] is not None else []
        other_label = names[other].label
        if other_label == other and len(then) == 3:  # a merged IRI: its name then
            other_label = then[0]
        out.append(
            Decision(
                "merged" if r["relation"] == OWL.sameAs else "apart",
                entity,
                other,
                names[entity].label,
                other_label,
                r["reviewer"].value if r["reviewer"] else None,
                r["when"].value if r["when"] else None,
                r["note"].value if r["note"] else None,
                r["record"].value if r["record"] else None,
            )
        )
    return out


def listing(
    store: Store,
    minter: Minter,
    data_dir: Path,
    kind: str | None = None,
    decided: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Candidate], list[Decision]]:
    """What the merge review lists: ``limit`` merge candidates (of ``kind``) from
    ``offset``, under the name rules of ``data_dir`` - or, when ``decided``, the merges and
    splits made so far - as (candidates, decisions), one of them empty."""
    _check_kind(kind)  # a filter that cannot apply is refused on either list
    if decided:
        _check_page(limit, offset)
        return [], window(decisions(store, minter), offset, limit)
    return candidates(store, minter, NameRules.load(data_dir), kind, limit, offset), []


def merge(
    store: Store,
    minter: Minter,
    rules: NameRules,
    keep: str,
    drop: str,
    reviewer: str,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """``drop`` is ``keep``: one atomic update records the decision and rewrites every news
    graph and the review graph; then the identity graph is rebuilt."""
    reviewer = _reviewer(reviewer)
    k, d = _node(keep), _node(drop)
    if k == d:
        raise BadRequest(key="error.merge.same")
    kinds = _kinds(store, [k, d])
    if GROUPS.get(kinds[k.value]) != GROUPS.get(kinds[d.value]):
        raise BadRequest(
            key="error.merge.kinds",
            values={"keep": keep, "drop": drop, "one": kinds[k.value], "other": kinds[d.value]},
        )
    if not is_minted(minter, d.value):
        raise BadRequest(
            key="error.merge.curated" if is_minted(minter, k.value) else "error.merge.curated.both",
            values={"keep": keep, "drop": drop},
        )
    review = minter.graph("review")
    record = _record(store, minter, d, OWL.sameAs, k, reviewer, note, now)
    # what was merged into drop goes to keep; the decision withdraws a split between them
    redirected = Decisions.load(store, minter).redirects
    moved = {a: k.value for a, b in redirected.items() if b == d.value}
    moved[d.value] = k.value
    withdraw = _records(store, minter, k, d)
    parts, graphs = rewrite_update(store, minter, moved)
    if withdraw:
        parts.insert(0, data_update("DELETE", review, withdraw))
    parts.append(data_update("INSERT", review, [Triple(d, OWL.sameAs, k), *record]))
    parts += [
        data_update("DELETE", review, [Triple(NamedNode(a), OWL.sameAs, d)])
        for a in moved
        if a != d.value
    ]
    # Of what the review index reads, a merge rewrites only the entities facts name (their
    # subjects and objects): it is carried over with them renamed, not read again.
    with carrying(store, {"review-index": lambda entries: renamed(entries, moved)}):
        store.update(" ;\n".join(parts))
        identity = unify(store, minter, rules).to_dict()
    decision = _decision(store, minter, record)
    return Outcome(decision, rewritten_graphs=graphs, identity=identity)


def split(
    store: Store,
    minter: Minter,
    rules: NameRules,
    data_dir: Path,
    entity: str,
    other: str,
    reviewer: str,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """``other`` is not ``entity``: an IRI merged into it (the merge is undone), another
    IRI (a merge candidate dismissed), or one of its names (it gets an IRI of its own).
    Recorded; where a merge is undone the articles that mention ``entity`` are resolved
    again."""
    from kg.ingest.pipeline import Pipeline

    reviewer = _reviewer(reviewer)
    e = _node(entity)
    kind = _kinds(store, [e])[e.value]
    if kind not in GROUPS:
        raise BadRequest(f"{entity} is not an entity that names are resolved to ({kind})")
    d = Decisions.load(store, minter)
    if other.startswith(("http://", "https://")):
        o = _node(other)
        if o == e:
            raise BadRequest(key="error.merge.apart.self")
        merged = d.final(o.value) == e.value  # else: a candidate dismissed
        if not merged:
            _kinds(store, [o])  # it exists
    else:
        name = tidy(other)
        found = Extracted.read(store, minter)
        if name not in found.names.get(e.value, {}):
            raise NotFound(
                key="error.merge.name.none", values={"entity": entity, "name": repr(other)}
            )
        resolver = Resolver(minter, rules, [])
        minted = resolver.minted(name, kind)
        o = NamedNode(minted if minted != e.value else resolver.exact(name, kind))
        merged = True
    review = minter.graph("review")
    record = _record(store, minter, o, OWL.differentFrom, e, reviewer, note, now)
    parts = [
        data_update("DELETE", review, [Triple(o, OWL.sameAs, e), *_records(store, minter, o, e)]),
        data_update("INSERT", review, [Triple(o, OWL.differentFrom, e), *record]),
    ]
    store.update(" ;\n".join(parts))
    if not merged:  # nothing to resolve again
        decision = _decision(store, minter, record)
        return Outcome(decision)
    graphs = [
        r["g"]
        for r in solutions(
            store.query(
                queries.get("graphs-of-entity"),
                bindings={
                    "e": e,
                    "prefix": Literal(minter.graph("news-").value),
                    "review": minter.graph("review"),
                },
            )
        )
    ]
    report = Pipeline(store, minter, data_dir).redo(graphs)
    decision = _decision(store, minter, record)
    return Outcome(decision, reresolved_articles=len(graphs), identity=report.identity)


def redirect(store: Store, minter: Minter, iri: str) -> str | None:
    """The IRI ``iri`` was merged into, if it was (by a reviewer or the identity pass),
    following merges of merges; ``None`` for any other IRI."""
    if not is_minted(minter, iri):
        return None
    seen, node = {iri}, NamedNode(iri)
    bindings = {"review": minter.graph("review"), "identity": minter.graph("identity")}
    for _ in range(16):
        rows = list(
            solutions(store.query(queries.get("merged-into"), bindings={**bindings, "from": node}))
        )
        if not rows or rows[0]["to"].value in seen:
            break
        node = rows[0]["to"]
        seen.add(node.value)
    return None if node.value == iri else node.value


def _reviewer(reviewer: str) -> str:
    reviewer = reviewer.strip()
    if not reviewer:
        raise BadRequest(key="error.reviewer")
    return reviewer


def _node(iri: str) -> NamedNode:
    try:
        return NamedNode(iri.strip())
    except ValueError as exc:
        raise BadRequest(key="error.iri.not", values={"given": repr(iri)}) from exc


def _kinds(store: Store, nodes: list[NamedNode]) -> dict[str, str]:
    found = labels(store, nodes)
    out = {}
    for n in nodes:
        local = [t.removeprefix(KG_NS) for t in found[n.value].types if t.startswith(KG_NS)]
        kinds = [KINDS[t] for t in local if t in KINDS]
        if not kinds:
            raise NotFound(key="error.merge.entity.none", values={"iri": n.value})
        out[n.value] = next((k for k in kinds if k in GROUPS), kinds[0])
    return out


def _decision(store: Store, minter: Minter, record: list[Triple]) -> Decision:
    """The decision whose record :func:`_record` just wrote."""
    iri = record[0].subject
    return next(
        x for x in decisions(store, minter) if isinstance(iri, NamedNode) and x.record == iri.value
    )


def _record(
    store: Store,
    minter: Minter,
    s: NamedNode,
    p: NamedNode,
    o: NamedNode,
    reviewer: str,
    note: str | None,
    now: dt.datetime | None,
) -> list[Triple]:
    """The decision as an assertion of the review graph: who, when, why, and the two
    entities' names then (``rdfs:label`` of the record: a merged IRI keeps no name)."""
    review = minter.graph("review")
    when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    a = minter.assertion(review, s, p, o, when)
    out = [
        Triple(a, RDF.type, KG.Assertion),
        Triple(a, RDF.subject, s),
        Triple(a, RDF.predicate, p),
        Triple(a, RDF.object, o),
        Triple(a, KG.status, KG.Curated),
        Triple(a, KG.reviewedBy, Literal(reviewer)),
        Triple(a, KG.reviewedAt, Literal(when, datatype=XSD.dateTime)),
    ]
    if note:
        out.append(Triple(a, RDFS.comment, Literal(note)))
    names = labels(store, [s, o])
    sign = "=" if p == OWL.sameAs else "≠"
    out.append(
        Triple(
            a,
            RDFS.label,
            Literal(f"{names[s.value].label} {sign} {names[o.value].label}", language="zh"),
        )
    )
    return out


def _records(store: Store, minter: Minter, s: NamedNode, o: NamedNode) -> list[Triple]:
    """The review graph's statements of identity between ``s`` and ``o`` (either way, either
    relation) with their records: what a new decision between them withdraws."""
    rows = store.query(queries.get("identity-records"), bindings={"graph": minter.graph("review")})
    out: list[Triple] = []
    for r in solutions(rows):
        if {r["a"].value, r["b"].value} != {s.value, o.value}:
            continue
        out.append(Triple(r["a"], r["relation"], r["b"]))
        if r["record"] is not None:
            out += _statements(store, minter, r["record"])
    return out


def _statements(store: Store, minter: Minter, node: NamedNode) -> list[Triple]:
    rows = store.query(
        queries.get("graph-statements"), bindings={"g": minter.graph("review"), "s": node}
    )
    return [Triple(node, r["p"], r["o"]) for r in solutions(rows)]


__all__ = [
    "Candidate",
    "Decision",
    "Outcome",
    "candidates",
    "decisions",
    "listing",
    "merge",
    "redirect",
    "split",
]
