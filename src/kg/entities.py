"""Entities: find them by name, label them, describe them, and fetch the evidence of facts.

Everything here is SPARQL through the store interface, with the named queries of
:mod:`kg.queries`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolution, RdfFormat, parse

from kg import queries
from kg.codes import parse_code
from kg.errors import BadRequest, NotFound
from kg.iris import Minter, is_import_graph, named_node
from kg.messages import Key, say
from kg.names import (
    PLACE_SUFFIXES,
    Named,
    NameIndex,
    index_for,
    is_pinyin_query,
    kept_index,
    spoken,
)
from kg.namespaces import KG, KG_NS, RDFS, SCHEMA, SKOS
from kg.paging import page_count, page_number, window
from kg.store import QueryResult, Store, solutions
from kg.store.memo import kept, per_version

# The kind of an entity, from its most specific kg class; the order is the priority.
KINDS: dict[str, str] = {
    "Enterprise": "enterprise",
    "University": "university",
    "ResearchInstitute": "research-institute",
    "InnovationPlatform": "platform",
    "InvestmentPlatform": "platform",
    "IndustryAssociation": "association",
    "GovernmentBody": "government",
    "MediaOutlet": "media",
    "IndustrialPark": "park",
    "IndustrialBase": "park",
    "DevelopmentZone": "park",
    "ProjectSite": "park",
    "IndustrialSite": "park",
    "InvestmentProject": "project",
    "DockingEvent": "event",
    "SigningEvent": "event",
    "Event": "event",
    "EventSeries": "event",
    "Plan": "policy",
    "Policy": "policy",
    "Person": "person",
    "Province": "region",
    "City": "region",
    "District": "region",
    "MacroRegion": "region",
    "Country": "region",
    "Region": "region",
    "Industry": "industry",
    "IndustryGroup": "industry",
    "IndustryChain": "chain",
    "ChainSegment": "segment",
    "Tier": "tier",
    "Figure": "figure",
    "Milestone": "milestone",
    "Goal": "goal",
    "Role": "role",
    "Organization": "organization",
    "ActivityClass": "classification",
}


# The kinds a search finds and filters by (the API's kind= and the /search page's selector):
# all but a plan's figures and milestones, and goals - nothing kg loads or extracts is a
# kg:Goal, so a goal search always came back empty
SEARCH_KINDS = tuple(
    dict.fromkeys(k for k in KINDS.values() if k not in ("figure", "milestone", "goal"))
)


def check_kinds(kinds: Iterable[str], allowed: Sequence[str], *, partners: bool = True) -> None:
    """Raise :class:`BadRequest` with the unknown kinds and the allowed ones for kinds outside
    ``allowed``: the one check of a ``kind`` parameter - the partner and chain matches
    (:mod:`kg.match.kinds`, "unknown partner kind(s)") and, not ``partners``, the search
    (API and page).

    >>> check_kinds(["park"], SEARCH_KINDS)
    >>> check_kinds(["institute"], ("university", "research-institute"))
    Traceback (most recent call last):
    ...
    kg.errors.BadRequest: unknown partner kind(s) institute; expected: university, research-institute
    """
    unknown = set(kinds) - set(allowed)
    if unknown:
        raise BadRequest(
            key="error.kinds" if partners else "error.kinds.search",
            values={"unknown": ", ".join(sorted(unknown)), "allowed": ", ".join(allowed)},
        )


# When a name is both an industry and a chain segment or GB/T class (生物医药, 制造业), an
# industry parameter means the industry.
INDUSTRY_FIRST = (KG.Industry, KG.IndustryGroup)


@dataclass
class Label:
    iri: str
    zh: str | None = None
    en: str | None = None
    types: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.zh or self.en or self.iri

    @property
    def label_en(self) -> str | None:
        """The English label (the name pages and JSON give it)."""
        return self.en

    @property
    def kind(self) -> str:
        return kind_of(tuple(self.types))

    def to_dict(self) -> dict[str, object]:
        return {"iri": self.iri, "label": self.label, "label_en": self.en, "kind": self.kind}


@functools.lru_cache(maxsize=1024)
def kind_of(types: tuple[str, ...]) -> str:
    """The kind of an entity of ``types`` (few combinations: remembered).

    >>> kind_of((KG.Organization.value, KG.University.value)), kind_of(())
    ('university', 'other')
    """
    local = {t[len(KG_NS) :] for t in types if t.startswith(KG_NS)}
    for cls, kind in KINDS.items():
        if cls in local:
            return kind
    return "other"


def labels(store: Store, iris: Iterable[NamedNode], base: str | None = None) -> dict[str, Label]:
    """zh/en labels and types of many entities in one query. With ``base`` (the minter's
    prefix), those of the entities kg minted there are read from the name index when it is
    built for the store's version (a place's type is stated again in every news graph that
    names it: the query reads each of those rows), the rest from the store."""
    unique = sorted({i.value: i for i in iris}.values(), key=lambda n: n.value)
    out = {i.value: Label(i.value) for i in unique}
    index = kept_index(store, base) if base is not None and unique else None
    if index is not None:
        rest = []
        for i in unique:
            named = index.entities.get(i.value)
            if named is None:
                rest.append(i)
            else:
                out[i.value] = Label(i.value, named.zh, named.en, list(named.types))
        unique = rest
    if not unique:
        return out
    sparql = queries.with_values("labels", ["entity"], ([i] for i in unique))
    for row in solutions(store.query(sparql)):
        item = out[row["entity"].value]
        label, typ = row["label"], row["type"]
        if isinstance(label, Literal):
            if label.language == "zh" and item.zh is None:
                item.zh = label.value
            elif label.language == "en" and item.en is None:
                item.en = label.value
        if isinstance(typ, NamedNode) and typ.value not in item.types:
            item.types.append(typ.value)
    _name_figures(store, [i for i in out.values() if KG.Figure.value in i.types])
    return out


def _name_figures(store: Store, figures: list[Label]) -> None:
    """Name each figure without a label by what it measures and whose it is (签约资金 of
    2024中国产业转移发展对接活动: ``figure.name``), in each language - the other language's
    words where one has none - rather than by its IRI."""
    unnamed = {f.iri: f for f in figures if f.zh is None and f.en is None}
    if not unnamed:
        return
    sparql = queries.with_values("figure-names", ["entity"], ([NamedNode(i)] for i in unnamed))
    words: dict[str, dict[str, dict[str, str]]] = {}  # figure -> measure/owner -> lang -> text
    for row in solutions(store.query(sparql)):
        found = words.setdefault(row["entity"].value, {"measure": {}, "owner": {}})
        for part, term in (("measure", row["measure"]), ("owner", row["ownerLabel"])):
            if isinstance(term, Literal) and term.language in ("zh", "en"):
                found[part].setdefault(term.language, term.value)
    for iri, found in words.items():
        measure, owner = found["measure"], found["owner"]
        if not measure:
            continue
        for lang, other in (("zh", "en"), ("en", "zh")):
            what = measure.get(lang) or measure[other]
            whose = owner.get(lang) or owner.get(other)
            said = say("figure.name", lang, measure=what, owner=whose) if whose else what
            setattr(unnamed[iri], lang, said)


def _region_short_form(store: Store, name: str) -> list[NamedNode]:
    """The regions whose name is ``name`` and one of the suffixes the gazetteer drops to
    make a province's or city's short form (广东 -> 广东省, 北京 -> 北京市)."""
    if len(name) < 2 or not any("\u4e00" <= c <= "\u9fff" for c in name):
        return []
    spellings = [
        spelled
        for suffix in PLACE_SUFFIXES
        for spelled in (Literal(name + suffix, language="zh"), Literal(name + suffix))
    ]
    exact = queries.get("find-by-exact-name") + queries.values(["label"], ([s] for s in spellings))
    return _entities(store.query(exact, bindings={"class": KG.Region}))


def _named_exactly(store: Store, name: str, cls: NamedNode) -> list[NamedNode]:
    """The entities of ``cls`` with a label, alias or short name ``name`` (zh, en or
    untagged): ``find-by-exact-name.rq``, index lookups."""
    spellings = [Literal(name, language="zh"), Literal(name, language="en"), Literal(name)]
    exact = queries.get("find-by-exact-name") + queries.values(["label"], ([s] for s in spellings))
    return _entities(store.query(exact, bindings={"class": cls}))


def _regions_named(store: Store, name: str) -> list[NamedNode]:
    """The regions called ``name``, in full or by a short form (:func:`_region_short_form`)."""
    return _named_exactly(store, name, KG.Region) or _region_short_form(store, name)


def _called(store: Store, minter: Minter, name: str, cls: NamedNode) -> list[NamedNode]:
    """The entities of ``cls`` that ``name`` calls: those of that label, alias or short name
    (a region also by the short form the gazetteer knows: 广东), else those of that name
    ignoring case, in the name index search uses too; else, a region, the provinces and
    cities ``name`` spells whole in pinyin (:meth:`kg.names.NameIndex.spelled_places`:
    Nanjing one, Fuzhou two - 福州市 and 抚州市); else the places search reads ``name`` as,
    written after a region they lie in - those it names best, by name or its start
    (:meth:`kg.names.NameIndex.placed`: 南京市鼓楼区, 福州鼓楼 and nanjing gulou each one
    鼓楼区, jiangsu gulou two)."""
    region = cls == KG.Region
    found = _regions_named(store, name) if region else _named_exactly(store, name, cls)
    if found:
        return found
    index = index_for(store, minter.prefix)
    found = _nodes(index.named(name))
    if region and not any(_is_a(store, f, cls) for f in found):
        found = _nodes(index.spelled_places(name)) or _nodes(
            index.placed(name, lambda types: kind_of(types) == "region")
        )
    return found


def _suggested(store: Store, minter: Minter, name: str, cls: NamedNode) -> list[dict[str, object]]:
    """The search hits of ``cls`` to suggest for a name nothing of it is called: those of
    the name, else - a name in Chinese mistyped by a character of the same sound (南京古楼区,
    哈尔宾) - those of its pinyin (:func:`kg.names.spoken`)."""
    for q in (name, spoken(name)):
        hits = [
            h
            for h in (search(store, minter, q, limit=30) if q else [])
            if _is_a(store, NamedNode(str(h["iri"])), cls)
        ]
        if hits:
            return hits
    return []


def _nodes(iris: Iterable[str]) -> list[NamedNode]:
    return sorted((NamedNode(i) for i in iris), key=lambda n: n.value)


def resolve(
    store: Store,
    minter: Minter,
    name: str,
    cls: NamedNode,
    what: str,
    prefer: tuple[NamedNode, ...] = (),
    fits: Callable[[NamedNode], bool] | None = None,
) -> NamedNode:
    """An entity of class ``cls`` by IRI, by key (``industry/uav``), or by a zh/en label,
    alias or short name (a region also by the short form the gazetteer knows a province
    or city by: 广东 for 广东省; and by the name of a region it lies in written before its
    own, as search reads it: 南京鼓楼区, 福州鼓楼, nanjing gulou, each one of four 鼓楼区 -
    :func:`_called`). When several share the name and exactly one of them is of a class
    in ``prefer`` (an industry, not the chain segment or GB/T class of the same name), that
    one. Unknown or ambiguous names raise with suggestions (:func:`_suggested`, each as it
    can be asked for: :func:`_hints`); ``what`` names the class in them, a ``kind.*`` (or
    ``noun.*``) key of the catalogue (``kind.region``). With ``fits``, a suggestion must
    lead somewhere: only those ``fits`` keeps are suggested (say, industries the match has
    candidates for); when it keeps none of the first :data:`FITS_TRIED`, the error names
    them as having no results."""
    noun = Key(what)
    name = name.strip()
    if not name:
        raise BadRequest(key="error.name.empty", values={"what": noun})
    if name.startswith(("http://", "https://")):
        candidates = [named_node(name, say(what, "en"))]
    elif "/" in name and " " not in name:
        try:
            candidates = [minter.entity(name)]
        except BadRequest:
            candidates = []
    else:
        candidates = _called(store, minter, name, cls)
    known = [c for c in candidates if _is_a(store, c, cls)]
    if len(known) > 1 and prefer:
        preferred = [c for c in known if any(_is_a(store, c, p) for p in prefer)]
        known = preferred if len(preferred) == 1 else known
    if len(known) == 1:
        return known[0]
    if len(known) > 1:
        told = _told_apart(store, known, is_pinyin_query(name))
        named = ", ".join(told)
        if cls == KG.Region:
            raise BadRequest(
                key="error.name.ambiguous.region",
                values={"what": noun, "name": name, "named": named},
                details=told,
            )
        raise BadRequest(
            key="error.name.ambiguous",
            values={"what": noun, "name": name, "named": named},
            details=told,
        )
    index = index_for(store, minter.prefix)
    suggested = _suggested(store, minter, name, cls)
    suggested.sort(key=lambda h: not any(_is_a(store, NamedNode(str(h["iri"])), p) for p in prefer))
    if fits is not None:
        tried = suggested[:FITS_TRIED]
        kept_ = [h for h in tried if fits(NamedNode(str(h["iri"])))]
        if tried and not kept_:
            raise NotFound(
                key="error.name.none.fruitless",
                values={
                    "what": noun,
                    "name": name,
                    "hints": _hints(tried, index),
                },
            )
        suggested = kept_
    hints = _hints(suggested, index)
    raise NotFound(
        key="error.name.none.hint" if hints else "error.name.none",
        values={"what": noun, "name": name, "hints": hints},
    )


def part_of(
    store: Store, entities: Sequence[NamedNode], base: str | None = None
) -> dict[str, list[Label]]:
    """The places each entity is directly part of (``kg:partOf``), labelled, in one query:
    what tells apart regions of one name (鼓楼区 in 南京市, in 福州市 ...)."""
    if not entities:
        return {}
    sparql = queries.with_values("part-of", ["entity"], ([e] for e in entities))
    parents: dict[str, list[NamedNode]] = {}
    for row in solutions(store.query(sparql)):
        parents.setdefault(row["entity"].value, []).append(row["parent"])
    named = labels(store, [p for ps in parents.values() for p in ps], base)
    return {
        e: sorted((named[p.value] for p in ps), key=lambda lab: (lab.label, lab.iri))
        for e, ps in parents.items()
    }


# How far :func:`part_of_en` looks up for a place named in English: a county's city, its
# province (a district of a municipality: 北京市 is the next up).
EN_ABOVE = 3


def part_of_en(
    store: Store, within: Mapping[str, Sequence[Label]], base: str | None = None
) -> dict[str, list[str]]:
    """:func:`part_of`'s places in English (``part_of_en``): each by its English label;
    one without - kg names a city or a district in Chinese only, and makes up no English
    name for it - by its Chinese label, as other ``*_en`` words fall back to the Chinese
    (:func:`kg.messages.label`), and then the nearest place above it that has one
    (南京市, Jiangsu Province), if one does within :data:`EN_ABOVE` steps."""
    words = {p.iri: p.en or p.label for ps in within.values() for p in ps}
    # each place without an English label -> the place reached above it, step by step
    todo = {p.iri: p.iri for ps in within.values() for p in ps if not p.en}
    for _ in range(EN_ABOVE):
        if not todo:
            break
        up = part_of(store, _nodes(set(todo.values())), base)
        reached = {}
        for iri, at in todo.items():
            parents = up.get(at, [])
            if len(parents) != 1:  # none, or several: no one place to name
                continue
            if parents[0].en:
                words[iri] = f"{words[iri]}, {parents[0].en}"
            else:
                reached[iri] = parents[0].iri
        todo = reached
    return {e: [words[p.iri] for p in ps] for e, ps in within.items()}


@dataclass(frozen=True)
class Within:
    """Where a region lies, as a result names it: the places it is directly part of, in
    Chinese (``part_of``) and in English (``part_of_en``: :func:`part_of_en`), and whether
    other regions share its name (``shared``: 鼓楼区 is one of four), when a heading names
    those places beside it (:meth:`named`)."""

    part_of: list[str] = field(default_factory=list)
    part_of_en: list[str] = field(default_factory=list)
    shared: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"part_of": self.part_of, "part_of_en": self.part_of_en}

    def named(self, name: str, lang: str, *, always: bool = False) -> str:
        """A region's ``name`` (said in ``lang``) with where it lies when the name is shared
        (鼓楼区 · 南京市), or ``always`` (a form's region option names every city or district
        so: :func:`kg.web.choices.region_options`; the headings of ``macros.html``'s
        ``region_name`` always do too).

        >>> w = Within(["南京市"], ["南京市, Jiangsu Province"], shared=True)
        >>> w.named("鼓楼区", "zh"), w.named("鼓楼区", "en")
        ('鼓楼区 · 南京市', '鼓楼区 · 南京市, Jiangsu Province')
        >>> harbin = Within(["黑龙江省"], ["Heilongjiang Province"])
        >>> harbin.named("哈尔滨", "en"), harbin.named("哈尔滨", "zh", always=True)
        ('哈尔滨', '哈尔滨 · 黑龙江省')
        """
        if not (self.shared or always) or not self.part_of:
            return name
        if lang == "en":
            return f"{name} · {', '.join(self.part_of_en)}"
        return f"{name} · {'、'.join(self.part_of)}"


def within(store: Store, region: Label, base: str | None = None) -> Within:
    """Where ``region`` lies (:class:`Within`); whether its name is shared is read from the
    name index of ``base`` (none given: not shared)."""
    parents = part_of(store, [NamedNode(region.iri)], base)
    index = index_for(store, base) if base is not None else None
    return Within(
        [p.label for p in parents.get(region.iri, [])],
        part_of_en(store, parents, base).get(region.iri, []),
        index is not None and len(index.regions_called(region.label)) > 1,
    )


def _told_apart(store: Store, entities: list[NamedNode], english: bool = False) -> list[str]:
    """Each entity of one name as an ambiguity lists it: its label, the places it is part
    of (鼓楼区 (南京市) - several regions share a name), its IRI; those places in English
    where they have English names (:func:`part_of_en`) when ``english`` (a name asked for
    in Latin letters: Fuzhou is 福州市 (Fujian Province) or 抚州市 (Jiangxi Province))."""
    within = part_of(store, entities)
    words = (
        part_of_en(store, within)
        if english
        else {e: [p.label for p in ps] for e, ps in within.items()}
    )
    named = labels(store, entities)
    out = []
    for entity in entities:
        parents = words.get(entity.value, [])
        where = f" ({', '.join(parents)})" if parents else ""
        out.append(f"{named[entity.value].label}{where} <{entity.value}>")
    return out


FITS_TRIED = 10  # the suggestions :func:`resolve` tries with ``fits`` (each a query or so)


def _hints(found: Sequence[Mapping[str, object]], index: NameIndex, most: int = 5) -> str:
    """The first ``most`` different names of search hits, for a "did you mean" (an industry
    and the chain segment of the same name are one suggestion); a place of a name other
    regions of ``index`` have too written after the one it lies in, as it can be asked for
    (鼓楼 → 南京市鼓楼区, 福州市鼓楼区), whether or not they are among the hits: a hint never
    names what is itself ambiguous."""

    def hint(h: Mapping[str, object]) -> str:
        within = h.get("part_of") or []
        if within and len(index.regions_called(str(h["label"]))) > 1:
            return f"{within[0]}{h['label']}"  # type: ignore[index]  # a hit's list of names
        return str(h["label"])

    return ", ".join(list(dict.fromkeys(hint(h) for h in found))[:most])


def _entities(result: QueryResult) -> list[NamedNode]:
    return sorted({row["entity"] for row in solutions(result)}, key=lambda n: n.value)


def _is_a(store: Store, entity: NamedNode, cls: NamedNode) -> bool:
    sparql = queries.get("is-a")
    return bool(store.query(sparql, bindings={"entity": entity, "class": cls}))


SEARCH_BATCH = 200  # candidates checked against a region in one query


def check_search_kind(kind: str | None) -> None:
    """Raise :class:`BadRequest` for a ``kind`` a search cannot find (``institute``: the
    kind is ``research-institute``), naming the ones it can; none (``None``, ``""``) is any."""
    if kind:
        check_kinds([kind], SEARCH_KINDS, partners=False)


def search_region(store: Store, minter: Minter, region: str) -> NamedNode | None:
    """The region a search keeps to - the /search page's and ``/api/search``'s, one
    meaning: a region's name or IRI as :func:`resolve` finds it (an unknown or ambiguous
    name its error, with suggestions); ``None`` when none is asked for."""
    return resolve(store, minter, region, KG.Region, "kind.region") if region.strip() else None


def search(
    store: Store,
    minter: Minter,
    q: str,
    *,
    kind: str | None = None,
    region: NamedNode | None = None,
    limit: int = 20,
) -> list[dict[str, object]]:
    """Entities whose name, alias or short name contains ``q`` - or, for a query in Latin
    letters, whose pinyin matches it (``lianhe feiji``, ``hgd``). Exact, then prefix, then
    substring, then pinyin matches, each group by name length; then places written after
    the region they lie in (``nanjing gulou``, 南京鼓楼: the 鼓楼区 of 南京市, by
    :meth:`kg.names.NameIndex.ranked`). With no ``q``, every entity
    of ``kind`` by label (a kind browsed: the /search page's and ``/api/search``'s), and
    none without a kind either. ``region`` keeps only places within it and things located
    there. An unknown ``kind`` is a :class:`BadRequest` (:data:`SEARCH_KINDS`)."""
    check_search_kind(kind)
    q = q.strip()
    if not q and not kind:
        return []
    code = parse_code(q)
    if code is not None and code.level > 1:  # a GB/T 4754 code, however written: C 3741
        q = code.code
    index = index_for(store, minter.prefix)
    entities = index.entities

    def shown(types: tuple[str, ...]) -> bool:  # the kinds asked for, before ranking
        k = kind_of(types)
        return k in SEARCH_KINDS and (not kind or k == kind)

    # The index's postings are in the order of the answer: read only until ``limit`` are
    # found (a name every registry row shares, 有限公司, matches 100,000 entities).
    hits: list[dict[str, object]] = []
    batch: list[tuple[Label, str]] = []

    def flush() -> None:
        nonlocal batch
        if region is not None and batch:
            inside = within_region(store, (NamedNode(b.iri) for b, _ in batch), region)
            batch = [(b, m) for b, m in batch if b.iri in inside]
        # a place says what it lies in: four regions are called 鼓楼区
        within = part_of(
            store, [NamedNode(b.iri) for b, _ in batch if b.kind == "region"], minter.prefix
        )
        within_en = part_of_en(store, within, minter.prefix)
        for b, m in batch:
            hit: dict[str, object] = {**b.to_dict(), "matched": m}
            if b.iri in within:
                hit["part_of"] = [p.label for p in within[b.iri]]
                hit["part_of_en"] = within_en[b.iri]
            hits.append(hit)
        batch = []

    for iri, name in index.ranked(q, shown) if q else index.listed(shown):
        batch.append((_label(entities[iri]), name))
        if len(batch) >= (SEARCH_BATCH if region is not None else limit - len(hits)):
            flush()
            if len(hits) >= limit:
                break
    else:
        flush()
    return hits[:limit]


def within_region(store: Store, entities: Iterable[NamedNode], region: NamedNode) -> set[str]:
    """The IRIs among ``entities`` that are places within ``region`` or located there."""
    wanted = list({e.value: e for e in entities}.values())
    if not wanted:
        return set()
    sparql = queries.with_values("within-region", ["entity"], ([e] for e in wanted))
    rows = store.query(sparql, bindings={"region": region})
    return {row["entity"].value for row in solutions(rows)}


def _label(named: Named) -> Label:
    return Label(named.iri, named.zh, named.en, named.types)


@dataclass
class Evidence:
    source: str | None
    sentence: str | None
    status: str
    assertion: str
    graph: str
    start: int | None = None
    end: int | None = None
    url: str | None = None
    rationale: str | None = None  # an editorial link's why, in Chinese (or untagged)
    rationale_en: str | None = None  # ... and in English
    record: dict[str, object] | None = None  # an imported row: file, sha256, sheet, row, columns
    source_title_zh: str | None = None  # the source document's title (dct:title), each language
    source_title_en: str | None = None
    # the statement has no assertion of its own: this is the sentence of the mention (or the
    # relation) of the same article it was read from, ``assertion`` that one (:func:`_derived`)
    derived: bool = False

    def rationales(self) -> dict[str, str]:
        """An editorial link's rationale as a reason's note carries it: ``rationale`` (in
        Chinese, else English) and ``rationale_en`` (in English, else Chinese)."""
        return {
            "rationale": self.rationale or self.rationale_en or "",
            "rationale_en": self.rationale_en or self.rationale or "",
        }

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "source": self.source,
            "sentence": self.sentence,
            "status": self.status,
            "assertion": self.assertion,
            "graph": self.graph,
        }
        if self.start is not None:
            out.update(start=self.start, end=self.end)
        if self.url:
            out["url"] = self.url
        for key in ("source_title_zh", "source_title_en"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        for key in ("rationale", "rationale_en"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.record:
            out["record"] = self.record
        if self.derived:
            out["derived"] = True
        return out


Fact = tuple[NamedNode, NamedNode, NamedNode | Literal]


def evidence(store: Store, facts: Iterable[Fact]) -> dict[Fact, list[Evidence]]:
    """The evidence of each fact (assertions, their sentences or rationales, imported rows,
    the sentences an article's type and names of an entity rest on: :func:`_derived`),
    from every graph that states it (:func:`statement_evidence`: from one graph)."""
    wanted = list(dict.fromkeys(facts))
    out: dict[Fact, list[Evidence]] = {f: [] for f in wanted}
    if not wanted:
        return out
    found = _evidence(store, ["s", "p", "o"], wanted)
    for key, items in found.items():
        if key in out:
            out[key] = items
    titled(store, (e for items in out.values() for e in items))
    return out


# A statement: a fact in the graph that states it.
Stated = tuple[Fact, NamedNode]


def statement_evidence(store: Store, statements: Iterable[Stated]) -> dict[Stated, list[Evidence]]:
    """The evidence of each statement from its own graph - what :func:`evidence` gives for
    its fact, kept to the statement's graph - in one query for all of them
    (``statement-evidence.rq``; then :func:`_derived` for those that have none), however
    many other graphs state the same fact: the evidence of a page of an entity's statements
    costs what the page holds."""
    wanted = list(dict.fromkeys(statements))
    out: dict[Stated, list[Evidence]] = {w: [] for w in wanted}
    if not wanted:
        return out
    rows = [[s, p, o, g] for (s, p, o), g in wanted]
    sparql = queries.with_values("statement-evidence", ["s", "p", "o", "graph"], rows)
    found = [
        (((row["s"], row["p"], row["o"]), row["graph"]), _evidence_of(row))
        for row in solutions(store.query(sparql))
    ]
    urls = _document_urls(store, {(e.source, key[1].value) for key, e in found if e.source})
    for key, item in found:
        item.url = urls.get((item.source or "", item.graph))
        _add(out[key], item)
    imported_rows = [row for row in rows if is_import_graph(row[3].value)]
    imported = _imported_evidence(store, ["s", "p", "o", "graph"], imported_rows)
    for fact, items in imported.items():
        for item in items:
            key = (fact, NamedNode(item.graph))
            if key in out:
                out[key].append(item)
    bare = [[s, p, o, g] for ((s, p, o), g), items in out.items() if not items]
    for key, item in _derived(store, ["s", "p", "o", "graph"], bare).items():
        out[key].append(item)
    for items in out.values():
        items.sort(key=_evidence_order)
    titled(store, (e for items in out.values() for e in items))
    return out


def titled(store: Store, items: Iterable[Evidence]) -> None:
    """Give each sentence's evidence its source document's titles (``document-titles.rq``,
    one query for all the documents), so that links name the document, not its IRI's slug.
    Documents without a title keep none."""
    items = [e for e in items if e.source and e.sentence]
    docs = sorted({e.source for e in items if e.source})
    if not docs:
        return
    sparql = queries.with_values("document-titles", ["doc"], ([NamedNode(d)] for d in docs))
    titles: dict[str, dict[str, str]] = {}
    for row in solutions(store.query(sparql)):
        title = row["title"]
        if isinstance(title, Literal) and title.language in ("zh", "en"):
            titles.setdefault(row["doc"].value, {}).setdefault(title.language, title.value)
    for e in items:
        found = titles.get(e.source or "", {})
        e.source_title_zh = found.get("zh")
        e.source_title_en = found.get("en")


def graph_sources(store: Store, graphs: Iterable[str]) -> dict[str, Label]:
    """The source document of each graph, named by its titles (``dct:title``, zh and en) as
    :func:`labels` names an entity (``graph-sources.rq``, one query for all): what a page
    names a graph by, not its IRI's slug. A graph of no source document is left out."""
    wanted = sorted(set(graphs))
    if not wanted:
        return {}
    out: dict[str, Label] = {}
    sparql = queries.with_values("graph-sources", ["graph"], ([NamedNode(g)] for g in wanted))
    for row in solutions(store.query(sparql)):
        found = out.setdefault(row["graph"].value, Label(row["doc"].value))
        title = row["title"]
        lang = title.language if isinstance(title, Literal) else None
        if lang in ("zh", "en") and getattr(found, lang) is None:
            setattr(found, lang, title.value)
    return out


def _document_urls(store: Store, docs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The address of each (document, graph) as that graph states it."""
    rows = [[NamedNode(doc), NamedNode(graph)] for doc, graph in sorted(docs)]
    if not rows:
        return {}
    sparql = queries.with_values("document-urls", ["doc", "graph"], rows)
    return {
        (row["doc"].value, row["graph"].value): row["url"].value
        for row in solutions(store.query(sparql))
    }


def evidence_about(store: Store, subjects: Iterable[NamedNode]) -> dict[Fact, list[Evidence]]:
    """The evidence of every fact whose subject is one of ``subjects`` (facts without
    evidence are left out): one query for many entities, as exports read them."""
    wanted = list(dict.fromkeys(subjects))
    if not wanted:
        return {}
    return _evidence(store, ["s"], [[s] for s in wanted])


def _evidence(
    store: Store, variables: list[str], rows: list[Fact] | list[list[NamedNode]]
) -> dict[Fact, list[Evidence]]:
    """Evidence found by ``evidence.rq``, ``import-evidence.rq`` and :func:`_derived` for
    ``VALUES`` rows binding ``?s`` (and perhaps ``?p``, ``?o``)."""
    out: dict[Fact, list[Evidence]] = {}
    sparql = queries.with_values("evidence", variables, rows)
    for row in solutions(store.query(sparql)):
        item = _evidence_of(row)
        item.url = row["url"].value if row["url"] else None
        _add(out.setdefault((row["s"], row["p"], row["o"]), []), item)
    for key, items in _imported_evidence(store, variables, rows).items():
        out.setdefault(key, []).extend(items)
    for (fact, _), item in _derived(store, variables, rows).items():
        out.setdefault(fact, []).append(item)
    for items in out.values():
        items.sort(key=_evidence_order)
    return out


def _derived(
    store: Store, variables: list[str], rows: Sequence[Sequence[NamedNode | Literal]]
) -> dict[Stated, Evidence]:
    """The evidence of what an ingested article's graph derives from its mentions of an
    entity - its type, its names - and states with no assertion of its own
    (``derived-evidence.rq``, for ``VALUES`` rows binding ``?s`` and perhaps ``?p``, ``?o``
    and ``?graph``): one sentence of that graph's assertions about the entity, the one
    mentioning it first (its type was read off that mention), else the first of them. A
    name's only among those that write it (the X（简称Y） that declares Y): none when none
    does (a full name the gazetteer knows for the one the article writes), which its
    statement says as before. Each is the evidence of the assertion whose sentence it is,
    with that assertion's status."""
    if not rows:
        return {}
    sparql = queries.with_values("derived-evidence", variables, rows)
    found: dict[Stated, tuple[tuple[bool, int, str], Evidence]] = {}
    for row in solutions(store.query(sparql)):
        item, value = replace(_evidence_of(row), derived=True), row["o"]
        if isinstance(value, Literal) and value.value not in (item.sentence or ""):
            continue
        key = ((row["s"], row["p"], value), row["graph"])
        rank = (row["said"] != SCHEMA.mentions, item.start or 0, item.assertion)
        if key not in found or rank < found[key][0]:
            found[key] = (rank, item)
    picked = {key: item for key, (_, item) in found.items()}
    urls = _document_urls(store, {(e.source, e.graph) for e in picked.values() if e.source})
    for item in picked.values():
        item.url = urls.get((item.source or "", item.graph))
    return picked


def _evidence_of(row: QuerySolution) -> Evidence:
    """An assertion's evidence from a row of ``evidence.rq``, ``statement-evidence.rq`` or
    ``derived-evidence.rq``: a row per rationale, each language its own (:func:`_add` joins
    them)."""
    start, end = row["start"], row["end"]
    why = row["rationale"]
    return Evidence(
        source=row["doc"].value if row["doc"] else None,
        sentence=row["text"].value if row["text"] else None,
        status=_status(row["status"]),
        assertion=row["assertion"].value,
        graph=row["graph"].value,
        start=int(start.value) if start else None,
        end=int(end.value) if end else None,
        **({rationale_field(why): why.value} if why is not None else {}),
    )


def rationale_field(why: object) -> str:
    """The field an editorial rationale's text goes in (an evidence item's, a class link's):
    ``rationale_en`` for an English one, ``rationale`` for a Chinese (or untagged) one.

    >>> rationale_field(Literal("…", language="en")), rationale_field(Literal("…", language="zh"))
    ('rationale_en', 'rationale')
    """
    return "rationale_en" if isinstance(why, Literal) and why.language == "en" else "rationale"


def _add(items: list[Evidence], item: Evidence) -> None:
    """Add a row's evidence to a fact's, joining an editorial assertion's rationales: the
    query gives one row per language, the answer one item with ``rationale`` (Chinese)
    and ``rationale_en``."""
    if item.sentence is None and (item.rationale or item.rationale_en):
        for seen in items:
            if (
                seen.assertion == item.assertion
                and seen.graph == item.graph
                and seen.sentence is None
            ):
                seen.rationale = seen.rationale or item.rationale
                seen.rationale_en = seen.rationale_en or item.rationale_en
                return
    items.append(item)


def _evidence_order(e: Evidence) -> tuple[str, str, int, str]:
    return (e.graph, e.source or "", e.start or 0, e.assertion)


def _imported_evidence(
    store: Store, variables: list[str], rows: Sequence[Sequence[NamedNode | Literal]]
) -> dict[Fact, list[Evidence]]:
    """The rows of imported tables that facts rest on (``import-evidence.rq``, for
    ``VALUES`` rows binding ``?s`` and perhaps ``?p``, ``?o`` and ``?graph``): file with its
    SHA-256, sheet, row, the column(s) giving the property and their verbatim cells.
    The facts' ``VALUES`` go first, so the engine starts from them: joined at the end, it
    matched every imported record first (minutes with 100,000 imported enterprises)."""
    if not rows:
        return {}
    sparql = queries.with_values("import-evidence", variables, rows)
    found: dict[tuple[Fact, str], Evidence] = {}
    for row in solutions(store.query(sparql)):
        key = (row["s"], row["p"], row["o"])
        record = row["record"].value
        item = found.get((key, record))
        column = row["column"].value
        if item is None:
            item = found[(key, record)] = Evidence(
                source=row["doc"].value,
                sentence=None,
                status=_status(row["status"]),
                assertion=record,
                graph=row["graph"].value,
                record={
                    "file": row["file"].value,
                    "sha256": row["sha256"].value,
                    "sheet": row["sheet"].value if row["sheet"] else None,
                    "row": int(row["row"].value),
                    "columns": [],
                    "cells": {},
                },
            )
        record_info = item.record or {}
        columns = record_info["columns"]
        assert isinstance(columns, list)
        if column not in columns:
            columns.append(column)
    cells = _record_cells(store, {(item.assertion, item.graph) for item in found.values()})
    for item in found.values():
        if item.record is not None:
            item.record["cells"] = cells.get((item.assertion, item.graph), {})
    out: dict[Fact, list[Evidence]] = {}
    for (key, _), item in found.items():
        out.setdefault(key, []).append(item)
    return out


def _record_cells(store: Store, records: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """The verbatim cells of each (record, graph), read apart (``import-cells.rq``): as an
    ``OPTIONAL`` of ``import-evidence.rq`` the engine read every record's cells first."""
    if not records:
        return {}
    rows = [[NamedNode(record), NamedNode(graph)] for record, graph in sorted(records)]
    sparql = queries.with_values("import-cells", ["record", "graph"], rows)
    return {
        (row["record"].value, row["graph"].value): json.loads(row["cells"].value)
        for row in solutions(store.query(sparql))
    }


def _status(term: NamedNode) -> str:
    return term.value[len(KG_NS) :] if term.value.startswith(KG_NS) else term.value


@dataclass
class Statement:
    """One value of an entity's direction and predicate: how many statements (graphs) state
    it, and the evidence of the first of them (``graphs``; the rest on the value's own
    page, :attr:`Paging.value`). ``graph`` is the first of ``graphs``."""

    direction: str
    predicate: str
    value: str
    value_kind: str  # "iri", "literal" or "blank"
    graph: str | None
    language: str | None = None
    datatype: str | None = None
    label: str | None = None
    label_en: str | None = None  # an IRI value's English label, when it has one
    evidence: list[Evidence] = field(default_factory=list)
    count: int = 1  # the graphs that state it
    graphs: list[str] = field(default_factory=list)  # those whose evidence is held
    term: str = ""  # the value as an N-Triples term: ``value=`` of its own page

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "direction": self.direction,
            "predicate": self.predicate,
            "value": self.value,
            "type": self.value_kind,
            "graph": self.graph,
            "count": self.count,
            "graphs": self.graphs,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        for key in ("language", "datatype", "label", "label_en", "term"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


HIDDEN = {RDFS.label.value, SKOS.prefLabel.value}


# Values of one direction and predicate that a description holds at most (the entity
# page's first page of each group; the rest a page at a time), and the graphs stating one
# value whose evidence it holds (the rest on the value's own page, a page at a time).
PER_GROUP = 20
MAX_PER_GROUP = 500  # the most values of a group one description holds
EVIDENCE_GRAPHS = 3
DIRECTIONS = ("out", "in")


Term = NamedNode | Literal


def parse_term(text: str, what: str = "value") -> Term:
    """An IRI or literal written as an N-Triples term (``<https://...>``, ``"习主席"@zh``,
    ``"3"^^<http://www.w3.org/2001/XMLSchema#integer>``): how a value's own page names
    it. :class:`BadRequest` for anything else.

    >>> parse_term('"习主席"@zh')
    <Literal value=习主席 language=zh>
    >>> parse_term('<a> <b> <c>')
    Traceback (most recent call last):
    ...
    kg.errors.BadRequest: value: '<a> <b> <c>' is not one IRI or literal in N-Triples syntax
    """
    problem = BadRequest(f"{what}: {text[:120]!r} is not one IRI or literal in N-Triples syntax")
    if "\n" in text or "\r" in text:
        raise problem
    try:
        quads = list(parse(f"<urn:x:s> <urn:x:p> {text} .", RdfFormat.N_TRIPLES))
    except (SyntaxError, ValueError):
        raise problem from None
    if len(quads) != 1 or not isinstance(quads[0].object, NamedNode | Literal):
        raise problem
    return quads[0].object


@dataclass(frozen=True)
class Paging:
    """Which values of an entity a description holds: for every direction and predicate
    the first ``per_group`` (``None``: all); or, with ``predicate`` and ``direction``, page
    ``page`` of that group alone; or, with ``value`` too (an N-Triples term), page ``page``
    of the graphs stating that value, ``per_group`` of them a page."""

    per_group: int | None = PER_GROUP
    predicate: str | None = None
    direction: str | None = None
    page: int = 1
    value: str | None = None

    @classmethod
    def parse(
        cls,
        predicate: str | None = None,
        direction: str | None = None,
        page: int | str | None = None,
        limit: int | str | None = None,
        value: str | None = None,
    ) -> Paging:
        """From request parameters (``?predicate=&direction=&value=&page=&limit=``), checked
        (the page as every page number is, :func:`kg.paging.page_number`)."""
        number = page_number(page)
        try:
            per_group = int(limit) if limit not in (None, "") else PER_GROUP
        except (TypeError, ValueError):
            per_group = 0
        if not 1 <= per_group <= MAX_PER_GROUP:
            raise BadRequest(key="error.limit", values={"most": MAX_PER_GROUP})
        if direction not in (None, "", *DIRECTIONS):
            raise BadRequest(key="error.direction")
        if predicate:
            named_node(predicate, "predicate")
        elif direction or number > 1 or value:
            raise BadRequest(key="error.page.predicate")
        if value:
            value = str(parse_term(value))
        return cls(
            per_group,
            predicate or None,
            (direction or "out") if predicate else None,
            number,
            value or None,
        )


@dataclass(frozen=True)
class Group:
    """An entity's values of one direction and predicate: how many there are (``count``)
    and how many statements state them (``statements``), and which values (``offset``,
    ``shown``) a description holds. With ``value``, the graphs stating that one value:
    ``count`` of them, ``shown`` from ``offset`` on."""

    direction: str
    predicate: str
    count: int
    offset: int
    shown: int
    per_group: int | None
    statements: int = 0
    value: str | None = None

    @property
    def page(self) -> int:
        return self.offset // self.per_group + 1 if self.per_group else 1

    @property
    def pages(self) -> int:
        return page_count(self.count, self.per_group) if self.per_group else 1

    @property
    def partial(self) -> bool:
        """Not every value (or graph) of the group is held."""
        return self.shown < self.count

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "direction": self.direction,
            "predicate": self.predicate,
            "count": self.count,
            "statements": self.statements,
            "offset": self.offset,
            "shown": self.shown,
            "page": self.page,
            "pages": self.pages,
        }
        if self.value is not None:
            out["value"] = self.value
        return out


@dataclass
class Description:
    """One entity: its labels and types, and its values (both directions, a page of each
    direction and predicate: ``groups`` says how many there are), each with how many graphs
    state it and the evidence of the first of them."""

    label: Label
    statements: list[Statement]
    groups: list[Group] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            **self.label.to_dict(),
            "types": self.label.types,
            "statements": [
                s.to_dict() for s in self.statements if s.predicate not in HIDDEN or s.language
            ],
            "groups": [g.to_dict() for g in self.groups],
        }


def describe(
    store: Store, entity: NamedNode, paging: Paging | None = None, base: str | None = None
) -> dict[str, object]:
    """One entity: labels, kind and its values with their evidence, a page of each
    direction and predicate (the JSON of :func:`description`)."""
    return description(store, entity, paging, base).to_dict()


def statement_counts(store: Store, entity: NamedNode) -> dict[tuple[str, str], int]:
    """How many statements ``entity`` has per (direction, predicate IRI)."""
    sparql = queries.with_values("statement-counts", ["entity"], [[entity]])
    return {
        (row["direction"].value, row["p"].value): int(row["n"].value)
        for row in solutions(store.query(sparql))
    }


Values = list[tuple[Term | BlankNode, int]]  # a group's values, each with its graphs' count
MENTIONED = ("in", SCHEMA.mentions.value)  # the group of the things that mention an entity
MENTIONS_KEY = "mention-index"


def statement_values(
    store: Store, entity: NamedNode, predicate: str | None = None
) -> dict[tuple[str, str], Values]:
    """The values ``entity`` has per (direction, predicate IRI), each with how many graphs
    state it, in the order of the entity page (IRIs before literals, then by value,
    language, datatype); of ``predicate`` only when given. The things that mention it come
    from :func:`mentions` (the group that grows with the news), the rest from
    ``statement-values.rq``. The lists may be shared: read them, do not change them."""
    if predicate is None:
        sparql = queries.with_values("statement-values", ["entity"], [[entity]])
    else:
        sparql = queries.with_values(
            "statement-values", ["entity", "p"], [[entity, NamedNode(predicate)]]
        )
    out: dict[tuple[str, str], Values] = {}
    for row in solutions(store.query(sparql)):
        key = (row["direction"].value, row["p"].value)
        out.setdefault(key, []).append((row["o"], int(row["n"].value)))
    for found in out.values():
        found.sort(key=lambda value: _order(value[0]))
    if predicate in (None, MENTIONED[1]):
        mentioning = mentions(store, entity)
        if mentioning:
            out[MENTIONED] = mentioning
    return dict(sorted(out.items()))


def mentions(store: Store, entity: NamedNode) -> Values:
    """The things that mention ``entity`` (``?o schema:mentions ?entity``), each with how
    many graphs state it, in the order of :func:`statement_values`: from the mention index
    of the store's version when it is built (:func:`mention_index`), else read for this
    entity alone (``mentions.rq``) - so that the page of the entity the most news mention
    reads the 20 it shows, not the 620 there are."""
    index: dict[str, Values] | None = kept(store, MENTIONS_KEY)
    if index is not None:
        return index.get(entity.value, [])
    sparql = queries.with_values("mentions", ["entity"], [[entity]])
    found: Values = [(row["o"], int(row["n"].value)) for row in solutions(store.query(sparql))]
    found.sort(key=lambda value: _order(value[0]))
    return found


def mention_index(store: Store) -> dict[str, Values]:
    """Entity IRI -> the things that mention it, as :func:`mentions` gives them, for every
    entity: read once per store version (``mentions.rq``, 29,382 mentions of 5,806 entities
    in 0.3 s of CPU on the whole corpus), in the background by the server (see
    :mod:`kg.web.warm`)."""
    return per_version(store, MENTIONS_KEY, _read_mentions)


def _read_mentions(store: Store) -> dict[str, Values]:
    out: dict[str, Values] = {}
    for row in solutions(store.query(queries.get("mentions"))):
        if isinstance(row["entity"], NamedNode):
            out.setdefault(row["entity"].value, []).append((row["o"], int(row["n"].value)))
    for found in out.values():
        found.sort(key=lambda value: _order(value[0]))
    return out


def statement_graphs(store: Store, facts: Iterable[Fact]) -> dict[Fact, list[str]]:
    """The graphs that state each fact, in order, read in one query
    (``statement-graphs.rq``: a fact stated by hundreds of graphs is one row)."""
    wanted = list(dict.fromkeys(facts))
    out: dict[Fact, list[str]] = {f: [] for f in wanted}
    if not wanted:
        return out
    sparql = queries.with_values("statement-graphs", ["s", "p", "o"], wanted)
    for row in solutions(store.query(sparql)):
        out[(row["s"], row["p"], row["o"])] = sorted(row["graphs"].value.split(" "))
    return out


def _order(o: Term | BlankNode) -> tuple[int, str, str, str]:
    """The order of a group's values: IRIs before literals (as SPARQL orders them), then by
    value, language or datatype."""
    if isinstance(o, Literal):
        return (1, o.value, o.language or "", o.datatype.value)
    return (0, o.value, "", "")


def description(
    store: Store, entity: NamedNode, paging: Paging | None = None, base: str | None = None
) -> Description:
    """One entity: labels, kind and its values with their evidence - of each direction
    and predicate the values ``paging`` asks for (by default the first
    :data:`PER_GROUP`), in the order of their values, each with how many graphs state it
    and the evidence of the first :data:`EVIDENCE_GRAPHS` of them; or the graphs of one
    value a page at a time. Only the values held are read with their labels, graphs and
    evidence, so that an entity the whole corpus mentions costs what a small one does.
    With ``base`` (the minter's prefix) the labels of the values kg minted come from the
    name index when it is built (see :func:`labels`)."""
    paging = paging or Paging()
    found = statement_values(store, entity, paging.predicate)
    if paging.predicate is not None:
        key = (paging.direction or "out", paging.predicate)
        if key not in found:
            if not found and not statement_counts(store, entity):
                raise NotFound(key="error.entity.none", values={"iri": entity.value})
            raise NotFound(
                key="error.statements.none.in" if key[0] == "in" else "error.statements.none",
                values={"iri": entity.value, "predicate": key[1]},
            )
        found = {key: found[key]}
    elif not found:
        raise NotFound(key="error.entity.none", values={"iri": entity.value})
    size = paging.per_group
    offset = (paging.page - 1) * size if size else 0
    if paging.value is not None:
        return _one_value(store, entity, paging, found, offset, base)
    groups: list[Group] = []
    held: list[tuple[str, NamedNode, Term | BlankNode, int]] = []
    for (direction, p), values in found.items():
        if offset and offset >= len(values):
            raise NotFound(
                key="error.values.beyond.in" if direction == "in" else "error.values.beyond",
                values={"iri": entity.value, "n": len(values), "predicate": p, "page": paging.page},
            )
        page = window(values, offset, size) if size else values
        held.extend((direction, NamedNode(p), o, n) for o, n in page)
        total = sum(n for _, n in values)
        groups.append(Group(direction, p, len(values), offset, len(page), size, total))
    facts = [
        None if isinstance(o, BlankNode) else _fact(entity, direction, p, o)
        for direction, p, o, _ in held
    ]
    graphs = statement_graphs(store, (f for f in facts if f is not None))
    statements = [
        (_statement(direction, p, o, n, graphs[f][:EVIDENCE_GRAPHS] if f else []), f)
        for (direction, p, o, n), f in zip(held, facts, strict=True)
    ]
    _fill(store, statements, base)
    lab = labels(store, [entity])[entity.value]
    return Description(lab, [st for st, _ in statements], groups)


def _one_value(
    store: Store,
    entity: NamedNode,
    paging: Paging,
    found: dict[tuple[str, str], Values],
    offset: int,
    base: str | None = None,
) -> Description:
    """A page of the graphs stating one value (``paging.value``) of one group."""
    assert paging.value is not None and paging.predicate is not None
    ((direction, p),) = found
    o = parse_term(paging.value)
    if not any(v == o for v, _ in found[(direction, p)]):
        raise NotFound(
            key="error.statement.none.in" if direction == "in" else "error.statement.none",
            values={"iri": entity.value, "predicate": p, "value": paging.value},
        )
    fact = _fact(entity, direction, NamedNode(p), o)
    stating = statement_graphs(store, [fact])[fact]
    size = paging.per_group
    if offset and offset >= len(stating):
        raise NotFound(
            key="error.graphs.beyond",
            values={"n": len(stating), "value": paging.value, "page": paging.page},
        )
    page = window(stating, offset, size) if size else stating
    statement = _statement(direction, NamedNode(p), o, len(stating), page)
    _fill(store, [(statement, fact)], base)
    group = Group(direction, p, len(stating), offset, len(page), size, len(stating), paging.value)
    return Description(labels(store, [entity])[entity.value], [statement], [group])


def _fact(entity: NamedNode, direction: str, p: NamedNode, o: Term) -> Fact:
    """The fact of a value: the entity as subject (out) or object (in)."""
    if direction == "out":
        return (entity, p, o)
    assert isinstance(o, NamedNode)  # the subject of a statement naming the entity
    return (o, p, entity)


def _statement(
    direction: str, p: NamedNode, o: Term | BlankNode, count: int, graphs: list[str]
) -> Statement:
    """A value's statement, ``graphs`` those whose evidence it holds."""
    first = graphs[0] if graphs else None
    if isinstance(o, NamedNode):
        return Statement(
            direction, p.value, o.value, "iri", first, count=count, graphs=graphs, term=str(o)
        )
    if isinstance(o, Literal):
        return Statement(
            direction,
            p.value,
            o.value,
            "literal",
            first,
            language=o.language or None,
            datatype=None if o.language else o.datatype.value,
            count=count,
            graphs=graphs,
            term=str(o),
        )
    return Statement(direction, p.value, o.value, "blank", first, count=count, graphs=graphs)


def _fill(store: Store, held: list[tuple[Statement, Fact | None]], base: str | None) -> None:
    """The labels of the statements' linked entities (those kg minted from the name index
    with ``base``) and the evidence of their graphs, each statement with its fact
    (``None``: a blank node's, which has none), in one query."""
    names = labels(store, [NamedNode(st.value) for st, _ in held if st.value_kind == "iri"], base)
    stated = [
        [(fact, NamedNode(g)) for g in st.graphs] if fact is not None else [] for st, fact in held
    ]
    found = statement_evidence(store, (s for each in stated for s in each))
    for (st, _), each in zip(held, stated, strict=True):
        if st.value_kind == "iri" and names[st.value].label != st.value:
            st.label = names[st.value].label
            st.label_en = names[st.value].en
        for key in each:
            st.evidence.extend(found[key])


def is_kind(label: Label, kinds: Iterable[str]) -> bool:
    wanted = set(kinds)
    return not wanted or label.kind in wanted


__all__ = [
    "KINDS",
    "Description",
    "Evidence",
    "Group",
    "Label",
    "EVIDENCE_GRAPHS",
    "PER_GROUP",
    "SEARCH_KINDS",
    "Paging",
    "check_kinds",
    "check_search_kind",
    "describe",
    "description",
    "evidence",
    "kind_of",
    "evidence_about",
    "labels",
    "mention_index",
    "mentions",
    "resolve",
    "search",
    "parse_term",
    "part_of",
    "part_of_en",
    "statement_counts",
    "statement_evidence",
    "statement_graphs",
    "statement_values",
    "titled",
    "within",
    "within_region",
    "Within",
]
