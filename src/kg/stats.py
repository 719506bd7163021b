"""What the store holds: graphs (and whether each is complete), entities by class, facts
by review status - counted once per store version (:mod:`kg.store.memo`), since every count
reads the whole store."""

from __future__ import annotations

from kg import queries
from kg.namespaces import KG_NS
from kg.store import Store, solutions
from kg.store.memo import per_version


def _local(iri: str) -> str:
    return iri[len(KG_NS) :] if iri.startswith(KG_NS) else iri


def stats(store: Store) -> dict[str, object]:
    """The counts of ``store`` (computed once per store version; do not change the result)."""
    return per_version(store, "stats", _count)


def _count(store: Store) -> dict[str, object]:
    classes = {
        _local(r["class"].value): int(r["count"].value)
        for r in solutions(store.query(queries.get("stats")))
    }
    # graphs a killed bulk load left half-written (dropped at the next opening for writing)
    incomplete = {
        r["graph"].value: r["started"].value
        for r in solutions(store.query(queries.get("incomplete-graphs"), default_graph=[]))
    }
    graphs = [
        {
            "graph": r["graph"].value,
            "triples": int(r["triples"].value),
            "label": r["label"].value if r["label"] else None,
            "source": r["source"].value if r["source"] else None,
            "complete": r["graph"].value not in incomplete,
        }
        for r in solutions(store.query(queries.get("graphs")))
    ]
    statuses = {
        _local(r["status"].value): int(r["count"].value)
        for r in solutions(store.query(queries.get("assertion-status")))
    }
    provenance = {"Assertion", "Sentence", "SourceDocument", "LoadActivity"}
    vocabulary = {"SegmentPosition", "MilestoneType", "Qualifier", "AssertionStatus"}
    return {
        "triples": sum(g["triples"] for g in graphs),
        "graphs": graphs,
        "entities": {k: v for k, v in classes.items() if k not in provenance | vocabulary},
        "sources": classes.get("SourceDocument", 0),
        "facts": statuses,
        "incomplete": [{"graph": g, "load_started": t} for g, t in incomplete.items()],
        "version": store.version,
    }
