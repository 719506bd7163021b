"""Chain maps (``data/chains/*.yaml``) and the alignment of kg's industry scheme with
GB/T 4754 (``data/reference/industry-alignment.yaml``) -> editorial graphs.

Both are editorial knowledge: written by the curators from the national classification and
general knowledge, not stated by a source sentence. Each chain map goes into its own named
graph ``graph/editorial-chain-{id}`` and the alignment into
``graph/editorial-industry-alignment``, attributed to the curators; the links that matching
follows (a segment's classes, keywords and industries, an industry's match with a class)
are also ``kg:Assertion``\\ s with status ``kg:Editorial`` and the written rationale, so every
answer that rests on one can say so. Formats: ``data/chains/README.md``.

The loader checks the shape of the files (types, keys, codes, references) and reports
``file:line``; what a segment and a chain must have (a position, a stage, a class, keywords,
a rationale, a version, a reference) is checked by the SHACL shapes, whose violations the
load reports at the line of the segment or chain (``GraphBuild.locations``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from kg.errors import DataError
from kg.iris import SLUG, Minter
from kg.loaders.classification import ClassRow
from kg.loaders.curated import GraphBuild, Problems, rationale
from kg.loaders.yamlfile import read_yaml
from kg.namespaces import DCT, KG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

ALIGNMENT_FILE = "industry-alignment.yaml"
STAGES = {"upstream": KG.Upstream, "midstream": KG.Midstream, "downstream": KG.Downstream}
MATCHES = {
    "exactMatch": SKOS.exactMatch,
    "closeMatch": SKOS.closeMatch,
    "broadMatch": SKOS.broadMatch,
    "narrowMatch": SKOS.narrowMatch,
}
CONCEPT_TYPES = ("Industry", "IndustryGroup")
CHAIN_FIELDS = {
    "id",
    "version",
    "modified",
    "industry",
    "label",
    "scope",
    "rationale",
    "references",
    "segments",
}
SEGMENT_FIELDS = {
    "key",
    "position",
    "stage",
    "label",
    "gbt4754",
    "keywords",
    "industries",
    "rationale",
    "references",
}
REFERENCE_FIELDS = {"title", "issuer", "number", "year", "url"}
# A segment key must not read as a file suffix of its IRI (/id/segment/x.ttl is Turtle).
RESERVED_KEYS = {"ttl", "nt", "nq", "trig", "jsonld", "rdf", "json", "html"}


def _line(node: Any, default: int = 0) -> int:
    return getattr(node, "line", default)


class EditorialLoader:
    """Builds the graphs of chain maps and of the industry alignment (nothing is written).

    ``concepts`` are the declared entity keys of the curated files with their type names;
    ``codes`` the rows of the classification by code."""

    def __init__(
        self, minter: Minter, concepts: Mapping[str, str], codes: Mapping[str, ClassRow]
    ) -> None:
        self.m = minter
        self.concepts = concepts
        self.codes = codes
        self.problems = Problems()
        self.curators = minter.agent("kg-curators")

    # ------------------------------------------------------------------ public
    def build_chains(self, paths: Iterable[Path]) -> list[GraphBuild]:
        """One graph per chain map; problems go to :attr:`problems`."""
        builds = []
        for path in sorted(paths):
            try:
                doc = read_yaml(path)
            except DataError as exc:
                self.problems.items.append(exc.message)
                continue
            build = self._chain(path, doc)
            if build is not None:
                builds.append(build)
        return builds

    def build_alignment(self, path: Path) -> GraphBuild:
        """The alignment links of the industry scheme with GB/T 4754; problems go to
        :attr:`problems`."""
        try:
            doc = read_yaml(path)
        except DataError as exc:
            self.problems.items.append(exc.message)
            doc = {}
        build = self._editorial_graph(
            self.m.graph("editorial-industry-alignment"),
            "industry alignment",
            {
                "zh": "产业分类与国民经济行业分类的对应",
                "en": "Industry scheme aligned with GB/T 4754",
            },
        )
        links = doc.get("links") if isinstance(doc, dict) else None
        if not isinstance(links, list):
            self.problems.add(path, _line(doc, 1), "the alignment file has a list `links:`")
            return build
        unknown = set(doc) - {"links", "label", "note"}
        if unknown:
            self.problems.add(path, _line(doc, 1), f"unknown field(s) {', '.join(sorted(unknown))}")
        seen: dict[tuple[str, str, str], int] = {}
        for link in links or []:
            line = _line(link, _line(links))
            if not isinstance(link, dict):
                self.problems.add(path, line, "a link is {industry, match, gbt4754, rationale}")
                continue
            extra = set(link) - {"industry", "match", "gbt4754", "rationale"}
            if extra:
                self.problems.add(path, line, f"unknown field(s) {', '.join(sorted(extra))}")
            industry = self._concept(path, line, link.get("industry"))
            match = MATCHES.get(str(link.get("match")))
            if match is None:
                self.problems.add(
                    path,
                    line,
                    f"match {link.get('match')!r} must be one of {', '.join(MATCHES)}",
                )
            cls = self._code(path, line, link.get("gbt4754"))
            why = rationale(
                self.problems, path, line, link.get("rationale"), "a link's `rationale`"
            )
            if industry is None or match is None or cls is None or not why:
                continue
            key = (industry.value, match.value, cls.value)
            if key in seen:
                self.problems.add(path, line, f"the same link is at line {seen[key]}")
                continue
            seen[key] = line
            self._editorial(build, industry, match, cls, why)
        return build

    # ------------------------------------------------------------- helpers
    def _editorial_graph(self, name: NamedNode, title: str, label: Mapping[str, str]) -> GraphBuild:
        build = GraphBuild(name, title)
        for lang, text in label.items():
            build.add(name, RDFS.label, Literal(text, language=lang))
        build.add(name, PROV.wasAttributedTo, self.curators)
        build.add(self.curators, RDF.type, PROV.Agent)
        build.add(self.curators, RDFS.label, Literal("kg 数据编辑", language="zh"))
        build.add(self.curators, RDFS.label, Literal("kg curators", language="en"))
        return build

    def _editorial(
        self,
        build: GraphBuild,
        s: NamedNode,
        p: NamedNode,
        o: NamedNode | Literal,
        why: list[Literal],
    ) -> None:
        """The triple, and its assertion: editorial, with the curators' rationale (``why``:
        its Chinese and English texts)."""
        build.add(s, p, o)
        a = self.m.assertion(build.name, s, p, o)
        build.add(a, RDF.type, KG.Assertion)
        build.add(a, RDF.subject, s)
        build.add(a, RDF.predicate, p)
        build.add(a, RDF.object, o)
        build.add(a, KG.status, KG.Editorial)
        for text in why:
            build.add(a, KG.rationale, text)
        build.add(a, PROV.wasAttributedTo, self.curators)
        build.facts += 1

    def _concept(self, path: Path, line: int, ref: object) -> NamedNode | None:
        if not isinstance(ref, str) or self.concepts.get(ref) not in CONCEPT_TYPES:
            self.problems.add(
                path,
                line,
                f"{ref!r} is not an industry of the scheme (an Industry or IndustryGroup "
                "declared in data/curated/)",
            )
            return None
        return self.m.entity(ref)

    def _code(self, path: Path, line: int, value: object) -> NamedNode | None:
        if not isinstance(value, str):
            self.problems.add(
                path, line, f"GB/T 4754 code {value!r}: write it as a quoted string ('3741')"
            )
            return None
        if value not in self.codes:
            hint = (
                " (without the section letter)"
                if value[:1].isalpha() and value[1:] in self.codes
                else ""
            )
            self.problems.add(path, line, f"{value!r} is not a GB/T 4754-2017 code{hint}")
            return None
        return self.m.classification(value)

    def _labels(self, path: Path, line: int, value: object, what: str) -> dict[str, str]:
        if (
            not isinstance(value, dict)
            or not all(
                isinstance(value.get(lang), str) and value[lang].strip() for lang in ("zh", "en")
            )
            or set(value) - {"zh", "en"}
        ):
            self.problems.add(path, line, f"{what} is {{zh: ..., en: ...}}")
            return {}
        return {lang: str(value[lang]).strip() for lang in ("zh", "en")}

    def _references(self, path: Path, value: object, line: int) -> list[NamedNode]:
        """Documents as ``dct:BibliographicResource`` nodes; checked, then described in the
        chain's graph by :meth:`_describe_references`."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.add(path, line, "`references` is a list of {title, issuer, number|year}")
            return []
        out = []
        for ref in value:
            at = _line(ref, line)
            if not isinstance(ref, dict) or not isinstance(ref.get("title"), str):
                self.problems.add(path, at, "a reference has a `title`")
                continue
            extra = set(ref) - REFERENCE_FIELDS
            if extra:
                self.problems.add(
                    path, at, f"unknown reference field(s) {', '.join(sorted(extra))}"
                )
            if not ref.get("issuer") or not (ref.get("number") or ref.get("year")):
                self.problems.add(
                    path, at, f"reference {ref['title']!r} names its issuer and a number or year"
                )
                continue
            url = ref.get("url")
            if url is not None and not (isinstance(url, str) and re.match(r"https?://\S+$", url)):
                self.problems.add(path, at, f"reference url {url!r} is not an http(s) address")
                continue
            out.append(self._reference_node(ref))
            self._pending_refs.append(ref)
        return out

    def _reference_node(self, ref: Mapping[str, Any]) -> NamedNode:
        number = str(ref.get("number") or "")
        slug = re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-")
        if not slug or not SLUG.fullmatch(slug):
            key = "\n".join(str(ref.get(k) or "") for k in ("title", "issuer", "number", "year"))
            slug = "doc-" + hashlib.sha256(key.encode()).hexdigest()[:12]
        return self.m.reference(slug)

    def _describe_references(self, build: GraphBuild) -> None:
        for ref in self._pending_refs:
            node = self._reference_node(ref)
            build.add(node, RDF.type, DCT.BibliographicResource)
            title = str(ref["title"]).strip()
            build.add(node, DCT.title, Literal(title, language="zh" if _is_cjk(title) else "en"))
            build.add(node, RDFS.label, Literal(title, language="zh" if _is_cjk(title) else "en"))
            issuer = str(ref["issuer"]).strip()
            build.add(
                node, DCT.publisher, Literal(issuer, language="zh" if _is_cjk(issuer) else "en")
            )
            if ref.get("number"):
                build.add(node, DCT.identifier, Literal(str(ref["number"]).strip()))
            if ref.get("year"):
                build.add(node, DCT.issued, Literal(str(ref["year"]), datatype=XSD.gYear))
            if ref.get("url"):
                build.add(node, SCHEMA.url, NamedNode(str(ref["url"])))

    # --------------------------------------------------------------- chains
    def _chain(self, path: Path, doc: Any) -> GraphBuild | None:
        self._pending_refs: list[Mapping[str, Any]] = []
        if not isinstance(doc, dict):
            self.problems.add(path, 1, "a chain map is a mapping starting with `id:`")
            return None
        line = _line(doc, 1)
        chain_id = doc.get("id")
        if not isinstance(chain_id, str) or not SLUG.fullmatch(chain_id):
            self.problems.add(
                path, line, f"chain id {chain_id!r}: lower-case letters, digits and '-'"
            )
            return None
        if chain_id != path.stem:
            self.problems.add(
                path, line, f"chain id {chain_id!r} differs from the file name {path.stem!r}"
            )
        unknown = set(doc) - CHAIN_FIELDS
        if unknown:
            self.problems.add(path, line, f"unknown field(s) {', '.join(sorted(unknown))}")
        chain = self.m.chain(chain_id)
        label = self._labels(path, line, doc.get("label"), "the chain's `label`")
        build = self._editorial_graph(
            self.m.graph(f"editorial-chain-{chain_id}"),
            f"chain map {chain_id}",
            {
                "zh": f"产业链图：{label.get('zh', chain_id)}",
                "en": f"Chain map: {label.get('en', chain_id)}",
            },
        )
        build.locations[chain.value] = f"{path}:{line}"
        build.entities.add(f"chain/{chain_id}")
        build.add(chain, RDF.type, KG.IndustryChain)
        for lang, text in label.items():
            build.add(chain, RDFS.label, Literal(text, language=lang))
            build.add(chain, SKOS.prefLabel, Literal(text, language=lang))
        version = doc.get("version")
        if version is not None:
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                self.problems.add(path, line, f"version {version!r} is a whole number from 1")
            else:
                build.add(chain, OWL.versionInfo, Literal(str(version)))
                build.add(build.name, OWL.versionInfo, Literal(str(version)))
        modified = doc.get("modified")
        if modified is not None:
            if isinstance(modified, dt.date) and not isinstance(modified, dt.datetime):
                build.add(chain, DCT.modified, Literal(modified.isoformat(), datatype=XSD.date))
            else:
                self.problems.add(path, line, f"modified {modified!r} is a date (YYYY-MM-DD)")
        chain_rationale = (
            rationale(self.problems, path, line, doc["rationale"], "the chain's `rationale`")
            if doc.get("rationale") is not None
            else []
        )
        for said in chain_rationale:
            build.add(chain, KG.rationale, said)
        industries = doc.get("industry")
        if industries is not None and not isinstance(industries, list):
            self.problems.add(
                path, line, "`industry` is a list of industry keys ([industry/aerospace])"
            )
            industries = []
        for ref in industries or []:
            concept = self._concept(path, _line(industries, line), ref)
            if concept is not None:
                self._editorial(
                    build,
                    chain,
                    KG.chainOf,
                    concept,
                    chain_rationale or _said("产业链图列出了它。", "The chain map names it."),
                )
        scope = doc.get("scope")
        if scope is not None:
            for lang, text in self._labels(path, line, scope, "`scope`").items():
                build.add(chain, SKOS.scopeNote, Literal(" ".join(text.split()), language=lang))
        for node in self._references(path, doc.get("references"), line):
            build.add(chain, DCT.references, node)
        segments = doc.get("segments")
        if not isinstance(segments, list) or not segments:
            self.problems.add(path, line, "`segments` is a list of segments, upstream first")
            segments = []
        seen: dict[str, int] = {}
        positions: list[tuple[int, int, str, int]] = []
        for seg in segments:
            self._segment(path, build, chain_id, chain, seg, _line(seg, line), seen, positions)
        if len(positions) == len(segments):  # else the shapes say which segment lacks what
            self._check_order(path, positions)
        self._describe_references(build)
        return build

    def _segment(
        self,
        path: Path,
        build: GraphBuild,
        chain_id: str,
        chain: NamedNode,
        seg: Any,
        line: int,
        seen: dict[str, int],
        positions: list[tuple[int, int, str, int]],
    ) -> None:
        if not isinstance(seg, dict):
            self.problems.add(path, line, "a segment is a mapping with `key`, `position`, ...")
            return
        key = seg.get("key")
        if not isinstance(key, str) or not SLUG.fullmatch(key) or key in RESERVED_KEYS:
            self.problems.add(
                path,
                line,
                f"segment key {key!r}: lower-case letters, digits and '-' (not a file suffix)",
            )
            return
        if key in seen:
            self.problems.add(path, line, f"segment {key!r} is already at line {seen[key]}")
            return
        seen[key] = line
        unknown = set(seg) - SEGMENT_FIELDS
        if unknown:
            self.problems.add(
                path, line, f"segment {key}: unknown field(s) {', '.join(sorted(unknown))}"
            )
        s = self.m.segment(chain_id, key)
        build.locations[s.value] = f"{path}:{line}"
        build.entities.add(f"segment/{chain_id}.{key}")
        build.add(s, RDF.type, KG.ChainSegment)
        build.add(s, KG.segmentOf, chain)
        for lang, text in self._labels(
            path, line, seg.get("label"), f"segment {key}: `label`"
        ).items():
            build.add(s, RDFS.label, Literal(text, language=lang))
            build.add(s, SKOS.prefLabel, Literal(text, language=lang))
        why = (
            rationale(self.problems, path, line, seg["rationale"], f"segment {key}: `rationale`")
            if seg.get("rationale") is not None
            else []
        )
        for said in why:
            build.add(s, KG.rationale, said)
        why = why or _said(
            f"产业链图 {chain_id} 的环节 {key}。", f"Segment {key} of the chain map {chain_id}."
        )
        position = seg.get("position")
        if position is not None:
            if isinstance(position, bool) or not isinstance(position, int) or position < 1:
                self.problems.add(
                    path, line, f"segment {key}: position {position!r} is a whole number from 1"
                )
            else:
                build.add(s, SCHEMA.position, Literal(str(position), datatype=XSD.integer))
        stage = seg.get("stage")
        if stage is not None:
            if stage not in STAGES:
                self.problems.add(
                    path, line, f"segment {key}: stage {stage!r} is one of {', '.join(STAGES)}"
                )
            else:
                build.add(s, KG.segmentPosition, STAGES[stage])
        if isinstance(position, int) and not isinstance(position, bool) and stage in STAGES:
            positions.append((position, list(STAGES).index(stage), key, line))
        codes = seg.get("gbt4754")
        if codes is not None and not isinstance(codes, list):
            self.problems.add(path, line, f"segment {key}: `gbt4754` is a list of codes (['3741'])")
            codes = []
        for code in codes or []:
            cls = self._code(path, _line(codes, line), code)
            if cls is not None:
                self._editorial(build, s, KG.coversClass, cls, why)
        keywords = seg.get("keywords")
        if keywords is not None:
            if (
                not isinstance(keywords, dict)
                or set(keywords) - {"zh", "en"}
                or not all(isinstance(v, list) for v in keywords.values())
            ):
                self.problems.add(
                    path, line, f"segment {key}: `keywords` is {{zh: [...], en: [...]}}"
                )
            else:
                for lang, words in keywords.items():
                    for word in words:
                        if not isinstance(word, str) or len(word.strip()) < 2:
                            self.problems.add(
                                path,
                                _line(words, line),
                                f"segment {key}: keyword {word!r} is too short",
                            )
                            continue
                        # no assertion per keyword: the segment's rationale covers them
                        build.add(s, KG.keyword, Literal(word.strip(), language=str(lang)))
        industries = seg.get("industries")
        if industries is not None and not isinstance(industries, list):
            self.problems.add(path, line, f"segment {key}: `industries` is a list of industry keys")
            industries = []
        for ref in industries or []:
            concept = self._concept(path, _line(industries, line), ref)
            if concept is not None:
                self._editorial(build, concept, SKOS.broader, s, why)
        for node in self._references(path, seg.get("references"), line):
            build.add(s, DCT.references, node)

    def _check_order(self, path: Path, positions: list[tuple[int, int, str, int]]) -> None:
        """Positions are 1..n without gaps, and stages never go back upstream."""
        if not positions:
            return
        numbers = sorted(p for p, *_ in positions)
        if numbers != list(range(1, len(numbers) + 1)):
            _, _, key, line = max(positions, key=lambda p: p[3])
            self.problems.add(
                path, line, f"positions {numbers} are not 1 to {len(numbers)}, each once"
            )
            return
        ordered = sorted(positions)
        for (_, stage_a, key_a, _), (pos_b, stage_b, key_b, line_b) in zip(
            ordered, ordered[1:], strict=False
        ):
            if stage_b < stage_a:
                self.problems.add(
                    path,
                    line_b,
                    f"segment {key_b} (position {pos_b}) is {list(STAGES)[stage_b]} after "
                    f"{key_a}, which is {list(STAGES)[stage_a]}: stages run upstream to downstream",
                )


def is_chain_map(path: Path) -> bool:
    """Whether a YAML file is a chain map (it lists `segments`), not curated facts."""
    try:
        doc = read_yaml(path)
    except DataError:
        return path.parent.name == "chains"
    return isinstance(doc, dict) and "segments" in doc


def _said(zh: str, en: str) -> list[Literal]:
    """A rationale the loader writes itself, in both languages."""
    return [Literal(zh, language="zh"), Literal(en, language="en")]


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


__all__ = ["ALIGNMENT_FILE", "EditorialLoader", "is_chain_map"]
