"""Chain matching: for an industry chain and a target region, the gap analysis and the
partners to approach - the request that ties the parts together:

1. resolve the chain (or the one chain of an industry) and the region;
2. take the chain's index (:mod:`kg.match.cache`, built once per store revision: who is in
   which segment, how, how well sourced - :mod:`kg.match.index`);
3. the gap analysis for the region (:mod:`kg.match.gaps`);
4. score and group every member (:mod:`kg.match.groups`, :mod:`kg.match.scoring`);
5. explain what is shown - codes, facts, evidence (:mod:`kg.match.explain`), in words for
   whoever asks (:mod:`kg.match.words`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from kg import entities, queries
from kg.entities import Label, Within, check_kinds
from kg.errors import BadRequest, NotFound
from kg.iris import Minter
from kg.match import words as W
from kg.match.cache import ChainIndexes
from kg.match.explain import Reason, explain, labels_needed, name_params
from kg.match.gaps import WEAK_BELOW, Gaps, analyse
from kg.match.groups import GROUPS, Filters, components, rank
from kg.match.index import CHAIN, Member
from kg.match.kinds import MEMBER_KINDS, PROJECT_KINDS
from kg.match.scoring import ChainWeights, local_support, score_value
from kg.match.trees import path_up
from kg.namespaces import KG
from kg.paging import page_number
from kg.review import Unreviewed
from kg.store import Store, solutions

WHERE = ("any", "inside", "outside")
QUERY_KINDS = tuple(k for k in MEMBER_KINDS if k not in PROJECT_KINDS) + PROJECT_KINDS


@dataclass(frozen=True)
class ChainQuery:
    chain: str
    region: str
    kinds: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    where: str = "any"
    top: int = 10
    page: int = 1
    unreviewed: Unreviewed = Unreviewed.INCLUDE  # exclude: members only unreviewed facts back

    def __post_init__(self) -> None:
        object.__setattr__(self, "unreviewed", Unreviewed.parse(self.unreviewed))
        check_kinds(self.kinds, QUERY_KINDS)
        if self.where not in WHERE:
            raise BadRequest(key="error.chain.where", values={"allowed": ", ".join(WHERE)})
        if not 1 <= self.top <= 1000:
            raise BadRequest(key="error.top", values={"most": 1000})
        page_number(self.page)  # a page as every page number is


@dataclass
class ChainCandidate:
    label: Label
    group: str
    local: bool
    segments: list[str]
    score: float
    relevance: float
    trust: float
    member: Member
    components: dict[str, float]
    weights: ChainWeights
    reasons: list[Reason] = field(default_factory=list)
    also: list[Label] = field(default_factory=list)

    def to_dict(self, words: W.Words | None = None) -> dict[str, object]:
        return {
            **self.label.to_dict(),
            "group": self.group,
            "in_region": self.local,
            "also": [a.to_dict() for a in self.also],
            "segments": self.segments,
            "tiers": sorted(self.member.tiers),
            "score": score_value(self.score),
            "relevance": score_value(self.relevance),
            "trust": score_value(self.trust),
            "trust_level": self.member.trust.level,
            "sources": self.member.trust.sources,
            "components": [
                {"component": k, "value": score_value(v), "weight": getattr(self.weights, k)}
                for k, v in self.components.items()
            ],
            "reasons": [r.to_dict(words) for r in self.reasons],
        }


@dataclass
class ChainMatch:
    chain: Label
    industries: list[Label]
    region: Label
    gaps: Gaps
    segment_labels: dict[str, Label]
    groups: dict[str, list[ChainCandidate]]
    totals: dict[str, int]
    parks: list[Label]
    policies: list[Label]
    weights: ChainWeights
    page: int
    top: int
    version: str | None = None
    # where the region lies (鼓楼区 in 南京市), and whether its name is shared
    region_within: Within = field(default_factory=Within)

    @property
    def industry(self) -> Label | None:
        return self.industries[0] if self.industries else None

    @property
    def segments(self) -> list[dict[str, object]]:
        """The gap analysis as plain values, upstream first."""
        stages = {
            KG.Upstream.value: "upstream",
            KG.Midstream.value: "midstream",
            KG.Downstream.value: "downstream",
        }
        out = []
        for iri, state in self.gaps.segments.items():
            if iri == CHAIN:
                continue
            lab = self.segment_labels.get(iri) or Label(iri)
            out.append(
                {
                    **lab.to_dict(),
                    "position": stages.get(state.stage or ""),
                    "order": state.order,
                    "status": state.status,
                    "local_count": state.count,
                    "local_by_kind": state.by_kind,
                    "elsewhere_count": state.elsewhere,
                    "weak_below": WEAK_BELOW,
                }
            )
        return out

    def to_dict(self, words: W.Words | None = None) -> dict[str, object]:
        segments = self.segments
        if words is not None:
            for s in segments:
                s["text"], s["text_en"] = W.segment(s)
        level = self.gaps.chain_level
        return {
            "chain": {**self.chain.to_dict(), "editorial": True, "version": self.version},
            "industry": self.industry.to_dict() if self.industry else None,
            "industries": [i.to_dict() for i in self.industries],
            "region": {**self.region.to_dict(), **self.region_within.to_dict()},
            "gap_analysis": segments,
            "gaps": [s["iri"] for s in segments if s["status"] != "present"],
            "chain_level": {"local_count": level.count, "elsewhere_count": level.elsewhere},
            "groups": {g: [c.to_dict(words) for c in cs] for g, cs in self.groups.items()},
            "totals": self.totals,
            "parks": [p.to_dict() for p in self.parks],
            "policies": [p.to_dict() for p in self.policies],
            "weights": self.weights.to_dict(),
            "page": self.page,
            "top": self.top,
        }


def find_chain(indexes: ChainIndexes, minter: Minter, name: str) -> NamedNode:
    """The chain called ``name``, or the one chain of the industry (or industry group) called
    ``name`` - through ``kg:chainOf`` and the industry scheme's ``skos:broader``."""
    try:
        return indexes.resolve(minter, name, KG.IndustryChain, "noun.chain")
    except NotFound as not_a_chain:
        for cls in (KG.Industry, KG.IndustryGroup):
            try:
                industry = indexes.resolve(minter, name, cls, "kind.industry")
                break
            except NotFound:
                continue
        else:
            raise not_a_chain from None
    rows = indexes.store.query(queries.bind("industry-chains", industry=industry))
    chains = sorted({r["chain"] for r in solutions(rows)}, key=lambda n: n.value)
    if len(chains) == 1:
        return chains[0]
    if not chains:
        raise NotFound(
            key="error.chain.none", values={"name": repr(name), "industry": industry.value}
        )
    named = ", ".join(f"{lab.label} <{iri}>" for iri, lab in indexes.label(chains).items())
    raise BadRequest(key="error.chain.several", values={"name": repr(name), "named": named})


