"""Answering SPARQL Protocol queries: one core that the HTTP layer calls.

:meth:`QueryService.answer` turns protocol parameters (``query``, ``default-graph-uri``,
``named-graph-uri``, ``format``) and the ``Accept`` / ``If-None-Match`` headers into a
:class:`Reply`: remote access checked, formats negotiated, an ETag from the store version,
the result cache, the executor with its time limit, the truncation signal. Both the FastAPI
route and the raw ASGI fast path for ``GET /sparql`` use it. Errors are :class:`KGError`.

Bounded lookups (:mod:`kg.sparql.lookup`: the statements of one named node) are answered
right here, in the server process, capped at :data:`~kg.sparql.lookup.ROW_BUDGET` rows - a
hop to a worker process costs more than such a lookup. A lookup that turns out bigger goes
to the executor like any other query.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field

from kg.concurrency import call
from kg.config import Settings
from kg.errors import BadRequest, Forbidden, KGError, QuerySyntaxError, UnsupportedFormat
from kg.formats import (
    GRAPH_FORMATS,
    JSON,
    RESULT_FORMATS,
    TURTLE,
    Format,
    acceptable,
    by_name,
    negotiate,
)
from kg.iris import Minter, named_node
from kg.review import Unreviewed
from kg.sparql.execute import (
    Answer,
    Executor,
    QueryJob,
    ResultCache,
    UpdateJob,
    run,
    run_lookup,
)
from kg.sparql.guard import check_request
from kg.sparql.lookup import ROW_BUDGET, is_bounded_lookup
from kg.sparqltext import is_update, shift_lines, used_prefixes, with_prefixes
from kg.store import RemoteStore, Store

_EVALUATES = re.compile("where|load", re.IGNORECASE | re.ASCII)
_BIG_QUERY = 16 * 1024  # characters; longer queries are checked off the event loop
NOT_HERE = "SPARQL Update is not accepted on /sparql: POST it to /sparql/update"
# ``format=xml`` or ``json`` asks for XML or JSON whatever the query's form: for a graph,
# RDF/XML and JSON-LD (SPARQLWrapper sends ``format=xml`` for a CONSTRUCT by default).
# What ``format=`` may say of a graph besides the formats' names and media types: what
# SPARQLWrapper sends (``xml`` by default; ``rdf+xml`` for RDFXML, ``n3`` for N3, which
# Turtle is a part of, with ``Accept: text/turtle`` among others).
_GRAPH_NAMES = {"xml": "rdfxml", "json": "jsonld", "rdf+xml": "rdfxml", "n3": "turtle"}


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _graph_name(fmt_name: str | None) -> str | None:
    """The graph format a ``format=`` parameter names (``xml``: RDF/XML).

    >>> _graph_name("XML"), _graph_name("json"), _graph_name("turtle"), _graph_name(None)
    ('rdfxml', 'jsonld', 'turtle', None)
    >>> _graph_name("rdf+xml"), _graph_name("n3")
    ('rdfxml', 'turtle')
    """
    if fmt_name is None:
        return None
    return _GRAPH_NAMES.get(fmt_name.strip().lower(), fmt_name)


def _acceptable(
    accept: str | None, fmt_name: str | None, offered: tuple[Format, ...], default: Format
) -> str | None:
    if fmt_name:
        try:
            return by_name(fmt_name, offered).name
        except KGError:
            return None
    fmt = acceptable(accept, offered, default)
    return fmt.name if fmt is not None else None


def _iris(values: list[str], name: str) -> tuple[str, ...]:
    return tuple(named_node(v, name).value for v in values)


def protocol_dataset(
    params: dict[str, list[str]], default_name: str, named_name: str
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The dataset given by protocol parameters (``default-graph-uri`` and
    ``named-graph-uri``, or ``using-graph-uri`` and ``using-named-graph-uri``): the
    default graphs and the named graphs - either may be empty (SPARQL 1.1 Protocol 2.1.4,
    Query 13.2: graphs named only as named graphs leave the default graph empty) - or
    ``None`` when the request gives none."""
    default = _iris(params.get(default_name, []), default_name)
    named = _iris(params.get(named_name, []), named_name)
    return (default, named) if default or named else None


def unreviewed(params: dict[str, list[str]]) -> Unreviewed:
    """The ``unreviewed`` parameter: ``include`` (the default) or ``exclude``."""
    return Unreviewed.parse(next(iter(params.get("unreviewed") or []), None))


def _etag(version: str, job: QueryJob) -> str:
    digest = hashlib.blake2b(f"{version}\n{job!r}".encode(), digest_size=16).hexdigest()
    return f'"{digest}"'


