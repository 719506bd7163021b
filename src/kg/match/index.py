"""Chain indexes: one chain's segments and members, read from the graph once per store
revision and kept (in memory by the app, on disk beside the store), so that a request only
filters and ranks.

**Membership.** A *member* is a partner: an organisation, or a project or site nobody is
known to build or run. It belongs to a segment by one of these paths, each with a strength
(:data:`STRENGTHS`; sourced paths always rank above keyword paths):

- a fact ties it - or a project it builds, invests in, joins or founds, or a site it runs
  or that hosts a project - to an industry the segment covers, or a narrower one
  (``chain-members.rq``). A segment covers itself, the industries the chain map puts under
  it, and the industries aligned (exact, broad or close match) with a GB/T 4754 class it
  covers or a class below it (``chain-concepts.rq``, ``chain-alignment.rq``);
- its registered GB/T 4754 class (``kg:industryClass``) is one of the segment's classes or
  below one (``chain-registered.rq``);
- a segment keyword occurs in a sentence that is evidence about it, outside the names the
  sentence gives (so 航空发动机 in 中国航空发动机集团 does not count), in a sentence that
  names at most :data:`KEYWORD_MAX_PARTIES` candidates (``chain-keywords.rq``,
  ``sentence-facts.rq``) - not for a candidate it names as who receives or buys the product
  (:func:`receives`: 交付…用户 X, X 订购…).

A fact that ties it only to an industry the chain serves as a whole puts it in the chain
without a segment (:data:`CHAIN`). A project, the site it builds and whoever builds,
invests in or runs them are one member (``chain-things.rq``): the organisation, with the
project and site as its ``also`` names; without such an organisation, the project (or the
site). How well each member is sourced - reviewed, stated by a loaded dataset, or only
extracted from the news; from how many documents - comes from the assertions of the facts
on its paths (``chain-assertions.rq``).
"""

from __future__ import annotations

import csv
import functools
import re
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import Label
from kg.match.kinds import MEMBER_KINDS, PROJECT_KINDS, PUBLIC_KINDS, SITE_KINDS
from kg.match.trees import path_up
from kg.namespaces import KG, SKOS
from kg.store import Store, solutions
from kg.store.memo import Stopped

CHAIN = ""  # the "segment" of members tied to the chain's industry as a whole
KEYWORD_MAX_PARTIES = 3
# A sentence that names a candidate as who receives or buys the segment's product says it
# uses the product, not that it makes it: no keyword path for that candidate. After the
# keyword (outside the names), in the same clause, a word of delivery or of custom before
# its name; before the keyword, a word of buying after its name - not a seller's name after
# 向, 从, 由 or 自, nor the words as nouns of something else (交付仪式, 用户数); no other
# candidate's name between them (a new clause begins a new subject). The words, each with
# what it says: CUES, read once (:func:`_cues`).
CUES = Path(__file__).with_name("customer-words.csv")  # beside this module (package data)
CLAUSE_END = re.compile(r"[，,。；;！？!?：:]")
RECEIVER_SPAN = 20  # characters between the keyword and the name, at most
NOT_NAMES = ("industry", "chain")  # kinds whose labels a keyword path does not mask
FORMAT = 2  # of the files on disk; bump when the index changes shape

# Tie codes and their strengths (before the hop and coverage factors).
INDUSTRY, PROJECT, OPERATES, SITE, FOUNDED, REGISTERED, KEYWORD = (
    "industry",
    "project",
    "operates",
    "site",
    "founded",
    "registered",
    "keyword",
)
STRENGTHS = {
    INDUSTRY: 1.0,  # operates in / belongs to the industry
    PROJECT: 0.95,  # builds or invests in a project in it (joins one: 0.8, below)
    OPERATES: 0.9,  # runs a site in it
    SITE: 0.9,  # a site hosting a project in it
    REGISTERED: 0.9,  # registered under a class of the segment
    FOUNDED: 0.8,  # founded an organisation in it
    KEYWORD: 0.4,  # a sentence about it names the segment's product
}
JOINS = 0.8  # kg:participatesIn
HOP = 0.25  # strength / (1 + HOP * broader steps)
CLOSE = 0.9  # the industry is a close match of the segment's class
CHAIN_LEVEL = 0.6  # tied to the chain's industry, segment not known

RELATION_CODES = {
    KG.operatesIn.value: INDUSTRY,
    KG.inIndustry.value: INDUSTRY,
    KG.builds.value: PROJECT,
    KG.investsIn.value: PROJECT,
    KG.participatesIn.value: PROJECT,
    KG.operates.value: OPERATES,
    KG.establishes.value: FOUNDED,
    KG.site.value: SITE,
}
OWNERS = {KG.builds.value, KG.investsIn.value, KG.operates.value}

Fact = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Tie:
    """How a member is tied to a segment (a membership path): its code and strength, the concept
    (industry or GB/T class) it reaches, the relation and the project or site in between,
    the keyword and sentence of a keyword path, and the thing folded into the member that
    carries the path (its project or site), if any."""

    code: str
    strength: float
    concept: str | None = None
    relation: str | None = None
    via: str | None = None
    via_relation: str | None = None
    keyword: str | None = None
    sentence: str | None = None
    carrier: str | None = None


