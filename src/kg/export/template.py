"""A CONSTRUCT query evaluated as the SELECT of its template's variables, the template
filled in here: what every export format builds a CONSTRUCT's result from.

The engine's CONSTRUCT result remembers every triple it gave, so as to give each once
(its peak grows with the result: 767 MB for the 1.9 million triples of the export
benchmark's ``CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s a kg:Enterprise ; ?p ?o } }``),
while the same pattern as a SELECT streams (158 MB). So the triples may come more than
once: the graph and table formats sort the result on disk, each triple once
(:mod:`kg.export.spool`); the RDF formats, which write the triples as they come, drop the
repeats within a window (:class:`Seen`). (``SELECT REDUCED``, whose solutions the engine
gives without one equal to the one before, took 533 MB and 42 s for the benchmark's
query against 158 MB and 16 s.)

The template is read as Turtle (a CONSTRUCT template is Turtle's triples syntax, with
variables): each variable becomes a placeholder IRI, the query's ``PREFIX`` and ``BASE``
declarations come first. Each solution gives each template triple with its variables
bound and fresh blank nodes for the template's (SPARQL 1.1, 16.2: a triple with an
unbound variable, a literal subject or a predicate that is no IRI is left out).

>>> t = Template.of("PREFIX ex: <urn:ex:> CONSTRUCT { ?s ex:near ?o } WHERE { ?s ?p ?o }")
>>> t.select
'PREFIX ex: <urn:ex:> SELECT ?s ?o WHERE { ?s ?p ?o }'
>>> Template.of("CONSTRUCT WHERE { ?s <urn:ex:p> ?o } LIMIT 2").select
'SELECT ?s ?o WHERE { ?s <urn:ex:p> ?o } LIMIT 2'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from hashlib import blake2b

import pyoxigraph as ox

from kg.sparqltext import _FORMS, _group_end, _lex

VARIABLE = "urn:x-kg-template-variable:"  # placeholder IRIs: never a real term's
WINDOW = 1 << 17  # distinct triples a generation of :class:`Seen` remembers (two kept)
# A template triple's subject, predicate or object: a variable's index, else -1; a blank
# node's index, else -1; else the term itself.
Part = tuple[int, int, ox.NamedNode | ox.Literal | None]


@dataclass(frozen=True)
class Template:
    """The triples of a CONSTRUCT template (:data:`Part`: a variable by its index in
    :attr:`variables`, a blank node by its index among the :attr:`blanks` made fresh per
    solution) and ``select``, the query's SELECT of those variables."""

    select: str
    variables: tuple[str, ...]
    triples: tuple[tuple[Part, Part, Part], ...]
    blanks: int

    @classmethod
    def of(cls, sparql: str) -> Template | None:
        """The template of ``sparql`` and its SELECT, or ``None`` when that form does
        not serve it (not a CONSTRUCT, RDF 1.2 triple terms, a template without
        variables, text the engine will judge): the engine's CONSTRUCT does then."""
        tokens = list(_lex(sparql))
        form = next(
            (
                i
                for i, m in enumerate(tokens)
                if m.lastgroup == "word" and m.group().upper() in _FORMS
            ),
            None,
        )
        if form is None or tokens[form].group().upper() != "CONSTRUCT" or form + 1 >= len(tokens):
            return None
        prologue = sparql[: tokens[form].start()]
        after = tokens[form + 1]
        if after.group() == "{":  # CONSTRUCT { template } dataset? WHERE? { pattern } ...
            end = _group_end(tokens, form + 1)
            if end is None or end + 1 >= len(tokens):
                return None
            inside = tokens[form + 2 : end]
            rest = sparql[tokens[end + 1].start() :]
        else:  # CONSTRUCT dataset? WHERE { pattern } ...: the pattern is the template
            where = next(
                (
                    i
                    for i in range(form + 1, len(tokens))
                    if tokens[i].lastgroup == "word" and tokens[i].group().upper() == "WHERE"
                ),
                None,
            )
            end = _group_end(tokens, where + 1) if where is not None else None
            if where is None or end is None:
                return None
            inside = tokens[where + 2 : end]
            rest = sparql[after.start() :]
        if not inside or any(m.group() == "<" and m.lastgroup == "other" for m in inside):
            return None
        names: dict[str, int] = {}
        text: list[str] = []
        at = inside[0].start()
        for m in inside:
            text.append(sparql[at : m.start()])
            if m.lastgroup == "var":
                name = m.group()[1:]
                names.setdefault(name, len(names))
                text.append(f"<{VARIABLE}{name}>")
            else:
                text.append(m.group())
            at = m.end()
        if not names:
            return None
        body = "".join(text).strip()
        if not body.endswith("."):
            body += " ."
        try:
            parsed = list(ox.parse(f"{prologue}\n{body}\n", format=ox.RdfFormat.TURTLE))
        except SyntaxError:
            return None
        blanks: dict[str, int] = {}

        def part(term: object) -> Part:
            if isinstance(term, ox.NamedNode) and term.value.startswith(VARIABLE):
                return (names[term.value[len(VARIABLE) :]], -1, None)
            if isinstance(term, ox.BlankNode):
                return (-1, blanks.setdefault(term.value, len(blanks)), None)
            if isinstance(term, ox.NamedNode | ox.Literal):
                return (-1, -1, term)
            raise ValueError("a triple term")

        try:
            triples = tuple((part(t.subject), part(t.predicate), part(t.object)) for t in parsed)
        except ValueError:
            return None
        select = f"{prologue}SELECT {' '.join('?' + n for n in names)} {rest}"
        return cls(select, tuple(names), triples, len(blanks))

    def fill(self, rows: Iterable[ox.QuerySolution]) -> Iterator[ox.Triple]:
        """The triples of the template for each solution of :attr:`select` (a triple may
        come more than once; a solution equal to the one before it gives none, unless the
        template's blank nodes make its triples new)."""
        plan = self.triples
        fresh = range(self.blanks)
        Named, Blank, Literal, Triple = ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple
        blanks: list[ox.BlankNode] = []
        last = None
        for row in rows:
            if fresh:
                blanks = [Blank() for _ in fresh]
            elif row == last:  # the solution before it again: the same triples (none new)
                continue
            else:
                last = row
            for (sv, sb, sc), (pv, _, pc), (ov, ob, oc) in plan:
                subject = row[sv] if sv >= 0 else blanks[sb] if sb >= 0 else sc
                if subject is None or subject.__class__ is Literal or subject.__class__ is Triple:
                    continue
                predicate = row[pv] if pv >= 0 else pc
                if predicate.__class__ is not Named:
                    continue
                obj = row[ov] if ov >= 0 else blanks[ob] if ob >= 0 else oc
                if obj is None:
                    continue
                yield Triple(subject, predicate, obj)  # type: ignore[arg-type]  # checked above



