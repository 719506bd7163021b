"""GraphML (http://graphml.graphdrawing.org/): one file that Gephi, Cytoscape, yEd,
NetworkX and igraph open, with typed attributes declared as ``<key>`` elements.

Nodes come first, streamed as they are read; edges are spooled to a temporary file and
follow. Rows are formatted a batch at a time by Arrow's string functions
(:mod:`kg.export.batches`), not one by one. Node attributes are the node table's columns
(``name`` is called ``label``, the attribute Gephi and Cytoscape show), edge attributes
the edge table's (the evidence in brief: status, count, first sentence and document; the
full evidence is a table in the other formats).
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO

import pyarrow as pa
import pyarrow.compute as pc

from kg.export.batches import XML_GROUP, Batches, xml_text
from kg.export.batches import schema as schema_of
from kg.export.tables import EDGE_COLUMNS, Column, Row, Schema
from kg.export.xml import text

NS = "http://graphml.graphdrawing.org/xmlns"
RENAMED = {"name": "label"}  # the attribute graph tools show as a node's or edge's label
# Edge attributes: every edge column but the ends and the id, which are XML attributes.
EDGE_KEYS = [(i, c) for i, c in enumerate(EDGE_COLUMNS) if c[0] not in ("source", "target", "id")]


class GraphMLWriter:
    def __init__(self, out: IO[bytes], schema: Schema, about: dict[str, str]) -> None:
        self.out = out
        node_columns = schema.node_columns
        self.edges = tempfile.TemporaryFile(prefix="kg-export-")  # noqa: SIM115 - closed by close()
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            f'<graphml xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{NS} {NS}/1.0/graphml.xsd">\n',
        ]
        head += [f"  <desc>{text(k)}: {text(v)}</desc>\n" for k, v in list(about.items())[:1]]
        head += self._keys("node", "n", node_columns[1:])
        head += self._keys("edge", "e", [c for _, c in EDGE_KEYS])
        head.append('  <graph id="G" edgedefault="directed">\n')
        self.out.write("".join(head).encode())
        node_keys = [(i + 1, f"n{i}") for i in range(len(node_columns) - 1)]
        edge_keys = [(i, f"e{k}") for k, (i, _) in enumerate(EDGE_KEYS)]
        self.nodes = Batches(
            schema_of(node_columns),
            lambda b: self.out.write(_elements(b, "node", node_keys)),
            group=XML_GROUP,
        )
        self._edges = Batches(
            schema_of(EDGE_COLUMNS),
            lambda b: self.edges.write(_elements(b, "edge", edge_keys)),
            group=XML_GROUP,
        )
        self.node, self.edge = self.nodes.row, self._edges.row

    @staticmethod
    def _keys(domain: str, prefix: str, columns: list[Column]) -> list[str]:
        return [
            f'  <key id="{prefix}{i}" for="{domain}" attr.name="{RENAMED.get(name, name)}" '
            f'attr.type="{kind}"/>\n'
            for i, (name, kind) in enumerate(columns)
        ]

    def evidence(self, row: Row) -> None:
        """GraphML carries the evidence in brief, on the edges."""

    def close(self) -> None:
        self.nodes.flush()
        self._edges.flush()
        self.edges.seek(0)
        shutil.copyfileobj(self.edges, self.out, 1 << 20)
        self.out.write(b"  </graph>\n</graphml>\n")
        self.discard()

    def discard(self) -> None:
        self.edges.close()


def _elements(batch: pa.RecordBatch, tag: str, keys: list[tuple[int, str]]) -> bytes:
    """A batch of node or edge rows as GraphML elements, formatted by Arrow: the id (and an
    edge's ends) as attributes, each present value as a ``<data>`` element."""
    names = batch.schema.names
    if tag == "node":
        start = pc.binary_join_element_wise('    <node id="', xml_text(batch.column(0)), '">', "")
    else:
        column = names.index
        start = pc.binary_join_element_wise(
            '    <edge id="',
            xml_text(batch.column(column("id"))),
            '" source="',
            xml_text(batch.column(column("source"))),
            '" target="',
            xml_text(batch.column(column("target"))),
            '">',
            "",
        )
    data = [
        pc.fill_null(
            pc.binary_join_element_wise(
                f'<data key="{key}">', xml_text(batch.column(i)), "</data>", ""
            ),
            "",
        )
        for i, key in keys
    ]
    rows = pc.binary_join_element_wise(start, *data, f"</{tag}>\n", "")
    whole = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(rows)], pa.int32()), rows), "")
    return bytes(whole[0].as_buffer() or b"")