@dataclass(frozen=True, slots=True)
class Trust:
    """How a member's memberships are sourced: ``reviewed`` (a curated or accepted
    assertion), ``asserted`` (facts of a loaded dataset or an import, with no sentence to
    review), ``unreviewed`` (only extracted from the news); from how many documents and
    sentences; the newest document's date."""

    level: str
    sources: int = 0
    sentences: int = 0
    latest: str | None = None


@dataclass(slots=True)
class Member:
    """One partner of a chain. Members with the same segments, places or tiers share those
    objects (a million enterprises fit in memory that way)."""

    iri: str
    kind: str
    segments: dict[str, Tie]  # segment IRI (or CHAIN) -> its strongest path
    places: frozenset[str]
    tiers: frozenset[str]
    trust: Trust
    also: tuple[str, ...] = ()  # projects and sites folded into this member
    signature: tuple[object, ...] = ()

    @property
    def fit(self) -> float:
        return max(p.strength for p in self.segments.values())


@dataclass(frozen=True, slots=True)
class Coverage:
    """How a concept falls in a segment: ``self``, ``map`` (the chain map or the industry
    scheme puts it there), ``exactMatch`` / ``broadMatch`` / ``closeMatch`` (aligned with a
    class of the segment), or ``chain`` (the chain's industry as a whole); the links from
    the concept up to the segment (or chain industry), and the broader steps."""

    how: str
    hops: int
    links: tuple[Fact, ...]


class _Shared:
    """One object per distinct value: interned strings, shared sets, dicts and tuples."""

    def __init__(self) -> None:
        self._values: dict[object, object] = {}

    def __call__(self, value: Any) -> Any:
        key = (type(value), tuple(value.items()) if isinstance(value, dict) else value)
        return self._values.setdefault(key, value)


class _Members(Mapping[str, Member]):
    """Members by IRI, each made from its row the first time it is asked for."""

    def __init__(self, rows: dict[str, tuple[Any, ...]], make: Callable[[tuple[Any, ...]], Member]):
        self._rows, self._make = rows, make
        self._made: dict[str, Member] = {}

    def __getitem__(self, iri: str) -> Member:
        found = self._made.get(iri)
        if found is None:
            found = self._made.setdefault(iri, self._make(self._rows[iri]))
        return found

    def __contains__(self, iri: object) -> bool:
        return iri in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def made(self) -> int:
        """How many member objects have been made so far."""
        return len(self._made)


Signature = tuple[object, ...]  # (kind, ((segment, code, strength), ...), tiers, trust)


def signature_of(
    kind: str, ties: Iterable[tuple[str, Tie]], tiers: Iterable[str], trust: Trust
) -> Signature:
    """What a member's group and score follow from, wherever the region is."""
    return (kind, tuple(sorted((s, t.code, t.strength) for s, t in ties)), frozenset(tiers), trust)


