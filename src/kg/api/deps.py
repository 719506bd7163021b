"""Dependencies: the store, settings and IRI minter of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.config import Settings
from kg.iris import Minter
from kg.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_minter(request: Request) -> Minter:
    return request.app.state.minter


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MinterDep = Annotated[Minter, Depends(get_minter)]
