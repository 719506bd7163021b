"""Chain matching: for an industry chain and a target region, the gap analysis and the
partners to approach - local players to strengthen (强链), outside organisations that fill
gaps (补链) or extend the chain (延链), universities and institutes, parks, policies.

Every candidate's score is the weighted sum of explicit components in [0, 1]
(:class:`ChainWeights`, each returned with the facts behind it):

- **segment fit** - 1 when the organisation operates in the segment itself,
  ``narrower_fit`` when in a narrower concept of it, ``industry_fit`` for a university or
  institute working in the chain's industry as a whole (its complementarity is then the
  region's biggest need among the segments);
- **complementarity** - for an outside organisation, how much its segment is missing in
  the region: ``gap`` (no local player), ``weak`` (fewer than
  :data:`kg.chains.WEAK_BELOW`), ``present``; for a local player, how much strengthening
  its segment matters: ``strengthen_weak`` or ``strengthen_present``;
- **local support** - parks in the region host the chain's industry (half) and policies
  for it cover the region (half): the same for every candidate of a query, it lets scores
  be compared across regions;
- **evidence** - source sentences behind its segment memberships (two or more: 1), times
  their recency (1 for the newest source in the graph, less by ``recency_decay`` a year);
- **reviewed** - 1 when a curated (reviewed) assertion backs it, ``unreviewed`` when only
  extracted ones do, 0 with none.

The order is deterministic: score, then IRI (a stable key) for ties. The graph is read through named
queries (``chain-segments``, ``chain-members``, ``chain-support``, ``chain-evidence``,
``place-hierarchy``), each run once per chain (the hierarchy once) and store version and kept in
memory (:class:`ChainIndex`), so a request only filters and ranks.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import logging
import sys
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import NamedNode

from kg import queries
from kg.chains import POSITIONS, WEAK_BELOW
from kg.entities import Evidence, Fact, Label, evidence, labels, resolve
from kg.errors import BadRequest, NotFound
from kg.iris import Minter
from kg.namespaces import KG
from kg.store import Store, solutions

log = logging.getLogger("kg.match")

GROUPS = ("strengthen", "fill", "extend", "research")
ORG_KINDS = ("enterprise", "platform", "association", "organization")
RESEARCH_KINDS = ("university", "research-institute")
WHERE = ("any", "inside", "outside")
# Which things active in a segment count as its members: organisations (kg.entities kinds).
MEMBER_KINDS = frozenset((*ORG_KINDS, *RESEARCH_KINDS, "government", "media"))


@dataclass(frozen=True)
class ChainWeights:
    segment_fit: float = 0.35
    complementarity: float = 0.35
    local_support: float = 0.1
    evidence: float = 0.1
    reviewed: float = 0.1
    narrower_fit: float = 0.8
    industry_fit: float = 0.5
    gap: float = 1.0
    weak: float = 0.6
    present: float = 0.25
    strengthen_weak: float = 1.0
    strengthen_present: float = 0.6
    unreviewed: float = 0.5
    recency_decay: float = 0.2

    def to_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ChainQuery:
    chain: str
    region: str
    kinds: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    where: str = "any"
    top: int = 10
    page: int = 1
    unreviewed: str = "include"  # or "exclude": leave out members only unreviewed facts back

    def __post_init__(self) -> None:
        known = (*ORG_KINDS, *RESEARCH_KINDS)
        if self.unreviewed not in ("include", "exclude"):
            raise BadRequest("unreviewed must be include or exclude")
        unknown = set(self.kinds) - set(known)
        if unknown:
            raise BadRequest(
                f"unknown partner kind(s) {', '.join(sorted(unknown))}; expected: {', '.join(known)}"
            )
        if self.where not in WHERE:
            raise BadRequest(f"where must be one of {', '.join(WHERE)}")
        if not 1 <= self.top <= 1000:
            raise BadRequest("top must be between 1 and 1000")
        if self.page < 1:
            raise BadRequest("page must be 1 or more")


@dataclass(slots=True)
class Member:
    """One organisation of a chain. Built once per index and never changed: members with
    the same segments, places or tiers share those objects (a million enterprises fit in
    memory that way)."""

    iri: str
    kind: str
    segments: dict[str, bool] = field(default_factory=dict)  # segment -> directly in it
    concepts: dict[str, str] = field(default_factory=dict)  # segment -> concept operated in
    places: frozenset[str] = frozenset()
    tiers: frozenset[str] = frozenset()
    sentences: int = 0
    reviewed: int = 0
    assertions: int = 0
    latest: str | None = None
    signature: tuple[object, ...] = ()


class _Shared:
    """One object per distinct value: interned strings, shared frozen sets and dicts."""

    def __init__(self) -> None:
        self._values: dict[object, object] = {}

    def __call__(self, value: Any) -> Any:
        key = (type(value), tuple(value.items()) if isinstance(value, dict) else value)
        return self._values.setdefault(key, value)


@dataclass
class ChainIndex:
    """One chain's structure and members, read once per store version."""

    chain: NamedNode
    industry: str | None
    segments: dict[str, str | None]  # segment -> position
    members: dict[str, Member]
    sites: dict[str, set[str]]
    research: dict[str, set[str]]
    policies: dict[str, set[str]]
    newest: str | None  # the newest evidence date of the chain
    research_kinds: dict[str, str] = field(default_factory=dict)
    # Members that score alike wherever the region is (same kind, segments, tiers and
    # evidence) share a signature; each signature's members sorted by IRI. With the
    # place index, a request touches the local members one by one and everyone else by
    # signature.
    signatures: dict[tuple[object, ...], list[str]] = field(default_factory=dict)
    by_place: dict[str, list[str]] = field(default_factory=dict)
    segment_totals: dict[str, int] = field(default_factory=dict)

    _labels: dict[str, Label] | None = None

    sourced: bool = False  # whether any membership rests on an assertion (else no evidence)

    def static_labels(self, store: Store) -> dict[str, Label]:
        """Labels of the chain, its industry and its segments (read once)."""
        if self._labels is None:
            iris = [self.chain.value, *self.segments] + ([self.industry] if self.industry else [])
            self._labels = labels(store, [NamedNode(i) for i in iris])
        return self._labels

    def __post_init__(self) -> None:
        signatures: dict[tuple[object, ...], list[str]] = defaultdict(list)
        canonical: dict[tuple[object, ...], tuple[object, ...]] = {}
        by_place: dict[str, list[str]] = defaultdict(list)
        totals: dict[str, int] = dict.fromkeys(self.segments, 0)
        for iri in sorted(self.members):
            m = self.members[iri]
            sig = (
                m.kind,
                tuple(sorted(m.segments.items())),
                frozenset(m.tiers),
                (m.sentences, m.reviewed, m.assertions, m.latest),
            )
            members = signatures[sig]
            if not members:
                canonical[sig] = sig
            members.append(iri)
            m.signature = canonical[sig]
            for place in m.places:
                by_place[place].append(iri)
            for seg in m.segments:
                totals[seg] += 1
        self.signatures, self.by_place, self.segment_totals = (
            dict(signatures),
            dict(by_place),
            totals,
        )
        self.sourced = any(m.assertions for m in self.members.values())

    @classmethod
    def build(cls, store: Store, chain: NamedNode) -> ChainIndex:
        rows = list(
            solutions(store.query(queries.get("chain-segments"), bindings={"chain": chain}))
        )
        segments = {
            r["segment"].value: r["position"].value if r["position"] else None for r in rows
        }
        industry = next((r["industry"] for r in rows if r["industry"] is not None), None)
        share = _Shared()
        seg_of: dict[str, dict[str, bool]] = defaultdict(dict)
        concept_of: dict[str, dict[str, str]] = defaultdict(dict)
        places_of: dict[str, set[str]] = defaultdict(set)
        tiers_of: dict[str, set[str]] = defaultdict(set)
        types: dict[str, set[str]] = defaultdict(set)
        for r in solutions(store.query(queries.get("chain-members"), bindings={"chain": chain})):
            iri = sys.intern(r["member"].value)
            seg, concept = sys.intern(r["segment"].value), sys.intern(r["concept"].value)
            direct = concept == seg
            segs = seg_of[iri]
            segs[seg] = segs.get(seg, False) or direct
            if direct:
                if iri in concept_of:
                    concept_of[iri].pop(seg, None)
            elif seg not in concept_of.get(iri, ()):
                concept_of[iri][seg] = concept
            if r["place"] is not None:
                places_of[iri].add(sys.intern(r["place"].value))
            if r["tier"] is not None:
                tiers_of[iri].add(sys.intern(r["tier"].value))
            types[iri].add(sys.intern(r["type"].value))
        kinds = {t: Label("", types=sorted(t)).kind for t in {frozenset(v) for v in types.values()}}
        members = {
            iri: Member(
                iri,
                kinds[frozenset(types[iri])],
                share(dict(sorted(segs.items()))),
                share(concept_of[iri]) if concept_of.get(iri) else share({}),
                share(frozenset(places_of.get(iri, ()))),
                share(frozenset(tiers_of.get(iri, ()))),
            )
            for iri, segs in seg_of.items()
            if kinds[frozenset(types[iri])] in MEMBER_KINDS
        }
        del seg_of, concept_of, places_of, tiers_of, types
        for r in solutions(store.query(queries.get("chain-evidence"), bindings={"chain": chain})):
            m = members.get(r["member"].value)
            if m is not None:
                m.sentences = int(r["sentences"].value)
                m.reviewed = int(r["reviewed"].value)
                m.assertions = int(r["assertions"].value)
                m.latest = r["latest"].value if r["latest"] is not None else None
        support: dict[str, dict[str, set[str]]] = {
            role: defaultdict(set) for role in ("site", "research", "policy")
        }
        research_kinds: dict[str, str] = {}
        if industry is not None:
            rows = store.query(queries.get("chain-support"), bindings={"industry": industry})
            for r in solutions(rows):
                support[r["role"].value][r["thing"].value].add(
                    r["place"].value if r["place"] is not None else ""
                )
                if r["kind"] is not None:
                    research_kinds[r["thing"].value] = r["kind"].value
        dates = [m.latest for m in members.values() if m.latest]
        return cls(
            chain,
            industry.value if industry is not None else None,
            segments,
            members,
            dict(support["site"]),
            dict(support["research"]),
            dict(support["policy"]),
            max(dates) if dates else None,
            research_kinds,
        )


