"""What each page shows, computed from the store - no HTML here.

Each function returns plain data that a template renders; the same data could feed a
JSON API. All of it is SPARQL through the store interface.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode

from kg import queries
from kg.chains import list_chains
from kg.entities import KINDS, Label, describe, labels
from kg.errors import NotFound
from kg.iris import Minter
from kg.namespaces import DCT, KG, KG_NS, PROV, RDF, RDFS, SCHEMA, SKOS
from kg.review import ReviewFilter, fact_types, list_facts
from kg.stats import stats
from kg.store import Store, solutions
from kg.store.memo import Round, per_version

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
HIDDEN = {RDFS.label.value, SKOS.prefLabel.value}
# Too long to show inline: the full text of a source is on its source page.
ELIDED = {KG.text.value}


def local_href(minter: Minter, iri: str) -> str | None:
    """The page of an IRI kg minted, on this server; ``None`` for a foreign IRI."""
    key = minter.key(iri)
    return f"/id/{key}" if key is not None else None


# --------------------------------------------------------------------------- home


HOME_SOURCES = 10  # the latest sources on the home page; /sources has them all
SOURCES_PAGE = 100  # sources per page of /sources


def home(store: Store) -> dict[str, object]:
    """Counts by kind, the latest sources, and when data was last loaded (all of it read
    once per store version)."""
    return per_version(store, "home", _home)


def _home(store: Store) -> dict[str, object]:
    figures = stats(store)
    by_kind: dict[str, int] = defaultdict(int)
    for cls, count in figures["entities"].items():  # type: ignore[attr-defined]  # an untyped page dict
        kind = KINDS.get(cls)
        if kind and kind not in ("figure", "milestone", "goal", "role", "tier"):
            by_kind[kind] += count
    all_sources = sources(store)
    rows = list(solutions(store.query(queries.get("last-update"))))
    updated = rows[0]["updated"].value if rows and rows[0]["updated"] is not None else None
    return {
        "kinds": sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])),
        "facts": figures["facts"],
        "triples": figures["triples"],
        "updated": updated,
        "sources": sorted(all_sources, key=lambda i: (str(i["date"]), str(i["id"])), reverse=True)[
            :HOME_SOURCES
        ],
        "source_count": len(all_sources),
        "chains": list_chains(store),
        "regions": [r for r in choices(store, (KG.Province, KG.City)) if r["kind"] == "region"],
    }


def sources(store: Store) -> list[dict[str, object]]:
    """Every source document with its metadata and how many facts rest on it, by date (read
    once per store version; do not change the list)."""
    return per_version(store, "sources", _sources)


def sources_page(store: Store, page_no: int) -> dict[str, object]:
    """One page of :func:`sources`, with the number of pages."""
    items = sources(store)
    pages = max(1, -(-len(items) // SOURCES_PAGE))
    start = (page_no - 1) * SOURCES_PAGE
    return {
        "sources": items[start : start + SOURCES_PAGE],
        "total": len(items),
        "page": page_no,
        "pages": pages,
    }


def _sources(store: Store) -> list[dict[str, object]]:
    items = []
    for row in solutions(store.query(queries.get("sources"))):
        items.append(
            {
                "iri": row["source"].value,
                "id": row["id"].value,
                "label": row["title_zh"].value if row["title_zh"] else row["id"].value,
                "label_en": row["title_en"].value if row["title_en"] else None,
                "publisher": row["publisher"].value if row["publisher"] else None,
                "date": row["date"].value,
                "url": row["url"].value,
                "facts": int(row["facts"].value),
            }
        )
    return items


def choices(store: Store, classes: tuple[NamedNode, ...]) -> list[dict[str, object]]:
    """Entities of some classes, labelled and sorted: the options of a form's select (read
    once per store version; do not change the list)."""
    return per_version(store, ("choices", classes), lambda s: _choices(s, classes))


def _choices(store: Store, classes: tuple[NamedNode, ...]) -> list[dict[str, object]]:
    sparql = queries.get("instances") + queries.values(["class"], ([c] for c in classes))
    found = [row["entity"] for row in solutions(store.query(sparql))]
    named = labels(store, found)
    return sorted(
        (lab.to_dict() for lab in named.values()), key=lambda d: (str(d["label"]), str(d["iri"]))
    )


# --------------------------------------------------------------------------- entity


@dataclass
class Section:
    name: str
    outgoing: list[dict[str, object]] = field(default_factory=list)
    incoming: list[dict[str, object]] = field(default_factory=list)


def entity(store: Store, minter: Minter, iri: NamedNode) -> dict[str, object]:
    """An entity's page: labels, kind, and its statements in sections, each with evidence
    and the local page of every linked entity and source."""
    described = describe(store, iri)
    statements = [s for s in described["statements"] if s["predicate"] not in HIDDEN]  # type: ignore[attr-defined]  # an untyped page dict
    predicates = {NamedNode(s["predicate"]) for s in statements}
    types = [NamedNode(t) for t in described["types"]]  # type: ignore[attr-defined]  # an untyped page dict
    named = labels(store, [*predicates, *types])
    sections = {name: Section(name) for name in SECTIONS}
    for st in statements:
        st["predicate_label"] = (
            named[st["predicate"]].to_dict() if st["predicate"] in named else None
        )
        if st["type"] == "iri":
            st["href"] = local_href(minter, st["value"])
            if st["predicate"] == RDF.type.value and st["value"] in named:
                st["label"] = named[st["value"]].label
                st["label_en"] = named[st["value"]].en
        if st["predicate"] in ELIDED:
            st["elided"] = True
        section = sections[_GROUP_OF.get(st["predicate"], "relations")]
        (section.outgoing if st["direction"] == "out" else section.incoming).append(st)
    kind = described["kind"]
    links: dict[str, str] = {}
    if kind in ("industry", "chain", "segment"):
        links["match"] = f"/match?industry={iri.value}"
    if kind == "chain":
        links["chain"] = f"/chain?chain={iri.value}"
    return {
        **described,
        "href": local_href(minter, iri.value),
        "sections": [s for s in sections.values() if s.outgoing or s.incoming],
        "links": links,
    }


# --------------------------------------------------------------------------- source


def source(store: Store, minter: Minter, iri: NamedNode) -> dict[str, object]:
    """A source document with the passages that facts rest on marked, and those facts."""
    rows = list(solutions(store.query(queries.get("source-document"), bindings={"doc": iri})))
    if not rows:
        raise NotFound(f"no source document <{iri.value}>")
    doc = rows[0]

    def text(var: str) -> str | None:
        return doc[var].value if doc[var] is not None else None

    body = doc["text"].value
    passages: dict[tuple[int, int], dict[str, object]] = {}
    facts = list(solutions(store.query(queries.get("source-facts"), bindings={"doc": iri})))
    terms = [t for r in facts for t in (r["s"], r["p"], r["o"]) if isinstance(t, NamedNode)]
    named = labels(store, terms)
    for r in facts:
        start, end = int(r["start"].value), int(r["end"].value)
        passage = passages.setdefault(
            (start, end), {"start": start, "end": end, "id": f"c{start}-{end}", "facts": []}
        )
        fact = {
            "subject": _term(minter, named, r["s"]),
            "predicate": _term(minter, named, r["p"]),
            "object": _term(minter, named, r["o"]),
            "status": _local(r["status"].value),
            "assertion": r["assertion"].value,
        }
        if fact not in passage["facts"]:  # type: ignore[operator]  # an untyped page dict
            passage["facts"].append(fact)  # type: ignore[attr-defined]  # an untyped page dict
    ordered = sorted(passages.values(), key=lambda p: (p["start"], p["end"]))
    return {
        "iri": iri.value,
        "id": text("id"),
        "label": text("title_zh") or text("id"),
        "label_en": text("title_en"),
        "publisher": text("publisher"),
        "date": text("date"),
        "url": text("url"),
        "graph": doc["graph"].value,
        "pieces": _pieces(body, ordered),
        "passages": ordered,
        "fact_count": sum(len(p["facts"]) for p in ordered),  # type: ignore[arg-type, misc]  # an untyped page dict
    }


def _local(iri: str) -> str:
    return iri[len(KG_NS) :] if iri.startswith(KG_NS) else iri


def _term(minter: Minter, named: dict[str, Label], term: object) -> dict[str, object]:
    if isinstance(term, NamedNode):
        lab = named.get(term.value)
        return {
            "iri": term.value,
            "label": lab.label if lab else term.value,
            "label_en": lab.en if lab else None,
            "href": local_href(minter, term.value),
        }
    return {"label": getattr(term, "value", str(term)), "literal": True}


def _pieces(body: str, passages: list[dict[str, object]]) -> list[dict[str, object]]:
    """The text cut into plain runs and marked passages. Overlapping passages are merged
    into one mark that lists them all."""
    marks: list[dict[str, object]] = []
    for p in passages:
        start, end = int(p["start"]), int(p["end"])  # type: ignore[call-overload]  # an untyped page dict
        if marks and start < int(marks[-1]["end"]):  # type: ignore[call-overload]  # an untyped page dict
            last = marks[-1]
            last["end"] = max(int(last["end"]), end)  # type: ignore[call-overload]  # an untyped page dict
            last["ids"].append(p["id"])  # type: ignore[attr-defined]  # an untyped page dict
        else:
            marks.append({"start": start, "end": end, "ids": [p["id"]]})
    pieces: list[dict[str, object]] = []
    at = 0
    for m in marks:
        start, end = int(m["start"]), int(m["end"])  # type: ignore[call-overload]  # an untyped page dict
        if start > at:
            pieces.append({"text": body[at:start]})
        pieces.append({"text": body[start:end], "ids": m["ids"]})
        at = end
    if at < len(body):
        pieces.append({"text": body[at:]})
    return pieces


# --------------------------------------------------------------------------- graph


def neighbourhood(
    store: Store, minter: Minter, iris: list[NamedNode], limit: int = 80
) -> dict[str, object]:
    """Nodes and edges one step from ``iris``, for the entity page's graph drawing."""
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


