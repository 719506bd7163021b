"""Dependencies: the store, settings and IRI minter of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.config import Settings
from kg.iris import Minter
from kg.match.cache import ChainIndexes
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


StoreDep = Annotated[Store, Depends(get_store)]
ChainIndexesDep = Annotated[ChainIndexes, Depends(get_chain_indexes)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MinterDep = Annotated[Minter, Depends(get_minter)]
