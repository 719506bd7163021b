"""Bounded lookups: queries cheap enough to answer in the server process itself.

Most endpoint traffic is point lookups - the statements of one node. Sending each to a
worker process (where a runaway query can be killed) costs more than the lookup. A query
is a *bounded lookup* when its work is bounded by the statements of one named node:

- ``SELECT`` (optionally ``DISTINCT``) or ``ASK`` over one subject that is an IRI, with at
  most four predicate-object pairs of which at most one has a variable predicate; objects
  are IRIs, variables or literals; no ``FILTER``, ``OPTIONAL``, ``UNION``, ``GRAPH``,
  ``SERVICE``, paths, sub-queries, ``ORDER BY``, ``GROUP BY`` or ``OFFSET``; or
- ``DESCRIBE`` of IRIs.

Anything else - and any text this small grammar does not recognise - is not a lookup.
The caller still caps the rows (:data:`ROW_BUDGET`) and hands a lookup that turns out big
to the worker processes.

>>> is_bounded_lookup("SELECT ?p ?o WHERE { <http://ex.org/a> ?p ?o }")
True
>>> is_bounded_lookup("PREFIX kg: <https://w3id.org/kg-industry/def#> "
...                   "SELECT * { kg:x a ?t ; rdfs:label ?l . } LIMIT 10")
True
>>> is_bounded_lookup("SELECT * WHERE { ?s ?p ?o }")
False
>>> is_bounded_lookup("SELECT * WHERE { <http://ex.org/a> ?p ?o FILTER(?o > 1) }")
False
"""

from __future__ import annotations

import re

from kg.sparqltext import tokens

ROW_BUDGET = 1000
MAX_PAIRS = 4

_TERM_KINDS = ("iri", "pname")
# The commonest lookup, recognised without tokenizing: SELECT vars { <iri> ?p ?o }.
_DESCRIBE_NODE = re.compile(
    r"\s*SELECT\s+(?:\?\w+\s*)+(?:WHERE\s*)?\{\s*<[^<>\"{}|^`\\\s]*>\s+"
    r"(?:\?\w+|<[^<>\"{}|^`\\\s]*>)\s+(?:\?\w+|<[^<>\"{}|^`\\\s]*>)\s*\.?\s*\}\s*",
    re.IGNORECASE,
)


class _Reader:
    def __init__(self, text: str) -> None:
        self.tokens = tokens(text)
        self.i = 0

    def peek(self, ahead: int = 0) -> tuple[str, str]:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else ("end", "")

    def word(self, *words: str) -> bool:
        kind, value = self.peek()
        if kind == "word" and value.upper() in words:
            self.i += 1
            return True
        return False

    def other(self, char: str) -> bool:
        if self.peek() == ("other", char):
            self.i += 1
            return True
        return False

    def take(self, *kinds: str) -> bool:
        if self.peek()[0] in kinds:
            self.i += 1
            return True
        return False

    def integer(self) -> bool:
        digits = 0
        while self.peek()[0] == "other" and self.peek()[1].isdigit():
            self.i += 1
            digits += 1
        return digits > 0


def _prologue(r: _Reader) -> bool:
    while True:
        if r.word("PREFIX"):
            if not (r.take("pname") and r.take("iri")):
                return False
        elif r.word("BASE"):
            if not r.take("iri"):
                return False
        else:
            return True


def _literal(r: _Reader) -> bool:
    if r.take("string"):
        if r.other("@"):
            return r.take("word")
        if r.peek() == ("other", "^") and r.peek(1) == ("other", "^"):
            r.i += 2
            return r.take(*_TERM_KINDS)
        return True
    if not r.other("-"):
        r.other("+")
    return r.integer()


def _object(r: _Reader) -> bool:
    return r.take("iri", "pname", "var") or _literal(r)


def _star(r: _Reader) -> bool:
    """``{ <subject> p o [, o] [; p o]* [.] }`` with a named subject."""
    if not (r.other("{") and r.take(*_TERM_KINDS)):
        return False
    pairs = variable_predicates = 0
    while True:
        if r.take("var"):
            variable_predicates += 1
        elif not (r.take(*_TERM_KINDS) or r.word("A")):
            return False
        if not _object(r):
            return False
        pairs += 1
        while r.other(","):
            if not _object(r):
                return False
            pairs += 1
        if pairs > MAX_PAIRS or variable_predicates > 1:
            return False
        if r.other(";"):
            if r.peek() in (("other", "."), ("other", "}")):
                break
            continue
        break
    r.other(".")
    return r.other("}")


def is_bounded_lookup(text: str) -> bool:
    """Whether ``text`` is a query whose work is bounded by one named node's statements."""
    if len(text) > 4000 or "\\" in text:  # an escape: leave the odd text to the workers
        return False
    if _DESCRIBE_NODE.fullmatch(text):
        return True
    r = _Reader(text)
    if not _prologue(r):
        return False
    if r.word("DESCRIBE"):
        if not r.take(*_TERM_KINDS):
            return False
        while r.take(*_TERM_KINDS):
            pass
        return r.peek()[0] == "end"
    if r.word("ASK"):
        r.word("WHERE")
        return _star(r) and r.peek()[0] == "end"
    if not r.word("SELECT"):
        return False
    r.word("DISTINCT", "REDUCED")
    if not r.other("*"):
        if not r.take("var"):
            return False
        while r.take("var"):
            pass
    r.word("WHERE")
    if not _star(r):
        return False
    if r.word("LIMIT") and not r.integer():
        return False
    return r.peek()[0] == "end"


__all__ = ["ROW_BUDGET", "is_bounded_lookup"]
