"""Refuse SPARQL that would make the server fetch remote data.

The embedded engine would follow ``SERVICE <iri>`` in a query and ``LOAD <iri>`` in an
update to any address, private ones included. :func:`check_remote_access` finds every such
target (outside strings, IRIs and comments) and refuses those not on the allowlist.

>>> check_remote_access("SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' }", [])
>>> check_remote_access("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }", [])
Traceback (most recent call last):
...
kg.errors.BadRequest: SERVICE <http://10.0.0.1/sparql> is not allowed: remote access is off (setting KG_REMOTE_ALLOWLIST)
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import BadRequest
from kg.sparqltext import tokenize


def remote_targets(text: str) -> list[tuple[str, str]]:
    """Every (keyword, target) for SERVICE and LOAD in a query or update. A target is an
    IRI (prefixed names expanded), or the text of a variable (which cannot be checked)."""
    lowered = text.lower()
    if "service" not in lowered and "load" not in lowered:
        return []  # the common case, without tokenizing
    tokens = tokenize(text)
    prefixes: dict[str, str] = {}
    targets: list[tuple[str, str]] = []
    for i, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        keyword = value.upper()
        if keyword == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
        elif keyword in ("SERVICE", "LOAD"):
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "SILENT":
                j += 1
            if j >= len(tokens):
                continue
            t_kind, t_value = tokens[j]
            if t_kind == "iri":
                targets.append((keyword, t_value[1:-1]))
            elif t_kind == "pname":
                prefix, _, local = t_value.partition(":")
                targets.append((keyword, prefixes.get(prefix, t_value + "?") + local))
            else:
                targets.append((keyword, t_value))
    return targets


def check_remote_access(text: str, allowlist: Sequence[str]) -> None:
    """Raise :class:`BadRequest` unless every SERVICE/LOAD target starts with an allowed
    prefix (an exact IRI or a prefix ending in ``/``)."""
    for keyword, target in remote_targets(text):
        allowed = target.startswith(("http://", "https://")) and any(
            target == a or (a.endswith("/") and target.startswith(a)) for a in allowlist
        )
        if not allowed:
            why = "remote access is off" if not allowlist else "the target is not on the allowlist"
            shown = f"<{target}>" if "://" in target else target
            raise BadRequest(
                f"{keyword} {shown} is not allowed: {why} (setting KG_REMOTE_ALLOWLIST)"
            )
