"""The entity page (the HTML face of an entity's IRI): its labels and kind, its statements
in sections with their evidence and the local page of everything it links to; and the
neighbourhood its graph drawing asks for (``/api/neighbourhood``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import (
    PER_GROUP,
    Evidence,
    Group,
    Label,
    Paging,
    Statement,
    description,
    graph_sources,
    labels,
)
from kg.identity import NameRules
from kg.iris import Minter
from kg.namespaces import DCT, KG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS
from kg.store import Store, solutions
from kg.web.links import local_href
from kg.web.quantities import is_quantity, unit_of

# Entity-page sections, in order; a statement goes to the section of its predicate.
GROUPS: dict[str, tuple[NamedNode, ...]] = {
    "identity": (
        RDF.type,
        SKOS.altLabel,
        KG.shortName,
        SKOS.definition,
        DCT.description,
        DCT.identifier,
        DCT.title,
        DCT.publisher,
        DCT.date,
        DCT.language,
        SCHEMA.url,
        SCHEMA.jobTitle,
        SKOS.editorialNote,
        RDFS.seeAlso,
    ),
    "location": (KG.locatedIn, KG.heldIn, KG.partOf, KG.hosts, KG.site, KG.supportsRegion),
    "industries": (
        KG.operatesIn,
        KG.inIndustry,
        KG.coversIndustry,
        KG.supportsIndustry,
        KG.chainOf,
        KG.segmentOf,
        KG.segmentPosition,
        KG.tier,
        KG.invitedTier,
        SKOS.broader,
        SKOS.narrower,
        SKOS.inScheme,
        SKOS.topConceptOf,
    ),
    "projects": (
        KG.builds,
        KG.investsIn,
        KG.operates,
        KG.establishes,
        KG.milestone,
        KG.milestoneType,
        KG.phase,
        KG.planned,
        KG.after,
        KG.date,
        KG.elapsed,
        KG.dateDerivation,
    ),
    "events": (
        KG.participatesIn,
        KG.organizes,
        KG.participant,
        KG.subEventOf,
        KG.inSeries,
        KG.theme,
        KG.signedAt,
    ),
    "figures": (
        KG.figureOf,
        KG.measure,
        KG.value,
        KG.unit,
        KG.qualifier,
        KG.asOf,
        KG.statedAs,
        KG.hasGoal,
    ),
    "provenance": (
        PROV.wasDerivedFrom,
        PROV.wasGeneratedBy,
        PROV.wasAttributedTo,
        PROV.generated,
        KG.sha256,
        KG.text,
        DCT.license,
    ),
}
_GROUP_OF = {p.value: g for g, ps in GROUPS.items() for p in ps}
SECTIONS = (*GROUPS, "relations")
HIDDEN = {RDFS.label.value, SKOS.prefLabel.value}  # the page's title says them
ELIDED = {KG.text.value}  # too long to show inline: the full text is on the source page


@dataclass(frozen=True)
class Row:
    """One statement on the entity page: what it says, where it links, its evidence."""

    predicate: str
    predicate_label: Label
    incoming: bool
    value: str
    is_iri: bool
    label: str | None  # the linked entity's label (IRI values)
    label_en: str | None
    href: str | None  # the linked entity's page, when kg minted it
    language: str | None
    elided: bool
    evidence: list[Evidence]
    count: int = 1  # the graphs (sources) that state it
    sources_href: str | None = None  # its own page, when more graphs state it than shown
    # the graphs shown as stating it that no sentence backs (their source's page and
    # titles): a type or a name as written still says which sources state it
    graphs: list[dict[str, str | None]] = field(default_factory=list)
    quantity: bool = False  # a figure's value or an amount, said in 万 / 亿 (thousand / million)
    unit: str | None = None  # its unit, when it is a quantity and the unit is known


@dataclass(frozen=True)
class More:
    """A group of values the page shows part of: how many of how many, and where the next
    and previous pages of the group are; or, with ``value``, of the graphs (sources)
    stating one value."""

    predicate: str
    predicate_label: Label
    incoming: bool
    first: int  # 1-based number of the first statement shown
    last: int
    count: int
    next_href: str | None
    prev_href: str | None
    value: str | None = None  # the one value whose sources are paged, as shown


@dataclass
class Section:
    name: str
    outgoing: list[Row] = field(default_factory=list)
    incoming: list[Row] = field(default_factory=list)
    more: list[More] = field(default_factory=list)


@dataclass(frozen=True)
class EntityPage:
    iri: str
    label: str
    label_en: str | None
    kind: str
    href: str | None
    sections: list[Section]  # the sections that have statements, in order
    links: dict[str, str]  # page name ("match", "chain") -> where it is
    paged: More | None = None  # the one group shown, a page of it (``?predicate=``)


def _page_href(
    group: Group, page: int, value: str | None = None, per_group: int | None = None
) -> str:
    """The query string of one page of a group of values, or of the graphs stating one
    ``value`` (an N-Triples term)."""
    query: dict[str, object] = {"predicate": group.predicate, "direction": group.direction}
    value = value or group.value
    if value is not None:
        query["value"] = value
    query["page"] = page
    per_group = per_group or group.per_group
    if per_group != PER_GROUP:
        query["limit"] = per_group
    return "?" + urlencode(query)


def _more(group: Group, named: dict[str, Label], value: str | None = None) -> More:
    return More(
        predicate=group.predicate,
        predicate_label=named[group.predicate],
        incoming=group.direction != "out",
        first=group.offset + 1,
        last=group.offset + group.shown,
        count=group.count,
        next_href=_page_href(group, group.page + 1) if group.page < group.pages else None,
        prev_href=_page_href(group, group.page - 1) if group.page > 1 else None,
        value=value,
    )


def entity(
    store: Store,
    minter: Minter,
    iri: NamedNode,
    paging: Paging | None = None,
    data_dir: Path | None = None,
) -> EntityPage:
    """An entity's page: labels, kind, and its statements in sections, each with evidence
    and the local page of every linked entity and source - of each direction and predicate
    the first :data:`~kg.entities.PER_GROUP`, with how many there are and a link to the
    next page of them; or, as ``paging`` asks, one page of one group. The IRIs stated
    ``owl:sameAs`` the entity are named too (:func:`_aliases`; ``data_dir`` holds the tables
    of the name rules)."""
    described = description(store, iri, paging, minter.prefix)
    _aliases(store, minter, described.label, described.statements, data_dir)
    statements = [s for s in described.statements if s.predicate not in HIDDEN]
    predicates = {NamedNode(s.predicate) for s in statements} | {
        NamedNode(g.predicate) for g in described.groups
    }
    types = [NamedNode(t) for t in described.label.types]
    named = labels(store, [*predicates, *types])
    sources = graph_sources(store, (g for st in statements for g in st.graphs))
    sections = {name: Section(name) for name in SECTIONS}
    group_of = {(g.direction, g.predicate): g for g in described.groups}
    rows: list[Row] = []
    said = {st.predicate: st.value for st in statements if st.direction == "out"}
    for st in statements:
        is_iri = st.value_kind == "iri"
        quantity = not is_iri and st.direction == "out" and is_quantity(st.predicate, st.value)
        typed = is_iri and st.predicate == RDF.type.value and st.value in named
        group = group_of[(st.direction, st.predicate)]
        more_sources = bool(st.term) and group.value is None and st.count > len(st.graphs)
        row = Row(
            predicate=st.predicate,
            predicate_label=named[st.predicate],
            incoming=st.direction != "out",
            value=st.value,
            is_iri=is_iri,
            label=named[st.value].label if typed else st.label,
            label_en=named[st.value].en if typed else st.label_en,
            href=local_href(minter, st.value) if is_iri else None,
            language=st.language,
            elided=st.predicate in ELIDED,
            evidence=st.evidence,
            count=st.count,
            sources_href=_page_href(group, 1, st.term, PER_GROUP) if more_sources else None,
            graphs=_unsaid(minter, st.graphs, {e.graph for e in st.evidence}, sources),
            quantity=quantity,
            unit=unit_of(st.predicate, said) if quantity else None,
        )
        rows.append(row)
        section = sections[_GROUP_OF.get(st.predicate, "relations")]
        (section.incoming if row.incoming else section.outgoing).append(row)
    paged = None
    for group in described.groups:
        if group.predicate in HIDDEN:
            continue
        if paging is not None and paging.predicate is not None:
            shown = rows[0] if group.value is not None and rows else None
            paged = _more(group, named, (shown.label or shown.value) if shown else None)
        elif group.partial:
            sections[_GROUP_OF.get(group.predicate, "relations")].more.append(_more(group, named))
    lab = described.label
    links: dict[str, str] = {}
    if lab.kind in ("industry", "chain", "segment"):
        links["match"] = f"/match?industry={iri.value}"
    if lab.kind == "chain":
        links["chain"] = f"/chain?chain={iri.value}"
    return EntityPage(
        iri=iri.value,
        label=lab.label,
        label_en=lab.en,
        kind=lab.kind,
        href=local_href(minter, iri.value),
        sections=[s for s in sections.values() if s.outgoing or s.incoming],
        links=links,
        paged=paged,
    )


def _aliases(
    store: Store,
    minter: Minter,
    entity: Label,
    statements: list[Statement],
    data_dir: Path | None,
) -> None:
    """Name the IRIs stated ``owl:sameAs`` an entity that have no label of their own: the
    identity graph links to an entity the IRI each of its other names would have been
    minted as (:mod:`kg.ingest.unify`; a news name of a curated entity, a name a reviewer
    merged away), which nothing else describes. Each is named by the name it was minted
    from (:meth:`kg.identity.NameRules.minted`, with the tables of ``data_dir``), else - the
    same thing - by the entity's own labels."""
    unnamed = [
        st
        for st in statements
        if st.predicate == OWL.sameAs.value and st.direction == "in" and st.label is None
    ]
    if not unnamed:
        return
    minted: dict[str, str] = {}
    if data_dir is not None:
        sparql = queries.with_values("entity-names", ["entity"], [[NamedNode(entity.iri)]])
        names = sorted(row["name"].value for row in solutions(store.query(sparql)))
        rules = NameRules.load(data_dir)
        minted = {
            minter.entity(key).value: name for key, name in rules.minted(names, entity.kind).items()
        }
    for st in unnamed:
        name = minted.get(st.value)
        st.label, st.label_en = (name, None) if name else (entity.zh or entity.en, entity.en)


