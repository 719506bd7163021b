"""After ingestion: one IRI and one label per thing, across every article.

Articles are resolved one at a time (:mod:`kg.ingest.resolve`); what only the whole store
shows is settled here, after every run and after every merge or split a reviewer makes:

- **links across articles**: a short name one article declares (X（简称Y）) is the same
  thing wherever another article uses it; 内蒙古引绰济辽输水工程 is 引绰济辽输水工程; 弥蒙高铁 is 弥勒至蒙自高铁
  (each only where exactly one entity fits). The entity merged away has its IRI rewritten in
  every news graph and in the review graph, and kept as ``owl:sameAs`` the canonical IRI
  (so it still dereferences);
- **one label**: news graphs name an entity as each article writes it (``skos:altLabel``);
  the identity graph (``graph/identity``) gives every extracted entity one ``rdfs:label``,
  the fullest of its names (:func:`kg.identity.canonical`), and the ``owl:sameAs`` of every
  IRI its other names would have been minted as.

The identity graph is derived - rebuilt from the news graphs and the decisions each time -
and, like the news graphs, it is left out of the reviewed view
(:meth:`kg.review.Unreviewed.view`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from kg import queries
from kg.entities import KINDS
from kg.identity import GROUPS, NameRules, canonical, distinctive, route_parts
from kg.ingest.resolve import Decisions, GenericNames
from kg.iris import Minter
from kg.namespaces import KG_NS, OWL, RDFS
from kg.store import Store, solutions
from kg.store.embedded import data_update

MINTED_GROUPS = ("org", "site", "project", "event", "policy", "person")  # what ingestion names


def identity_graph(minter: Minter) -> NamedNode:
    return minter.graph("identity")


def is_minted(minter: Minter, iri: str) -> bool:
    """Whether ``iri`` was minted by ingestion from a name (not curated)."""
    return minter.is_named(iri, MINTED_GROUPS)


@dataclass
class Extracted:
    """The extracted entities of the news graphs: their names (with how many articles use
    each), kinds, and the graphs they appear in."""

    names: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    kinds: dict[str, str] = field(default_factory=dict)
    graphs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    declared: list[tuple[str, str]] = field(default_factory=list)  # (entity, short name)

    @classmethod
    def read(cls, store: Store, minter: Minter) -> Extracted:
        out = cls()
        rows = store.query(
            queries.get("extracted-names"), bindings={"prefix": Literal(minter.graph("news-").value)}
        )
        for r in solutions(rows):
            iri, graph, name = r["entity"].value, r["graph"].value, r["name"].value
            out.graphs[iri].add(graph)
            if r["declared"].value == "true":
                out.declared.append((iri, name))
            else:
                out.names[iri][name] += 1
            kind = KINDS.get(r["type"].value.removeprefix(KG_NS))
            if kind in GROUPS and (iri not in out.kinds or kind != "organization"):
                out.kinds[iri] = kind
        return out


@dataclass
class UnifyReport:
    merged: dict[str, str] = field(default_factory=dict)  # retired IRI -> canonical IRI
    rewritten_graphs: int = 0
    labelled: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "merged": len(self.merged),
            "rewritten_graphs": self.rewritten_graphs,
            "labelled": self.labelled,
        }


PASSES = 10  # rounds of links at most (each merges entities away, so few are needed)


def unify(store: Store, minter: Minter, rules: NameRules) -> UnifyReport:
    """Link what the articles declare across the store, rewrite merged IRIs, and rebuild
    the identity graph (labels and ``owl:sameAs``)."""
    report = UnifyReport()
    decisions = Decisions.load(store, minter)
    found = Extracted.read(store, minter)
    # A merge can make a link unique that was not (two bare 引绰济辽输水工程 become one), so the
    # links are found again until none is left: the next run finds none either.
    for _ in range(PASSES):
        links = _links(found, rules, decisions)
        if not links:
            break
        merged = {a: links.get(b, b) for a, b in report.merged.items()}
        report.merged = {**merged, **links}
        report.rewritten_graphs += rewrite(store, minter, links)
        found = Extracted.read(store, minter)
    graph = identity_graph(minter)
    triples = _identity_triples(minter, rules, found, decisions, report)
    if len(triples) <= 2:  # nothing but the graph's own labels
        if graph in store.named_graphs():
            store.replace_graphs({}, drop=[graph])
    elif set(triples) != set(store.get_graph(graph)):
        store.replace_graphs({graph: triples})
    _relabel_reviewed(store, minter, found)
    return report


def _links(found: Extracted, rules: NameRules, decisions: Decisions) -> dict[str, str]:
    """Entities that the whole store shows to be one thing, each mapped to the entity it is
    merged into (a reviewer's split keeps two apart): a short name an article declares
    (:func:`_declared`), a name that is another with its place in front
    (:func:`_placed`), a route abbreviated by another character for one end
    (:func:`_routes`)."""
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for iri, names in found.names.items():
        kind = found.kinds.get(iri)
        if kind is None:
            continue
        for name in names:
            by_key[(GROUPS[kind], rules.key(name, kind))].add(iri)
    out: dict[str, str] = {}
    for other, target in [
        *_declared(found, rules, by_key),
        *_placed(found, rules, by_key),
        *_routes(found, rules),
    ]:
        target = decisions.final(target)
        if other != target and not decisions.differ(other, target) and other not in out:
            out[other] = target
    # chains (a -> b -> c) end at their last IRI
    return {a: _end(out, b) for a, b in out.items() if _end(out, b) != a}


def _declared(
    found: Extracted, rules: NameRules, by_key: dict[tuple[str, str], set[str]]
) -> list[tuple[str, str]]:
    """An entity known only by a short name another article declares for an entity
    (X（简称Y）) is that entity - when the short name names one thing (not 《意见》)."""
    out = []
    for target, short in found.declared:
        kind = found.kinds.get(target)
        if kind is None or not distinctive(short, kind):
            continue
        out += [(o, target) for o in by_key.get((GROUPS[kind], rules.key(short, kind)), ())]
    return out


# Kinds whose names a place may lead without making another thing (a university's or an
# enterprise's place is part of its name: 澳门科技大学 is not 湖南科技大学).
_PLACED_KINDS = frozenset(("research-institute", "platform", "park", "project"))


def _placed(
    found: Extracted, rules: NameRules, by_key: dict[tuple[str, str], set[str]]
) -> list[tuple[str, str]]:
    """内蒙古引绰济辽输水工程 and 引绰济辽输水工程: a name that is another (of four or more
    characters) with a place in front is the same thing - when one entity goes by the
    placed name and one by the bare name."""
    placed: dict[tuple[str, str], set[str]] = defaultdict(set)
    places = sorted(rules.places, key=len, reverse=True)
    generic = GenericNames.of(rules)
    for iri, names in found.names.items():
        kind = found.kinds.get(iri)
        if kind not in _PLACED_KINDS:
            continue
        for name in names:
            rest = name
            while True:
                place = next((p for p in places if rest.startswith(p)), None)
                if place is None or len(rest) - len(place) < 4:
                    break
                rest = rest[len(place) :]
                if not generic(rest, kind):  # 江苏省农业科学院 is not every 农业科学院
                    placed[(GROUPS[kind], rules.key(rest, kind))].add(iri)
    out = []
    for key, holders in placed.items():
        bare = by_key.get(key, set()) - holders
        if len(holders) == 1 and len(bare) == 1:
            out.append((bare.pop(), next(iter(holders))))
    return out


def _routes(found: Extracted, rules: NameRules) -> list[tuple[str, str]]:
    """弥勒至蒙自高铁 and 弥蒙高铁: a route abbreviated by a character for each end (for a
    city with an abbreviation of its own, that one) is the route whose other ends agree - when only one route
    and one abbreviation fit each other."""
    full: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)  # (suffix, n) -> ...
    short: list[tuple[str, str, str]] = []  # (iri, letters, suffix)
    for iri, names in found.names.items():
        if found.kinds.get(iri) != "project":
            continue
        for name in names:
            parts = route_parts(name, rules.provinces)
            if parts is not None:
                full[(parts[1], len(parts[0]))].add((iri, "".join(parts[0])))
                continue
            key = rules.key(name, "project")
            m = _ABBREVIATED_ROUTE.match(key)
            if m and m["letters"] not in rules.places:  # 漳州高铁 is no abbreviation
                short.append((iri, m["letters"], m["suffix"]))
    fits: dict[str, set[str]] = defaultdict(set)
    fitted: dict[str, set[str]] = defaultdict(set)
    for iri, letters, suffix in short:
        for target, theirs in full.get((suffix, len(letters)), ()):
            if target == iri:
                continue
            same = sum(a == b for a, b in zip(letters, theirs, strict=True))
            if same == len(letters) - 1 and same >= 1:
                fits[iri].add(target)
                fitted[target].add(iri)
    return [
        (iri, next(iter(targets)))
        for iri, targets in fits.items()
        if len(targets) == 1 and len(fitted[next(iter(targets))]) == 1
    ]


_ABBREVIATED_ROUTE = re.compile(r"^(?P<letters>[\u4e00-\u9fff]{2,4})(?P<suffix>高铁|城际铁路|铁路|高速)$")


def _end(links: dict[str, str], iri: str) -> str:
    seen = {iri}
    while iri in links and links[iri] not in seen:
        iri = links[iri]
        seen.add(iri)
    return iri


def rewrite(store: Store, minter: Minter, merged: dict[str, str]) -> int:
    """Every statement about or pointing at a retired IRI, in the news graphs and the
    review graph, made about the IRI it was merged into - in one update; returns how many
    graphs changed."""
    parts, graphs = rewrite_update(store, minter, merged)
    if parts:
        store.update(" ;\n".join(parts))
    return graphs


def rewrite_update(
    store: Store, minter: Minter, merged: dict[str, str]
) -> tuple[list[str], int]:
    """The update operations of :func:`rewrite` (to run with others in one request) and
    the number of graphs they change."""
    if not merged:
        return [], 0
    bindings: dict[str, NamedNode | Literal] = {
        "prefix": Literal(minter.graph("news-").value),
        "review": minter.graph("review"),
    }
    found = [
        r
        for a in sorted(merged)
        for r in solutions(
            store.query(
                queries.get("statements-naming"), bindings={**bindings, "from": NamedNode(a)}
            )
        )
    ]
    old: dict[NamedNode, list[Triple]] = defaultdict(list)
    new: dict[NamedNode, list[Triple]] = defaultdict(list)
    for r in found:
        s, p, o = r["s"], r["p"], r["o"]
        old[r["g"]].append(Triple(s, p, o))
        s2 = NamedNode(merged[s.value]) if s.value in merged else s
        o2 = NamedNode(merged[o.value]) if isinstance(o, NamedNode) and o.value in merged else o
        new[r["g"]].append(Triple(s2, p, o2))
    parts = [data_update("DELETE", g, ts) for g, ts in old.items()]
    parts += [data_update("INSERT", g, list(dict.fromkeys(ts))) for g, ts in new.items()]
    return parts, len(old)


def _identity_triples(
    minter: Minter,
    rules: NameRules,
    found: Extracted,
    decisions: Decisions,
    report: UnifyReport,
) -> list[Triple]:
    g = identity_graph(minter)
    out = [
        Triple(g, RDFS.label, Literal("实体同一性", language="zh")),
        Triple(g, RDFS.label, Literal("Identity of extracted entities", language="en")),
    ]
    live = set(found.names)
    for iri, names in sorted(found.names.items()):
        kind = found.kinds.get(iri)
        if not names or kind is None:
            continue
        node = NamedNode(iri)
        if is_minted(minter, iri):
            out.append(Triple(node, RDFS.label, Literal(canonical(names), language="zh")))
            report.labelled += 1
        for name in names:  # the IRIs its other names would have had
            other = minter.entity(rules.iri_key(name, kind)).value
            if other != iri and other not in live and not decisions.differ(other, iri):
                out.append(Triple(NamedNode(other), OWL.sameAs, node))
    for retired, target in sorted(report.merged.items()):
        out.append(Triple(NamedNode(retired), OWL.sameAs, NamedNode(target)))
    return list(dict.fromkeys(out))


def _relabel_reviewed(store: Store, minter: Minter, found: Extracted) -> None:
    """Extracted entities copied into the review graph (with an accepted fact) carry the
    label the identity graph gives them now."""
    review = minter.graph("review")
    rows = store.query(queries.get("graph-labels"), bindings={"g": review})
    stale: list[tuple[NamedNode, Literal, Literal]] = []
    for r in solutions(rows):
        iri = r["e"].value
        names = found.names.get(iri)
        if not names or not is_minted(minter, iri) or r["label"].language != "zh":
            continue
        label = Literal(canonical(names), language="zh")
        if r["label"] != label:
            stale.append((r["e"], r["label"], label))
    if not stale:
        return
    old = [Triple(e, RDFS.label, before) for e, before, _ in stale]
    new = [Triple(e, RDFS.label, after) for e, _, after in stale]
    store.update(data_update("DELETE", review, old) + " ;\n" + data_update("INSERT", review, new))


__all__ = [
    "Extracted",
    "UnifyReport",
    "identity_graph",
    "is_minted",
    "rewrite",
    "rewrite_update",
    "unify",
]