@dataclass
class ChainIndex:
    """One chain's structure and members, read once per store revision."""

    chain: str
    industries: list[str]
    segments: dict[str, tuple[int | None, str | None]]  # segment -> (order, stage IRI)
    members: Mapping[str, Member]  # a dict when built; made on first use when read from disk
    coverage: dict[tuple[str, str], Coverage]  # (segment or CHAIN, concept) -> how
    policies: dict[str, frozenset[str]]  # policy -> regions it covers
    # each place a member is in -> it and every place it lies within (kg:partOf*)
    up: dict[str, tuple[str, ...]] = field(default_factory=dict)
    newest: str | None = None  # the newest evidence date of the chain
    # Members that score alike wherever the region is (same kind, segments, tiers and
    # trust) share a signature; each signature's members sorted by IRI. ``regions`` holds
    # the same per place - every place a member is in, and every place that contains one -
    # for the members there: so a request reads its region's members by signature (a
    # count and a sorted list each) and never walks them one by one.
    signatures: dict[Signature, list[str]] = field(default_factory=dict)
    regions: dict[str, dict[Signature, list[str]]] = field(default_factory=dict)
    segment_totals: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """The derived fields, from the members (in IRI order, so each list is sorted)."""
        canonical: dict[Signature, Signature] = {}
        signatures: dict[Signature, list[str]] = defaultdict(list)
        regions: dict[str, dict[Signature, list[str]]] = defaultdict(lambda: defaultdict(list))
        made: dict[tuple[object, ...], Signature] = {}  # members share their values' objects
        around: dict[frozenset[str], set[str]] = {}
        for iri in sorted(self.members):
            m = self.members[iri]
            key = (m.kind, id(m.segments), m.tiers, m.trust)
            sig = made.get(key)
            if sig is None:
                sig = signature_of(m.kind, m.segments.items(), m.tiers, m.trust)
                sig = made[key] = canonical.setdefault(sig, sig)
            m.signature = sig
            signatures[sig].append(iri)
            places = around.get(m.places)
            if places is None:
                places = around[m.places] = {r for p in m.places for r in self.up.get(p, (p,))}
            for region in places:
                regions[region][sig].append(iri)
        self._derived(dict(signatures), {r: dict(by) for r, by in sorted(regions.items())})

    def _derived(
        self, signatures: dict[Signature, list[str]], regions: dict[str, dict[Signature, list[str]]]
    ) -> None:
        """Keep the signatures and regions; count each segment's members; the newest date."""
        totals: dict[str, int] = dict.fromkeys([*self.segments, CHAIN], 0)
        for sig, iris in signatures.items():
            for seg, _, _ in sig[1]:  # type: ignore[attr-defined]  # a signature's segments
                totals[seg] += len(iris)
        dates = [sig[3].latest for sig in signatures if sig[3].latest]  # type: ignore[attr-defined]  # its Trust
        self.signatures, self.regions, self.segment_totals = signatures, regions, totals
        self.newest = max(dates) if dates else None

    @property
    def ordered_segments(self) -> list[str]:
        """Upstream first: by position, then stage, then IRI."""
        stages = (KG.Upstream.value, KG.Midstream.value, KG.Downstream.value)

        def key(seg: str) -> tuple[int, int, str]:
            order, stage = self.segments[seg]
            return (
                order if order is not None else 10**6,
                stages.index(stage) if stage in stages else len(stages),
                seg,
            )

        return sorted(self.segments, key=key)

    # ------------------------------------------------------------ persistence
    def to_data(self) -> tuple[object, ...]:
        """Plain values (str, int, float, tuple, None) for :mod:`marshal`: the members'
        rows, and the signatures everywhere and per region as they are kept (a member's IRI
        is one string throughout, which marshal writes once and refers to after)."""
        number = {sig: n for n, sig in enumerate(self.signatures)}
        paths: dict[Tie, int] = {}
        trusts: dict[Trust, int] = {}
        rows = []
        for iri in sorted(self.members):  # one order, however the members were made
            m = self.members[iri]
            segs = tuple(
                (s, paths.setdefault(p, len(paths))) for s, p in sorted(m.segments.items())
            )
            rows.append(
                (
                    m.iri,
                    m.kind,
                    segs,
                    tuple(sorted(m.places)),
                    tuple(sorted(m.tiers)),
                    trusts.setdefault(m.trust, len(trusts)),
                    m.also,
                )
            )
        return (
            self.chain,
            tuple(self.industries),
            tuple((s, o, st) for s, (o, st) in self.segments.items()),
            tuple(tuple(getattr(p, f) for f in Tie.__slots__) for p in paths),
            tuple(tuple(getattr(t, f) for f in Trust.__slots__) for t in trusts),
            tuple(rows),
            tuple((s, c, v.how, v.hops, v.links) for (s, c), v in self.coverage.items()),
            tuple((p, tuple(sorted(r))) for p, r in self.policies.items()),
            tuple(sorted(self.up.items())),
            tuple(
                (
                    kind,
                    ties,
                    tuple(sorted(tiers)),  # type: ignore[call-overload]  # a frozenset of IRIs
                    trusts[trust],  # type: ignore[index]  # a member's Trust
                    tuple(iris),
                )
                for (kind, ties, tiers, trust), iris in self.signatures.items()
            ),
            tuple(
                (region, tuple((number[sig], tuple(iris)) for sig, iris in by.items()))
                for region, by in self.regions.items()
            ),
        )

    @classmethod
    def from_data(cls, data: tuple[Any, ...]) -> ChainIndex:
        """The index from :meth:`to_data`'s values. What a request reads - the signatures,
        everywhere and per region - is read as it was kept, not worked out again from the
        members; a member object is made when it is first asked for (a request touches one
        member per signature and those it shows), so a restart answers its first request of
        a chain with a million enterprises without making them all."""
        (
            chain,
            industries,
            segments,
            paths,
            trusts,
            rows,
            coverage,
            policies,
            up,
            sigs,
            regions,
        ) = data
        path_objs = [Tie(*p) for p in paths]
        trust_objs = [Trust(*t) for t in trusts]
        index = cls.__new__(cls)
        index.chain, index.industries = chain, list(industries)
        index.segments = {s: (o, st) for s, o, st in segments}
        index.coverage = {
            (s, c): Coverage(how, hops, tuple(map(tuple, links)))
            for s, c, how, hops, links in coverage
        }
        index.policies = {p: frozenset(r) for p, r in policies}
        index.up = dict(up)
        signatures = [
            ((kind, ties, frozenset(tiers), trust_objs[trust]), list(iris))
            for kind, ties, tiers, trust, iris in sigs
        ]
        index._derived(
            dict(signatures),
            {r: {signatures[n][0]: list(iris) for n, iris in by} for r, by in regions},
        )
        canonical = {sig: sig for sig in index.signatures}
        share = _Shared()

        def make(row: tuple[Any, ...]) -> Member:
            iri, kind, segs, places, tiers, trust, also = row
            ties = share({s: path_objs[p] for s, p in segs})
            return Member(
                iri,
                kind,
                ties,
                share(frozenset(places)),
                share(frozenset(tiers)),
                trust_objs[trust],
                tuple(also),
                canonical[signature_of(kind, ties.items(), tiers, trust_objs[trust])],
            )

        index.members = _Members({row[0]: row for row in rows}, make)
        return index

    # ------------------------------------------------------------------ build
    @classmethod
    def build(
        cls,
        store: Store,
        chain: NamedNode,
        sentences: dict[str, str] | None = None,
        stale: Callable[[], bool] | None = None,
    ) -> ChainIndex:
        """Read the chain from the graph. ``sentences``: every evidence sentence's text, when
        the caller keeps them for all chains (else they are read for this one). ``stale``:
        asked between the steps of the build (a background build: raises
        :class:`kg.store.memo.Stopped` when it says yes)."""
        return _Builder(store, chain, sentences, stale).build()


