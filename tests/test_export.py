"""Exports: every selection, every format - each opened by the tool it is for (pyoxigraph and
rdflib, NetworkX and igraph, Kùzu, pyarrow and pandas, openpyxl), with counts checked
against SPARQL over the store."""

from __future__ import annotations

import csv
import io
import json
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx2 as httpx
import igraph
import kuzu
import networkx as nx
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from kg import export
from kg.api.app import create_app
from kg.config import Settings
from kg.errors import BadRequest, NotFound, UnsupportedFormat
from kg.export import cells, csvfiles, parquet, rdf, reader, spool, xlsx
from kg.export import selection as selection_module
from kg.export.selection import Selection
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Schema
from kg.export.template import Template
from kg.formats import EXPORT_FORMATS, GRAPH_FORMATS, JSON, by_name
from kg.iris import Minter
from kg.match.chain import ChainQuery, match_chain
from kg.namespaces import KG, PREFIXES, RDF
from kg.store import EmbeddedStore, solutions
from kg.terms import to_rdflib_graph

CCTV = "cctv-2024-09-01-harbin-docking-event"
UAV = "org/harbin-united-aircraft"
CONSTRUCT = "CONSTRUCT { ?s kg:locatedIn ?o } WHERE { ?s kg:locatedIn ?o }"


@pytest.fixture(scope="module")
def selections(store: EmbeddedStore, minter: Minter) -> dict[str, Selection]:
    return {
        "entity-1": export.entity(store, minter, UAV, 1),
        "entity-2-by-name": export.entity(store, minter, "哈尔滨联合飞机", 2),
        "industry": export.industry(store, minter, "数字经济"),
        "region": export.region(store, minter, "黑龙江"),
        "chain": export.chain(store, minter, "航空航天产业链"),
        "chain-in-region": export.chain(store, minter, "航空航天产业链", "哈尔滨"),
        "source": export.source(store, minter, CCTV),
        "construct": export.construct(store, minter, _prefixed(CONSTRUCT)),
    }


def _prefixed(sparql: str) -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + sparql


def _count(store: EmbeddedStore, sparql: str, selection: Selection) -> int:
    """A SPARQL count over the selection's named nodes (in its graph when it has one)."""
    nodes = [n for n in selection.nodes if isinstance(n, ox.NamedNode)]
    if selection.graph is not None:
        sparql = sparql.replace(" WHERE {", f" FROM {selection.graph} WHERE {{", 1)
    values = "VALUES ?s { " + " ".join(str(n) for n in nodes) + " }"
    sparql = sparql.replace("#VALUES", values).replace("#X", values.replace("?s", "?x", 1))
    rows = list(solutions(store.query(_prefixed(sparql))))
    return int(rows[0]["n"].value)


# SPARQL counts of what the graph and table formats hold for a selection of named nodes:
# its facts between nodes (edges) and the nodes at either end.
EDGES = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
  #VALUES ?s ?p ?o FILTER(!isLiteral(?o) && ?p != rdf:type) } }"""
NODES = """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { #X } UNION { #VALUES ?s ?p ?x FILTER(!isLiteral(?x) && ?p != rdf:type) } }"""


# --- RDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_rdf_round_trip_is_isomorphic(selections: dict[str, Selection], fmt) -> None:
    for name, selection in selections.items():
        quads = export.quads(selection)
        assert quads, name
        back = list(ox.parse(export.serialize(selection, fmt), format=fmt.engine))
        if fmt.kind == "dataset":
            assert {q.graph_name for q in back} == {q.graph_name for q in quads}, name
            for graph in {q.graph_name for q in quads}:
                assert isomorphic(
                    to_rdflib_graph(q for q in back if q.graph_name == graph),
                    to_rdflib_graph(q for q in quads if q.graph_name == graph),
                ), (name, graph)
        else:
            assert isomorphic(to_rdflib_graph(back), to_rdflib_graph(quads)), name


def test_a_value_several_graphs_state_is_one_value_in_other() -> None:
    """A literal of a property without a column of its own, stated by two graphs (the short
    name two merged entities shared: review20 saw ``{"kg:shortName": ["三峡", "三峡"]}``),
    is one value in the ``other`` column, as in the property columns."""
    from kg.store import open_store

    minter = Minter("https://w3id.org/kg-industry/synthetic/")
    store = open_store(None)
    node = minter.entity("org/synthetic-merged")
    graphs = [minter.graph(f"synthetic-{i}") for i in (1, 2)]
    store.update(
        "INSERT DATA { "
        + " ".join(
            f'GRAPH {g} {{ {node} a {KG.Enterprise} ; {KG.shortName} "合成甲" , "合成乙{i}" }}'
            for i, g in enumerate(graphs)
        )
        + " }"
    )
    out = io.BytesIO()
    export.write(export.entity(store, minter, node.value, 0), by_name("csv", EXPORT_FORMATS), out)
    with zipfile.ZipFile(out) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8"))))
    other = json.loads(next(r for r in rows if r["id:ID"] == node.value)["other"])
    assert sorted(other["kg:shortName"]) == ["合成乙0", "合成乙1", "合成甲"]


