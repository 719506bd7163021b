"""The home page (what the graph holds, the latest sources, where to start) and the list
of source documents, a page at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from kg import queries
from kg.chains import list_chains
from kg.entities import KINDS
from kg.iris import Minter
from kg.paging import check_page, page_count, window
from kg.stats import stats
from kg.store import Store, solutions
from kg.store.memo import per_version

HOME_SOURCES = 10  # the latest sources on the home page; /sources has them all
SOURCES_PAGE = 100  # sources per page of /sources
UNCOUNTED = ("figure", "milestone", "goal", "role", "tier")  # parts of things, not things


@dataclass(frozen=True)
class SourceItem:
    """A source document in a list: its metadata and how many facts rest on it."""

    iri: str
    id: str
    label: str  # the Chinese title, else the identifier
    label_en: str | None  # the English title
    title_zh: str | None  # the Chinese title
    publisher: str | None
    date: str
    url: str
    graph: str  # the named graph that holds it
    facts: int


@dataclass(frozen=True)
class HomePage:
    kinds: list[tuple[str, int]]  # entities by kind, most first
    facts: dict[str, int]  # facts by review status
    triples: int
    updated: str | None  # when data was last loaded, as stored (xsd:dateTime)
    sources: list[SourceItem]  # the latest
    source_count: int
    chains: list[dict[str, object]]  # kg.chains.list_chains: each chain, its industry, its size
    updated_utc: tuple[str, str] | None = None  # ``updated`` by :func:`utc_time`, to show


def utc_time(value: str) -> tuple[str, str]:
    """An ``xsd:dateTime`` as (ISO 8601 with its offset, ``YYYY-MM-DD HH:MM`` in UTC), for
    a page to show with its zone; a time without a zone (kg writes none such) stays as it
    is, the second part ``""``: no zone is made up for it.

    >>> utc_time("2026-12-01T15:58:52Z")
    ('2026-12-01T15:58:52+00:00', '2026-12-01 15:58')
    >>> utc_time("2026-12-01T23:58:52+08:00")
    ('2026-12-01T15:58:52+00:00', '2026-12-01 15:58')
    >>> utc_time("2026-12-01T15:58:52")
    ('2026-12-01T15:58:52', '')
    """
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return value, ""
    if when.tzinfo is None:
        return value, ""
    when = when.astimezone(dt.UTC)
    return when.isoformat(), when.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class SourcesPage:
    sources: list[SourceItem]
    total: int
    page: int
    pages: int


def home(store: Store) -> HomePage:
    """Counts by kind, the latest sources, and when data was last loaded (all of it read
    once per store version)."""
    return per_version(store, "home", _home)


def _home(store: Store) -> HomePage:
    figures = stats(store)
    by_kind: dict[str, int] = defaultdict(int)
    entities, facts, triples = figures["entities"], figures["facts"], figures["triples"]
    assert isinstance(entities, dict) and isinstance(facts, dict) and isinstance(triples, int)
    for cls, count in entities.items():
        kind = KINDS.get(cls)
        if kind and kind not in UNCOUNTED:
            by_kind[kind] += count
    all_sources = sources(store)
    rows = list(solutions(store.query(queries.get("last-update"))))
    updated = rows[0]["updated"].value if rows and rows[0]["updated"] is not None else None
    latest = sorted(all_sources, key=lambda s: (s.date, s.id), reverse=True)[:HOME_SOURCES]
    return HomePage(
        kinds=sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])),
        facts=facts,
        triples=triples,
        updated=updated,
        updated_utc=utc_time(updated) if updated else None,
        sources=latest,
        source_count=len(all_sources),
        chains=list_chains(store),
    )


def start_region(minter: Minter, key_or_iri: str) -> str:
    """The IRI of the region the chain form starts on (``KG_HOME_REGION``: an entity key
    such as ``place/heilongjiang``, or an IRI).

    >>> start_region(Minter("https://w3id.org/kg-industry/"), "place/heilongjiang")
    'https://w3id.org/kg-industry/id/place/heilongjiang'
    """
    if key_or_iri.startswith(("http://", "https://")):
        return key_or_iri
    return minter.entity(key_or_iri).value


def sources(store: Store) -> list[SourceItem]:
    """Every source document with its metadata and how many facts rest on it, by date (read
    once per store version; do not change the list)."""
    return per_version(store, "sources", _sources)


def sources_page(store: Store, page_no: int) -> SourcesPage:
    """One page of :func:`sources`, with the number of pages (a page beyond the last is not
    found, as a source page's or an entity's group's)."""
    items = sources(store)
    pages = page_count(len(items), SOURCES_PAGE)
    check_page(page_no, pages, "noun.sources")
    start = (page_no - 1) * SOURCES_PAGE
    return SourcesPage(window(items, start, SOURCES_PAGE), len(items), page_no, pages)


def _sources(store: Store) -> list[SourceItem]:
    return [
        SourceItem(
            iri=row["source"].value,
            id=row["id"].value,
            label=row["title_zh"].value if row["title_zh"] else row["id"].value,
            label_en=row["title_en"].value if row["title_en"] else None,
            title_zh=row["title_zh"].value if row["title_zh"] else None,
            publisher=row["publisher"].value if row["publisher"] else None,
            date=row["date"].value,
            url=row["url"].value,
            graph=row["graph"].value,
            facts=int(row["facts"].value),
        )
        for row in solutions(store.query(queries.get("sources")))
    ]


__all__ = [
    "HOME_SOURCES",
    "SOURCES_PAGE",
    "HomePage",
    "SourceItem",
    "SourcesPage",
    "home",
    "sources",
    "sources_page",
    "start_region",
]