class _Builder:
    """Reads one chain from the graph (named queries) and makes its members."""

    def __init__(
        self,
        store: Store,
        chain: NamedNode,
        texts: dict[str, str] | None = None,
        stale: Callable[[], bool] | None = None,
    ) -> None:
        self.store, self.chain, self.texts, self.stale = store, chain, texts, stale
        self.share = _Shared()
        self.types: dict[str, set[str]] = defaultdict(set)
        self.places: dict[str, set[str]] = defaultdict(set)
        self.tiers: dict[str, set[str]] = defaultdict(set)
        # thing -> segment -> paths (thing: an organisation, project or site)
        self.paths: dict[str, dict[str, list[Tie]]] = defaultdict(lambda: defaultdict(list))
        # the facts behind each path of each thing, for its trust
        self.facts: dict[str, set[Fact]] = defaultdict(set)
        self.keyword_sources: dict[str, set[tuple[str, str, str | None, str | None]]] = defaultdict(
            set
        )
        # an industry aligned with a segment's class -> (alignment link, coversClass link)
        self.alignment_links: dict[str, tuple[Fact, Fact]] = {}
        self.by_concept: dict[str, list[tuple[str, Coverage]]] = defaultdict(list)

    def check(self) -> None:
        """Between two queries: give up when the build's round is stale."""
        if self.stale is not None and self.stale():
            raise Stopped(f"the index of {self.chain.value} was not finished")

    def rows(self, name: str, **terms: NamedNode) -> Iterable[Any]:
        self.check()
        return solutions(self.store.query(queries.bind(name, **terms)))

    def rows_for(self, name: str, var: str, values: Iterable[str]) -> Iterable[Any]:
        self.check()
        nodes = sorted(set(values))
        if not nodes:
            return ()
        sparql = queries.with_values(name, [var], ([NamedNode(v)] for v in nodes))
        return solutions(self.store.query(sparql))

    # ------------------------------------------------------------- structure
    def build(self) -> ChainIndex:
        segments: dict[str, tuple[int | None, str | None]] = {}
        industries: set[str] = set()
        for r in self.rows("chain-segments", chain=self.chain):
            order = r["order"]
            segments[r["segment"].value] = (
                int(order.value) if order is not None and order.value.isdigit() else None,
                r["position"].value if r["position"] is not None else None,
            )
            if r["industry"] is not None:
                industries.add(r["industry"].value)
        coverage = self.coverage(segments, industries)
        self.members_by_facts(coverage)
        self.members_by_registration(segments)  # type: ignore[arg-type]  # segments: a dict of tuples, read only there
        self.members_by_keywords()
        members = self.fold()
        policies: dict[str, set[str]] = defaultdict(set)
        for r in self.rows_for("chain-policies", "industry", industries):
            policies[r["policy"].value].add(r["place"].value if r["place"] is not None else "")
        places = {p for m in members.values() for p in m.places}
        up: dict[str, set[str]] = defaultdict(set)
        for r in self.rows_for("region-up", "region", places):
            up[r["region"].value].add(sys.intern(r["place"].value))
        return ChainIndex(
            self.chain.value,
            sorted(industries),
            segments,
            members,
            coverage,
            {p: frozenset(r) for p, r in policies.items()},
            {p: tuple(sorted(up[p] | {p})) for p in sorted(places)},
        )

    def coverage(
        self, segments: dict[str, tuple[int | None, str | None]], industries: set[str]
    ) -> dict[tuple[str, str], Coverage]:
        """Which concepts each segment covers, and how (the chain's industries: CHAIN)."""
        tops: dict[str, str] = {s: s for s in segments}  # top concept -> segment
        how: dict[str, tuple[str, Fact | None]] = {s: ("map", None) for s in segments}
        aligned = list(self.rows_for("chain-alignment", "segment", segments))
        for r in aligned:
            industry = r["industry"].value
            link = (industry, r["match"].value, r["aligned"].value)
            via = (r["segment"].value, KG.coversClass.value, r["class"].value)
            tops.setdefault(industry, r["segment"].value)
            how.setdefault(industry, (r["match"].value.rsplit("#", 1)[-1], link))
            self.alignment_links[industry] = (link, via)
        parents: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for r in self.rows_for("chain-concepts", "top", [*tops, *industries]):
            tree = parents[r["top"].value]
            tree[r["concept"].value]
            if r["broader"] is not None:
                tree[r["concept"].value].add(r["broader"].value)
        out: dict[tuple[str, str], Coverage] = {}
        covered: set[str] = set()
        for top, segment in tops.items():
            kind, link = how[top]  # type: ignore[assignment]  # an alignment link is a fact (IRIs as text)
            extra: tuple[Fact, ...] = (link, self.alignment_links[top][1]) if link else ()
            for concept in parents.get(top, {top: set()}):
                up = _broader_up(parents[top], concept, top) if top in parents else []
                if up is None:
                    continue
                key = (segment, concept)
                # steps inside the industry scheme: the chain map's own link (an industry
                # it puts under the segment) is the segment itself, no step down
                hops = len(up) - (1 if up and up[-1][2] == segment else 0)
                found = Coverage(kind, hops, tuple(up) + extra)
                if key not in out or (found.hops, found.how != "map") < (
                    out[key].hops,
                    out[key].how != "map",
                ):
                    out[key] = found
                covered.add(concept)
        for industry in industries:
            for concept in parents.get(industry, {}):
                if concept in covered or concept in segments:
                    continue
                up = _broader_up(parents[industry], concept, industry)
                if up is not None:
                    out.setdefault((CHAIN, concept), Coverage("chain", len(up), tuple(up)))
        return out

    # ----------------------------------------------------------------- paths
    def note(self, thing: str, types: Iterable[str], place: Any, tier: Any) -> str:
        thing = sys.intern(thing)
        self.types[thing].update(types)
        if place is not None:
            self.places[thing].add(sys.intern(place.value))
        if tier is not None:
            self.tiers[thing].add(sys.intern(tier.value))
        return thing

    def members_by_facts(self, coverage: dict[tuple[str, str], Coverage]) -> None:
        for (segment, concept), cov in coverage.items():
            self.by_concept[concept].append((segment, cov))
        for r in self.rows_for("chain-members", "concept", self.by_concept):
            concept, relation = r["concept"].value, r["relation"].value
            member = self.note(r["member"].value, [r["type"].value], r["place"], r["tier"])
            via = r["via"].value if r["via"] is not None else None
            code = RELATION_CODES.get(relation, INDUSTRY)
            base = JOINS if relation == KG.participatesIn.value else STRENGTHS[code]
            if relation == KG.site.value:
                facts = {(via, relation, member), (via, KG.inIndustry.value, concept)}
            elif via is None:
                facts = {(member, relation, concept)}
            else:
                facts = {(member, relation, via), (via, r["viaRelation"].value, concept)}
            self.facts[member] |= facts  # type: ignore[arg-type]  # via is set on this branch
            for segment, cov in self.by_concept[concept]:
                strength = base / (1 + HOP * cov.hops)
                if cov.how == "closeMatch":
                    strength *= CLOSE
                if segment == CHAIN:
                    strength *= CHAIN_LEVEL
                via_relation = r["viaRelation"].value if r["viaRelation"] is not None else None
                self.paths[member][segment].append(
                    self.share(Tie(code, round(strength, 6), concept, relation, via, via_relation))
                )

    def members_by_registration(self, segments: dict[str, object]) -> None:
        classes: dict[str, set[str]] = defaultdict(set)
        for r in self.rows_for("chain-classes", "segment", segments):
            classes[r["class"].value].add(r["segment"].value)
        for r in self.rows_for("chain-registered", "class", classes):
            member = self.note(r["member"].value, [r["type"].value], r["place"], r["tier"])
            registered = r["registered"].value
            self.facts[member].add((member, KG.industryClass.value, registered))
            for segment in classes[r["class"].value]:
                self.paths[member][segment].append(
                    self.share(
                        Tie(
                            REGISTERED,
                            STRENGTHS[REGISTERED],
                            registered,
                            KG.industryClass.value,
                        )
                    )
                )

    def members_by_keywords(self) -> None:
        keywords: dict[str, set[str]] = defaultdict(set)  # keyword -> segments
        for r in self.rows("chain-keywords", chain=self.chain):
            keywords[r["keyword"].value].add(r["segment"].value)
        if not keywords:
            return
        hits: dict[str, list[tuple[str, str]]] = defaultdict(list)  # sentence -> (seg, kw)
        texts = self.sentences()
        for sentence, text in texts.items():
            for keyword, segments in keywords.items():
                if keyword in text:
                    hits[sentence] += [(seg, keyword) for seg in sorted(segments)]
        if not hits:
            return
        parties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        sourced: dict[tuple[str, str], set[tuple[str, str, str | None, str | None]]] = defaultdict(
            set
        )
        for r in self.rows_for("sentence-facts", "sentence", hits):
            sentence, thing = r["sentence"].value, r["thing"].value
            parties[sentence][thing].add(r["type"].value)
            sourced[(sentence, thing)].add(
                (
                    r["assertion"].value,
                    r["status"].value,
                    r["doc"].value if r["doc"] is not None else None,
                    r["date"].value if r["date"] is not None else None,
                )
            )
        names: dict[str, set[str]] = defaultdict(set)  # thing -> its names
        for r in self.rows_for(
            "names-of", "entity", {t for things in parties.values() for t in things}
        ):
            names[r["entity"].value].add(r["name"].value)
        found_by_keyword: set[str] = set()
        for sentence, found in hits.items():
            # the names of the things it names - organisations, sites, places - not of the
            # industries it mentions, which are the very words a keyword may be
            masked = _mask(
                texts[sentence],
                {
                    n
                    for thing, types in parties[sentence].items()
                    if Label("", types=sorted(types)).kind not in NOT_NAMES
                    for n in names[thing]
                },
            )
            candidates = [
                thing
                for thing, types in parties[sentence].items()
                if Label("", types=sorted(types)).kind in MEMBER_KINDS
            ]
            if not candidates or len(candidates) > KEYWORD_MAX_PARTIES:
                continue
            others = {  # each candidate's fellows' names, once per sentence
                thing: {n for t in candidates if t != thing for n in names[t]}
                for thing in candidates
            }
            for segment, keyword in found:
                if keyword not in masked:
                    continue
                for thing in candidates:
                    if receives(texts[sentence], keyword, names[thing], others[thing], masked):
                        continue
                    member = self.note(thing, parties[sentence][thing], None, None)
                    found_by_keyword.add(member)
                    self.keyword_sources[member] |= sourced[(sentence, thing)]
                    self.paths[member][segment].append(
                        self.share(
                            Tie(KEYWORD, STRENGTHS[KEYWORD], keyword=keyword, sentence=sentence)
                        )
                    )
        for r in self.rows_for("places-of", "entity", found_by_keyword):
            self.note(r["entity"].value, (), r["place"], r["tier"])

    def sentences(self) -> dict[str, str]:
        """Every evidence sentence's text (from the caller's cache when it has one)."""
        if self.texts is None:
            self.texts = {
                r["sentence"].value: r["text"].value
                for r in solutions(self.store.query(queries.get("evidence-sentences")))
            }
        return self.texts

    # --------------------------------------------------------------- members
    def fold(self) -> dict[str, Member]:
        """Projects and sites join whoever builds, invests in or runs them; the rest stand
        as members themselves. Then each member's strongest path per segment and trust."""
        kind_of = {t: _kind(types) for t, types in self.types.items()}
        things = {
            t for t, k in kind_of.items() if k in (*PROJECT_KINDS, *SITE_KINDS) and t in self.paths
        }
        things |= {  # the projects and sites in between (a founded organisation stands alone)
            p.via
            for segs in self.paths.values()
            for ps in segs.values()
            for p in ps
            if p.via is not None and p.code in (PROJECT, OPERATES, SITE)
        }
        partners = partners_of(
            lambda things: self.rows_for("chain-things", "thing", things), things, self
        )
        kind_of = {t: _kind(types) for t, types in self.types.items()}
        unit_of, also_of, fold_facts = partners.unit_of, partners.also_of, partners.facts
        # gather every thing's paths under its member
        member_paths: dict[str, dict[str, list[Tie]]] = defaultdict(lambda: defaultdict(list))
        member_things: dict[str, set[str]] = defaultdict(set)
        for thing, segs in self.paths.items():
            for member in unit_of.get(thing, [thing]):
                member_things[member].add(thing)
                for seg, ps in segs.items():
                    carried = ps if member == thing else [_carried(p, thing) for p in ps]
                    member_paths[member][seg].extend(carried)
        for member, group in also_of.items():
            member_things[member] |= group
            member_paths.setdefault(member, defaultdict(list))
        statuses = self.statuses({t for ts in member_things.values() for t in ts})
        members: dict[str, Member] = {}
        for member, segs in member_paths.items():
            kind = kind_of.get(member) or _kind(self.types.get(member, ()))
            if kind not in MEMBER_KINDS or not any(segs.values()):
                continue
            best = {  # the strongest; then a fact over a keyword, its own over a carried one
                sys.intern(seg): max(
                    ps, key=lambda p: (p.strength, p.code != KEYWORD, p.carrier is None)
                )
                for seg, ps in segs.items()
                if ps
            }
            if len(best) > 1:  # in a segment: no longer "segment not known"
                best.pop(CHAIN, None)
            places = set(self.places.get(member, ()))
            for thing in member_things[member]:
                places |= self.places.get(thing, set())
            facts = set(fold_facts.get(member, ()))
            for thing in member_things[member]:
                facts |= self.facts.get(thing, set())
            keyword = set()
            for thing in member_things[member]:
                keyword |= self.keyword_sources.get(thing, set())
            members[member] = Member(
                sys.intern(member),
                kind,
                self.share(dict(sorted(best.items()))),
                self.share(frozenset(places)),
                self.share(frozenset(self.tiers.get(member, ()))),
                self.share(_trust(facts, statuses, keyword)),
                tuple(sorted(also_of.get(member, ()))),
            )
        return members

    def statuses(
        self, things: set[str]
    ) -> dict[Fact, set[tuple[str, str, str | None, str | None]]]:
        """(assertion, status, document, date) of the facts about the things' paths."""
        objects = set(self.by_concept) | things
        objects |= {
            p.concept
            for segs in self.paths.values()
            for ps in segs.values()
            for p in ps
            if p.code == REGISTERED and p.concept
        }
        out: dict[Fact, set[tuple[str, str, str | None, str | None]]] = defaultdict(set)
        for r in self.rows_for("chain-assertions", "object", objects):
            fact = (r["subject"].value, r["predicate"].value, r["object"].value)
            out[fact].add(
                (
                    r["assertion"].value,
                    r["status"].value,
                    r["doc"].value if r["doc"] is not None else None,
                    r["date"].value if r["date"] is not None else None,
                )
            )
        return out


