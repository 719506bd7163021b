"""The national classification (GB/T 4754-2017) in the graph: find a class by the code people
write (``3741``, ``C3741``, ``C 3741``, ``c3741``, full-width digits) or by its name, and
describe it - its place in the hierarchy, what lies under it, the kg industries aligned with
it (with the curators' rationale) and the chain segments that cover it.

Everything is SPARQL through the store (named queries ``classification``,
``classification-children``, ``classification-links``).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.codes import Code, parse_code
from kg.entities import labels, rationale_field, resolve
from kg.errors import BadRequest, NotFound
from kg.iris import Minter
from kg.messages import say
from kg.namespaces import KG
from kg.store import QueryResult, Store, solutions


def find_class(store: Store, minter: Minter, text: str) -> NamedNode:
    """The activity class a code or name stands for. A code with a section letter that does
    not match (``A3741``) and unknown codes raise :class:`NotFound`; names go through
    :func:`kg.entities.resolve` (exact name, then ignoring case), with suggestions."""
    code = parse_code(text)
    if code is None:
        return resolve(store, minter, text, KG.ActivityClass, "kind.classification")
    notation = Literal(code.code, datatype=KG.GBT4754Code)
    rows = list(solutions(store.query(queries.bind("classification", notation=notation))))
    if not rows:
        raise NotFound(key="error.code.none", values={"code": repr(code.code)})
    if code.section is not None and code.level > 1:
        section = next(
            (r["ancestorCode"].value for r in rows if r["ancestorCode"].value.isalpha()), None
        )
        if section != code.section:
            raise NotFound(
                key="error.code.section",
                values={"code": code.code, "section": section, "given": code.section},
            )
    return rows[0]["class"]


def _codes(rows: QueryResult, node_var: str) -> dict[str, dict[str, str]]:
    """Per class: its standard code, registry code and name, from rows of (class, notation,
    label)."""
    out: dict[str, dict[str, str]] = {}
    for row in solutions(rows):
        item = out.setdefault(row[node_var].value, {"iri": row[node_var].value})
        notation = row["notation"]
        if notation.datatype == KG.GBT4754Code:
            item["code"] = notation.value
        elif notation.datatype == KG.GBT4754RegistryCode:
            item["registry_code"] = notation.value
        item["label"] = row["label"].value
    for item in out.values():
        item.setdefault("registry_code", item.get("code", ""))
    return out


def _order(item: dict[str, str]) -> tuple[int, str]:
    code = item.get("code", "")
    return (0 if code.isalpha() else len(code), code)


def describe_class(store: Store, minter: Minter, text: str) -> dict[str, object]:
    """A class by code or name: code, registry code, name, level, the path from its section
    down to it, the classes directly under it, the kg industries aligned with it (SKOS
    mapping links, each with its rationale: ``rationale`` in Chinese, ``rationale_en`` in
    English), the chain segments that cover it (with theirs), and how many organisations
    are registered under it or under a class below it."""
    node = find_class(store, minter, text)
    path = sorted(
        _codes(
            store.query(queries.bind("classification-path", **{"class": node})), "ancestor"
        ).values(),
        key=_order,
    )
    children = sorted(
        _codes(
            store.query(queries.bind("classification-children", **{"class": node})), "child"
        ).values(),
        key=_order,
    )
    links: list[dict[str, object]] = []
    segments: list[dict[str, object]] = []
    registered = 0
    rows = list(solutions(store.query(queries.bind("classification-links", **{"class": node}))))
    names = labels(store, [r["thing"] for r in rows if r["thing"] is not None])
    items: dict[tuple[str, ...], dict[str, object]] = {}  # a row per rationale's language
    for r in rows:
        if r["role"].value == "registered":
            registered = int(r["count"].value)
            continue
        role, thing, via = r["role"].value, r["thing"].value, r["via"].value
        key = (role, thing, via, r["match"].value if r["match"] else "")
        item = items.get(key)
        if item is None:
            item = items[key] = {**names[thing].to_dict(), "via": via}
            if role == "alignment":
                item["match"] = r["match"].value.rsplit("#", 1)[-1]
                links.append(item)
            else:
                segments.append(item)
        why = r["rationale"]
        if why is not None:
            item[rationale_field(why)] = why.value
    me = path[-1]
    code = Code(me["code"])
    return {
        **me,
        "level": code.level,
        "level_name": say(f"level.{code.level_name}", "zh"),
        "level_name_en": say(f"level.{code.level_name}", "en"),
        "scheme": minter.classification_scheme().value,
        "path": path,
        "children": children,
        "industries": sorted(links, key=lambda i: (str(i["via"]), str(i["label"]))),
        "segments": sorted(segments, key=lambda i: (str(i["via"]), str(i["label"]))),
        "registered": registered,
    }


def search_classes(store: Store, q: str, limit: int = 20) -> list[dict[str, str]]:
    """Classes by code (any written form; the class and the classes under it) or by a part
    of their name, in code order."""
    code = parse_code(q)
    if code is not None:
        found = describe_class_tree(store, code.code)
    else:
        q = q.strip()
        if not q:
            raise BadRequest(key="error.code.empty")
        # a substitution, not VALUES: the FILTER needs ?name bound while it scans the names
        rows = store.query(queries.get("classification-search"), bindings={"name": Literal(q)})
        found = list(_codes(rows, "class").values())
    return sorted(found, key=_order)[:limit]


def describe_class_tree(store: Store, code: str) -> list[dict[str, str]]:
    """The class with this code and the classes directly under it."""
    notation = Literal(code, datatype=KG.GBT4754Code)
    rows = list(solutions(store.query(queries.bind("classification", notation=notation))))
    if not rows:
        return []
    node = rows[0]["class"]
    me = _codes(store.query(queries.bind("classification-path", **{"class": node})), "ancestor")
    kids = _codes(store.query(queries.bind("classification-children", **{"class": node})), "child")
    return [me[node.value], *kids.values()]


__all__ = ["Code", "describe_class", "find_class", "parse_code", "search_classes"]
