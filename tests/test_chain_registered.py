"""Chain membership by registered class: a registry export row imported with its GB/T 4754
class (``kg:industryClass``) puts the enterprise in the segments that cover that class (or a
class above it), with the import record as its evidence.

The rows are generated (``bench/registry_export.py``: names say 合成, no real credit code)
and imported under the synthetic base IRI into a store of their own, together with the
editorial knowledge they are matched against - the GB/T 4754 scheme and the shipped chain
maps, built under the same base - and no curated fact.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.imports import import_file
from kg.iris import Minter
from kg.loaders.classification import GRAPH_NAME
from kg.loading import build_curated
from kg.match import ChainIndexes, ChainQuery, match_chain
from kg.match.index import REGISTERED
from kg.match.words import WORDS
from kg.namespaces import KG
from kg.store import EmbeddedStore, open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = "https://w3id.org/kg-industry/synthetic/"


@pytest.fixture(scope="module")
def export() -> Any:
    spec = importlib.util.spec_from_file_location(
        "registry_export", ROOT / "bench" / "registry_export.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["registry_export"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def editorial_store(settings: Settings) -> EmbeddedStore:
    """The ontology, GB/T 4754 and the chain maps under the synthetic base - nothing else."""
    synthetic = settings.model_copy(update={"base_iri": SYNTHETIC})
    ontology, builds = build_curated(synthetic)
    minter = Minter(SYNTHETIC)
    wanted = {minter.graph(GRAPH_NAME).value}
    store = open_store(None)
    store.replace_graphs(
        {ox.NamedNode("urn:test:ontology"): ontology.triples}
        | {
            b.name: b.triples
            for b in builds
            if b.name.value in wanted
            or b.name.value.startswith(minter.graph("editorial-chain-").value)
        }
    )
    return store


def covered(store: EmbeddedStore) -> dict[str, tuple[str, str]]:
    """Every GB/T 4754 code a chain segment covers, itself or through a class above it ->
    (chain, segment)."""
    rows = store.query(
        """PREFIX kg: <https://w3id.org/kg-industry/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?code ?chain ?segment WHERE {
          ?segment kg:segmentOf ?chain ; kg:coversClass ?top .
          ?class skos:broader* ?top ; skos:notation ?code .
        }"""
    )
    out: dict[str, tuple[str, str]] = {}
    for r in solutions(rows):
        out.setdefault(r["code"].value, (r["chain"].value, r["segment"].value))
    return out


def test_an_imported_registry_row_joins_the_segment_of_its_class(
    tmp_path: Path, settings: Settings, export: Any, editorial_store: EmbeddedStore
) -> None:
    codes = covered(editorial_store)
    # the first generated row whose class a segment covers; one row, one CSV file
    row = next(r for r in export.rows(5000) if r[13].split(" ")[0][1:] in codes)
    code = row[13].split(" ")[0][1:]
    chain, segment = codes[code]
    path = tmp_path / "registry.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([export.HEADER, row])
    minter = Minter(SYNTHETIC)
    report = import_file(
        editorial_store, minter, ROOT / "data", path, ROOT / "data" / "mappings" / "registry.yaml"
    )
    assert report.imported == 1 and report.facts["industryClass"] == 1
    enterprise = minter.entity(f"org/uscc-{row[1].lower()}").value

    index = ChainIndexes(editorial_store).get(ox.NamedNode(chain))
    member = index.members[enterprise]
    tie = member.segments[segment]
    assert tie.code == REGISTERED and tie.concept == minter.classification(code).value
    assert tie.relation == KG.industryClass.value
    assert member.trust.level == "asserted"  # an import states it; no sentence to review

    province = row[6]
    result = match_chain(
        editorial_store,
        minter,
        ChainQuery(chain, province, top=1000),
        indexes=ChainIndexes(editorial_store),
    ).to_dict(WORDS)
    (found,) = [c for cs in result["groups"].values() for c in cs if c["iri"] == enterprise]
    assert found["in_region"] and found["group"] == "strengthen"
    (reason,) = [r for r in found["reasons"] if r["code"] == "member.registered"]
    assert reason["facts"] == [[enterprise, KG.industryClass.value, tie.concept]]
    assert reason["evidence"] and all(e["status"] == "Imported" for e in reason["evidence"])
    assert code in reason["text"] or row[13].split(" ", 1)[1] in reason["text"]
    (segment_row,) = [s for s in result["gap_analysis"] if s["iri"] == segment]
    assert segment_row["local_count"] >= 1