@dataclass
class Partners:
    """Projects and sites with the partner each belongs to: ``unit_of`` maps a project or
    site to its partners (whoever builds, invests in or runs it or another part of its
    group - a project, its sites, their projects - or, with nobody known, the group's
    project, else its site); ``also_of`` the projects and sites folded into each partner,
    ``facts`` the facts that fold them (builds, site, ...)."""

    unit_of: dict[str, list[str]]
    also_of: dict[str, set[str]]
    facts: dict[str, set[Fact]]


class _Things(Protocol):
    """Where :func:`partners_of` records what it learns of the things around."""

    types: dict[str, set[str]]
    places: dict[str, set[str]]
    tiers: dict[str, set[str]]


def partners_of(
    rows: Callable[[set[str]], Iterable[Any]], things: set[str], seen_by: _Things
) -> Partners:
    """Fold projects and sites into partners, reading ``chain-things`` rows for them (a
    site's project, then the project's builder: two rounds). Types, places and tiers of
    what it meets go into ``seen_by``."""
    links: dict[str, set[str]] = defaultdict(set)  # project <-> site
    owners: dict[str, set[str]] = defaultdict(set)
    owner_facts: dict[tuple[str, str], Fact] = {}
    seen: set[str] = set()
    todo = set(things)
    for _round in range(2):
        todo -= seen
        if not todo:
            break
        seen |= todo
        found: set[str] = set()
        for r in rows(todo):
            thing, relation, other = r["thing"].value, r["relation"].value, r["other"].value
            inverse = r["inverse"] is not None and r["inverse"].value == "true"
            if r["type"] is not None:
                seen_by.types[other].add(r["type"].value)
            if relation == KG.locatedIn.value:
                seen_by.places[thing].add(sys.intern(other))
                continue
            if r["place"] is not None:
                seen_by.places[other].add(sys.intern(r["place"].value))
            if r["tier"] is not None:
                seen_by.tiers[other].add(sys.intern(r["tier"].value))
            if relation == KG.site.value:
                links[thing].add(other)
                links[other].add(thing)
                found.add(other)
                fact = (other, relation, thing) if inverse else (thing, relation, other)
                owner_facts[(thing, other)] = owner_facts[(other, thing)] = fact
            elif inverse and relation in OWNERS:
                owners[thing].add(other)
                owner_facts[(other, thing)] = (other, relation, thing)
        todo = found
    kind_of = {t: _kind(types) for t, types in seen_by.types.items()}
    unit_of: dict[str, list[str]] = {}
    also_of: dict[str, set[str]] = defaultdict(set)
    fold_facts: dict[str, set[Fact]] = defaultdict(set)
    for start in sorted(seen | things):
        if start in unit_of:
            continue
        group, queue = {start}, deque([start])
        while queue:
            for nxt in links.get(queue.popleft(), ()):
                if nxt not in group:
                    group.add(nxt)
                    queue.append(nxt)
        who = sorted(
            {
                o
                for g in group
                for o in owners.get(g, ())
                if kind_of.get(o) not in (*PUBLIC_KINDS, *PROJECT_KINDS, *SITE_KINDS)
            }
        )
        if not who:  # nobody known builds or runs it: the project (else the site) stands
            projects = sorted(g for g in group if kind_of.get(g) in PROJECT_KINDS)
            who = [(projects or sorted(group))[0]]
        for g in group:
            unit_of[g] = who
        for w in who:
            also_of[w] |= group - {w}
            for g in group:
                for pair in ((w, g), *((g, h) for h in group)):
                    if pair in owner_facts:
                        fold_facts[w].add(owner_facts[pair])
    return Partners(unit_of, dict(also_of), dict(fold_facts))


