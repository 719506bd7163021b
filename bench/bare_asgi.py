"""The floor anchor: the least a Python ASGI app around pyoxigraph can do per request.

Serves GET ?query= from the store at $KG_BENCH_STORE (read-only), JSON results, nothing
else: no negotiation, no limits, no timeouts. Used by bench/sparql_endpoint.py.
"""

from __future__ import annotations

import os
import urllib.parse

import pyoxigraph as ox

_store: ox.Store | None = None


async def app(scope, receive, send):  # a bare ASGI callable
    global _store
    if scope["type"] != "http":
        return
    if _store is None:
        _store = ox.Store.read_only(os.environ["KG_BENCH_STORE"])
    query = urllib.parse.parse_qs(scope["query_string"].decode())["query"][0]
    body = _store.query(query, use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.JSON
    )
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/sparql-results+json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
