"""What an export holds: a :class:`Selection` - the selected nodes, whose statements are
the exported facts.

Each selection is computed by named queries (``export-*.rq`` and the matching queries) and
holds node IRIs only, sorted (so an export is reproducible), never statements: the
statements are read node by node when the export is written (:mod:`kg.export.reader`).

- :func:`entity` - an entity and what lies within ``hops`` steps of it, either way;
- :func:`industry` - an industry, its narrower concepts, and every organisation, site and
  project tied to them (the partner-match paths);
- :func:`region` - a region, the places within it, what is located there, the policies
  that cover it;
- :func:`source` - what one source document's graph states (its facts only);
- :func:`chain` - an industry chain: segments, members; with a region, the region's
  players and the candidates of chain matching, its parks and policies;
- :func:`construct` - the triples a SPARQL CONSTRUCT query builds.
"""

from __future__ import annotations

import itertools
import re
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

import pyoxigraph as ox

from kg import queries
from kg.entities import INDUSTRY_FIRST, resolve, search
from kg.errors import BadRequest, NotFound
from kg.export.spool import SortedTriples
from kg.export.template import Template
from kg.iris import Minter, named_node
from kg.namespaces import KG, SKOS
from kg.sparqltext import used_prefixes, with_prefixes
from kg.store import EmbeddedStore, Store, solutions

# Minted IRIs under these paths are provenance or bookkeeping, never entities to walk to.
NOT_ENTITIES = ("assertion/", "source/", "graph/", "load/", "agent/")


@dataclass
class Selection:
    """The selected nodes of an export and where their statements are read.

    ``store`` holds the facts (a CONSTRUCT selection: the query's result, sorted by
    subject) and
    ``context`` the rest of the graph - labels of the nodes facts point to, provenance.
    ``graph``: only statements of that graph are facts (a source's own). ``whole_graph``:
    RDF formats write that graph as it is, provenance records and full text included.
    ``revision``: the store's revision when the selection was made (which tables kept per
    revision, :mod:`kg.export.tablecache`, may serve it).
    """

    kind: str
    name: str
    nodes: list[ox.NamedNode] | list[ox.NamedNode | ox.BlankNode]
    store: Store | SortedTriples
    minter: Minter
    context: Store | None = None
    graph: ox.NamedNode | None = None
    whole_graph: bool = False
    about: dict[str, str] = field(default_factory=dict)
    revision: str | None = None

    def __post_init__(self) -> None:
        if self.revision is None:
            self.revision = self.lookup.revision

    @property
    def lookup(self) -> Store:
        """Where labels and provenance are looked up."""
        if self.context is not None:
            return self.context
        assert not isinstance(self.store, SortedTriples)  # a CONSTRUCT's has a context
        return self.store

    @property
    def slug(self) -> str:
        """A file-name-safe name: the kind and the name's last part (an IRI's key:
        ``region-cn-440000``, ``region-heilongjiang``, ``chain-aerospace-harbin``,
        ``construct-query``); separators go, Chinese stays."""
        name = re.sub(r"[\s/\\:*?\"<>|#%&{}$!'@+`=]+", "-", self.name.rsplit("/", 1)[-1])
        return f"{self.kind}-{name.strip('-.') or 'export'}"[:120]


_subject, _value = attrgetter("subject"), attrgetter("value")


def _sorted(nodes: Iterable[ox.NamedNode | str]) -> list[ox.NamedNode]:
    values = {n if isinstance(n, str) else n.value for n in nodes}
    return [ox.NamedNode(v) for v in sorted(values)]


def _is_entity(minter: Minter, term: ox.NamedNode) -> bool:
    key = minter.key(term)
    return key is not None and not key.startswith(NOT_ENTITIES)


def _walk(store: Store, minter: Minter, start: ox.NamedNode, hops: int) -> set[str]:
    """Entities within ``hops`` steps of ``start`` (either direction)."""
    seen = {start.value}
    frontier = [start]
    for _ in range(hops):
        if not frontier:
            break
        sparql = queries.get("neighbours") + queries.values(["n"], ([n] for n in frontier))
        found = [row["m"] for row in solutions(store.query(sparql))]
        frontier = [
            m
            for m in {m.value: m for m in found}.values()
            if m.value not in seen and _is_entity(minter, m)
        ]
        seen.update(m.value for m in frontier)
    return seen


