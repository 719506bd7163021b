from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kg.api import create_app
from kg.api.serving import config
from kg.config import Settings
from kg.iris import Minter
from kg.loading import load_curated
from kg.namespaces import KG, KG_ONTOLOGY
from kg.ontology import Ontology
from kg.store import EmbeddedStore, open_store

ROOT = Path(__file__).resolve().parent.parent


def linked_data(tmp_path: Path, own: tuple[str, ...] = ()) -> Path:
    """A data folder of links to the shipped one, but for the lexicon files named in
    ``own``: left out, for a test to write (a model file of its own, or none)."""
    data = tmp_path / "data"
    data.mkdir()
    for entry in (ROOT / "data").iterdir():
        if entry.name != "lexicon":
            (data / entry.name).symlink_to(entry)
    (data / "lexicon").mkdir()
    for entry in (ROOT / "data" / "lexicon").iterdir():
        if entry.name not in own:
            (data / "lexicon" / entry.name).symlink_to(entry)
    return data


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        store_path=tmp_path_factory.mktemp("store"),
        data_dir=ROOT / "data",
        ontology_dir=ROOT / "ontology",
    )


@pytest.fixture(scope="session")
def news_extractor(settings: Settings) -> Any:
    """The news extractor over the curated data's gazetteer and the shipped lexicon, without
    the statistical NER (rules alone)."""
    from kg.ingest.extract import Extractor
    from kg.ingest.extract.lexicon import load as load_lexicon
    from kg.ingest.gazetteer import Gazetteer

    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    gazetteer = Gazetteer.build(store, settings.data_dir)
    return Extractor(gazetteer, load_lexicon(settings.data_dir / "lexicon"), ner=False)


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: FastAPI, port: int) -> Iterator[str]:
    """Run ``app`` in a real uvicorn server on 127.0.0.1:``port``; yield its base URL.
    Tests get it through the ``serve`` fixture."""
    server = uvicorn.Server(config(app, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def serve() -> object:
    """``with serve(app) as url:`` - the app in a real server on a free port."""
    return lambda app, port=None: serving(app, port or _free_port())


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it receives and closes each
    at once (a client waiting for an answer then fails, so it never hangs)."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.server.settimeout(0.2)
        self.port = int(self.server.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1  # counted before the client can see the close
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A local listener that records every connection (SSRF probes must see none)."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="session")
def free_port() -> object:
    """``free_port()`` - a TCP port nobody listens on."""
    return _free_port


def bench_module(name: str) -> Any:
    """A module of bench/ (the generators of synthetic data), imported by path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="session")
def reliability() -> Any:  # a module
    """``bench/reliability.py``: a real ``kg serve`` in its own process, and its workloads."""
    return bench_module("reliability")


NEWS_ITEMS = 400  # the first items of data/corpus/xwlb-2022-09_2023-06.jsonl


@pytest.fixture(scope="session")
def news_store(reliability: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store (closed) with the curated data and the first 400 items of the
    shipped news corpus ingested: built once per session. Tests that open it for writing
    (``kg serve`` does) work on a copy (``shutil.copytree``)."""
    return reliability.build_store(tmp_path_factory.mktemp("news") / "store", NEWS_ITEMS)  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def registry_export() -> Any:
    """bench/registry_export.py: generated registry exports (names say 合成, credit codes
    no real registration has), for import tests in stores of their own."""
    return bench_module("registry_export")


@pytest.fixture
def ontology_store() -> EmbeddedStore:
    """A fresh store holding the ontology only (for generated data of its own)."""
    store = open_store(None)
    store.replace_graphs({ox.NamedNode(KG_ONTOLOGY): Ontology.from_dir(ROOT / "ontology").triples})
    return store


@pytest.fixture(scope="session")
def synthetic() -> object:
    """``synthetic(n, path=None)``: a store with the ontology and generated data of ``n``
    enterprises (bench/synthetic.py, its own namespace) - a store of its own, never mixed
    with the real data; on disk at ``path`` when given."""
    module = bench_module("synthetic")
    ontology = Ontology.from_dir(ROOT / "ontology")

    def make(n: int, path: Path | None = None) -> EmbeddedStore:
        store = open_store(path)
        store.replace_graphs({ox.NamedNode(KG_ONTOLOGY): ontology.triples})
        store.add_to_graph(
            ox.NamedNode("https://w3id.org/kg-industry/synthetic/graph"),
            [q.triple for q in ox.parse("".join(module.quads(n)), format=ox.RdfFormat.N_QUADS)],
        )
        return store

    return make


@pytest.fixture(scope="session")
def synthetic_store(synthetic: Any) -> EmbeddedStore:
    """Generated chains of 400 enterprises, in a store of their own."""
    return synthetic(400)  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def corpus_store(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The real data with news: the curated facts and the corpus items listed in
    tests/chain-items.txt ingested (unreviewed), in memory, once per session. Tests must
    not write to it."""
    import gzip
    import json

    from kg.ingest import Pipeline

    listed = (ROOT / "tests" / "chain-items.txt").read_text(encoding="utf-8").splitlines()
    wanted, lines = {i for i in listed if i and not i.startswith("#")}, []
    for path in sorted((ROOT / "data" / "corpus").glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
            lines += [line for line in f if json.loads(line)["id"] in wanted]
    assert len(lines) == len(wanted)
    items = tmp_path_factory.mktemp("corpus") / "chain-items.jsonl"
    items.write_text("".join(lines), encoding="utf-8")
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    Pipeline(store, Minter(settings.base_iri), settings.data_dir).run([items])
    return store


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the reports tests record as a ``summary`` property (the W3C suites' "N of M"
    with every failure): recorded properties reach the terminal from xdist workers too."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        for name, text in getattr(report, "user_properties", ()):
            if name == "summary" and report.when == "call":
                terminalreporter.write_sep("-", report.nodeid)
                terminalreporter.write_line(str(text))


def scanned_search(index: Any, q: str) -> list[tuple[str, str]]:
    """What :meth:`kg.names.NameIndex.ranked` answers, by a scan of every name of
    ``index`` and a sort of every match (the implementation before the postings were
    kept in the answer's order): (IRI, the name matched). An entity no name of which
    matches is matched as a place after a region it lies in (南京鼓楼) by a scan of every
    way the query reads so and of every region's names. Matches alike are sorted by the
    index's own order key (:meth:`kg.names.NameIndex.order`: weight, the facts pointing to
    the entity, label), then IRI, as the postings are."""
    from kg.names import WITHIN, Spelling, is_pinyin_query, place_cuts, spelled_names

    Match = tuple[tuple[int, int], str]
    regions = {
        c.value for c in (KG.Region, KG.Country, KG.MacroRegion, KG.Province, KG.City, KG.District)
    }
    named: dict[str, set[str]] = {}

    def regions_named(part: str) -> set[str]:
        """The regions called ``part`` (ignoring case), by a short form or by pinyin."""
        if part not in named:
            low = part.lower()
            compact = "".join(re.findall("[a-z]+", low)) if is_pinyin_query(part) else ""
            named[part] = {
                e.iri
                for e in index.entities.values()
                if regions & set(e.types)
                and (
                    any(n.lower() == low for _, n, _ in e.names)
                    or any(
                        f.lower() == low
                        or (compact and any(s.full == compact for s in Spelling.readings(f)))
                        for f in spelled_names(e)
                    )
                )
            }
        return named[part]

    def above(iri: str) -> set[str]:  # every place up from iri, a cycle of partOf read once
        found: set[str] = set()
        todo = [iri]
        while todo:
            at = todo.pop()
            for parent in index.entities[at].part_of if at in index.entities else ():
                if parent != iri and parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    def inside(e: Any, q: str, up: set[str]) -> Match | None:
        best: Match | None = None
        for start, rest in place_cuts(q):
            if up & regions_named(start):
                found = scanned_match(e, rest) or inside(e, rest, up)
                if found is not None and (best is None or found[0] < best[0]):
                    best = found
        return best

    matched: dict[str, Match] = {}
    for e in index.entities.values():
        found = scanned_match(e, q)
        if found is not None:
            matched[e.iri] = found
    for e in index.entities.values():
        up = above(e.iri) if e.iri not in matched else set()
        found = inside(e, q, up) if up else None
        if found is not None:
            matched[e.iri] = ((WITHIN + found[0][0], found[0][1]), found[1])

    def order(iri: str) -> tuple[tuple[int, int], tuple[int, int, str], str]:
        return (matched[iri][0], index.order(iri), iri)

    return [(iri, matched[iri][1]) for iri in sorted(matched, key=order)]


def scanned_match(e: Any, q: str) -> tuple[tuple[int, int], str] | None:
    """How an entity of a name index matches a query by its names, as a scan finds it:
    (rank, length) and the name - its best name holding ``q`` (0-2), else the best pinyin
    of its names (3 + :meth:`kg.names.Spelling.rank`); ``None`` for no match."""
    from kg.names import SEARCHED, Spelling, is_pinyin_query, name_rank, spelled_names

    low = q.lower()
    latin = is_pinyin_query(q)
    best: tuple[tuple[int, int], str] | None = None
    for p, name, _ in e.names:
        found = name_rank(low, name.lower(), latin) if p in SEARCHED else None
        if found is not None and (best is None or (found, len(name)) < best[0]):
            best = ((found, len(name)), name)
    if best is not None or not latin:
        return best
    compact = "".join(re.findall("[a-z]+", low))
    for name in spelled_names(e):
        ranks = [s.rank(compact) for s in Spelling.readings(name)]
        r = min((x for x in ranks if x is not None), default=None)
        if r is not None and (best is None or (3 + r, len(name)) < best[0]):
            best = ((3 + r, len(name)), name)
    return best
