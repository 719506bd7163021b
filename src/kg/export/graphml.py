"""GraphML (http://graphml.graphdrawing.org/): one file that Gephi, Cytoscape, yEd,
NetworkX and igraph open, with typed attributes declared as ``<key>`` elements.

Nodes come first, streamed as they are read; edges are spooled to a temporary file and
follow, each written a batch at a time. Node attributes are the node table's columns
(``name`` is called ``label``, the attribute Gephi and Cytoscape show), edge attributes
the edge table's (the evidence in brief: status, count, first sentence and document; the
full evidence is a table in the other formats).
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO

from kg.export.batches import Batches
from kg.export.cells import plain
from kg.export.tables import EDGE_COLUMNS, Column, Row, Schema
from kg.export.xml import text

NS = "http://graphml.graphdrawing.org/xmlns"
RENAMED = {"name": "label"}  # the attribute graph tools show as a node's or edge's label
# Edge attributes: every edge column but the ends and the id, which are XML attributes.
EDGE_KEYS = [(i, c) for i, c in enumerate(EDGE_COLUMNS) if c[0] not in ("source", "target", "id")]


FOOT = b"  </graph>\n</graphml>\n"


def head(node_columns: list[Column], about: dict[str, str]) -> bytes:
    """What comes before the nodes: the declaration, the keys, the graph's start."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<graphml xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NS} {NS}/1.0/graphml.xsd">\n',
    ]
    lines += [f"  <desc>{text(k)}: {text(v)}</desc>\n" for k, v in list(about.items())[:1]]
    lines += _keys("node", "n", node_columns[1:])
    lines += _keys("edge", "e", [c for _, c in EDGE_KEYS])
    lines.append('  <graph id="G" edgedefault="directed">\n')
    return "".join(lines).encode()


def _keys(domain: str, prefix: str, columns: list[Column]) -> list[str]:
    return [
        f'  <key id="{prefix}{i}" for="{domain}" attr.name="{RENAMED.get(name, name)}" '
        f'attr.type="{kind}"/>\n'
        for i, (name, kind) in enumerate(columns)
    ]


class GraphMLWriter:
    def __init__(self, out: IO[bytes], schema: Schema, about: dict[str, str]) -> None:
        self.out = out
        node_columns = schema.node_columns
        self.edges = tempfile.TemporaryFile(prefix="kg-export-")  # noqa: SIM115 - closed by close()
        self.out.write(head(node_columns, about))
        node_keys = [(i + 1, f'<data key="n{i}">') for i in range(len(node_columns) - 1)]
        edge_keys = [(i, f'<data key="e{k}">') for k, (i, _) in enumerate(EDGE_KEYS)]
        self.nodes = Batches(lambda rows: self.out.write(_nodes(rows, node_keys)))
        self._edges = Batches(lambda rows: self.edges.write(_edges(rows, edge_keys)))
        self.node, self.edge = self.nodes.row, self._edges.row

    def evidence(self, row: Row) -> None:
        """GraphML carries the evidence in brief, on the edges."""

    def close(self) -> None:
        self.nodes.flush()
        self._edges.flush()
        self.edges.seek(0)
        shutil.copyfileobj(self.edges, self.out, 1 << 20)
        self.out.write(FOOT)
        self.discard()

    def discard(self) -> None:
        self.edges.close()


def _data(row: Row, keys: list[tuple[int, str]]) -> str:
    """A row's present values as ``<data>`` elements."""
    return "".join([f"{key}{text(plain(row[i]))}</data>" for i, key in keys if row[i] is not None])


def _nodes(rows: list[Row], keys: list[tuple[int, str]]) -> bytes:
    return "".join(
        [f'    <node id="{text(str(row[0]))}">{_data(row, keys)}</node>\n' for row in rows]
    ).encode()


ID, SOURCE, TARGET = (EDGE_COLUMNS.index((n, "string")) for n in ("id", "source", "target"))


def _edges(rows: list[Row], keys: list[tuple[int, str]]) -> bytes:
    return "".join(
        [
            f'    <edge id="{text(str(row[ID]))}" source="{text(str(row[SOURCE]))}" '
            f'target="{text(str(row[TARGET]))}">{_data(row, keys)}</edge>\n'
            for row in rows
        ]
    ).encode()