def _carried(p: Tie, thing: str) -> Tie:
    return Tie(
        p.code,
        p.strength,
        p.concept,
        p.relation,
        p.via,
        p.via_relation,
        p.keyword,
        p.sentence,
        thing,
    )


def _kind(types: Iterable[str]) -> str:
    return Label("", types=sorted(types)).kind


def _trust(
    facts: set[Fact],
    statuses: dict[Fact, set[tuple[str, str, str | None, str | None]]],
    keyword: set[tuple[str, str, str | None, str | None]],
) -> Trust:
    """Reviewed when a curated (or accepted) assertion backs a fact; asserted when a fact
    has no assertion at all (a loaded dataset) or an imported one; else unreviewed."""
    records = set(keyword)
    bare = False
    for fact in facts:
        found = statuses.get(fact)
        if found:
            records |= found
        else:
            bare = True
    level = trust_level({s.rsplit("#", 1)[-1] for _, s, _, _ in records}, bare)
    docs = {d for _, _, d, _ in records if d}
    sentences = len({a for a, _, d, _ in records if d})
    dates = [x[:10] for _, _, _, x in records if x]
    return Trust(level, len(docs), sentences, max(dates) if dates else None)


def trust_level(statuses: set[str], bare: bool) -> str:
    """``reviewed`` when a curated (or accepted) assertion backs one of the facts;
    ``asserted`` when a fact has no assertion at all (``bare``: a loaded dataset) or an
    imported or editorial one; else ``unreviewed`` (only extracted from the news).

    >>> trust_level({"Extracted", "Curated"}, False), trust_level({"Imported"}, False)
    ('reviewed', 'asserted')
    """
    if "Curated" in statuses:
        return "reviewed"
    if bare or "Imported" in statuses or "Editorial" in statuses:
        return "asserted"
    return "unreviewed"