class _Indexes:
    """Chain indexes of one store, dropped when its version changes."""

    def __init__(self) -> None:
        self.version: str | None = None
        self.chains: dict[str, ChainIndex] = {}
        self.regions: dict[tuple[str, str], set[str]] = {}
        self.names: dict[tuple[str, str], NamedNode] = {}  # (class, name) -> resolved
        self.labels: dict[str, Label] = {}
        self.building: dict[str, threading.Lock] = {}  # chain -> held while its index builds
        self.lock = threading.Lock()

    def reset(self, version: str) -> None:
        self.version, self.chains, self.regions, self.names, self.labels, self.building = (
            version,
            {},
            {},
            {},
            {},
            {},
        )


_CACHE: weakref.WeakKeyDictionary[Store, _Indexes] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def _indexes(store: Store) -> _Indexes:
    with _CACHE_LOCK:
        found = _CACHE.get(store)
        if found is None:
            found = _CACHE[store] = _Indexes()
    with found.lock:
        if found.version != store.version:
            found.reset(store.version)
    return found


def chain_index(store: Store, chain: NamedNode) -> ChainIndex:
    """The chain's index for the current store version, built on first use. Requests for
    other chains do not wait while one builds; two for the same chain build it once."""
    cache = _indexes(store)
    with cache.lock:
        chains = cache.chains  # this version's; a write replaces the dict, not its items
        index = chains.get(chain.value)
        if index is not None:
            return index
        building = cache.building.setdefault(chain.value, threading.Lock())
    with building:
        index = chains.get(chain.value)
        if index is None:
            index = ChainIndex.build(store, chain)
            with cache.lock:
                chains[chain.value] = index
        return index


