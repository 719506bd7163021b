"""Partner match: ranked candidates for an industry, each with reasons and evidence.

1. Resolve the industry (IRI, key or zh/en name) and, if given, the region.
2. ``partner-paths.rq``: every organisation or site tied to the industry or a narrower
   concept, and how (operates in it; builds, joins or runs something in it; hosts a project
   in it) - :func:`partner_paths` keeps those of a class of ``partner-classes.rq``.
3. ``concept-tree.rq`` explains how each matched concept falls under the industry asked for;
   ``region-tree.rq`` and ``located-in.rq`` decide presence in the region.
4. ``evidence.rq`` fetches the source sentence (or editorial rationale) of every fact on
   every path, in one query; :mod:`kg.match.scoring` turns paths into scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from pyoxigraph import Literal, NamedNode, QuerySolution

from kg import queries
from kg.entities import (
    INDUSTRY_FIRST,
    Evidence,
    Fact,
    Label,
    Within,
    check_kinds,
    evidence,
    labels,
    resolve,
    within,
)
from kg.errors import BadRequest
from kg.iris import Minter
from kg.match.explain import with_tables
from kg.match.index import partners_of, trust_level
from kg.match.kinds import PARTNER_KINDS, SITE_KINDS
from kg.match.scoring import Weights, score_value
from kg.match.trees import path_up, read_tree
from kg.match.words import Words
from kg.messages import MESSAGES, label, say
from kg.namespaces import KG, SKOS
from kg.store import Store, solutions
from kg.store.memo import per_version


@dataclass(frozen=True)
class MatchQuery:
    industry: str
    region: str | None = None
    kinds: tuple[str, ...] = ()
    top: int = 10

    def __post_init__(self) -> None:
        check_kinds(self.kinds, PARTNER_KINDS)
        if not 1 <= self.top <= 1000:
            raise BadRequest(key="error.top", values={"most": 1000})


@dataclass(frozen=True)
class Said:
    """A fact in words: its subject, its property and its object (an entity, or a literal's
    text), said in each language (``fact``: [subject, property's local name, object] in
    Chinese, ``fact_en`` in English, each name by :func:`kg.messages.label`), with the
    property's zh/en label (``predicate``: kg's own properties are labelled in the
    ontology; a page says the others by their ``term.*`` words)."""

    subject: Label
    predicate: Label
    value: Label | str  # the object

    def words(self, lang: str) -> list[str]:
        o = self.value
        local = self.predicate.iri.rsplit("#", 1)[-1]
        return [label(self.subject, lang), local, label(o, lang) if isinstance(o, Label) else o]

    def to_dict(self) -> dict[str, object]:
        p = self.predicate
        term = f"term.{p.iri}"  # a property the ontology does not label (skos:broader)
        zh, en = (
            (p.zh, p.en) if p.zh or term not in MESSAGES else (say(term, "zh"), say(term, "en"))
        )
        return {
            "fact": self.words("zh"),
            "fact_en": self.words("en"),
            "predicate": {"iri": p.iri, "label": zh, "label_en": en},
        }


@dataclass
class Reason:
    """Why a candidate fits: an explanation code (``industry.direct``, ``industry.via``,
    ``industry.region``) with its parameters - :mod:`kg.match.words` says it in zh and en -
    the facts it rests on and their evidence."""

    kind: str  # "industry" or "region"
    relation: str
    code: str
    params: dict[str, object]
    score: float
    facts: list[Fact]
    evidence: list[tuple[Said, Evidence]] = field(default_factory=list)
    via: str | None = None
    editorial: list[dict[str, str]] = field(default_factory=list)  # rationale of each link

    def to_dict(self, words: Words | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "kind": self.kind,
            "relation": self.relation,
            "code": self.code,
            "params": self.params,
        }
        if words is not None:
            out["text"], out["text_en"] = words.reason(self)
        out["score"] = score_value(self.score)
        out["evidence"] = [{**e.to_dict(), **said.to_dict()} for said, e in self.evidence]
        if self.via:
            out["via"] = self.via
        if self.editorial:
            out["editorial"] = self.editorial
        return out


@dataclass
class Candidate:
    label: Label
    score: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    in_region: bool | None = None
    also: list[Label] = field(default_factory=list)  # its projects and sites
    trust_level: str = "reviewed"
    sources: int = 0

    def to_dict(self, words: Words | None = None) -> dict[str, object]:
        out = {
            **self.label.to_dict(),
            "score": score_value(self.score),
            "trust_level": self.trust_level,
            "sources": self.sources,
            "also": [a.to_dict() for a in self.also],
            "reasons": [r.to_dict(words) for r in self.reasons],
        }
        if self.in_region is not None:
            out["in_region"] = self.in_region
        return out


@dataclass(frozen=True)
class Empty:
    """Why a match has no candidate (``code``, the catalogue's ``match.none.{code}``):

    - ``industry``: nothing of a partner kind is tied to the industry, anywhere;
    - ``region.empty``: the region (or a place within it) holds no entity at all;
    - ``region.elsewhere``: it holds ``region_things`` entities, but none of the
      ``candidates`` the industry has elsewhere;
    - ``kinds``: the kinds asked for (``kinds``) left out every candidate there is
      (``excluded``, by kind in ``found``);
    - ``benchmarks``: with no region asked, only parks nobody is known to run are tied to
      the industry (``benchmarks``: listed apart, to learn from).
    """

    code: str
    industry: Label
    region: Label | None = None
    params: dict[str, object] = field(default_factory=dict)
    region_within: Within = field(default_factory=Within)  # the region named as pages name it

    def text(self, lang: str) -> str:
        """The reason in ``lang`` (kinds in its words, names in its labels: a region of a
        shared name with where it lies, 鼓楼区 · 南京市)."""
        kinds = self.params.get("kinds", [])
        found = self.params.get("found", {})
        region = self.region_within.named(label(self.region, lang), lang) if self.region else ""
        return say(
            f"match.none.{self.code}",
            lang,
            industry=label(self.industry, lang),
            region=region,
            kinds=say("why.and", lang).join(say(f"kind.{k}", lang) for k in kinds),  # type: ignore[attr-defined]  # a list of kinds
            found=say("why.and", lang).join(
                say("match.none.found", lang, kind=say(f"kind.{k}", lang), n=n)
                for k, n in found.items()  # type: ignore[attr-defined]  # kinds counted
            ),
            **{k: v for k, v in self.params.items() if k not in ("kinds", "found")},
        )

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, **self.params, "text": self.text("zh"), "text_en": self.text("en")}


@dataclass
class MatchResult:
    industry: Label
    region: Label | None
    candidates: list[Candidate]
    total: int
    # parks with nobody known to run them, when no region is asked: other places' bids for
    # the industry, to learn from - not partners to approach
    benchmarks: list[Candidate] = field(default_factory=list)
    # where the region lies (鼓楼区 in 南京市), and whether its name is shared
    region_within: Within = field(default_factory=Within)
    empty: Empty | None = None  # why no candidate fits, when none does

    def to_dict(self, words: Words | None = None) -> dict[str, object]:
        """The result as JSON; with ``words``, each reason in zh and en too (``text``,
        ``text_en``); the region with where it lies (``part_of``, ``part_of_en``); with no
        candidate, why (``none_reason``: :class:`Empty`, else ``null``)."""
        return {
            "industry": self.industry.to_dict(),
            "region": (
                {**self.region.to_dict(), **self.region_within.to_dict()} if self.region else None
            ),
            "total": self.total,
            "benchmarks": [c.to_dict(words) for c in self.benchmarks],
            "candidates": [c.to_dict(words) for c in self.candidates],
            "none_reason": self.empty.to_dict() if self.empty else None,
        }


def _placed(
    placed: list[Fact],
    candidate: str,
    parents: dict[str, list[str]],
    region: NamedNode,
    name: Callable[[NamedNode | Literal | str], Label],
) -> dict[str, list[list[str]]]:
    """The words of a region reason's places, in each language: ``placed_{lang}`` the pairs
    (the thing placed - empty for the candidate itself -, the place), ``placed_up_{lang}``
    beside each the places between it and the region, up to the region (none when the
    place is the region)."""
    out: dict[str, list[list[str]]] = {}
    for lang in ("zh", "en"):
        rows = sorted(
            {
                (
                    "" if f[0].value == candidate else label(name(f[0]), lang),
                    label(name(f[2]), lang),
                    tuple(
                        label(name(NamedNode(p)), lang)
                        for _, p in path_up(parents, f[2].value, region.value) or []
                    ),
                )
                for f in placed
            }
        )
        out[f"placed_{lang}"] = [[thing, place] for thing, place, _ in rows]
        out[f"placed_up_{lang}"] = [list(up) for _, _, up in rows]
    return out


def _tree(
    store: Store, query: str, var: str, parent_var: str, root: NamedNode
) -> dict[str, list[str]]:
    """child -> its parents inside the tree under ``root`` (root included, no parents);
    read once per store version (the trees of the industries and regions asked for - the
    region tree of a province walks every place in it). Do not change it."""
    return per_version(
        store, ("tree", query, root.value), lambda s: read_tree(s, query, var, parent_var, root)
    )


def partner_paths(store: Store, target: NamedNode, base: str | None = None) -> list[QuerySolution]:
    """The rows of ``partner-paths.rq`` for ``target`` whose candidate is an organisation
    or a site (an instance of a class of ``partner-classes.rq``, read once per store
    version): the query finds what is tied to the industry, its few candidates' types are
    looked up here."""
    rows = list(solutions(store.query(queries.get("partner-paths"), bindings={"target": target})))
    classes = per_version(store, "partner-classes", _partner_classes)
    named = labels(store, (r["candidate"] for r in rows), base)
    return [r for r in rows if any(t in classes for t in named[r["candidate"].value].types)]


def _partner_classes(store: Store) -> frozenset[str]:
    return frozenset(
        r["type"].value for r in solutions(store.query(queries.get("partner-classes")))
    )


def chain_industries(store: Store, concept: NamedNode) -> list[NamedNode]:
    """The industries ``concept`` is a chain of (``kg:chainOf``, ``chain-of.rq``); none when
    it is no industry chain."""
    rows = solutions(store.query(queries.get("chain-of"), bindings={"chain": concept}))
    return [r["industry"] for r in rows if isinstance(r["industry"], NamedNode)]


def match_partners(
    store: Store, minter: Minter, query: MatchQuery, weights: Weights | None = None
) -> MatchResult:
    weights = weights or Weights()

    def fruitful(concept: NamedNode) -> bool:
        """A suggestion must lead to candidates: something of a partner class is tied to it
        (or to an industry it is a chain of) - one partner-paths read each, not a whole match
        (evidence, places) per suggestion on the not-found path anyone can reach."""
        roots = chain_industries(store, concept) or [concept]
        return any(partner_paths(store, root, minter.prefix) for root in roots)

    target = resolve(
        store, minter, query.industry, SKOS.Concept, "kind.industry", INDUSTRY_FIRST, fruitful
    )
    region = (
        resolve(store, minter, query.region, KG.Region, "kind.region") if query.region else None
    )

    # An industry chain is matched as the industries it is a chain of (kg:chainOf): nobody
    # operates in a chain map itself. (Its segments are chain matching's: kg.match.chain.)
    roots = chain_industries(store, target) or [target]

    # Facts per path; hierarchy facts per matched concept; the root it is a kind of.
    path_facts: list[
        tuple[NamedNode, str, NamedNode | None, NamedNode, list[Fact], list[Fact], NamedNode]
    ] = []
    for root in roots:
        concept_parents = _tree(store, "concept-tree", "concept", "broader", root)
        for row in partner_paths(store, root, minter.prefix):
            cand, rel, via, via_rel, ind = (
                row["candidate"],
                row["relation"],
                row["via"],
                row["viaRelation"],
                row["industry"],
            )
            if rel.value == KG.site.value:
                facts: list[Fact] = [(via, KG.site, cand), (via, via_rel, ind)]
            elif via is None:
                facts = [(cand, rel, ind)]
            else:
                facts = [(cand, rel, via), (via, via_rel, ind)]
            chain = path_up(concept_parents, ind.value, root.value) or []
            hierarchy: list[Fact] = [(NamedNode(c), SKOS.broader, NamedNode(b)) for c, b in chain]
            path_facts.append((cand, rel.value, via, ind, facts, hierarchy, root))

    # Presence in the region: the candidate, or what ties it to the industry, is located there.
    located: dict[str, list[tuple[NamedNode, NamedNode, NamedNode]]] = defaultdict(list)
    region_parents: dict[str, list[str]] = {}
    if region is not None:
        region_parents = _tree(store, "region-tree", "place", "parent", region)
        things = {p[0].value: p[0] for p in path_facts} | {
            p[2].value: p[2] for p in path_facts if p[2] is not None
        }
        if things:
            sparql = queries.get("located-in") + queries.values(
                ["entity"], ([t] for t in things.values())
            )
            for row in solutions(store.query(sparql)):
                if row["place"].value in region_parents:
                    located[row["entity"].value].append(
                        (row["entity"], row["relation"], row["place"])
                    )

    # Every fact on every path, plus location facts, in one evidence query.
    all_facts: list[Fact] = [f for p in path_facts for f in p[4] + p[5]]
    location_facts: dict[str, list[Fact]] = {}
    for entity, locs in located.items():
        for ent, rel, place in locs:
            up = path_up(region_parents, place.value, region.value) if region else []
            placed: list[Fact] = [(ent, rel, place)]
            placed.extend((NamedNode(c), KG.partOf, NamedNode(p)) for c, p in up or [])
            location_facts.setdefault(entity, []).extend(placed)
            all_facts.extend(placed)
    found = evidence(store, all_facts)
    steps = [f for fs in location_facts.values() for f in fs if f[1] == KG.partOf]
    found = with_tables(store, found, steps, minter.graph("reference-").value)
    # Every IRI a fact names - the candidates, what ties them to the industry, the concepts
    # of a chain of skos:broader, places, the properties (by their ontology labels) - and
    # the ends the reasons name.
    names = labels(
        store,
        [target, *roots, *([region] if region else [])]
        + [t for f in all_facts for t in f if isinstance(t, NamedNode)],
        minter.prefix,
    )

    def name(iri: NamedNode | Literal | str) -> Label:
        key = iri if isinstance(iri, str) else iri.value
        return names.get(key) or Label(key)

    def cite(facts: list[Fact]) -> list[tuple[Said, Evidence]]:
        """Each fact's evidence, with the fact in words: [subject, predicate, object]."""
        out: list[tuple[Said, Evidence]] = []
        for s, p, o in facts:
            said = Said(name(s), name(p), name(o) if isinstance(o, NamedNode) else o.value)
            out.extend((said, e) for e in found.get((s, p, o), []))
        return out

    candidates: dict[str, Candidate] = {}
    seen: set[tuple[str, str, str | None, str]] = set()
    for cand, rel, via, ind, facts, hierarchy, root in path_facts:
        lab = name(cand)
        if lab.kind not in PARTNER_KINDS:
            continue
        key = (cand.value, rel, via.value if via else None, ind.value)
        if key in seen:
            continue
        seen.add(key)
        editorial = any(e.status == "Editorial" for f in hierarchy for e in found.get(f, []))
        ind_l, tgt_l = name(ind), name(root)
        params: dict[str, object] = {
            "relation": rel.rsplit("#", 1)[-1],
            "industry": ind.value,
            "industry_label": ind_l.label,
            "industry_label_en": ind_l.en,
            "target": root.value,
            "target_label": tgt_l.label,
            "target_label_en": tgt_l.en,
            "broader": ind.value != root.value,
        }
        if via is not None:
            params.update(via=via.value, via_label=name(via).label, via_label_en=name(via).en)
        links = [
            e.rationales()
            for f in hierarchy
            for e in found.get(f, [])
            if editorial and (e.rationale or e.rationale_en)
        ]
        reason = Reason(
            kind="industry",
            relation=rel,
            code="industry.via" if via is not None else "industry.direct",
            params=params,
            score=weights.reason_score(rel, len(hierarchy), editorial),
            facts=facts + hierarchy,
            evidence=cite(facts + hierarchy),
            via=via.value if via is not None else None,
            editorial=links,
        )
        candidates.setdefault(cand.value, Candidate(lab)).reasons.append(reason)

    # A project, the site it builds and whoever builds, invests in or runs them are one
    # partner, shown with all their names (parks with nobody known behind them stand alone).
    folded = _fold(store, candidates, names, minter.prefix)
    tied = dict(candidates)  # every candidate, before the kinds and the region keep some
    placed_in: dict[str, list[Fact]] = {}  # a candidate's facts placing it in the region
    for cand_iri, candidate in tied.items():
        vias = {r.via for r in candidate.reasons if r.via} | folded.get(cand_iri, set())
        where = [cand_iri, *sorted(vias)]
        placed_in[cand_iri] = [f for w in where for f in location_facts.get(w, [])]
    for cand_iri, candidate in list(candidates.items()):
        if query.kinds and candidate.label.kind not in query.kinds:
            del candidates[cand_iri]

    for cand_iri, candidate in list(candidates.items()):
        if region is None:
            continue
        region_facts = placed_in[cand_iri]
        candidate.in_region = bool(region_facts)
        if not region_facts:
            del candidates[cand_iri]
            continue
        placed = [f for f in region_facts if f[1] != KG.partOf]
        region_l = name(region)
        candidate.reasons.append(
            Reason(
                kind="region",
                relation=KG.locatedIn.value,
                code="industry.region",
                params={
                    "region": region.value,
                    "region_label": region_l.label,
                    "region_label_en": region_l.en,
                    "within": not all(f[2] == region for f in placed),
                    **_placed(placed, cand_iri, region_parents, region, name),
                },
                score=0.0,
                facts=region_facts,
                evidence=cite(region_facts),
            )
        )

    for candidate in candidates.values():
        industry_reasons = [r for r in candidate.reasons if r.kind == "industry"]
        sentences = {
            (e.source, e.start) for r in industry_reasons for _, e in r.evidence if e.sentence
        }
        candidate.trust_level, candidate.sources = _trust(industry_reasons, found)
        candidate.score = weights.combine(
            [r.score for r in industry_reasons],
            len(sentences),
            candidate.trust_level,
            candidate.sources,
        )
        candidate.reasons.sort(key=lambda r: (r.kind != "industry", -r.score, _order(r)))

    ranked = sorted(
        candidates.values(), key=lambda c: (-round(c.score, 9), c.label.label, c.label.iri)
    )
    benchmarks = [c for c in ranked if region is None and c.label.kind in SITE_KINDS]
    ranked = [c for c in ranked if c not in benchmarks]
    lies = within(store, name(region), minter.prefix) if region else Within()
    met = Met(name(target), name(region) if region else None, lies, tied, placed_in)
    return MatchResult(
        name(target),
        name(region) if region else None,
        ranked[: query.top],
        len(ranked),
        benchmarks[: query.top],
        lies,
        None if ranked else _empty(store, query, met, benchmarks),
    )


@dataclass(frozen=True)
class Met:
    """What a match met on its way, that says why it found no candidate: the industry and
    the region (with where it lies), the candidates tied to the industry anywhere
    (``tied``, of a partner kind) and their facts placing them in the region
    (``placed_in``: none, not there)."""

    industry: Label
    region: Label | None
    region_within: Within
    tied: dict[str, Candidate]
    placed_in: dict[str, list[Fact]]


def _empty(store: Store, query: MatchQuery, met: Met, benchmarks: list[Candidate]) -> Empty:
    """Why a match found no candidate (:class:`Empty`), from what it met on the way
    (:class:`Met`) and the kinds asked for; for a region none is placed in, how many
    entities it holds (``located-within.rq``, read only then)."""

    def empty(code: str, **params: object) -> Empty:
        return Empty(code, met.industry, met.region, params, met.region_within)

    if not met.tied:
        return empty("industry")
    region = met.region
    here = [c for iri, c in met.tied.items() if region is None or met.placed_in[iri]]
    if region is not None and not here:
        places = _tree(store, "region-tree", "place", "parent", NamedNode(region.iri))
        sparql = queries.with_values(
            "located-within", ["place"], ([NamedNode(p)] for p in sorted(places))
        )
        things = sum(int(r["things"].value) for r in solutions(store.query(sparql)))  # one row
        if not things:
            return empty("region.empty")
        return empty("region.elsewhere", region_things=things, candidates=len(met.tied))
    if query.kinds and not any(c.label.kind in query.kinds for c in here):
        found: dict[str, int] = {}
        for c in sorted(here, key=lambda c: c.label.kind):
            found[c.label.kind] = found.get(c.label.kind, 0) + 1
        return empty("kinds", kinds=list(query.kinds), excluded=len(here), found=found)
    return empty("benchmarks", benchmarks=len(benchmarks))


def _order(reason: Reason) -> tuple[str, ...]:
    """Reasons of equal score in a stable order: by what they name."""
    p = reason.params
    return (str(p.get("via_label") or ""), str(p.get("industry_label") or ""), reason.code)


def _trust(reasons: list[Reason], found: dict[Fact, list[Evidence]]) -> tuple[str, int]:
    """Reviewed when a curated (or accepted) assertion backs one of the facts; asserted when
    a fact has none at all (a loaded dataset) or an imported one; else unreviewed - with the
    number of documents behind them."""
    statuses: set[str] = set()
    bare = False
    docs: set[str] = set()
    for r in reasons:
        for fact in r.facts:
            if fact[1] == SKOS.broader:  # the industry scheme, not the candidate's facts
                continue
            items = found.get(fact, [])
            bare = bare or not items
            statuses |= {e.status for e in items}
            docs |= {e.source for e in items if e.source and e.sentence}
    return trust_level(statuses, bare), len(docs)


def _fold(
    store: Store, candidates: dict[str, Candidate], names: dict[str, Label], base: str
) -> dict[str, set[str]]:
    """Fold sites (and the projects on the paths) into whoever builds, invests in or runs
    them: their reasons move to that partner, their names into its ``also``. Returns, per
    partner, the projects and sites folded into it."""

    seen = SimpleNamespace(types=defaultdict(set), places=defaultdict(set), tiers=defaultdict(set))

    things = {iri for iri, c in candidates.items() if c.label.kind in SITE_KINDS}
    things |= {r.via for c in candidates.values() for r in c.reasons if r.via}
    for iri in things:
        if iri in names:
            seen.types[iri].update(names[iri].types)
    partners = partners_of(
        lambda todo: solutions(
            store.query(
                queries.with_values("chain-things", ["thing"], ([NamedNode(t)] for t in todo))
            )
        ),
        things,
        seen,
    )
    owners = {o for who in partners.unit_of.values() for o in who}
    names.update(labels(store, [NamedNode(o) for o in owners if o not in names], base))
    names.update(
        labels(
            store,
            [NamedNode(t) for ts in partners.also_of.values() for t in ts if t not in names],
            base,
        )
    )
    for thing, who in partners.unit_of.items():
        if thing not in candidates or who == [thing]:
            continue
        moved = candidates.pop(thing)
        for owner in who:
            target = candidates.setdefault(owner, Candidate(names[owner]))
            target.reasons.extend(moved.reasons)
    for owner, also in partners.also_of.items():
        if owner in candidates:
            candidates[owner].also = [names[t] for t in sorted(also) if t in names]
    return {o: set(a) for o, a in partners.also_of.items()}