@functools.cache
def _cues() -> dict[str, re.Pattern[str]]:
    """:data:`CUES` as patterns by side: ``receives`` and ``buys`` (each word not before one
    of its ``unless`` words), ``seller`` (the word right before a name)."""
    rows = list(csv.DictReader(CUES.read_text("utf-8").splitlines()))
    out = {}
    for side in ("receives", "buys"):
        words = [
            re.escape(r["word"])
            + (f"(?!{'|'.join(map(re.escape, r['unless'].split('|')))})" if r["unless"] else "")
            for r in rows
            if r["side"] == side
        ]
        out[side] = re.compile("|".join(words))
    out["seller"] = re.compile(f"[{''.join(r['word'] for r in rows if r['side'] == 'seller')}]$")
    return out


def receives(
    text: str,
    keyword: str,
    names: Iterable[str],
    others: Iterable[str] = (),
    masked: str | None = None,
) -> bool:
    """Whether ``text`` names a thing (by one of ``names``) as who receives or buys the
    product ``keyword`` names (:data:`CUES`), in one clause with no name of
    ``others`` between them; the keyword is sought in ``masked`` (the text with the names it
    gives blanked, :func:`_mask`) when given, so that one inside a name does not count.

    >>> receives("同年，C919大型客机交付全球首家用户——中国东方航空", "大型客机", ["中国东方航空"])
    True
    >>> receives("中国商飞研制的C919大型客机交付全球首家用户——中国东方航空", "大型客机", ["中国商飞"])
    False
    >>> receives("C919大型客机交付用户，中国商飞表示", "大型客机", ["中国商飞"])
    False

    A seller after 向 or 从 buys nothing; a delivery ceremony is no delivery to it:

    >>> receives("东航向中国商飞订购大型客机", "大型客机", ["中国商飞"])
    False
    >>> receives("东航向中国商飞订购大型客机", "大型客机", ["东航"])
    True
    >>> receives("大型客机交付仪式在中国商飞举行", "大型客机", ["中国商飞"])
    False
    """
    cues = _cues()
    others = [n for n in others if len(n) >= 2]
    where = masked if masked is not None and len(masked) == len(text) else text
    for name in (n for n in names if len(n) >= 2):
        for at in _positions(text, name):
            if cues["seller"].search(text[:at]):
                continue
            for k in _positions(where, keyword):
                if k + len(keyword) <= at:
                    between, cue = text[k + len(keyword) : at], cues["receives"]
                    if len(between) > RECEIVER_SPAN:
                        continue
                elif at + len(name) <= k:
                    between, cue = text[at + len(name) : k], cues["buys"]
                else:
                    continue
                if CLAUSE_END.search(between) or any(o in between for o in others):
                    continue
                if cue.search(between):
                    return True
    return False


def _positions(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _mask(text: str, names: Iterable[str]) -> str:
    """The text with every name it gives blanked out, longest first."""
    for name in sorted({n for n in names if len(n) >= 2}, key=len, reverse=True):
        text = text.replace(name, "\u25a1" * len(name))
    return text


def _broader_up(parents: dict[str, set[str]], start: str, top: str) -> list[Fact] | None:
    """The shortest chain of skos:broader links from ``start`` up to ``top``."""
    up = path_up(parents, start, top)
    return None if up is None else [(c, SKOS.broader.value, p) for c, p in up]