def test_recorded_nodes_read_once_give_the_same_exports(
    selections: dict[str, Selection], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A selection of more than a batch reads the nodes that have provenance records once
    (``Recorded``) and asks for evidence and records about those only: the exports are the
    same as when every node is asked about."""
    before = {
        name: (set(export.quads(s)), export.to_dataframes(s)) for name, s in selections.items()
    }
    monkeypatch.setattr(reader, "BATCH", 2)
    monkeypatch.setattr(rdf, "BATCH", 2)
    monkeypatch.setattr(reader, "RECORDED_PER_NODE", 1000)
    read_once = 0
    for name, selection in selections.items():
        recorded = reader.Recorded(selection.lookup, len(selection.nodes))
        read_once += recorded.nodes is not None
        quads, frames = before[name]
        assert set(export.quads(selection)) == quads, name
        after = export.to_dataframes(selection)
        for table, frame in frames.items():
            assert after[table].equals(frame), (name, table)
    assert read_once >= 3  # the larger selections
    assert sum(len(f["evidence"]) for _, f in before.values()) > 0


def test_entity_export_carries_provenance(store: EmbeddedStore, minter: Minter) -> None:
    quads = export.quads(export.entity(store, minter, UAV, 1))
    subjects = {q.subject for q in quads}
    project = minter.entity("project/harbin-united-aircraft-uav-base")
    transfer = "hljrb-2024-08-23-industrial-transfer"
    assert ox.Quad(minter.entity(UAV), KG.builds, project, minter.graph(transfer)) in quads
    assertions = [q.subject for q in quads if q.predicate == RDF.type and q.object == KG.Assertion]
    sentences = [q.subject for q in quads if q.predicate == RDF.type and q.object == KG.Sentence]
    assert assertions and sentences
    assert minter.source(transfer) in subjects
    assert not any(q.predicate == KG.text and q.subject == minter.source(transfer) for q in quads)
    bare = export.quads(export.entity(store, minter, UAV, 1), provenance=False)
    assert not any(q.predicate == RDF.type and q.object == KG.Assertion for q in bare)
    assert set(bare) < set(quads)


def test_hops_grow_the_neighbourhood(store: EmbeddedStore, minter: Minter) -> None:
    sizes = [len(export.entity(store, minter, UAV, h).nodes) for h in (0, 1, 2)]
    assert sizes[0] == 1 and sizes[0] < sizes[1] < sizes[2]


def test_source_export_is_the_whole_graph(store: EmbeddedStore, minter: Minter) -> None:
    selection = export.source(store, minter, CCTV)
    quads = export.quads(selection)
    assert len(quads) == len(store.get_graph(minter.graph(CCTV)))
    assert any(q.predicate == KG.text for q in quads)
    facts = export.quads(selection, provenance=False)
    assert facts and not any(q.object in (KG.Assertion, KG.Sentence) for q in facts)
    own = [q for q in facts if q.subject in set(selection.nodes)]  # the rest: names of ends
    assert {q.graph_name for q in own} == {minter.graph(CCTV)}


def test_region_by_the_short_form_the_gazetteer_knows(
    ontology_store: EmbeddedStore, minter: Minter
) -> None:
    # Two provinces as the table imports mint them (GB/T 2260 codes and names, as
    # data/gazetteer/admin-divisions.csv has them), without a short name of their own.
    for code, name in (("440000", "广东省"), ("110000", "北京市")):
        ontology_store.add_to_graph(
            minter.graph("admin-divisions"),
            [
                ox.Triple(minter.entity(f"place/cn-{code}"), RDF.type, KG.Province),
                ox.Triple(
                    minter.entity(f"place/cn-{code}"),
                    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                    ox.Literal(name, language="zh"),
                ),
            ],
        )
    for name, code in (("广东", "440000"), ("广东省", "440000"), ("北京", "110000")):
        selection = export.region(ontology_store, minter, name)
        assert selection.name == minter.entity(f"place/cn-{code}").value, name
        assert selection.slug == f"region-cn-{code}"  # the download: kg-region-cn-440000.ttl
    with pytest.raises(NotFound):
        export.region(ontology_store, minter, "广")  # one character: no short form


def test_region_holds_nested_places_what_is_there_and_policies(
    store: EmbeddedStore, minter: Minter
) -> None:
    selection = export.region(store, minter, "黑龙江")
    nodes = {n.value for n in selection.nodes}
    places = {
        r["p"].value
        for r in solutions(
            store.query(
                _prefixed("SELECT ?p ?r WHERE { ?p kg:partOf+ ?r }"),
                bindings={"r": ox.NamedNode(selection.about["region"])},
            )
        )
    }
    located = store.query(
        _prefixed(
            "SELECT ?x ?p WHERE { ?x kg:locatedIn ?p } VALUES ?p { "
            + " ".join(f"<{p}>" for p in places)
            + " }"
        )
    )
    rows = list(solutions(located))
    there = {r["x"].value for r in rows}
    assert there and there <= nodes  # what is located in a city of the province
    held = {r["p"].value for r in rows}  # the places that hold it, and the ones above them
    harbin, daowai = minter.entity("place/harbin").value, minter.entity("place/daowai").value
    assert daowai in held and {harbin, daowai} <= held | nodes and held <= nodes
    # not the counties the division codes put in the province that hold nothing (大庆市's)
    empty = places - held - {harbin}
    assert minter.entity("place/cn-230600").value in empty and not empty & nodes
    behind = store.query(
        _prefixed(
            "SELECT ?a WHERE { ?a kg:builds|kg:investsIn|kg:participatesIn|kg:operates|kg:establishes ?x }"
            " VALUES ?x { " + " ".join(f"<{x}>" for x in there) + " }"
        )
    )
    actors = {r["a"].value for r in solutions(behind)}
    # whoever builds or runs what is there, though placed nowhere in the province itself
    # (harbin-united-aircraft's only tie is its UAV base project): the match finds them there
    assert minter.entity(UAV).value in actors - there
    assert actors <= nodes
    assert set(export.region(store, minter, "哈尔滨").nodes) < set(selection.nodes)
    # the same nodes, in the same order, by index reads (a store view: no SPARQL TSV path)
    from kg.store.view import FilteredStore

    view = export.region(FilteredStore(store, lambda g: False), minter, "黑龙江")  # type: ignore[arg-type]
    assert view.nodes == selection.nodes


def test_chain_selection_is_the_chain_and_its_match(store: EmbeddedStore, minter: Minter) -> None:
    whole = export.chain(store, minter, "航空航天产业链")
    nodes = {n.value for n in whole.nodes}
    segments = store.query(
        _prefixed("SELECT ?s ?c WHERE { ?s kg:segmentOf ?c }"),
        bindings={"c": ox.NamedNode(whole.about["chain"])},
    )
    seg = {r["s"].value for r in solutions(segments)}
    assert seg and seg <= nodes and whole.about["chain"] in nodes
    local = export.chain(store, minter, "航空航天产业链", "哈尔滨", top=5)
    match = match_chain(store, minter, ChainQuery(whole.about["chain"], "哈尔滨", top=5))
    candidates = {c.label.iri for g in match.groups.values() for c in g}
    local_nodes = {n.value for n in local.nodes}
    assert candidates and candidates <= local_nodes
    assert (whole.slug, local.slug) == ("chain-aerospace", "chain-aerospace-harbin")
    assert match.region.iri in local_nodes and seg <= local_nodes
    assert {p.iri for p in (*match.parks, *match.policies)} <= local_nodes


def test_construct_exports_the_query_graph(store: EmbeddedStore, minter: Minter) -> None:
    selection = export.construct(store, minter, _prefixed(CONSTRUCT))
    built = set(store.query(_prefixed(CONSTRUCT)))
    facts = {
        q.triple for q in export.quads(selection, provenance=False) if q.predicate == KG.locatedIn
    }
    assert built and facts == built
    with pytest.raises(BadRequest):
        export.construct(store, minter, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_a_construct_export_has_kgs_prefixes_predeclared_as_sparql_has(
    store: EmbeddedStore, minter: Minter, client: TestClient
) -> None:
    """The query a user runs on /sparql, which declares kg's prefixes for them, exported
    as it is: `kg export --query` and /api/export said `Prefix not found` (review20)."""
    bare = export.construct(store, minter, CONSTRUCT)
    assert bare.nodes == export.construct(store, minter, _prefixed(CONSTRUCT)).nodes
    assert bare.nodes
    for fmt in ("ntriples", "csv"):
        r = client.get("/api/export", params={"query": CONSTRUCT, "format": fmt})
        assert r.status_code == 200, r.text
    own = "PREFIX kg: <https://w3id.org/kg-industry/def#>\n" + CONSTRUCT  # a query's own wins
    assert export.construct(store, minter, own).nodes == bare.nodes


@pytest.mark.parametrize("provenance", [True, False])
def test_streamed_construct_writes_what_the_built_selection_writes(
    store: EmbeddedStore, minter: Minter, provenance: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The query's triples, the provenance of the facts among them, the names of the nodes
    # they point to: statement for statement what the export of a built selection holds -
    # in batches of 7 triples, so that a node's facts and their records span batches.
    monkeypatch.setattr(rdf, "TRIPLES", 7)
    sparql = _prefixed(
        "CONSTRUCT { ?s ?p ?o ; ?q ?x } WHERE { ?a a kg:Assertion ; rdf:subject ?s . ?s ?p ?o "
        "OPTIONAL { ?x ?q ?s } }"
    )
    selection = export.construct(store, minter, sparql)
    for name in ("nquads", "ntriples"):
        fmt = by_name(name)
        built, streamed = io.BytesIO(), io.BytesIO()
        expected = rdf.write(selection, fmt, built, provenance=provenance)
        counts = rdf.write_construct(store, sparql, fmt, streamed, provenance=provenance)
        parsed = set(ox.parse(streamed.getvalue(), format=fmt.engine))
        assert parsed == set(ox.parse(built.getvalue(), format=fmt.engine)), name
        assert counts == expected and counts["statements"] >= len(parsed) > 1000, name
    assert any(q.predicate == KG.evidence for q in parsed) is provenance
    with pytest.raises(BadRequest):
        rdf.write_construct(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", fmt, io.BytesIO())


@pytest.mark.parametrize(
    "query",
    [
        CONSTRUCT,
        # a variable predicate, a constant object, a literal where a subject goes (left out)
        "CONSTRUCT { ?s ?p kg:Thing . ?label rdfs:comment ?s } WHERE { ?s ?p ?o ; rdfs:label "
        "?label } LIMIT 500",
        # the short form, with ORDER BY and OFFSET
        "CONSTRUCT WHERE { ?s kg:locatedIn ?o } ORDER BY DESC(?o) OFFSET 3",
        # unbound variables (left out), ; and , and 'a' in the template, # a comment
        "CONSTRUCT { ?s a kg:Located ; kg:locatedIn ?o , ?x . # ?nothing\n } "
        "WHERE { ?s kg:locatedIn ?o OPTIONAL { ?o kg:locatedIn ?x } }",
        # its own dataset
        "CONSTRUCT { ?s ?p ?o } FROM <https://w3id.org/kg-industry/def> "
        "WHERE { ?s ?p ?o } LIMIT 300",
        # a LIMIT counts solutions, repeats too; a subquery's own
        "CONSTRUCT { ?s a kg:Thing } WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 60",
        "CONSTRUCT { ?s a kg:Thing } WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 60 } }",
    ],
)
def test_construct_template_gives_the_engine_graph(store: EmbeddedStore, query: str) -> None:
    # The graph formats build a CONSTRUCT's result from the SELECT of its template's
    # variables (the engine's CONSTRUCT remembers every triple it gives): the same graph.
    sparql = _prefixed(query)
    template = Template.of(sparql)
    assert template is not None
    filled = list(template.fill(solutions(store.query(template.select))))
    engine = set(store.query(sparql))
    assert engine and set(filled) == engine


@pytest.mark.parametrize("name", ["ntriples", "turtle"])
def test_rdf_construct_export_reads_the_template_select_not_the_engine_construct(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The engine's CONSTRUCT result remembers every triple it gave (840 MB for the
    # benchmark's 1.96M triples): the RDF formats write the triples of the template's
    # SELECT instead, each repeat dropped within a window - the same graph.
    sparql = _prefixed(
        "CONSTRUCT { ?s kg:locatedIn ?o } WHERE { ?a a kg:Assertion ; rdf:subject ?s . "
        "?s kg:locatedIn ?o }"
    )
    results: list[object] = []
    query = store.query

    def asked(text: str, *args: Any, **kwargs: Any) -> Any:
        result = query(text, *args, **kwargs)
        results.append(result)
        return result

    monkeypatch.setattr(store, "query", asked)
    fmt = by_name(name)
    out = io.BytesIO()
    rdf.write_construct(store, sparql, fmt, out, provenance=False)
    monkeypatch.undo()
    constructs = [r for r in results if isinstance(r, ox.QueryTriples)]
    assert constructs and all(next(r, None) is not None for r in constructs)  # never read
    written = list(ox.parse(out.getvalue(), format=fmt.engine))
    located = [q.triple for q in written if q.predicate == KG.locatedIn]
    engine = set(store.query(sparql))
    assert len(engine) > 5 and set(located) == engine
    rows = store.query(sparql.replace("CONSTRUCT { ?s kg:locatedIn ?o }", "SELECT ?s ?o"))
    assert len(list(rows)) > len(engine)  # facts asserted more than once: repeats
    assert len(located) == len(engine)  # written once each


def test_construct_template_skips_a_solution_equal_to_the_one_before() -> None:
    # A solution repeated in a row gives the same triples again: not filled in twice
    # (a repeat-heavy query's rows cost Python time each), unless blank nodes make them new.
    where = (
        "WHERE { VALUES (?s ?n) { (<urn:x:a> 1) (<urn:x:a> 2) (<urn:x:b> 3) (<urn:x:a> 4) } }"
    )
    cases = (("?s <urn:x:p> <urn:x:o>", ["a", "b", "a"]), ("?s <urn:x:p> []", ["a", "a", "b", "a"]))
    for template, expected in cases:
        plan = Template.of(f"CONSTRUCT {{ {template} }} {where}")
        assert plan is not None
        filled = list(plan.fill(solutions(ox.Store().query(plan.select))))
        assert [t.subject.value[-1] for t in filled] == expected, template


def test_construct_template_blank_nodes_and_fallbacks(store: EmbeddedStore) -> None:
    # Blank nodes of a template are new for each solution, as the engine makes them.
    sparql = _prefixed("CONSTRUCT { [] rdf:value ?o ; kg:of ?s } WHERE { ?s kg:locatedIn ?o }")
    template = Template.of(sparql)
    assert template is not None and template.blanks == 1
    filled = set(template.fill(solutions(store.query(template.select))))
    engine = set(store.query(sparql))
    assert len({t.subject for t in filled}) == len({t.subject for t in engine}) >= 10
    assert {(t.predicate, t.object) for t in filled} == {(t.predicate, t.object) for t in engine}
    # What the SELECT does not serve is left to the engine's CONSTRUCT.
    for other in (
        "SELECT * WHERE { ?s ?p ?o }",
        "CONSTRUCT { <urn:x:a> <urn:x:b> 1 } WHERE { ?s ?p ?o }",  # no variable
        "CONSTRUCT { << ?s ?p ?o >> <urn:x:b> 1 } WHERE { ?s ?p ?o }",  # a triple term
        "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }",  # broken: the engine says so
    ):
        assert Template.of(other) is None, other
    with pytest.raises(BadRequest):
        list(selection_module.constructed(store, "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }"))


def test_bad_requests(store: EmbeddedStore, minter: Minter) -> None:
    with pytest.raises(NotFound):
        export.source(store, minter, "no-such-source")
    with pytest.raises(NotFound):
        export.entity(store, minter, "org/no-such-org", 1)
    with pytest.raises(BadRequest):
        export.entity(store, minter, "org/hit", -1)
    with pytest.raises(BadRequest):
        export.select(store, minter, entity=UAV, industry="数字经济")
    with pytest.raises(BadRequest):
        export.select(store, minter)
    with pytest.raises(UnsupportedFormat):
        export.serialize(export.entity(store, minter, UAV, 0), JSON)
    with pytest.raises(UnsupportedFormat):
        by_name("docx", EXPORT_FORMATS)


# --- graph and table formats, opened by their tools ---------------------------------------


TOOL_CASES = ("entity-2-by-name", "region", "chain-in-region", "source", "industry")


@pytest.mark.parametrize("name", TOOL_CASES)
def test_graphml_opens_in_networkx_and_igraph(
    store: EmbeddedStore, selections: dict[str, Selection], name: str, tmp_path: Path
) -> None:
    selection = selections[name]
    body = export.serialize(selection, by_name("graphml", EXPORT_FORMATS))
    edges = _count(store, EDGES, selection)
    nodes = _count(store, NODES, selection)
    g = nx.read_graphml(io.BytesIO(body))
    assert g.number_of_nodes() == nodes and g.number_of_edges() == edges
    selected = {n for n, d in g.nodes(data=True) if d["selected"] is True}  # typed: boolean
    assert selected == {n.value for n in selection.nodes}
    assert all(isinstance(d["label"], str) and d["label"] for _, d in g.nodes(data=True))
    assert any(d.get("name_zh") for _, d in g.nodes(data=True))  # Chinese labels, as they are
    assert all(isinstance(d["evidence"], int) for *_, d in g.edges(data=True))
    (tmp_path / "g.graphml").write_bytes(body)
    ig = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert ig.vcount() == nodes and ig.ecount() == edges and ig.is_directed()
    assert set(ig.vs["id"]) == set(g.nodes)


@pytest.mark.parametrize("name", TOOL_CASES)
def test_csv_pair_imports_into_kuzu_with_the_sparql_counts(
    store: EmbeddedStore, selections: dict[str, Selection], name: str, tmp_path: Path
) -> None:
    selection = selections[name]
    export.write(selection, by_name("csv", EXPORT_FORMATS), tmp_path / "csv")
    with (tmp_path / "csv" / "nodes.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with (tmp_path / "csv" / "edges.csv").open(encoding="utf-8", newline="") as f:
        edge_header = next(csv.reader(f))
    assert header[:2] == ["id:ID", ":LABEL"] and "selected:boolean" in header  # Neo4j layout
    # Neo4j's header format: :ID in node files only; a relationship's id is a property
    assert edge_header[:4] == [":START_ID", ":END_ID", ":TYPE", "id"]
    assert not any(h.partition(":")[2].startswith("ID") for h in edge_header)
    kinds = {"": "STRING", "boolean": "BOOLEAN", "long": "INT64", "double": "DOUBLE"}

    def columns(names: list[str]) -> str:
        out = []
        for i, h in enumerate(names):
            field, _, kind = h.partition(":")
            field = field or ("labels" if kind == "LABEL" else "type")
            kind = "" if kind in ("ID", "LABEL", "TYPE") else kind
            out.append(f"`{field}` {kinds[kind]}" + (" PRIMARY KEY" if i == 0 else ""))
        return ", ".join(out)

    db = kuzu.Database(str(tmp_path / "kuzu"))
    conn = kuzu.Connection(db)
    conn.execute(f"CREATE NODE TABLE Node({columns(header)})")
    conn.execute(f"CREATE REL TABLE Fact(FROM Node TO Node, {columns(edge_header[2:])})")
    options = "(header=true, parallel=false)"  # sentences may span lines
    conn.execute(f"COPY Node FROM '{tmp_path / 'csv' / 'nodes.csv'}' {options}")
    conn.execute(f"COPY Fact FROM '{tmp_path / 'csv' / 'edges.csv'}' {options}")
    n_nodes = conn.execute("MATCH (n:Node) RETURN count(n)").get_next()[0]  # type: ignore[union-attr]
    n_edges = conn.execute("MATCH ()-[f:Fact]->() RETURN count(f)").get_next()[0]  # type: ignore[union-attr]
    assert n_nodes == _count(store, NODES, selection)
    assert n_edges == _count(store, EDGES, selection)
    picked = conn.execute("MATCH (n:Node) WHERE n.selected RETURN count(n)").get_next()[0]  # type: ignore[union-attr]
    assert picked == len(selection.nodes)
    conn.close()
    db.close()


@pytest.mark.parametrize("name", TOOL_CASES)
def test_parquet_reads_in_pyarrow_and_pandas_with_the_same_counts(
    store: EmbeddedStore, selections: dict[str, Selection], name: str, tmp_path: Path
) -> None:
    selection = selections[name]
    body = export.serialize(selection, by_name("parquet", EXPORT_FORMATS))
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert sorted(z.namelist()) == ["edges.parquet", "evidence.parquet", "nodes.parquet"]
        z.extractall(tmp_path)
    nodes = pq.read_table(tmp_path / "nodes.parquet")
    edges = pd.read_parquet(tmp_path / "edges.parquet")
    evidence = pd.read_parquet(tmp_path / "evidence.parquet")
    assert nodes.num_rows == _count(store, NODES, selection)
    assert str(nodes.schema.field("selected").type) == "bool"
    assert len(edges) == _count(store, EDGES, selection)
    assert str(edges["evidence"].dtype) == "int64"
    assert set(evidence["edge"].dropna()) <= set(edges["id"])
    frames = export.to_dataframes(selection)
    assert len(frames["nodes"]) == nodes.num_rows and len(frames["edges"]) == len(edges)
    assert len(frames["evidence"]) == len(evidence)


class _Collect:
    """A table writer that keeps the rows (small selections)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[object, ...]]] = {
            "nodes": [],
            "edges": [],
            "evidence": [],
        }
        self.node = self.tables["nodes"].append
        self.edge = self.tables["edges"].append
        self.evidence = self.tables["evidence"].append

    def close(self) -> None: ...
    def discard(self) -> None: ...


