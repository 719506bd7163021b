"""GraphML (http://graphml.graphdrawing.org/): one file that Gephi, Cytoscape, yEd,
NetworkX and igraph open, with typed attributes declared as ``<key>`` elements.

Nodes come first, streamed as they are read; edges are spooled to a temporary file and
follow. Node attributes are the node table's columns (``name`` is called ``label``, the
attribute Gephi and Cytoscape show), edge attributes the edge table's (the evidence in
brief: status, count, first sentence and document; the full evidence is a table in the
other formats).
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO

from kg.export.tables import EDGE_COLUMNS, Column, Row, Schema
from kg.export.xml import text

NS = "http://graphml.graphdrawing.org/xmlns"
RENAMED = {"name": "label"}  # the attribute graph tools show as a node's or edge's label
# Edge attributes: every edge column but the ends and the id, which are XML attributes.
EDGE_KEYS = [(i, c) for i, c in enumerate(EDGE_COLUMNS) if c[0] not in ("source", "target", "id")]


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return text(value)
    return repr(value) if isinstance(value, float) else str(value)


class GraphMLWriter:
    def __init__(self, out: IO[bytes], schema: Schema, about: dict[str, str]) -> None:
        self.out = out
        self.node_columns = schema.node_columns
        self.edges = tempfile.TemporaryFile(prefix="kg-export-")  # noqa: SIM115 - closed by close()
        self._nodes: list[str] = []
        self._edges: list[str] = []
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            f'<graphml xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{NS} {NS}/1.0/graphml.xsd">\n',
        ]
        head += [f"  <desc>{text(k)}: {text(v)}</desc>\n" for k, v in list(about.items())[:1]]
        head += self._keys("node", "n", self.node_columns[1:])
        head += self._keys("edge", "e", [c for _, c in EDGE_KEYS])
        head.append('  <graph id="G" edgedefault="directed">\n')
        self.out.write("".join(head).encode())

    @staticmethod
    def _keys(domain: str, prefix: str, columns: list[Column]) -> list[str]:
        return [
            f'  <key id="{prefix}{i}" for="{domain}" attr.name="{RENAMED.get(name, name)}" '
            f'attr.type="{kind}"/>\n'
            for i, (name, kind) in enumerate(columns)
        ]

    def node(self, row: Row) -> None:
        data = "".join(
            f'<data key="n{i}">{_value(v)}</data>' for i, v in enumerate(row[1:]) if v is not None
        )
        self._nodes.append(f'    <node id="{text(str(row[0]))}">{data}</node>\n')
        if len(self._nodes) >= 512:
            self._flush_nodes()

    def edge(self, row: Row) -> None:
        data = "".join(
            f'<data key="e{k}">{_value(row[i])}</data>'
            for k, (i, _) in enumerate(EDGE_KEYS)
            if row[i] is not None
        )
        self._edges.append(
            f'    <edge id="{text(str(row[3]))}" source="{text(str(row[0]))}" '
            f'target="{text(str(row[1]))}">{data}</edge>\n'
        )
        if len(self._edges) >= 512:
            self._flush_edges()

    def evidence(self, row: Row) -> None:
        """GraphML carries the evidence in brief, on the edges."""

    def _flush_nodes(self) -> None:
        self.out.write("".join(self._nodes).encode())
        self._nodes = []

    def _flush_edges(self) -> None:
        self.edges.write("".join(self._edges).encode())
        self._edges = []

    def close(self) -> None:
        self._flush_nodes()
        self._flush_edges()
        self.edges.seek(0)
        shutil.copyfileobj(self.edges, self.out, 1 << 20)
        self.out.write(b"  </graph>\n</graphml>\n")
        self.discard()

    def discard(self) -> None:
        self.edges.close()
