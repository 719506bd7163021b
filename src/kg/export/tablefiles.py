"""The files of :mod:`kg.export.tablecache` - node, edge and evidence tables of every node of
a store, as Arrow IPC files - their build (:func:`build`) and the GraphML, CSV, Parquet and
Excel exports written from them (:func:`write`).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.ipc as ipc
import pyoxigraph as ox

from kg.entities import evidence_about
from kg.export.cells import CSVLines
from kg.export.parquet import TYPES, Parse
from kg.export.parquet import schema as arrow_schema
from kg.export.parts import DirectoryParts, Parts, ZipParts
from kg.export.reader import BATCH, NAMES, Block, Recorded, _grouped
from kg.export.selection import Selection
from kg.export.tablecache import Tables, stamp, tables_key, work_directory
from kg.export.tables import (
    EDGE_COLUMNS,
    EVIDENCE_COLUMNS,
    NODE_BASE,
    TYPE,
    Column,
    Row,
    Rows,
    Schema,
)
from kg.store import Store

GROUP = 8192  # rows per record batch of the files (a few MB)
PARSED = 1024  # rows the build holds as Python objects, at most, per file
CONTEXT = ["c_name", "c_name_zh", "c_name_en", "c_other"]  # a context row's own columns
EDGE_STORED: list[tuple[str, pa.DataType]] = [
    ("source", pa.int32()),
    ("target", pa.int32()),
    ("source_id", pa.string()),
    ("target_id", pa.string()),
    ("p", pa.int32()),
    ("g", pa.int32()),
    ("status", pa.string()),
    ("evidence", pa.int64()),
    ("sentence", pa.string()),
    ("document", pa.string()),
]
EVIDENCE_STORED: list[tuple[str, pa.DataType]] = [
    ("node", pa.int32()),
    ("edge_row", pa.int64()),
    *[(name, TYPES[kind]) for name, kind in EVIDENCE_COLUMNS],
]


def _node_schema(columns: list[Column]) -> pa.Schema:
    """The node file's columns: a selected node's row, then what a context node's differs in."""
    extra = [("statements", pa.int32())] + [(name, pa.string()) for name in CONTEXT]
    return pa.schema(
        [*arrow_schema(columns), *(pa.field(n, t) for n, t in extra), ("c_statements", pa.int32())]
    )