def find_entity(store: Store, minter: Minter, name: str) -> ox.NamedNode:
    """Any entity, by IRI, key (``org/hit``) or exact name."""
    if name.startswith(("http://", "https://")) or ("/" in name and " " not in name):
        node = named_node(name, "entity") if name.startswith("http") else minter.entity(name)
        if not bool(store.query("ASK { ?s ?p ?o }", bindings={"s": node})):
            raise NotFound(key="error.entity.none", values={"iri": node.value})
        return node
    hits = [
        h
        for h in search(store, minter, name, limit=50)
        if h["matched"] == name or h["label"] == name
    ]
    if len(hits) == 1:
        return ox.NamedNode(str(hits[0]["iri"]))
    if not hits:
        raise NotFound(key="error.export.entity.none", values={"name": repr(name)})
    raise BadRequest(key="error.export.entity.many", values={"name": repr(name), "n": len(hits)})


def entity(store: Store, minter: Minter, name: str, hops: int = 1) -> Selection:
    """An entity (IRI, key or name), every entity within ``hops`` steps of it, and - with
    one hop or more - the source documents whose own graphs state a fact of which it (or
    one of its ``owl:sameAs`` aliases) is the object: the news articles that mention it
    (``export-articles.rq``). A document's statements are its facts as an article graph
    states them (the entities it mentions, its title, date and text), with their
    assertions as evidence; the entities walked to are found in every graph, news graphs
    as curated ones."""
    if hops < 0:
        raise BadRequest(key="error.export.hops")
    iri = find_entity(store, minter, name)
    found = _walk(store, minter, iri, hops)
    if hops:
        rows = store.query(queries.bind("export-articles", entity=iri))
        found.update(row["doc"].value for row in solutions(rows))
    nodes = _sorted(found)
    return Selection(
        "entity", iri.value, nodes, store, minter, about={"entity": iri.value, "hops": str(hops)}
    )


def industry(store: Store, minter: Minter, name: str) -> Selection:
    """An industry, its narrower concepts, and every organisation, site and project tied
    to them (the partner-match paths)."""
    from kg.match.engine import partner_paths

    target = resolve(store, minter, name, SKOS.Concept, "kind.industry", INDUSTRY_FIRST)
    nodes = {target.value}
    for row in solutions(store.query(queries.get("concept-tree"), bindings={"target": target})):
        nodes.add(row["concept"].value)
    for row in partner_paths(store, target):
        nodes.add(row["candidate"].value)
        if row["via"] is not None:
            nodes.add(row["via"].value)
    return Selection(
        "industry", target.value, _sorted(nodes), store, minter, about={"industry": target.value}
    )


# The ties by which an actor stands behind a project, site, event or firm - partner-paths.rq's
# (builds, invests in, joins, runs, founds), by which the partner match places a partner in a
# region through what is located there.
ACTOR_TIES = (KG.builds, KG.investsIn, KG.participatesIn, KG.operates, KG.establishes)


def region(store: Store, minter: Minter, name: str) -> Selection:
    """A region (IRI, key or name): itself, the organisations, parks, projects and events
    located at it or at a place within it, the policies covering them, the actors that
    build, invest in, join, run or found what is located there (an enterprise whose only tie
    to the region is its project there: the partner match places it so), and the places
    that hold any of it with every place between them and the region (苏州市 and 江苏省 for a
    park in 苏州, exported for 长三角) - not the hundreds of counties the division codes put
    in a province that hold nothing."""
    place = resolve(store, minter, name, KG.Region, "kind.region")
    places: set[ox.NamedNode] = set()
    properties: set[ox.NamedNode] = set()
    for row in solutions(store.query(queries.get("export-region"), bindings={"region": place})):
        at, p = row["place"], row["property"]
        if isinstance(at, ox.NamedNode) and isinstance(p, ox.NamedNode):
            places.add(at)
            properties.add(p)
    held: set[str] = set()  # the places something is tied to
    if isinstance(store, EmbeddedStore):
        named = _located(store, places, properties, held)
    else:
        nodes: set[object] = set(places)
        for p in properties:  # what each place is the object of, by index: subjects as terms
            for at in places:
                found = {_subject(q) for q in store.quads_for_pattern(None, p, at, None)}
                nodes.update(found)
                if any(isinstance(n, ox.NamedNode) for n in found):
                    held.add(at.value)
        named = sorted((n for n in nodes if isinstance(n, ox.NamedNode)), key=_value)
    kept = _up_to(store, place, held)
    named = [n for n in named if n not in places or n.value in kept]
    things = [n for n in named if n not in places]
    actors = {  # by index, thing by thing: a region may hold a registry's 100,000 firms
        q.subject
        for t in things
        for p in ACTOR_TIES
        for q in store.quads_for_pattern(None, p, t, None)
        if isinstance(q.subject, ox.NamedNode)
    }
    if actors - set(named):
        named = sorted(set(named) | actors, key=_value)
    return Selection("region", place.value, named, store, minter, about={"region": place.value})


