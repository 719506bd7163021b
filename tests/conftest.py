from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.api import create_app
from kg.config import Settings
from kg.iris import Minter
from kg.loading import load_curated
from kg.store import EmbeddedStore, open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        store_path=tmp_path_factory.mktemp("store"),
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
    )


@pytest.fixture(scope="session")
def minter(settings: Settings) -> Minter:
    return Minter(settings.base_iri)


@pytest.fixture(scope="session")
def store(settings: Settings) -> EmbeddedStore:
    """The real curated data, loaded once. Tests must not write to it."""
    s = open_store(None)
    load_curated(s, settings)
    return s


@pytest.fixture
def fresh_store() -> EmbeddedStore:
    return open_store(None)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture(scope="session")
def client(settings: Settings, store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store)) as c:
        yield c
