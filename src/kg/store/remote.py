"""The remote backend: a SPARQL 1.1 server (Oxigraph server, Virtuoso, any SPARQL 1.1
store) behind the :class:`kg.store.Store` interface.

Reads are SPARQL queries over HTTP (SPARQL 1.1 Protocol, ``POST`` form), on a pool of kept
connections. kg parses every query itself first (on an empty local engine), so a malformed
query gets the same error as on the embedded store; the answer streams from the server
into pyoxigraph's parsers (``parse_query_results``), so callers get the same objects -
``QuerySolutions``, ``QueryBoolean``, ``QueryTriples`` - and rows are read as they are
consumed. Pre-bound variables become a ``VALUES`` block (:func:`kg.sparqltext.with_values`).

Writes are SPARQL updates, each one request, which the server applies atomically
(Oxigraph does; see the README for Virtuoso). Large writes are staged: the data goes to
fresh *staging* graphs first (Graph Store Protocol ``POST``, or ``INSERT DATA`` when there
is no Graph Store), then one update moves them onto their targets - so a load that fails
midway leaves the targets as they were, and the staging graphs are dropped.

The version (for caches and ETags): every write by kg also rewrites a *version marker*,
one statement in the graph ``{base}id/graph/store-version``, in the same update. Each kg
reads the marker every ``store_version_poll`` seconds in a background thread, so a write
made by another kg (or anyone who rewrites the marker) invalidates the caches within that
time; its own writes do at once. Staging graphs and the marker graph are left out of
:meth:`RemoteStore.named_graphs` and :meth:`RemoteStore.quads`.

Errors: a server that cannot be reached, refuses kg's credentials or fails answers
:class:`~kg.errors.StoreUnavailable` (503) saying which server and what happened; one that
does not answer within the time limit, :class:`~kg.errors.QueryTimeout` (503). Requests
that change nothing are retried when the connection failed or the server answered 502-504.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2 as httpx
import pyoxigraph as ox

from kg import __version__
from kg.errors import (
    DataError,
    EvaluationError,
    KGError,
    QuerySyntaxError,
    QueryTimeout,
    StoreUnavailable,
    syntax_message,
)
from kg.formats import NTRIPLES, serialize
from kg.sparqltext import join_updates, names_dataset, with_values
from kg.store.base import GraphName, QueryResult, Term
from kg.store.embedded import EmbeddedStore, data_update, replace_graphs_update

if TYPE_CHECKING:
    from kg.config import Settings

log = logging.getLogger("kg.store")

# Accept headers: what kg reads back from the server, best first.
_RESULTS = (
    "application/sparql-results+json, text/tab-separated-values;q=0.9, "
    "application/sparql-results+xml;q=0.8"
)
_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
INLINE_TRIPLES = 20_000  # a write with more triples than this is staged
CHUNK_TRIPLES = 50_000  # triples per upload request when staging
_OWL_VERSION = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
_DCT_MODIFIED = ox.NamedNode("http://purl.org/dc/terms/modified")
_XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


@dataclass(frozen=True)
class Endpoints:
    """Where the server answers: SPARQL query, SPARQL update, and (optional) Graph Store."""

    query: str
    update: str
    graph_store: str | None

    @classmethod
    def of(
        cls,
        url: str,
        query: str | None = None,
        update: str | None = None,
        graph_store: str | None = None,
    ) -> Endpoints:
        """The endpoints of the server at ``url``: each given one, else Oxigraph server's
        layout (``/query``, ``/update``, ``/store``); an empty ``graph_store``: none.

        >>> Endpoints.of("http://127.0.0.1:7878/")
        Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', graph_store='http://127.0.0.1:7878/store')
        """
        base = url.rstrip("/")
        return cls(
            query or f"{base}/query",
            update or f"{base}/update",
            f"{base}/store" if graph_store is None else graph_store or None,
        )


class RemoteStore:
    """:class:`kg.store.Store` over a SPARQL 1.1 server."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        marker: ox.NamedNode,
        staging_prefix: str,
        read_only: bool = False,
        auth: httpx.Auth | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        write_timeout: float = 600.0,
        retries: int = 2,
        union_parameter: bool = True,
        poll: float = 2.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.endpoints = endpoints
        self.location = endpoints.query
        self.read_only = read_only
        self.marker = marker
        self.staging_prefix = staging_prefix
        self.union_parameter = union_parameter
        self.retries = retries
        self.poll = poll
        self._read_timeout = httpx.Timeout(timeout, connect=connect_timeout)
        self._write_timeout = httpx.Timeout(write_timeout, connect=connect_timeout)
        self._client = httpx.Client(
            auth=auth,
            headers={"User-Agent": f"kg/{__version__}", **(headers or {})},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            transport=transport or httpx.HTTPTransport(retries=retries),
            follow_redirects=False,
        )
        self._parser = EmbeddedStore()  # empty: parses queries as the embedded store does
        self._lock = threading.Lock()
        self._graphs: tuple[str, list[ox.NamedNode]] | None = None
        self._poller: threading.Thread | None = None
        self._stop = threading.Event()
        self._outage: str | None = None  # the version while the server cannot be read
        self._marker_value = self._read_marker(quiet=True)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        read_only: bool = False,
        transport: httpx.BaseTransport | None = None,
    ) -> RemoteStore:
        """The store at ``settings.store_url`` with the endpoints, credentials and limits
        the settings give."""
        from kg.iris import Minter

        assert settings.store_url is not None
        auth: httpx.Auth | None = None
        headers: dict[str, str] = {}
        if settings.store_token is not None:
            headers["Authorization"] = f"Bearer {settings.store_token.get_secret_value()}"
        elif settings.store_user is not None:
            password = settings.store_password.get_secret_value() if settings.store_password else ""
            kind = httpx.DigestAuth if settings.store_auth == "digest" else httpx.BasicAuth
            auth = kind(settings.store_user, password)
        minter = Minter(settings.base_iri)
        return cls(
            Endpoints.of(
                settings.store_url,
                settings.store_query_url,
                settings.store_update_url,
                settings.store_graph_store_url,
            ),
            marker=minter.graph("store-version"),
            staging_prefix=minter.graph("staging-").value,
            read_only=read_only,
            auth=auth,
            headers=headers,
            timeout=settings.query_timeout,
            connect_timeout=settings.store_connect_timeout,
            write_timeout=settings.store_write_timeout,
            retries=settings.store_retries,
            union_parameter=settings.store_union_default_graph == "parameter",
            poll=settings.store_version_poll,
            transport=transport,
        )

    # ------------------------------------------------------------------ version

    @property
    def version(self) -> str:
        """The version marker as last read (never blocks: a background thread reads it)."""
        if self._poller is None and not self._stop.is_set():
            with self._lock:
                if self._poller is None:
                    self._poller = threading.Thread(
                        target=self._watch, name="kg-store-version", daemon=True
                    )
                    self._poller.start()
        return self._marker_value

    @property
    def revision(self) -> str | None:
        """None: the server's marker changes with every write, but nothing says a file kept
        beside kg belongs to this server's current data (see :attr:`Store.revision`)."""
        return None

    def _watch(self) -> None:
        while not self._stop.wait(self.poll):
            value = self._read_marker(quiet=True)
            if value != self._marker_value:
                self._marker_value = value

    def _read_marker(self, *, quiet: bool) -> str:
        """The marker's value on the server ("0" when nobody wrote one yet). When the
        server cannot be read (and ``quiet``): a value of its own for the outage, so that
        nothing cached before it is trusted after it; the outage is logged once."""
        try:
            rows = self.query(
                f"SELECT ?v WHERE {{ GRAPH {self.marker} {{ {self.marker} {_OWL_VERSION} ?v }} }}",
                default_graph=[],
                named_graphs=[self.marker],
            )
            value = next((str(row["v"].value) for row in rows), "0")  # type: ignore[union-attr]  # a SELECT's rows
        except KGError as exc:
            if not quiet:
                raise
            if self._outage is None:
                log.warning("cannot read the store version at %s: %s", self.location, exc.message)
                self._outage = f"unknown-{secrets.token_hex(4)}"
            return self._outage
        if self._outage is not None:
            log.warning("the SPARQL server at %s answers again", self.location)
            self._outage = None
        return value

    def _marker_update(self) -> tuple[str, str]:
        """A new marker value and the update that writes it."""
        value = secrets.token_hex(8)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        triples = [
            ox.Triple(self.marker, _OWL_VERSION, ox.Literal(value)),
            ox.Triple(self.marker, _DCT_MODIFIED, ox.Literal(now, datatype=_XSD_DATETIME)),
        ]
        return value, replace_graphs_update({self.marker: triples})

    # ------------------------------------------------------------------ reading

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: Sequence[GraphName] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        # Parsed (and planned, not run) by the same engine on an empty store: a malformed
        # query gets the embedded store's error; the result's kind says what to ask for.
        kind = self._parser.query(sparql, bindings=bindings, prefixes=prefixes, base_iri=base_iri)
        text = _prologue(prefixes, base_iri) + (
            with_values(sparql, {k: _term(v) for k, v in bindings.items()}) if bindings else sparql
        )
        form: dict[str, Any] = {"query": text}
        form.update(self._dataset(sparql, default_graph, named_graphs))
        graph = isinstance(kind, ox.QueryTriples)
        del kind
        response = self._send(
            "POST",
            self.endpoints.query,
            what="query",
            data=form,
            headers={"Accept": _GRAPH if graph else _RESULTS},
            timeout=self._read_timeout,
            stream=True,
        )
        body = _Body(response, self)
        media = response.headers.get("content-type", "")
        try:
            if graph:
                rdf = ox.RdfFormat.from_media_type(media)
                if rdf is None:
                    raise StoreUnavailable(f"{self.location} answered RDF in {media!r}")
                triples = ox.Store()
                triples.load(body, format=rdf)  # type: ignore[arg-type]  # a RawIOBase is a binary file; the stubs say IO[bytes]
                return triples.query("CONSTRUCT WHERE { ?s ?p ?o }")
            results = ox.QueryResultsFormat.from_media_type(media)
            if results is None:
                raise StoreUnavailable(f"{self.location} answered results in {media!r}")
            return ox.parse_query_results(body, format=results)  # type: ignore[arg-type]  # as above
        except SyntaxError as exc:
            body.close()
            raise StoreUnavailable(
                f"{self.location} sent an answer kg cannot read: {syntax_message(exc)}"
            ) from exc
        except BaseException:
            body.close()
            raise

    def _dataset(
        self,
        sparql: str,
        default_graph: Sequence[GraphName] | None,
        named_graphs: Sequence[ox.NamedNode] | None,
    ) -> dict[str, Any]:
        """The protocol parameters for a dataset (see :meth:`kg.store.Store.query`)."""
        if default_graph is None and named_graphs is None:
            if names_dataset(sparql) or not self.union_parameter:
                return {}  # the query's own dataset, or the server's default is the union
            return {"union-default-graph": ""}
        default = [g.value for g in default_graph or () if isinstance(g, ox.NamedNode)]
        if (
            default_graph is not None
            and not default
            and any(isinstance(g, ox.DefaultGraph) for g in default_graph)
        ):
            if named_graphs is None:
                return {}  # the server's own default graph, every named graph
            default = []  # cannot be named in the protocol: see the README
        if named_graphs is None:
            # The protocol cannot say "every named graph" beside a given default graph;
            # only a query that has a GRAPH pattern needs them listed.
            named = [g.value for g in self.named_graphs()] if "GRAPH" in sparql.upper() else []
        else:
            named = [g.value for g in named_graphs]
        if not default:
            # An empty default graph: named graphs alone make one, else a graph that
            # cannot exist does.
            default = [] if named else [f"{self.staging_prefix}none"]
        return {"default-graph-uri": default, "named-graph-uri": named}

    def named_graphs(self) -> list[ox.NamedNode]:
        version = self.version
        cached = self._graphs
        if cached is not None and cached[0] == version:
            return list(cached[1])
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        graphs = sorted(
            (
                row["g"]
                for row in rows  # type: ignore[union-attr]  # a SELECT's rows
                if isinstance(row["g"], ox.NamedNode) and not self._hidden(row["g"])
            ),
            key=lambda g: g.value,
        )
        self._graphs = (version, graphs)
        return list(graphs)

    def _hidden(self, graph: ox.NamedNode) -> bool:
        return graph == self.marker or graph.value.startswith(self.staging_prefix)

    def get_graph(self, graph: GraphName) -> list[ox.Triple]:
        return [q.triple for q in self.quads(graph)]

    def quads(self, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        """Every quad (of one graph), streamed from the server as it is read."""
        return self.quads_for_pattern(None, None, None, graph)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads matching a pattern (``None``: anything), streamed as they are read."""
        bound = {"s": subject, "p": predicate, "o": object}
        bindings = {k: v for k, v in bound.items() if v is not None}
        if isinstance(graph, ox.NamedNode):
            rows = self.query(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
                bindings=bindings,
                default_graph=[],
                named_graphs=[graph],
            )
            return (ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows)  # type: ignore[union-attr]  # a SELECT's rows
        if graph is not None:  # the default graph: the server's own (see the README)
            rows = self.query(
                "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", bindings=bindings, default_graph=[graph]
            )
            return (ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows)  # type: ignore[union-attr]  # a SELECT's rows
        if self.union_parameter:  # the server's default graph is its own
            sparql = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        else:  # its default graph is the union: the named graphs hold everything kg wrote
            sparql = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        rows = self.query(sparql, bindings=bindings, default_graph=[ox.DefaultGraph()])
        return self._kept(rows)  # type: ignore[arg-type]  # a SELECT's rows

    def _kept(self, rows: ox.QuerySolutions) -> Iterator[ox.Quad]:
        default = ox.DefaultGraph()
        for r in rows:
            g = r["g"]
            if g is None:
                yield ox.Quad(r["s"], r["p"], r["o"], default)
            elif not self._hidden(g):
                yield ox.Quad(r["s"], r["p"], r["o"], g)

    # ------------------------------------------------------------------ writing

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._writable()
        text = (f"BASE <{base_iri}>\n" if base_iri else "") + sparql
        self._write(text)

    def _write(self, update: str) -> None:
        """Send ``update`` with the new version marker in the same request."""
        value, marker = self._marker_update()
        try:
            response = self._send(
                "POST",
                self.endpoints.update,
                what="update",
                data={"update": join_updates(update, marker)},
                timeout=self._write_timeout,
            )
            response.close()
        except KGError:
            # It may or may not have been applied: trust nothing cached.
            self._marker_value = self._read_marker(quiet=True)
            raise
        self._marker_value = value
        self._graphs = None

    def delete_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {graph}")

    def _writable(self) -> None:
        if self.read_only:
            raise StoreUnavailable(f"the store at {self.location} is opened read-only")

    def replace_graphs(
        self,
        graphs: Mapping[GraphName, Iterable[ox.Triple]],
        *,
        drop: Iterable[ox.NamedNode] = (),
    ) -> None:
        self._writable()
        drop = list(drop)
        small = {g: list(ts) for g, ts in graphs.items()}
        if self._inline([t for ts in small.values() for t in ts]):
            self._write(replace_graphs_update(small, drop=drop))
            return
        quads = (
            ox.Quad(t.subject, t.predicate, t.object, g) for g, ts in small.items() for t in ts
        )
        emptied = [g for g, ts in small.items() if not ts]
        self._put(quads, "MOVE", [*drop, *emptied], new=self._new_graphs())

    def add_to_graph(self, graph: GraphName, triples: Iterable[ox.Triple]) -> None:
        self._writable()
        triples = list(triples)
        if self._inline(triples):
            self._write(data_update("INSERT", graph, triples))
            return
        quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        self._put(quads, "ADD", [], new=self._new_graphs())

    def _inline(self, triples: list[ox.Triple]) -> bool:
        """Whether a write goes as one ``INSERT DATA`` update: small enough, and - when a
        Graph Store can take it instead - without blank nodes (Virtuoso refuses them in
        ``INSERT DATA``, SPARQL 1.1 notwithstanding)."""
        if len(triples) > INLINE_TRIPLES:
            return False
        return not self.endpoints.graph_store or not any(
            isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
            for t in triples
        )

    def _new_graphs(self) -> Callable[[GraphName], bool]:
        """Which graphs do not exist on the server now (they may be written in place)."""
        existing = {g.value for g in self.named_graphs()}
        return lambda g: isinstance(g, ox.NamedNode) and g.value not in existing

    def load_new_graphs(
        self,
        path: Path,
        format: ox.RdfFormat,
        graph: GraphName,
        graphs: Iterable[ox.NamedNode],
        *,
        batch: int | None = None,
    ) -> None:
        """See :meth:`Store.load_new_graphs`; ``batch`` changes nothing here: the file is
        streamed to the server in chunks anyway."""
        self._writable()
        quads = (
            q
            if isinstance(q.graph_name, ox.NamedNode)
            else ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in ox.parse(path=str(path), format=format)
        )
        targets = {g.value for g in graphs}
        try:
            self._put(quads, "MOVE", [], new=lambda g: isinstance(g, ox.NamedNode) and g.value in targets)
        except SyntaxError as exc:
            raise DataError(f"{path}: {syntax_message(exc)}") from exc

    def replace_from(self, quads: Iterable[ox.Quad], *, drop: Iterable[ox.NamedNode] = ()) -> None:
        """Replace each graph the streamed ``quads`` name with their triples, and drop
        ``drop`` (see :meth:`_put`)."""
        self._writable()
        self._put(quads, "MOVE", list(drop), new=self._new_graphs())

    def _put(
        self,
        quads: Iterable[ox.Quad],
        verb: str,
        drop: Sequence[GraphName],
        *,
        new: Callable[[GraphName], bool],
    ) -> None:
        """Write streamed ``quads``, then in one update drop ``drop`` and put every staged
        graph onto its target (``MOVE`` replaces it, ``ADD`` adds to it). A graph that does
        not exist yet (``new``) is written in place, as the embedded bulk loader does: it
        holds nothing anyone had. If anything fails, every graph written is dropped again
        and nothing else has changed."""
        written = self.stage(quads, new)
        staged = {t: w for t, w in written.items() if w != t}
        try:
            self._write(staged_update(staged, verb, drop))
        except BaseException:
            self.unstage(written.values())
            raise

    def stage(
        self, quads: Iterable[ox.Quad], new: Callable[[GraphName], bool] = lambda g: False
    ) -> dict[GraphName, ox.NamedNode]:
        """Upload ``quads``, each graph's into a fresh staging graph (or into the graph
        itself when ``new`` says it does not exist yet), and return where each graph's
        went; on any failure what was written is dropped again."""
        self._writable()
        token = secrets.token_hex(6)
        written: dict[GraphName, ox.NamedNode] = {}
        pending: dict[ox.NamedNode, list[ox.Triple]] = {}  # graph -> triples to send
        size = 0
        try:
            for q in quads:
                target = q.graph_name  # named or default: kg's graphs have no blank-node names
                name = written.get(target)  # type: ignore[arg-type]  # see above
                if name is None:
                    name = written[target] = (  # type: ignore[index]  # see above
                        target
                        if isinstance(target, ox.NamedNode) and new(target)
                        else ox.NamedNode(f"{self.staging_prefix}{token}-{len(written)}")
                    )
                pending.setdefault(name, []).append(q.triple)
                size += 1
                if size >= CHUNK_TRIPLES:
                    self._upload(pending)
                    pending, size = {}, 0
            if pending:
                self._upload(pending)
        except BaseException:
            self.unstage(written.values())
            raise
        return written

    def unstage(self, graphs: Iterable[ox.NamedNode]) -> None:
        """Drop graphs written for a write that failed (best effort: a failure is logged;
        staging graphs stay hidden)."""
        graphs = list(graphs)
        if not graphs:
            return
        try:
            self._send(
                "POST",
                self.endpoints.update,
                what="update",
                data={"update": " ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs)},
                timeout=self._write_timeout,
            ).close()
        except KGError as exc:
            log.warning(
                "could not drop %d graphs on %s: %s", len(graphs), self.location, exc.message
            )

    def _upload(self, graphs: Mapping[ox.NamedNode, list[ox.Triple]]) -> None:
        """Send one chunk: a Graph Store ``POST`` per graph (the server's bulk path), or
        without a Graph Store one ``INSERT DATA`` update for all."""
        if not self.endpoints.graph_store:
            update = " ;\n".join(data_update("INSERT", g, ts) for g, ts in graphs.items())
            self._send(
                "POST",
                self.endpoints.update,
                what="upload",
                data={"update": update},
                timeout=self._write_timeout,
            ).close()
            return
        for graph, triples in graphs.items():
            self._send(
                "POST",
                self.endpoints.graph_store,
                what="upload",
                params={"graph": graph.value},
                content=serialize(triples, NTRIPLES),
                headers={"Content-Type": NTRIPLES.media_type},
                timeout=self._write_timeout,
            ).close()

    # ------------------------------------------------------------------ HTTP

    def _send(
        self,
        method: str,
        url: str,
        *,
        what: str,
        timeout: httpx.Timeout,
        stream: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        """One request; retried (queries only) when the connection broke before an answer
        or the server answered 502-504. Errors become kg errors that name the server."""
        idempotent = what == "query"
        for attempt in range(self.retries + 1):
            last = attempt == self.retries or not idempotent
            try:
                request = self._client.build_request(method, url, timeout=timeout, **kwargs)
                response = self._client.send(request, stream=stream)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                raise StoreUnavailable(
                    f"the SPARQL server at {url} is not reachable ({_reason(exc)}); is it "
                    "running? (setting KG_STORE_URL)"
                ) from exc
            except httpx.TimeoutException as exc:
                raise self._timed_out(url, what, timeout) from exc
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                if not last:  # a kept connection the server had closed: try a fresh one
                    continue
                raise StoreUnavailable(
                    f"the SPARQL server at {url} broke off the connection ({_reason(exc)})"
                ) from exc
            except httpx.HTTPError as exc:
                raise StoreUnavailable(f"cannot talk to the SPARQL server at {url}: {exc}") from exc
            if response.status_code < 400:
                return response
            if response.status_code in (502, 503, 504) and not last:
                response.close()
                time.sleep(0.1 * 2**attempt)
                continue
            raise self._refused(response, url, what)
        raise AssertionError("unreachable")  # pragma: no cover

    def _timed_out(self, url: str, what: str, timeout: httpx.Timeout) -> KGError:
        seconds = timeout.read or 0
        if what == "query":
            return QueryTimeout(
                f"the SPARQL server at {url} did not answer within {seconds:g} s "
                "(setting KG_QUERY_TIMEOUT)"
            )
        return StoreUnavailable(
            f"the SPARQL server at {url} did not confirm the {what} within {seconds:g} s "
            "(setting KG_STORE_WRITE_TIMEOUT); it may still apply it"
        )

    def _refused(self, response: httpx.Response, url: str, what: str) -> KGError:
        try:
            text = response.read()[:2000].decode("utf-8", "replace")
        except httpx.HTTPError:
            text = ""
        finally:
            response.close()
        said = " ".join(text.split())[:300] or response.reason_phrase
        status = response.status_code
        if status in (401, 403):
            return StoreUnavailable(
                f"the SPARQL server at {url} refused kg's credentials (HTTP {status}: {said}); "
                "check KG_STORE_USER and KG_STORE_PASSWORD, or KG_STORE_TOKEN"
            )
        if status == 400 and what == "update":
            return QuerySyntaxError(f"the SPARQL server refused the update: {said}")
        if status == 400:
            return EvaluationError(f"the SPARQL server refused the {what}: {said}")
        if status == 404:
            return StoreUnavailable(
                f"nothing answers at {url} (HTTP 404): check KG_STORE_URL and the endpoint settings"
            )
        # 5xx, and what no SPARQL server should answer. (Oxigraph answers 500 to an update
        # that fails to run, such as CREATE GRAPH of a graph that exists: it changed nothing.)
        return StoreUnavailable(f"the SPARQL server at {url} failed (HTTP {status}: {said})")

    def close(self) -> None:
        self._stop.set()
        if self._poller is not None:
            self._poller.join(self.poll + 1)
        self._client.close()


class _Body(io.RawIOBase):
    """A streamed answer as a binary file for pyoxigraph's parsers. It closes the response
    at its end, when dropped, or on error, and a transfer that breaks off raises a kg
    error (which reaches whoever iterates the results)."""

    def __init__(self, response: httpx.Response, store: RemoteStore) -> None:
        super().__init__()
        self._response = response
        self._chunks = response.iter_bytes()
        self._rest = b""
        self._store = store

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = [self._rest, *iter(lambda: self._next(), b"")]
            self._rest = b""
            return b"".join(parts)
        if not self._rest:
            self._rest = self._next()
        out, self._rest = self._rest[:size], self._rest[size:]
        return out

    def readinto(self, buffer: Any) -> int:  # a writable buffer
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _next(self) -> bytes:
        if self.closed:
            return b""
        try:
            for chunk in self._chunks:
                if chunk:
                    return chunk
        except httpx.TimeoutException as exc:
            self.close()
            raise self._store._timed_out(
                str(self._response.url), "query", self._store._read_timeout
            ) from exc
        except httpx.HTTPError as exc:
            self.close()
            raise StoreUnavailable(
                f"the SPARQL server at {self._response.url} broke off its answer ({_reason(exc)})"
            ) from exc
        self.close()
        return b""

    def close(self) -> None:
        if not self.closed:
            self._response.close()
        super().close()


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]


def _term(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        raise EvaluationError("a SPARQL server cannot be given a blank node to bind")
    return str(term)


def _prologue(prefixes: Mapping[str, str] | None, base_iri: str | None) -> str:
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    lines += [f"PREFIX {name}: <{iri}>" for name, iri in (prefixes or {}).items()]
    return "".join(f"{line}\n" for line in lines)


def _graph_ref(graph: GraphName) -> str:
    return "DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph}"


def staged_update(
    staging: Mapping[GraphName, ox.NamedNode], verb: str, drop: Sequence[GraphName] = ()
) -> str:
    """The update that drops ``drop`` and puts each staging graph onto its target:
    ``MOVE`` (the target's content replaced) or ``ADD`` (added to; the staging graph then
    dropped).

    >>> g, s = ox.NamedNode("urn:g"), ox.NamedNode("urn:staging-1")
    >>> print(staged_update({g: s, ox.DefaultGraph(): s}, "MOVE", [ox.NamedNode("urn:old")]))
    DROP SILENT GRAPH <urn:old> ;
    MOVE SILENT GRAPH <urn:staging-1> TO GRAPH <urn:g> ;
    MOVE SILENT GRAPH <urn:staging-1> TO DEFAULT
    """
    parts = [f"DROP SILENT {_graph_ref(g)}" for g in drop]
    for target, staged in staging.items():
        parts.append(f"{verb} SILENT GRAPH {staged} TO {_graph_ref(target)}")
        if verb == "ADD":
            parts.append(f"DROP SILENT GRAPH {staged}")
    return " ;\n".join(parts) if parts else "CLEAR SILENT GRAPH <urn:kg:nothing>"
