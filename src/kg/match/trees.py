"""Hierarchies held in memory - an industry's concepts (``skos:broader``), a region's places
(``kg:partOf``) - as child -> parents, read from the store, and the shortest way up one."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

from pyoxigraph import NamedNode

from kg import queries
from kg.store import Store, solutions


def read_tree(
    store: Store, query: str, var: str, parent_var: str, root: NamedNode
) -> dict[str, list[str]]:
    """child -> its parents inside the tree under ``root`` (``root`` included, with none),
    in the order ``query`` answers them: ``concept-tree`` (an industry's concepts, ``?target``
    the industry) or ``region-tree`` (a region's places, ``?region``)."""
    parents: dict[str, list[str]] = {}
    binding = "target" if query == "concept-tree" else "region"
    for row in solutions(store.query(queries.get(query), bindings={binding: root})):
        child, parent = row[var].value, row[parent_var]
        held = parents.setdefault(child, [])
        if parent is not None and parent.value not in held:
            held.append(parent.value)
    return parents


def path_up(
    parents: Mapping[str, Iterable[str]], start: str, top: str
) -> list[tuple[str, str]] | None:
    """The shortest chain of (child, parent) links from ``start`` up to ``top`` (``[]``
    when they are one; ``None`` when ``top`` is not above ``start``); of chains alike, the
    one through the parents first in order.

    >>> parents = {"苏州市": ["江苏省"], "江苏省": ["长三角", "中国"]}
    >>> path_up(parents, "苏州市", "长三角")
    [('苏州市', '江苏省'), ('江苏省', '长三角')]
    >>> path_up(parents, "长三角", "苏州市") is None, path_up(parents, "中国", "中国")
    (True, [])
    """
    if start == top:
        return []
    came: dict[str, str] = {start: start}
    queue: deque[str] = deque([start])
    while queue:
        node = queue.popleft()
        for parent in sorted(parents.get(node, ())):
            if parent in came:
                continue
            came[parent] = node
            if parent == top:
                out, cur = [], top
                while cur != start:
                    out.append((came[cur], cur))
                    cur = came[cur]
                return list(reversed(out))
            queue.append(parent)
    return None


__all__ = ["path_up"]
