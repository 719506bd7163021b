"""The ontology and shapes load; every term is labelled; the vocabulary module agrees."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.namespaces import KG_NS, KG_TERMS, OWL, RDF, RDFS, SKOS
from kg.ontology import Ontology, validate


@pytest.fixture(scope="module")
def ontology(settings: Settings) -> Ontology:
    return Ontology.from_dir(settings.ontology_dir)


def test_ontology_and_shapes_parse(ontology: Ontology) -> None:
    assert len(ontology.triples) > 500
    assert len(ontology.shapes) > 100
    assert ox.NamedNode(KG_NS.rstrip("#")) in {
        t.subject for t in ontology.triples if t.object == OWL.Ontology
    }


def test_every_term_has_zh_and_en_label_and_definition(ontology: Ontology) -> None:
    terms = {t.subject for t in ontology.triples if t.subject.value.startswith(KG_NS)}
    assert len(terms) > 100
    for term in terms:
        labels = [
            t.object for t in ontology.triples if t.subject == term and t.predicate == RDFS.label
        ]
        assert {lit.language for lit in labels} >= {"zh", "en"}, term
        assert any(
            t.subject == term and t.predicate == SKOS.definition for t in ontology.triples
        ), term


def test_vocabulary_module_matches_the_ontology(ontology: Ontology) -> None:
    assert ontology.defined_terms == set(KG_TERMS)


def test_unknown_terms_raise() -> None:
    from kg.namespaces import KG

    with pytest.raises(AttributeError):
        KG.Enterprize  # noqa: B018 - the typo is the test


def test_classes_reuse_standard_vocabularies(ontology: Ontology) -> None:
    sup = ontology.superclasses
    assert "http://www.w3.org/ns/org#FormalOrganization" in sup[KG_NS + "Enterprise"]
    assert "https://schema.org/Corporation" in sup[KG_NS + "Enterprise"]
    assert "http://www.w3.org/2004/02/skos/core#Concept" in sup[KG_NS + "Industry"]
    assert "http://www.w3.org/ns/prov#Entity" in sup[KG_NS + "SourceDocument"]
    assert "http://www.opengis.net/ont/geosparql#Feature" in sup[KG_NS + "Province"]


def test_shapes_report_actionable_violations(ontology: Ontology) -> None:
    e = ox.NamedNode("https://w3id.org/kg-industry/id/org/x")
    bad = [
        ox.Triple(e, RDF.type, ox.NamedNode(KG_NS + "Enterprise")),
        ox.Triple(e, RDFS.label, ox.Literal("某企业", language="zh")),
        ox.Triple(e, ox.NamedNode(KG_NS + "locatedIn"), ox.Literal("哈尔滨")),
    ]
    violations = validate(bad, ontology)
    messages = {(v.focus, v.path, v.message) for v in violations}
    assert (e.value, RDFS.label.value, "needs an English label (rdfs:label with @en)") in messages
    assert any(v.path == KG_NS + "locatedIn" and "kg:Place" in v.message for v in violations)
    assert all(str(v).startswith("Violation: " + e.value) for v in violations)
