"""Storage behind one interface expressed in SPARQL 1.1 terms.

Features talk to :class:`Store` only; :func:`open_store` picks the backend. Today the
backend is the embedded pyoxigraph store; a remote SPARQL 1.1 server can stand behind the
same interface.
"""

from kg.store.base import QueryResult, Store, solutions
from kg.store.embedded import EmbeddedStore, open_store

__all__ = ["EmbeddedStore", "QueryResult", "Store", "open_store", "solutions"]
