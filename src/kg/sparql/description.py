"""The SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations

import pyoxigraph as ox

from kg.formats import GRAPH_FORMATS, RESULT_FORMATS
from kg.namespaces import RDF
from kg.store import Store

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "trig": "TriG",
    "nquads": "N-Quads",
}


def service_description(
    store: Store, endpoint: str, update_endpoint: str | None, federated: bool = False
) -> list[ox.Triple]:
    """Triples describing the endpoint, its formats and its dataset; ``federated``: SERVICE
    may reach some remote endpoint (``KG_REMOTE_ALLOWLIST`` is not empty)."""
    sd = ox.NamedNode
    service = sd(endpoint)
    triples = [
        ox.Triple(service, RDF.type, sd(SD + "Service")),
        ox.Triple(service, sd(SD + "endpoint"), service),
        ox.Triple(service, sd(SD + "supportedLanguage"), sd(SD + "SPARQL11Query")),
        ox.Triple(service, sd(SD + "feature"), sd(SD + "UnionDefaultGraph")),
    ]
    if federated:
        triples.append(ox.Triple(service, sd(SD + "feature"), sd(SD + "BasicFederatedQuery")))
    if update_endpoint:
        triples.append(ox.Triple(service, sd(SD + "supportedLanguage"), sd(SD + "SPARQL11Update")))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        triples.append(
            ox.Triple(service, sd(SD + "resultFormat"), sd(FORMATS + FORMAT_IRIS[fmt.name]))
        )
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    triples += [
        ox.Triple(service, sd(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF.type, sd(SD + "Dataset")),
        ox.Triple(dataset, sd(SD + "defaultGraph"), default),
        ox.Triple(default, RDF.type, sd(SD + "Graph")),
    ]
    for i, graph in enumerate(store.named_graphs()):
        node = ox.BlankNode(f"g{i}")
        triples += [
            ox.Triple(dataset, sd(SD + "namedGraph"), node),
            ox.Triple(node, RDF.type, sd(SD + "NamedGraph")),
            ox.Triple(node, sd(SD + "name"), graph),
        ]
    return triples
