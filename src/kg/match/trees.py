"""Hierarchies held in memory - an industry's concepts (``skos:broader``), a region's places
(``kg:partOf``) - as child -> parents, and the shortest way up one."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping


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
