"""Where multi-part exports write: the members of a zip archive streamed to any binary
output (seekable or not: an HTTP body, stdout), or the files of a directory.

Formats write their tables side by side in one pass. A zip can only be written one member
at a time, so the first member opened streams straight into the archive (the download
starts at once) and the others are spooled to temporary files on disk, then copied in
after it - memory never holds a table.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any, Protocol, cast


class Parts(Protocol):
    def open(self, name: str) -> IO[bytes]:
        """A new member, open for writing (the caller does not close it)."""
        ...

    def add(self, name: str, data: bytes) -> None:
        """A small member, whole."""
        ...

    def close(self) -> None: ...

    def discard(self) -> None:
        """Remove what was spooled (after a failed export)."""
        ...

    def abandon(self) -> None:
        """Write nothing more to the output (a failed export: its writers may still
        close, without a byte leaving)."""
        ...


class ZipParts:
    """Members of a zip archive written to ``out``. ``compress``: deflate (text), else
    store (Parquet is compressed already)."""

    def __init__(self, out: IO[bytes], *, compress: bool = True) -> None:
        self._out = _Abandonable(out)
        self.zip = zipfile.ZipFile(
            cast(IO[bytes], self._out),
            "w",
            compression=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED,
            compresslevel=1 if compress else None,
        )
        self._streaming: IO[bytes] | None = None
        self._spooled: list[tuple[str, IO[bytes]]] = []
        self._small: list[tuple[str, bytes]] = []

    def open(self, name: str) -> IO[bytes]:
        if self._streaming is None:
            self._streaming = self.zip.open(name, "w", force_zip64=True)
            return self._streaming
        spool = tempfile.TemporaryFile(prefix="kg-export-")  # noqa: SIM115 - closed by close()
        self._spooled.append((name, spool))
        return spool

    def add(self, name: str, data: bytes) -> None:
        self._small.append((name, data))

    def close(self) -> None:
        try:
            if self._streaming is not None:
                self._streaming.close()
            for name, spool in self._spooled:
                spool.flush()
                spool.seek(0)
                with self.zip.open(name, "w", force_zip64=True) as member:
                    shutil.copyfileobj(spool, member, 1 << 20)
            for name, data in self._small:
                self.zip.writestr(name, data)
            self.zip.close()
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the spooled files (also after a failed export). After a failed export,
        the archive is abandoned: it writes nothing more to the output (which may refuse
        it: a download whose client left), not even when it is collected."""
        for _, spool in self._spooled:
            spool.close()
        self._spooled = []
        if self.zip.fp is None:
            return  # closed
        self.abandon()
        with contextlib.suppress(Exception):
            if self._streaming is not None:
                self._streaming.close()
            self.zip.close()

    def abandon(self) -> None:
        self._out.abandoned = True


class _Abandonable:
    """The output of a zip archive, which drops what is written once :attr:`abandoned`."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.abandoned = False

    def write(self, data: bytes) -> int:
        return len(data) if self.abandoned else self.out.write(data)

    def __getattr__(self, name: str) -> Any:  # tell, seek, flush: the output's own
        return getattr(self.out, name)


class DirectoryParts:
    """Members as files of a directory (created if needed)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._files: list[IO[bytes]] = []

    def open(self, name: str) -> IO[bytes]:
        f = (self.directory / name).open("wb")
        self._files.append(f)
        return f

    def add(self, name: str, data: bytes) -> None:
        (self.directory / name).write_bytes(data)

    def close(self) -> None:
        self.discard()

    def discard(self) -> None:
        for f in self._files:
            f.close()
        self._files = []

    def abandon(self) -> None:
        """The files stay (whoever asked for them removes them after a failed export)."""


class Table(Protocol):
    def row(self, row: tuple[object, ...]) -> None: ...
    def close(self) -> None: ...


class TableFiles:
    """A table writer over three files of :class:`Parts` - nodes, edges, evidence - each a
    :class:`Table` of one format (CSV, Parquet)."""

    def __init__(self, parts: Parts, nodes: Table, edges: Table, evidence: Table) -> None:
        self.parts = parts
        self.tables = (nodes, edges, evidence)
        self.node, self.edge, self.evidence = nodes.row, edges.row, evidence.row

    def close(self) -> None:
        for table in self.tables:
            table.close()
        self.parts.close()

    def discard(self) -> None:
        """After a failed export: the tables closed (Parquet's writers would write their
        footers when collected) without a byte leaving, the spooled files removed."""
        self.parts.abandon()
        for table in self.tables:
            with contextlib.suppress(Exception):
                table.close()
        self.parts.discard()
