"""What SPARQL text may reach the engine: no remote access, bounded size and nesting.

The engine (pyoxigraph) fetches ``SERVICE <iri>`` in a query and ``LOAD <iri>`` in an update
from any address, private ones included. :func:`check_request` is the one gate every query
and update from a client passes before the engine sees it: it refuses text over the size
limit, nesting deeper than :data:`MAX_NESTING`, and every ``SERVICE`` / ``LOAD`` whose target
is not on the allowlist (``KG_REMOTE_ALLOWLIST``; a ``SERVICE ?variable`` is always refused).

>>> check_remote_access("SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' }", [])
>>> check_remote_access("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }", [])
Traceback (most recent call last):
...
kg.errors.BadRequest: SERVICE <http://10.0.0.1/sparql> is not allowed: remote access is off (setting KG_REMOTE_ALLOWLIST)

How targets are found. pyoxigraph offers no parsed form of a query, so the guard reads the
text as the engine's parser does, on the SPARQL 1.1 terminals (``IRIREF`` with ``\\u``
escapes, ``PN_LOCAL`` with ``\\#``-style escapes and ``%``-escapes, the four string forms,
comments ending at CR or LF), and where the engine's reading depends on the grammar around
a character it follows every reading:

- ``<`` after an operand inside parentheses may be the less-than operator or start an IRI:
  both are read on (``FILTER(?a<'x>') SERVICE ...`` is an operator and a string to the
  engine);
- ``'''`` / ``\"\"\"`` may open a long string or be an empty string and a quote;
- the engine matches keywords by their letters alone, so ``trueSERVICE<x>{}``,
  ``SERVICEex:x{}`` and ``SERVICE:{}`` are ``SERVICE`` to it: every run of name characters
  outside variables, local names, blank-node labels and language tags is searched for the
  keyword letters.

Each keyword found is followed to its target (after comments and ``SILENT``): an IRI (its
escapes decoded), a prefixed name (expanded with *every* declaration of its prefix found
anywhere in the text, and kg's predeclared ones: all must be allowed) or a variable. Only an
absolute ``http``/``https`` IRI on the allowlist passes. ``tests/test_guard.py`` checks the
readings against the engine itself: a listener on this machine must see no connection for
any request the guard lets through, generated ones included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.errors import BadRequest, PayloadTooLarge
from kg.namespaces import PREFIXES
from kg.sparqltext import PN_CHARS, PN_CHARS_U, PN_LOCAL, PN_PREFIX, UCHAR, VARNAME

MAX_NESTING = 32
"""Deepest nesting of ``{ ( [`` a request may have. The engine's parser takes time cubic in
the nesting of blank-node property lists and collections (64 levels: about a second) and
overflows its stack at about 3,000 braces, which ends the process."""

_MAX_FORKS = 4096  # readings followed before a text counts as too ambiguous to check

# --- SPARQL 1.1 terminals (section 19.8; their character classes: kg.sparqltext) ---------

IRIREF = re.compile(f'<(?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{UCHAR})*>')
PNAME = re.compile(f"({PN_PREFIX})?:({PN_LOCAL})?")
VAR = re.compile(f"[?$]{VARNAME}")
_BNODE = re.compile(f"_:[{PN_CHARS_U}0-9](?:[{PN_CHARS}.]*[{PN_CHARS}])?")
_LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(f"[{PN_CHARS}]+")
# whitespace and comments, as the engine skips them
_SPACE = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*)*")
_ESCAPE = re.compile(UCHAR)
_KEYWORD = re.compile("service|load", re.IGNORECASE | re.ASCII)
_SILENT = re.compile("silent", re.IGNORECASE | re.ASCII)
_PREFIX_DECL = re.compile(
    f"[Pp][Rr][Ee][Ff][Ii][Xx]{_SPACE.pattern}({PN_PREFIX})?:{_SPACE.pattern}({IRIREF.pattern})"
)
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_OPENS = re.compile(r"[{(\[]")

# after these, a '<' cannot be the less-than operator (the engine reads an IRI)
_NOT_OPERAND = frozenset("({[,.;=!<>&|+-*/^")


@dataclass(frozen=True)
class Target:
    """A ``SERVICE`` or ``LOAD`` and where it would go: every absolute IRI its target may
    stand for (empty when it cannot be known: a variable, a relative IRI, an undeclared
    prefix)."""

    keyword: str
    written: str
    iris: tuple[str, ...]


# --- reading the text ---------------------------------------------------------------------


@dataclass
class Reading:
    """What the readings of a text found: the keyword letters that stand in code (start,
    end), and the deepest nesting of brackets."""

    keywords: set[tuple[int, int]] = field(default_factory=set)
    depth: int = 0


_State = tuple[int, int, int, bool]  # position, bracket depth, parenthesis depth, operand before


class _Reader:
    """Follows every reading of a text. A state is where a reading stands between tokens;
    a state met twice is read once, so the work stays linear in the text unless readings
    fork, and forks are counted."""

    def __init__(self, text: str, max_depth: int | None) -> None:
        self.text = text
        self.max_depth = max_depth
        self.reading = Reading()
        self.seen: set[_State] = set()
        self.todo: list[_State] = [(0, 0, 0, False)]
        self.forks = 0

    def run(self) -> Reading:
        while self.todo:
            self.follow(self.todo.pop())
        return self.reading

    def fork(self, state: _State) -> None:
        self.forks += 1
        if self.forks > _MAX_FORKS:
            raise BadRequest(key="error.sparql.remote.ambiguous")
        self.todo.append(state)

    def follow(self, state: _State) -> None:
        """Read on from ``state`` until the text ends, the engine could not read on, or the
        reading meets a state already read."""
        text, n = self.text, len(self.text)
        pos, depth, parens, operand = state
        while True:
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # _SPACE matches the empty string: never None
            key = (pos, depth, parens, operand)
            if key in self.seen:
                return
            self.seen.add(key)
            if pos >= n:
                return
            c = text[pos]
            if c == "<":
                if operand and parens > 0:  # also the less-than operator
                    self.fork((pos + 1, depth, parens, False))
                m = IRIREF.match(text, pos)
                pos, operand = (m.end(), True) if m else (pos + 1, False)
            elif c in "'\"":
                if text.startswith(c * 3, pos):  # a long string, or an empty string and a quote
                    self.fork((pos + 2, depth, parens, True))
                    end = _long_string_end(text, pos, c)
                else:
                    end = _string_end(text, pos, c)
                if end is None:
                    return  # the engine cannot read on here
                pos, operand = end, True
            elif c in "?$":
                m = VAR.match(text, pos)
                pos, operand = (m.end() if m else pos + 1), True
            elif c == "_" and text.startswith("_:", pos):
                m = _BNODE.match(text, pos)
                pos, operand = (m.end() if m else pos + 2), True
            elif (m := PNAME.match(text, pos)) is not None:
                self.keywords_in(pos, pos + len(m.group(1) or ""))  # the prefix, not the local
                pos, operand = m.end(), True
            elif (m := _NUMBER.match(text, pos)) is not None:
                pos, operand = m.end(), True
            elif (m := _WORD.match(text, pos) or _LANGTAG.match(text, pos)) is not None:
                self.keywords_in(pos, m.end())
                pos, operand = m.end(), True
            else:
                if c in "{([":
                    depth += 1
                    parens += c == "("
                    self.reading.depth = max(self.reading.depth, depth)
                    if self.max_depth is not None and depth > self.max_depth:
                        raise BadRequest(
                            key="error.sparql.nesting", values={"most": self.max_depth}
                        )
                elif c in "})]":
                    depth = max(depth - 1, 0)
                    parens = max(parens - (c == ")"), 0)
                pos, operand = pos + 1, c not in _NOT_OPERAND

    def keywords_in(self, start: int, end: int) -> None:
        for m in _KEYWORD.finditer(self.text, start, end):
            self.reading.keywords.add((m.start(), m.end()))


def read(text: str, *, max_depth: int | None = None) -> Reading:
    """Follow every reading of ``text`` (see the module docstring) and collect the keyword
    letters that stand in code. Raises :class:`BadRequest` when brackets nest deeper than
    ``max_depth`` or the readings fork too often to follow."""
    return _Reader(text, max_depth).run()


def _string_end(text: str, pos: int, quote: str) -> int | None:
    """End of a one-line string starting at ``pos`` (``None``: the engine fails on it)."""
    i, n = pos + 1, len(text)
    while i < n:
        c = text[i]
        if c == quote:
            return i + 1
        if c in "\r\n":
            return None
        i += 2 if c == "\\" else 1
    return None


def _long_string_end(text: str, pos: int, quote: str) -> int | None:
    i, n = pos + 3, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
        elif c == quote and text.startswith(quote * 3, i):
            while text.startswith(quote, i + 3):  # a closing quote run: the last three close
                i += 1
            return i + 3
        else:
            i += 1
    return None


# --- targets ------------------------------------------------------------------------------


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), value)


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


def declared_prefixes(text: str) -> dict[str, set[str]]:
    """Every ``PREFIX p: <iri>`` anywhere in the text (strings and comments too: more
    declarations only make a prefixed target harder to allow), with kg's predeclared ones."""
    found: dict[str, set[str]] = {name: {iri} for name, iri in PREFIXES.items()}
    for m in _PREFIX_DECL.finditer(text):
        found.setdefault(m.group(1) or "", set()).add(_unescape(m.group(2)[1:-1]))
    return found


def _target_at(text: str, pos: int, prefixes: Mapping[str, set[str]]) -> Target | None:
    """The target written at ``pos``, or ``None`` when nothing there can be one."""
    if m := IRIREF.match(text, pos):
        iri = _unescape(m.group()[1:-1])
        return Target("", m.group(), (iri,) if _ABSOLUTE.match(iri) else ())
    if text.startswith("<", pos):  # not a well-formed IRI: refuse rather than guess
        return Target("", text[pos : pos + 40], ())
    if m := VAR.match(text, pos):
        return Target("", m.group(), ())
    if m := PNAME.match(text, pos):
        local = _unescape_local(m.group(2) or "")
        iris = tuple(sorted(ns + local for ns in prefixes.get(m.group(1) or "", ())))
        return Target("", m.group(), iris)
    return None


def remote_targets(text: str) -> list[Target]:
    """Every ``SERVICE`` and ``LOAD`` in a query or update, with its target."""
    if _KEYWORD.search(text) is None:
        return []  # the common case: no keyword letters at all
    reading = read(text)
    prefixes: dict[str, set[str]] | None = None
    targets: list[Target] = []
    for start, end in sorted(reading.keywords):
        keyword = text[start:end].upper()
        starts = [_SPACE.match(text, end).end()]  # type: ignore[union-attr]  # as above
        if m := _SILENT.match(text, starts[0]):
            starts.append(_SPACE.match(text, m.end()).end())  # type: ignore[union-attr]  # as above
        for at in starts:
            if prefixes is None:
                prefixes = declared_prefixes(text)
            target = _target_at(text, at, prefixes)
            if target is not None:
                targets.append(Target(keyword, target.written, target.iris))
    return targets


def allowed(iri: str, allowlist: Iterable[str]) -> bool:
    """An absolute http(s) IRI equal to an entry, or under an entry ending in ``/``."""
    return iri.startswith(("http://", "https://")) and any(
        iri == a or (a.endswith("/") and iri.startswith(a)) for a in allowlist
    )


def check_remote_access(text: str, allowlist: Sequence[str]) -> None:
    """Raise :class:`BadRequest` unless every SERVICE/LOAD target is allowed: each IRI it
    may stand for equals an allowlist entry or starts with one ending in ``/``."""
    for target in remote_targets(text):
        if not target.iris or not all(allowed(i, allowlist) for i in target.iris):
            raise BadRequest(
                key="error.sparql.remote.allowlist" if allowlist else "error.sparql.remote.off",
                values={"keyword": target.keyword, "target": target.written},
            )


def check_nesting(text: str, max_depth: int = MAX_NESTING) -> None:
    """Raise :class:`BadRequest` when brackets in code nest deeper than ``max_depth``."""
    if len(_OPENS.findall(text)) > max_depth:  # else the nesting cannot be deeper
        read(text, max_depth=max_depth)


def check_request(text: str, *, kind: str, max_bytes: int, allowlist: Sequence[str]) -> None:
    """The gate before the engine: size, nesting, remote access. ``kind`` is ``query`` or
    ``update`` (for the messages)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise PayloadTooLarge(
            key="error.sparql.update.size" if kind == "update" else "error.sparql.query.size",
            values={"size": size, "most": max_bytes},
        )
    check_nesting(text)
    check_remote_access(text, allowlist)
