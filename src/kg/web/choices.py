"""The options of the pages' forms: entities of some classes, labelled and sorted.

A form's region field lists the provinces and macro regions (:data:`TOP_REGIONS`, some 40
options rather than every city and district: 800 options were most of a page's HTML); a
city or district is typed into the field beside it (``place``: a name, pinyin suggestions
as one types, ``static/regions.js``), and the region a page was asked for is among the
options, selected, whatever it is (:func:`region_options`)."""

from __future__ import annotations

from dataclasses import replace

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import Label, Within, labels, within
from kg.iris import Minter
from kg.namespaces import KG
from kg.store import Store, solutions
from kg.store.memo import per_version

REGIONS = (KG.Region,)
TOP_REGIONS = (KG.Province, KG.MacroRegion)  # what a form's region select lists
INDUSTRIES = (KG.Industry, KG.IndustryGroup)
INDUSTRIES_AND_CHAINS = (KG.Industry, KG.IndustryGroup, KG.IndustryChain)
FORMS = (REGIONS, TOP_REGIONS, INDUSTRIES, INDUSTRIES_AND_CHAINS)  # the classes forms offer


def choices(store: Store, classes: tuple[NamedNode, ...]) -> list[Label]:
    """Entities of some classes, labelled and sorted by label: the options of a form's
    select (read once per store version; do not change the list)."""
    return per_version(store, ("choices", classes), lambda s: _choices(s, classes))


def region_options(
    store: Store, selected: str | None, where: Within | None = None
) -> list[Label]:
    """The options of a form's region select: the provinces and macro regions, and the
    region ``selected`` (an IRI) among them when it is a city or district, named with where
    it lies (:meth:`kg.entities.Within.named`; ``where``: what a match answered, else read
    here)."""
    top = choices(store, TOP_REGIONS)
    if not selected or any(r.iri == selected for r in top):
        return top
    chosen = per_version(store, ("choices-by-iri", REGIONS), _regions_by_iri).get(selected)
    if chosen is None:
        return top
    # a city or district says what it lies in (four districts are called 鼓楼区)
    where = where or within(store, chosen)
    if where.part_of:
        # in English when any of it is (a district of no English name: its province's)
        english = bool(chosen.en) or where.part_of_en != where.part_of
        chosen = replace(
            chosen,
            zh=where.named(chosen.label, "zh", always=True),
            en=where.named(chosen.en or chosen.label, "en", always=True) if english else None,
        )
    return sorted([*top, chosen], key=lambda lab: (lab.label, lab.iri))


def industry_options(
    store: Store,
    minter: Minter,
    selected: str | None = None,
    classes: tuple[NamedNode, ...] = INDUSTRIES_AND_CHAINS,
) -> list[Label]:
    """The industries (and chains) a page lists: kg's scheme's, the chain maps' and the
    registries' - not each sector news extraction named (a corpus names some 1,600, noise
    among them) - and the one ``selected`` (an IRI), whatever it is: an extracted sector's
    page links its match."""
    every = choices(store, classes)
    # a sector minted from its name (Minter.named: extraction's 新能源汽车) is not the scheme's
    return [i for i in every if not minter.is_named(i.iri, ("industry",)) or i.iri == selected]


def with_part_of(store: Store, region: object, where: Within | None = None) -> None:
    """Add to a result's region (a dict with its ``iri``) the places it lies in, zh and en
    (``part_of``, ``part_of_en``: :func:`kg.entities.part_of_en`; ``where``: what a match
    answered, else read here): a page names 鼓楼区 with its city."""
    if not isinstance(region, dict) or not region.get("iri"):
        return
    region.update((where or within(store, Label(str(region["iri"])))).to_dict())


def _regions_by_iri(store: Store) -> dict[str, Label]:
    return {r.iri: r for r in choices(store, REGIONS)}


def place_or_region(place: str, region: str) -> str:
    """The region a form asks for: the city or district typed (``place``), else the region
    chosen in the select.

    >>> place_or_region(" 哈尔滨 ", "https://w3id.org/kg-industry/id/place/heilongjiang")
    '哈尔滨'
    >>> place_or_region("", "https://w3id.org/kg-industry/id/place/heilongjiang")
    'https://w3id.org/kg-industry/id/place/heilongjiang'
    """
    return place.strip() or region


def _choices(store: Store, classes: tuple[NamedNode, ...]) -> list[Label]:
    sparql = queries.get("instances") + queries.values(["class"], ([c] for c in classes))
    found = [row["entity"] for row in solutions(store.query(sparql))]
    return sorted(labels(store, found).values(), key=lambda lab: (lab.label, lab.iri))


__all__ = [
    "FORMS",
    "INDUSTRIES",
    "INDUSTRIES_AND_CHAINS",
    "REGIONS",
    "TOP_REGIONS",
    "choices",
    "industry_options",
    "place_or_region",
    "region_options",
]
