"""Loading: build every graph in memory, check it, then write all of it in one transaction.

``load_curated`` loads the ontology, the shapes and every curated file; ``load_rdf`` loads
one RDF file into a named graph. Reloading replaces the graphs (idempotent); a failure
leaves the store exactly as it was (atomic).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import Literal, NamedNode, Triple

from kg.config import Settings
from kg.errors import DataError, syntax_message
from kg.iris import Minter
from kg.loaders.chains import ALIGNMENT_FILE, EditorialLoader
from kg.loaders.classification import CLASSIFICATION_FILE, build_classification
from kg.loaders.curated import LOADER_VERSION, CuratedLoader, GraphBuild
from kg.loaders.divisions import (
    DIVISIONS_FILE,
    PROVINCES_FILE,
    build_divisions,
    curated_places,
)
from kg.namespaces import KG, KG_ONTOLOGY, KG_SHAPES, PROV, RDF, RDFS, XSD, sparql_prefixes
from kg.ontology import (
    ONTOLOGY_FILE,
    SHAPES_FILE,
    Ontology,
    Violation,
    parse_rdf_file,
    rdf_format,
    validate,
)
from kg.sources import load_sources
from kg.store import Store, solutions
from kg.store.base import GraphName

Progress = Callable[[str], None]


@dataclass
class GraphReport:
    graph: str
    title: str
    triples: int
    entities: int = 0
    facts: int = 0


@dataclass
class LoadReport:
    digest: str
    skipped: bool = False
    graphs: list[GraphReport] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def curated_files(settings: Settings) -> list[Path]:
    return sorted((settings.data_dir / "curated").glob("*.yaml"))


def classification_file(settings: Settings) -> Path:
    return settings.data_dir / "reference" / CLASSIFICATION_FILE


def divisions_file(settings: Settings) -> Path:
    return settings.data_dir / "gazetteer" / DIVISIONS_FILE


def provinces_file(settings: Settings) -> Path:
    return settings.data_dir / "reference" / PROVINCES_FILE


def alignment_file(settings: Settings) -> Path:
    return settings.data_dir / "reference" / ALIGNMENT_FILE


def chain_files(settings: Settings) -> list[Path]:
    return sorted((settings.data_dir / "chains").glob("*.yaml"))


def load_inputs(settings: Settings) -> list[Path]:
    """Every data file a curated load reads (the sources aside)."""
    aligned = [alignment_file(settings)] if alignment_file(settings).exists() else []
    return [
        *curated_files(settings),
        classification_file(settings),
        divisions_file(settings),
        provinces_file(settings),
        *aligned,
        *chain_files(settings),
    ]


def input_digest(settings: Settings, paths: Iterable[Path]) -> str:
    """SHA-256 over everything a load reads; equal digests mean an identical load."""
    h = hashlib.sha256(f"{LOADER_VERSION}\n{settings.base_iri}\n".encode())
    files = [settings.ontology_dir / ONTOLOGY_FILE, settings.ontology_dir / SHAPES_FILE]
    files += sorted((settings.data_dir / "sources").glob("*"))
    files += list(paths)
    for f in files:
        h.update(f.name.encode() + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def stored_digest(store: Store, settings: Settings) -> str | None:
    """The input digest of the last curated load, if any."""
    record = Minter(settings.base_iri).graph("curated-load")
    result = store.query(
        sparql_prefixes() + "SELECT ?d WHERE { ?load kg:inputDigest ?d } LIMIT 1",
        default_graph=[record],
    )
    for row in solutions(result):
        return str(row["d"].value)
    return None


def _load_record(minter: Minter, digest: str, graphs: list[GraphBuild]) -> list[Triple]:
    """PROV-O record of this load: one activity that generated every graph."""
    load = minter.load(digest)
    loader = minter.agent("kg-loader")
    record_graph = minter.graph("curated-load")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    triples = [
        Triple(load, RDF.type, KG.LoadActivity),
        Triple(load, KG.inputDigest, Literal(digest)),
        Triple(load, PROV.endedAtTime, Literal(now, datatype=XSD.dateTime)),
        Triple(load, PROV.wasAssociatedWith, loader),
        Triple(loader, RDF.type, PROV.SoftwareAgent),
        Triple(loader, RDFS.label, Literal(f"kg loader {LOADER_VERSION}", language="en")),
        Triple(record_graph, PROV.wasGeneratedBy, load),
    ]
    for build in graphs:
        triples.append(Triple(build.name, PROV.wasGeneratedBy, load))
        triples.append(Triple(load, PROV.generated, build.name))
    return triples


def build_curated(
    settings: Settings,
    progress: Progress | None = None,
    *,
    chains: list[Path] | None = None,
) -> tuple[Ontology, list[GraphBuild]]:
    """Every graph of a curated load, checked but not written: the curated facts, the
    classification, the industry alignment and the chain maps (``chains``: these files
    instead of ``data/chains/*.yaml``)."""
    say = progress or (lambda _msg: None)
    say("ontology")
    ontology = Ontology.from_dir(settings.ontology_dir)
    say("sources")
    sources = load_sources(settings.data_dir / "sources")
    say("curated facts")
    minter = Minter(settings.base_iri)
    curated = CuratedLoader(minter, ontology, sources)
    builds = curated.build(curated_files(settings))
    say("administrative divisions")
    divisions, _ = build_divisions(
        minter, divisions_file(settings), curated_places(builds), provinces_file(settings)
    )
    builds.append(divisions)
    say("classification and chains")
    classification, codes = build_classification(minter, classification_file(settings))
    builds.append(classification)
    editorial = EditorialLoader(minter, {key: e.type for key, e in curated.entities.items()}, codes)
    if alignment_file(settings).exists():
        builds.append(editorial.build_alignment(alignment_file(settings)))
    builds += editorial.build_chains(chain_files(settings) if chains is None else chains)
    editorial.problems.raise_if_any("chain maps and industry alignment")
    return ontology, builds


def shape_problems(violations: list[Violation], builds: list[GraphBuild]) -> list[str]:
    """The shapes' findings, each at the file and line of its node when a loader knows it."""
    located = {iri: at for b in builds for iri, at in b.locations.items()}
    return [f"{located[v.focus]}: {v}" if v.focus in located else str(v) for v in violations]


def load_curated(
    store: Store,
    settings: Settings,
    *,
    if_changed: bool = False,
    check_shapes: bool = True,
    progress: Progress | None = None,
) -> LoadReport:
    """Load the ontology, shapes and all curated data; replace what an earlier load wrote."""
    say = progress or (lambda _msg: None)
    digest = input_digest(settings, load_inputs(settings))
    if if_changed and stored_digest(store, settings) == digest:
        return LoadReport(digest, skipped=True)
    ontology, builds = build_curated(settings, say)
    if check_shapes:
        say("shapes")
        violations = validate((t for b in builds for t in b.for_shapes()), ontology)
        if violations:
            raise DataError(
                f"curated data does not conform to ontology/{SHAPES_FILE}: "
                f"{len(violations)} violation(s); nothing was written",
                details=shape_problems(violations, builds),
            )
    minter = Minter(settings.base_iri)
    graphs: dict[GraphName, list[Triple]] = {
        NamedNode(KG_ONTOLOGY): ontology.triples,
        NamedNode(KG_SHAPES): ontology.shapes,
    }
    for build in builds:
        graphs[build.name] = _dedupe(build.triples)
    record = minter.graph("curated-load")
    graphs[record] = _load_record(minter, digest, builds)
    # Graphs an earlier curated load wrote but this one does not (a removed file) go too.
    stale = [g for g in _previous_graphs(store, record) if g not in graphs]
    say("writing")
    store.replace_graphs(graphs, drop=stale)
    report = LoadReport(digest)
    report.graphs.append(GraphReport(KG_ONTOLOGY, "ontology", len(ontology.triples)))
    report.graphs.append(GraphReport(KG_SHAPES, "shapes", len(ontology.shapes)))
    for build in builds:
        report.graphs.append(
            GraphReport(
                build.name.value,
                build.title,
                len(graphs[build.name]),
                len(build.entities),
                build.facts,
            )
        )
    return report


def _previous_graphs(store: Store, record: NamedNode) -> list[NamedNode]:
    result = store.query(
        f"SELECT ?g WHERE {{ GRAPH {record} {{ ?load <{PROV.generated.value}> ?g }} }}",
        default_graph=[],
    )
    return [row["g"] for row in solutions(result)]


def _dedupe(triples: list[Triple]) -> list[Triple]:
    return list(dict.fromkeys(triples))


def load_rdf(store: Store, path: Path, graph: NamedNode) -> GraphReport:
    """Load one RDF file into ``graph``, replacing what an earlier load put there. Quads keep
    their own graphs when the format has them; triples go to ``graph``. All or nothing.

    The file is read twice without holding it in Python: a streaming pass checks its syntax
    and finds the graphs it fills; then, when none of them holds data yet, the engine's bulk
    loader reads the file itself (dropping those graphs again if it fails). Replacing graphs that hold data is one SPARQL
    update (drop and insert together), built in memory.
    """
    fmt = rdf_format(path)
    targets: set[NamedNode] = set()
    count = 0
    try:
        for q in ox.parse(path=str(path), format=fmt):
            targets.add(q.graph_name if isinstance(q.graph_name, NamedNode) else graph)
            count += 1
    except SyntaxError as exc:
        raise DataError(f"{path}: {syntax_message(exc)}") from exc
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    targets = targets or {graph}
    if not targets & set(store.named_graphs()):
        store.load_new_graphs(path, fmt, graph, targets)
        return GraphReport(graph.value, path.name, count)
    by_graph: dict[GraphName, list[Triple]] = {g: [] for g in targets}
    for q in parse_rdf_file(path, fmt):
        by_graph[q.graph_name if isinstance(q.graph_name, NamedNode) else graph].append(q.triple)
    store.replace_graphs(by_graph)
    return GraphReport(graph.value, path.name, count)
