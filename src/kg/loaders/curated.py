"""Curated facts (``data/curated/*.yaml``) -> one named graph per source, with provenance.

A curated file names its source and lists entities and facts; each cites a verbatim
sentence of the source, which the loader finds (or refuses). Format: ``data/README.md``.

For each fact ``s p o`` the source's graph holds the triple itself and a ``kg:Assertion``
(an ``rdf:Statement``) linking it to its ``kg:Sentence`` (text and offsets) and, through
``prov:wasDerivedFrom``, to the ``kg:SourceDocument``. Editorial files (``editorial:``) hold
classification links with a rationale instead of a sentence, in a graph of their own.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from kg.errors import DataError
from kg.iris import KEY, Minter
from kg.loaders.yamlfile import read_yaml
from kg.namespaces import DCT, KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, expand_curie
from kg.ontology import Ontology
from kg.sources import SourceDocument, Span

LOADER_VERSION = "curated/1"

# Predicates outside the kg namespace that take an entity as object.
EXTERNAL_OBJECT_PROPERTIES = {
    SKOS.broader.value,
    SKOS.narrower.value,
    SKOS.related.value,
    SKOS.exactMatch.value,
    SKOS.closeMatch.value,
    ORG.member.value,
    ORG.organization.value,
    ORG.role.value,
    "http://www.w3.org/2002/07/owl#sameAs",
}
DATE_PREDICATES = {KG.date.value, KG.asOf.value}
EXTRA_TYPES = {"Membership": ORG.Membership}
CONCEPT_SCHEMES = {
    "Industry": KG.IndustryScheme,
    "IndustryGroup": KG.IndustryScheme,
    "Tier": KG.TierScheme,
}
CONCEPT_TYPES = {"Industry", "IndustryGroup", "Tier", "Role", "IndustryChain", "ChainSegment"}
DURATION = re.compile(r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")


@dataclass
class GraphBuild:
    """One named graph to write, and what it holds."""

    name: NamedNode
    title: str
    triples: list[Triple] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    facts: int = 0
    # node IRI -> "file:line" where it is written, to place the shapes' findings
    locations: dict[str, str] = field(default_factory=dict)
    # what the SHACL check needs of this graph (None: all of it)
    shape_input: list[Triple] | None = None

    def for_shapes(self) -> list[Triple]:
        return self.triples if self.shape_input is None else self.shape_input

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.triples.append(Triple(s, p, o))


@dataclass
class _Entity:
    key: str
    type: str
    path: Path
    line: int


class Problems:
    """Collects every data problem, so one run reports them all."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.items.append(f"{path}:{line}: {message}")

    def raise_if_any(self, what: str) -> None:
        if self.items:
            n = len(self.items)
            raise DataError(
                f"{what}: {n} problem{'s' if n > 1 else ''}; nothing was written",
                details=self.items,
            )


