"""Dependencies: the store, settings and IRI minter of the running app, the page
number of a request, and the query parameters several routes share (``Place``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from kg.config import Settings
from kg.iris import Minter
from kg.match.cache import ChainIndexes
from kg.paging import page_number
from kg.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_minter(request: Request) -> Minter:
    return request.app.state.minter


def get_chain_indexes(request: Request) -> ChainIndexes:
    """The app's chain indexes (made at start-up, warmed in the background)."""
    return request.app.state.chain_indexes


def _whole_from_one(schema: dict[str, object]) -> None:
    """The parameter's schema: a whole number from 1 (read as text, so that a bad one gets
    the one page error rather than the framework's validation message)."""
    schema.clear()
    schema.update({"type": "integer", "minimum": 1, "default": 1, "title": "Page"})


def get_page(
    page: Annotated[
        str | None, Query(description="Which page (1 or more)", json_schema_extra=_whole_from_one)
    ] = None,
) -> int:
    """``?page=`` as every page and API route reads it (:func:`kg.paging.page_number`)."""
    return page_number(page)


StoreDep = Annotated[Store, Depends(get_store)]
ChainIndexesDep = Annotated[ChainIndexes, Depends(get_chain_indexes)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MinterDep = Annotated[Minter, Depends(get_minter)]
PageDep = Annotated[int, Depends(get_page)]

# A city or district by name, as the /match and /chain pages' place field (one parameter, one
# meaning: kg.web.choices.place_or_region)
Place = Annotated[
    str | None,
    Query(
        description="A city or district by name (哈尔滨), as the pages' place field: "
        "it stands for region, and wins over it when both are given"
    ),
]