class Warmer:
    """Keeps every chain's index built, in a background thread: at start-up and again after
    each change to the store, so that no planner's request waits for an index (at a million
    enterprises one takes seconds). Requests still build what they need themselves when
    they come first; the per-chain lock makes that happen once."""

    def __init__(self, store: Store, every: float = 1.0) -> None:
        self.store, self.every = store, every
        self.built, self.total, self.ready = 0, 0, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-chain-warmer", daemon=True)

    def start(self) -> Warmer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def status(self) -> dict[str, object]:
        return {"ready": self.ready, "built": self.built, "chains": self.total}

    def _run(self) -> None:
        version = None
        while not self._stop.is_set():
            if self.store.version != version:
                version = self.store.version
                try:
                    self._warm()
                except Exception:  # the requests build what they need; say why it failed
                    log.exception("building the chain indexes failed")
            self._stop.wait(self.every)

    def _warm(self) -> None:
        self.ready, self.built = False, 0
        rows = list(solutions(self.store.query(queries.get("chains"))))
        self.total = len(rows)
        _hierarchy(self.store)
        for row in rows:
            if self._stop.is_set():
                return
            chain_index(self.store, row["chain"])
            self.built += 1
        self.ready = True


def _hierarchy(store: Store) -> _Indexes:
    """The store's indexes, with the whole ``kg:partOf`` hierarchy read (once per version)."""
    cache = _indexes(store)
    with cache.lock:
        if not cache.regions:
            children: dict[str, set[str]] = defaultdict(set)
            parents: dict[str, set[str]] = defaultdict(set)
            for r in solutions(store.query(queries.get("place-hierarchy"))):
                children[r["parent"].value].add(r["place"].value)
                parents[r["place"].value].add(r["parent"].value)
            cache.regions[("down", "")] = children  # type: ignore[assignment]
            cache.regions[("up", "")] = parents  # type: ignore[assignment]
    return cache


