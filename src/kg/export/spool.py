"""A CONSTRUCT query's result on disk, sorted by subject: what the graph and table formats
read a CONSTRUCT's facts from, node by node (:func:`kg.export.selection.construct`).

The triples are written as N-Triples lines, sorted in runs of :data:`RUN` lines in memory,
then merged into one file (:func:`heapq.merge`), each line once. An N-Triples line starts
with its subject and a space, so sorting the lines puts the triples of each subject
together; the file's offset of each subject's lines is kept, and a node's triples are read
and parsed when asked for. Memory holds one run while sorting, then the subjects and their
offsets - never the result. (A temporary store of the result, which this replaces, took
longer to load than the query took to run, and its bulk loader's memory.)

>>> import tempfile, pathlib
>>> a, p = ox.NamedNode("urn:ex:a"), ox.NamedNode("urn:ex:p")
>>> triples = [ox.Triple(a, p, ox.Literal("2")), ox.Triple(a, p, ox.Literal("1"))] * 2
>>> spool = SortedTriples(pathlib.Path(tempfile.mkdtemp()), iter(triples))
>>> spool.nodes, [q.object.value for q in spool.quads_for_pattern(a)]
([<NamedNode value=urn:ex:a>], ['1', '2'])
>>> spool.close()
"""

from __future__ import annotations

import heapq
import os
import shutil
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.formats import NTRIPLES, serialize

RUN = 100_000  # lines sorted in memory at a time
CHECKED = 4096  # triples (or lines) between two calls of ``check``


class SortedTriples:
    """The triples of ``triples``, each once, in files under ``folder`` (which it owns:
    :meth:`close` removes it). ``check`` is called every :data:`CHECKED` triples while
    they are written and merged, and may raise to stop (the folder is removed).
    :attr:`nodes`: the subjects, in the order of their N-Triples form."""

    def __init__(
        self,
        folder: Path,
        triples: Iterator[ox.Triple],
        check: Callable[[], None] | None = None,
    ) -> None:
        self.folder = folder
        self.nodes: list[ox.NamedNode | ox.BlankNode] = []
        self._offsets = array("q")
        self._next = 0  # the index of the node after the one read last
        self._fd = -1
        try:
            runs = self._runs(triples, check)
            self._merge(runs, check)
        except BaseException:
            self.close()
            raise

    def _runs(self, triples: Iterator[ox.Triple], check: Callable[[], None] | None) -> list[Path]:
        """Sorted runs of the triples' lines, each in a file of its own."""
        runs: list[Path] = []
        lines: list[bytes] = []
        while batch := list(islice(triples, CHECKED)):
            if check is not None:
                check()
            data = serialize(batch, NTRIPLES)
            lines += data.split(b"\n")[:-1]  # each line ends with "\n" (none within one)
            if len(lines) >= RUN:
                runs.append(self._run(lines, len(runs)))
                lines = []
        if lines or not runs:
            runs.append(self._run(lines, len(runs)))
        return runs

    def _run(self, lines: list[bytes], number: int) -> Path:
        lines.sort()
        path = self.folder / f"run-{number}.nt"
        with path.open("wb") as f:
            f.writelines(line + b"\n" for line in lines)
        return path

    def _merge(self, runs: list[Path], check: Callable[[], None] | None) -> None:
        """The runs merged into one file, each line once; the subjects and their offsets."""
        nodes = self.nodes
        offsets = self._offsets
        path = self.folder / "sorted.nt"
        with ExitStack() as files, path.open("wb") as out:
            merged = heapq.merge(*(files.enter_context(run.open("rb")) for run in runs))
            previous = subject = b""
            at = 0
            for n, line in enumerate(merged):
                if line == previous or line.startswith(b"<<"):
                    continue  # the same triple again; an RDF 1.2 triple term: no node
                if n % CHECKED == 0 and check is not None:
                    check()
                if not line.startswith(subject) or line[len(subject)] != 32:  # a new subject
                    subject = line[: line.index(b" ")]
                    nodes.append(_term(subject))
                    offsets.append(at)
                out.write(line)
                at += len(line)
                previous = line
            offsets.append(at)
        for run in runs:
            run.unlink()
        self._fd = os.open(path, os.O_RDONLY)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None = None,
        object: object | None = None,
        graph: object | None = None,
    ) -> list[ox.Quad]:
        """The triples of ``subject`` (in the default graph), those of ``predicate`` and
        ``object`` when given. Nodes asked for in the order of :attr:`nodes` are found
        at once, others by a binary search."""
        if subject is None:
            raise ValueError("a CONSTRUCT's result is read by subject")
        if graph is not None and not isinstance(graph, ox.DefaultGraph):
            return []
        i = self._next
        if i >= len(self.nodes) or self.nodes[i] != subject:
            i = bisect_left(self.nodes, str(subject), key=str)
            if i >= len(self.nodes) or self.nodes[i] != subject:
                return []
        self._next = i + 1
        start, end = self._offsets[i], self._offsets[i + 1]
        data = os.pread(self._fd, end - start, start)
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        if predicate is not None or object is not None:
            quads = [
                q
                for q in quads
                if (predicate is None or q.predicate == predicate)
                and (object is None or q.object == object)
            ]
        return quads

    def quads(self, graph: object | None = None) -> Iterable[ox.Quad]:
        """Every triple, subject by subject (in the default graph)."""
        for node in self.nodes:
            yield from self.quads_for_pattern(node, graph=graph)

    def close(self) -> None:
        """Remove the files (the folder)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        shutil.rmtree(self.folder, ignore_errors=True)


def _term(subject: bytes) -> ox.NamedNode | ox.BlankNode:
    """A subject from its N-Triples form (as pyoxigraph writes it: IRIs unescaped)."""
    text = subject.decode()
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    return ox.NamedNode(text[1:-1])
