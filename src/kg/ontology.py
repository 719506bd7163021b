"""The ontology and the shapes: loading them, looking terms up, validating data.

kg.ttl and shapes.ttl are read from the configured ontology directory. Validation uses
pyshacl with kg.ttl as the ontology graph, so shapes that target a class also reach its
subclasses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF as RDFLIB_RDF
from rdflib.namespace import SH

from kg.errors import DataError, syntax_message
from kg.formats import GRAPH_FORMATS, by_suffix
from kg.namespaces import KG_NS, OWL, RDF, RDFS
from kg.terms import to_rdflib_graph

ONTOLOGY_FILE = "kg.ttl"
SHAPES_FILE = "shapes.ttl"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, by its extension."""
    fmt = by_suffix(path.name, GRAPH_FORMATS)
    if fmt is None:
        raise DataError(f"{path}: unknown RDF file type {path.suffix!r}")
    assert isinstance(fmt.engine, ox.RdfFormat)  # a graph format is one of pyoxigraph's
    return fmt.engine


def parse_rdf_file(path: Path, fmt: ox.RdfFormat | None = None) -> list[ox.Quad]:
    """Parse an RDF file; a syntax error becomes a :class:`DataError` naming file and line."""
    fmt = fmt or rdf_format(path)
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as exc:
        raise DataError(f"{path}: {syntax_message(exc)}") from exc
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc


@dataclass
class Ontology:
    triples: list[ox.Triple]
    shapes: list[ox.Triple] = field(default_factory=list)

    @classmethod
    def from_dir(cls, directory: Path) -> Ontology:
        onto = [q.triple for q in parse_rdf_file(directory / ONTOLOGY_FILE)]
        shapes = [q.triple for q in parse_rdf_file(directory / SHAPES_FILE)]
        return cls(onto, shapes)

    def _subjects(self, predicate: ox.NamedNode, obj: ox.NamedNode) -> set[str]:
        return {
            t.subject.value
            for t in self.triples
            if t.predicate == predicate and t.object == obj and not isinstance(t.subject, ox.Triple)
        }

    @cached_property
    def classes(self) -> set[str]:
        return self._subjects(RDF.type, OWL.Class)

    @cached_property
    def object_properties(self) -> set[str]:
        return self._subjects(RDF.type, OWL.ObjectProperty)

    @cached_property
    def datatype_properties(self) -> set[str]:
        return self._subjects(RDF.type, OWL.DatatypeProperty)

    @cached_property
    def ranges(self) -> dict[str, str]:
        return {
            t.subject.value: t.object.value
            for t in self.triples
            if t.predicate == RDFS.range
            and isinstance(t.object, ox.NamedNode)
            and not isinstance(t.subject, ox.Triple)
        }

    @cached_property
    def superclasses(self) -> dict[str, set[str]]:
        """Every class's transitive superclasses (itself included)."""
        direct: dict[str, set[str]] = {}
        for t in self.triples:
            if (
                t.predicate == RDFS.subClassOf
                and isinstance(t.object, ox.NamedNode)
                and not isinstance(t.subject, ox.Triple)
            ):
                direct.setdefault(t.subject.value, set()).add(t.object.value)
        closure: dict[str, set[str]] = {}
        for cls in self.classes | set(direct):
            seen, todo = {cls}, [cls]
            while todo:
                for sup in direct.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            closure[cls] = seen
        return closure

    def is_subclass(self, cls: str, of: str) -> bool:
        return of in self.superclasses.get(cls, {cls})

    @cached_property
    def defined_terms(self) -> set[str]:
        """Local names of every term kg.ttl defines in the kg namespace."""
        return {
            t.subject.value[len(KG_NS) :]
            for t in self.triples
            if t.predicate == RDF.type
            and isinstance(t.subject, ox.NamedNode)
            and t.subject.value.startswith(KG_NS)
        }


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.focus}" + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


def validate(data: Iterable[ox.Triple | ox.Quad], ontology: Ontology) -> list[Violation]:
    """Check ``data`` against the shapes; return the violations a person can act on."""
    from pyshacl import validate as shacl_validate  # heavy import, only when validating

    # The ontology goes into the data graph itself: sh:class needs both its subclass axioms
    # and its individuals (kg:Curated, kg:IndustryScheme, ...).
    data_graph = to_rdflib_graph(data)
    data_graph += to_rdflib_graph(ontology.triples)
    conforms, results_graph, _ = shacl_validate(
        data_graph,
        shacl_graph=to_rdflib_graph(ontology.shapes),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    violations = []
    for result in results_graph.subjects(RDFLIB_RDF.type, SH.ValidationResult):

        def one(pred, result=result):  # rdflib terms
            value = results_graph.value(result, pred)
            return None if value is None else str(value)

        violations.append(
            Violation(
                focus=one(SH.focusNode) or "?",
                path=one(SH.resultPath),
                message=one(SH.resultMessage) or "constraint violated",
                severity=(one(SH.resultSeverity) or "Violation").rsplit("#", 1)[-1],
                value=one(SH.value),
            )
        )
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.message))
