"""The build of the export tables (:func:`kg.export.tablefiles.build`) in a process of its
own, for an embedded store on disk: :func:`in_child` runs ``python -m kg.export.tablebuild``,
which opens the store read-only and writes the tables.

The build reads every statement of the store: what pyoxigraph keeps after reading them all
(some 100 MB at 2M quads) and the build's own peak then belong to that process and end
with it, instead of staying in the server's (which reads the same store through its own
handle). The child imports what the build needs only (pyoxigraph, pyarrow, the rows of
:mod:`kg.export.tables`), not the server's modules.

The child builds the tables of the revision it was asked for only when the store is at
that revision while it opens it (``KG-REVISION`` read before and after the open: a write
removes it first and writes a new one when done), and keeps them only when it still is
once they are made (else it drops them and leaves the other revisions' tables: a child
that outlived a stopped server cannot remove a newer revision's); when not, it says so.
The caller checks the store's revision again too (:meth:`TableCache.ensure
<kg.export.tablecache.TableCache.ensure>`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.export.tablecache import work_directory

STALE = 3  # the child's exit status when the store was not at the revision asked for
POLL = 0.5  # seconds between two looks at whether the build should stop


def in_child(
    path: Path, directory: Path, revision: str, *, stop: Callable[[], bool] | None = None
) -> dict[str, Any] | None:
    """Build the tables of the store at ``path`` (at ``revision``) under ``directory`` in a
    child process; its CPU seconds and peak resident memory (``cpu``, ``rss_mb``), or
    ``None`` when the store was written since ``revision`` (nothing built), or when
    ``stop`` (asked every :data:`POLL` seconds) said to stop: the child is killed then, and
    what it was writing removed (a server that stops leaves no build behind)."""
    child = subprocess.Popen(  # -P: kg from where it is installed, not the working directory
        [sys.executable, "-P", "-m", "kg.export.tablebuild", str(path), str(directory), revision],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while True:
            try:
                out, err = child.communicate(timeout=POLL)
                break
            except subprocess.TimeoutExpired:
                if stop is not None and stop():
                    _end(child, directory, revision)
                    return None
    except BaseException:
        _end(child, directory, revision)
        raise
    if child.returncode == STALE:
        return None
    if child.returncode != 0:
        said = err.strip().splitlines()
        raise KGError(
            f"building the export tables failed (exit status {child.returncode})",
            details=said[-1:],
        )
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return report


def _end(child: subprocess.Popen[str], directory: Path, revision: str) -> None:
    """Kill the build's process and remove what it was writing."""
    child.kill()
    child.communicate()
    shutil.rmtree(work_directory(directory, revision, child.pid), ignore_errors=True)


def _revision(path: Path) -> str | None:
    from kg.store.embedded import REVISION_FILE

    try:
        return (path / REVISION_FILE).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def main(argv: list[str]) -> int:
    """``python -m kg.export.tablebuild STORE DIRECTORY REVISION``: exit status 0 when
    built (a JSON line on stdout: ``cpu``, ``rss_mb``), :data:`STALE` when the store is
    not at ``REVISION``."""
    import resource

    from kg.export.tablefiles import build
    from kg.store.embedded import EmbeddedStore

    path, directory, revision = Path(argv[0]), Path(argv[1]), argv[2]
    before = _revision(path)
    store = EmbeddedStore(path, read_only=True)
    if before != revision or store.revision != revision:
        return STALE
    directory.mkdir(parents=True, exist_ok=True)
    if build(store, directory, revision, current=lambda: _revision(path) == revision) is None:
        return STALE  # written while building (this process may have outlived its server)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss_mb": _peak_mb()}))
    return 0


def _peak_mb() -> float:
    """This process's peak resident memory in MB (``VmHWM``: its own, not its parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
