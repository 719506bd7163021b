"""The IRI scheme: every IRI kg mints, in one place.

Under ``{base}id/``:

=================================  ==========================================
``{kind}/{slug}``                  an entity (``org/hit``, ``industry/uav``)
``source/{id}``                    a source document
``source/{id}/chars/{start}-{end}``  a passage of it (evidence sentence)
``graph/{id}``                     the named graph of a source's facts
``graph/editorial-{name}``         a graph of editorial classifications
``graph/posted-{random}``          a graph created by a POST to the Graph Store
``assertion/{hash}``               one fact with its provenance
``agent/{name}`` / ``load/{hash}``  who or what produced a graph
=================================  ==========================================

Each resolves on the kg server at the same path (``/id/...``).
"""

from __future__ import annotations

import hashlib
import re

from pyoxigraph import NamedNode

from kg.errors import BadRequest

KEY = re.compile(r"[a-z]+/[a-z0-9][a-z0-9-]*")


def named_node(value: str, what: str = "IRI") -> NamedNode:
    """``value`` as a named node; :class:`BadRequest` (400) when it is not a valid IRI -
    every IRI that comes from a request goes through here.

    >>> named_node("https://w3id.org/kg-industry/id/org/hit").value
    'https://w3id.org/kg-industry/id/org/hit'
    >>> named_node("a|b", "graph")
    Traceback (most recent call last):
    ...
    kg.errors.BadRequest: graph: 'a|b' is not a valid IRI (Invalid IRI code point '|')
    """
    try:
        return NamedNode(value)
    except ValueError as exc:
        shown = value if len(value) <= 120 else value[:117] + "..."
        raise BadRequest(f"{what}: {shown!r} is not a valid IRI ({exc})") from exc


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
            raise BadRequest(
                f"entity key {key!r} must look like kind/slug (lower-case, digits, '-')"
            )
        return NamedNode(self.prefix + key)

    def key(self, iri: NamedNode | str) -> str | None:
        """The path of a minted IRI below ``id/``, or ``None`` for a foreign IRI."""
        value = iri.value if isinstance(iri, NamedNode) else iri
        return value[len(self.prefix) :] if value.startswith(self.prefix) else None

    def source(self, source_id: str) -> NamedNode:
        return named_node(f"{self.prefix}source/{source_id}", "source")

    def passage(self, source_id: str, start: int, end: int) -> NamedNode:
        return NamedNode(f"{self.prefix}source/{source_id}/chars/{start}-{end}")

    def graph(self, name: str) -> NamedNode:
        return named_node(f"{self.prefix}graph/{name}", "graph")

    def is_extracted_graph(self, graph: NamedNode) -> bool:
        """Whether a graph holds facts extracted from a news article, unreviewed."""
        return graph.value.startswith(self.graph("news-").value)

    def agent(self, name: str) -> NamedNode:
        return named_node(f"{self.prefix}agent/{name}", "agent")

    def load(self, digest: str) -> NamedNode:
        return NamedNode(f"{self.prefix}load/{digest[:16]}")

    def named(self, kind: str, name: str) -> NamedNode:
        """An entity known only by its name: the key derives from the exact (normalised)
        name, so the same name gets the same IRI wherever it is met (news, imports).

        >>> Minter("https://w3id.org/kg-industry/").named("org", "某某有限公司").value
        'https://w3id.org/kg-industry/id/org/xb5fa2d19f452'
        """
        return self.entity(f"{kind}/x{hashlib.sha1(name.encode('utf-8')).hexdigest()[:12]}")

    def assertion(self, graph: NamedNode, *terms: object) -> NamedNode:
        """A stable IRI for one fact in one graph: the same fact reloaded keeps its IRI."""
        h = hashlib.sha256("\n".join([graph.value, *map(str, terms)]).encode()).hexdigest()
        return NamedNode(f"{self.prefix}assertion/{h[:20]}")