@pytest.mark.parametrize("name", ["region", "chain-in-region", "source"])
def test_table_files_are_what_arrow_writes_of_the_same_rows(
    selections: dict[str, Selection], name: str, tmp_path: Path
) -> None:
    """The CSV files are byte for byte what Arrow's CSV writer makes of the export's rows
    (every string quoted, a missing value empty, Arrow's forms of numbers and booleans), the
    Parquet tables equal Arrow tables of them - as when both were written by Arrow."""
    selection = selections[name]
    schema = Schema.of(selection.lookup)
    rows = _Collect()
    export.tabulate(selection, schema, rows)
    export.write(selection, by_name("csv", EXPORT_FORMATS), tmp_path / "csv")
    export.write(selection, by_name("parquet", EXPORT_FORMATS), tmp_path / "parquet")
    tables = {
        "nodes": (schema.node_columns, csvfiles.header(schema.node_columns)),
        "edges": (EDGE_COLUMNS, csvfiles.header(EDGE_COLUMNS)),
        "evidence": (EVIDENCE_COLUMNS, csvfiles.header(EVIDENCE_COLUMNS, graph=False)),
    }
    for table, (columns, header) in tables.items():
        values = list(zip(*rows.tables[table], strict=True)) or [() for _ in columns]
        arrow = pa.table(
            [
                pa.array(v, parquet.TYPES[kind])
                for v, (_, kind) in zip(values, columns, strict=True)
            ],
            names=[n for n, _ in columns],
        )
        assert arrow.num_rows == len(rows.tables[table])
        written = io.BytesIO()
        pacsv.write_csv(
            arrow.rename_columns(header), written, pacsv.WriteOptions(quoting_style="needed")
        )
        assert (tmp_path / "csv" / f"{table}.csv").read_bytes() == written.getvalue()
        assert pq.read_table(tmp_path / "parquet" / f"{table}.parquet").equals(arrow)