def places_within(store: Store, region: NamedNode) -> set[str]:
    """The places within ``region`` (by ``kg:partOf``), itself included."""
    return _places(store, "down", region)


def _places(store: Store, direction: str, region: NamedNode) -> set[str]:
    """The places within ``region`` (``down``) or that it lies within (``up``), itself
    included - from the whole ``kg:partOf`` hierarchy, read once per store version."""
    cache = _hierarchy(store)
    with cache.lock:
        key = (direction, region.value)
        if key not in cache.regions:
            links: dict[str, set[str]] = cache.regions[(direction, "")]  # type: ignore[assignment]
            found, todo = {region.value}, [region.value]
            while todo:
                for nxt in links.get(todo.pop(), ()):
                    if nxt not in found:
                        found.add(nxt)
                        todo.append(nxt)
            cache.regions[key] = found
        return cache.regions[key]


def find_chain(store: Store, minter: Minter, name: str) -> NamedNode:
    """The chain called ``name``, or the one chain of the industry (or industry group) called
    ``name`` - through ``kg:chainOf`` and the industry scheme's ``skos:broader``."""
    try:
        return _resolve(store, minter, name, KG.IndustryChain, "industry chain")
    except NotFound as not_a_chain:
        for cls in (KG.Industry, KG.IndustryGroup):
            try:
                industry = _resolve(store, minter, name, cls, "industry")
                break
            except NotFound:
                continue
        else:
            raise not_a_chain from None
    rows = store.query(queries.get("industry-chains"), bindings={"industry": industry})
    chains = [r["chain"] for r in solutions(rows)]
    if len(chains) == 1:
        return chains[0]
    if not chains:
        raise NotFound(
            f"the graph has no industry chain for {name!r} yet (no chain map in data/chains/ serves it); "
            f"partners for the industry as a whole: /api/match?industry={industry.value}"
        )
    named = ", ".join(f"{lab.label} <{iri}>" for iri, lab in _labels(store, chains).items())
    raise BadRequest(f"{name!r} has several industry chains: {named}; give one")


def _resolve(store: Store, minter: Minter, name: str, cls: NamedNode, what: str) -> NamedNode:
    """:func:`kg.entities.resolve`, remembered for the store version (failures are not)."""
    cache = _indexes(store)
    key = (cls.value, name)
    found = cache.names.get(key)
    if found is None:
        found = resolve(store, minter, name, cls, what)
        with cache.lock:
            cache.names[key] = found
    return found


def _labels(store: Store, iris: list[NamedNode]) -> dict[str, Label]:
    """:func:`kg.entities.labels`, remembered for the store version."""
    cache = _indexes(store)
    missing = [i for i in iris if i.value not in cache.labels]
    if missing:
        fetched = labels(store, missing)
        with cache.lock:
            cache.labels.update(fetched)
    return {i.value: cache.labels[i.value] for i in iris}


