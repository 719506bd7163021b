"""The HTML face of an IRI (``/id/...`` when HTML is preferred): an imported table's page,
a source document's, an assertion's (:mod:`kg.web.records`), an evidence passage's place in
its source's page, or an entity's. A named graph's page is the graph store's
(``kg.api.routes.graphs``)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pyoxigraph import NamedNode

from kg.entities import Paging, labels
from kg.iris import Minter
from kg.namespaces import KG
from kg.paging import page_number
from kg.store import Store
from kg.web import entity, imports, records, source
from kg.web.render import page


def resource_page(
    request: Request, store: Store, minter: Minter, iri: NamedNode
) -> HTMLResponse | RedirectResponse:
    """An imported table's page (``?page=``, or the page of ``?row=``) or a source
    document's (``?page=`` of its facts); an assertion's (the statement, its sentences, its
    review state); an evidence passage (``.../chars/{start}-{end}``)
    sends the browser to its mark on the source's page that lists its facts (303); else an
    entity's. Runs in a worker thread (store work); errors go to the
    one handler (:mod:`kg.api.errors`), which renders them as the error page for a client
    that prefers HTML."""
    kinds = labels(store, [iri])[iri.value].types
    if KG.DataFile.value in kinds:
        page_no = imports.page_of(
            store, iri, request.query_params.get("page"), request.query_params.get("row")
        )
        table = imports.import_source(store, minter, iri, page_no)
        return page(request, "import_source.html", section="sources", doc=table)
    if KG.SourceDocument.value in kinds:
        page_no = page_number(request.query_params.get("page"))
        document = source.source(store, minter, iri, page_no)
        return page(request, "source.html", section="sources", doc=document)
    if KG.Assertion.value in kinds:
        record = records.assertion_page(store, minter, iri)
        if record is not None:
            return page(request, "assertion.html", section="review", a=record)
    if KG.Sentence.value in kinds:
        href = source.passage_href(store, minter, iri)
        if href is not None:
            return RedirectResponse(href, status_code=303, headers={"Vary": "Accept"})
    q = request.query_params
    paging = Paging.parse(
        q.get("predicate"), q.get("direction"), q.get("page"), q.get("limit"), q.get("value")
    )
    data_dir = request.app.state.settings.data_dir  # the name rules' tables (owl:sameAs)
    shown = entity.entity(store, minter, iri, paging, data_dir)
    return page(request, "entity.html", section="search", e=shown)


__all__ = ["resource_page"]