def _numbers(values: np.ndarray, kind: pa.DataType) -> pa.Array:
    """A numpy array as an Arrow one (``pyarrow.array`` would import pandas)."""
    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def _mask(values: np.ndarray) -> pa.Array:
    """A numpy boolean array as an Arrow one."""
    bits = np.packbits(values, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def _strings(values: list[str]) -> pa.Array:
    """Python strings as an Arrow string array."""
    encoded = [v.encode() for v in values]
    offsets = np.zeros(len(encoded) + 1, np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = pa.py_buffer(b"".join(encoded))
    return pa.StringArray.from_buffers(len(encoded), pa.py_buffer(offsets), data)


def _select(
    tables: _Open, nodes: list[ox.NamedNode] | list[ox.NamedNode | ox.BlankNode]
) -> np.ndarray | None:
    """Which node numbers ``nodes`` (in IRI order, as selections hold them) have, by one
    merge with the tables' ids (sorted the same way, read a batch at a time); ``None``
    when a node is not in the tables."""
    selected = np.zeros(tables.meta["nodes"], dtype=bool)
    wanted = iter(nodes)
    node = next(wanted, None)
    number = 0
    for batch in _batches(tables, "ids"):
        for found in batch.column(0).to_pylist():
            if node is None:
                return selected
            key = found[2:] if found.startswith("_:") else found
            if node.value < key:
                return None  # a node the tables do not have
            if node.value == key and _id(node) == found:
                selected[number] = True
                node = next(wanted, None)
            number += 1
    return selected if node is None else None


def _np(array: pa.Array | pa.ChunkedArray, kind: type) -> np.ndarray:
    """An Arrow integer array without nulls as a numpy view (``to_numpy`` imports pandas)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    dtype = np.dtype(kind)
    buffer = array.buffers()[1]
    if buffer is None:
        return np.zeros(0, dtype)
    return np.frombuffer(buffer, dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)


class _Appender:
    """Rows appended to an Arrow IPC file (with ``ids``: edges, their second column the
    number of the node whose id is the fourth): parsed into Arrow :data:`PARSED` rows at
    a time (Python rows cost several times their Arrow columns), written a record batch of
    :data:`GROUP` rows at a time."""

    def __init__(self, path: Path, schema: pa.Schema, ids: _Ids | None = None) -> None:
        self.schema, self.ids = schema, ids
        self.table = Parse(schema)
        self.writer = ipc.new_file(str(path), schema)
        self.rows: list[Row] = []
        self.parsed: list[pa.Table] = []
        self.waiting = 0  # rows parsed, not written
        self.count = 0

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= PARSED:
            self._parse()
            if self.waiting >= GROUP:
                self.flush()

    def _parse(self) -> None:
        if self.rows:
            table = self.table(self.rows)
            if self.ids is not None:
                targets = self.ids.numbers([row[3] for row in self.rows])  # type: ignore[misc]  # an edge row's fourth cell is its target's id, a str
                table = table.set_column(1, self.schema.field(1), targets)
            self.parsed.append(table)
            self.waiting += table.num_rows
            self.rows = []

    def flush(self) -> None:
        self._parse()
        if self.parsed:
            whole = pa.concat_tables(self.parsed).combine_chunks()
            self.writer.write_table(whole, max_chunksize=GROUP)
            self.parsed, self.waiting = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


class _Ids:
    """The ids of every node (in IRI order: a node's number is its place), as one Arrow
    string array, and each one's number found by its hash: a sorted array of the ids'
    hashes beside their numbers, searched a batch of ids at a time and checked against the
    ids themselves. (A dict from every id to its number, and the Python strings of every
    id, cost some 60 MB at 370,000 nodes; these about 25 MB, most of it the ids' text.)"""

    hash = staticmethod(hash)  # Python's own (64 bits; a test makes ids collide)

    def __init__(self, ids: pa.Array) -> None:
        self.ids = ids
        hashes = np.empty(len(ids), dtype=np.int64)
        for start in range(0, len(ids), GROUP):  # a batch's Python strings at a time
            chunk = ids.slice(start, GROUP).to_pylist()
            hashes[start : start + len(chunk)] = np.fromiter(map(self.hash, chunk), np.int64)
        self.order = np.argsort(hashes, kind="stable").astype(np.int32)
        self.hashes = hashes[self.order]

    def __len__(self) -> int:
        return len(self.ids)

    def numbers(self, ids: list[str]) -> pa.Array:
        """The number of each of ``ids``, missing where it is not a node's id."""
        hashes = np.fromiter(map(self.hash, ids), dtype=np.int64, count=len(ids))
        if not len(self.hashes):
            return pa.nulls(len(ids), pa.int32())
        at = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        numbers = self.order[at]
        found = np.asarray(self.hashes[at] == hashes)
        if found.any():  # the same hash: the same id? (else another id of that hash, if any)
            same = pc.equal(pc.take(self.ids, _numbers(numbers, pa.int32())), _strings(ids))
            found &= np.unpackbits(
                np.frombuffer(same.buffers()[1], np.uint8), bitorder="little", count=len(ids)
            ).astype(bool)
        for i in np.flatnonzero(~found & (self.hashes[at] == hashes)):
            number = self._slow(ids[i], int(at[i]), int(hashes[i]))
            if number is not None:
                found[i], numbers[i] = True, number
        missing = pa.nulls(len(ids), pa.int32())
        return pc.if_else(_mask(found), _numbers(numbers, pa.int32()), missing)

    def _slow(self, node: str, at: int, hashed: int) -> int | None:
        """The number of ``node``, one of several ids of the same hash (``at``: the first)."""
        while at < len(self.hashes) and self.hashes[at] == hashed:
            number = int(self.order[at])
            if self.ids[number].as_py() == node:
                return number
            at += 1
        return None

    def batches(self) -> Iterator[list[str]]:
        """The ids, in order, a batch of :data:`GROUP` at a time."""
        for start in range(0, len(self.ids), GROUP):
            yield self.ids.slice(start, GROUP).to_pylist()


def _nodes_of(store: Store, path: Path) -> _Ids:
    """Every subject of the store and every node a fact points to, as their ids (IRIs, or
    ``_:`` and a blank node's label) in IRI order (as exports list them), written to
    ``path`` (``ids.arrow``) a record batch at a time."""
    seen: set[str] = set()
    last = None
    for q in store.quads_for_pattern(None, None, None, None):
        s = q.subject
        if s != last and not isinstance(s, ox.Triple):
            seen.add(s.value if s.__class__ is ox.NamedNode else f"_:{s.value}")
        last = s
        o = q.object
        if o.__class__ is ox.NamedNode:
            if q.predicate != TYPE:
                seen.add(o.value)
        elif o.__class__ is ox.BlankNode and q.predicate != TYPE:
            seen.add(f"_:{o.value}")
    ordered = sorted(seen, key=_value_of)
    del seen
    chunks = []
    with ipc.new_file(str(path), pa.schema([("id", pa.string())])) as f:
        for start in range(0, len(ordered), GROUP):
            chunk = _strings(ordered[start : start + GROUP])
            f.write_batch(pa.record_batch([chunk], names=["id"]))
            chunks.append(chunk)
    del ordered
    ids = pa.concat_arrays(chunks) if chunks else _strings([])
    return _Ids(ids)


def _value_of(node: str) -> str:
    return node[2:] if node.startswith("_:") else node


def _term(node: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(node[2:]) if node.startswith("_:") else ox.NamedNode(node)


def _id(node: ox.NamedNode | ox.BlankNode) -> str:
    return node.value if isinstance(node, ox.NamedNode) else f"_:{node.value}"


def build(
    store: Store, directory: Path, revision: str, *, current: Callable[[], bool] | None = None
) -> Path | None:
    """Make the tables of every node of ``store`` (at ``revision``) under ``directory``:
    the rows the node-by-node export would make, in its order. ``current`` says, once they
    are made, whether the store is still at ``revision``: if not, they are dropped (``None``)
    and the other revisions' tables stay (a newer one's may be there, or on its way)."""
    _pool()
    name = tables_key(revision)
    target = directory / name
    work = work_directory(directory, revision, os.getpid())
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        meta = _write(store, work)
        meta["revision"] = revision
        meta.update(stamp())
        (work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if current is not None and not current():
            shutil.rmtree(work, ignore_errors=True)
            return None
        if target.exists():  # built meanwhile by another process: theirs is as good
            shutil.rmtree(work, ignore_errors=True)
        else:
            work.replace(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    for other in directory.iterdir():
        if other.name != name and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)
    return target


def _write(store: Store, work: Path) -> dict[str, Any]:
    schema = Schema.of(store)
    rows = Rows(schema, store)
    columns = schema.node_columns
    ids = _nodes_of(store, work / "ids.arrow")
    predicates: dict[str, int] = {}
    predicate_rows: list[list[object]] = []
    graphs: dict[str | None, int] = {}
    node_file = _Appender(work / "nodes.arrow", _node_schema(columns))
    edge_file = _Appender(work / "edges.arrow", pa.schema(EDGE_STORED), ids)
    evidence_file = _Appender(work / "evidence.arrow", pa.schema(EVIDENCE_STORED))
    recorded = Recorded(store, len(ids))
    ask_all = recorded.nodes is None
    known = recorded.nodes or None
    statements = 0
    try:
        todo = map(_term, (node for batch in ids.batches() for node in batch))
        i = -1  # the number of the node read last
        while batch := list(islice(todo, BATCH)):
            read = []
            asked: list[ox.NamedNode] = []
            for node in batch:
                raw = list(store.quads_for_pattern(node, None, None, None))
                quads = _grouped(raw)
                proven = ask_all or (known is not None and node.value in known)
                if not proven and known is not None:
                    proven = any(
                        isinstance(q.object, ox.NamedNode | ox.BlankNode)
                        and q.predicate != TYPE
                        and q.object.value in known
                        for q in quads
                    )
                if proven and isinstance(node, ox.NamedNode):
                    asked.append(node)
                read.append((node, raw, quads))
            by_node: dict[object, dict[Any, Any]] = {}
            if asked:
                for (s, p, o), items in evidence_about(store, asked).items():
                    by_node.setdefault(s, {})[(p, o)] = items
            for node, raw, quads in read:
                statements += len(quads)
                block = Block(node, True, quads, by_node.get(node, {}))
                full = rows.node(block)
                names = [q for p in NAMES for q in raw if q.predicate == p]
                context = rows.node(Block(node, False, names))
                edges, proofs = rows.facts(block)
                i += 1
                node_file.add(
                    (*full, len(quads), context[2], context[3], context[4], context[-1], len(names))
                )
                for edge in edges:
                    p_iri, end, graph = str(edge[4]), str(edge[1]), edge[7]
                    code = predicates.get(p_iri)
                    if code is None:
                        code = predicates[p_iri] = len(predicate_rows)
                        predicate_rows.append([p_iri, edge[2], edge[5], edge[6]])
                    g = graphs.setdefault(graph if isinstance(graph, str) else None, len(graphs))
                    edge_file.add(
                        (
                            i,
                            None,  # the target's number: found a record batch at a time
                            edge[0],
                            end,
                            code,
                            g,
                            *edge[8:],
                        )
                    )
                for proof in proofs:
                    edge_id = proof[3]
                    row = int(edge_id[1:]) - 1 if isinstance(edge_id, str) else None
                    evidence_file.add((i, row, *proof))
    finally:
        for f in (node_file, edge_file, evidence_file):
            f.close()
    return {
        "columns": columns,
        "predicates": predicate_rows,
        "graphs": sorted(graphs, key=graphs.__getitem__),
        "nodes": node_file.count,
        "edges": edge_file.count,
        "evidence": evidence_file.count,
        "statements": statements,
    }


def _pool() -> None:
    """Arrow's allocations from jemalloc returning freed pages at once (else the C
    library's heap): Arrow's default pool (mimalloc) keeps what an export's batches freed,
    some 25 MB more at the end of a long export. (It is the pool of every Arrow user of the
    process; kg's are the exports.)"""
    if pa.default_memory_pool().backend_name != "mimalloc":
        return  # chosen already (here, or by ARROW_DEFAULT_MEMORY_POOL)
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # a pyarrow built without jemalloc
        pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)


def _edge_ids(numbers: pa.Array) -> pa.Array:
    """Edge numbers as the edges' ids (``e1``, ...)."""
    prefix, empty = _strings(["e", ""])  # scalars made from Python strings import pandas
    return pc.binary_join_element_wise(prefix, pc.cast(numbers, pa.string()), empty)


def _optional(values: list[str | None]) -> pa.Array:
    """Strings, some missing, as an Arrow string array."""
    present = _strings([v or "" for v in values])
    valid = _mask(np.array([v is not None for v in values], dtype=bool))
    return pc.if_else(valid, present, pa.nulls(len(values), pa.string()))


# ---------------------------------------------------------------------------- export


FILES = ("ids", "nodes", "edges", "evidence")  # the files of a revision's tables


class _Open:
    """A revision's files, opened at once: a newer build may remove the directory while
    an export reads it (the open files stay readable)."""

    def __init__(self, tables: Tables) -> None:
        self.tables, self.meta = tables, tables.meta
        self.files: dict[str, pa.NativeFile] = {}
        try:
            for name in FILES:
                self.files[name] = pa.OSFile(str(tables.path / f"{name}.arrow"))
        except OSError:
            self.close()
            raise

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def _batches(tables: _Open, name: str) -> Iterator[pa.RecordBatch]:
    """The record batches of ``name`` (``ids``, ``nodes``, ``edges``, ``evidence``), read
    one at a time from the file (not mapped: memory holds one batch)."""
    reader = ipc.open_file(tables.files[name], options=ipc.IpcReadOptions(use_threads=False))
    for i in range(reader.num_record_batches):
        yield reader.get_batch(i)




class _ArrowTable:
    """One table of an export, written a record batch at a time, then closed (more
    closes do nothing)."""

    def write(self, batch: pa.RecordBatch) -> None: ...
    def close(self) -> None: ...


class _CSVTable(_ArrowTable):
    OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="needed")

    def __init__(self, f: IO[bytes], names: list[str]) -> None:
        self.f = f
        line = io.StringIO()
        CSVLines(line).header(names)
        f.write(line.getvalue().encode())

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            pacsv.write_csv(batch, self.f, self.OPTIONS)

    def close(self) -> None:
        pass


class _ParquetTable(_ArrowTable):
    """A Parquet file, its writer made at the first batch and closed when the table is done
    (the export writes one table after the other: one writer's buffers at a time)."""

    def __init__(self, f: IO[bytes], columns: list[Column]) -> None:
        self.f, self.schema = f, arrow_schema(columns)
        self.writer: Any = None
        self.done = False

    def _open(self) -> Any:
        if self.writer is None:
            import pyarrow.parquet as pq  # only for Parquet (CSV need not load it)

            self.writer = pq.ParquetWriter(self.f, self.schema, compression="zstd")
        return self.writer

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self._open().write_batch(batch)

    def close(self) -> None:
        if not self.done:  # an empty table: its schema, no row group
            self.done = True
            self._open().close()
            self.writer = None


class _Ignored(_ArrowTable):
    def write(self, batch: pa.RecordBatch) -> None:
        pass


_ILLEGAL_XML = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{fffe}\\x{ffff}]"  # as kg.export.xml drops
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))


def _xml(values: pa.Array, kind: str) -> pa.Array:
    """A column's values as GraphML writes them (:func:`kg.export.cells.plain`, then
    :func:`kg.export.xml.text`)."""
    if kind != "string":
        return pc.cast(values, pa.string())  # true / false, integers, doubles as Arrow writes
    if pc.any(pc.match_substring_regex(values, _ILLEGAL_XML)).as_py():
        values = pc.replace_substring_regex(values, _ILLEGAL_XML, "")
    for special, escaped in _XML_ESCAPES:
        values = pc.replace_substring(values, special, escaped)
    return values


def _lines(parts: list[pa.Array | pa.Scalar]) -> pa.Array:
    """The element-wise concatenation of ``parts`` (a missing one is left out)."""
    (empty,) = _strings([""])
    return pc.binary_join_element_wise(
        *parts, empty, null_handling="replace", null_replacement=""
    )


def _text(values: str) -> pa.Scalar:
    (scalar,) = _strings([values])
    return scalar


def _data(batch: pa.RecordBatch, keys: list[tuple[int, str, str]]) -> list[pa.Array]:
    """The ``<data>`` elements of each column (missing where a value is)."""
    (empty,) = _strings([""])
    close = _text("</data>")
    return [
        pc.binary_join_element_wise(
            _text(key), _xml(batch.column(i), kind), close, empty, null_handling="emit_null"
        )
        for i, key, kind in keys
    ]


def _write_text(f: IO[bytes], lines: pa.Array) -> None:
    """A string array's characters, all of them, as bytes."""
    if len(lines):
        f.write(_buffer(lines))


class _GraphML:
    """GraphML written from record batches: nodes into the output, edges into a spool file
    copied after them (as :class:`kg.export.graphml.GraphMLWriter` writes them)."""

    def __init__(self, out: IO[bytes], columns: list[Column], about: dict[str, str]) -> None:
        from kg.export.graphml import EDGE_KEYS, head

        self.out = out
        self.spool = tempfile.TemporaryFile(prefix="kg-export-")  # noqa: SIM115 - closed by close()
        out.write(head(columns, about))
        node_keys = [(i, f'<data key="n{i - 1}">', kind) for i, (_, kind) in enumerate(columns)][1:]
        edge_keys = [(i, f'<data key="e{k}">', c[1]) for k, (i, c) in enumerate(EDGE_KEYS)]
        self.tables = [
            _XMLTable(out, lambda b: self._node(b, node_keys)),
            _XMLTable(self.spool, lambda b: self._edge(b, edge_keys)),
            _Ignored(),  # GraphML carries the evidence in brief, on the edges
        ]

    @staticmethod
    def _node(batch: pa.RecordBatch, keys: list[tuple[int, str, str]]) -> pa.Array:
        return _lines(
            [_text('    <node id="'), _xml(batch.column(0), "string"), _text('">')]
            + _data(batch, keys)
            + [_text("</node>\n")]
        )

    @staticmethod
    def _edge(batch: pa.RecordBatch, keys: list[tuple[int, str, str]]) -> pa.Array:
        ends = [_xml(batch.column(i), "string") for i in (3, 0, 1)]  # id, source, target
        return _lines(
            [_text('    <edge id="'), ends[0], _text('" source="'), ends[1]]
            + [_text('" target="'), ends[2], _text('">')]
            + _data(batch, keys)
            + [_text("</edge>\n")]
        )

    def close(self) -> None:
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.out, 1 << 20)
        from kg.export.graphml import FOOT

        self.out.write(FOOT)
        self.discard()

    def discard(self) -> None:
        self.spool.close()


