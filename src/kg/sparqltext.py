"""Reading SPARQL text without parsing it: tokens, a query's own dataset, an update's
dataset.

The engine parses every query and update itself, and offers no parsed form. Before handing
the text over, kg needs to know whether a query names its own dataset (``FROM``) and whether
an update does (``USING``, ``WITH``), and to give the operations of an update the dataset of
the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` parameters. A lexer that
keeps strings, IRIs and comments whole is enough for that: a keyword is only a keyword
outside them. (Deciding remote access needs more care: :mod:`kg.sparql.guard` reads the text
exactly as the engine does.)

>>> names_dataset("SELECT ?o FROM <http://example.org/g> WHERE { ?s ?p ?o }")
True
>>> names_dataset("SELECT ?from WHERE { ?s <http://example.org/from> 'FROM' } # FROM")
False
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.errors import BadRequest
from kg.namespaces import PREFIXES

# --- SPARQL 1.1 terminals (section 19.8): the character classes of names, as the grammar
# gives them (a prefix may be 产业:, a variable ?产品), for the lexer below and the guard's
# reading (kg.sparql.guard)
PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
PN_CHARS_U = PN_CHARS_BASE + "_"
PN_CHARS = PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
VARNAME = f"[{PN_CHARS_U}0-9][{PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
PN_PREFIX = f"[{PN_CHARS_BASE}](?:[{PN_CHARS}.]*[{PN_CHARS}])?"
PN_LOCAL = f"(?:[{PN_CHARS_U}:0-9]|{PLX})(?:(?:[{PN_CHARS}.:]|{PLX})*(?:[{PN_CHARS}:]|{PLX}))?"
UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<pname>(?:PN_PREFIX)?:(?:PN_LOCAL)?)
  | (?P<var>[?$]VARNAME)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
    """.replace("PN_PREFIX", PN_PREFIX)
    .replace("PN_LOCAL", PN_LOCAL)
    .replace("VARNAME", VARNAME),
    re.VERBOSE | re.DOTALL,
)


def _lex(text: str) -> Iterator[re.Match[str]]:
    """The tokens of ``text`` as matches (kind: ``lastgroup``), comments dropped."""
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "comment":
            yield m


def tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` tokens, comments dropped: ``string``, ``iri``, ``pname``, ``var``,
    ``word`` or ``other`` (one character)."""
    return [(m.lastgroup or "other", m.group()) for m in _lex(text)]


def _has_keyword(text: str, *keywords: str) -> bool:
    lowered = text.lower()
    if not any(k.lower() in lowered for k in keywords):
        return False  # the common case, without lexing
    wanted = {k.upper() for k in keywords}
    return any(m.lastgroup == "word" and m.group().upper() in wanted for m in _lex(text))


def names_dataset(query: str) -> bool:
    """Whether a query names its own dataset (``FROM`` or ``FROM NAMED``; the keyword
    appears nowhere else in SPARQL 1.1)."""
    return _has_keyword(query, "FROM")


def names_update_dataset(update: str) -> bool:
    """Whether an update names the dataset of an operation (``USING``, ``USING NAMED`` or
    ``WITH``; the keywords appear nowhere else in SPARQL 1.1 Update).

    >>> names_update_dataset("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    True
    """
    return _has_keyword(update, "USING", "WITH")


def with_dataset(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """``update`` with the dataset of the SPARQL 1.1 Protocol's ``using-graph-uri``
    (``default_graphs``) and ``using-named-graph-uri`` (``named_graphs``) parameters: a
    ``USING`` / ``USING NAMED`` clause for each IRI before the ``WHERE`` of every
    ``DELETE``/``INSERT`` operation (``DELETE WHERE { P }`` becomes ``DELETE { P } USING
    ... WHERE { P }``). An update that names a dataset itself is refused (Protocol
    2.2.3). The IRIs must be valid (written as given, between ``<>``).

    >>> with_dataset("INSERT { ?s a <urn:T> } WHERE { ?s ?p ?o }", ["urn:g"], [])
    'INSERT { ?s a <urn:T> } USING <urn:g> WHERE { ?s ?p ?o }'
    >>> with_dataset("DELETE WHERE { ?s ?p 1 }", [], ["urn:n"])
    'DELETE { ?s ?p 1 } USING NAMED <urn:n> WHERE { ?s ?p 1 }'
    """
    if not default_graphs and not named_graphs:
        return update
    if names_update_dataset(update):
        raise BadRequest(key="error.sparql.update.dataset")
    clause = " ".join(
        [f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs]
    )
    tokens = list(_lex(update))
    out: list[str] = []
    done = 0  # the text up to here is in `out`
    depth = 0
    for i, m in enumerate(tokens):
        text, kind = m.group(), m.lastgroup
        if kind == "other" and text == "{":
            depth += 1
        elif kind == "other" and text == "}":
            depth -= 1
        elif depth == 0 and kind == "word" and text.upper() == "WHERE":
            previous = tokens[i - 1].group().upper() if i else ""
            if previous == "DELETE":  # DELETE WHERE { P } -> DELETE { P } USING ... WHERE { P }
                end = _group_end(tokens, i + 1)
                if end is None:
                    return update  # malformed: the engine will say where
                pattern = update[tokens[i + 1].start() : tokens[end].end()]
                out.append(update[done : m.start()])
                out.append(f"{pattern} {clause} WHERE {pattern}")
                done = tokens[end].end()
            else:
                out.append(update[done : m.start()])
                out.append(f"{clause} ")
                done = m.start()
    out.append(update[done:])
    return "".join(out)


def _group_end(tokens: list[re.Match[str]], start: int) -> int | None:
    """The index of the ``}`` closing the ``{`` at ``start``."""
    if start >= len(tokens) or tokens[start].group() != "{":
        return None
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j].lastgroup == "other":
            depth += {"{": 1, "}": -1}.get(tokens[j].group(), 0)
            if depth == 0:
                return j
    return None


_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def with_values(query: str, bindings: dict[str, str]) -> str:
    """``query`` with variables bound to terms (``bindings``: variable name -> the term in
    N-Triples syntax) by a ``VALUES`` block at the start of its ``WHERE`` pattern: what
    a store that takes no pre-bound variables (a SPARQL server) is sent instead. Every
    pattern of the query's outer group is joined with the values, so the answers are those
    of the query with the variables pre-bound. (A sub-query's own variables are its own.)

    >>> with_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": "<urn:x>"})
    'SELECT ?o WHERE { VALUES (?s) { (<urn:x>) } ?s ?p ?o }'
    >>> with_values("SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?a ?b ?c }", {"a": "<urn:x>"})
    'SELECT (EXISTS { ?a ?b ?c } AS ?e) { VALUES (?a) { (<urn:x>) } ?a ?b ?c }'
    >>> with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": "<urn:x>"})
    'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<urn:x>) } ?s ?p ?o }'
    >>> with_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": "<urn:x>"})
    'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<urn:x>) } ?s ?p ?o }'
    """
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    block = f" VALUES ({names}) {{ ({' '.join(bindings.values())}) }}"
    tokens = list(_lex(query))
    form = next(
        (i for i, m in enumerate(tokens) if m.lastgroup == "word" and m.group().upper() in _FORMS),
        None,
    )
    if form is None:
        raise BadRequest(key="error.sparql.form")
    construct = tokens[form].group().upper() == "CONSTRUCT"
    depth = 0  # of parentheses: braces inside them (EXISTS in a projection) are not the pattern
    groups: list[int] = []  # the top-level '{' tokens: a CONSTRUCT template, then the pattern
    after_where = False
    i = form + 1
    while i < len(tokens):
        text = tokens[i].group() if tokens[i].lastgroup == "other" else ""
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "{" and depth == 0:
            groups.append(i)
            before = tokens[i - 1]
            after_where = before.lastgroup == "word" and before.group().upper() == "WHERE"
            end = _group_end(tokens, i)
            if end is None:
                return query  # malformed: the engine will say where
            if not construct or after_where or len(groups) == 2:
                break
            i = end  # skip the template
        i += 1
    if not groups:
        raise BadRequest(key="error.sparql.where")
    start = groups[-1]
    end = _group_end(tokens, start)
    assert end is not None
    if construct and len(groups) == 1 and after_where:
        # CONSTRUCT WHERE { P }: the pattern is also the template; spell both out
        pattern = query[tokens[start].start() : tokens[end].end()]
        where = tokens[start - 1]
        inner = query[tokens[start].end() : tokens[end].end()]
        return (
            query[: where.start()]
            + f"{pattern} WHERE {{{block}{inner}"
            + query[tokens[end].end() :]
        )
    at = tokens[start].end()
    return query[:at] + block + query[at:]


def join_updates(first: str, second: str) -> str:
    """Two SPARQL update requests as one (``first`` then ``second``, in one request, so a
    store applies both or neither). ``first`` may end with a comment or with ``;``; when
    it holds no operation at all, the result is ``second`` after its prologue.

    >>> join_updates("INSERT DATA { <urn:s> <urn:p> 1 } # done", "CLEAR GRAPH <urn:g>")
    'INSERT DATA { <urn:s> <urn:p> 1 } # done\\n;\\nCLEAR GRAPH <urn:g>'
    >>> join_updates("CLEAR ALL ;", "CLEAR GRAPH <urn:g>")
    'CLEAR ALL ;\\nCLEAR GRAPH <urn:g>'
    >>> join_updates("PREFIX ex: <urn:ex:>", "CLEAR GRAPH <urn:g>")
    'PREFIX ex: <urn:ex:>\\nCLEAR GRAPH <urn:g>'
    """
    tokens = list(_lex(first))
    last = tokens[-1].group() if tokens else ""
    operations = any(
        m.lastgroup == "word" and m.group().upper() not in ("PREFIX", "BASE") for m in tokens
    )
    if last == ";" or not operations:
        return f"{first}\n{second}"
    return f"{first}\n;\n{second}"


def used_prefixes(query: str) -> dict[str, str] | None:
    """The predeclared prefixes (kg's, as ``/sparql`` declares them) a query uses without
    declaring them (parsing all of them on every query would cost more than a point lookup
    itself).

    >>> used_prefixes("SELECT * WHERE { ?s kg:locatedIn ?o }")
    {'kg': 'https://w3id.org/kg-industry/def#'}
    >>> used_prefixes("PREFIX kg: <urn:x#> SELECT * WHERE { ?s kg:p ?o }") is None
    True
    """
    used = {
        name: iri
        for name, iri in PREFIXES.items()
        if f"{name}:" in query and not re.search(rf"PREFIX\s+{name}:", query, re.IGNORECASE)
    }
    return used or None


def with_prefixes(query: str, prefixes: dict[str, str] | None) -> str:
    """``query`` with PREFIX lines for ``prefixes`` in front (for a reader of its text, such
    as :class:`kg.export.template.Template`; the engine takes them as ``prefixes=``)."""
    lines = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())
    return lines + query


def shift_lines(message: str, by: int) -> str:
    """A parser's message with the line of its position (``error at LINE:COLUMN``) moved
    ``by`` lines: where kg put lines of its own (prefixes) before the client's text.

    >>> shift_lines("error at 3:7: expected one of GRAPH", -2)
    'error at 1:7: expected one of GRAPH'
    """
    return re.sub(
        r"^error at (\d+):", lambda m: f"error at {max(1, int(m.group(1)) + by)}:", message
    )


UPDATE_FORMS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)
_UPDATE_WORDS = frozenset(UPDATE_FORMS)


QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def _opening(text: str) -> re.Match[str] | None:
    """The first token of ``text`` after its prologue (BASE, PREFIX declarations)."""
    skip = 0
    for m in _lex(text):
        word = m.group().upper() if m.lastgroup == "word" else None
        if skip:
            skip -= 1
        elif word == "PREFIX":
            skip = 2  # its name and IRI
        elif word == "BASE":
            skip = 1
        else:
            return m
    return None


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update: its first keyword after the prologue (BASE,
    PREFIX) is an update operation's.

    >>> is_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }"), is_update("SELECT * {}")
    (True, False)
    """
    m = _opening(text)
    return m is not None and m.lastgroup == "word" and m.group().upper() in _UPDATE_WORDS


def form_error(text: str, update: bool = False) -> str | None:
    """What is wrong when a query (or, with ``update``, an update) does not begin, after its
    prologue, with a form's keyword - a misspelt SELECT is reported by the engine as a token
    it did not expect somewhere further on - with the position of the word, as the engine
    gives positions (``error at line:column``, lines by \\n); ``None`` when it begins with one.

    >>> form_error("SELEKT * WHERE { ?s ?p ?o }")
    "error at 1:1: a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE (after PREFIX and BASE), not 'SELEKT'"
    >>> form_error("PREFIX ex: <http://e/> SELECT * {}") is None
    True
    >>> form_error("PREFIX ex: <http://e/>\\n  INSRT DATA {}", update=True)[:51]
    'error at 2:3: an update begins with INSERT, DELETE,'

    """
    m = _opening(text)
    if m is None:
        return None
    allowed = UPDATE_FORMS if update else QUERY_FORMS
    if m.lastgroup == "word" and m.group().upper() in allowed:
        return None
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    what = "an update" if update else "a query"
    words = ", ".join(allowed[:-1]) + " or " + allowed[-1]
    return (
        f"error at {line}:{column}: {what} begins with {words} (after PREFIX and BASE), "
        f"not '{m.group()[:40]}'"
    )