@dataclass
class Component:
    name: str
    value: float
    weight: float
    text: str
    text_en: str
    facts: list[Fact] = field(default_factory=list)
    evidence: list[tuple[list[str], Evidence]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "component": self.name,
            "value": round(self.value, 4),
            "weight": self.weight,
            "score": round(self.value * self.weight, 4),
            "text": self.text,
            "text_en": self.text_en,
            "facts": [[t.value for t in f] for f in self.facts],
            "evidence": [{**e.to_dict(), "fact": words} for words, e in self.evidence],
        }


@dataclass
class ChainCandidate:
    label: Label
    group: str
    local: bool
    segments: list[str]
    score: float
    components: list[Component]
    tiers: list[str]

    def to_dict(self) -> dict[str, object]:
        return {
            **self.label.to_dict(),
            "group": self.group,
            "in_region": self.local,
            "segments": self.segments,
            "tiers": self.tiers,
            "score": round(self.score, 4),
            "components": [c.to_dict() for c in self.components],
        }


@dataclass
class ChainMatch:
    chain: Label
    industry: Label | None
    region: Label
    segments: list[dict[str, object]]
    groups: dict[str, list[ChainCandidate]]
    totals: dict[str, int]
    parks: list[Label]
    policies: list[Label]
    weights: ChainWeights
    page: int
    top: int

    def to_dict(self) -> dict[str, object]:
        return {
            "chain": self.chain.to_dict(),
            "industry": self.industry.to_dict() if self.industry else None,
            "region": self.region.to_dict(),
            "gap_analysis": self.segments,
            "groups": {g: [c.to_dict() for c in cs] for g, cs in self.groups.items()},
            "totals": self.totals,
            "parks": [p.to_dict() for p in self.parks],
            "policies": [p.to_dict() for p in self.policies],
            "weights": self.weights.to_dict(),
            "page": self.page,
            "top": self.top,
        }


def _years(a: str, b: str) -> float:
    try:
        return abs((dt.date.fromisoformat(b[:10]) - dt.date.fromisoformat(a[:10])).days) / 365.25
    except ValueError:
        return 0.0


