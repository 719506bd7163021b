"""The chain indexes of one store, held by whoever serves it (the app's state, a CLI run):
in memory for the store's current version, and on disk per store *revision*
(:attr:`kg.store.Store.revision`), so a restart on an unchanged store loads each chain's
index from a file instead of building it again. A write changes the revision; files of
older revisions are removed when the new ones are written.

Files: ``{directory}/{revision}/{digest of the chain IRI}.idx`` - :mod:`marshal` data (plain
values only: no code runs on loading) behind a header with a SHA-256 of the payload, and
the signature of the code that built it (:func:`build_signature`), so a truncated, foreign
or outdated file is rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import marshal
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import Evidence, Fact, Label, evidence, labels, resolve
from kg.iris import Minter
from kg.match import index as index_module
from kg.match.explain import Place, located_in
from kg.match.index import FORMAT, ChainIndex, Member
from kg.match.trees import read_tree
from kg.store import Store, solutions
from kg.store.memo import Precedence, Round

log = logging.getLogger("kg.match")

MAGIC = b"kg-chain-index\n"
MAKE_STEP = 20_000  # members the warmer makes between two looks at its round
EVIDENCED_MAX = 200_000  # things with evidence kept to skip facts without (more: not kept)
QUERIES = (
    "chain-segments",
    "chain-concepts",
    "chain-alignment",
    "chain-members",
    "chain-classes",
    "chain-registered",
    "chain-keywords",
    "evidence-sentences",
    "sentence-facts",
    "names-of",
    "places-of",
    "chain-things",
    "chain-assertions",
    "chain-policies",
    "region-up",
)


@functools.cache
def build_signature() -> str:
    """What an index file was built by: the index format, the code that builds it, the words
    it reads (:data:`kg.match.index.CUES`) and its queries. A file of another build is not
    loaded (an upgrade rebuilds, never misreads)."""
    h = hashlib.sha256(str(FORMAT).encode())
    h.update(Path(index_module.__file__).read_bytes())
    h.update(index_module.CUES.read_bytes())
    for name in QUERIES:
        h.update(queries.get(name).encode())
    return h.hexdigest()[:32]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an index is read, and keep what was read
    out of its later passes (:func:`gc.freeze`): it would otherwise scan the young objects
    again and again as hundreds of thousands of tuples are made, then - right after, and
    on every full pass while the server runs - every index read so far (seconds at a
    million enterprises, with every thread waiting). An index holds no reference cycles:
    when a write replaces it, reference counting frees it, frozen or not."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class ChainIndexes:
    """Chain indexes, region trees, resolved names and labels of one store version. Requests
    for other chains do not wait while one builds; two for the same chain build it once."""

    def __init__(self, store: Store, directory: Path | None = None) -> None:
        self.store, self.directory = store, directory
        # a request that has to load or build its chain's index goes before the background
        # rounds that share this (the chain warmer, the pages' warmer)
        self.precedence = Precedence()
        self._lock = threading.Lock()
        self._version: str | None = None
        self._reset()

    def _reset(self) -> None:
        self._version = self.store.version
        self.chains: dict[str, ChainIndex] = {}
        self.regions: dict[tuple[str, str], set[str]] = {}
        self.trees: dict[str, dict[str, list[str]]] = {}  # region -> place -> its parents
        self.names: dict[tuple[str, str], NamedNode] = {}
        self.labels: dict[str, Label] = {}
        self.found: dict[Fact, list[Evidence]] = {}  # evidence of the facts explained so far
        self.located_in: dict[str, list[Place]] = {}  # thing -> (relation, place)
        self.versions: dict[str, str | None] = {}  # chain -> its chain map's version
        self._evidenced: frozenset[str] | None = None
        self._evidenced_read = False
        self._building: dict[str, threading.Lock] = {}
        self._sentences: dict[str, str] | None = None  # for keyword paths, read once

    def _current(self) -> None:
        with self._lock:
            if self._version != self.store.version:
                self._reset()

    # ------------------------------------------------------------------ chains
    def get(self, chain: NamedNode, round: Round | None = None) -> ChainIndex:
        """The chain's index for the current store version: from memory, else from disk,
        else built (and saved). A request (no ``round``) that has to load or build it goes
        first (:attr:`precedence`); the warmer's ``round`` is asked between the steps of a
        build, which it gives up when the round is stale."""
        self._current()
        with self._lock:
            chains = self.chains  # this version's; a write replaces the dict, not its items
            found = chains.get(chain.value)
            if found is not None:
                return found
            building = self._building.setdefault(chain.value, threading.Lock())
        # a request waiting while the warmer builds this very index stands aside: the
        # warmer's build asks the precedence between its steps and would wait for it
        with self.precedence.aside() if round is None else contextlib.nullcontext():
            building.acquire()
        try:
            found = chains.get(chain.value)
            if found is None:
                with self.precedence.first() if round is None else contextlib.nullcontext():
                    found = self._make(chain, round)
                with self._lock:
                    chains[chain.value] = found
            return found
        finally:
            building.release()

    def _make(self, chain: NamedNode, round: Round | None) -> ChainIndex:
        revision = self.store.revision
        with self.precedence.first():  # reading a kept index is quick: the pages' warmer
            found = self._load(revision, chain) if revision else None  # waits (a build: no)
        if found is None:
            stale = round.stale if round is not None else None
            found = ChainIndex.build(self.store, chain, self.sentences(), stale)
            if revision:
                self._save(revision, found)
        return found

    def sentences(self) -> dict[str, str]:
        """Every evidence sentence's text, read once per store version for all chains."""
        with self._lock:
            if self._sentences is None:
                rows = self.store.query(queries.get("evidence-sentences"))
                self._sentences = {r["sentence"].value: r["text"].value for r in solutions(rows)}
            return self._sentences

    def all_chains(self) -> list[NamedNode]:
        return [r["chain"] for r in solutions(self.store.query(queries.get("chains")))]

    def warm(self, store: Store, round: Round) -> None:
        """Every chain's index for the store's current version (loaded from disk when the
        store is unchanged, else built): the work of the :class:`kg.store.memo.Refresher`
        that keeps them ready, so that no planner's request waits for one (at a million
        enterprises one takes a minute to build)."""
        self.evidenced()  # what explanations read, ready before the first request
        chains = self.all_chains()
        round.total = len(chains)
        ready = []
        for chain in chains:
            if round.stale():
                return  # stopped, or a write came: the next round starts over
            ready.append(self.get(chain, round))
            round.done += 1
        for index in ready:  # an index read from disk makes its members when asked for:
            if isinstance(index.members, dict):  # make the rest now, so that no request
                continue  # has to, and let the rows they were made from go
            made: dict[str, Member] = {}
            iris = list(index.members)
            for at in range(0, len(iris), MAKE_STEP):
                if round.stale():
                    return
                with _collector_paused():
                    for iri in iris[at : at + MAKE_STEP]:
                        made[iri] = index.members[iri]
            index.members = made

    # -------------------------------------------------------------- the disk
    def _file(self, revision: str, chain: NamedNode) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(chain.value.encode()).hexdigest()[:24]
        return self.directory / revision / f"{digest}.idx"

    def _load(self, revision: str, chain: NamedNode) -> ChainIndex | None:
        path = self._file(revision, chain)
        if path is None or not path.exists():
            return None
        try:
            parts = path.read_bytes().split(b"\n", 2)
            if len(parts) != 3:
                raise ValueError("not a chain index")
            head, checksum, payload = parts
            if head + b"\n" != MAGIC or hashlib.sha256(payload).hexdigest().encode() != checksum:
                raise ValueError("not a chain index, or damaged")
            with _collector_paused():  # a million small objects at once: no cycles among them
                build, iri, data = marshal.loads(payload)
                if build != build_signature() or iri != chain.value:
                    raise ValueError("built by other code, or for another chain")
                return ChainIndex.from_data(data)
        except (OSError, ValueError, EOFError, TypeError, IndexError) as exc:
            log.warning("chain index %s not used (%s); building it again", path, exc)
            return None

    def _save(self, revision: str, index: ChainIndex) -> None:
        path = self._file(revision, NamedNode(index.chain))
        if path is None:
            return
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = marshal.dumps((build_signature(), index.chain, index.to_data()))  # type: ignore[arg-type]  # to_data() gives marshal's plain values
            temporary.write_bytes(
                MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
            )
            temporary.replace(path)  # atomic: a reader sees the old file or the new one
            for other in self.directory.iterdir() if self.directory else ():
                if other.is_dir() and other.name != revision:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError as exc:  # a cache: serving goes on without it
            log.warning("cannot keep the chain index in %s: %s", path, exc)
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    # ------------------------------------------------ names, regions, labels
    def resolve(self, minter: Minter, name: str, cls: NamedNode, what: str) -> NamedNode:
        """:func:`kg.entities.resolve`, remembered for the store version (failures are not)."""
        self._current()
        names = self.names  # this version's, even if a write replaces it meanwhile
        key = (cls.value, name)
        found = names.get(key)
        if found is None:
            found = resolve(self.store, minter, name, cls, what)
            with self._lock:
                names[key] = found
        return found

    def places(self, query: str, region: NamedNode) -> set[str]:
        """The places within (``region-tree``) or above (``region-up``) a region."""
        if query == "region-tree":
            return set(self.tree(region))
        self._current()
        regions = self.regions  # this version's, even if a write replaces it meanwhile
        key = (query, region.value)
        found = regions.get(key)
        if found is None:
            rows = self.store.query(queries.bind(query, region=region))
            found = {row["place"].value for row in solutions(rows)}
            with self._lock:
                regions[key] = found
        return found

    def tree(self, region: NamedNode) -> dict[str, list[str]]:
        """The places at or within a region, each with its parents inside the region
        (``region-tree``): the ways up from a place to the region."""
        self._current()
        trees = self.trees  # this version's, even if a write replaces it meanwhile
        found = trees.get(region.value)
        if found is None:
            found = read_tree(self.store, "region-tree", "place", "parent", region)
            with self._lock:
                trees[region.value] = found
        return found

    def evidence(self, facts: list[Fact]) -> dict[Fact, list[Evidence]]:
        """:func:`kg.entities.evidence`, remembered for the store version: the best
        candidates from elsewhere are the same for most regions of a chain, so their
        reasons' evidence is read once. A fact neither end of which any evidence is about
        (:meth:`evidenced`) has none: it is not asked for."""
        self._current()
        found = self.found  # this version's, even if a write replaces it meanwhile
        missing = [f for f in dict.fromkeys(facts) if f not in found]
        about = self.evidenced() if missing else None
        if about is not None:
            bare = [f for f in missing if f[0].value not in about and f[2].value not in about]
            with self._lock:
                found.update((f, []) for f in bare)
            missing = [f for f in missing if f not in found]
        if missing:
            fetched = evidence(self.store, missing)
            with self._lock:
                found.update(fetched)
        return {f: found[f] for f in facts}

    def evidenced(self) -> frozenset[str] | None:
        """The things any evidence is about (``evidenced.rq``: subjects of assertions,
        things imported records describe), read once per store version; ``None`` when
        there are more than :data:`EVIDENCED_MAX` (then every fact's evidence is asked for)."""
        self._current()
        with self._lock:
            if not self._evidenced_read:
                sparql = queries.get("evidenced") + f"\nLIMIT {EVIDENCED_MAX + 1}"
                things = frozenset(r["thing"].value for r in solutions(self.store.query(sparql)))
                self._evidenced = things if len(things) <= EVIDENCED_MAX else None
                self._evidenced_read = True
            return self._evidenced

    def located(self, things: list[NamedNode]) -> dict[str, list[Place]]:
        """:func:`kg.match.explain.located_in`, remembered for the store version."""
        self._current()
        known = self.located_in  # this version's, even if a write replaces it meanwhile
        missing = list(dict.fromkeys(t for t in things if t.value not in known))
        if missing:
            fetched = located_in(self.store, missing)
            with self._lock:
                known.update(fetched)
        return {t.value: known[t.value] for t in things}

    def version(self, chain: NamedNode) -> str | None:
        """The chain map's version (``owl:versionInfo``), remembered for the store version."""
        self._current()
        versions = self.versions  # this version's, even if a write replaces it meanwhile
        if chain.value not in versions:
            rows = list(solutions(self.store.query(queries.bind("chain-version", chain=chain))))
            found = rows[0]["version"].value if rows and rows[0]["version"] is not None else None
            with self._lock:
                versions[chain.value] = found
        return versions[chain.value]

    def label(self, iris: list[NamedNode]) -> dict[str, Label]:
        """:func:`kg.entities.labels`, remembered for the store version."""
        self._current()
        known = self.labels  # this version's, even if a write replaces it meanwhile
        missing = [i for i in iris if i.value not in known]
        if missing:
            fetched = labels(self.store, missing)
            with self._lock:
                known.update(fetched)
        return {i.value: known[i.value] for i in iris}


__all__ = ["ChainIndexes"]
