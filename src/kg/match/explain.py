"""Why a candidate is where it is: explanation *codes* with their parameters, the facts
behind each and their evidence (sentences, or the curators' rationale for editorial links).
The words are :mod:`kg.match.words`' job (zh and en), so the web, the CSV and the API say
the same thing.

Codes:

============================  ===============================================================
``member.industry``           it operates in (or belongs to) an industry of the segment
``member.project``            it builds, invests in or joins a project in it
``member.operates``           it runs a site in it
``member.site``               a site hosting a project in it
``member.founded``            it founded an organisation in it
``member.registered``         it is registered under a GB/T 4754 class of the segment
``member.keyword``            a sentence about it names the segment's product (keyword)
``where.local``               it (or its project or site) is in the region
``where.outside``             it is elsewhere: a partner to bring in
``where.benchmark``           a park or project elsewhere: another region's bid, to learn from
``where.unknown``             the graph gives no place for it (nor for its project or site)
``where.around``              its only places contain the region (东北 for 黑龙江): it may be
                              here, the graph cannot say
``trust.reviewed``            reviewed facts back it
``trust.asserted``            a loaded dataset or import states it (no sentence to review)
``trust.unreviewed``          only facts extracted from the news back it, from n documents
============================  ===============================================================

A reason that rests on an editorial link (a chain map's segment, an alignment with GB/T
4754, an editorial link of the industry scheme or an editorial location) says so
(``editorial``), with the links and their rationale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.entities import Evidence, Label, evidence, titled
from kg.match.gaps import Gaps
from kg.match.index import (
    CHAIN,
    FOUNDED,
    INDUSTRY,
    KEYWORD,
    OPERATES,
    PROJECT,
    REGISTERED,
    SITE,
    ChainIndex,
    Member,
    Tie,
)
from kg.messages import label
from kg.namespaces import KG
from kg.store import Store, solutions

Fact = tuple[NamedNode, NamedNode, NamedNode | Literal]
Place = tuple[NamedNode, NamedNode]  # (kg:locatedIn or a sub-property, place)


@dataclass
class Reason:
    code: str
    params: dict[str, object] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    editorial: list[dict[str, str]] = field(default_factory=list)  # links, with rationale

    def to_dict(self, words: object = None) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "params": self.params}
        if words is not None:
            out["text"], out["text_en"] = words.reason(self)  # type: ignore[attr-defined]  # words is a kg.match.words.Words (no import: it imports this)
        out["facts"] = [[t.value for t in f] for f in self.facts]
        out["evidence"] = [e.to_dict() for e in self.evidence]
        if self.editorial:
            out["editorial"] = self.editorial
        return out


def _n(iri: str | None) -> NamedNode | None:
    return NamedNode(iri) if iri else None


def tie_facts(thing: str, tie: Tie) -> list[Fact]:
    """The facts a membership path stands on (a keyword path: none; its sentence is its
    evidence)."""
    t = NamedNode(tie.carrier or thing)
    concept = _n(tie.concept)
    rel = _n(tie.relation)
    via = _n(tie.via)
    if tie.code == KEYWORD or concept is None:
        return []
    if tie.code == REGISTERED:
        return [(t, KG.industryClass, concept)]
    if tie.code == INDUSTRY or via is None:
        return [(t, rel or KG.operatesIn, concept)]
    via_rel = _n(tie.via_relation) or KG.inIndustry
    if tie.code == SITE:
        return [(via, KG.site, t), (via, via_rel, concept)]
    assert tie.code in (PROJECT, OPERATES, FOUNDED) and rel is not None
    return [(t, rel, via), (via, via_rel, concept)]


def explain(
    store: Store,
    index: ChainIndex,
    gaps: Gaps,
    shown: list[tuple[Member, str, bool]],
    within: set[str],
    above: set[str] | frozenset[str] = frozenset(),
    evidence_of: Callable[[list[Fact]], dict[Fact, list[Evidence]]] | None = None,
    located_of: Callable[[list[NamedNode]], dict[str, list[Place]]] | None = None,
    up: Callable[[str], list[tuple[str, str]]] | None = None,
    reference_graphs: str | None = None,
) -> dict[str, list[Reason]]:
    """The reasons of each shown member (member, group, local), in one round of queries.
    ``above``: the places that contain the region; ``evidence_of`` and ``located_of``:
    where the evidence of facts and the places of things are read (the caller's, which
    remembers them: :meth:`ChainIndexes.evidence`, :meth:`ChainIndexes.located`); ``up``:
    a place's ``kg:partOf`` links up to the region (a local member's place is shown with
    the places between it and the region, and their links' evidence); ``reference_graphs``:
    the IRI prefix of the reference graphs, whose statements of those links are evidence too
    (:func:`reference_evidence`)."""
    plans: dict[str, list[tuple[Reason, list[Fact], list[Fact]]]] = {}
    all_facts: list[Fact] = []
    sentences: list[tuple[NamedNode, NamedNode]] = []
    located: list[NamedNode] = []
    own: dict[str, list[Fact]] = {}  # the places of local members with nothing folded in
    for m, group, local in shown:
        items = []
        for seg in [s for s in gaps.segments if s in m.segments]:
            tie = m.segments[seg]
            facts = tie_facts(m.iri, tie)
            cover = index.coverage.get((seg, tie.concept)) if tie.concept else None
            links = [tuple(NamedNode(x) for x in link) for link in cover.links] if cover else []
            reason = Reason(
                f"member.{tie.code}",
                {
                    "segment": seg or None,
                    "status": gaps.status(seg) if seg != CHAIN else None,
                    "concept": tie.concept,
                    "relation": tie.relation.rsplit("#", 1)[-1] if tie.relation else None,
                    "via": tie.via,
                    "carrier": tie.carrier,
                    "keyword": tie.keyword,
                    "coverage": cover.how if cover else ("keyword" if tie.keyword else None),
                    "strength": tie.strength,
                },
            )
            if tie.sentence:
                sentences.append((NamedNode(tie.sentence), NamedNode(tie.carrier or m.iri)))
                reason.params["sentence"] = tie.sentence
            all_facts += facts + links  # type: ignore[operator]  # facts and links: one kind of tuple, typed two ways here
            items.append((reason, facts, links))
        where = (
            "where.local"
            if local
            else "where.unknown"
            if not m.places
            else "where.around"
            if m.places <= above
            else "where.benchmark"
            if group == "benchmarks"
            else "where.outside"
        )
        params: dict[str, object] = {"also": list(m.also)}
        if where == "where.around":
            params["places"] = sorted(m.places)
        items.append((Reason(where, params), [], []))
        if local and m.also:  # which of its things is where: read
            located += [NamedNode(t) for t in (m.iri, *m.also)]
        elif local:  # nothing folded into it: the index's places are its own kg:locatedIn
            own[m.iri] = [(NamedNode(m.iri), KG.locatedIn, NamedNode(p)) for p in m.places]
        items.append(
            (
                Reason(
                    f"trust.{m.trust.level}",
                    {
                        "sources": m.trust.sources,
                        "sentences": m.trust.sentences,
                        "latest": m.trust.latest,
                    },
                ),
                [],
                [],
            )
        )
        plans[m.iri] = items  # type: ignore[assignment]  # facts and links: one kind of tuple, typed two ways here
    placed = _located(located_of or (lambda things: located_in(store, things)), located, within)
    for iri, facts in own.items():
        placed[iri] = sorted((f for f in facts if f[2].value in within), key=lambda f: f[2].value)
    ups: dict[str, list[Fact]] = {}  # each local place's kg:partOf links up to the region
    for facts in placed.values():
        all_facts += facts
        for place in {f[2].value for f in facts} - ups.keys():
            ups[place] = [
                (NamedNode(c), KG.partOf, NamedNode(p)) for c, p in (up(place) if up else [])
            ]
            all_facts += ups[place]
    found = (evidence_of or (lambda facts: evidence(store, facts)))(all_facts) if all_facts else {}
    # a step up to the region that a standard's table states (苏州市 in 江苏省 by the division
    # codes): the table first, then any sentence that says it too
    steps = [f for links in ups.values() for f in links]
    found = with_tables(store, found, steps, reference_graphs)
    said = _sentences(store, sentences)
    out: dict[str, list[Reason]] = {}
    for m, _, _local in shown:
        reasons = []
        for reason, facts, links in plans[m.iri]:  # type: ignore[assignment]  # as above
            if reason.code == "where.local":
                facts = [f for t in (m.iri, *m.also) for f in placed.get(t, [])]
                places = sorted({f[2].value for f in facts})
                reason.params["places"] = places
                reason.params["places_up"] = [[f[2].value for f in ups[p]] for p in places]
                facts += [f for p in places for f in ups[p]]
            reason.facts = facts
            reason.evidence = [e for f in facts for e in found.get(f, [])]
            if "sentence" in reason.params:
                key = (str(reason.params["sentence"]), reason.params["carrier"] or m.iri)
                reason.evidence += said.get(key, [])  # type: ignore[arg-type]  # the params hold text here
            for link in links:
                for e in found.get(link, []):  # type: ignore[arg-type]  # as at line 174
                    if e.status == "Editorial":
                        reason.editorial.append(
                            {"link": [t.value for t in link], **e.rationales()}  # type: ignore[dict-item]  # editorial links carry lists of IRIs
                        )
            for fact in facts:
                for e in found.get(fact, []):
                    if e.status == "Editorial":
                        reason.editorial.append(
                            {"link": [t.value for t in fact], **e.rationales()}  # type: ignore[dict-item]  # as above
                        )
            reasons.append(reason)
        out[m.iri] = reasons
    return out


def with_tables(
    store: Store, found: dict[Fact, list[Evidence]], steps: list[Fact], graphs: str | None
) -> dict[Fact, list[Evidence]]:
    """``found`` (evidence by fact, left as it is) with the reference evidence of ``steps``
    (:func:`reference_evidence`) before the rest of each step's evidence: a step up to the
    region that a standard's table states is told by the table first, then by any sentence
    that says it too."""
    tables = reference_evidence(store, list(dict.fromkeys(steps)), graphs)
    return {**found, **{f: [*tables[f], *found.get(f, [])] for f in tables}}


def reference_evidence(
    store: Store, facts: list[Fact], graphs: str | None
) -> dict[Fact, list[Evidence]]:
    """For facts a reference graph states (``reference-statements.rq``: a national
    standard's table; ``graphs``, the IRI prefix of the reference graphs -
    ``minter.graph("reference-")``), that graph as their evidence - status ``Reference``, the
    graph's labels as what they rest on - in one query; the facts no such graph states are
    left out (all of them without ``graphs``)."""
    if not facts or not graphs:
        return {}
    prefix = Literal(graphs)
    rows = ([*fact, prefix] for fact in facts)
    sparql = queries.with_values("reference-statements", ["s", "p", "o", "prefix"], rows)
    out: dict[Fact, list[Evidence]] = {}
    labels: dict[tuple[Fact, str], dict[str, str]] = {}
    for row in solutions(store.query(sparql)):
        fact = (row["s"], row["p"], row["o"])
        name = row["label"]
        lang = name.language if isinstance(name, Literal) and name.language else "zh"
        labels.setdefault((fact, row["graph"].value), {}).setdefault(lang, name.value)
    for (fact, graph), said in labels.items():
        out.setdefault(fact, []).append(
            Evidence(
                source=None,
                sentence=None,
                status="Reference",
                assertion="",
                graph=graph,
                rationale=said.get("zh") or said.get("en"),
                rationale_en=said.get("en") or said.get("zh"),
            )
        )
    return out


def located_in(store: Store, things: list[NamedNode]) -> dict[str, list[Place]]:
    """Each thing's places - (relation, place): ``kg:locatedIn`` and its sub-properties
    (``located-in.rq``) - in one query."""
    out: dict[str, list[Place]] = {t.value: [] for t in things}
    if not things:
        return out
    sparql = queries.with_values("located-in", ["entity"], ([t] for t in things))
    for r in solutions(store.query(sparql)):
        out[r["entity"].value].append((r["relation"], r["place"]))
    return out


def _located(
    located_of: Callable[[list[NamedNode]], dict[str, list[Place]]],
    things: list[NamedNode],
    within: set[str],
) -> dict[str, list[Fact]]:
    """For each thing, its kg:locatedIn facts whose place lies in the region."""
    if not things:
        return {}
    out: dict[str, list[Fact]] = {}
    for thing, places in located_of(things).items():
        for relation, place in sorted(places, key=lambda p: p[1].value):
            if place.value in within and relation == KG.locatedIn:
                out.setdefault(thing, []).append((NamedNode(thing), KG.locatedIn, place))
    return out


def _sentences(
    store: Store, pairs: list[tuple[NamedNode, NamedNode]]
) -> dict[tuple[str, str], list[Evidence]]:
    """The sentence of each keyword path, with the status of what it says about the thing."""
    if not pairs:
        return {}
    sparql = queries.with_values("sentence-evidence", ["sentence", "thing"], pairs)
    out: dict[tuple[str, str], list[Evidence]] = {}
    for r in solutions(store.query(sparql)):
        key = (r["sentence"].value, r["thing"].value)
        status = r["status"].value.rsplit("#", 1)[-1]
        items = out.setdefault(key, [])
        if any(e.status == status for e in items):
            continue
        items.append(
            Evidence(
                source=r["doc"].value,
                sentence=r["text"].value,
                status=status,
                assertion=r["assertion"].value,
                graph=r["graph"].value,
                start=int(r["start"].value),
                end=int(r["end"].value),
                url=r["url"].value if r["url"] is not None else None,
            )
        )
    titled(store, (e for items in out.values() for e in items))
    return out


def labels_needed(reasons: dict[str, list[Reason]]) -> list[NamedNode]:
    """Every IRI the words for these reasons will name."""
    out: set[str] = set()
    for items in reasons.values():
        for r in items:
            for key in ("segment", "concept", "via", "carrier"):
                value = r.params.get(key)
                if isinstance(value, str) and value.startswith("http"):
                    out.add(value)
            out.update(str(x) for x in r.params.get("also", []) or [])  # type: ignore[attr-defined]  # the params hold lists here
            out.update(str(x) for x in r.params.get("places", []) or [])  # type: ignore[attr-defined]  # as above
            for ups in r.params.get("places_up", []) or []:  # type: ignore[attr-defined]  # as above
                out.update(str(x) for x in ups)
            for link in r.editorial:
                out.update(x for x in link.get("link", []) if x.startswith("http"))
    return [NamedNode(i) for i in sorted(out)]


def name_params(reasons: dict[str, list[Reason]], names: dict[str, Label]) -> None:
    """Add the zh/en names of the IRIs among the parameters (``segment_label``, ...) and
    the words of each editorial link (``words``, ``words_en``), each name in its language
    by :func:`kg.messages.label`."""

    def named(iri: str, lang: str) -> str:
        return label(names.get(iri) or {"iri": iri}, lang)

    for items in reasons.values():
        for r in items:
            for key in ("segment", "concept", "via", "carrier"):
                value = r.params.get(key)
                if isinstance(value, str) and value in names:
                    r.params[f"{key}_label"] = names[value].label
                    r.params[f"{key}_label_en"] = names[value].en
            for key in ("also", "places"):
                if key not in r.params:
                    continue
                values = [str(v) for v in r.params.get(key) or []]  # type: ignore[attr-defined]  # as above
                r.params[f"{key}_labels"] = [named(v, "zh") for v in values]
                r.params[f"{key}_labels_en"] = [named(v, "en") for v in values]
            if "places_up" in r.params:
                ups = [[str(v) for v in vs] for vs in r.params["places_up"]]  # type: ignore[attr-defined]  # as above
                r.params["places_up_labels"] = [[named(v, "zh") for v in vs] for vs in ups]
                r.params["places_up_labels_en"] = [[named(v, "en") for v in vs] for vs in ups]
            for link in r.editorial:
                # the link's subject and object (its property between them)
                ends = [str(x) for x in link.get("link", [])[::2]]
                link["words"] = " → ".join(named(x, "zh") for x in ends)
                link["words_en"] = " → ".join(named(x, "en") for x in ends)


__all__ = [
    "Reason",
    "explain",
    "labels_needed",
    "located_in",
    "name_params",
    "reference_evidence",
    "with_tables",
    "tie_facts",
]