def match_chain(
    store: Store, minter: Minter, query: ChainQuery, weights: ChainWeights | None = None
) -> ChainMatch:
    """Gap analysis and ranked partner groups for a chain in a region."""
    w = weights or ChainWeights()
    chain = find_chain(store, minter, query.chain)
    region = _resolve(store, minter, query.region, KG.Region, "region")
    tiers = {_resolve(store, minter, t, KG.Tier, "tier").value for t in query.tiers}
    index = chain_index(store, chain)
    within = _places(store, "down", region)
    above = _places(store, "up", region)

    def local(places: set[str]) -> bool:
        return bool(places & within)

    # Gap analysis: the local members (through the place index), everyone else by count.
    local_iris: set[str] = set()
    for place in within:
        local_iris.update(index.by_place.get(place, ()))
    local_count: dict[str, int] = dict.fromkeys(index.segments, 0)
    local_by_signature: dict[tuple[object, ...], int] = defaultdict(int)
    for iri in local_iris:
        for seg in index.members[iri].segments:
            local_count[seg] += 1
        local_by_signature[index.members[iri].signature] += 1
    elsewhere = {seg: index.segment_totals[seg] - n for seg, n in local_count.items()}
    is_local: dict[str, bool] = dict.fromkeys(local_iris, True)

    def status(seg: str) -> str:
        n = local_count[seg]
        return "gap" if n == 0 else "weak" if n < WEAK_BELOW else "present"

    statuses = {seg: status(seg) for seg in index.segments}
    outside_value = {seg: _outside_value(w, st) for seg, st in statuses.items()}
    strengthen_value = {
        seg: w.strengthen_weak if st == "weak" else w.strengthen_present
        for seg, st in statuses.items()
    }
    parks = sorted(t for t, p in index.sites.items() if local(p))
    policies = sorted(t for t, p in index.policies.items() if p & (within | above))
    support = 0.5 * bool(parks) + 0.5 * bool(policies)
    need = max(outside_value.values(), default=w.present)

    def parts_of(m: Member, group: str) -> dict[str, float]:
        """The components of one candidate."""
        if group == "research" and not m.segments:
            fit, comp = w.industry_fit, need
        else:
            fit = max(1.0 if direct else w.narrower_fit for direct in m.segments.values())
            values = strengthen_value if group == "strengthen" else outside_value
            comp = max(values[seg] for seg in m.segments)
        strength = min(1.0, m.sentences / 2)
        if strength and m.latest and index.newest:
            strength *= max(0.0, 1.0 - w.recency_decay * _years(m.latest, index.newest))
        reviewed = 1.0 if m.reviewed else w.unreviewed if m.assertions else 0.0
        return {
            "segment_fit": fit,
            "complementarity": comp,
            "local_support": support,
            "evidence": strength,
            "reviewed": reviewed,
        }

    def total(parts: dict[str, float]) -> float:
        return sum(getattr(w, k) * v for k, v in parts.items())

    def group_of(m: Member, here: bool) -> str:
        if m.kind in RESEARCH_KINDS:
            return "research"
        if here:
            return "strengthen"
        return "fill" if any(statuses[s] != "present" for s in m.segments) else "extend"

    def wanted(m: Member) -> bool:
        if query.unreviewed == "exclude" and m.assertions and not m.reviewed:
            return False
        return not (query.kinds and m.kind not in query.kinds) and not (
            tiers and m.tiers.isdisjoint(tiers)
        )

    inside_only, outside_only = query.where == "inside", query.where == "outside"
    # Per group: (-score, iri, member) for single candidates, and (-score, members sorted
    # by IRI) for whole signatures of outside members.
    singles: dict[str, list[tuple[float, str, Member]]] = {g: [] for g in GROUPS}
    classes: dict[str, list[tuple[float, list[str]]]] = {g: [] for g in GROUPS}
    totals: dict[str, int] = dict.fromkeys(GROUPS, 0)
    if not outside_only:
        for iri in local_iris:
            m = index.members[iri]
            if wanted(m):
                g = group_of(m, True)
                singles[g].append((-total(parts_of(m, g)), iri, m))
                totals[g] += 1
    if not inside_only:
        for sig, iris in index.signatures.items():
            m = index.members[iris[0]]
            outside = len(iris) - local_by_signature.get(sig, 0)
            if not outside or not wanted(m):
                continue
            g = group_of(m, False)
            classes[g].append((-total(parts_of(m, g)), iris))
            totals[g] += outside

    # Universities and institutes working in the chain's industry (not in one segment):
    # their know-how serves the whole chain, so the region's biggest need counts.
    for iri, places in index.research.items() if not tiers else ():
        here = local(places)
        if iri in index.members or (inside_only and not here) or (outside_only and here):
            continue
        kind = index.research_kinds.get(iri, "research-institute")
        if query.kinds and kind not in query.kinds:
            continue
        m = Member(iri, kind, places=frozenset(p for p in places if p))
        is_local[iri] = here
        singles["research"].append((-total(parts_of(m, "research")), iri, m))
        totals["research"] += 1

    start = (query.page - 1) * query.top
    shown = {g: _page(singles[g], classes[g], local_iris, index, start, query.top) for g in GROUPS}
    # Labels (one query) and evidence only for what is shown.
    picked = [item for items in shown.values() for item in items]
    names = dict(index.static_labels(store))
    names.update(
        _labels(
            store,
            [NamedNode(i) for i in (region.value, *parks, *policies)]
            + [NamedNode(x[2].iri) for x in picked],
        )
    )
    facts: list[Fact] = []
    for _, _, m in picked:
        for s in m.segments:
            facts.append((NamedNode(m.iri), KG.operatesIn, NamedNode(m.concepts.get(s, s))))
    found = evidence(store, facts) if index.sourced else {}

    def words(f: Fact) -> list[str]:
        s, p, o = f
        return [
            names[s.value].label if s.value in names else s.value,
            p.value.rsplit("#", 1)[-1],
            names[o.value].label if isinstance(o, NamedNode) and o.value in names else o.value,
        ]

    def seg_name(seg: str) -> Label:
        return names.get(seg) or Label(seg)

    groups: dict[str, list[ChainCandidate]] = {}
    for g, items in shown.items():
        out = []
        for neg_score, _, m in items:
            segs = sorted(m.segments, key=lambda s: (_pos(index.segments.get(s)), s))
            parts = parts_of(m, g)
            score = -neg_score
            member_facts = [
                (NamedNode(m.iri), KG.operatesIn, NamedNode(m.concepts.get(s, s))) for s in segs
            ]
            cited = [(words(f), e) for f in member_facts for e in found.get(f, [])]
            seg_zh = "、".join(f"{seg_name(s).label}（{_status_zh(status(s))}）" for s in segs) or (
                "本产业链所属产业"
            )
            seg_en = ", ".join(
                f"{seg_name(s).en or seg_name(s).label} ({status(s)})" for s in segs
            ) or ("the chain's industry")
            where_zh, where_en = (
                ("区内", "in the region")
                if is_local.get(m.iri, False)
                else ("区外", "outside the region")
            )
            components = [
                Component(
                    "segment_fit",
                    parts["segment_fit"],
                    w.segment_fit,
                    f"从事{seg_zh}",
                    f"operates in {seg_en}",
                    member_facts,
                    cited,
                ),
                Component(
                    "complementarity",
                    parts["complementarity"],
                    w.complementarity,
                    f"{where_zh}；所在环节本地状况：{seg_zh}",
                    f"{where_en}; its segments locally: {seg_en}",
                ),
                Component(
                    "local_support",
                    parts["local_support"],
                    w.local_support,
                    f"本地承载园区 {len(parks)} 个，适用政策 {len(policies)} 项",
                    f"{len(parks)} local parks, {len(policies)} applicable policies",
                ),
                Component(
                    "evidence",
                    parts["evidence"],
                    w.evidence,
                    f"来源原句 {m.sentences} 句",
                    f"{m.sentences} source sentences",
                    member_facts,
                    cited,
                ),
                Component(
                    "reviewed",
                    parts["reviewed"],
                    w.reviewed,
                    f"已审核断言 {m.reviewed} / {m.assertions}",
                    f"{m.reviewed} of {m.assertions} assertions reviewed",
                ),
            ]
            out.append(
                ChainCandidate(
                    label=names.get(m.iri) or Label(m.iri),
                    group=g,
                    local=is_local.get(m.iri, False),
                    segments=segs,
                    score=score,
                    components=components,
                    tiers=sorted(m.tiers),
                )
            )
        groups[g] = out

    segments_out = []
    for seg in sorted(index.segments, key=lambda s: (_pos(index.segments[s]), s)):
        position = index.segments[seg]
        segments_out.append(
            {
                **seg_name(seg).to_dict(),
                "position": position.rsplit("#", 1)[-1].lower() if position else None,
                "status": status(seg),
                "local_count": local_count[seg],
                "elsewhere_count": elsewhere[seg],
            }
        )
    return ChainMatch(
        chain=names[index.chain.value],
        industry=names.get(index.industry) if index.industry else None,
        region=names[region.value],
        segments=segments_out,
        groups=groups,
        totals=totals,
        parks=[names[p] for p in parks],
        policies=[names[p] for p in policies],
        weights=w,
        page=query.page,
        top=query.top,
    )


