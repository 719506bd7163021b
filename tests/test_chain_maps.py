"""Chain maps (data/chains/*.yaml) and the industry alignment (data/reference): loaded as
editorial graphs, every segment defined by GB/T 4754 classes with a rationale, refused with
file:line when a segment lacks its position, a class or a rationale (SHACL), and added by
users without touching code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.chains import list_chains
from kg.cli import main
from kg.config import Settings
from kg.errors import DataError
from kg.loading import build_curated, load_curated
from kg.namespaces import sparql_prefixes
from kg.ontology import validate
from kg.store import EmbeddedStore, solutions

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.stem for p in (ROOT / "data" / "chains").glob("*.yaml"))
BASE = "https://w3id.org/kg-industry/id/"


def rows(store: EmbeddedStore, sparql: str) -> list[dict[str, str]]:
    result = store.query(sparql_prefixes() + sparql)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [{n: r[n].value for n in names if r[n] is not None} for r in solutions(result)]


def ask(store: EmbeddedStore, sparql: str) -> bool:
    return bool(store.query(sparql_prefixes() + sparql))


def line_of(path: Path, text: str, start: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if i > start and text in line)


def test_every_issue_chain_is_shipped() -> None:
    wanted = {
        "aerospace",
        "electronic-information",
        "new-materials",
        "high-end-equipment",
        "agricultural-machinery",
        "pharmaceuticals",
        "food",
        "automotive",
        "energy",
        "chemicals",
        "digital-economy",
    }
    assert wanted <= set(SHIPPED)


def test_every_segment_has_classes_a_rationale_and_keywords(store: EmbeddedStore) -> None:
    found = rows(
        store,
        """SELECT ?chain ?segment (COUNT(DISTINCT ?class) AS ?classes)
                  (COUNT(DISTINCT ?why) AS ?rationales) (COUNT(DISTINCT LANG(?why)) AS ?langs)
                  (COUNT(DISTINCT ?kw) AS ?keywords)
                  (SAMPLE(?order) AS ?position) (SAMPLE(?stage) AS ?st) WHERE {
             ?segment kg:segmentOf ?chain .
             OPTIONAL { ?segment kg:coversClass ?class . ?class a kg:ActivityClass }
             OPTIONAL { ?segment kg:rationale ?why }
             OPTIONAL { ?segment kg:keyword ?kw }
             OPTIONAL { ?segment schema:position ?order }
             OPTIONAL { ?segment kg:segmentPosition ?stage }
           } GROUP BY ?chain ?segment""",
    )
    assert {r["chain"].rsplit("/", 1)[-1] for r in found} == set(SHIPPED)
    for r in found:
        # one rationale in Chinese, one in English
        assert int(r["classes"]) >= 1 and int(r["rationales"]) == int(r["langs"]) == 2, r
        assert int(r["keywords"]) >= 1 and "position" in r and "st" in r, r


def test_chain_maps_are_editorial_versioned_and_cite_documents(store: EmbeddedStore) -> None:
    chains = rows(
        store,
        """SELECT ?chain ?g ?version ?ref ?title WHERE {
             GRAPH ?g { ?chain a kg:IndustryChain ; owl:versionInfo ?version ;
                               dct:references ?ref . ?ref dct:title ?title }
           }""",
    )
    assert {r["chain"] for r in chains} == {BASE + f"chain/{c}" for c in SHIPPED}
    assert all(
        r["g"] == BASE + "graph/editorial-chain-" + r["chain"].rsplit("/", 1)[-1] for r in chains
    )
    assert any(r["title"] == "国民经济行业分类" for r in chains)
    # what matching follows is an editorial assertion with the segment's rationale
    links = rows(
        store,
        f"""SELECT ?status ?why WHERE {{
              ?a rdf:subject <{BASE}segment/aerospace.aircraft> ; rdf:predicate kg:coversClass ;
                 rdf:object <{BASE}gbt4754/3741> ; kg:status ?status ; kg:rationale ?why }}""",
    )
    assert len(links) == 2 and all(r["status"].endswith("#Editorial") for r in links)
    assert all("3741" in r["why"] for r in links)
    assert ask(
        store, f"ASK {{ <{BASE}industry/uav> skos:broader <{BASE}segment/aerospace.aircraft> }}"
    )


def test_the_alignment_is_loaded_with_rationales(store: EmbeddedStore) -> None:
    links = rows(
        store,
        """SELECT ?industry ?match ?class ?why WHERE {
             GRAPH ?g { ?a rdf:subject ?industry ; rdf:predicate ?match ; rdf:object ?class ;
                           kg:status kg:Editorial ; kg:rationale ?why }
             FILTER(STRENDS(STR(?g), "editorial-industry-alignment"))
           }""",
    )
    assert len(links) >= 80
    assert all(r["class"].startswith(BASE + "gbt4754/") and r["why"] for r in links)
    assert {r["match"].rsplit("#", 1)[-1] for r in links} <= {
        "exactMatch",
        "closeMatch",
        "broadMatch",
        "narrowMatch",
    }


def test_shacl_refuses_a_segment_without_position_class_or_rationale(
    settings: Settings,
) -> None:
    ontology, builds = build_curated(settings)
    chain = next(b for b in builds if b.name.value.endswith("editorial-chain-aerospace"))
    segment = BASE + "segment/aerospace.aircraft"
    dropped = ("#coversClass", "schema.org/position", "#rationale")
    triples = [
        t
        for b in builds
        for t in b.for_shapes()
        if not (t.subject.value == segment and t.predicate.value.endswith(dropped))
    ]
    violations = validate(triples, ontology)
    messages = {v.message for v in violations if v.focus == segment}
    assert messages == {
        "a segment covers at least one GB/T 4754 class (kg:coversClass)",
        "a segment has one position in its chain (schema:position: 1 = most upstream)",
        "a segment has a written rationale (kg:rationale)",
    }
    assert chain.locations[segment].endswith(
        "aerospace.yaml:"
        + str(line_of(ROOT / "data" / "chains" / "aerospace.yaml", "key: aircraft"))
    )


def test_a_load_reports_a_segments_missing_parts_at_its_line(
    settings: Settings, data_copy: Path, fresh_store: EmbeddedStore
) -> None:
    path = data_copy / "chains" / "aerospace.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - key: spacecraft")
    end = text.index("  - key: aviation-services")
    segment = text[start:end]
    broken = "\n".join(
        line
        for line in segment.splitlines()
        if not line.lstrip().startswith(("position:", "gbt4754:"))
    )
    # and no rationale: cut the block from `rationale:` to the segment's end
    broken = broken[: broken.index("    rationale:")] + "\n"
    path.write_text(text[:start] + broken + text[end:], encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_curated(fresh_store, settings.model_copy(update={"data_dir": data_copy}))
    at = f"{path}:{line_of(path, 'key: spacecraft')}: "
    details = [d for d in err.value.details if d.startswith(at)]
    assert any("kg:coversClass" in d for d in details), err.value.details
    assert any("schema:position" in d for d in details)
    assert any("kg:rationale" in d for d in details)
    assert "nothing was written" in err.value.message and not list(fresh_store.named_graphs())


def _english_only_segment(text: str) -> str:
    """The spacecraft segment's rationale without its Chinese text."""
    start = text.index("    rationale:", text.index("  - key: spacecraft"))
    zh = text.index("      zh: ", start)
    return text[:zh] + text[text.index("\n", zh) + 1 :]