@pytest.mark.parametrize("name", ["region", "chain-in-region"])
def test_graphml_and_workbook_hold_every_value_of_the_rows(
    selections: dict[str, Selection], name: str
) -> None:
    """Every present value of the export's rows reads back from GraphML (NetworkX, typed by
    its key) and from the workbook (openpyxl) as it is, and every missing one is absent."""
    selection = selections[name]
    schema = Schema.of(selection.lookup)
    rows = _Collect()
    export.tabulate(selection, schema, rows)
    names = [n for n, _ in schema.node_columns]
    g = nx.read_graphml(io.BytesIO(export.serialize(selection, by_name("graphml", EXPORT_FORMATS))))
    for row in rows.tables["nodes"]:
        data = g.nodes[row[0]]
        expected = {
            "label" if n == "name" else n: v
            for n, v in zip(names[1:], row[1:], strict=True)
            if v is not None
        }
        assert data == expected
    book = openpyxl.load_workbook(
        io.BytesIO(export.serialize(selection, by_name("xlsx", EXPORT_FORMATS))), read_only=True
    )
    for table in ("nodes", "edges", "evidence"):
        sheet = list(book[table].iter_rows(values_only=True))[1:]
        assert sheet == [tuple(r) for r in rows.tables[table]]
    book.close()


