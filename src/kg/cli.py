"""The ``kg`` command. Every subcommand calls the same library functions as the API."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox
from pydantic import ValidationError

from kg import __version__
from kg.config import Settings
from kg.errors import DataError, KGError, StoreUnavailable
from kg.formats import GRAPH_FORMATS, JSON, RESULT_FORMATS, TURTLE, by_name, serialize
from kg.iris import Minter
from kg.messages import LANGUAGES, say
from kg.namespaces import KG_ONTOLOGY, PREFIXES
from kg.store import Store, connect


class KGGroup(click.Group):
    """Turns every kg error into one clear line (plus the list of problems) and exit 1: in
    the language of a command that has ``--lang`` (:data:`LANG`) when the error has words
    of the catalogue (:meth:`kg.errors.KGError.words`), else in English."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            lang = (ctx.obj or {}).get("lang", "en")
            said = exc.words(lang) or exc.message
            click.secho(say("cli.error", lang, message=said), fg="red", err=True)
            for detail in exc.details[:200]:
                click.echo(f"  {detail}", err=True)
            if len(exc.details) > 200:
                click.echo(f"  {say('cli.error.more', lang, n=len(exc.details) - 200)}", err=True)
            ctx.exit(1)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            click.secho(f"error: invalid setting: {problems}", fg="red", err=True)
            ctx.exit(2)


