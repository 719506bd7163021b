"""Review of extracted facts: list them, accept them (they become curated) or reject them.

Extracted facts live in their article's graph (``graph/news-{id}``) with status
``kg:Extracted``. A decision moves the assertion, under the same IRI, into the review graph
(``graph/review``), with the reviewer and the time:

- **accept**: the fact itself, its assertion with status ``kg:Curated``, the sentence, the
  article's header and the names of the entities it links, so the fact stands on its own
  when unreviewed graphs are left out;
- **reject**: the assertion with status ``kg:Rejected`` and the sentence, but not the fact.

Assertion IRIs are derived from the article graph and the fact, so re-ingesting the article
mints the same IRIs and the pipeline leaves out every fact already decided: a rejected fact
does not come back, an accepted one is not doubled. Each decision is one atomic update.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from kg import queries
from kg.entities import labels
from kg.errors import BadRequest, Conflict, NotFound
from kg.iris import Minter, named_node
from kg.names import NAMING, names_key
from kg.namespaces import DCT, KG, KG_NS, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.paging import window
from kg.sparqltext import names_dataset
from kg.store import Store, solutions
from kg.store.embedded import data_update
from kg.store.memo import carrying, per_version

STATUSES = {"extracted": KG.Extracted, "curated": KG.Curated, "rejected": KG.Rejected}
DECISIONS = {"accept": KG.Curated, "reject": KG.Rejected}
# What of the article travels with a decided fact (not its full text).
DOC_HEADER = {RDF.type, DCT.identifier, DCT.title, DCT.date, SCHEMA.url, RDFS.label}
ENTITY_HEADER = {RDF.type, RDFS.label, SKOS.altLabel, KG.shortName, DCT.identifier}
MAX_LIMIT = 1000


def review_graph(minter: Minter) -> NamedNode:
    return minter.graph("review")


def is_news_graph(minter: Minter, graph: NamedNode) -> bool:
    """Graphs of extracted, unreviewed facts (one per ingested article)."""
    return minter.is_extracted_graph(graph)


@dataclass
class ReviewItem:
    assertion: str
    graph: str
    status: str
    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str
    object_kind: str  # iri or literal
    confidence: float
    extractor: str
    sentence: str
    start: int
    end: int
    source: str
    reviewer: str | None = None
    reviewed_at: str | None = None
    note: str | None = None

    @property
    def fact_type(self) -> str:
        return _local(self.predicate)

    def to_dict(self) -> dict[str, builtins.object]:  # (``object`` is a field here)
        return {
            "assertion": self.assertion,
            "graph": self.graph,
            "status": self.status,
            "type": self.fact_type,
            "subject": {"iri": self.subject, "label": self.subject_label},
            "predicate": self.predicate,
            "object": (
                {"iri": self.object, "label": self.object_label}
                if self.object_kind == "iri"
                else {"value": self.object}
            ),
            "confidence": self.confidence,
            "extractor": self.extractor,
            "evidence": {
                "sentence": self.sentence,
                "start": self.start,
                "end": self.end,
                "source": self.source,
            },
            "reviewer": self.reviewer,
            "reviewed_at": self.reviewed_at,
            "note": self.note,
        }


@dataclass
class ReviewFilter:
    article: str | None = None  # news item id (xwlb-20221107-07) or its graph/source IRI
    type: str | None = None  # predicate local name (builds) or IRI
    min_confidence: float = 0.0
    status: str = "extracted"
    limit: int = 100
    offset: int = 0


def list_facts(store: Store, minter: Minter, f: ReviewFilter) -> list[ReviewItem]:
    """Extracted facts (or decided ones: ``status`` curated / rejected), sentence first."""
    if f.status not in STATUSES:
        raise BadRequest(
            key="error.review.status",
            values={"allowed": ", ".join(STATUSES), "given": repr(f.status)},
        )
    if not 0 <= f.min_confidence <= 1:
        raise BadRequest(key="error.review.confidence")
    if not 1 <= f.limit <= MAX_LIMIT or f.offset < 0:
        raise BadRequest(key="error.limit.offset", values={"most": MAX_LIMIT})
    status = STATUSES[f.status].value
    graph = review_graph(minter).value if f.status != "extracted" else None
    doc = _article_source(minter, f.article).value if f.article else None
    p = _predicate(f.type).value if f.type else None
    matching = (
        e
        for e in review_index(store)
        if e.status == status
        and (graph is None or e.graph == graph)
        and (doc is None or e.doc == doc)
        and (p is None or e.p == p)
        and e.confidence >= f.min_confidence
    )
    # in queue order: the page's facts are the first ones after ``offset`` (no full scan);
    # the index holds what they say, so the store is asked only who decided them
    return _items(store, minter, window(matching, f.offset, f.limit))


@dataclass(frozen=True)
class Entry:
    """One row of the review index (an assertion with one of its sentences): what the queue
    filters and sorts by, and what its page shows of the fact."""

    doc: str
    start: int
    assertion: str
    sentence: str
    graph: str
    status: str
    p: str
    confidence: float
    s: str
    o: str
    o_is_iri: bool
    extractor: str
    text: str
    end: int


def review_index(store: Store) -> list[Entry]:
    """Every assertion with its sentence, in the order of the review queue (article, offset,
    assertion): what the queue filters and pages through, read once per store version."""
    return per_version(store, "review-index", _read_index)


def _read_index(store: Store) -> list[Entry]:
    status: dict[str, tuple[str, str]] = {}  # assertion -> (graph, status)
    single: dict[str, dict[str, str]] = defaultdict(dict)  # property -> subject -> value
    evidence: dict[str, list[str]] = defaultdict(list)  # assertion -> sentences
    iri_objects: set[str] = set()  # assertions whose object is an IRI
    for r in solutions(store.query(queries.get("review-index"))):
        s, p, o = r["s"].value, r["p"].value, r["o"].value
        if p == KG.status.value:
            status[s] = (r["graph"].value, o)
        elif p == KG.evidence.value:
            if o not in evidence[s]:
                evidence[s].append(o)
        else:
            single[p][s] = o
            if p == RDF.object.value and isinstance(r["o"], NamedNode):
                iri_objects.add(s)
    kinds, confidence = single[RDF.predicate.value], single[KG.confidence.value]
    subjects, objects = single[RDF.subject.value], single[RDF.object.value]
    extractors = single[KG.extractor.value]
    starts, ends, docs = (
        single[KG.startOffset.value],
        single[KG.endOffset.value],
        single[DCT.isPartOf.value],
    )
    texts = single[KG.text.value]
    entries = []
    for a, (graph, st) in status.items():
        if not all(a in d for d in (kinds, confidence, subjects, objects, extractors)):
            continue
        for sentence in evidence.get(a, ()):
            if all(sentence in d for d in (starts, ends, docs, texts)):
                entries.append(
                    Entry(
                        docs[sentence],
                        int(starts[sentence]),
                        a,
                        sentence,
                        graph,
                        st,
                        kinds[a],
                        float(confidence[a]),
                        subjects[a],
                        objects[a],
                        a in iri_objects,
                        extractors[a],
                        texts[sentence],
                        int(ends[sentence]),
                    )
                )
    entries.sort(key=lambda e: (e.doc, e.start, e.assertion))
    return entries


def renamed(entries: list[Entry], moved: dict[str, str]) -> list[Entry]:
    """The review index after a merge: the entities in ``moved`` renamed (old IRI -> new)
    where facts name them, the rest as it was."""
    return [
        dataclasses.replace(e, s=moved.get(e.s, e.s), o=moved.get(e.o, e.o) if e.o_is_iri else e.o)
        if e.s in moved or (e.o_is_iri and e.o in moved)
        else e
        for e in entries
    ]


def _rows(store: Store, assertions: list[NamedNode]) -> list[Entry]:
    """What ``extracted-facts.rq`` says of ``assertions`` (each with each of its sentences),
    as review index entries."""
    values = queries.values(["assertion"], ([a] for a in assertions))
    return [
        Entry(
            r["doc"].value,
            int(r["start"].value),
            r["assertion"].value,
            r["sentence"].value,
            r["graph"].value,
            r["status"].value,
            r["p"].value,
            float(r["confidence"].value),
            r["s"].value,
            r["o"].value,
            isinstance(r["o"], NamedNode),
            r["extractor"].value,
            r["text"].value,
            int(r["end"].value),
        )
        for r in solutions(store.query(queries.get("extracted-facts") + values))
    ]


def _decisions(store: Store, assertions: Iterable[str]) -> dict[str, dict[str, str]]:
    """Who decided each of ``assertions``, when, and the note they left."""
    values = queries.values(["assertion"], ([NamedNode(a)] for a in assertions))
    decided: dict[str, dict[str, str]] = defaultdict(dict)
    for r in solutions(store.query(queries.get("review-decisions") + values)):
        for k in ("reviewer", "reviewed", "note"):
            if r[k] is not None:
                decided[r["assertion"].value][k] = r[k].value
    return decided


def fact_types(store: Store, minter: Minter, status: str = "extracted") -> list[tuple[str, int]]:
    """The kinds of fact among the assertions of ``status`` (``builds``, ``mentions``, ...,
    the names :class:`ReviewFilter` takes), most frequent first, with their counts."""
    if status not in STATUSES:
        raise BadRequest(
            key="error.review.status",
            values={"allowed": ", ".join(STATUSES), "given": repr(status)},
        )
    graph = review_graph(minter).value if status != "extracted" else None
    return list(
        per_version(store, ("fact-types", status, graph), lambda s: _types(s, status, graph))
    )


def _types(store: Store, status: str, graph: str | None) -> list[tuple[str, int]]:
    wanted = STATUSES[status].value
    assertions = {
        (e.assertion, e.p)
        for e in review_index(store)
        if e.status == wanted and (graph is None or e.graph == graph)
    }
    counts = Counter(_local(p) for _, p in assertions)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def decide(
    store: Store,
    minter: Minter,
    assertions: Sequence[str],
    decision: str,
    reviewer: str,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> list[ReviewItem]:
    """Accept or reject extracted assertions, all in one atomic update. Unknown assertions
    raise NotFound, ones already decided raise Conflict; then nothing is written."""
    if decision not in DECISIONS:
        raise BadRequest(key="error.review.decision", values={"given": repr(decision)})
    reviewer = reviewer.strip()
    if not reviewer:
        raise BadRequest(key="error.reviewer")
    if not assertions:
        raise BadRequest(key="error.review.none")
    status = DECISIONS[decision]
    when = Literal(
        (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"), datatype=XSD.dateTime
    )
    target = review_graph(minter)
    deletes: dict[NamedNode, list[Triple]] = {}
    inserts: list[Triple] = []
    facts: list[Triple] = []
    for iri in dict.fromkeys(assertions):
        a = named_node(iri, "assertion")
        graph, own = _assertion(store, a)
        if graph == target:
            raise Conflict(key="error.review.done", values={"iri": iri})
        if not is_news_graph(minter, graph) or Triple(a, KG.status, KG.Extracted) not in own:
            raise Conflict(key="error.review.not_extracted", values={"iri": iri})
        fact = Triple(
            _one(own, a, RDF.subject), _one(own, a, RDF.predicate), _one(own, a, RDF.object)
        )
        facts.append(fact)
        deletes.setdefault(graph, []).extend([*own, fact])
        inserts.extend(t for t in own if t.predicate != KG.status)
        inserts += [Triple(a, KG.status, status), Triple(a, KG.reviewedBy, Literal(reviewer))]
        inserts.append(Triple(a, KG.reviewedAt, when))
        if note:
            inserts.append(Triple(a, RDFS.comment, Literal(note)))
        for t in own:  # a fact stated in several sentences has each as evidence
            if t.predicate == KG.evidence:
                inserts += _describe(store, graph, t.object, None)
        doc = _one(own, a, PROV.wasDerivedFrom)
        inserts += _describe(store, graph, doc, DOC_HEADER)
        if status == KG.Curated:
            inserts.append(fact)
            for term in (fact.subject, fact.object):
                if isinstance(term, NamedNode):
                    inserts += _describe(store, graph, term, ENTITY_HEADER)
                    # an extracted entity's one label is in the identity graph
                    inserts += _describe(store, minter.graph("identity"), term, {RDFS.label})
    inserts += [
        Triple(target, RDFS.label, Literal("审核记录", language="zh")),
        Triple(target, RDFS.label, Literal("Review decisions", language="en")),
    ]
    parts = [data_update("DELETE", g, ts) for g, ts in deletes.items()]
    parts.append(data_update("INSERT", target, list(dict.fromkeys(inserts))))
    decided = {a: (target.value, status.value) for a in dict.fromkeys(assertions)}
    labelled = bool(
        store.query(
            "ASK { GRAPH ?g { ?g ?label ?l } }", bindings={"g": target, "label": RDFS.label}
        )
    )
    with carrying(store, _carried(minter, decided, facts, labelled)):
        store.update(" ;\n".join(parts))
    return _items(store, minter, _rows(store, [NamedNode(i) for i in dict.fromkeys(assertions)]))


def _carried(
    minter: Minter, decided: dict[str, tuple[str, str]], facts: list[Triple], labelled: bool
) -> dict[Hashable, Callable[[Any], Any]]:
    """What a decision changes in the values kept per store version, so that they are
    carried over it rather than read again (:func:`kg.store.memo.carrying`): in the review
    index, the decided assertions' graph and status (their sentences, types and confidence
    go with them); in the name index nothing - the entities' names and types are copied
    along, and the union of the graphs names them as before, and the facts pointing to an
    entity, which it counts by their records, are as many (a record moves to the review
    graph, accepted or rejected) - unless a decided fact itself states a name, a type or
    a kg:partOf, or the review graph gets its labels (the first decision)."""

    def moved(entries: list[Entry]) -> list[Entry]:
        return [
            dataclasses.replace(e, graph=decided[e.assertion][0], status=decided[e.assertion][1])
            if e.assertion in decided
            else e
            for e in entries
        ]

    changes: dict[Hashable, Callable[[Any], Any]] = {"review-index": moved}
    if labelled and not any(f.predicate.value in NAMING for f in facts):
        changes[names_key(minter.prefix)] = lambda index: index
    return changes


def decided_assertions(store: Store, minter: Minter) -> set[str]:
    """The assertion IRIs of the facts already accepted or rejected: re-ingestion leaves
    them out. A fact is known by what it says now - after a merge rewrote its subject or
    object, the IRI its fact would be minted as - so a merged entity's decided facts do not
    come back either (and a split one's facts are extracted again)."""
    rows = store.query(queries.get("reviewed-assertions"), bindings={"graph": review_graph(minter)})
    out: set[str] = set()
    prefix = minter.source("news-").value
    for r in solutions(rows):
        doc = r["doc"]
        if doc is not None and doc.value.startswith(prefix):
            graph = minter.graph(doc.value[len(minter.source("").value) :])
            out.add(minter.assertion(graph, r["s"], r["p"], r["o"]).value)
        else:
            out.add(r["assertion"].value)
    return out


OWN_DATASET = (
    "leaving out the graphs of unreviewed facts works on kg's default dataset, and this "
    "query names its own (FROM / FROM NAMED): drop those clauses, or include unreviewed facts"
)


class Unreviewed(StrEnum):
    """Whether unreviewed facts count: ``include`` (the default) or ``exclude``.

    Unreviewed facts are those extracted from the news that nobody has accepted yet: they
    live in the graphs :meth:`kg.iris.Minter.is_extracted_graph` names (an article's graph,
    the identity graph derived from them); an accepted fact moves to the review graph and
    counts either way. The one policy behind ``unreviewed=`` on ``/sparql``, ``/api/match``
    and ``/api/chain-match`` and ``--unreviewed`` on ``kg query``, ``kg match`` and
    ``kg chain-match``; it leaves the facts out in each of three ways, all from this
    definition: a store :meth:`view` (queries, partner matching, the news pipeline's known
    names), the :meth:`dataset` of a SPARQL request (run in worker processes on the whole
    store), and the candidates a chain match :meth:`keeps` (its index is built once for
    the whole store).

    >>> Unreviewed.parse("exclude") is Unreviewed.EXCLUDE, Unreviewed.parse(None)
    (True, <Unreviewed.INCLUDE: 'include'>)
    >>> Unreviewed.EXCLUDE.keeps("unreviewed"), Unreviewed.EXCLUDE.keeps("reviewed")
    (False, True)
    """

    INCLUDE = "include"
    EXCLUDE = "exclude"

    @classmethod
    def parse(cls, value: str | None) -> Unreviewed:
        """The policy a request or a command gives (none: include)."""
        if value is None:
            return cls.INCLUDE
        try:
            return cls(value)
        except ValueError:
            raise BadRequest(key="error.unreviewed") from None

    def leaves_out(self, minter: Minter, graph: NamedNode) -> bool:
        """Whether this policy leaves ``graph`` out."""
        return self is Unreviewed.EXCLUDE and minter.is_extracted_graph(graph)

    def keeps(self, trust_level: str) -> bool:
        """Whether a candidate whose facts have this trust level
        (:func:`kg.match.index.trust_level`) stays: with ``exclude``, not when only
        unreviewed facts back it."""
        return not (self is Unreviewed.EXCLUDE and trust_level == "unreviewed")

    def view(self, store: Store, minter: Minter) -> Store:
        """``store`` as this policy sees it: itself, or a read-only view without the graphs
        of unreviewed facts (:class:`kg.store.view.FilteredStore`)."""
        if self is Unreviewed.INCLUDE:
            return store
        from kg.store.view import FilteredStore

        return FilteredStore(store, lambda g: self.leaves_out(minter, g), OWN_DATASET)

    def dataset(self, store: Store, minter: Minter, query: str) -> tuple[str, ...] | None:
        """The graphs a SPARQL query's dataset is made of under this policy (default and
        named graphs alike; the default graph is their union), or ``None`` for kg's
        default dataset. A query that names its own dataset (``FROM``) is refused with
        ``exclude``: leaving graphs out of it would change what it asked for."""
        if self is Unreviewed.INCLUDE:
            return None
        if names_dataset(query):
            raise BadRequest(key="error.unreviewed.dataset")
        return tuple(g.value for g in store.named_graphs() if not self.leaves_out(minter, g))


def _assertion(store: Store, a: NamedNode) -> tuple[NamedNode, list[Triple]]:
    rows = list(
        solutions(
            store.query("SELECT ?a ?g ?p ?o WHERE { GRAPH ?g { ?a ?p ?o } }", bindings={"a": a})
        )
    )
    if not rows:
        raise NotFound(key="error.assertion.none", values={"iri": a.value})
    graphs = {r["g"].value for r in rows}
    if len(graphs) > 1:
        raise Conflict(f"{a.value} is stated in several graphs: {', '.join(sorted(graphs))}")
    return rows[0]["g"], [Triple(a, r["p"], r["o"]) for r in rows]


def _describe(
    store: Store, graph: NamedNode, node: object, keep: set[NamedNode] | None
) -> list[Triple]:
    if not isinstance(node, NamedNode):
        return []
    rows = store.query(
        "SELECT ?g ?n ?p ?o WHERE { GRAPH ?g { ?n ?p ?o } }", bindings={"g": graph, "n": node}
    )
    return [Triple(node, r["p"], r["o"]) for r in solutions(rows) if keep is None or r["p"] in keep]


def _one(triples: Iterable[Triple], s: NamedNode, p: NamedNode):  # a term
    for t in triples:
        if t.subject == s and t.predicate == p:
            return t.object
    raise Conflict(f"{s.value} has no {p.value}: not an assertion record")


def _article_source(minter: Minter, article: str) -> NamedNode:
    article = article.strip()
    for prefix in (minter.graph("news-").value, minter.source("news-").value):
        if article.startswith(prefix):
            article = article[len(prefix) :]
    if not article or any(c in article for c in '<>"{}|\\^` '):
        raise BadRequest(key="error.review.article", values={"given": repr(article)})
    return minter.source(f"news-{article}")


def fact_type(name: str) -> NamedNode:
    """The predicate a fact type names (``builds``: kg:builds, ``mentions``: schema:mentions,
    or an IRI); a :class:`kg.errors.BadRequest` for a name that is none."""
    return _predicate(name)


def _predicate(name: str) -> NamedNode:
    name = name.strip()
    if name.startswith(("http://", "https://")):
        return named_node(name, "type")
    if name in ("mentions", "jobTitle"):
        return SCHEMA[name]
    if name not in KG:
        raise BadRequest(key="error.review.type", values={"given": repr(name)})
    return KG[name]


def _local(iri: str) -> str:
    for base in (KG_NS, SCHEMA.base):
        if iri.startswith(base):
            return iri[len(base) :]
    return iri


def _items(store: Store, minter: Minter, entries: list[Entry]) -> list[ReviewItem]:
    """The facts of ``entries`` as the queue shows them: with their subjects' and objects'
    names and who decided them."""
    if not entries:
        return []
    names = labels(
        store,
        [NamedNode(t) for e in entries for t in ((e.s, e.o) if e.o_is_iri else (e.s,))],
        minter.prefix,
    )
    decided = _decisions(store, dict.fromkeys(e.assertion for e in entries))
    out = []
    for e in entries:
        who = decided.get(e.assertion, {})
        out.append(
            ReviewItem(
                assertion=e.assertion,
                graph=e.graph,
                status=_local(e.status),
                subject=e.s,
                subject_label=names[e.s].label,
                predicate=e.p,
                object=e.o,
                object_label=names[e.o].label if e.o_is_iri else e.o,
                object_kind="iri" if e.o_is_iri else "literal",
                confidence=e.confidence,
                extractor=e.extractor,
                sentence=e.text,
                start=e.start,
                end=e.end,
                source=e.doc,
                reviewer=who.get("reviewer"),
                reviewed_at=who.get("reviewed"),
                note=who.get("note"),
            )
        )
    return out