class Seen:
    """The triples given lately, to drop their repeats: the last ``window`` to
    ``2 * window`` distinct ones (16-byte BLAKE2b digests of their N-Triples form, in two
    generations: when the newer is full, the older is dropped). A repeat further apart is
    new again: an RDF graph is a set, so a parser reads the same graph, but a file may
    hold a line twice. Memory: at most ``2 * window`` digests (some 25 MB at
    :data:`WINDOW`), whatever the number of triples.

    >>> a, p = ox.NamedNode("urn:ex:a"), ox.NamedNode("urn:ex:p")
    >>> one, two, three = (ox.Triple(a, p, ox.Literal(str(i))) for i in range(3))
    >>> seen = Seen(window=1)
    >>> [t.object.value for t in seen.new([one, one, two, one, three, two, one])]
    ['0', '1', '2', '0']
    """

    def __init__(self, window: int = WINDOW) -> None:
        self.window = window
        self.newer: set[bytes] = set()
        self.older: set[bytes] = set()
        self.last: ox.Triple | None = None

    def new(self, triples: Iterable[ox.Triple]) -> list[ox.Triple]:
        """Those of ``triples`` not given lately, in their order, remembered."""
        fresh = []
        newer, older, last = self.newer, self.older, self.last
        for triple in triples:
            if triple == last:  # a repeat in a row: no digest needed
                continue
            last = triple
            key = blake2b(str(triple).encode(), digest_size=16).digest()
            if key in newer or key in older:
                continue
            if len(newer) >= self.window:
                older, newer = newer, set()
            newer.add(key)
            fresh.append(triple)
        self.newer, self.older, self.last = newer, older, last
        return fresh