def _page(
    singles: list[tuple[float, str, Member]],
    classes: list[tuple[float, list[str]]],
    skip: set[str],
    index: ChainIndex,
    start: int,
    size: int,
) -> list[tuple[float, str, Member]]:
    """Candidates ``start`` to ``start + size`` in (score desc, IRI) order, from single
    candidates and whole signatures (whose members in ``skip`` are not candidates)."""

    def members(neg: float, iris: list[str]):  # noqa: ANN202 - a generator of candidates
        return ((neg, iri, index.members[iri]) for iri in iris if iri not in skip)

    merged = heapq.merge(
        sorted(singles, key=lambda x: (round(x[0], 9), x[1])),
        *(members(n, i) for n, i in classes),
        key=lambda x: (round(x[0], 9), x[1]),
    )
    return list(itertools.islice(merged, start, start + size))


def _pos(position: str | None) -> int:
    return POSITIONS.index(position) if position in POSITIONS else len(POSITIONS)


def _outside_value(w: ChainWeights, status: str) -> float:
    return {"gap": w.gap, "weak": w.weak}.get(status, w.present)


def _status_zh(status: str) -> str:
    return {"gap": "缺失", "weak": "薄弱", "present": "已有"}[status]


__all__ = [
    "GROUPS",
    "ChainIndex",
    "ChainMatch",
    "ChainQuery",
    "ChainWeights",
    "chain_index",
    "find_chain",
    "match_chain",
    "places_within",
    "Warmer",
]
