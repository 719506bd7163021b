"""The IRI scheme: every IRI kg mints, in one place.

Under ``{base}id/``:

=================================  ==========================================
``{kind}/{slug}``                  an entity (``org/hit``, ``industry/uav``)
``source/{id}``                    a source document
``source/{id}/chars/{start}-{end}``  a passage of it (evidence sentence)
``graph/{id}``                     the named graph of a source's facts
``graph/editorial-{name}``         a graph of editorial classifications
``assertion/{hash}``               one fact with its provenance
``agent/{name}`` / ``load/{hash}``  who or what produced a graph
=================================  ==========================================

Each resolves on the kg server at the same path (``/id/...``).
"""

from __future__ import annotations

import hashlib
import re

from pyoxigraph import NamedNode

KEY = re.compile(r"[a-z]+/[a-z0-9][a-z0-9-]*")


class Minter:
    """Mints IRIs under one base.

    >>> m = Minter("https://w3id.org/kg-industry/")
    >>> m.entity("org/hit").value
    'https://w3id.org/kg-industry/id/org/hit'
    >>> m.key(m.entity("org/hit"))
    'org/hit'
    """

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri
        self.prefix = f"{base_iri}id/"

    def entity(self, key: str) -> NamedNode:
        if not KEY.fullmatch(key):
            raise ValueError(
                f"entity key {key!r} must look like kind/slug (lower-case, digits, '-')"
            )
        return NamedNode(self.prefix + key)

    def key(self, iri: NamedNode | str) -> str | None:
        """The path of a minted IRI below ``id/``, or ``None`` for a foreign IRI."""
        value = iri.value if isinstance(iri, NamedNode) else iri
        return value[len(self.prefix) :] if value.startswith(self.prefix) else None

    def source(self, source_id: str) -> NamedNode:
        return NamedNode(f"{self.prefix}source/{source_id}")

    def passage(self, source_id: str, start: int, end: int) -> NamedNode:
        return NamedNode(f"{self.prefix}source/{source_id}/chars/{start}-{end}")

    def graph(self, name: str) -> NamedNode:
        return NamedNode(f"{self.prefix}graph/{name}")

    def is_extracted_graph(self, graph: NamedNode) -> bool:
        """Whether a graph holds facts extracted from news, unreviewed: an article's graph,
        or the identity graph derived from them (labels and merges of extracted entities)."""
        return graph.value.startswith(self.graph("news-").value) or graph == self.graph("identity")

    def agent(self, name: str) -> NamedNode:
        return NamedNode(f"{self.prefix}agent/{name}")

    def load(self, digest: str) -> NamedNode:
        return NamedNode(f"{self.prefix}load/{digest[:16]}")

    def assertion(self, graph: NamedNode, *terms: object) -> NamedNode:
        """A stable IRI for one fact in one graph: the same fact reloaded keeps its IRI."""
        h = hashlib.sha256("\n".join([graph.value, *map(str, terms)]).encode()).hexdigest()
        return NamedNode(f"{self.prefix}assertion/{h[:20]}")