class QueryService:
    def __init__(
        self, store: Store, settings: Settings, executor: Executor, cache: ResultCache
    ) -> None:
        self.store = store
        self.settings = settings
        self.executor = executor
        self.cache = cache
        # A lookup is answered in the serving thread only when the store is in this
        # process; a SPARQL server's answer is waited for off the event loop.
        self.local_lookups = not isinstance(store, RemoteStore)

    def job(
        self, params: dict[str, list[str]], accept: str | None, base_iri: str | None = None
    ) -> QueryJob:
        """The job for a request: ``base_iri`` resolves the query's relative IRIs (the
        endpoint's URL); the dataset is the request's (``default-graph-uri``,
        ``named-graph-uri``), else the query's own (``FROM``), else kg's default."""
        if "update" in params:
            raise Forbidden(key="error.sparql.update.here")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise BadRequest(key="error.sparql.query.one")
        if is_update(queries[0]):  # an update sent as a query: say where it goes
            raise Forbidden(key="error.sparql.update.here")
        check_request(
            queries[0],
            kind="query",
            max_bytes=self.settings.max_query_bytes,
            allowlist=self.settings.remote_allowlist,
        )
        fmt_name = next(iter(params.get("format") or []), None)
        dataset = protocol_dataset(params, "default-graph-uri", "named-graph-uri")
        job = QueryJob(
            query=queries[0],
            results_format=_acceptable(accept, fmt_name, RESULT_FORMATS, JSON),
            rdf_format=_acceptable(accept, _graph_name(fmt_name), GRAPH_FORMATS, TURTLE),
            default_graph=dataset[0] if dataset else None,
            named_graphs=dataset[1] if dataset else None,
            max_results=self.settings.max_results,
            base_iri=base_iri,
        )
        if fmt_name and job.results_format is None and job.rdf_format is None:
            # a name no answer has, whatever the query's form: say so, not that the form's
            # answer cannot take it (406)
            known = dict.fromkeys(f.name for f in RESULT_FORMATS + GRAPH_FORMATS)
            raise UnsupportedFormat(
                key="error.format.unknown",
                values={"given": repr(fmt_name), "allowed": ", ".join(known)},
            )
        policy = unreviewed(params)
        if policy is Unreviewed.EXCLUDE and dataset:
            raise BadRequest(key="error.sparql.unreviewed.dataset")
        kept = policy.dataset(self.store, Minter(self.settings.base_iri), job.query)
        if kept is not None:  # the dataset without the graphs of unreviewed facts
            job = dataclasses.replace(job, default_graph=kept, named_graphs=kept)
        if job.results_format is None and job.rdf_format is None:
            negotiate(accept, RESULT_FORMATS + GRAPH_FORMATS)  # raises the 406 (or 400)
        return job

    async def answer(
        self,
        params: dict[str, list[str]],
        accept: str | None,
        if_none_match: str | None,
        base_iri: str | None = None,
    ) -> Reply:
        if sum(map(len, params.get("query", []))) > _BIG_QUERY:  # checking takes a while
            job = await call(self.settings.query_timeout, self.job, params, accept, base_iri)
        else:
            job = self.job(params, accept, base_iri)
        version = self.store.version
        etag = _etag(version, job)
        if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
            return Reply(304, headers={"ETag": etag, "Vary": "Accept"})
        answer = self.cache.get(version, job)
        if answer is None:
            answer = (
                self.lookup(job)
                if self.local_lookups and is_bounded_lookup(job.query)
                else None
            )
            if answer is None:
                answer = await self.executor.submit(job, version)
            self.cache.put(version, job, answer)
        return _reply(answer, etag)

    async def update(self, text: str, base_iri: str | None = None) -> None:
        """Apply a client's SPARQL update (checked by :func:`kg.sparql.guard.check_request`
        already). One that evaluates a pattern (``WHERE``) or loads a document is first
        rehearsed, with worker processes, on a private copy of the store, where the time
        limit and the memory cap stop it without touching the live store; only an update
        that finished there is applied (atomically, as every update). The others (``INSERT
        DATA``, ``DELETE DATA``, graph management) cost what their text and the graphs they
        name cost, and are applied at once. kg's prefixes are predeclared, as on /sparql: a
        syntax error's line is the client's."""
        declared = used_prefixes(text)
        sent = with_prefixes(text, declared)
        try:
            if _EVALUATES.search(sent):  # the letters anywhere: never missed, sometimes extra
                await self.executor.rehearse(UpdateJob(sent, base_iri))
            await call(self.settings.query_timeout + 2, self.store.update, sent, base_iri=base_iri)
        except QuerySyntaxError as exc:
            if not declared or "detail" not in exc.values:  # a SPARQL server's words: as sent
                raise
            detail = shift_lines(str(exc.values.get("detail", "")), -len(declared))
            raise QuerySyntaxError(
                key="error.sparql.update.syntax", values={**exc.values, "detail": detail}
            ) from exc

    def lookup(self, job: QueryJob) -> Answer | None:
        """Answer a bounded lookup in this process; ``None`` when it has more rows than the
        budget (the executor then answers it)."""
        if job.max_results < ROW_BUDGET:  # a small cap: count and flag exactly
            return run(self.store, job)
        return run_lookup(self.store, job, ROW_BUDGET)


def _reply(answer: Answer, etag: str) -> Reply:
    headers = {"Content-Type": by_name(answer.format).content_type, "Vary": "Accept", "ETag": etag}
    if answer.truncated:
        headers["KG-Results-Truncated"] = "true"
        headers["KG-Results-Limit"] = str(answer.rows)
    return Reply(200, answer.body, headers)
