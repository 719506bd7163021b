"""What a client's request may cost: RDF read within limits, and a memory cap for the
processes that run queries and updates.

:func:`read_rdf` parses a request body into triples and refuses, with a clear error, a body
with more than ``max_triples`` triples or a literal longer than ``max_literal_bytes`` (413),
RDF/XML that declares XML entities (400: a 537-byte body with nested entities expands to
a 100 MB literal) or is not UTF-8, and JSON-LD that is not a JSON object or array.

>>> data = b'<http://e.org/s> <http://e.org/p> "o" .'
>>> [t.object.value for t in read_rdf(data, ox.RdfFormat.N_TRIPLES, max_triples=5)]
['o']
>>> read_rdf(data * 2, ox.RdfFormat.TURTLE, max_triples=1)
Traceback (most recent call last):
...
kg.errors.PayloadTooLarge: the body has more than 1 triples (setting KG_MAX_BODY_TRIPLES)
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import BadRequest, PayloadTooLarge, syntax_message

MAX_LITERAL_BYTES = 1024 * 1024


def cap_memory(nbytes: int | None) -> None:
    """Cap this process's data memory (heap and private mappings, ``RLIMIT_DATA``) at
    ``nbytes``: an allocation beyond fails, and the engine then aborts the process (its
    parent reports the query as over its memory). ``None`` or 0: no cap."""
    if nbytes:
        import resource  # POSIX only: the processes it caps exist on POSIX only

        resource.setrlimit(resource.RLIMIT_DATA, (nbytes, nbytes))


def read_rdf(
    data: bytes,
    fmt: ox.RdfFormat,
    *,
    base_iri: str | None = None,
    max_triples: int,
    max_literal_bytes: int = MAX_LITERAL_BYTES,
    what: str = "the body",
    counted: int = 0,
) -> list[ox.Triple]:
    """The triples of ``data`` (quads' graphs dropped), within the limits; ``counted``
    triples of the same request were read before (other parts of a multipart body)."""
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml(data, what)
    elif fmt == ox.RdfFormat.JSON_LD and data.strip()[:1] not in (b"{", b"["):
        raise BadRequest(f"{what} is not JSON-LD: a JSON object or array is expected")
    triples: list[ox.Triple] = []
    try:
        for quad in ox.parse(data, format=fmt, base_iri=base_iri):
            if counted + len(triples) == max_triples:
                raise PayloadTooLarge(key="error.body.triples", values={"most": max_triples})
            obj = quad.object
            if isinstance(obj, ox.Literal) and len(obj.value) > max_literal_bytes // 4:
                size = len(obj.value.encode("utf-8", "surrogatepass"))
                if size > max_literal_bytes:
                    raise PayloadTooLarge(
                        f"{what} has a literal of {size} bytes, over the limit of "
                        f"{max_literal_bytes}"
                    )
            triples.append(quad.triple)
    except SyntaxError as exc:
        raise BadRequest(f"{what} is not valid {fmt.name}: {syntax_message(exc)}") from exc
    return triples


def _check_xml(data: bytes, what: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:1024]:
        raise BadRequest(f"{what}: RDF/XML is read in UTF-8 only")
    if b"<!ENTITY" in data:
        raise BadRequest(
            f"{what}: RDF/XML with entity declarations (<!ENTITY) is not accepted: "
            "entities can expand a small body into a huge one"
        )
