"""Opening the configured store: a SPARQL server when ``KG_STORE_URL`` is set, else the
embedded store at ``KG_STORE_PATH``."""

from __future__ import annotations

from kg.config import Settings
from kg.store.base import Store
from kg.store.embedded import open_store
from kg.store.remote import RemoteStore


def connect(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name, opened (read-only if asked)."""
    if settings.store_url:
        return RemoteStore.from_settings(settings, read_only=read_only)
    return open_store(settings.store_path, read_only=read_only)
