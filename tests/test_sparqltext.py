"""Reading SPARQL text: a query's own dataset, an update's dataset and the USING clauses
the Protocol's parameters add. Each rewritten update must still parse (the engine says)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import BadRequest
from kg.sparqltext import is_update, names_dataset, names_update_dataset, tokens, with_dataset


def test_from_is_found_only_as_a_keyword() -> None:
    assert names_dataset("select * from named <urn:g> { graph ?g { ?s ?p ?o } }")
    assert names_dataset("SELECT *\nFROM<urn:g>{}")
    for text in (
        "SELECT ?from WHERE { ?s ex:from 'FROM <urn:x>' }",
        'SELECT * WHERE { ?s ?p """\nFROM\n""" }',
        "SELECT * WHERE { ?s <urn:from> ?o } # FROM <urn:g>",
        "ASK { ?s ?p ?o FILTER(?o = 'from') }",
    ):
        assert not names_dataset(text), text


def test_using_and_with_are_found_only_as_keywords() -> None:
    assert names_update_dataset("DELETE { ?s ?p ?o } using <urn:g> WHERE { ?s ?p ?o }")
    assert not names_update_dataset("INSERT DATA { <urn:s> <urn:p> 'WITH USING' } # WITH")


@pytest.mark.parametrize(
    "prologue",
    [
        "PREFIX 产业: <urn:kg:>",
        "PREFIX 产业.链: <urn:kg:>\nBASE <urn:b>",
        "PREFIX ex: <urn:ex:> PREFIX éco: <urn:e:> PREFIX : <urn:d:>",
        "prefix Δ_1: <urn:d:> # 产业: <urn:x>",
    ],
)
def test_an_update_is_known_whatever_its_prefix_names(prologue: str) -> None:
    """A prefix name is a PN_PREFIX (SPARQL 1.1, 19.8): letters of PN_CHARS_BASE, not only
    ASCII; the prologue is skipped whole, and the update the engine takes is one."""
    update = f"{prologue}\nINSERT DATA {{ <urn:s> <urn:p> <urn:o> }}"
    ox.Store().update(update)  # the engine takes it
    assert is_update(update)
    assert not is_update(f"{prologue}\nSELECT * WHERE {{ ?s ?p ?o }}")
    names = [t for kind, t in tokens(prologue) if kind == "pname"]
    assert len(names) == prologue.split("#")[0].count(": <")  # not the commented one


UPDATE = """PREFIX ex: <http://example.org/>
# a comment with WHERE { and USING
CLEAR SILENT GRAPH <urn:out> ;
INSERT DATA { GRAPH <urn:out> { ex:a ex:b "WHERE { }" } } ;
DELETE { ?s ex:where ?o } INSERT { ?s ex:to ?o }
WHERE { ?s ex:where ?o { SELECT ?s WHERE { ?s ?p ?x } } } ;
DELETE WHERE { GRAPH ?g { ?s ex:gone ?o } } ;
INSERT { GRAPH <urn:out> { ?s a ex:T } } WHERE { GRAPH ?g { ?s ?p ?o } }"""


def test_each_delete_insert_gets_the_dataset() -> None:
    out = with_dataset(UPDATE, ["urn:d1", "urn:d2"], ["urn:n"])
    clause = "USING <urn:d1> USING <urn:d2> USING NAMED <urn:n>"
    assert out.count(clause) == 3  # the two DELETE/INSERT operations and DELETE WHERE
    assert f"INSERT {{ ?s ex:to ?o }}\n{clause} WHERE {{ ?s ex:where ?o" in out
    assert "DELETE { GRAPH ?g { ?s ex:gone ?o } } " + clause + " WHERE { GRAPH ?g" in out
    assert 'ex:a ex:b "WHERE { }"' in out and "SELECT ?s WHERE { ?s ?p ?x }" in out
    ox.Store().update(out)  # still a valid update
    assert with_dataset(UPDATE, [], []) == UPDATE


def test_the_rewrite_changes_what_the_update_reads() -> None:
    store = ox.Store()
    for g in ("urn:d1", "urn:d2"):
        store.add(
            ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(g), ox.NamedNode(g))
        )
    copy = "INSERT { GRAPH <urn:out> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    store.update(with_dataset(copy, ["urn:d2"], []))
    assert [
        q.object.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode("urn:out"))
    ] == ["urn:d2"]


def test_a_dataset_in_both_places_is_refused() -> None:
    for update in (
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } USING <urn:g> WHERE { ?s ?p ?o }",
        "INSERT { ?s ?p ?o } USING NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ):
        with pytest.raises(BadRequest, match="not both"):
            with_dataset(update, [], ["urn:n"])