def neighbourhood(
    store: Store, minter: Minter, iris: list[NamedNode], limit: int = 80
) -> dict[str, object]:
    """Nodes and edges one step from ``iris``, for the entity page's graph drawing (the
    JSON of ``/api/neighbourhood``)."""
    if not iris:
        return {"nodes": [], "edges": []}
    sparql = queries.get("neighbourhood") + queries.values(["n"], ([i] for i in iris))
    edges: list[tuple[NamedNode, NamedNode, NamedNode]] = []
    for row in solutions(store.query(sparql)):
        edge = (row["s"], row["p"], row["o"])
        if edge not in edges:
            edges.append(edge)
    edges.sort(key=lambda e: (e[0].value, e[1].value, e[2].value))
    edges = edges[:limit]
    nodes = {n.value: n for n in iris} | {t.value: t for e in edges for t in (e[0], e[2])}
    named = labels(store, [*nodes.values(), *{e[1] for e in edges}])
    asked = {n.value for n in iris}
    kept = {i for i in nodes if i in asked or named[i].kind != "other"}
    return {
        "nodes": [{**named[i].to_dict(), "href": local_href(minter, i)} for i in sorted(kept)],
        "edges": [
            {
                "source": s.value,
                "target": o.value,
                "predicate": p.value,
                "label": named[p.value].label if p.value in named else p.value,
                "label_en": named[p.value].en if p.value in named else None,
            }
            for s, p, o in edges
            if s.value in kept and o.value in kept
        ],
    }


__all__ = ["GROUPS", "EntityPage", "More", "Row", "Section", "entity", "neighbourhood"]


def _unsaid(
    minter: Minter, graphs: list[str], cited: set[str], sources: dict[str, Label]
) -> list[dict[str, str | None]]:
    """The graphs stating a value that no sentence of ``cited`` backs, each as its source
    document's page and titles (``href``, ``label``, ``label_en``); a graph of no source
    document (a review graph, an import) as its own page and its last path segment."""
    out: list[dict[str, str | None]] = []
    for g in graphs:
        doc = sources.get(g)
        href = local_href(minter, doc.iri if doc else g)
        if g in cited or href is None or any(o["href"] == href for o in out):
            continue  # (two graphs of one source document: one link)
        name = doc.label if doc else g.rstrip("/").rsplit("/", 1)[-1]
        out.append({"href": href, "label": name, "label_en": doc.en if doc else None})
    return out
