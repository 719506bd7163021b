"""Namespaces and the kg vocabulary as pyoxigraph terms.

``KG.Enterprise`` returns the term; a name the ontology does not define raises
``AttributeError`` instead of minting a new IRI (a test keeps this list and
``ontology/kg.ttl`` in agreement).
"""

from __future__ import annotations

from pyoxigraph import NamedNode

KG_NS = "https://w3id.org/kg-industry/def#"
KG_ONTOLOGY = "https://w3id.org/kg-industry/def"
KG_SHAPES = "https://w3id.org/kg-industry/shapes"

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "geo": "http://www.opengis.net/ont/geosparql#",
}

KG_TERMS = frozenset(
    [
        "Organization",
        "Enterprise",
        "University",
        "ResearchInstitute",
        "GovernmentBody",
        "InvestmentPlatform",
        "IndustryAssociation",
        "InnovationPlatform",
        "MediaOutlet",
        "Person",
        "Role",
        "Place",
        "Region",
        "Country",
        "MacroRegion",
        "Province",
        "City",
        "District",
        "IndustrialSite",
        "IndustrialPark",
        "IndustrialBase",
        "DevelopmentZone",
        "ProjectSite",
        "Industry",
        "IndustryGroup",
        "IndustryChain",
        "ChainSegment",
        "SegmentPosition",
        "Tier",
        "IndustryScheme",
        "TierScheme",
        "SegmentPositionScheme",
        "Upstream",
        "Midstream",
        "Downstream",
        "InvestmentProject",
        "Milestone",
        "MilestoneType",
        "MilestoneTypeScheme",
        "Inspection",
        "InvestmentDecision",
        "Signing",
        "Landing",
        "Groundbreaking",
        "ToppingOut",
        "OperationStart",
        "Event",
        "DockingEvent",
        "SigningEvent",
        "EventSeries",
        "Policy",
        "Plan",
        "Goal",
        "Figure",
        "Qualifier",
        "QualifierScheme",
        "Exactly",
        "MoreThan",
        "About",
        "SourceDocument",
        "Sentence",
        "Assertion",
        "AssertionStatus",
        "AssertionStatusScheme",
        "Curated",
        "Extracted",
        "Rejected",
        "Editorial",
        "LoadActivity",
        "locatedIn",
        "partOf",
        "operatesIn",
        "inIndustry",
        "builds",
        "investsIn",
        "participatesIn",
        "operates",
        "establishes",
        "site",
        "cooperatesWith",
        "affiliatedWith",
        "leads",
        "organizes",
        "hosts",
        "heldIn",
        "participant",
        "subEventOf",
        "inSeries",
        "coversIndustry",
        "invitedTier",
        "tier",
        "signedAt",
        "issuedBy",
        "proposedBy",
        "supportsIndustry",
        "supportsRegion",
        "refersTo",
        "hasGoal",
        "milestone",
        "milestoneType",
        "after",
        "figureOf",
        "qualifier",
        "segmentOf",
        "segmentPosition",
        "chainOf",
        "evidence",
        "status",
        "outlet",
        "shortName",
        "theme",
        "date",
        "dateDerivation",
        "elapsed",
        "phase",
        "planned",
        "asOf",
        "value",
        "unit",
        "measure",
        "statedAs",
        "text",
        "startOffset",
        "endOffset",
        "sha256",
        "inputDigest",
        "rationale",
        "confidence",
        "extractor",
        "Completion",
        "reviewedBy",
        "reviewedAt",
        "ActivityClass",
        "GBT4754Code",
        "GBT4754RegistryCode",
        "industryClass",
        "coversClass",
        "keyword",
        "Imported",
        "DataFile",
        "Sheet",
        "Record",
        "ColumnMapping",
        "describes",
        "names",
        "mapsTo",
        "inverse",
        "row",
        "sheet",
        "column",
        "cells",
        "mapping",
        "linkedBy",
        "creditCode",
        "legalRepresentative",
        "registeredCapital",
        "currency",
        "registrationStatus",
        "legalForm",
        "businessScope",
        "parkLevel",
        "area",
        "totalInvestment",
        "projectStage",
    ]
)


class Namespace:
    """IRIs under one namespace; ``closed`` namespaces refuse unknown names."""

    def __init__(self, base: str, names: frozenset[str] | None = None) -> None:
        self._base = base
        self._names = names

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> NamedNode:
        if self._names is not None and name not in self._names:
            raise AttributeError(f"{name!r} is not a term of {self._base}")
        return NamedNode(self._base + name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (self._names is None or name in self._names)

    @property
    def base(self) -> str:
        return self._base


KG = Namespace(KG_NS, KG_TERMS)
RDF = Namespace(PREFIXES["rdf"])
RDFS = Namespace(PREFIXES["rdfs"])
OWL = Namespace(PREFIXES["owl"])
XSD = Namespace(PREFIXES["xsd"])
SKOS = Namespace(PREFIXES["skos"])
DCT = Namespace(PREFIXES["dct"])
PROV = Namespace(PREFIXES["prov"])
ORG = Namespace(PREFIXES["org"])
SCHEMA = Namespace(PREFIXES["schema"])


def expand_curie(curie: str) -> NamedNode:
    """``"skos:broader"`` -> the full IRI; unknown prefixes raise ``ValueError``."""
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}")
    if prefix == "kg":
        return KG[local]
    return NamedNode(PREFIXES[prefix] + local)


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace kg uses."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
