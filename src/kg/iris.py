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
``gbt4754`` / ``gbt4754/{code}``   the GB/T 4754-2017 scheme and its classes
                                   (``gbt4754/C``, ``gbt4754/37``, ``gbt4754/3741``)
``chain/{id}``, ``segment/{id}.{key}``  a chain map and its segments
``reference/{slug}``               a document a chain map cites
=================================  ==========================================

Each resolves on the kg server at the same path (``/id/...``).
"""

from __future__ import annotations

import hashlib
import re

from pyoxigraph import NamedNode

from kg.errors import BadRequest

KEY = re.compile(r"[a-z]+/[a-z0-9][a-z0-9-]*")
CODE = re.compile(r"[A-T]|\d{2,4}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


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
        raise BadRequest(
            key="error.iri.invalid", values={"what": what, "given": repr(shown), "detail": exc}
        ) from exc


def is_import_graph(graph: str) -> bool:
    """Whether ``graph`` names the graph of an imported table (``graph/import-{id}-{digest}``
    under any base): the only graphs whose facts rest on imported records.

    >>> is_import_graph("https://w3id.org/kg-industry/id/graph/import-registry-0123456789ab")
    True
    >>> is_import_graph("https://w3id.org/kg-industry/id/graph/news-xwlb-20230313-00")
    False
    """
    return "/graph/import-" in graph


_NAMED_KEY = re.compile(r"x[0-9a-f]{12}")  # the last part of a key Minter.named mints


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
            raise BadRequest(key="error.entity.key", values={"given": repr(key)})
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
        """Whether a graph holds facts extracted from news, unreviewed: an article's graph,
        or the identity graph derived from them (labels and merges of extracted entities)."""
        return graph.value.startswith(self.graph("news-").value) or graph == self.graph("identity")

    def is_reference_graph(self, graph: NamedNode) -> bool:
        """Whether a graph holds reference data - a national standard's table (GB/T 4754,
        GB/T 2260), named as the standard names its rows, in Chinese (the province-level
        divisions in English too, as ISO 3166-2:CN names them).

        >>> m = Minter("https://w3id.org/kg-industry/")
        >>> m.is_reference_graph(m.graph("reference-gbt2260")), m.is_reference_graph(m.graph("editorial-locations"))
        (True, False)
        """
        return graph.value.startswith(self.graph("reference-").value)

    def agent(self, name: str) -> NamedNode:
        return named_node(f"{self.prefix}agent/{name}", "agent")

    def load(self, digest: str) -> NamedNode:
        return NamedNode(f"{self.prefix}load/{digest[:16]}")

    def classification_scheme(self) -> NamedNode:
        """The GB/T 4754-2017 concept scheme."""
        return NamedNode(f"{self.prefix}gbt4754")

    def classification(self, code: str) -> NamedNode:
        """A section, division, group or class of GB/T 4754-2017 by its code.

        >>> Minter("https://w3id.org/kg-industry/").classification("3741").value
        'https://w3id.org/kg-industry/id/gbt4754/3741'
        """
        if not CODE.fullmatch(code):
            raise ValueError(f"{code!r} is not a GB/T 4754 code (a letter A-T, or 2 to 4 digits)")
        return NamedNode(f"{self.prefix}gbt4754/{code}")

    def chain(self, chain_id: str) -> NamedNode:
        """A chain map (``data/chains/{id}.yaml``)."""
        if not SLUG.fullmatch(chain_id):
            raise ValueError(f"chain id {chain_id!r} must be lower-case letters, digits and '-'")
        return NamedNode(f"{self.prefix}chain/{chain_id}")

    def segment(self, chain_id: str, key: str) -> NamedNode:
        """A segment of a chain map.

        >>> Minter("https://w3id.org/kg-industry/").segment("aerospace", "materials").value
        'https://w3id.org/kg-industry/id/segment/aerospace.materials'
        """
        if not SLUG.fullmatch(chain_id) or not SLUG.fullmatch(key):
            raise ValueError(f"segment {chain_id}.{key}: lower-case letters, digits and '-' only")
        return NamedNode(f"{self.prefix}segment/{chain_id}.{key}")

    def reference(self, slug: str) -> NamedNode:
        """A document a chain map cites."""
        if not SLUG.fullmatch(slug):
            raise ValueError(f"reference {slug!r} must be lower-case letters, digits and '-'")
        return NamedNode(f"{self.prefix}reference/{slug}")

    def is_named(self, iri: str, groups: tuple[str, ...]) -> bool:
        """Whether ``iri`` is one :meth:`named` minted under one of ``groups`` (``org``,
        ``industry``, ...): an entity known only by its name, not a curated one.

        >>> m = Minter("https://w3id.org/kg-industry/")
        >>> m.is_named(m.named("org", "某某有限公司").value, ("org",)), m.is_named(m.entity("org/hit").value, ("org",))
        (True, False)
        """
        key = self.key(iri)
        group, _, rest = (key or "").partition("/")
        return group in groups and _NAMED_KEY.fullmatch(rest) is not None

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