def test_doubles_are_written_as_arrow_writes_them() -> None:
    rng = random.Random(18)
    values = [3.0, -0.0, 1e-6, 1e-7, 1e9, 1e10, 9999999999.0, 0.1, 5e-324, 1.7976931348623157e308]
    values += [
        struct.unpack("d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(3000)
    ]
    values += [rng.random() * 10 ** rng.randint(-9, 12) for _ in range(3000)]
    values = [v for v in values if v == v]  # NaN is not a value the tables hold
    assert [cells.double(v) for v in values] == pa.array(values).cast(pa.string()).to_pylist()


def test_text_formats_import_no_pyarrow_and_parquet_no_pandas(tmp_path: Path) -> None:
    """CSV, GraphML and the workbook are written without pyarrow, Parquet without pandas, and
    no format imports the importers (each import costs memory in a long export)."""
    script = """
import io, sys
import pyoxigraph as ox
from kg import export
from kg.formats import EXPORT_FORMATS, by_name
from kg.iris import Minter
from kg.store import EmbeddedStore
SYN = "https://w3id.org/kg-industry/synthetic/"
store = EmbeddedStore(None)
store.add_to_graph(ox.NamedNode(SYN + "graph"), [
    ox.Triple(ox.NamedNode(SYN + "org/e0"), ox.NamedNode(SYN + "p"), ox.NamedNode(SYN + "org/e1")),
    ox.Triple(ox.NamedNode(SYN + "org/e1"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
              ox.Literal("合成企业 1", language="zh"))])
selection = export.construct(store, Minter("https://w3id.org/kg-industry/"),
                             "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
for name in ("csv", "graphml", "xlsx"):
    counts = export.write(selection, by_name(name, EXPORT_FORMATS), io.BytesIO())
    assert counts["nodes"] == 2 and counts["edges"] == 1, counts
assert "pyarrow" not in sys.modules, "pyarrow"
export.write(selection, by_name("parquet", EXPORT_FORMATS), io.BytesIO())
assert "pyarrow" in sys.modules
for module in ("pandas", "kg.imports"):
    assert module not in sys.modules, module
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize("name", TOOL_CASES)
def test_workbook_opens_in_openpyxl(
    store: EmbeddedStore, selections: dict[str, Selection], name: str
) -> None:
    selection = selections[name]
    body = export.serialize(selection, by_name("xlsx", EXPORT_FORMATS))
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    assert book.sheetnames == ["nodes", "edges", "evidence", "about"]
    nodes = list(book["nodes"].iter_rows(values_only=True))
    edges = list(book["edges"].iter_rows(values_only=True))
    assert nodes[0][:3] == ("id", "labels", "name")
    assert len(nodes) - 1 == _count(store, NODES, selection)
    assert len(edges) - 1 == _count(store, EDGES, selection)
    selected = nodes[0].index("selected")
    assert {r[selected] for r in nodes[1:]} <= {True, False}  # booleans, not text
    assert any(r[2] and any("\u4e00" <= c <= "\u9fff" for c in r[2]) for r in nodes[1:])
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["selection"] == selection.kind and about["nodes rows"] == str(len(nodes) - 1)
    book.close()


def test_workbook_continues_long_tables_on_more_sheets_and_cuts_long_cells(
    store: EmbeddedStore, selections: dict[str, Selection], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a sheet's last row a table goes on on ``edges (2)``, ...; text past a cell's
    limit is cut and ends with an ellipsis (the limits made small here)."""
    selection = selections["region"]
    whole = openpyxl.load_workbook(
        io.BytesIO(export.serialize(selection, by_name("xlsx", EXPORT_FORMATS))), read_only=True
    )
    edges = list(whole["edges"].iter_rows(values_only=True))
    monkeypatch.setattr(xlsx, "MAX_ROWS", 7)  # a header and six rows a sheet
    monkeypatch.setattr(xlsx, "MAX_CELL", 12)
    body = export.serialize(selection, by_name("xlsx", EXPORT_FORMATS))
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    parts = [n for n in book.sheetnames if n == "edges" or n.startswith("edges (")]
    assert len(parts) == -(-(len(edges) - 1) // 6) > 1
    rows = [r for n in parts for r in list(book[n].iter_rows(values_only=True))[1:]]
    assert len(rows) == len(edges) - 1
    assert all(len(row) == len(edges[0]) for row in rows)
    for cut, full in zip(rows, edges[1:], strict=True):
        for a, b in zip(cut, full, strict=True):
            if isinstance(b, str) and len(b) > 12:
                assert a == b[:11] + "…"
            else:
                assert a == b
    whole.close()
    book.close()


def test_evidence_travels_with_edges(store: EmbeddedStore, minter: Minter) -> None:
    selection = export.entity(store, minter, UAV, 1)
    frames = export.to_dataframes(selection)
    builds = frames["edges"][frames["edges"]["type"] == "builds"]
    assert len(builds) >= 1 and builds["evidence"].min() >= 1
    first = builds.iloc[0]
    rows = frames["evidence"][frames["evidence"]["edge"] == first["id"]]
    assert len(rows) == first["evidence"] and first["sentence"] in set(rows["sentence"])
    assert set(rows["status"]) <= {"Curated", "Imported", "Editorial", "Extracted"}
    bare = export.to_dataframes(selection, provenance=False)
    assert bare["evidence"].empty and (bare["edges"]["evidence"] == 0).all()
    assert len(bare["edges"]) == len(frames["edges"])


def test_networkx_graph_for_notebooks(store: EmbeddedStore, minter: Minter) -> None:
    selection = export.entity(store, minter, UAV, 2)
    g = export.to_networkx(selection)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_edges() == _count(store, EDGES, selection)
    uav = minter.entity(UAV).value
    assert g.nodes[uav]["name_zh"] == "哈尔滨联合飞机" and g.nodes[uav]["selected"]
    cited = [d for *_, d in g.edges(data=True) if d["evidence_items"]]
    assert cited and all(len(d["evidence_items"]) == d["evidence"] for d in cited)


def test_a_directory_is_only_for_multi_file_formats(
    selections: dict[str, Selection], tmp_path: Path
) -> None:
    with pytest.raises(UnsupportedFormat):
        export.write(selections["entity-1"], by_name("xlsx", EXPORT_FORMATS), tmp_path / "x")
    counts = export.write(
        selections["entity-1"], by_name("parquet", EXPORT_FORMATS), tmp_path / "p"
    )
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == [
        "edges.parquet",
        "evidence.parquet",
        "nodes.parquet",
    ]
    assert pq.read_table(tmp_path / "p" / "nodes.parquet").num_rows == counts["nodes"]


# --- HTTP and CLI ---------------------------------------------------------------------------


def test_http_download_streams_every_format(client: TestClient) -> None:
    for fmt in EXPORT_FORMATS:
        with client.stream(
            "GET", "/api/export", params={"region": "黑龙江", "format": fmt.name}
        ) as r:
            assert r.status_code == 200, fmt.name
            assert "content-length" not in r.headers  # chunked: sent as it is written
            assert r.headers["content-type"].startswith(fmt.media_type)
            assert "filename*=UTF-8''kg-region-" in r.headers["content-disposition"]
            assert int(r.headers["x-kg-export-nodes"]) > 10
            body = b"".join(r.iter_bytes())
        if fmt.media_type.endswith(("zip", "sheet")):
            assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None, fmt.name
        elif fmt.name == "graphml":
            assert nx.read_graphml(io.BytesIO(body)).number_of_nodes() > 10
        else:
            assert list(ox.parse(body, format=fmt.engine)), fmt.name


def test_http_chain_construct_and_no_provenance(client: TestClient) -> None:
    r = client.get(
        "/api/export",
        params={
            "chain": "航空航天产业链",
            "region": "哈尔滨",
            "format": "csv",
            "provenance": "false",
        },
    )
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert z.read("evidence.csv").decode().count("\n") == 1  # the header only
        assert "哈尔滨" in z.read("nodes.csv").decode()
    r = client.get("/api/export", params={"query": _prefixed(CONSTRUCT), "format": "ntriples"})
    assert r.status_code == 200 and "locatedIn" in r.text
    remote = "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }"
    assert client.get("/api/export", params={"query": remote}).status_code == 400  # refused
    assert client.get("/api/export", params={"query": "SELECT * {}"}).status_code == 400
    assert client.get("/api/export", params={"region": "不存在的地方"}).status_code == 404
    assert (
        client.get("/api/export", params={"region": "黑龙江", "format": "docx"}).status_code == 400
    )
    accept = {"Accept": "application/msword"}
    assert client.get("/api/export", params={"region": "黑龙江"}, headers=accept).status_code == 406


def test_http_construct_streams_from_its_first_triple(
    settings: Settings, synthetic_store: EmbeddedStore, serve: Any
) -> None:
    # A real server, a query time limit of 5 s and a CONSTRUCT of 400^3 = 64 million
    # triples (generated enterprises, their own namespace): building the result first
    # cannot end within the limit (503; it takes minutes); streamed, the download begins
    # with the first triple, and stops when the client goes away. (The limit leaves room
    # for the first triple on a machine busy with other work: 2 s was once too little.)
    syn = "https://w3id.org/kg-industry/synthetic/"
    sparql = _prefixed(
        f"CONSTRUCT {{ ?a <{syn}test/near> ?b }} WHERE {{ ?a a kg:Enterprise . "
        "?b a kg:Enterprise . ?c a kg:Enterprise }"
    )
    limited = settings.model_copy(update={"query_timeout": 5.0})
    with serve(create_app(limited, synthetic_store)) as url:
        params = {"query": sparql, "format": "ntriples"}
        with httpx.stream("GET", f"{url}/api/export", params=params, timeout=60) as r:
            assert r.status_code == 200, r.read()
            assert "x-kg-export-nodes" not in r.headers  # not known before the end
            assert "kg-construct-query.nt" in r.headers["content-disposition"]
            body = b""
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > 4 << 20:  # 4 MB of the 64 million triples: enough
                    break
        lines = body[: body.rindex(b"\n") + 1]
        assert all(
            t.predicate.value == f"{syn}test/near"
            for t in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
        )
        _export_threads_end()
        # Errors of the query come before any byte, as errors
        bad = httpx.get(f"{url}/api/export", params={"query": "CONSTRUCT { ?s ?p }"})
        assert bad.status_code == 400 and bad.json()["error"]
        select = httpx.get(f"{url}/api/export", params={"query": "SELECT * { ?s ?p ?o }"})
        assert select.status_code == 400 and "CONSTRUCT" in select.text
    # A query that gives no first triple within the limit (it waits on a SERVICE that
    # accepts the connection and never answers): 503 before any byte; its thread ends when
    # the query does (here: when the service closes the connection).
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    service = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
    held: list[socket.socket] = []
    accept = threading.Thread(target=lambda: held.append(silent.accept()[0]), daemon=True)
    accept.start()
    waiting = settings.model_copy(update={"query_timeout": 2.0, "remote_allowlist": [service]})
    try:
        with serve(create_app(waiting, synthetic_store)) as url:
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{service}> {{ ?s ?p ?o }} }}"
            r = httpx.get(f"{url}/api/export", params={"query": query, "format": "ntriples"})
            assert r.status_code == 503 and r.json()["error"]["code"]
    finally:
        accept.join(10)
        for conn in held:
            conn.close()
        silent.close()
    _export_threads_end()