__all__ = [
    "GROUPS",
    "choices",
    "entity",
    "home",
    "local_href",
    "neighbourhood",
    "source",
    "sources",
    "sources_page",
    "warm",
]


def review(store: Store, minter: Minter, f: ReviewFilter) -> dict[str, object]:
    """The review queue (or decisions) with the fact types there are to filter by."""
    items = [i.to_dict() for i in list_facts(store, minter, f)]
    named = labels(store, {NamedNode(str(i["predicate"])) for i in items})
    for i in items:
        label = named.get(str(i["predicate"]))
        i["predicate_label"] = label.to_dict() if label and (label.zh or label.en) else None
    types = fact_types(store, minter, f.status)
    if f.type and f.type not in {name for name, _ in types}:
        types.append((f.type, 0))  # the filter asked for stays selected
    return {
        "items": items,
        "types": types,
        "more": len(items) == f.limit,
    }


# The kinds of things merge candidates can be filtered by.
MERGE_KINDS = [
    "enterprise",
    "university",
    "research-institute",
    "government",
    "park",
    "project",
    "event",
    "policy",
    "person",
]


def merges(
    store: Store,
    minter: Minter,
    data_dir: Path,
    kind: str | None,
    decided: bool,
    limit: int,
    offset: int,
) -> dict[str, object]:
    """Merge candidates, or the merges and splits decided so far."""
    from kg.identity import NameRules
    from kg.merges import candidates, decisions

    if decided:
        made = decisions(store, minter)
        items = [d.to_dict() for d in made[offset : offset + limit]]
        more = len(made) > offset + limit
    else:
        rules = NameRules.load(data_dir)
        found = candidates(store, minter, rules, kind, limit + 1, offset)
        items = [c.to_dict() for c in found[:limit]]
        more = len(found) > limit
    return {"items": items, "kinds": MERGE_KINDS, "more": more}


def warm(store: Store, minter: Minter, round: Round | None = None) -> None:
    """Compute what the pages read once per store version: the home page's counts and
    sources, the name index with its pinyin, the review index and its fact types, and the
    forms' choices (run in the background after each write, as the work of a
    :class:`kg.store.memo.Refresher`, which passes ``round`` to follow its progress)."""
    from kg.names import index_for
    from kg.review import STATUSES

    steps: list[Callable[[], object]] = [
        lambda: home(store),
        lambda: index_for(store, minter.prefix).find("a"),  # spells the pinyin too
        *(lambda st=st: fact_types(store, minter, st) for st in STATUSES),
        *(
            lambda cs=cs: choices(store, cs)
            for cs in (
                (KG.Region,),
                (KG.Industry, KG.IndustryGroup),
                (KG.Industry, KG.IndustryGroup, KG.IndustryChain),
            )
        ),
    ]
    if round is not None:
        round.total = len(steps)
    for step in steps:
        if round is not None and round.stale():
            return  # stopped, or a write came: the next round starts over
        step()
        if round is not None:
            round.done += 1