def _english_only_alignment(text: str) -> str:
    """The first link of 航空航天 with its rationale in English only, as all were once."""
    start = text.index("{industry: industry/aerospace, match: narrowMatch, gbt4754: '374'")
    zh = text.index("rationale: {zh: ", start)
    en = text.index("en: ", zh)
    end = text.index("}}", en)
    return text[:zh] + "rationale: " + text[en + 4 : end] + "}" + text[end + 2 :]


def _english_only_editorial(text: str) -> str:
    """The first editorial link of the industry scheme with a bare English rationale."""
    zh = text.index("{zh: ")
    en = text.index(" en: ", zh)
    end = text.index("}]", en)
    return text[:zh] + text[en + 5 : end] + "]" + text[end + 2 :]


@pytest.mark.parametrize(
    ("file", "english_only", "at", "what"),
    [
        ("chains/aerospace.yaml", _english_only_segment, "key: spacecraft", "segment spacecraft"),
        (
            "reference/industry-alignment.yaml",
            _english_only_alignment,
            "gbt4754: '374'",
            "a link's `rationale`",
        ),
        (
            "curated/editorial.yaml",
            _english_only_editorial,
            "[industry/uav,",
            "an editorial link's rationale",
        ),
    ],
)
def test_an_editorial_link_without_its_chinese_rationale_is_refused_at_its_line(
    settings: Settings,
    data_copy: Path,
    fresh_store: EmbeddedStore,
    file: str,
    english_only: object,
    at: str,
    what: str,
) -> None:
    """Chinese pages show an editorial link's rationale in Chinese: every link carries
    ``rationale: {zh: ..., en: ...}``, and one written in English only (as all once were)
    is a problem at its file and line, so a new link keeps both."""
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    broken = english_only(text)  # type: ignore[operator]  # one of the functions above
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_curated(fresh_store, settings.model_copy(update={"data_dir": data_copy}))
    expected = f"{path}:{line_of(path, at)}: {what}"
    found = [d for d in err.value.details if d.startswith(expected)]
    assert found and "written in Chinese and English (zh missing)" in found[0], err.value.details
    assert not list(fresh_store.named_graphs())