class _XMLTable(_ArrowTable):
    def __init__(self, f: IO[bytes], lines: Callable[[pa.RecordBatch], pa.Array]) -> None:
        self.f, self.lines = f, lines

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            _write_text(self.f, self.lines(batch))


def _cells(values: pa.Array, kind: str) -> pa.Array:
    """A column's values as workbook cells (what :func:`kg.export.xlsx._cell` writes)."""
    from kg.export.xlsx import MAX_CELL

    if kind == "boolean":
        cells = pc.if_else(values, _text('<c t="b"><v>1</v></c>'), _text('<c t="b"><v>0</v></c>'))
    elif kind != "string":
        cells = _wrapped("<c><v>", _xml(values, kind), "</v></c>")
    else:
        long = pc.greater(pc.utf8_length(values), MAX_CELL)
        if pc.any(long).as_py():
            cut = _wrapped("", pc.utf8_slice_codeunits(values, 0, MAX_CELL - 1), "…")
            values = pc.if_else(long, cut, values)
        cells = _wrapped(
            '<c t="inlineStr"><is><t xml:space="preserve">', _xml(values, kind), "</t></is></c>"
        )
    return pc.fill_null(cells, _text("<c/>"))


def _wrapped(before: str, values: pa.Array, after: str) -> pa.Array:
    """``before + value + after`` for each value (missing where it is)."""
    (empty,) = _strings([""])
    return pc.binary_join_element_wise(
        _text(before), values, _text(after), empty, null_handling="emit_null"
    )


