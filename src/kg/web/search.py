"""The search page: entities by name, alias, short name or pinyin, with kind and region
filters; a kind alone lists that kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.entities import SEARCH_KINDS, Label, check_search_kind, search, search_region
from kg.errors import KGError
from kg.iris import Minter
from kg.store import Store
from kg.web.choices import region_options

KINDS_SHOWN = sorted(SEARCH_KINDS)  # the selector offers every kind the search takes
FOUND = 100  # hits for a name
LISTED = 200  # entities of a kind, without a name


@dataclass(frozen=True)
class Hit:
    """An entity found, and the name it was found by."""

    iri: str
    label: str
    label_en: str | None
    kind: str
    matched: str
    part_of: list[str] = field(default_factory=list)  # a place: what it lies in (zh)
    part_of_en: list[str] = field(default_factory=list)  # ... in English, where named so


@dataclass(frozen=True)
class SearchPage:
    q: str
    kind: str
    region: str  # the region's IRI (as typed when it names none)
    kinds: list[str]  # the kinds to filter by
    regions: list[Label]  # the region select's options
    results: list[Hit]
    error: KGError | None = None  # what was wrong with the form (a region no place is called)


def search_page(
    store: Store, minter: Minter, q: str, kind: str, region: str, error: KGError | None = None
) -> SearchPage:
    """What matches ``q`` (of ``kind``, in ``region``: an IRI or name); with no ``q``, every
    entity of ``kind`` (in ``region``): one search, :func:`kg.entities.search`, as
    ``/api/search``'s. With ``error`` (what was wrong with the form: a kind search does not
    know, a region no place is called): the form again, as asked, and no results."""
    q = q.strip()
    if error is not None:
        regions = region_options(store, region or None)
        return SearchPage(q, kind, region, KINDS_SHOWN, regions, [], error)
    check_search_kind(kind)
    region_node = search_region(store, minter, region)
    found = search(
        store, minter, q, kind=kind or None, region=region_node, limit=FOUND if q else LISTED
    )
    results = [
        Hit(
            str(h["iri"]),
            str(h["label"]),
            str(h["label_en"]) if h["label_en"] else None,
            str(h["kind"]),
            str(h["matched"]),
            [str(p) for p in h.get("part_of", [])],  # type: ignore[attr-defined]  # a hit's list
            [str(p) for p in h.get("part_of_en", [])],  # type: ignore[attr-defined]  # as above
        )
        for h in found
    ]
    if region_node is not None:
        region = region_node.value
    return SearchPage(q, kind, region, KINDS_SHOWN, region_options(store, region or None), results)


__all__ = ["KINDS_SHOWN", "Hit", "SearchPage", "search_page"]
