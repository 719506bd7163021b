"""Loading the curated data: every fact rests on a verbatim sentence; loads are
idempotent and atomic; bad input is refused with file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from kg.config import Settings
from kg.errors import DataError, StoreUnavailable
from kg.iris import Minter
from kg.loading import load_curated, load_rdf
from kg.namespaces import sparql_prefixes
from kg.sources import load_sources
from kg.store import EmbeddedStore
from kg.terms import to_rdflib_graph

SEED = "hljrb-2024-08-23-industrial-transfer"
CCTV = "cctv-2024-09-01-harbin-docking-event"


def ask(store: EmbeddedStore, sparql: str) -> bool:
    return bool(store.query(sparql_prefixes() + sparql))


def select(store: EmbeddedStore, sparql: str) -> list[ox.QuerySolution]:
    return list(store.query(sparql_prefixes() + sparql))


def snapshot(store: EmbeddedStore) -> set[ox.Quad]:
    return set(store.quads())


def test_every_evidence_sentence_is_verbatim_in_its_source(
    store: EmbeddedStore, settings: Settings
) -> None:
    sources = {d.address: d for d in load_sources(settings.data_dir / "sources").values()}
    rows = select(
        store,
        """
        SELECT ?text ?start ?end ?url WHERE {
          ?a a kg:Assertion ; kg:status kg:Curated ; kg:evidence ?e .
          ?e kg:text ?text ; kg:startOffset ?start ; kg:endOffset ?end ; dct:isPartOf ?d .
          ?d schema:url ?url .
        }""",
    )
    assert len(rows) > 400
    for row in rows:
        doc = sources[row["url"].value]
        assert doc.text[int(row["start"].value) : int(row["end"].value)] == row["text"].value


def test_every_curated_fact_is_traceable_to_document_and_sentence(
    store: EmbeddedStore, minter: Minter
) -> None:
    """No data triple of a source graph lacks an assertion with evidence (labels in English
    and bookkeeping aside; editorial graphs have rationales, reference graphs hold the
    national classification, cited as a whole)."""
    untraced = select(
        store,
        """
        SELECT ?s ?p ?o WHERE {
          GRAPH ?g { ?s ?p ?o }
          FILTER(STRSTARTS(STR(?g), "%sgraph/") && !CONTAINS(STR(?g), "editorial") && !CONTAINS(STR(?g), "curated-load") && !CONTAINS(STR(?g), "/reference-"))
          FILTER(STRSTARTS(STR(?s), "%s") && !STRSTARTS(STR(?s), "%sassertion/") && !STRSTARTS(STR(?s), "%ssource/") && !STRSTARTS(STR(?s), "%sgraph/"))
          FILTER(!(isLiteral(?o) && LANG(?o) = "en"))
          FILTER(?p NOT IN (skos:prefLabel, skos:inScheme, skos:topConceptOf, skos:editorialNote))
          FILTER NOT EXISTS { GRAPH ?g { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidence ?e } }
        }""".replace("%s", minter.prefix),
    )
    assert untraced == []


def test_counts_per_source(store: EmbeddedStore, minter: Minter) -> None:
    rows = select(
        store,
        """
        SELECT ?g (COUNT(DISTINCT ?a) AS ?facts) WHERE { GRAPH ?g { ?a a kg:Assertion } } GROUP BY ?g""",
    )
    facts = {r["g"].value.rsplit("/", 1)[-1]: int(r["facts"].value) for r in rows}
    assert facts[SEED] > 300
    assert facts[CCTV] > 20
    assert facts["hlj-4567-industrial-system"] > 80
    assert facts["editorial-industry-scheme"] == 8
    assert facts["editorial-locations"] == 9


@pytest.mark.parametrize(
    ("sparql", "what"),
    [
        (
            "ASK { id:milestone/uav-base-topping-out kg:date '2024-08-08'^^xsd:date ; kg:milestoneType kg:ToppingOut ; kg:elapsed 'P126D'^^xsd:duration ; kg:after id:milestone/uav-base-groundbreaking }",
            "UAV base roofed 2024-08-08, 126 days after work started",
        ),
        (
            "ASK { id:milestone/uav-base-groundbreaking kg:date '2024-04'^^xsd:gYearMonth ; kg:dateDerivation ?how FILTER(CONTAINS(?how, '2024-04-04') && CONTAINS(?how, '2024-04-05')) }",
            "start derived to the month only, naming both day-counting conventions",
        ),
        (
            "ASK { id:event/docking-2024-heilongjiang kg:date '2024-09-01'^^xsd:date ; kg:heldIn id:place/harbin . id:org/miit kg:organizes id:event/docking-2024-heilongjiang . id:org/heilongjiang-government kg:organizes id:event/docking-2024-heilongjiang }",
            "event date, host city, organisers",
        ),
        (
            "ASK { id:event/docking-2024-heilongjiang kg:theme '聚力畅通国内大循环加力培育新质生产力'@zh }",
            "theme",
        ),
        (
            "ASK { SELECT (COUNT(?e) AS ?n) WHERE { ?e kg:subEventOf id:event/docking-2024-heilongjiang } HAVING (COUNT(?e) = 5) }",
            "1+4 activities",
        ),
        (
            "ASK { id:event/docking-2024-aerospace-and-high-end-equipment kg:coversIndustry id:industry/aerospace-and-high-end-equipment }",
            "themes of the activities",
        ),
        (
            "ASK { ?f kg:figureOf id:event/docking-2024-heilongjiang ; kg:value 172.0 ; kg:qualifier kg:Exactly }",
            "172 signed projects",
        ),
        (
            "ASK { ?f kg:figureOf id:event/docking-2024-heilongjiang ; kg:value 250000000000.0 ; kg:unit 'CNY' ; kg:qualifier kg:MoreThan }",
            "over 250 billion yuan",
        ),
        (
            "ASK { ?f kg:figureOf id:place/heilongjiang ; kg:value 78.0 ; kg:unit '所' }",
            "78 universities",
        ),
        (
            "ASK { ?f kg:figureOf id:place/heilongjiang ; kg:value 226.0 }",
            "226 research institutes",
        ),
        (
            "ASK { ?f kg:figureOf id:place/heilongjiang ; kg:value 1200.0 ; kg:qualifier kg:MoreThan }",
            "over 1,200 innovation platforms",
        ),
        (
            "ASK { id:org/hrbeu kg:shortName '哈工程'@zh ; skos:altLabel '哈工程大学'@zh ; rdfs:label '哈尔滨工程大学'@zh }",
            "哈工程 / 哈尔滨工程大学",
        ),
        (
            "ASK { id:org/miit kg:shortName '工信部'@zh ; rdfs:label '工业和信息化部'@zh }",
            "工信部 / 工业和信息化部",
        ),
        (
            "ASK { id:milestone/sinopharm-tcm-park-groundbreaking kg:date '2024-04'^^xsd:gYearMonth }",
            "今年4月 resolved",
        ),
        (
            "ASK { id:person/tian-gangyin schema:jobTitle '董事长'@zh FILTER NOT EXISTS { ?m org:member id:person/tian-gangyin } FILTER NOT EXISTS { id:person/tian-gangyin kg:leads ?org } }",
            "董事长 as stated; of which company the sentence does not say",
        ),
        (
            "ASK { id:industry/agricultural-machinery skos:altLabel '智能农机'@zh ; skos:broader id:group/strategic-emerging-industries }",
            "4567 variants as altLabel",
        ),
        (
            "ASK { id:place/daowai kg:partOf id:place/harbin . id:place/harbin kg:partOf id:place/heilongjiang }",
            "regions nest",
        ),
    ],
)
def test_curated_facts(store: EmbeddedStore, minter: Minter, sparql: str, what: str) -> None:
    # id:kind/slug is shorthand for a minted IRI (a '/' is not allowed in a prefixed name).
    expanded = re.sub(r"id:([a-z]+/[a-z0-9-]+)", lambda m: f"<{minter.prefix}{m.group(1)}>", sparql)
    assert bool(store.query(sparql_prefixes() + expanded)), what


def test_editorial_links_are_apart_and_explained(store: EmbeddedStore) -> None:
    rows = select(
        store,
        """
        SELECT ?g ?rationale WHERE { GRAPH ?g { ?a kg:status kg:Editorial ; kg:rationale ?rationale } }""",
    )
    kinds = {r["g"].value.rsplit("/", 1)[-1] for r in rows}
    assert {
        "editorial-industry-scheme",
        "editorial-locations",
        "editorial-industry-alignment",
    } <= kinds
    assert any(k.startswith("editorial-chain-") for k in kinds)
    assert all(r["rationale"].value.strip() for r in rows)
    assert not ask(
        store,
        "ASK { GRAPH ?g { ?a kg:status kg:Editorial } FILTER(!CONTAINS(STR(?g), 'editorial')) }",
    )



@pytest.mark.parametrize(
    ("sparql", "what"),
    [
        (
            "ASK { GRAPH ?g { id:site/harbin-united-aircraft-uav-base kg:locatedIn id:place/harbin } FILTER(STRENDS(STR(?g), 'editorial-locations')) FILTER NOT EXISTS { ?a rdf:subject id:project/harbin-united-aircraft-uav-base ; rdf:predicate kg:locatedIn ; kg:status kg:Curated } }",
            "the UAV base's place is editorial: no sentence states it",
        ),
        (
            "ASK { ?a rdf:subject id:plan/heilongjiang-4567 ; rdf:predicate kg:supportsRegion ; rdf:object id:place/heilongjiang ; kg:evidence/kg:text ?s FILTER(CONTAINS(?s, '黑龙江“4567”')) FILTER NOT EXISTS { ?b rdf:subject id:plan/heilongjiang-4567 ; rdf:predicate kg:supportsRegion ; kg:evidence/kg:text ?t FILTER(!CONTAINS(?t, '黑龙江')) } }",
            "4567 applies to Heilongjiang only on the sentence that says so",
        ),
        (
            "ASK { FILTER NOT EXISTS { ?a rdf:subject id:plan/heilongjiang-4567 ; rdf:predicate kg:supportsIndustry ; kg:evidence/kg:text ?s FILTER(!CONTAINS(?s, '4567')) } }",
            "the 4567 plan's groups rest on the quote that names 4567",
        ),
        (
            "ASK { FILTER NOT EXISTS { ?e a kg:Sentence ; kg:text ?s FILTER(CONTAINS(?s, 'The same page') || CONTAINS(?s, '芦玉春')) } FILTER NOT EXISTS { ?g kg:hasGoal ?goal } }",
            "nothing rests on the compiler's notes of the 4567 source",
        ),
        (
            "ASK { id:industry/pharmaceuticals skos:related id:industry/biomedicine FILTER NOT EXISTS { id:industry/pharmaceuticals skos:broader id:industry/biomedicine } }",
            "医药 is related to 生物医药, not under it",
        ),
        (
            "ASK { id:org/miit kg:shortName '工信部'@zh . ?a rdf:subject id:org/miit ; rdf:predicate kg:shortName ; kg:evidence/kg:text ?s FILTER(CONTAINS(?s, '工信部')) }",
            "a short name rests on a sentence that uses it",
        ),
    ],
)
def test_audited_facts_rest_on_what_their_sentences_say(
    store: EmbeddedStore, minter: Minter, sparql: str, what: str
) -> None:
    expanded = re.sub(r"id:([a-z]+/[a-z0-9-]+)", lambda m: f"<{minter.prefix}{m.group(1)}>", sparql)
    assert bool(store.query(sparql_prefixes() + expanded)), what


def test_every_name_rests_on_a_sentence_that_contains_it(store: EmbeddedStore) -> None:
    """An alternative or short name is asserted with evidence that uses it. Places aside: their
    official names (哈尔滨市) come from the gazetteer, and 东北地区 is written 东北和中西部地区.
    Bracket widths and quotation marks are not told apart."""
    rows = select(
        store,
        """
        SELECT ?name ?text WHERE {
          ?a kg:status kg:Curated ; rdf:predicate ?p ; rdf:object ?name ; kg:evidence/kg:text ?text .
          VALUES ?p { skos:altLabel kg:shortName }
          ?a rdf:subject ?s . FILTER NOT EXISTS { ?s a/rdfs:subClassOf* kg:Region }
        }""",
    )
    assert rows
    missing = {
        r["name"].value
        for r in rows
        if r["name"].value.replace("（", "(").replace("）", ")").replace("“", "").replace("”", "").replace('"', "")
        not in r["text"].value.replace("“", "").replace("”", "").replace('"', "")
    }
    assert missing == set()

def graphs(store: EmbeddedStore, skip: ox.NamedNode) -> dict[str, object]:
    """Each graph as an rdflib graph (the shapes have blank nodes: compare by isomorphism)."""
    return {g.value: to_rdflib_graph(store.quads(g)) for g in store.named_graphs() if g != skip}


def test_reload_is_idempotent(
    fresh_store: EmbeddedStore, settings: Settings, minter: Minter
) -> None:
    load_curated(fresh_store, settings, check_shapes=False)
    record = minter.graph("curated-load")
    first = graphs(fresh_store, record)
    load_curated(fresh_store, settings, check_shapes=False)
    second = graphs(fresh_store, record)
    assert first.keys() == second.keys()
    for name in first:
        assert isomorphic(first[name], second[name]), name
    assert load_curated(fresh_store, settings, if_changed=True).skipped


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_sentence_not_in_the_source_is_refused_and_nothing_is_written(
    fresh_store: EmbeddedStore, settings: Settings, data_copy: Path
) -> None:
    load_curated(fresh_store, settings, check_shapes=False)
    before = snapshot(fresh_store)
    curated = data_copy / "curated" / f"{CCTV}.yaml"
    _break(
        curated, "共签约项目172个", "共签约项目173个"
    )  # the sentence no longer matches the source
    broken = settings.model_copy(update={"data_dir": data_copy})
    with pytest.raises(DataError) as err:
        load_curated(fresh_store, broken, check_shapes=False)
    assert "nothing was written" in err.value.message
    assert any(f"{curated}:" in d and "not found in source" in d for d in err.value.details)
    assert snapshot(fresh_store) == before


def test_unknown_entities_and_predicates_are_reported_with_lines(
    settings: Settings, data_copy: Path, fresh_store: EmbeddedStore
) -> None:
    curated = data_copy / "curated" / f"{CCTV}.yaml"
    _break(
        curated,
        "[event/docking-2024-heilongjiang, heldIn, place/harbin]",
        "[event/docking-2024-heilongjiang, heldAt, place/harbin-city]",
    )
    with pytest.raises(DataError) as err:
        load_curated(
            fresh_store, settings.model_copy(update={"data_dir": data_copy}), check_shapes=False
        )
    details = "\n".join(err.value.details)
    assert "unknown predicate 'heldAt'" in details
    line = next(
        i
        for i, text in enumerate(curated.read_text(encoding="utf-8").splitlines(), 1)
        if "heldAt" in text
    )
    assert f"{curated}:{line}:" in details


def test_a_changed_source_copy_is_refused(
    settings: Settings, data_copy: Path, fresh_store: EmbeddedStore
) -> None:
    _break(data_copy / "sources" / f"{CCTV}.txt", "172", "173")
    with pytest.raises(DataError, match="SHA-256"):
        load_curated(
            fresh_store, settings.model_copy(update={"data_dir": data_copy}), check_shapes=False
        )


def test_a_malformed_rdf_file_is_refused_and_nothing_is_written(
    fresh_store: EmbeddedStore, settings: Settings, tmp_path: Path, minter: Minter
) -> None:
    load_curated(fresh_store, settings, check_shapes=False)
    before = snapshot(fresh_store)
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        load_rdf(fresh_store, bad, minter.graph("file-bad"))
    assert str(bad) in err.value.message
    assert snapshot(fresh_store) == before


def test_rdf_files_load_into_their_graph_and_reload_replaces(
    fresh_store: EmbeddedStore, tmp_path: Path, minter: Minter
) -> None:
    good = tmp_path / "ontology-copy.ttl"
    good.write_text(
        (Path(__file__).parent.parent / "ontology" / "shapes.ttl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    graph = minter.graph("file-shapes")
    first = load_rdf(fresh_store, good, graph)
    again = load_rdf(fresh_store, good, graph)
    assert first.triples == again.triples == len(fresh_store.get_graph(graph))


def test_new_graphs_are_loaded_by_the_engine_and_reloads_replace(
    fresh_store: EmbeddedStore, tmp_path: Path, minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose graphs are new goes to the engine's bulk loader (no Python copy of the
    file); loading it again replaces its graphs instead of adding duplicates."""
    data = tmp_path / "two-graphs.nq"
    lines = [
        f'<http://example.org/s{i}> <http://example.org/p> "{i}" <http://example.org/g{i % 2}> .'
        for i in range(10)
    ]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    native: list[Path] = []
    real = EmbeddedStore.load_new_graphs

    def spy(self: EmbeddedStore, path: Path, *args: object) -> None:
        native.append(path)
        real(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(EmbeddedStore, "load_new_graphs", spy)
    report = load_rdf(fresh_store, data, minter.graph("file-two-graphs"))
    assert report.triples == 10 and native == [data]
    g0, g1 = ox.NamedNode("http://example.org/g0"), ox.NamedNode("http://example.org/g1")
    assert len(fresh_store.get_graph(g0)) == len(fresh_store.get_graph(g1)) == 5
    data.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")  # changed: replaces
    load_rdf(fresh_store, data, minter.graph("file-two-graphs"))
    assert native == [data]  # graphs that hold data are replaced in one update
    assert len(fresh_store.get_graph(g0)) == len(fresh_store.get_graph(g1)) == 2


def test_a_syntax_error_at_the_end_of_a_new_file_writes_nothing(
    fresh_store: EmbeddedStore, tmp_path: Path, minter: Minter
) -> None:
    bad = tmp_path / "late-error.nt"
    good = "".join(
        f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(500)
    )
    bad.write_text(good + "<http://example.org/s> <http://example.org/p> oops .\n", "utf-8")
    before = snapshot(fresh_store)
    with pytest.raises(DataError, match=r"late-error\.nt: .*line 501|late-error\.nt: .*501"):
        load_rdf(fresh_store, bad, minter.graph("file-late-error"))
    assert snapshot(fresh_store) == before


def test_a_failed_bulk_load_leaves_no_trace(
    fresh_store: EmbeddedStore, tmp_path: Path, minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the engine fail half-way (disk full, say), the new graphs are dropped again."""
    data = tmp_path / "fails.nt"
    data.write_text('<http://example.org/s> <http://example.org/p> "o" .\n', encoding="utf-8")
    before = snapshot(fresh_store)
    graph = minter.graph("file-fails")
    real = fresh_store._store

    class Failing:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def bulk_load(self, **kw: object) -> None:
            real.bulk_load(**kw)  # written, then the engine fails
            raise OSError("No space left on device")

    monkeypatch.setattr(fresh_store, "_store", Failing())
    with pytest.raises(StoreUnavailable) as failed:
        load_rdf(fresh_store, data, graph)
    assert any("No space left" in line for line in failed.value.details)  # for the log
    monkeypatch.undo()
    assert snapshot(fresh_store) == before
