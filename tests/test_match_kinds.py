"""One definition of partner kinds, and it agrees with the ontology's classes."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.entities import KINDS
from kg.match import kinds
from kg.namespaces import KG_NS
from kg.ontology import Ontology


@pytest.fixture(scope="module")
def ontology(settings: Settings) -> Ontology:
    return Ontology.from_dir(settings.ontology_dir)


def kinds_under(ontology: Ontology, top: str) -> set[str]:
    return {
        KINDS[c[len(KG_NS) :]]
        for c in ontology.classes
        if c.startswith(KG_NS) and ontology.is_subclass(c, KG_NS + top)
    }


def test_every_organisation_class_is_a_partner_or_a_public_body(ontology: Ontology) -> None:
    assert kinds_under(ontology, "Organization") == set(kinds.ORGANIZATION_KINDS) | set(
        kinds.PUBLIC_KINDS
    )
    assert set(kinds.RESEARCH_KINDS) <= set(kinds.ORGANIZATION_KINDS)


def test_every_site_class_is_a_park_and_projects_are_projects(ontology: Ontology) -> None:
    assert kinds_under(ontology, "IndustrialSite") == set(kinds.SITE_KINDS)
    assert kinds_under(ontology, "InvestmentProject") == set(kinds.PROJECT_KINDS)


def test_the_matches_use_these_kinds() -> None:
    from kg.match.chain import QUERY_KINDS
    from kg.match.engine import PARTNER_KINDS

    assert PARTNER_KINDS is kinds.PARTNER_KINDS
    assert set(QUERY_KINDS) == set(kinds.MEMBER_KINDS)
    assert not set(kinds.PUBLIC_KINDS) & set(kinds.MEMBER_KINDS)