def test_http_construct_in_graph_and_table_formats(
    client: TestClient, store: EmbeddedStore, minter: Minter
) -> None:
    # Downloaded as it starts at once, a CONSTRUCT's export holds what the export of its
    # selection holds (a zip's members: the archives' dates differ).
    selection = export.construct(store, minter, _prefixed(CONSTRUCT))
    for fmt in EXPORT_FORMATS:
        if fmt in GRAPH_FORMATS:
            continue
        r = client.get("/api/export", params={"query": _prefixed(CONSTRUCT), "format": fmt.name})
        assert r.status_code == 200, fmt.name
        assert f"kg-construct-query.{fmt.suffix}" in r.headers["content-disposition"]
        expected = export.serialize(selection, fmt)
        if fmt.name == "graphml":
            assert r.content == expected
            continue
        with (
            zipfile.ZipFile(io.BytesIO(r.content)) as got,
            zipfile.ZipFile(io.BytesIO(expected)) as want,
        ):
            names = want.namelist()
            assert got.namelist() == names and len(names) >= 3, fmt.name
            for name in names:
                if name != "xl/worksheets/sheet4.xml":  # the about sheet: when exported
                    assert got.read(name) == want.read(name), (fmt.name, name)


def test_http_construct_in_graph_and_table_formats_starts_before_its_result_is_built(
    settings: Settings,
    synthetic_store: EmbeddedStore,
    serve: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The 64-million-triple CONSTRUCT of generated enterprises under a query time limit of
    # 5 s (at 2 s a loaded machine's scheduling gap once passed for a stalled build). GraphML and the CSV zip group the facts by node, so the result is written and
    # sorted on disk first (temporary files, here under tmp_path); the response begins
    # before that with what comes before the nodes: GraphML's keys, the zip's first member.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # Runs of fewer lines than an export's, so that one is written soon after the limit
    # (100,000 lines took 35-50 s a format on a loaded machine).
    monkeypatch.setattr(spool, "RUN", 5_000)
    syn = "https://w3id.org/kg-industry/synthetic/"
    sparql = _prefixed(
        f"CONSTRUCT {{ ?a <{syn}test/near> ?b }} WHERE {{ ?a a kg:Enterprise . "
        "?b a kg:Enterprise . ?c a kg:Enterprise }"
    )
    limit = 5.0
    limited = settings.model_copy(update={"query_timeout": limit})
    with serve(create_app(limited, synthetic_store)) as url:
        heads = {
            "graphml": b"<?xml",
            "csv": b"PK\x03\x04",
            "parquet": b"PK\x03\x04",
            "xlsx": b"PK\x03\x04",
        }
        members = {"csv": b"nodes.csv", "parquet": b"nodes.parquet", "xlsx": b"sheet1.xml"}
        for name, start in heads.items():
            params = {"query": sparql, "format": name}
            with httpx.stream("GET", f"{url}/api/export", params=params, timeout=60) as r:
                assert r.status_code == 200, r.read()
                assert "kg-construct-query." in r.headers["content-disposition"]
                body = r.iter_bytes()  # kept: a generator dropped closes the connection
                first = next(body)
                assert first.startswith(start), name
                if name == "graphml":
                    assert b'<key id="n0" for="node"' in first and b"<node " not in first
                else:
                    assert members[name] in first  # the zip's first member has begun
                # The result is written meanwhile, on past the query time limit while the
                # query gives triples (the limit cuts a query that gives none): sorted runs
                # appear after the limit, and the sorted result (read node by node) not yet.
                after = time.time() + limit + 0.5
                deadline = time.monotonic() + 90  # a bound, not a timing
                while not any(
                    run.stat().st_mtime > after for run in tmp_path.glob("kg-construct-*/run-*.nt")
                ):
                    assert time.monotonic() < deadline, "the build stopped"
                    time.sleep(0.1)
                assert not list(tmp_path.glob("kg-construct-*/sorted.nt"))
            # The client left: the build stops, its files are removed.
            _export_threads_end()
            assert not list(tmp_path.glob("kg-construct-*")), name
        # Errors of the query come before any byte, as errors
        for name in ("graphml", "parquet", "xlsx"):
            bad = httpx.get(
                f"{url}/api/export", params={"query": "CONSTRUCT { ?s ?p }", "format": name}
            )
            assert bad.status_code == 400 and bad.json()["error"], name
            select = httpx.get(
                f"{url}/api/export", params={"query": "SELECT * { ?s ?p ?o }", "format": name}
            )
            assert select.status_code == 400 and "CONSTRUCT" in select.text, name
    # KG_EXPORT_TIMEOUT ends the download while the result is being built: the body is cut
    # (incomplete, never a complete-looking one), the build stops, its files are removed.
    short = settings.model_copy(update={"query_timeout": 2.0, "export_timeout": 3.0})
    with serve(create_app(short, synthetic_store)) as url:
        params = {"query": sparql, "format": "graphml"}
        with (
            pytest.raises(httpx.RemoteProtocolError),
            httpx.stream("GET", f"{url}/api/export", params=params, timeout=60) as r,
        ):
            assert r.status_code == 200
            for _ in r.iter_bytes():
                pass
        _export_threads_end()
        assert not list(tmp_path.glob("kg-construct-*"))


def _export_threads_end() -> None:
    """Wait for the export threads to end (a bound, not a timing: they stop at their next
    write, or when their query ends)."""
    deadline = time.monotonic() + 30
    while any(t.name == "kg-export" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "an export went on after its client left"
        time.sleep(0.1)


def test_cli_writes_whole_files_and_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    root = Path(__file__).resolve().parent.parent
    base = ["--store", str(tmp_path / "store"), "--data-dir", str(root / "data")]
    base += ["--ontology-dir", str(root / "ontology")]
    runner = CliRunner()
    assert runner.invoke(main, [*base, "load"]).exit_code == 0
    book = tmp_path / "out" / "heilongjiang.xlsx"
    done = runner.invoke(main, [*base, "export", "--region", "黑龙江", "-o", str(book)])
    assert done.exit_code == 0, done.output
    assert "exporting region" in done.output and "edges" in done.output
    assert openpyxl.load_workbook(book, read_only=True).sheetnames[0] == "nodes"
    assert [p.name for p in book.parent.iterdir()] == [book.name]  # no temporary file left
    folder = tmp_path / "out" / "tables"
    args = ["export", "--chain", "航空航天产业链", "--format", "parquet", "--no-provenance"]
    done = runner.invoke(main, [*base, *args, "-o", f"{folder}/"])  # a directory
    assert done.exit_code == 0, done.output
    assert pq.read_table(folder / "evidence.parquet").num_rows == 0
    assert pq.read_table(folder / "nodes.parquet").num_rows > 5
    failed = runner.invoke(main, [*base, "export", "--region", "nowhere-at-all", "-o", str(book)])
    assert failed.exit_code == 1 and book.exists()  # the earlier export is untouched
    one_file = ["export", "--region", "黑龙江", "--format", "xlsx", "-o", str(folder)]
    assert runner.invoke(main, [*base, *one_file]).exit_code == 1
    # A file's suffix no export format has, or a table format's own suffix (three tables
    # never fit one .csv or .parquet file), is refused rather than written as Turtle.
    for name, fmt in (("t.xls", []), ("t.parquet", []), ("t.csv", ["--format", "csv"])):
        refused = runner.invoke(
            main, [*base, "export", "--region", "黑龙江", *fmt, "-o", str(tmp_path / name)]
        )
        assert refused.exit_code == 1 and "--format" in refused.output, name
        assert not (tmp_path / name).exists()
    # Into a directory that holds other files: they stay; the export's own are replaced.
    (folder / "notes.txt").write_text("an analyst's notes", encoding="utf-8")
    again = ["export", "--chain", "航空航天产业链", "--format", "parquet", "-o", str(folder)]
    done = runner.invoke(main, [*base, *again])
    assert done.exit_code == 0, done.output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "an analyst's notes"
    assert sorted(p.name for p in folder.iterdir()) == [
        "edges.parquet",
        "evidence.parquet",
        "nodes.parquet",
        "notes.txt",
    ]
    assert pq.read_table(folder / "evidence.parquet").num_rows > 0  # the new export's
    assert (folder.stat().st_mode & 0o777) != 0o700  # an ordinary directory, not mkdtemp's

    # A CONSTRUCT in an RDF format is written as the query gives its triples: no store of
    # its result is built (the selection that builds one is not called).
    def no_store(*args: object) -> None:
        raise AssertionError("the CONSTRUCT's result was built into a store")

    monkeypatch.setitem(selection_module._SELECT, "query", no_store)
    nt = tmp_path / "out" / "located.nt"
    done = runner.invoke(main, [*base, "export", "--query", _prefixed(CONSTRUCT), "-o", str(nt)])
    assert done.exit_code == 0, done.output
    facts = set(ox.parse(nt.read_bytes(), format=ox.RdfFormat.N_TRIPLES))
    assert any(t.predicate == KG.locatedIn for t in facts) and "statements" in done.output


def test_an_entity_seen_only_in_the_news_exports_its_articles_facts(
    settings: Settings, minter: Minter, tmp_path: Path
) -> None:
    """Two real corpus items (xwlb-20230327-07 names 中国船舶集团有限公司 among the groups
    inspected; xwlb-20230422-05 its contract with 法国达飞集团) ingested into a store of
    their own: the export of 法国达飞集团 holds the articles that mention what it is one of,
    their facts with the news assertions as evidence - also after a merge, exporting the
    IRI merged away (the alias)."""
    from kg.identity import NameRules
    from kg.ingest import Pipeline
    from kg.loading import load_curated
    from kg.merges import merge
    from kg.store import open_store

    ids = ("xwlb-20230327-07", "xwlb-20230422-05")
    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
    lines = (corpus / "xwlb-2022-09_2023-06.jsonl").read_text("utf-8").splitlines()
    items = [line for line in lines if json.loads(line)["id"] in ids]
    assert len(items) == 2
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(items) + "\n", encoding="utf-8")
    news = open_store(None)
    load_curated(news, settings, check_shapes=False)
    # the inspection list is party business: read for its names through the hand gate
    hand = Pipeline(news, minter, settings.data_dir, learned_relevance=False)
    assert hand.run([path]).relevant == 2

    def iri(name: str) -> str:
        return selection_module.find_entity(news, minter, name).value

    ships, cma = iri("中国船舶集团有限公司"), iri("法国达飞集团")
    articles = {minter.source(f"news-{i}").value for i in ids}

    def edges(selection: Selection) -> set[tuple[str, str, str]]:
        out = set()
        for block in reader.blocks(selection):
            for q in block.quads if block.selected else ():
                if isinstance(q.object, ox.NamedNode) and q.predicate != RDF.type:
                    out.add((q.subject.value, q.predicate.value, q.object.value))
        return out

    before = export.entity(news, minter, cma, 1)
    assert {n.value for n in before.nodes} == {cma, ships, minter.source(f"news-{ids[1]}").value}
    mentions = "https://schema.org/mentions"
    assert (minter.source(f"news-{ids[1]}").value, mentions, cma) in edges(before)
    # the news assertion of each article fact travels as its evidence
    statuses = {
        e.status
        for block in reader.blocks(before)
        for found in block.evidence.values()
        for e in found
    }
    assert statuses == {"Extracted"}
    assert {n.value for n in export.entity(news, minter, cma, 0).nodes} == {cma}

    merge(news, minter, NameRules.load(settings.data_dir), ships, cma, "张审核")
    after = export.entity(news, minter, cma, 1)
    assert {n.value for n in after.nodes} == {cma, ships, *articles}
    held = edges(after)
    assert {(a, mentions, ships) for a in articles} <= held
    assert (cma, "http://www.w3.org/2002/07/owl#sameAs", ships) in held
