"""Named SPARQL queries (``*.rq`` beside this file).

Each file is a complete SPARQL 1.1 query that runs unchanged on any endpoint, including
kg's own ``/sparql``; parameters are variables that callers bind (pyoxigraph
substitutions, or a trailing ``VALUES`` block built from validated terms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from pyoxigraph import Literal, NamedNode

from kg.namespaces import sparql_prefixes

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@cache
def get(name: str) -> str:
    """The text of the named query, with kg's PREFIX lines in front instead of its
    leading comment (which is for its readers: the store would scan it for a ``FROM``
    keyword on every call)."""
    text = resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")
    return sparql_prefixes() + _LEADING_COMMENT.sub("", text)


_LEADING_COMMENT = re.compile(r"\A(?:[ \t]*#[^\n]*\n)+")


def names() -> list[str]:
    return sorted(
        p.name[:-3] for p in resources.files(__package__).iterdir() if p.name.endswith(".rq")
    )


def bind(name: str, /, **terms: NamedNode | Literal) -> str:
    """The named query with its parameters bound by one ``VALUES`` row (see
    :func:`with_values`)."""
    return with_values(name, list(terms), [list(terms.values())])


def with_values(
    name: str, variables: Sequence[str], rows: Iterable[Sequence[NamedNode | Literal]]
) -> str:
    """The named query with a ``VALUES`` block at the start of its ``WHERE`` clause. There
    the engine plans with the values known, so joins start from them; a trailing ``VALUES``
    (or a substitution) is joined only at the end, after the engine has matched the pattern
    for every value (a chain's member query: 6 ms instead of 10 s on the real data).

    >>> "VALUES (?entity)" in with_values("labels", ["entity"], [[NamedNode("http://example.org/a")]])
    True
    """
    text = get(name)
    where = _WHERE.search(text)
    if where is None:
        raise ValueError(f"named query {name!r} has no WHERE clause")
    return text[: where.end()] + values(variables, rows) + text[where.end() :]


def values(variables: Sequence[str], rows: Iterable[Sequence[NamedNode | Literal]]) -> str:
    """A trailing ``VALUES`` clause. Terms are written by pyoxigraph, which escapes them, so
    no caller text is ever pasted into SPARQL raw."""
    body = "\n".join("(" + " ".join(str(t) for t in row) + ")" for row in rows)
    head = " ".join(f"?{v}" for v in variables)
    return f"\nVALUES ({head}) {{\n{body}\n}}\n"