def _buffer(lines: pa.Array) -> pa.Buffer:
    """A string array's characters, all of them, as one buffer (no copy)."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    start, end = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return lines.buffers()[2].slice(int(start), int(end - start))


class _Workbook:
    """The Excel workbook written from record batches: :class:`kg.export.xlsx.XLSXWriter`'s
    sheets and package, each batch's ``<row>`` elements built by Arrow string kernels."""

    def __init__(self, parts: Parts, columns: list[Column], about: dict[str, str]) -> None:
        from kg.export.xlsx import XLSXWriter

        attributes = {name: (name, kind) for name, kind in columns[len(NODE_BASE) : -1]}
        self.book = XLSXWriter(parts, Schema(attributes), about)
        assert self.book.nodes.columns == columns
        self.tables: list[_ArrowTable] = [
            _SheetTable(self.book, self.book.nodes, "nodes"),
            _SheetTable(self.book, self.book.edges, "edges"),
            _SheetTable(self.book, self.book.evidences, "evidence"),
        ]

    def close(self) -> None:
        self.book.close()

    def discard(self) -> None:
        self.book.discard()


class _SheetTable(_ArrowTable):
    def __init__(self, book: Any, sheet: Any, counted: str) -> None:
        self.book, self.sheet, self.counted = book, sheet, counted
        self.kinds = [kind for _, kind in sheet.columns]

    def write(self, batch: pa.RecordBatch) -> None:
        if not batch.num_rows:
            return
        self.book.counts[self.counted] += batch.num_rows
        cells = [_cells(batch.column(i), kind) for i, kind in enumerate(self.kinds)]

        def xml(start: int, n: int, first: int) -> pa.Buffer:
            numbers = pc.cast(_numbers(np.arange(first, first + n), pa.int64()), pa.string())
            parts = [_text('<row r="'), numbers, _text('">')]
            parts += [c.slice(start, n) for c in cells] + [_text("</row>")]
            return _buffer(_lines(parts))

        self.sheet.write_rows(batch.num_rows, xml)


