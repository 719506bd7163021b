"""The identity pass after ingestion (kg.ingest.unify), on synthetic news graphs in their
own namespace: the park names below are made up, the places are real."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from kg.config import Settings
from kg.identity import NameRules
from kg.ingest.unify import unify
from kg.iris import Minter
from kg.namespaces import KG_NS, RDF
from kg.store import open_store

SKOS_ALT = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
PARK = NamedNode(KG_NS + "IndustrialPark")


def test_a_merge_that_makes_a_link_unique_is_followed_in_the_same_run(
    settings: Settings,
) -> None:
    """江苏南京X and 南京X are one park (a place in front); X alone fits both of them, so
    it is linked only once they are merged - in the same run, so that the next run (an
    unchanged batch ingested again) finds nothing more to merge and leaves the store as it
    is."""
    store = open_store(None)
    minter = Minter("https://example.org/synthetic/")
    rules = NameRules.load(settings.data_dir)
    names = ("江苏南京星河示范合作新区", "南京星河示范合作新区", "星河示范合作新区")
    parks = [minter.entity(rules.iri_key(name, "park")) for name in names]  # as minted
    store.replace_graphs(
        {
            minter.graph(f"news-synthetic-{n}"): [
                Triple(park, RDF.type, PARK),
                Triple(park, SKOS_ALT, Literal(name, language="zh")),
            ]
            for n, (park, name) in enumerate(zip(parks, names, strict=True))
        }
    )
    first = unify(store, minter, rules)
    assert first.merged == {parks[1].value: parks[0].value, parks[2].value: parks[0].value}
    before = set(store.quads())
    again = unify(store, minter, rules)
    assert again.merged == {} and set(store.quads()) == before
