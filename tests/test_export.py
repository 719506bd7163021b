"""Export: the serialized subgraph, parsed back, is isomorphic to the selection."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from kg import export
from kg.errors import BadRequest, NotFound, UnsupportedFormat
from kg.formats import GRAPH_FORMATS, JSON, by_name
from kg.iris import Minter
from kg.namespaces import KG, RDF
from kg.store import EmbeddedStore
from kg.terms import to_rdflib_graph

CCTV = "cctv-2024-09-01-harbin-docking-event"


def selections(store: EmbeddedStore, minter: Minter) -> dict[str, list[ox.Quad]]:
    return {
        "entity-1": export.around_entity(store, minter, "org/harbin-united-aircraft", 1),
        "entity-2-by-name": export.around_entity(store, minter, "哈尔滨联合飞机", 2),
        "industry": export.industry_subgraph(store, minter, "数字经济"),
        "source": export.source_subgraph(store, minter, CCTV),
    }


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_round_trip_is_isomorphic(store: EmbeddedStore, minter: Minter, fmt) -> None:
    for name, quads in selections(store, minter).items():
        body = export.serialize(quads, fmt)
        back = list(ox.parse(body, format=fmt.engine))
        if fmt.kind == "dataset":
            assert {q.graph_name for q in back} == {q.graph_name for q in quads}, name
            for graph in {q.graph_name for q in quads}:
                assert isomorphic(
                    to_rdflib_graph(q for q in back if q.graph_name == graph),
                    to_rdflib_graph(q for q in quads if q.graph_name == graph),
                ), (name, graph)
        else:
            assert isomorphic(to_rdflib_graph(back), to_rdflib_graph(quads)), name


def test_entity_export_carries_provenance(store: EmbeddedStore, minter: Minter) -> None:
    quads = export.around_entity(store, minter, "org/harbin-united-aircraft", 1)
    subjects = {q.subject for q in quads}
    entity = minter.entity("org/harbin-united-aircraft")
    project = minter.entity("project/harbin-united-aircraft-uav-base")
    assert (
        ox.Quad(entity, KG.builds, project, minter.graph("hljrb-2024-08-23-industrial-transfer"))
        in quads
    )
    assertions = [q.subject for q in quads if q.predicate == RDF.type and q.object == KG.Assertion]
    sentences = [q.subject for q in quads if q.predicate == RDF.type and q.object == KG.Sentence]
    assert assertions and sentences
    assert minter.source("hljrb-2024-08-23-industrial-transfer") in subjects
    assert not any(
        q.predicate == KG.text
        and q.subject == minter.source("hljrb-2024-08-23-industrial-transfer")
        for q in quads
    )


def test_hops_grow_the_neighbourhood(store: EmbeddedStore, minter: Minter) -> None:
    sizes = [
        len(export.around_entity(store, minter, "org/harbin-united-aircraft", h)) for h in (0, 1, 2)
    ]
    assert sizes[0] < sizes[1] < sizes[2]


def test_source_export_is_the_whole_graph(store: EmbeddedStore, minter: Minter) -> None:
    quads = export.source_subgraph(store, minter, CCTV)
    assert len(quads) == len(store.get_graph(minter.graph(CCTV)))
    assert any(q.predicate == KG.text for q in quads)


def test_bad_requests(store: EmbeddedStore, minter: Minter) -> None:
    with pytest.raises(NotFound):
        export.source_subgraph(store, minter, "no-such-source")
    with pytest.raises(NotFound):
        export.around_entity(store, minter, "org/no-such-org", 1)
    with pytest.raises(BadRequest):
        export.around_entity(store, minter, "org/hit", -1)
    with pytest.raises(UnsupportedFormat):
        export.serialize([], JSON)
    with pytest.raises(UnsupportedFormat):
        by_name("docx", GRAPH_FORMATS)