def _tables(fmt: str, parts: Parts, columns: list[Column]) -> list[_ArrowTable]:
    specs = [("nodes", columns), ("edges", EDGE_COLUMNS), ("evidence", EVIDENCE_COLUMNS)]
    if fmt == "csv":
        from kg.export.csvfiles import header

        return [
            _CSVTable(parts.open(f"{name}.csv"), header(cols, graph=name != "evidence"))
            for name, cols in specs
        ]
    return [_ParquetTable(parts.open(f"{name}.parquet"), cols) for name, cols in specs]


def write(
    selection: Selection,
    tables: Tables,
    fmt: str,
    target: IO[bytes] | Path,
    *,
    provenance: bool = True,
    progress: Callable[[int], None] | None = None,
    check: Callable[[], None] | None = None,
    about: dict[str, str] | None = None,
) -> dict[str, int] | None:
    """Write ``selection`` in ``fmt`` (:data:`kg.export.tablecache.FORMATS`) from
    ``tables``: what :func:`kg.export.write` writes node by node, in the same order
    (``about``: what GraphML's head says). ``None`` (nothing written) when the selection
    holds a node the tables do not know."""
    _pool()
    try:
        opened = _Open(tables)
    except OSError:  # removed since (a newer revision's tables were built)
        return None
    try:
        return _export(selection, opened, fmt, target, provenance, progress, check, about)
    finally:
        opened.close()