def _located(
    store: EmbeddedStore,
    places: set[ox.NamedNode],
    properties: set[ox.NamedNode],
    held: set[str],
) -> list[ox.NamedNode]:
    """The places and the IRIs that are the subject of ``?s property place`` for any of
    them, sorted; ``held`` gets each place that is the object of one. One ``SELECT ?s`` per
    property and place, serialized as TSV by pyoxigraph: only the subjects are decoded
    (reading the quads decodes all four terms of each), and sorting strings costs less than
    sorting terms by their value."""
    iris = {p.value for p in places}
    for p in properties:
        for at in places:
            sparql = f"SELECT ?s WHERE {{ ?s <{p.value}> <{at.value}> }}"
            result = store.query(sparql)
            assert isinstance(result, ox.QuerySolutions)
            tsv = result.serialize(format=ox.QueryResultsFormat.TSV) or b""
            for line in tsv.split(b"\n")[1:]:  # after the header; an IRI: <...>
                if line.startswith(b"<") and not line.startswith(b"<<"):  # not a triple term
                    iris.add(line[1:-1].decode())
                    held.add(at.value)
    return [ox.NamedNode(v) for v in sorted(iris)]


def _up_to(store: Store, region: ox.NamedNode, held: set[str]) -> set[str]:
    """The region, the places of ``held`` and every place between one of them and the
    region (``region-tree.rq``: each place within it with its parents inside it)."""
    parents: dict[str, list[str]] = {}
    for row in solutions(store.query(queries.get("region-tree"), bindings={"region": region})):
        up = parents.setdefault(row["place"].value, [])
        if row["parent"] is not None:
            up.append(row["parent"].value)
    kept, todo = {region.value}, list(held)
    while todo:
        at = todo.pop()
        if at not in kept:
            kept.add(at)
            todo.extend(parents.get(at, ()))
    return kept


def source(store: Store, minter: Minter, name: str) -> Selection:
    """A source document's graph (by source id or graph IRI): the resources it states
    facts about, each with the facts of that graph only, and the graph's provenance."""
    name = name.strip()
    graph = (
        named_node(name, "source")
        if name.startswith(("http://", "https://"))
        else minter.graph(name)
    )
    if graph not in store.named_graphs():
        raise NotFound(key="error.export.source.none", values={"name": repr(name)})
    rows = store.query(queries.bind("export-source", graph=graph))
    nodes = _sorted(row["node"] for row in solutions(rows))
    return Selection(
        "source",
        graph.value,
        nodes,
        store,
        minter,
        graph=graph,
        whole_graph=True,
        about={"source graph": graph.value},
    )


def chain(
    store: Store, minter: Minter, name: str, region: str | None = None, *, top: int = 100
) -> Selection:
    """An industry chain (by name, key or IRI; or the one chain of an industry): the chain,
    its industries and segments, and the concepts its members reach. Without a region:
    every member (organisations, and the projects and sites folded into them) and every
    policy of the chain. With a region (by name, key or IRI): the region, its players
    (members located within it), the first ``top`` candidates of each group of chain
    matching (:func:`kg.match.chain.match_chain`: strengthen, fill, extend, research), and
    the region's parks and policies for the chain."""
    from kg.match.cache import ChainIndexes
    from kg.match.chain import ChainQuery, find_chain, match_chain

    indexes = ChainIndexes(store)
    iri = find_chain(indexes, minter, name)
    index = indexes.get(iri)
    nodes: set[str] = {iri.value, *index.segments, *index.industries}
    about = {"chain": iri.value}
    if region is None:
        members = list(index.members.values())
        nodes.update(index.policies)
    else:
        place = indexes.resolve(minter, region, KG.Region, "kind.region")
        within = indexes.places("region-tree", place)
        members = [m for m in index.members.values() if not within.isdisjoint(m.places)]
        query = ChainQuery(iri.value, place.value, top=top)
        found = match_chain(store, minter, query, indexes=indexes)
        nodes.add(place.value)
        nodes.update(c.label.iri for group in found.groups.values() for c in group)
        nodes.update(label.iri for label in (*found.parks, *found.policies))
        members += [index.members[i] for i in nodes if i in index.members]
        about.update({"region": place.value, "candidates per group": str(top)})
    for m in members:
        nodes.add(m.iri)
        nodes.update(m.also)
        nodes.update(tie.concept for tie in m.segments.values() if tie.concept)
    # named by the chain, and the region (as its IRI's last part: one name however given)
    named = iri.value + (f"-{about['region'].rsplit('/', 1)[-1]}" if "region" in about else "")
    return Selection("chain", named, _sorted(nodes), store, minter, about=about)


