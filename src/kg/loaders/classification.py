"""GB/T 4754-2017 (``data/reference/gbt4754-2017.csv``) -> a SKOS concept scheme.

Each row becomes a ``kg:ActivityClass`` (and ``skos:Concept``) at
``{base}id/gbt4754/{code}`` with its Chinese name (``skos:prefLabel`` and ``rdfs:label``,
``@zh``: the standard has no official English names, so kg gives none), its code as
``skos:notation`` twice - ``"3741"^^kg:GBT4754Code`` as the standard writes it and
``"C3741"^^kg:GBT4754RegistryCode`` as registries write it (sections have only the first)
- ``skos:broader`` / ``skos:narrower`` to the level above and below, ``skos:inScheme`` and,
for the 20 sections, ``skos:topConceptOf``. The file is checked row by row (codes unique,
levels and parents consistent); every problem is reported as ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal

from kg.codes import Code
from kg.iris import CODE, Minter
from kg.loaders.curated import GraphBuild, Problems, csv_table
from kg.namespaces import DCT, KG, RDF, RDFS, SKOS, XSD

CLASSIFICATION_FILE = "gbt4754-2017.csv"
GRAPH_NAME = "reference-gbt4754-2017"
COLUMNS = ("code", "name", "level", "parent", "section")


@dataclass(frozen=True)
class ClassRow:
    code: str
    name: str
    level: int
    parent: str | None
    section: str
    line: int

    @property
    def registry_code(self) -> str:
        """The code as registries write it: the section letter, then the digits."""
        return self.code if self.level == 1 else self.section + self.code


def read_classification(path: Path) -> dict[str, ClassRow]:
    """Every row of the classification file by code; raise :class:`DataError` listing every
    problem (``file:line: what is wrong``)."""
    problems = Problems()
    reader = csv_table(path, COLUMNS)
    rows: dict[str, ClassRow] = {}
    for line, raw in enumerate(reader, start=2):
        code, name = (raw["code"] or "").strip(), (raw["name"] or "").strip()
        parent, section = (raw["parent"] or "").strip() or None, (raw["section"] or "").strip()
        if not CODE.fullmatch(code):
            problems.add(path, line, f"{code!r} is not a code (a letter A-T, or 2 to 4 digits)")
            continue
        level = Code(code).level
        if raw["level"] != str(level):
            problems.add(path, line, f"{code}: level {raw['level']!r}, but its code says {level}")
        if not name:
            problems.add(path, line, f"{code}: the name is empty")
        expected = None if level == 1 else section if level == 2 else code[:-1]
        if parent != expected:
            problems.add(path, line, f"{code}: parent {parent!r}, expected {expected!r}")
        if level == 1 and section != code:
            problems.add(path, line, f"{code}: a section is its own section letter")
        if code in rows:
            problems.add(path, line, f"{code}: duplicate code (first at line {rows[code].line})")
            continue
        rows[code] = ClassRow(code, name, level, parent, section, line)
    for row in rows.values():
        if row.parent is not None and row.parent not in rows:
            problems.add(path, row.line, f"{row.code}: parent {row.parent} is not in the file")
        elif row.parent is not None and rows[row.parent].section != row.section:
            problems.add(
                path, row.line, f"{row.code}: section {row.section} differs from its parent's"
            )
    problems.raise_if_any(f"classification {path.name}")
    return rows


def build_classification(minter: Minter, path: Path) -> tuple[GraphBuild, dict[str, ClassRow]]:
    """The graph of the scheme, and the rows (for loaders that check codes)."""
    rows = read_classification(path)
    build = GraphBuild(minter.graph(GRAPH_NAME), "GB/T 4754-2017")
    scheme = minter.classification_scheme()
    g = build.name
    build.add(g, RDFS.label, Literal("参考数据：国民经济行业分类（GB/T 4754-2017）", language="zh"))
    build.add(g, RDFS.label, Literal("Reference data: GB/T 4754-2017", language="en"))
    build.add(scheme, RDF.type, SKOS.ConceptScheme)
    for lang, title in (
        ("zh", "国民经济行业分类（GB/T 4754-2017）"),
        ("en", "Industrial classification for national economic activities (GB/T 4754-2017)"),
    ):
        build.add(scheme, RDFS.label, Literal(title, language=lang))
        build.add(scheme, DCT.title, Literal(title, language=lang))
    build.add(scheme, DCT.identifier, Literal("GB/T 4754-2017"))
    build.add(scheme, DCT.issued, Literal("2017", datatype=XSD.gYear))
    build.add(
        scheme,
        SKOS.editorialNote,
        Literal(
            "Codes and Chinese names of the national standard, from data/reference/"
            f"{CLASSIFICATION_FILE} (see data/reference/README.md). The standard gives no "
            "English names, so the classes have none.",
            language="en",
        ),
    )
    for row in rows.values():
        c = minter.classification(row.code)
        build.add(c, RDF.type, KG.ActivityClass)
        build.add(c, RDF.type, SKOS.Concept)
        build.add(c, SKOS.inScheme, scheme)
        name = Literal(row.name, language="zh")
        build.add(c, SKOS.prefLabel, name)
        build.add(c, RDFS.label, name)
        build.add(c, SKOS.notation, Literal(row.code, datatype=KG.GBT4754Code))
        if row.level > 1:
            build.add(c, SKOS.notation, Literal(row.registry_code, datatype=KG.GBT4754RegistryCode))
        if row.parent is None:
            build.add(c, SKOS.topConceptOf, scheme)
            build.add(scheme, SKOS.hasTopConcept, c)
        else:
            parent = minter.classification(row.parent)
            build.add(c, SKOS.broader, parent)
            build.add(parent, SKOS.narrower, c)
    build.entities.update(rows)
    # No shape targets a class; what others' shapes need of it is its type (sh:class).
    build.shape_input = [t for t in build.triples if t.predicate == RDF.type]
    return build, rows


__all__ = ["CLASSIFICATION_FILE", "ClassRow", "build_classification", "read_classification"]