def _export(
    selection: Selection,
    tables: _Open,
    fmt: str,
    target: IO[bytes] | Path,
    provenance: bool,
    progress: Callable[[int], None] | None,
    check: Callable[[], None] | None,
    about: dict[str, str] | None,
) -> dict[str, int] | None:
    selected = _select(tables, selection.nodes)
    if selected is None:
        return None
    columns = tables.tables.columns
    parts: Parts | _GraphML | _Workbook
    if fmt == "graphml":
        assert not isinstance(target, Path)
        parts = _GraphML(target, columns, about or {})
        out = parts.tables
    elif fmt == "xlsx":
        assert not isinstance(target, Path)
        parts = _Workbook(ZipParts(target), columns, about or {})
        out = parts.tables
    else:
        parts = DirectoryParts(target) if isinstance(target, Path) else ZipParts(
            target, compress=fmt != "parquet"
        )
        out = _tables(fmt, parts, columns)
    try:
        counts = _fill(tables, selected, columns, out, provenance, progress, check)
        for table in out:
            table.close()
        parts.close()
    except BaseException:
        parts.discard()
        raise
    return counts


def _fill(
    tables: _Open,
    selected: np.ndarray,
    columns: list[Column],
    out: list[_ArrowTable],
    provenance: bool,
    progress: Callable[[int], None] | None,
    check: Callable[[], None] | None,
) -> dict[str, int]:
    nodes_out, edges_out, evidence_out = out
    predicates = list(zip(*tables.meta["predicates"], strict=True)) or [(), (), (), ()]
    p_iri, p_type, p_name, p_en = (_optional(list(v)) for v in predicates)
    graphs = _optional(tables.meta["graphs"])
    context = np.zeros(len(selected), dtype=bool)
    edge_schema = arrow_schema(EDGE_COLUMNS)
    kept_rows: list[np.ndarray] = []
    edges = 0
    offset = 0
    for batch in _batches(tables, "edges"):
        if check is not None:
            check()
        keep = selected[_np(batch.column(0), np.int32)]
        rows = np.flatnonzero(keep)
        if rows.size:
            kept = batch.filter(_mask(keep))
            target = kept.column(1)
            context[_np(target.drop_null(), np.int32)] = True
            if provenance:
                kept_rows.append(rows + offset)
            p, g = kept.column(4), kept.column(5)
            numbers = _numbers(np.arange(edges + 1, edges + len(rows) + 1), pa.int64())
            evidence = [kept.column(i) for i in range(6, 10)]
            if not provenance:
                nulls = pa.nulls(len(rows), pa.string())
                evidence = [nulls, _numbers(np.zeros(len(rows), np.int64), pa.int64()), nulls, nulls]
            edges_out.write(
                pa.RecordBatch.from_arrays(
                    [
                        kept.column(2),
                        kept.column(3),
                        pc.take(p_type, p),
                        _edge_ids(numbers),
                        pc.take(p_iri, p),
                        pc.take(p_name, p),
                        pc.take(p_en, p),
                        pc.take(graphs, g),
                        *evidence,
                    ],
                    schema=edge_schema,
                )
            )
            edges += len(rows)
        offset += batch.num_rows
    edges_out.close()  # each table is done before the next (Parquet: one writer at a time)
    context &= ~selected
    counts = {"statements": 0, "nodes": 0, "edges": edges, "evidence": 0}
    node_schema = arrow_schema(columns)
    width = len(columns)
    base = len(NODE_BASE)
    for mask, as_context in ((selected, False), (context, True)):
        start = 0
        for batch in _batches(tables, "nodes"):
            if check is not None:
                check()
            end = start + batch.num_rows
            keep = mask[start:end]
            start = end
            if not keep.any():
                continue
            kept = batch.filter(_mask(keep))
            rows = kept.num_rows
            counts["nodes"] += rows
            if not as_context:
                counts["statements"] += pc.sum(kept.column(width)).as_py() or 0
                arrays = kept.columns[:width]
                if progress is not None:
                    progress(rows)
            else:
                counts["statements"] += pc.sum(kept.column(width + 5)).as_py() or 0
                c = {name: kept.column(width + 1 + i) for i, name in enumerate(CONTEXT)}
                arrays = [
                    kept.column(0),
                    kept.column(1),
                    c["c_name"],
                    c["c_name_zh"],
                    c["c_name_en"],
                    kept.column(5),
                    _mask(np.zeros(rows, dtype=bool)),
                    *[pa.nulls(rows, TYPES[kind]) for _, kind in columns[base:-1]],
                    c["c_other"],
                ]
            nodes_out.write(pa.RecordBatch.from_arrays(arrays, schema=node_schema))
    nodes_out.close()
    if provenance and tables.meta["evidence"]:
        positions = np.concatenate(kept_rows) if kept_rows else np.zeros(0, np.int64)
        evidence_schema = arrow_schema(EVIDENCE_COLUMNS)
        for batch in _batches(tables, "evidence"):
            keep = selected[_np(batch.column(0), np.int32)]
            if not keep.any():
                continue
            kept = batch.filter(_mask(keep))
            rows_of = kept.column(1)
            valid = rows_of.is_valid()
            where = np.searchsorted(positions, _np(rows_of.fill_null(0), np.int64)) + 1
            numbers = _edge_ids(_numbers(where.astype(np.int64), pa.int64()))
            edge = pc.if_else(valid, numbers, pa.nulls(kept.num_rows, pa.string()))
            arrays = kept.columns[2:]
            arrays[3] = edge
            counts["evidence"] += kept.num_rows
            evidence_out.write(pa.RecordBatch.from_arrays(arrays, schema=evidence_schema))
    return counts
