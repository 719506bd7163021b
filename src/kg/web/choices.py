"""The options of the pages' forms: entities of some classes, labelled and sorted."""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg import queries
from kg.entities import Label, labels
from kg.namespaces import KG
from kg.store import Store, solutions
from kg.store.memo import per_version

REGIONS = (KG.Region,)
INDUSTRIES = (KG.Industry, KG.IndustryGroup)
INDUSTRIES_AND_CHAINS = (KG.Industry, KG.IndustryGroup, KG.IndustryChain)
FORMS = (REGIONS, INDUSTRIES, INDUSTRIES_AND_CHAINS)  # the classes the forms offer


def choices(store: Store, classes: tuple[NamedNode, ...]) -> list[Label]:
    """Entities of some classes, labelled and sorted by label: the options of a form's
    select (read once per store version; do not change the list)."""
    return per_version(store, ("choices", classes), lambda s: _choices(s, classes))


def _choices(store: Store, classes: tuple[NamedNode, ...]) -> list[Label]:
    sparql = queries.get("instances") + queries.values(["class"], ([c] for c in classes))
    found = [row["entity"] for row in solutions(store.query(sparql))]
    return sorted(labels(store, found).values(), key=lambda lab: (lab.label, lab.iri))


__all__ = ["FORMS", "INDUSTRIES", "INDUSTRIES_AND_CHAINS", "REGIONS", "choices"]
