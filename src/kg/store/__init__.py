"""Storage behind one interface expressed in SPARQL 1.1 terms.

Features talk to :class:`Store` only; :func:`connect` picks the backend the settings
name: the embedded pyoxigraph store (:mod:`kg.store.embedded`), or a SPARQL 1.1 server
(:mod:`kg.store.remote`, with ``KG_STORE_URL``).
"""

from kg.store.base import QueryResult, Store, solutions
from kg.store.connect import connect
from kg.store.embedded import EmbeddedStore, open_store
from kg.store.remote import RemoteStore

__all__ = [
    "EmbeddedStore",
    "QueryResult",
    "RemoteStore",
    "Store",
    "connect",
    "open_store",
    "solutions",
]