def csv_table(path: Path, columns: tuple[str, ...]) -> csv.DictReader[str]:
    """The rows of a reference table (UTF-8 CSV) whose header must be ``columns``, each a
    dict (the first row is line 2); :class:`DataError` at ``file:line`` when it cannot be
    read or its header differs."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != columns:
        raise DataError(f"{path}:1: the columns must be {', '.join(columns)}")
    return reader


def _line(node: Any, default: int = 0) -> int:
    return getattr(node, "line", default)


RATIONALE_LANGUAGES = ("zh", "en")


def rationale(problems: Problems, path: Path, line: int, value: object, what: str) -> list[Literal]:
    """An editorial rationale, written in Chinese and English (``{zh: ..., en: ...}``, as
    labels are): its two texts, whitespace folded, as ``@zh`` and ``@en`` literals. One
    missing or empty is a problem at ``file:line`` (a bare string is the English alone, as
    rationales once were), so every editorial link keeps both; ``[]`` then."""
    texts = value if isinstance(value, dict) else {"en": value} if isinstance(value, str) else {}
    missing = [
        lang
        for lang in RATIONALE_LANGUAGES
        if not isinstance(texts.get(lang), str) or not str(texts[lang]).strip()
    ]
    extra = sorted(str(k) for k in texts if k not in RATIONALE_LANGUAGES)
    if missing or extra:
        said = f"{', '.join(missing)} missing" if missing else f"unknown {', '.join(extra)}"
        problems.add(
            path, line, f"{what} is {{zh: ..., en: ...}}, written in Chinese and English ({said})"
        )
        return []
    return [
        Literal(" ".join(str(texts[lang]).split()), language=lang) for lang in RATIONALE_LANGUAGES
    ]


class CuratedLoader:
    """Builds graphs from curated and editorial YAML files (nothing is written here)."""

    def __init__(self, minter: Minter, ontology: Ontology, sources: dict[str, SourceDocument]):
        self.m = minter
        self.ontology = ontology
        self.sources = sources
        self.problems = Problems()
        self.entities: dict[str, _Entity] = {}
        self._docs: dict[str, Any] = {}

    # ------------------------------------------------------------------ public
    def build(self, paths: Iterable[Path]) -> list[GraphBuild]:
        """Read every file, check everything, and return the graphs; raise
        :class:`DataError` listing every problem if anything is wrong."""
        paths = sorted(paths)
        for path in paths:
            try:
                self._docs[str(path)] = read_yaml(path)
            except DataError as exc:
                self.problems.items.append(exc.message)
        self.problems.raise_if_any("curated data")
        for path in paths:  # entity declarations first: facts may cite entities of any file
            doc = self._docs[str(path)]
            if not isinstance(doc, dict) or not ({"source", "editorial"} & set(doc)):
                self.problems.add(path, 1, "a curated file starts with `source:` or `editorial:`")
                continue
            self._register_entities(path, doc)
        builds = []
        for path in paths:
            doc = self._docs[str(path)]
            if isinstance(doc, dict) and "source" in doc:
                build = self._build_source_file(path, doc)
            elif isinstance(doc, dict) and "editorial" in doc:
                build = self._build_editorial_file(path, doc)
            else:
                continue
            if build is not None:
                builds.append(build)
        self.problems.raise_if_any("curated data")
        names = [b.name.value for b in builds]
        if len(names) != len(set(names)):
            raise DataError("two curated files write the same graph (one file per source)")
        return builds

    # ------------------------------------------------------------ entities
    def _class_of(self, type_name: str) -> NamedNode | None:
        if type_name in EXTRA_TYPES:
            return EXTRA_TYPES[type_name]
        if type_name in KG and KG[type_name].value in self.ontology.classes:
            return KG[type_name]
        return None

    def _register_entities(self, path: Path, doc: dict[str, Any]) -> None:
        entities = doc.get("entities") or {}
        if not isinstance(entities, dict):
            self.problems.add(path, _line(doc), "`entities` must be a mapping of key to entity")
            return
        for key, decl in entities.items():
            line = _line(decl, _line(entities))
            if not isinstance(key, str) or not KEY.fullmatch(key):
                self.problems.add(path, line, f"entity key {key!r} must look like kind/slug")
                continue
            if not isinstance(decl, dict) or "type" not in decl:
                self.problems.add(path, line, f"entity {key}: needs at least `type` and `evidence`")
                continue
            type_name = str(decl["type"])
            if self._class_of(type_name) is None:
                self.problems.add(
                    path,
                    line,
                    f"entity {key}: unknown type {type_name!r} (not a class of ontology/kg.ttl)",
                )
                continue
            known = self.entities.get(key)
            if known and known.type != type_name:
                self.problems.add(
                    path,
                    line,
                    f"entity {key}: type {type_name} disagrees with {known.type} at {known.path}:{known.line}",
                )
                continue
            if not known:
                self.entities[key] = _Entity(key, type_name, path, line)

    # ------------------------------------------------------------- sources
    def _build_source_file(self, path: Path, doc: dict[str, Any]) -> GraphBuild | None:
        source_id = doc.get("source")
        source = self.sources.get(str(source_id))
        if source is None:
            self.problems.add(
                path,
                _line(doc, 1),
                f"unknown source {source_id!r} (no data/sources/{source_id}.yaml)",
            )
            return None
        build = GraphBuild(self.m.graph(source.id), f"facts of {source.id}")
        d = self.m.source(source.id)
        self._describe_source(build, source)
        for key, decl in (doc.get("entities") or {}).items():
            if isinstance(decl, dict) and key in self.entities:
                self._entity(build, path, source, key, decl)
        facts = doc.get("facts") or []
        if not isinstance(facts, list):
            self.problems.add(path, _line(doc), "`facts` must be a list")
            return build
        for block in facts:
            line = _line(block, _line(facts))
            if not isinstance(block, dict) or "evidence" not in block or "triples" not in block:
                self.problems.add(path, line, "a fact block has `evidence` and `triples`")
                continue
            span = self._evidence(path, line, source, block["evidence"])
            for triple in block["triples"] or []:
                self._fact(build, path, _line(triple, line), source, d, span, triple)
        return build

    def _describe_source(self, build: GraphBuild, source: SourceDocument) -> None:
        d = self.m.source(source.id)
        build.add(d, RDF.type, KG.SourceDocument)
        if source.kind == "NewsArticle":
            build.add(d, RDF.type, SCHEMA.NewsArticle)
        build.add(d, DCT.identifier, Literal(source.id))
        for lang, title in source.title.items():
            build.add(d, DCT.title, Literal(title, language=lang))
            build.add(d, RDFS.label, Literal(title, language=lang))
        for lang, outlet in source.outlet.items():
            build.add(d, DCT.publisher, Literal(outlet, language=lang))
        build.add(d, DCT.date, Literal(source.date.isoformat(), datatype=XSD.date))
        build.add(d, DCT.language, Literal(source.language))
        build.add(d, SCHEMA.url, NamedNode(source.address))
        for also in source.also:
            build.add(d, RDFS.seeAlso, NamedNode(also))
        build.add(d, KG.text, Literal(source.text))
        build.add(d, KG.sha256, Literal(source.sha256))
        if source.notes:
            build.add(d, SKOS.editorialNote, Literal(source.notes, language="en"))
        build.add(build.name, PROV.wasDerivedFrom, d)
        build.add(
            build.name,
            RDFS.label,
            Literal(f"来源事实：{source.title.get('zh', source.id)}", language="zh"),
        )
        build.add(
            build.name,
            RDFS.label,
            Literal(f"Facts from {source.title.get('en', source.id)}", language="en"),
        )

    def _evidence(
        self, path: Path, line: int, source: SourceDocument, sentence: object
    ) -> Span | None:
        if not isinstance(sentence, str) or not sentence.strip():
            self.problems.add(path, line, "evidence must be a non-empty sentence")
            return None
        span = source.locate(sentence)
        if span is None:
            shown = sentence if len(sentence) <= 60 else sentence[:57] + "..."
            self.problems.add(
                path, line, f"evidence sentence not found in source {source.id}: {shown!r}"
            )
        return span

    def _assert(
        self,
        build: GraphBuild,
        source: SourceDocument,
        span: Span,
        s: NamedNode,
        p: NamedNode,
        o: NamedNode | Literal,
    ) -> None:
        """Add the triple and its assertion, with the evidence passage."""
        build.add(s, p, o)
        a = self.m.assertion(build.name, s, p, o)
        e = self.m.passage(source.id, span.start, span.end)
        d = self.m.source(source.id)
        build.add(a, RDF.type, KG.Assertion)
        build.add(a, RDF.subject, s)
        build.add(a, RDF.predicate, p)
        build.add(a, RDF.object, o)
        build.add(a, KG.status, KG.Curated)
        build.add(a, PROV.wasDerivedFrom, d)
        build.add(a, KG.evidence, e)
        build.add(e, RDF.type, KG.Sentence)
        build.add(e, KG.text, Literal(span.text))
        build.add(e, KG.startOffset, Literal(str(span.start), datatype=XSD.integer))
        build.add(e, KG.endOffset, Literal(str(span.end), datatype=XSD.integer))
        build.add(e, DCT.isPartOf, d)
        build.facts += 1

    def _entity(
        self, build: GraphBuild, path: Path, source: SourceDocument, key: str, decl: dict[str, Any]
    ) -> None:
        line = _line(decl)
        span = self._evidence(path, line, source, decl.get("evidence"))
        if span is None:
            return
        names = [decl.get("zh"), *(decl.get("aliases") or []), *(decl.get("short") or [])]
        names = [str(n) for n in names if n]
        mention = decl.get("mention")
        if mention is not None and str(mention) not in re.sub(r"\s+", " ", span.text):
            self.problems.add(
                path, line, f"entity {key}: mention {mention!r} is not in its evidence sentence"
            )
            return
        if mention is None and names and not any(n in span.text for n in names):
            self.problems.add(
                path,
                line,
                f"entity {key}: none of its names ({', '.join(names)}) is in the evidence sentence; add `mention:`",
            )
            return
        if self.entities[key].type not in ("Figure", "Membership") and not decl.get("zh"):
            self.problems.add(path, line, f"entity {key}: needs a Chinese name (`zh:`)")
        if decl.get("zh") and not decl.get("en"):
            self.problems.add(path, line, f"entity {key}: needs an English name (`en:`)")
        e = self.m.entity(key)
        type_name = self.entities[key].type
        cls = self._class_of(type_name)
        assert cls is not None
        self._assert(build, source, span, e, RDF.type, cls)
        build.entities.add(key)
        is_concept = type_name in CONCEPT_TYPES
        if decl.get("zh"):
            zh = Literal(str(decl["zh"]), language="zh")
            self._assert(build, source, span, e, RDFS.label, zh)
            if is_concept:
                build.add(e, SKOS.prefLabel, zh)
        if decl.get("en"):
            en = Literal(str(decl["en"]), language="en")
            build.add(e, RDFS.label, en)
            if is_concept:
                build.add(e, SKOS.prefLabel, en)
        for alias in decl.get("aliases") or []:
            self._assert(build, source, span, e, SKOS.altLabel, Literal(str(alias), language="zh"))
        for short in decl.get("short") or []:
            self._assert(build, source, span, e, KG.shortName, Literal(str(short), language="zh"))
        for alias in decl.get("en_aliases") or []:
            build.add(e, SKOS.altLabel, Literal(str(alias), language="en"))
        for short in decl.get("en_short") or []:
            build.add(e, KG.shortName, Literal(str(short), language="en"))
        if decl.get("note"):
            build.add(e, SKOS.editorialNote, Literal(str(decl["note"]), language="en"))
        scheme = CONCEPT_SCHEMES.get(type_name)
        if scheme is not None:
            build.add(e, SKOS.inScheme, scheme)
            if type_name == "IndustryGroup":
                build.add(e, SKOS.topConceptOf, scheme)
        unknown = set(decl) - {
            "type",
            "zh",
            "en",
            "aliases",
            "short",
            "en_aliases",
            "en_short",
            "note",
            "mention",
            "evidence",
        }
        if unknown:
            self.problems.add(
                path, line, f"entity {key}: unknown field(s) {', '.join(sorted(unknown))}"
            )

    # --------------------------------------------------------------- facts
    def _predicate(self, path: Path, line: int, name: object) -> NamedNode | None:
        if not isinstance(name, str):
            self.problems.add(path, line, f"predicate {name!r} must be a name")
            return None
        try:
            p = expand_curie(name) if ":" in name else KG[name]
        except (ValueError, AttributeError):
            self.problems.add(path, line, f"unknown predicate {name!r} (not in ontology/kg.ttl)")
            return None
        if p.value.startswith(KG.base) and p.value not in (
            self.ontology.object_properties | self.ontology.datatype_properties
        ):
            self.problems.add(path, line, f"{name!r} is not a property of ontology/kg.ttl")
            return None
        return p

    def _is_object_property(self, p: NamedNode) -> bool:
        return p.value in self.ontology.object_properties or p.value in EXTERNAL_OBJECT_PROPERTIES

    def _resource(self, path: Path, line: int, ref: object) -> NamedNode | None:
        if isinstance(ref, str) and ref.startswith("kg:"):
            try:
                return expand_curie(ref)
            except (ValueError, AttributeError):
                self.problems.add(path, line, f"{ref!r} is not a term of ontology/kg.ttl")
                return None
        if not isinstance(ref, str) or ref not in self.entities:
            self.problems.add(
                path, line, f"{ref!r} is not a declared entity (declare it under `entities:`)"
            )
            return None
        return self.m.entity(ref)

    def _literals(self, path: Path, line: int, p: NamedNode, value: object) -> list[Literal]:
        rng = self.ontology.ranges.get(p.value)
        if isinstance(value, dict):
            return [Literal(str(v), language=str(lang)) for lang, v in value.items()]
        if rng == RDF.langString.value:
            self.problems.add(
                path, line, f"{p.value} takes language-tagged text: write {{zh: ...}}"
            )
            return []
        if isinstance(value, bool):
            return [Literal("true" if value else "false", datatype=XSD.boolean)]
        if isinstance(value, int | float | Decimal):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                self.problems.add(path, line, f"{value!r} is not a number")
                return []
            if rng == XSD.decimal.value or number != number.to_integral_value():
                return [Literal(format(number, "f"), datatype=XSD.decimal)]
            return [Literal(str(int(number)), datatype=XSD.integer)]
        if isinstance(value, dt.datetime):
            return [Literal(value.isoformat(), datatype=XSD.dateTime)]
        if isinstance(value, dt.date):
            return [Literal(value.isoformat(), datatype=XSD.date)]
        text = str(value)
        if rng == XSD.duration.value:
            if not DURATION.fullmatch(text):
                self.problems.add(path, line, f"{text!r} is not an ISO 8601 duration (P126D, P1M)")
                return []
            return [Literal(text, datatype=XSD.duration)]
        if p.value in DATE_PREDICATES:
            for pattern, datatype in (
                (r"\d{4}-\d{2}-\d{2}", XSD.date),
                (r"\d{4}-\d{2}", XSD.gYearMonth),
                (r"\d{4}", XSD.gYear),
            ):
                if re.fullmatch(pattern, text):
                    return [Literal(text, datatype=datatype)]
            self.problems.add(path, line, f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return []
        return [Literal(text)]

    def _objects(
        self, path: Path, line: int, p: NamedNode, value: object
    ) -> list[NamedNode | Literal]:
        if self._is_object_property(p):
            ref = self._resource(path, line, value)
            return [ref] if ref is not None else []
        return list(self._literals(path, line, p, value))

    def _fact(
        self,
        build: GraphBuild,
        path: Path,
        line: int,
        source: SourceDocument,
        d: NamedNode,
        span: Span | None,
        triple: object,
    ) -> None:
        if not isinstance(triple, list) or len(triple) != 3:
            self.problems.add(path, line, f"a fact is [subject, predicate, object], got {triple!r}")
            return
        s_ref, p_name, o_value = triple
        s = self._resource(path, line, s_ref)
        p = self._predicate(path, line, p_name)
        if s is None or p is None:
            return
        objects = self._objects(path, line, p, o_value)
        if span is None:
            return
        for o in objects:
            self._assert(build, source, span, s, p, o)

    # ----------------------------------------------------------- editorial
    def _build_editorial_file(self, path: Path, doc: dict[str, Any]) -> GraphBuild | None:
        name = str(doc["editorial"])
        if not re.fullmatch(r"[a-z0-9-]+", name):
            self.problems.add(
                path,
                _line(doc, 1),
                f"editorial name {name!r} must be lower-case letters, digits and '-'",
            )
            return None
        build = GraphBuild(self.m.graph(f"editorial-{name}"), f"editorial {name}")
        curators = self.m.agent("kg-curators")
        label = doc.get("label") or {}
        for lang, text in label.items() if isinstance(label, dict) else []:
            build.add(build.name, RDFS.label, Literal(str(text), language=str(lang)))
        build.add(build.name, PROV.wasAttributedTo, curators)
        build.add(curators, RDF.type, PROV.Agent)
        build.add(curators, RDFS.label, Literal("kg 数据编辑", language="zh"))
        build.add(curators, RDFS.label, Literal("kg curators", language="en"))
        for link in doc.get("links") or []:
            line = _line(link, _line(doc))
            if not isinstance(link, list) or len(link) != 4:
                self.problems.add(
                    path, line, "an editorial link is [subject, predicate, object, rationale]"
                )
                continue
            s_ref, p_name, o_ref, why = link
            s = self._resource(path, line, s_ref)
            p = self._predicate(path, line, p_name)
            o = self._resource(path, line, o_ref)
            texts = rationale(self.problems, path, line, why, "an editorial link's rationale")
            if s is None or p is None or o is None or not texts:
                continue
            build.add(s, p, o)
            a = self.m.assertion(build.name, s, p, o)
            build.add(a, RDF.type, KG.Assertion)
            build.add(a, RDF.subject, s)
            build.add(a, RDF.predicate, p)
            build.add(a, RDF.object, o)
            build.add(a, KG.status, KG.Editorial)
            for text in texts:
                build.add(a, KG.rationale, text)
            build.add(a, PROV.wasAttributedTo, curators)
            build.facts += 1
        return build