def match_chain(
    store: Store,
    minter: Minter,
    query: ChainQuery,
    weights: ChainWeights | None = None,
    indexes: ChainIndexes | None = None,
) -> ChainMatch:
    """Gap analysis and ranked partner groups for a chain in a region. ``indexes``: the
    caller's (the app keeps one per store); without, the chain's index is built for this
    call. The request goes before the background rounds sharing the indexes (their
    :attr:`~ChainIndexes.precedence`): during warm-up they wait at their next step until
    it is answered."""
    indexes = indexes if indexes is not None else ChainIndexes(store)
    with indexes.precedence.first():
        return _match(store, minter, query, weights or ChainWeights(), indexes)


def _match(
    store: Store, minter: Minter, query: ChainQuery, w: ChainWeights, indexes: ChainIndexes
) -> ChainMatch:
    chain = find_chain(indexes, minter, query.chain)
    region = indexes.resolve(minter, query.region, KG.Region, "kind.region")
    tiers = frozenset(indexes.resolve(minter, t, KG.Tier, "kind.tier").value for t in query.tiers)
    index = indexes.get(chain)
    within = indexes.places("region-tree", region)
    above = indexes.places("region-up", region)
    gaps = analyse(index, region.value)
    parks = gaps.of_kinds("park")
    policies = sorted(p for p, places in index.policies.items() if places & (within | above))
    support = local_support(len(parks), len(policies))
    filters = Filters(frozenset(query.kinds), tiers, query.where, query.unreviewed)
    ranked = rank(index, gaps, filters, support, w, (query.page - 1) * query.top, query.top)
    shown = [(m, g, local, score) for g in GROUPS for score, m, local in ranked.pages[g]]
    reasons = explain(
        store,
        index,
        gaps,
        [(m, g, local) for m, g, local, _ in shown],
        within,
        above,
        indexes.evidence,
        indexes.located,
        lambda place: path_up(indexes.tree(region), place, region.value) or [],
        minter.graph("reference-").value,
    )
    iris = [
        NamedNode(i)
        for i in {chain.value, region.value, *index.segments, *index.industries, *parks, *policies}
    ]
    iris += [NamedNode(m.iri) for m, *_ in shown] + [
        NamedNode(a) for m, *_ in shown for a in m.also
    ]
    names = indexes.label(iris + labels_needed(reasons))
    name_params(reasons, names)
    groups: dict[str, list[ChainCandidate]] = {g: [] for g in GROUPS}
    for m, g, local, score in shown:
        parts = components(m, local, gaps, support, index.newest, w)
        groups[g].append(
            ChainCandidate(
                label=names[m.iri],
                group=g,
                local=local,
                segments=[s for s in gaps.segments if s in m.segments and s != CHAIN],
                score=score,
                relevance=w.relevance(parts),
                trust=w.trusts.trust(m.trust.level, m.trust.sources),
                member=m,
                components=parts,
                weights=w,
                reasons=reasons[m.iri],
                also=[names[a] for a in m.also],
            )
        )
    return ChainMatch(
        chain=names[chain.value],
        industries=[names[i] for i in index.industries],
        region=names[region.value],
        gaps=gaps,
        segment_labels={s: names[s] for s in index.segments},
        groups=groups,
        totals=ranked.totals,
        parks=[names[p] for p in parks],
        policies=[names[p] for p in policies],
        weights=w,
        page=query.page,
        top=query.top,
        version=indexes.version(chain),
        region_within=entities.within(store, names[region.value], minter.prefix),
    )


__all__ = ["GROUPS", "ChainCandidate", "ChainMatch", "ChainQuery", "find_chain", "match_chain"]
