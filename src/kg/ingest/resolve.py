"""Entity resolution: the IRI each mention of an article names.

- A name the graph knows - curated or reviewed, by its exact name or abbreviation
  (哈工大) or by its identity key (:mod:`kg.identity`: 中国航天科技集团有限公司 is the curated
  航天科技集团) - links to that entity; people too (习近平).
- Any other name gets the IRI derived from its identity key, so 中国储备粮管理集团 and
  中国储备粮管理集团有限公司, or 深江铁路 and 深圳至江门铁路, are one IRI in every article, while
  哈尔滨工业大学 and 哈尔滨工程大学 never merge.
- Inside one article, a short name the text declares (X（简称Y）) is X.
- The reviewers' decisions hold: a merged IRI resolves to the one it was merged into, and
  a name split off an entity gets an IRI of its own (``owl:sameAs`` / ``owl:differentFrom``
  in the review graph; see :mod:`kg.merges`).
- A mention that names nothing in particular gets no entity: a kind without a
  distinguishing name (技改项目, 光伏发电项目, a bridge named only after the river it crosses),
  a group of countries taken for an enterprise (二十国集团), a fragment of a longer name
  (十国集团 in 二十国集团).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg import queries
from kg.identity import GROUPS, NameRules, declared_short_name, tidy
from kg.iris import Minter
from kg.namespaces import KG_NS
from kg.store import Store, solutions

if TYPE_CHECKING:  # the gazetteer imports the extractor, which needs this module's callers
    from kg.ingest.gazetteer import Entry

# The version of these rules: articles resolved by other rules are resolved again (/3: a
# macro-region the news names is an entity, kg.ingest.pipeline._Graph.macro_region; /4: a
# place the curated data declares - 上海, 江苏 … of the macro-regions' sources - is that place,
# with its division's code, and the division table's own places are read from the table,
# not back from the store; /5: an event's year is one with or without 年, 2024年… = 2024…,
# kg.identity.session).
VERSION = "identity/5"

# A country-group (二十国集团, 七国集团) is no enterprise.
_COUNTRY_GROUP = re.compile(r"^[一二三四五六七八九十百]+国集团$")
_NUMERALS = set("〇一二三四五六七八九十百千万两0123456789")


@dataclass
class Decisions:
    """What reviewers (and the identity pass) decided about IRIs: ``redirects`` maps a
    retired IRI to the one it was merged into; ``apart`` holds pairs known to differ."""

    redirects: dict[str, str] = field(default_factory=dict)
    apart: set[frozenset[str]] = field(default_factory=set)

    def final(self, iri: str) -> str:
        """Where ``iri`` ends after following merges (cycles stop)."""
        seen = {iri}
        while iri in self.redirects:
            iri = self.redirects[iri]
            if iri in seen:
                break
            seen.add(iri)
        return iri

    def differ(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.apart

    @classmethod
    def load(cls, store: Store, minter: Minter) -> Decisions:
        """The merges and splits recorded in the review and identity graphs."""
        out = cls()
        rows = store.query(
            queries.get("identity-decisions"),
            bindings={"review": minter.graph("review"), "identity": minter.graph("identity")},
        )
        same: list[tuple[str, str]] = []
        for r in solutions(rows):
            a, b = r["a"].value, r["b"].value
            if r["relation"].value.endswith("sameAs"):
                same.append((a, b))
            else:
                out.apart.add(frozenset((a, b)))
        for a, b in same:  # reviewers' first; a split outweighs any merge of the two
            if frozenset((a, b)) not in out.apart:
                out.redirects.setdefault(a, b)
        return out


@dataclass(frozen=True)
class Resolved:
    iri: str
    name: str  # the name the mention is taken for (the full name of an abbreviation)
    known: bool  # a curated or reviewed entity
    kind: str  # the kind of thing (an enterprise named 二十国集团 is an organization)


class Resolver:
    """Resolution of the mentions of articles against what the graph knows."""

    def __init__(
        self,
        minter: Minter,
        rules: NameRules,
        known: Iterable[tuple[str, str, str]],
        decisions: Decisions | None = None,
        generic: GenericNames | None = None,
    ) -> None:
        """``known``: (IRI, name, kind) of the curated and reviewed entities."""
        self.minter, self.rules = minter, rules
        self.decisions = decisions or Decisions()
        self.generic = generic or GenericNames()
        by_key: dict[tuple[str, str], set[str]] = {}
        for iri, name, kind in known:
            if kind in GROUPS:
                key = (GROUPS[kind], rules.key(name, kind))
                by_key.setdefault(key, set()).add(iri)
        # a key two known entities share decides nothing
        self.known = {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1}

    @classmethod
    def for_store(
        cls, store: Store, minter: Minter, rules: NameRules, generic: GenericNames | None = None
    ) -> Resolver:
        """Known names from the curated and reviewed graphs; decisions from the review and
        identity graphs."""
        from kg.entities import KINDS
        from kg.review import Unreviewed

        rows = Unreviewed.EXCLUDE.view(store, minter).query(queries.get("known-names"))
        known = [
            (r["entity"].value, r["name"].value, KINDS.get(r["type"].value.removeprefix(KG_NS), ""))
            for r in solutions(rows)
        ]
        return cls(minter, rules, known, Decisions.load(store, minter), generic)

    def minted(self, name: str, kind: str) -> str:
        """The IRI kg mints for a thing of ``kind`` named ``name``."""
        return self.minter.entity(self.rules.iri_key(name, kind)).value

    def exact(self, name: str, kind: str) -> str:
        """The IRI of ``name`` split off the key it shares with other names."""
        digest = hashlib.sha1(("=" + tidy(name)).encode()).hexdigest()[:12]
        return self.minter.entity(f"{GROUPS[kind]}/x{digest}").value

    def resolve(
        self, name: str, kind: str, entry: Entry | None, aliases: dict[tuple[str, str], str]
    ) -> Resolved | None:
        """The entity a mention named ``name`` (simplified) of ``kind`` stands for, or
        ``None`` when it names nothing in particular. ``aliases``: the article's declared
        short names, by (group, key)."""
        d = self.decisions
        if entry is not None and entry.iri and not self._split_off(name, kind, entry.iri):
            return Resolved(d.final(entry.iri), entry.canonical or name, True, kind)
        if kind not in GROUPS:
            return None
        full = entry.canonical if entry is not None and entry.canonical else name
        if kind == "enterprise" and _COUNTRY_GROUP.match(tidy(full)):
            kind = "organization"
        if self.generic(full, kind):
            return None
        group, key = GROUPS[kind], self.rules.key(full, kind)
        exact = self.exact(full, kind)
        if (group, key) in aliases:
            return Resolved(d.final(aliases[(group, key)]), full, False, kind)
        iri = self.minter.entity(f"{group}/x{hashlib.sha1(key.encode()).hexdigest()[:12]}").value
        known = self.known.get((group, key))
        if known is not None and not d.differ(known, exact) and not d.differ(known, iri):
            return Resolved(d.final(known), full, True, kind)
        if d.differ(iri, exact):
            iri = exact
        return Resolved(d.final(iri), full, False, kind)

    def _split_off(self, name: str, kind: str, iri: str) -> bool:
        """Whether a reviewer split ``name`` off the known entity ``iri``."""
        if kind not in GROUPS or not self.decisions.apart:
            return False
        d = self.decisions
        return d.differ(iri, self.minted(name, kind)) or d.differ(iri, self.exact(name, kind))

    def alias_key(self, short: str, kind: str) -> tuple[str, str] | None:
        if kind not in GROUPS:
            return None
        return GROUPS[kind], self.rules.key(short, kind)


# Endings that say what kind of thing a name is, longest first: what is left is the part
# that must tell one thing of the kind from the others.
KIND_ENDINGS = tuple(
    sorted(
        ["特大桥", "大桥", "桥", "隧道", "高速铁路", "高铁", "城际铁路", "铁路", "快线", "国际机场", "机场", "港", "水库", "电站", "项目", "工程", "产业园区", "产业园", "工业园区", "工业园", "园区", "产业基地", "基地", "示范区", "开发区", "高新区", "新区", "科技城", "中心", "实验室", "研究院", "研究所", "大学", "学院", "股份有限公司", "有限公司", "集团", "公司", "企业"],
        key=len,
        reverse=True,
    )
)
_CROSSINGS = ("特大桥", "大桥", "桥", "隧道")
_NOBODY = frozenset(("中国", "国家", "全国", "我国", "国内", "国外", "海外", "境外", "当地", "本地"))
_WORK_KINDS = frozenset(("project", "park"))
_NAMED_KINDS = frozenset(("project", "park", "enterprise", "platform", "research-institute"))


@dataclass(frozen=True)
class GenericNames:
    """A name that says only what kind of thing it is names no thing in particular:
    技改项目, 光伏发电项目 (a kind of project, a sector), 中国高铁 or 德国企业 (a country's many),
    长江大桥 (a crossing named only after the river it crosses)."""

    words: frozenset[str] = frozenset()  # kinds of projects, ranks, sectors (industries)
    countries: frozenset[str] = frozenset()

    @classmethod
    def of(cls, rules: NameRules, sectors: Iterable[str] = ()) -> GenericNames:
        """The rules' generic words (``data/lexicon/generic-words.csv``) and ``sectors``
        (industry names)."""
        return cls(rules.generic_words | frozenset(sectors), frozenset(rules.countries))

    def __call__(self, name: str, kind: str) -> bool:
        """Whether ``name`` of ``kind`` is a kind of thing rather than the name of one.

        >>> g = GenericNames(frozenset({"技改", "光伏", "发电", "跨海", "国家", "现代农业", "新能源"}),
        ...                  frozenset({"德国"}))
        >>> [g(n, "project") for n in ("技改项目", "光伏发电项目", "跨海大桥", "中国高铁", "长江大桥")]
        [True, True, True, True, True]
        >>> [g(n, "project") for n in ("复兴长江大桥", "猎德大桥", "龙龙铁路", "引绰济辽输水工程")]
        [False, False, False, False]
        >>> g("国家现代农业产业园", "park"), g("德国企业", "enterprise"), g("新能源公司", "enterprise")
        (True, True, True)
        >>> g("国家新能源集团", "enterprise"), g("中国政府", "government")
        (False, False)
        """
        if kind not in _NAMED_KINDS:
            return False
        body, ending = tidy(name), ""
        while True:
            end = next((e for e in KIND_ENDINGS if body.endswith(e) and body != e), None)
            if end is None:
                break
            body, ending = body[: -len(end)], ending or end
        if not body or body in _NOBODY or body in self.countries:
            return True
        if ending in _CROSSINGS and len(body) <= 3 and body[-1] in "江河":
            return True  # 长江大桥, 黄河大桥, 嘉陵江大桥: the river's bridges are many
        words = self._cover(body)
        if words is None:
            return False
        return kind in _WORK_KINDS or len(words) == 1

    def _cover(self, body: str) -> list[str] | None:
        """``body`` as a sequence of generic words (longest first), or ``None``."""
        out, i = [], 0
        while i < len(body):
            for size in range(len(body) - i, 0, -1):
                if body[i : i + size] in self.words:
                    out.append(body[i : i + size])
                    i += size
                    break
            else:
                return None
        return out


def fragment(text: str, start: int, end: int, kind: str) -> bool:
    """Whether the mention ``text[start:end]`` is part of a longer name: a number goes on
    across its start (二 + 十国集团).

    >>> s = "出席二十国集团领导人峰会"
    >>> fragment(s, 3, 7, "enterprise"), fragment(s, 2, 7, "organization")
    (True, False)
    """
    return start > 0 and text[start] in _NUMERALS and text[start - 1] in _NUMERALS


def declared(text: str, end: int) -> str | None:
    """The short name declared right after a name ending at ``end`` (X（简称Y）)."""
    return declared_short_name(text[end : end + 24])


__all__ = ["VERSION", "Decisions", "GenericNames", "Resolved", "Resolver", "declared", "fragment"]