def _count(n: int, noun: str) -> str:
    """``n`` and an English noun in its number: 1 article, 2 articles.

    >>> _count(1, "article"), _count(6, "sentence")
    ('1 article', '6 sentences')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _store(ctx: click.Context, *, read_only: bool = False) -> Store:
    if not _settings(ctx).remote:
        return _local(ctx, read_only=read_only)
    store = connect(_settings(ctx), read_only=read_only)
    ctx.call_on_close(store.close)
    return store


NO_ONTOLOGY = (
    "warning: this store holds no ontology: run `kg load` (it adds the ontology and the "
    "curated data, and keeps what was ingested or imported); until then regions, industries "
    "and chains are not recognised (`kg match`, `kg export --region`, the web app)"
)


def _without_ontology(store: Store) -> bool:
    """Whether ``store`` lacks kg's ontology (a store ``kg load`` never loaded: a new
    ``KG_STORE_PATH``), which tells that a city is a region and an industry an industry."""
    return not bool(
        store.query("ASK { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ox.NamedNode(KG_ONTOLOGY)})
    )


def _read(ctx: click.Context) -> Store:
    """The store opened read-only, without the graphs a killed load left half-written (the
    next opening for writing drops them; ``kg stats`` lists them)."""
    store = _store(ctx, read_only=True)
    incomplete = set(getattr(store, "incomplete_graphs", list)())
    if not incomplete:
        return store
    for graph in sorted(g.value for g in incomplete):
        click.secho(
            f"warning: leaving out <{graph}>: a load that was killed left it incomplete "
            "(`kg load` or `kg serve` drops it)",
            fg="yellow",
            err=True,
        )
    from kg.store.view import FilteredStore

    return FilteredStore(store, incomplete.__contains__)


def _query_file(path: Path) -> str:
    """The text of a query file (``kg query FILE.rq``, ``kg export --query @FILE``); one that
    is missing or cannot be read is a one-line error that names it and says what is wrong."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"cannot read the query file {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise KGError(
            f"cannot read the query file {path}: not UTF-8 text (byte {exc.start})"
        ) from exc


UNREVIEWED = click.option(
    "--unreviewed",
    type=click.Choice(["include", "exclude"]),  # kg.review.Unreviewed (imported when used)
    default="include",
    show_default=True,
    help="Use facts extracted from the news that nobody has reviewed yet, or leave them out",
)


def terminal_language(environ: Mapping[str, str]) -> str:
    """The language the terminal speaks: Chinese when the locale (the first of LC_ALL,
    LC_MESSAGES and LANG that is set) is a Chinese one, else English.

    >>> terminal_language({"LANG": "zh_CN.UTF-8"}), terminal_language({"LANG": "C.UTF-8"})
    ('zh', 'en')
    >>> terminal_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}), terminal_language({})
    ('en', 'en')
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "zh" if environ[name].startswith("zh") else "en"
    return "en"


def _spoken_in(ctx: click.Context, _: click.Parameter, lang: str) -> str:
    """``--lang``, kept for the error the command may end with (:class:`KGGroup`)."""
    ctx.ensure_object(dict)["lang"] = lang
    return lang


LANG = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=lambda: terminal_language(os.environ),
    callback=_spoken_in,
    show_default="zh in a Chinese locale (LC_ALL, LC_MESSAGES, LANG), else en",
    help="Language of the table's headings and reasons, and of errors (JSON and CSV carry both: text and text_en, reasons and reasons_en)",
)


def _reading(ctx: click.Context, unreviewed: str) -> Store:
    """The store opened read-only, without the graphs of unreviewed facts if asked."""
    from kg.review import Unreviewed

    return Unreviewed(unreviewed).view(_read(ctx), Minter(_settings(ctx).base_iri))


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    help="Store directory [KG_STORE_PATH; var/store]",
)
@click.option(
    "--data-dir", type=click.Path(path_type=Path), help="Data directory [KG_DATA_DIR; data]"
)
@click.option(
    "--ontology-dir",
    type=click.Path(path_type=Path),
    help="Ontology directory [KG_ONTOLOGY_DIR; ontology]",
)
@click.option("--base-iri", help="Base of minted IRIs [KG_BASE_IRI]")
@click.pass_context
def main(ctx: click.Context, **options: Any) -> None:
    """kg - a knowledge graph of regional industry ecosystems.

    Load the curated facts, query them with SPARQL, match partners for an industry,
    export subgraphs, and serve it all over HTTP.
    """
    ctx.ensure_object(dict)
    ctx.obj["settings"] = Settings(**{k: v for k, v in options.items() if v is not None})


STEPS = ["ontology", "sources", "curated facts", "classification and chains", "shapes", "writing"]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--graph", help="Named graph for RDF files (default: {base}id/graph/file-<name>)")
@click.option("--if-changed", is_flag=True, help="Skip when nothing changed since the last load")
@click.option(
    "--no-shapes", is_flag=True, help="Do not check the curated data against the SHACL shapes"
)
@click.pass_context
def load(
    ctx: click.Context,
    paths: tuple[Path, ...],
    graph: str | None,
    if_changed: bool,
    no_shapes: bool,
) -> None:
    """Load data into the store.

    Without PATHS: the ontology, the shapes and every curated file under data/ (the real
    data), replacing what an earlier load wrote. With PATHS: RDF files (Turtle, TriG,
    N-Triples, N-Quads, RDF/XML, JSON-LD), each into its own named graph. A load is
    atomic: on any error nothing is written.
    """
    from kg.loading import load_curated, load_rdf

    settings = _settings(ctx)
    store = _store(ctx)
    if paths:
        minter = Minter(settings.base_iri)
        with click.progressbar(paths, label="loading", file=sys.stderr) as bar:
            for path in bar:
                target = ox.NamedNode(graph) if graph else minter.graph(f"file-{path.stem}")
                loaded = load_rdf(store, path, target)
                click.echo(f"\n{path}: {loaded.triples} statements into <{loaded.graph}>", err=True)
        return
    with click.progressbar(
        length=len(STEPS), label="loading curated data", file=sys.stderr
    ) as steps:

        def progress(step: str) -> None:
            steps.label = f"loading: {step}"
            steps.update(1)

        report = load_curated(
            store, settings, if_changed=if_changed, check_shapes=not no_shapes, progress=progress
        )
        steps.update(len(STEPS))
    if report.skipped:
        click.echo(f"store is up to date ({settings.store_location}); nothing to load", err=True)
        return
    click.echo(f"loaded {report.triples} triples into {settings.store_location}:")
    for g in report.graphs:
        extra = f", {g.entities} entities, {g.facts} facts" if g.facts else ""
        click.echo(f"  {g.triples:>6} triples{extra}  <{g.graph}>")


@main.command()
@click.option("--host", help="Bind address [KG_HOST; 127.0.0.1]")
@click.option("--port", type=int, help="Port [KG_PORT; 8000]")
@click.option(
    "--access-log", is_flag=True, help="Log every request (off by default: it costs throughput)"
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, access_log: bool) -> None:
    """Serve the API, /sparql and the linked-data IRIs over HTTP."""
    import uvicorn

    from kg.api import create_app
    from kg.api.serving import config

    settings = _settings(ctx)
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=updates)
    store = _store(ctx)
    try:
        if not store.named_graphs():
            click.secho("warning: the store is empty; run `kg load` first", fg="yellow", err=True)
        elif _without_ontology(store):
            click.secho(NO_ONTOLOGY, fg="yellow", err=True)
    except StoreUnavailable as exc:  # the server may come up later; until then: 503
        click.secho(f"warning: {exc.message}", fg="yellow", err=True)
    click.echo(
        f"kg {__version__} serving {settings.store_location} on http://{settings.host}:{settings.port}/ (API docs at /docs)",
        err=True,
    )
    server = uvicorn.Server(
        config(
            create_app(settings, store),
            settings.host,
            settings.port,
            log_level="info",
            access_log=access_log,
        )
    )
    server.run()


@main.command()
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    help="json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml, trig, nquads (CONSTRUCT/DESCRIBE)",
)
@UNREVIEWED
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str | None, unreviewed: str) -> None:
    """Run a SPARQL query (text, or a path to a .rq file) on the store.

    The default graph is the union of all graphs; kg's prefixes (kg, rdf, rdfs, owl, xsd,
    skos, dct, prov, org, schema, geo) are predeclared.
    """
    path = Path(query)
    if query.endswith((".rq", ".sparql")) or (
        len(query) < 256 and "{" not in query and path.is_file()
    ):
        query = _query_file(path)
    result = _reading(ctx, unreviewed).query(query, prefixes=PREFIXES)
    if isinstance(result, ox.QueryTriples):
        chosen = by_name(fmt, GRAPH_FORMATS) if fmt else TURTLE
    else:
        chosen = by_name(fmt, RESULT_FORMATS) if fmt else JSON
    body = serialize(result, chosen)
    click.echo(body if body.endswith(b"\n") else body + b"\n", nl=False)


@main.command()
@click.argument("industry")
@click.option("--region", help="Keep only candidates present in this region (zh/en name or IRI)")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Partner kind (repeatable): enterprise, platform, association, organization, university, research-institute, park",
)
@click.option(
    "--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many candidates"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@LANG
@UNREVIEWED
@click.pass_context
def match(
    ctx: click.Context,
    industry: str,
    region: str | None,
    kinds: tuple[str, ...],
    top: int,
    fmt: str,
    lang: str,
    unreviewed: str,
) -> None:
    """Rank partners for an INDUSTRY (zh/en label, alias, key or IRI; an industry chain
    is matched as the industries it is a chain of), with reasons and the source sentences
    behind them."""
    from kg.match import MatchQuery, match_partners
    from kg.match.report import to_csv, to_table
    from kg.match.words import WORDS

    kinds = tuple(k.strip() for value in kinds for k in value.split(",") if k.strip())
    store = _reading(ctx, unreviewed)
    result = match_partners(
        store, Minter(_settings(ctx).base_iri), MatchQuery(industry, region, kinds, top)
    )
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(WORDS), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(result), nl=False)
    else:
        click.echo(to_table(result, lang), nl=False)


@main.command("chain-match")
@click.argument("chain")
@click.option("--region", required=True, help="Target region (zh/en name or IRI)")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Kind (repeatable): enterprise, platform, association, organization, university, research-institute, park, project",
)
@click.option("--tier", "tiers", multiple=True, help="Only this tier (repeatable): name or IRI")
@click.option(
    "--where",
    type=click.Choice(["any", "inside", "outside"]),
    default="any",
    show_default=True,
    help="Candidates inside or outside the region",
)
@click.option(
    "--top",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Candidates per group",
)
@click.option(
    "--page", type=click.IntRange(1), default=1, show_default=True, help="Page of each group"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@LANG
@UNREVIEWED
@click.pass_context
def chain_match(
    ctx: click.Context,
    chain: str,
    region: str,
    kinds: tuple[str, ...],
    tiers: tuple[str, ...],
    where: str,
    top: int,
    page: int,
    fmt: str,
    lang: str,
    unreviewed: str,
) -> None:
    """Gap analysis of an industry CHAIN in a region, and the partners to approach: local
    players to strengthen, outside organisations to fill gaps or extend the chain,
    universities and institutes - each with its score components and evidence."""
    from kg.match import ChainIndexes, ChainQuery, match_chain
    from kg.match.report import chain_csv, chain_table
    from kg.match.words import WORDS
    from kg.review import Unreviewed

    settings = _settings(ctx)
    store = _read(ctx)
    query = ChainQuery(chain, region, kinds, tiers, where, top, page, Unreviewed(unreviewed))
    indexes = ChainIndexes(store, settings.chain_index_dir)  # kept per store revision
    result = match_chain(store, Minter(settings.base_iri), query, indexes=indexes)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(WORDS), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(chain_csv(result), nl=False)
    else:
        click.echo(chain_table(result, lang), nl=False)


@main.command()
@click.argument("code_or_name")
@click.option("--search", is_flag=True, help="List the classes a code prefix or name part finds")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def classification(ctx: click.Context, code_or_name: str, search: bool, fmt: str) -> None:
    """A class of the national classification GB/T 4754-2017 by code (3741, C3741, C 3741)
    or name (飞机制造): its path, the classes under it, the kg industries aligned with it and
    the chain segments covering it. With --search: every class a code or a name part finds."""
    from kg.classification import describe_class, search_classes

    store = _read(ctx)
    if search:
        found = search_classes(store, code_or_name, limit=500)
        if fmt == "json":
            click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        for c in found if fmt == "table" else ():
            click.echo(f"{c['registry_code']:<7} {c['label']}")
        return
    d = describe_class(store, Minter(_settings(ctx).base_iri), code_or_name)
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{d['registry_code']} {d['label']}  ({d['level_name']} / {d['level_name_en']}, GB/T 4754-2017)"
    )
    click.echo("  " + " > ".join(f"{p['code']} {p['label']}" for p in d["path"]))  # type: ignore[attr-defined]  # an untyped page dict
    for c in d["children"]:  # type: ignore[attr-defined]  # an untyped page dict
        click.echo(f"    {c['code']} {c['label']}")
    for i in d["industries"]:  # type: ignore[attr-defined]  # an untyped page dict
        click.echo(
            f"  industry: {i['label']} {i['match']} {i['via'].rsplit('/', 1)[-1]}: {i.get('rationale', '')}"
        )
    for seg in d["segments"]:  # type: ignore[attr-defined]  # an untyped page dict
        click.echo(f"  chain segment: {seg['label']} (covers {seg['via'].rsplit('/', 1)[-1]})")
    if d["registered"]:
        click.echo(f"  organisations registered under it: {d['registered']}")


@main.command()
@click.option("--entity", help="Entity IRI, key (org/hit) or exact name")
@click.option("--industry", help="Industry name, key or IRI")
@click.option("--region", help="Region name, key or IRI (with --chain: the region matched)")
@click.option("--chain", help="Industry chain (or its industry) by name, key or IRI")
@click.option("--source", help="Source id or graph IRI")
@click.option("--query", help="A SPARQL CONSTRUCT query, or @FILE to read it from a file")
@click.option(
    "--hops",
    type=click.IntRange(0, 6),
    default=1,
    show_default=True,
    help="Neighbourhood size around --entity",
)
@click.option(
    "--top",
    type=click.IntRange(1, 1000),
    default=100,
    show_default=True,
    help="--chain with --region: candidates per group",
)
@click.option(
    "--provenance/--no-provenance",
    default=True,
    show_default=True,
    help="Export the evidence of every fact (sentence, record, status)",
)
@click.option(
    "--format",
    "fmt",
    default=None,
    help="turtle, trig, ntriples, nquads, jsonld, rdfxml, graphml, csv, parquet, xlsx "
    "[from the -o file's suffix (one no format has is refused); turtle without one]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Write to this file (csv and parquet: a .zip, or a directory: an existing one or a "
    "path ending in /) instead of stdout",
)
@click.pass_context
def export(
    ctx: click.Context,
    entity: str | None,
    industry: str | None,
    region: str | None,
    chain: str | None,
    source: str | None,
    query: str | None,
    hops: int,
    top: int,
    provenance: bool,
    fmt: str | None,
    output: str | None,
) -> None:
    """Export a selection of the graph with the provenance of its facts: an entity's
    neighbourhood, an industry, a region, a chain (in a region: its players and match
    candidates), a source or a CONSTRUCT query's result - as RDF, GraphML, nodes/edges CSV
    (graph database import layout), Parquet or an Excel workbook. Written in one streaming
    pass; a file appears only once complete."""
    from kg import export as exporting
    from kg.formats import EXPORT_FORMATS, by_suffix

    if query == "@":
        raise KGError("--query @ names no file: give it as @FILE")
    if query and query.startswith("@"):
        query = _query_file(Path(query[1:]))
    as_directory = output is not None and (Path(output).is_dir() or output.endswith(("/", "\\")))
    suffix = Path(output).suffix.lower() if output and not as_directory else ""
    by_file = by_suffix(output, EXPORT_FORMATS) if output and suffix else None
    several = {".csv": "csv", ".parquet": "parquet"}  # formats of several files, never one
    if suffix and not fmt and by_file is None and suffix not in several:
        names = ", ".join(f.name for f in EXPORT_FORMATS)
        raise KGError(f"no export format is written to {suffix} files: give --format ({names})")
    chosen = by_name(fmt, EXPORT_FORMATS) if fmt else by_file or TURTLE
    if suffix in several and (not fmt or chosen.name in exporting.MULTI_FILE):
        name = chosen.name if fmt else several[suffix]
        raise KGError(
            f"a {name} export is three tables (nodes, edges, evidence): give -o NAME.zip "
            f"--format {name}, or a directory (-o DIR/)"
        )
    if as_directory and chosen.name not in exporting.MULTI_FILE:
        raise KGError(
            f"{chosen.name} is one file: give -o a file name (a directory takes csv or parquet)"
        )
    store = _read(ctx)
    minter = Minter(_settings(ctx).base_iri)
    if query and chosen in GRAPH_FORMATS and not any((entity, industry, region, chain, source)):
        # written as the query gives its triples: no store of the result (kg.export.rdf)
        from kg.export.rdf import write_construct

        tally = _Tally("exporting construct", "triples from the query")

        def constructed(target: Any) -> dict[str, int]:
            return write_construct(
                store, query, chosen, target, provenance=provenance, progress=tally
            )

        with tally:
            if output is None:
                counts = constructed(sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                counts = _write_whole(Path(output), False, constructed)
        said = ", ".join(f"{n} {what}" for what, n in counts.items())
        click.echo(f"exported {said} ({chosen.name}){f' to {output}' if output else ''}", err=True)
        return
    if query and not any((entity, industry, region, chain, source)):
        # the result is sorted on disk before its first node is written (kg.export.spool):
        # the triples read so far are shown until then, then the nodes' bar
        from kg.export import selection as selecting

        with _Tally("reading construct", "triples from the query") as tally:
            triples = selecting.constructed(store, query)
            selection = selecting.construct(store, minter, query, triples=tally.counted(triples))
    else:
        selection = exporting.select(
            store,
            minter,
            entity=entity,
            industry=industry,
            region=region,
            chain=chain,
            source=source,
            query=query,
            hops=hops,
            top=top,
        )
    from kg.export.tablecache import TableCache
    from kg.store import EmbeddedStore

    # large graph and table exports: from the tables kept per store revision when the server
    # has built them (else node by node: faster than building them first)
    on_disk = isinstance(store, EmbeddedStore) and store.path is not None
    tables = TableCache(store, _settings(ctx).export_table_dir) if on_disk else None
    with click.progressbar(
        length=len(selection.nodes), label=f"exporting {selection.kind}", file=sys.stderr
    ) as bar:
        if output is None:
            counts = exporting.write(
                selection,
                chosen,
                sys.stdout.buffer,
                provenance=provenance,
                progress=bar.update,
                tables=tables,
            )
            sys.stdout.buffer.flush()
        else:
            counts = _write_whole(
                Path(output),
                as_directory,
                lambda target: exporting.write(
                    selection,
                    chosen,
                    target,
                    provenance=provenance,
                    progress=bar.update,
                    tables=tables,
                ),
            )
    said = ", ".join(
        f"{n} {what}{_pointed(what, n, len(selection.nodes))}" for what, n in counts.items()
    )
    click.echo(f"exported {said} ({chosen.name}){f' to {output}' if output else ''}", err=True)


def _pointed(what: str, written: int, selected: int) -> str:
    """What an export's node count holds besides the selection (what the API's
    X-KG-Export-Nodes counts): the nodes that came along because a fact points to them."""
    if what != "nodes" or written <= selected:
        return ""
    return f" ({selected} selected, {written - selected} their facts point to)"


def _terminal(file: Any) -> bool:
    """Whether ``file`` is a terminal (where click draws its progress bars too)."""
    return bool(getattr(file, "isatty", lambda: False)())


class _Tally:
    """A running count on stderr, redrawn on its line, for work whose size is not known
    ahead (a CONSTRUCT query's triples); nothing when stderr is no terminal, as click's
    progress bar. Called with a number to add; :meth:`counted` counts an iterator's items."""

    def __init__(self, label: str, unit: str) -> None:
        self.label, self.unit, self.count = label, unit, 0
        self.file = sys.stderr
        self.shown = _terminal(self.file)

    def __call__(self, n: int) -> None:
        self.count += n
        if self.shown:
            self.file.write(f"\r{self.label}  {self.count:,} {self.unit}")
            self.file.flush()

    def counted(self, items: Iterator[Any], every: int = 4096) -> Iterator[Any]:
        """``items`` as they come, counted ``every`` items at a time (and at the end)."""
        n = 0
        for item in items:
            yield item
            n += 1
            if n == every:
                self(n)
                n = 0
        if n:
            self(n)

    def __enter__(self) -> _Tally:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown and self.count:
            self.file.write("\n")
            self.file.flush()


# Where stderr is no terminal (a log file, CI), a long command prints a line every this many
# items or seconds, whichever comes first, as it goes (a terminal gets a progress bar).
PROGRESS_EVERY = 500
SKIPPED_SHOWN = 10  # items judged irrelevant an ingest's summary names, with the reason
PROGRESS_SECONDS = 30.0


class _ProgressLines:
    """Progress as plain lines on stderr, for stderr that is no terminal - where click's
    progress bar prints its label once and nothing more until the end: ``label: done/total
    unit (percent)`` and what ``describe`` says of the counts so far, every
    :data:`PROGRESS_EVERY` items or :data:`PROGRESS_SECONDS` seconds (whichever first) and
    once at the end. Called with a number of items done, like ``ProgressBar.update``."""

    def __init__(
        self,
        label: str,
        total: int,
        unit: str,
        describe: Callable[[], str],
        clock: Callable[[], float] | None = None,
    ) -> None:
        import time

        self.label, self.total, self.unit, self.describe = label, total, unit, describe
        self.clock = clock or time.monotonic
        self.file = sys.stderr
        self.done = self.shown = 0
        self.last = self.clock()

    def __call__(self, n: int) -> None:
        self.done += n
        now = self.clock()
        if self.done - self.shown >= PROGRESS_EVERY or now - self.last >= PROGRESS_SECONDS:
            self.show(now)

    def show(self, now: float) -> None:
        share = f" ({100 * self.done // self.total}%)" if self.total else ""
        said = self.describe()
        self.file.write(
            f"{self.label}: {self.done:,}/{self.total:,} {self.unit}{share}"
            + (f": {said}" if said else "")
            + "\n"
        )
        self.file.flush()
        self.shown, self.last = self.done, now

    def __enter__(self) -> _ProgressLines:
        self.file.write(f"{self.label}: {self.total:,} {self.unit}\n")
        self.file.flush()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.done != self.shown and not exc[0]:
            self.show(self.clock())


def _ingest_counts(report: Any) -> str:
    """What an ingest progress line says of the items so far (an ``IngestReport``)."""
    return (
        f"{report.read:,} read, {report.relevant:,} with facts, "
        f"{report.skipped_irrelevant:,} skipped as irrelevant, {report.unchanged:,} unchanged, "
        f"{len(report.failures):,} failed"
    )


def _write_whole(
    output: Path, directory: bool, write: Callable[[Any], dict[str, int]]
) -> dict[str, int]:
    """``write`` into a temporary file or directory beside ``output``, renamed to it once
    complete (removed on failure): no half-written export is ever left behind. Into an
    existing directory, the export's files are moved once all are written; the
    directory's other files stay."""
    import shutil
    import tempfile

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    if directory:
        # An existing directory keeps everything else it holds: only the export's own files
        # (nodes, edges, evidence) are replaced, each by a rename once all are written.
        within = output if output.is_dir() else output.parent
        tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=within))
        try:
            counts = write(tmp)
            for part in sorted(tmp.iterdir()):
                os.chmod(part, 0o666 & ~umask)
            if output.is_dir():
                for part in sorted(tmp.iterdir()):
                    os.replace(part, output / part.name)
            else:
                os.chmod(tmp, 0o777 & ~umask)  # as an ordinary new directory (mkdtemp's is private)
                tmp.rename(output)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return counts
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            counts = write(f)
        os.chmod(name, 0o666 & ~umask)  # as an ordinary new file (mkstemp's is private)
        os.replace(name, output)
    finally:
        Path(name).unlink(missing_ok=True)
    return counts


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Check data against the SHACL shapes (ontology/shapes.ttl).

    Without PATHS: the data graphs in the store. With PATHS: RDF files, curated YAML files
    or chain maps (data/chains/*.yaml; built as the loader would, with the curated data they
    refer to, evidence checks included). Prints each violation as entity, property and what
    is wrong - at file:line for chain maps; exits 1 if there is any.
    """
    from kg.loaders.chains import is_chain_map
    from kg.loaders.curated import CuratedLoader
    from kg.loaders.divisions import reference_shape_input
    from kg.loading import build_curated, shape_problems
    from kg.ontology import Ontology, parse_rdf_file
    from kg.ontology import validate as shacl
    from kg.sources import load_sources

    settings = _settings(ctx)
    ontology = Ontology.from_dir(settings.ontology_dir)
    data: list[ox.Triple | ox.Quad] = []
    if paths:
        yaml_files = [p for p in paths if p.suffix in (".yaml", ".yml")]
        with click.progressbar(
            [p for p in paths if p not in yaml_files], label="reading", file=sys.stderr
        ) as bar:
            for path in bar:
                data.extend(parse_rdf_file(path))
        chain_maps = [p for p in yaml_files if is_chain_map(p)]
        curated = [p for p in yaml_files if p not in chain_maps]
        if curated:
            sources = load_sources(settings.data_dir / "sources")
            builds = CuratedLoader(Minter(settings.base_iri), ontology, sources).build(curated)
            data.extend(t for b in builds for t in b.triples)
        if chain_maps:
            _, builds = build_curated(settings, chains=chain_maps)
            data.extend(t for b in builds for t in b.for_shapes())
        what = ", ".join(map(str, paths))
    else:
        store = _read(ctx)
        minter = Minter(settings.base_iri)
        prefix = minter.prefix + "graph/"
        graphs = [g for g in store.named_graphs() if g.value.startswith(prefix)]
        with click.progressbar(graphs, label="reading the store", file=sys.stderr) as bar:
            for g in bar:
                if minter.is_reference_graph(g):  # what the load checks of it
                    data.extend(q for q in store.quads(g) if reference_shape_input(q))
                else:
                    data.extend(store.quads(g))
        what = f"{len(graphs)} data graphs in {settings.store_location}"
    click.echo(f"validating {len(data)} statements ({what}) ...", err=True)
    violations = shacl(data, ontology)
    if violations:
        raise DataError(
            f"{len(violations)} violation(s) of ontology/shapes.ttl",
            details=shape_problems(violations, builds if paths and chain_maps else []),
        )
    click.echo(f"conforms: {len(data)} statements, no violations")


@dataclass(frozen=True)
class Items:
    """How a batch command says its items and what became of the ones that failed."""

    noun: str  # "item": "3 items of 10"
    failed: tuple[str, str]  # what is wrong with one of them, and with several
    skipped: str  # what did not happen to them: "ingested"
    done: str  # what happened to the others: "read"


INGEST_ITEMS = Items("item", ("could not be read", "could not be read"), "ingested", "read")
IMPORT_ROWS = Items("row", ("is bad", "are bad"), "imported", "imported")


def failed_items(
    details: list[str],
    total: int,
    items: Items,
    *,
    failed: int | None = None,
    strict: bool = False,
    dry_run: bool = False,
) -> DataError:
    """The error a batch command (``kg ingest``, ``kg import``) ends with when some of its
    items failed: how many of how many, what became of them and of the others, and each one
    as ``file:line: what is wrong`` (``failed``: the count when ``details`` lists only the
    first ones). Raised after the summary, it makes the exit status 1.

    >>> failed_items(["a.jsonl:2: not JSON"], 4, INGEST_ITEMS).message
    '1 item of 4 could not be read and was not ingested (the other 3 were read: see the summary)'
    >>> failed_items(["t.csv:3: x", "t.csv:5: y"], 2, IMPORT_ROWS, dry_run=True).message
    '2 rows of 2 are bad and would not be imported'
    """
    failed = len(details) if failed is None else failed
    several = failed > 1
    head = f"{failed} {items.noun}{'s' if several else ''} of {total} {items.failed[several]}"
    if strict:
        return DataError(f"{head}; nothing was written (--strict)", details=details)
    others = total - failed
    verb = "would not be" if dry_run else "were not" if several else "was not"
    tail = (
        f" (the other {others} {'would be' if dry_run else 'was' if others == 1 else 'were'} "
        f"{items.done}: see the summary)"
        if others
        else ""
    )
    return DataError(f"{head} and {verb} {items.skipped}{tail}", details=details)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes (default: one per CPU core); one process writes.",
)
@click.option("--strict", is_flag=True, help="Write nothing when any item cannot be read")
@click.option(
    "--date",
    default=None,
    help="Date of the one article file given, YYYY-MM-DD (default: the first date written in it)",
)
@click.option(
    "--title", default=None, help="Title of the one article file given (default: its first line)"
)
@click.option("--url", default=None, help="Web address (http/https) of the one article file given")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    workers: int | None,
    strict: bool,
    date: str | None,
    title: str | None,
    url: str | None,
) -> None:
    """Ingest Chinese news: text, Markdown, HTML or JSONL ({id, url, date, title, text} a
    line) files or directories. Irrelevant items are skipped and counted; each relevant one
    gets its own graph of extracted (unreviewed) facts with their sentences. Running it again
    skips unchanged articles (so an interrupted batch resumes) and replaces changed ones.
    One text, Markdown or HTML file can be given its date, title and URL (--date, --title,
    --url), as a JSONL line carries them.

    An item that cannot be read (a bad JSONL line, a file cut short, ...) is listed with
    its file, line and what is wrong, the others are ingested, and the exit status is 1
    (--strict: nothing is written)."""
    from kg.ingest import Pipeline
    from kg.ingest.pipeline import IngestReport
    from kg.ingest.read import file_kind, given

    one = paths[0] if len(paths) == 1 and paths[0].is_file() else None
    said = given(
        date, title, url, single=one is not None and file_kind(one)[0] not in (None, "jsonl")
    )
    settings = _settings(ctx)
    store = _store(ctx)
    pipeline = Pipeline(store, Minter(settings.base_iri), settings.data_dir)
    report = IngestReport()
    total = _count_items(paths)
    if _terminal(sys.stderr):
        with click.progressbar(length=total, label="ingesting", file=sys.stderr) as bar:
            pipeline.run(
                list(paths),
                bar.update,
                workers or _cores(),
                strict=strict,
                report=report,
                given=said,
            )
    else:
        with _ProgressLines("ingesting", total, "items", lambda: _ingest_counts(report)) as lines:
            pipeline.run(
                list(paths), lines, workers or _cores(), strict=strict, report=report, given=said
            )
    failed = len(report.failures)
    if strict and failed:
        raise failed_items(report.failures, report.read + failed, INGEST_ITEMS, strict=True)
    data = report.to_dict()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"read {report.read} articles ({report.characters:,} characters) in "
            f"{report.wall:.1f} s ({report.workers} extraction process"
            f"{'es' if report.workers > 1 else ''}): "
            f"{report.relevant} with industry facts, {report.skipped_irrelevant} skipped as "
            f"irrelevant, {report.unchanged} unchanged"
            + (
                f" ({report.unchanged_irrelevant} of them judged irrelevant before)"
                if report.unchanged_irrelevant
                else ""
            )
            + f", {report.replaced} replaced, {failed} failed"
        )
        click.echo(
            "facts extracted: "
            + (", ".join(f"{k} {v}" for k, v in data["facts"].items()) or "none")  # type: ignore[attr-defined]  # an untyped report dict
        )
        click.echo(
            f"entities: {report.entities_new} new, {report.entities_linked} linked to known ones"
        )
        click.echo(
            "time per stage (summed over processes): "
            + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
        )
        if report.relevant:
            click.echo(
                "next: `kg review list` shows the extracted facts with their sentences; "
                "`kg query src/kg/queries/example-extracted-projects.rq` lists the projects found"
            )
        for item in report.skipped[:SKIPPED_SHOWN]:
            click.echo(
                f"skipped as irrelevant: {item['id']} {item['title']}: {item['why']} ({item['reason']})"
            )
        if report.skipped_irrelevant > SKIPPED_SHOWN:
            more = report.skipped_irrelevant - SKIPPED_SHOWN
            click.echo(f"skipped as irrelevant: {more} more (--format json lists up to 100)")
        for line in report.warnings[:20]:
            click.echo(f"warning: {line}", err=True)
    if report.relevant and _without_ontology(store):
        click.secho(NO_ONTOLOGY, fg="yellow", err=True)
    if failed:
        raise failed_items(report.failures, report.read + failed, INGEST_ITEMS)


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    "mapping_name",
    required=True,
    help="Mapping file, or a shipped mapping: registry, parks, projects (data/mappings/)",
)
@click.option(
    "--dry-run", is_flag=True, help="Check every row and report what would change; write nothing"
)
@click.option("--strict", is_flag=True, help="Write nothing when any row is bad")
@click.option("--source", "source", help="Id of the imported source (default: from the file name)")
@click.option(
    "--sheet", "sheets", multiple=True, help="Sheet of a workbook (repeatable; default: the first)"
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def import_(
    ctx: click.Context,
    path: Path,
    mapping_name: str,
    dry_run: bool,
    strict: bool,
    source: str | None,
    sheets: tuple[str, ...],
    fmt: str,
) -> None:
    """Import a table: an enterprise registry export, a park list, a project library (CSV in
    UTF-8 or GB18030, XLSX, XLS, ODS, JSON Lines), read with a mapping. Every fact cites its
    record (file and SHA-256, sheet, row, column); a bad row is reported with its row and
    column and the others load (--strict: nothing loads). Importing the same source again
    replaces what it imported before, in one step."""
    from kg.imports import find_mapping, import_file

    settings = _settings(ctx)
    store = _store(ctx)
    report = import_file(
        store,
        Minter(settings.base_iri),
        settings.data_dir,
        path,
        find_mapping(settings.data_dir, mapping_name),
        source=source,
        sheets=list(sheets) or None,
        dry_run=dry_run,
        strict=strict,
        progress=lambda step: click.echo(f"{step} ...", err=True),
    )
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in import_summary(report):
            click.echo(line)
    if report.bad_rows:
        raise failed_items(
            [bad.located(report.file) for bad in report.bad],
            report.rows,
            IMPORT_ROWS,
            failed=report.bad_rows,
            dry_run=dry_run,
        )


def import_summary(report: Any) -> list[str]:
    """The lines ``kg import`` prints for a report."""
    if report.unchanged:
        return [f"{report.file}: unchanged since its last import (<{report.graph}>); nothing to do"]
    verb = "would write" if report.dry_run else "wrote"
    lines = [
        f"{report.file} (sha256 {report.sha256[:12]}…, mapping {report.mapping}): "
        f"{report.rows} rows read, {report.imported} imported, {report.bad_rows} bad",
        f"{verb} {report.statements:,} statements into <{report.graph}>",
        f"entities: {report.entities_new} new, {report.entities_known} already in the graph",
        "facts: " + ", ".join(f"{k} {v}" for k, v in sorted(report.facts.items())),
    ]
    if report.replaces:
        lines.append(
            f"{'would replace' if report.dry_run else 'replaced'} the earlier import "
            f"({report.replaced_records} records): " + ", ".join(f"<{g}>" for g in report.replaces)
        )
    if report.columns_ignored:
        lines.append("columns not in the mapping (left out): " + ", ".join(report.columns_ignored))
    for link in report.links[:20]:
        lines.append(
            f"linked for review: row {link.row} {link.name} -> <{link.iri}> (by {link.by})"
        )
    for warning in report.warnings[:20]:
        lines.append(f"warning: {warning}")
    return lines


@main.group(cls=KGGroup)
def review() -> None:
    """Review extracted facts: list them, accept them (they become curated, with the
    reviewer and time) or reject them (kept as rejected; re-ingestion leaves them out); and
    the identity of entities: merge candidates, merge, split."""


@review.command("list")
@click.option("--article", help="Only facts of this news item (its id, e.g. xwlb-20221107-07)")
@click.option("--type", "fact_type", help="Only facts of this kind (builds, locatedIn, ...)")
@click.option("--min-confidence", type=float, default=0.0, show_default=True)
@click.option(
    "--status",
    type=click.Choice(["extracted", "curated", "rejected"]),
    default="extracted",
    show_default=True,
    help="extracted: the queue; curated / rejected: the decisions so far",
)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def review_list(
    ctx: click.Context,
    article: str | None,
    fact_type: str | None,
    min_confidence: float,
    status: str,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """List facts to review, each with its sentence."""
    from kg.review import ReviewFilter, list_facts

    settings = _settings(ctx)
    items = list_facts(
        _read(ctx),
        Minter(settings.base_iri),
        ReviewFilter(article, fact_type, min_confidence, status, limit, offset),
    )
    if fmt == "json":
        click.echo(json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=2))
        return
    for i in items:
        decided = f"  [{i.status} by {i.reviewer} at {i.reviewed_at}]" if i.reviewer else ""
        click.echo(
            f"{i.assertion}\n  {i.subject_label} —{i.fact_type}→ {i.object_label}"
            f"  (confidence {i.confidence:.2f}){decided}\n  「{i.sentence}」 {i.source}"
            f" chars {i.start}-{i.end}"
        )
    # a fact with several sentences is listed once per sentence (the queue's rows)
    facts = len({i.assertion for i in items})
    click.echo(f"{_count(len(items), 'sentence')} of {_count(facts, 'fact')}", err=True)


def _decide(
    ctx: click.Context, decision: str, assertions: tuple[str, ...], reviewer: str, note: str | None
) -> None:
    from kg.review import decide

    settings = _settings(ctx)
    items = decide(
        _store(ctx), Minter(settings.base_iri), list(assertions), decision, reviewer, note
    )
    for i in items:
        click.echo(
            f"{i.status}: {i.subject_label} —{i.fact_type}→ {i.object_label}  ({i.assertion})"
        )


@review.command("accept")
@click.argument("assertions", nargs=-1, required=True)
@click.option("--reviewer", required=True, help="Who accepts (recorded with the time)")
@click.option("--note", help="A remark kept with the decision")
@click.pass_context
def review_accept(
    ctx: click.Context, assertions: tuple[str, ...], reviewer: str, note: str | None
) -> None:
    """Accept extracted facts (by assertion IRI): they become curated."""
    _decide(ctx, "accept", assertions, reviewer, note)


@review.command("reject")
@click.argument("assertions", nargs=-1, required=True)
@click.option("--reviewer", required=True, help="Who rejects (recorded with the time)")
@click.option("--note", help="Why (kept with the decision)")
@click.pass_context
def review_reject(
    ctx: click.Context, assertions: tuple[str, ...], reviewer: str, note: str | None
) -> None:
    """Reject extracted facts (by assertion IRI): kept as rejected, never extracted again."""
    _decide(ctx, "reject", assertions, reviewer, note)


@review.command("merges")
@click.option("--kind", help="Only candidates of this kind of thing (enterprise, project, ...)")
@click.option("--decided", is_flag=True, help="The merges and splits made so far instead")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def review_merges(
    ctx: click.Context, kind: str | None, decided: bool, limit: int, offset: int, fmt: str
) -> None:
    """Merge candidates: two entities that look like one thing, with why (or, with
    --decided, the merges and splits reviewers made)."""
    from kg.merges import listing

    settings = _settings(ctx)
    store, minter = _read(ctx), Minter(settings.base_iri)
    found, made = listing(store, minter, settings.data_dir, kind, decided, limit, offset)
    if decided:
        if fmt == "json":
            click.echo(json.dumps([d.to_dict() for d in made], ensure_ascii=False, indent=2))
            return
        for d in made:
            click.echo(
                f"{d.relation}: {d.other_label} <{d.other}> {'→' if d.relation == 'merged' else '≠'}"
                f" {d.entity_label} <{d.entity}>  [{d.reviewer} at {d.reviewed_at}]"
                + (f" {d.note}" if d.note else "")
            )
        click.echo(f"{len(made)} decision(s)", err=True)
        return
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
        return
    for c in found:
        click.echo(
            f"{c.a.label} ({c.a.kind}, {_count(c.a.mentions, 'article')}) <{c.a.iri}>\n"
            f"{c.b.label} ({c.b.kind}, {_count(c.b.mentions, 'article')}) <{c.b.iri}>\n"
            + "".join(f"  why: {r['en']}\n" for r in c.reasons)
        )
    click.echo(f"{len(found)} candidate(s)", err=True)


@review.command("merge")
@click.argument("keep")
@click.argument("drop")
@click.option("--reviewer", required=True, help="Who merges (recorded with the time)")
@click.option("--note", help="Why (kept with the decision)")
@click.pass_context
def review_merge(ctx: click.Context, keep: str, drop: str, reviewer: str, note: str | None) -> None:
    """DROP is the same thing as KEEP (two IRIs): every fact about DROP becomes a fact about
    KEEP, DROP redirects to KEEP, and re-ingestion resolves its names to KEEP."""
    from kg.identity import NameRules
    from kg.merges import merge

    settings = _settings(ctx)
    out = merge(
        _store(ctx),
        Minter(settings.base_iri),
        NameRules.load(settings.data_dir),
        keep,
        drop,
        reviewer,
        note,
    )
    d = out.decision
    click.echo(
        f"merged: {d.other} → {d.entity_label} <{d.entity}> "
        f"({out.rewritten_graphs} graph(s) rewritten)"
    )


@review.command("split")
@click.argument("entity")
@click.argument("other")
@click.option("--reviewer", required=True, help="Who splits (recorded with the time)")
@click.option("--note", help="Why (kept with the decision)")
@click.pass_context
def review_split(
    ctx: click.Context, entity: str, other: str, reviewer: str, note: str | None
) -> None:
    """OTHER (an IRI merged into ENTITY, or one of its names) is not ENTITY: the articles
    that mention ENTITY are resolved again, and re-ingestion keeps the two apart."""
    from kg.identity import NameRules
    from kg.merges import split

    settings = _settings(ctx)
    out = split(
        _store(ctx),
        Minter(settings.base_iri),
        NameRules.load(settings.data_dir),
        settings.data_dir,
        entity,
        other,
        reviewer,
        note,
    )
    d = out.decision
    click.echo(
        f"apart: {d.other} ≠ {d.entity_label} <{d.entity}> "
        f"({out.reresolved_articles} article(s) resolved again)"
    )


def _cores() -> int:
    """The CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _count_items(paths: tuple[Path, ...]) -> int:
    """How many items the progress bar counts: JSONL lines, other files one each."""
    import gzip

    from kg.ingest.read import article_files, file_kind

    total = 0
    for path in paths:
        files = article_files(path) if path.is_dir() else [path]
        for f in files:
            kind, compressed = file_kind(f)
            if kind == "jsonl":
                try:
                    with gzip.open(f) if compressed else f.open("rb") as lines:
                        total += sum(1 for line in lines if line.strip())
                except (OSError, EOFError):
                    total += 1  # unreadable: the reader reports it
            else:
                total += 1
    return total


def _server(ctx: click.Context, url: str | None, *, read_only: bool) -> Store:
    """The SPARQL server at ``url`` (the configured endpoints when it is KG_STORE_URL,
    else Oxigraph server's layout under it)."""
    from kg.store import RemoteStore

    settings = _settings(ctx)
    if url is None and settings.store_url is None:
        raise KGError("give the server's URL, or set KG_STORE_URL")
    if url is not None and url.rstrip("/") != settings.store_url:
        settings = Settings(
            **{
                **settings.model_dump(
                    exclude={"store_query_url", "store_update_url", "store_graph_store_url"}
                ),
                "store_url": url,
            }
        )
    store = RemoteStore.from_settings(settings, read_only=read_only)
    ctx.call_on_close(store.close)
    return store


def _local(ctx: click.Context, *, read_only: bool) -> Store:
    from kg.store import open_store

    settings = _settings(ctx)
    if read_only and not (settings.store_path / "CURRENT").exists():
        raise KGError(f"no store at {settings.store_path}: run `kg load` first")
    store = open_store(settings.store_path, read_only=read_only)
    ctx.call_on_close(store.close)
    for graph in store.recovered:  # opened for writing: half-written graphs dropped
        click.secho(
            f"recovered: dropped {graph}, left incomplete by a load that was killed", err=True
        )
    return store


def _copy(ctx: click.Context, source: Store, target: Store, exact: bool, where: str) -> None:
    from kg.transfer import copy_store

    settings = _settings(ctx)
    with click.progressbar(length=0, label="copying", file=sys.stderr, show_pos=True) as bar:
        report = copy_store(
            source,
            target,
            staging_prefix=Minter(settings.base_iri).graph("staging-").value,
            exact=exact,
            progress=bar.update,
        )
    click.echo(f"copied {report.statements:,} statements in {len(report.graphs)} graphs {where}")
    for graph in report.dropped:
        click.echo(f"  dropped <{graph}> (not in the source)")


EXACT = click.option(
    "--exact",
    is_flag=True,
    help="Also drop the graphs the destination has and the source does not",
)


@main.command()
@click.argument("url", required=False)
@EXACT
@click.pass_context
def push(ctx: click.Context, url: str | None, exact: bool) -> None:
    """Copy the embedded store (KG_STORE_PATH) to the SPARQL server at URL (default:
    KG_STORE_URL), streamed as N-Quads: each graph replaces the server's graph of the same
    name, all in one update at the end (a copy that fails changes nothing)."""
    source = _local(ctx, read_only=True)
    target = _server(ctx, url, read_only=False)
    _copy(ctx, source, target, exact, f"to {target.location}")  # type: ignore[attr-defined]  # _server's store is a RemoteStore


@main.command()
@click.argument("url", required=False)
@EXACT
@click.pass_context
def pull(ctx: click.Context, url: str | None, exact: bool) -> None:
    """Copy the graphs of the SPARQL server at URL (default: KG_STORE_URL) into the
    embedded store (KG_STORE_PATH), streamed as N-Quads, all or nothing."""
    source = _server(ctx, url, read_only=True)
    target = _local(ctx, read_only=False)
    _copy(ctx, source, target, exact, f"into {_settings(ctx).store_path}")


@main.command("backup")
@click.argument("directory", type=click.Path(path_type=Path))
@click.pass_context
def backup_store(ctx: click.Context, directory: Path) -> None:
    """Back the store up into DIRECTORY (a new directory): a consistent copy made by the
    engine while the store stays in use (hard links to its table files where it can), which
    opens like any store and is checked to. While `kg serve` holds the store, the command
    asks the server to make it: DIRECTORY must then be in KG_BACKUP_DIR, and KG_WRITE_TOKEN
    set as for the server."""
    from kg.backup import backup
    from kg.store import open_store

    settings = _settings(ctx)
    if settings.remote:
        raise KGError("kg backup copies the local store (KG_STORE_PATH); this one is remote")
    if directory.exists():
        raise KGError(f"{directory} exists already: a backup goes into a new directory")
    try:
        store = open_store(settings.store_path)
    except StoreUnavailable as exc:
        if "lock" not in exc.message.lower():
            raise
        made = _backup_through_server(settings, directory)
    else:
        try:
            made = backup(store, directory)
        finally:
            store.close()
    click.echo(
        f"backed up {made['triples']} triples in {made['graphs']} graphs into {made['path']}"
    )


def _backup_through_server(settings: Settings, directory: Path) -> dict[str, Any]:
    """Ask the `kg serve` holding the store (at KG_HOST:KG_PORT) for the backup."""
    import urllib.error
    import urllib.request

    folder = settings.backup_dir.resolve()
    if directory.resolve().parent != folder:
        raise KGError(
            f"the store is in use (by `kg serve`?): the server makes the backup, into "
            f"KG_BACKUP_DIR: give a directory in {folder}, or stop the server"
        )
    if settings.write_token is None:
        raise KGError("the store is in use (by `kg serve`?): asking it needs KG_WRITE_TOKEN")
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    request = urllib.request.Request(
        f"http://{host}:{settings.port}/api/backup",
        data=json.dumps({"name": directory.name}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.write_token.get_secret_value()}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:  # our server
            return json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        error = json.loads(exc.read() or b"{}").get("error", {})
        raise KGError(f"the server did not make the backup: {error.get('message', exc)}") from exc
    except OSError as exc:
        raise KGError(
            f"the store is in use, but no kg server answers at http://{host}:{settings.port}: {exc}"
        ) from exc


@main.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
def restore_store(ctx: click.Context, directory: Path) -> None:
    """Replace the store with a copy of the backup DIRECTORY (which stays as it is). The
    backup must open as a store; the store must be free (stop `kg serve` first)."""
    from kg.backup import restore

    settings = _settings(ctx)
    made = restore(directory, settings.store_path)
    click.echo(
        f"restored {made['triples']} triples in {made['graphs']} graphs from {directory} "
        f"into {settings.store_path}"
    )


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """What the store holds: graphs, entities by class, facts by review status."""
    from kg.stats import stats as compute

    data = compute(_store(ctx, read_only=True))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    emit: Callable[[str], None] = click.echo
    emit(
        f"{data['triples']} triples in {len(data['graphs'])} graphs, {data['sources']} source documents"  # type: ignore[arg-type]  # an untyped stats dict
    )
    emit("\ngraphs:")
    for g in data["graphs"]:  # type: ignore[attr-defined]  # an untyped stats dict
        note = "" if g["complete"] else "  INCOMPLETE: its load was killed; `kg load` drops it"
        emit(f"  {g['triples']:>7}  {g['graph']}{note}")
    emit("\nentities:")
    for cls, n in data["entities"].items():  # type: ignore[attr-defined]  # an untyped stats dict
        emit(f"  {n:>7}  {cls}")
    emit("\nfacts by status:")
    for status, n in data["facts"].items():  # type: ignore[attr-defined]  # an untyped stats dict
        emit(f"  {n:>7}  {status}")


if __name__ == "__main__":  # pragma: no cover
    main()