def constructed(store: Store, sparql: str) -> Iterator[ox.Triple]:
    """The triples of the CONSTRUCT query ``sparql``, once the query gave its first (or
    ended): an error of the query is raised here, before anything is written. They come
    from the SELECT of the template's variables (:mod:`kg.export.template`: the engine's
    CONSTRUCT remembers every triple it gives) and may repeat; a query that form does not
    serve is the engine's CONSTRUCT. kg's prefixes are predeclared, as on ``/sparql``. The
    caller checks the query as the SPARQL endpoint does (size, remote access)."""
    used = used_prefixes(sparql)  # kg's prefixes are predeclared, as on /sparql
    # the engine's judgement of the query, and its errors
    result = store.query(sparql, prefixes=used)
    if not isinstance(result, ox.QueryTriples):
        raise BadRequest(key="error.export.construct")
    triples: Iterator[ox.Triple] = result
    template = Template.of(with_prefixes(sparql, used))
    if template is not None:
        try:
            rows = store.query(template.select)
        except BadRequest:  # a form the SELECT does not take (GROUP BY): the CONSTRUCT's
            pass
        else:
            if isinstance(rows, ox.QuerySolutions):
                del result
                triples = template.fill(rows)
    first = next(triples, None)
    return itertools.chain([first], triples) if first is not None else iter(())


def construct(
    store: Store,
    minter: Minter,
    sparql: str,
    *,
    triples: Iterator[ox.Triple] | None = None,
    check: Callable[[], None] | None = None,
) -> Selection:
    """The triples a SPARQL CONSTRUCT query builds (``triples``, if already asked for:
    :func:`constructed`), written to temporary files sorted by subject
    (:class:`~kg.export.spool.SortedTriples`, removed with the selection; each triple
    once), with labels and provenance looked up in ``store``. ``check`` is called every
    few thousand triples while they are written and sorted, and may raise to stop (the
    files are removed). The caller checks the query as the SPARQL endpoint does (size,
    remote access)."""
    if triples is None:
        triples = constructed(store, sparql)
    spool = SortedTriples(Path(tempfile.mkdtemp(prefix="kg-construct-")), triples, check)
    selection = Selection(
        "construct",
        "query",
        spool.nodes,
        spool,
        minter,
        context=store,
        about=construct_about(sparql),
    )
    weakref.finalize(selection, spool.close)
    return selection


def construct_about(sparql: str) -> dict[str, str]:
    """What the export of a CONSTRUCT query says of its selection."""
    return {"query": " ".join(sparql.split())[:2000]}


WHATS = ("entity", "industry", "region", "chain", "source", "query")


def select(
    store: Store,
    minter: Minter,
    *,
    entity: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    chain: str | None = None,
    source: str | None = None,
    query: str | None = None,
    hops: int = 1,
    top: int = 100,
) -> Selection:
    """The selection the CLI options and API parameters ask for: exactly one of
    ``entity`` (with ``hops``), ``industry``, ``region``, ``chain`` (with or without a
    ``region``; ``top`` candidates per group), ``source`` or a CONSTRUCT ``query``."""
    given = {
        k: v
        for k, v in (
            ("entity", entity),
            ("industry", industry),
            ("chain", chain),
            ("source", source),
            ("query", query),
        )
        if v
    }
    if region and not chain:
        given["region"] = region
    if len(given) != 1:
        raise BadRequest(key="error.export.selection")
    if not 1 <= top <= 1000:
        raise BadRequest(key="error.top", values={"most": 1000})
    ((what, value),) = given.items()
    if what == "entity":
        return _SELECT["entity"](store, minter, value, hops)
    if what == "chain":
        return _SELECT["chain"](store, minter, value, region or None, top=top)
    return _SELECT[what](store, minter, value)


# By the parameter that asks for each (``select``'s own parameters hide these names).
_SELECT: dict[str, Callable[..., Selection]] = {
    "entity": entity,
    "industry": industry,
    "region": region,
    "chain": chain,
    "source": source,
    "query": construct,
}