def test_editorial_rationales_are_written_in_chinese_and_english(store: EmbeddedStore) -> None:
    """Each editorial assertion - of a chain map, the alignment, the scheme's links and the
    locations - has its rationale as an @zh and an @en literal."""
    found = rows(
        store,
        """SELECT ?g ?a (GROUP_CONCAT(DISTINCT LANG(?why); separator=" ") AS ?langs) WHERE {
             GRAPH ?g { ?a kg:status kg:Editorial ; kg:rationale ?why }
           } GROUP BY ?g ?a""",
    )
    assert len({r["g"] for r in found}) >= 4
    assert all(sorted(r["langs"].split()) == ["en", "zh"] for r in found), [
        r for r in found if sorted(r["langs"].split()) != ["en", "zh"]
    ][:3]


def test_malformed_chain_maps_are_reported_with_lines(
    settings: Settings, data_copy: Path, fresh_store: EmbeddedStore
) -> None:
    path = data_copy / "chains" / "aerospace.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("gbt4754: ['3742']", "gbt4754: ['C3742', 3741]", 1)
    text = text.replace("stage: downstream", "stage: sideways", 1)
    text = text.replace("key: satellite-applications", "key: materials", 1)
    text = text.replace("industries: [industry/uav]", "industries: [industry/drones]", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_curated(fresh_store, settings.model_copy(update={"data_dir": data_copy}))
    details = "\n".join(err.value.details)
    assert (
        f"{path}:{line_of(path, 'C3742')}: 'C3742' is not a GB/T 4754-2017 code (without the section letter)"
        in details
    )
    assert "3741: write it as a quoted string ('3741')" in details
    assert (
        f"{path}:{line_of(path, 'stage: sideways') - 2}: segment aviation-services: stage 'sideways'"
        in details
    )
    assert "segment 'materials' is already at line" in details
    assert "'industry/drones' is not an industry of the scheme" in details


def test_positions_run_one_to_n_and_stages_do_not_go_back(
    settings: Settings, data_copy: Path, fresh_store: EmbeddedStore
) -> None:
    path = data_copy / "chains" / "aerospace.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("position: 6\n    stage: downstream", "position: 6\n    stage: upstream", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        load_curated(fresh_store, settings.model_copy(update={"data_dir": data_copy}))
    assert any("stages run upstream to downstream" in d for d in err.value.details)


def test_kg_validate_checks_a_chain_map(settings: Settings, data_copy: Path) -> None:
    runner = CliRunner()
    path = data_copy / "chains" / "food.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - key: dairy")
    rationale = text.index("    rationale:", start)
    end = text.index("  - key:", rationale)
    path.write_text(text[:rationale] + text[end:], encoding="utf-8")
    bad = runner.invoke(main, ["--data-dir", str(data_copy), "validate", str(path)])
    assert bad.exit_code == 1
    assert f"{path}:{line_of(path, 'key: dairy')}: " in bad.output
    assert "a segment has a written rationale (kg:rationale)" in bad.output


def test_a_user_adds_a_chain_without_touching_code(
    settings: Settings, data_copy: Path, fresh_store: EmbeddedStore
) -> None:
    """An editorial chain map for 轻工 (light industry) with GB/T classes and scheme
    concepts only - what any user could write - is loaded and listed; an unchanged load is
    skipped, an edited map is loaded again."""
    (data_copy / "chains" / "light-industry.yaml").write_text(
        """id: light-industry
version: 1
modified: 2026-11-30
industry: [industry/light-industry]
label: {zh: 轻工产业链, en: light industry chain}
rationale: {zh: 纸浆制成纸，再加工成纸制品。, en: 'Paper is made from pulp, then converted into paper products.'}
references:
  - {title: 国民经济行业分类, number: GB/T 4754-2017, issuer: 国家标准化管理委员会, year: 2017}
segments:
  - key: pulp
    position: 1
    stage: upstream
    label: {zh: 纸浆, en: pulp}
    gbt4754: ['2211']
    keywords: {zh: [木浆, 纸浆], en: [wood pulp]}
    rationale: {zh: 2211小类是木浆的制造。, en: Class 2211 is the manufacture of wood pulp.}
  - key: paper
    position: 2
    stage: midstream
    label: {zh: 造纸, en: paper}
    gbt4754: ['2221', '2231']
    keywords: {zh: [机制纸, 纸板]}
    rationale:
      zh: 2221小类（机制纸及纸板）和2231小类（纸容器）。
      en: Classes 2221 (machine-made paper and board) and 2231 (paper containers).
""",
        encoding="utf-8",
    )
    edited = settings.model_copy(update={"data_dir": data_copy})
    load_curated(fresh_store, edited)
    listed = {c["iri"]: c for c in list_chains(fresh_store)}
    assert listed[BASE + "chain/light-industry"]["segments"] == 2
    assert load_curated(fresh_store, edited, if_changed=True).skipped
    path = data_copy / "chains" / "light-industry.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 1", "version: 2"), "utf-8")
    assert not load_curated(fresh_store, edited, if_changed=True, check_shapes=False).skipped
