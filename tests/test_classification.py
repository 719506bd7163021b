"""The national classification GB/T 4754-2017 as a SKOS scheme: loaded from
data/reference, found by code (in the forms people write) and by name through the
library, the API, the CLI and SPARQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from kg import queries
from kg.classification import describe_class, find_class, search_classes
from kg.cli import main
from kg.config import Settings
from kg.entities import search
from kg.errors import DataError, NotFound
from kg.iris import Minter
from kg.loaders.classification import read_classification
from kg.loading import load_curated
from kg.namespaces import sparql_prefixes
from kg.store import EmbeddedStore, solutions

C3741 = "https://w3id.org/kg-industry/id/gbt4754/3741"


def count(store: EmbeddedStore, sparql: str) -> int:
    rows = list(solutions(store.query(sparql_prefixes() + sparql)))
    return int(rows[0]["n"].value)


def test_the_scheme_has_every_level_of_the_standard(store: EmbeddedStore) -> None:
    by_level = {
        r["len"].value: int(r["n"].value)
        for r in solutions(
            store.query(
                sparql_prefixes()
                + """SELECT ?len (COUNT(?c) AS ?n) WHERE {
                  ?c a kg:ActivityClass ; skos:notation ?code .
                  FILTER(DATATYPE(?code) = kg:GBT4754Code)
                  BIND(IF(REGEX(STR(?code), "^[A-T]$"), "1", STR(STRLEN(STR(?code)))) AS ?len)
                } GROUP BY ?len"""
            )
        )
    }
    assert by_level == {"1": 20, "2": 97, "3": 473, "4": 1381}
    # sections are the top concepts; everything else has exactly one broader class
    assert (
        count(
            store, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:ActivityClass ; skos:topConceptOf ?s }"
        )
        == 20
    )
    assert (
        count(
            store,
            """SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:ActivityClass
               FILTER NOT EXISTS { ?c skos:topConceptOf ?s }
               FILTER NOT EXISTS { ?c skos:broader ?b } }""",
        )
        == 0
    )
    # both notations, each with its datatype; no English names (the standard has none)
    assert (
        count(
            store,
            f"""SELECT (COUNT(?n0) AS ?n) WHERE {{ <{C3741}> skos:notation ?n0
                FILTER(?n0 IN ("3741"^^kg:GBT4754Code, "C3741"^^kg:GBT4754RegistryCode)) }}""",
        )
        == 2
    )
    assert (
        count(
            store,
            'SELECT (COUNT(?l) AS ?n) WHERE { ?c a kg:ActivityClass ; skos:prefLabel ?l FILTER(LANG(?l) != "zh") }',
        )
        == 0
    )


@pytest.mark.parametrize("written", ["3741", "C3741", "C 3741", "c3741", "Ｃ３７４１", "飞机制造"])
def test_a_class_is_found_however_it_is_written(
    store: EmbeddedStore, minter: Minter, written: str
) -> None:
    assert find_class(store, minter, written).value == C3741


def test_a_class_is_described_with_its_path_and_children(
    store: EmbeddedStore, minter: Minter
) -> None:
    d = describe_class(store, minter, "C374")
    assert (d["code"], d["registry_code"], d["label"], d["level_name_en"]) == (
        "374",
        "C374",
        "航空、航天器及设备制造",
        "group",
    )
    assert [p["code"] for p in d["path"]] == ["C", "37", "374"]
    assert [c["code"] for c in d["children"]] == ["3741", "3742", "3743", "3744", "3749"]


def test_wrong_or_unknown_codes_say_so(store: EmbeddedStore, minter: Minter) -> None:
    with pytest.raises(NotFound, match="in section C, not A"):
        find_class(store, minter, "A3741")
    with pytest.raises(NotFound, match="no GB/T 4754-2017 code '9999'"):
        find_class(store, minter, "9999")
    with pytest.raises(NotFound, match="no GB/T 4754 class called '不存在的行业'"):
        find_class(store, minter, "不存在的行业")


def test_search_by_code_prefix_and_name(store: EmbeddedStore) -> None:
    assert [c["code"] for c in search_classes(store, "C 374")] == [
        "374",
        "3741",
        "3742",
        "3743",
        "3744",
        "3749",
    ]
    assert {"3742", "4343"} <= {c["code"] for c in search_classes(store, "航天")}
    hits = search(store, Minter("https://w3id.org/kg-industry/"), "C3741")
    assert hits[0]["iri"] == C3741 and hits[0]["kind"] == "classification"


def test_the_api_finds_classes_by_code_and_name(client: TestClient) -> None:
    one = client.get("/api/classification/C3741").json()
    assert (one["iri"], one["label"], one["registry_code"]) == (C3741, "飞机制造", "C3741")
    assert client.get("/api/classification/3741").json() == one
    assert client.get("/api/classification/飞机制造").json()["iri"] == C3741
    found = client.get("/api/classification", params={"q": "航天器"}).json()["results"]
    assert {"374", "3742"} <= {c["code"] for c in found}
    missing = client.get("/api/classification/A3741")
    assert missing.status_code == 404 and "section C" in missing.json()["error"]["message"]
    # the linked-data IRI dereferences like every IRI kg mints
    described = client.get("/id/gbt4754/3741").json()
    assert described["kind"] == "classification" and described["label"] == "飞机制造"


def test_the_named_query_runs_on_the_sparql_endpoint(client: TestClient) -> None:
    text = client.get("/api/queries/classification").text
    query = text + '\nVALUES ?notation { "C3741"^^kg:GBT4754RegistryCode }'
    rows = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert {r["ancestorCode"]["value"] for r in rows} == {"C", "37", "374", "3741"}
    assert {r["label"]["value"] for r in rows} == {"飞机制造"}


def test_the_cli_shows_a_class_and_searches(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["--store", str(path), "load"]).exit_code == 0
    shown = runner.invoke(main, ["--store", str(path), "classification", "C 3741"])
    assert shown.exit_code == 0, shown.output
    assert (
        "C3741 飞机制造" in shown.output
        and "37 铁路、船舶、航空航天和其他运输设备制造业" in shown.output
    )
    listed = runner.invoke(
        main, ["--store", str(path), "classification", "航天器", "--search", "--format", "json"]
    )
    assert {"C374", "C3742"} <= {c["registry_code"] for c in json.loads(listed.output)}
    wrong = runner.invoke(main, ["--store", str(path), "classification", "A3741"])
    assert wrong.exit_code == 1 and "in section C, not A" in wrong.output


def test_a_broken_classification_file_is_refused_with_file_and_line(
    data_copy: Path, settings: Settings, fresh_store: EmbeddedStore
) -> None:
    path = data_copy / "reference" / "gbt4754-2017.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("3742,"))
    lines[at] = lines[at].replace(",374,", ",375,")  # a class under the wrong group
    lines.append(lines[at + 1])  # a duplicate code
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_classification(path)
    assert f"{path}:{at + 1}: 3742: parent '375', expected '374'" in err.value.details
    assert any(
        d.startswith(f"{path}:{len(lines)}: ") and "duplicate" in d for d in err.value.details
    )
    broken = settings.model_copy(update={"data_dir": data_copy})
    with pytest.raises(DataError):
        load_curated(fresh_store, broken)
    assert not list(fresh_store.named_graphs())


def test_queries_are_named() -> None:
    assert {"classification", "classification-path", "classification-links"} <= set(queries.names())
