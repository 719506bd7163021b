"""Reliability runs against a real ``kg serve`` (uvicorn with uvloop, as shipped).

Each run builds an on-disk store with the curated data and the first ``--news`` items of
the shipped news corpus (``data/corpus/``), starts ``kg serve`` on it in its own process on
a free port, drives it over HTTP and reads the server's log afterwards:

- ``queries`` - ``--n`` SELECT queries of 100 to 1,000 rows each (every one a different
  text, so the result cache answers none), ``--clients`` at a time: every answer must be
  200 with exactly the rows asked for.
- ``write-while-read`` - ``--writers`` clients writing (``INSERT DATA`` into graphs of
  generated data in the synthetic namespace, and Graph Store ``PUT`` of them) while
  ``--readers`` clients run queries that are not bounded lookups (a ``COUNT`` with a
  ``FILTER``, an ``OPTIONAL`` with ``ORDER BY``, a ``GROUP BY`` over graphs), for
  ``--seconds``: every read must answer 200, and the log must name no dead or failed
  worker.

- ``crash`` - each write of issue 14 (``kg load`` of the curated data into a new store,
  ``kg load FILE`` of generated N-Quads through the engine's bulk loader, ``kg ingest`` of
  80 more news items, ``kg review accept`` of 200 facts in one decision, a Graph Store
  ``PUT`` replacing a graph of generated triples through ``kg serve``) run once to the
  end, then ``--points`` times in a child process killed with SIGKILL at a random moment
  of its running time: the store must open, and every graph must hold what it held before
  or what the finished operation made of it; a one-transaction operation all one or all
  the other; a bulk load's unfinished graphs marked incomplete, then dropped.

``--store PATH`` runs them on a copy of a store you built instead (closed; the copy is
removed afterwards), e.g. ``make run``'s store with the whole shipped corpus ingested
(``kg load && kg ingest data/corpus/``).

All print their counts and exit non-zero on any failure. The tests (``tests/
test_reliability.py``) run the same functions, shorter.

    .venv/bin/python bench/reliability.py queries --n 1000
    .venv/bin/python bench/reliability.py --store var/store queries --n 1000
    .venv/bin/python bench/reliability.py write-while-read --seconds 60
    .venv/bin/python bench/reliability.py write-while-read --seconds 600
    .venv/bin/python bench/reliability.py --news 400 crash --points 20
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
from _serve import Server, serve

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
CORPUS = ROOT / "data" / "corpus" / "xwlb-2022-09_2023-06.jsonl"
SYN = "https://w3id.org/kg-industry/synthetic/"
TOKEN = "reliability-bench-token"
# What a healthy server never logs (kg.sparql.execute: "query worker 123 died (exit code
# -9)", "a query worker did not start", "could not open snapshot").
BAD_LOG = ("died", "did not start", "worker exited", "Traceback", "corrupt", "could not open")


def build_store(path: Path, news: int) -> Path:
    """The curated data and the first ``news`` corpus items, ingested, in a closed store."""
    from kg.config import Settings
    from kg.ingest import Pipeline
    from kg.iris import Minter
    from kg.loading import load_curated
    from kg.store import open_store

    settings = Settings(store_path=path, data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    store = open_store(path)
    try:
        load_curated(store, settings, check_shapes=False)
        if news:
            items = news_items(path.parent / f"{path.name}-news.jsonl", news)
            Pipeline(store, Minter(settings.base_iri), settings.data_dir).run([items])
            items.unlink()
    finally:
        store.close()
    return path


def news_items(path: Path, n: int, skip: int = 0) -> Path:
    """``n`` items of the shipped corpus (after the first ``skip``) as a JSONL file."""
    with CORPUS.open(encoding="utf-8") as lines:
        for _ in range(skip):
            next(lines)
        path.write_text("".join(next(lines) for _ in range(n)), encoding="utf-8")
    return path


def bad_log_lines(server: Server) -> list[str]:
    """The lines of ``server``'s log that name a dead or failed worker (``BAD_LOG``)."""
    return [
        line
        for line in server.log_text().splitlines()
        if any(bad.lower() in line.lower() for bad in BAD_LOG)
    ]


@contextmanager
def serving(store: Path, log: Path, *, own_group: bool = True, **env: str) -> Iterator[Server]:
    """``kg serve`` on ``store`` in its own process on a free port; its output goes to
    ``log``. ``env``: extra ``KG_*`` settings. ``own_group``: in a process group of its own
    (else in the caller's, so that killing the caller's group kills the server too)."""
    settings = {"KG_WARM_CHAINS": "false", **env}
    with serve(store, settings=settings, log=log, startup=120, own_group=own_group) as server:
        yield server


# --------------------------------------------------------------------------- queries


LITERALS = "SELECT ?s ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isLiteral(?o)) }"
TRIPLES = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def medium_queries(n: int, sizes: dict[str, int], seed: int = 14) -> list[tuple[str, int]]:
    """``n`` different queries of 100 to 1,000 rows each (``sizes``: the rows of
    ``LITERALS``, ``TRIPLES`` and all quads in the store): (query, rows expected)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        rows = rng.randint(100, 1000)
        kind = i % 3
        if kind == 0:
            offset = rng.randint(0, max(0, sizes["quads"] - rows))
            q = f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {rows} OFFSET {offset}"
        elif kind == 1:  # terms of every kind, language tags and datatypes included
            offset = rng.randint(0, max(0, sizes["literals"] - rows))
            q = f"{LITERALS} LIMIT {rows} OFFSET {offset}"
        else:  # a graph is a set: triples stated in several graphs count once
            offset = rng.randint(0, max(0, sizes["triples"] - rows))
            q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {TRIPLES} LIMIT {rows} OFFSET {offset} }}"
        out.append((q, rows))
    return out


def failure_kind(status: int, body: str) -> str:
    """``status`` and the ``code`` of kg's error body (``503 query_timeout``), or the
    client's exception (``0 ReadTimeout``)."""
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = body.split(":", 1)[0] if status == 0 else "?"
    return f"{status} {code}"


def count_rows(response: httpx.Response) -> int:
    if response.headers["content-type"].startswith("application/sparql-results+json"):
        return len(response.json()["results"]["bindings"])
    return sum(1 for line in response.text.splitlines() if line.strip())


@dataclass
class StormResult:
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)  # of the answers not 200
    wrong_rows: int = 0
    failures: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # of the store: quads, literals, triples

    @property
    def ok(self) -> int:
        return self.statuses[200] - self.wrong_rows


def query_storm(url: str, n: int, clients: int = 8, seed: int = 14) -> StormResult:
    """Send ``n`` medium-size queries, ``clients`` at a time; count what answers."""
    with httpx.Client(timeout=120) as probe:

        def count(select: str) -> int:
            query = f"SELECT (COUNT(*) AS ?n) {{ {select} }}"
            answer = probe.get(url + "/sparql", params={"query": query}).json()
            return int(answer["results"]["bindings"][0]["n"]["value"])

        sizes = {
            "quads": count("GRAPH ?g { ?s ?p ?o }"),
            "literals": count(LITERALS),
            "triples": count(TRIPLES),
        }
    todo = medium_queries(n, sizes, seed)
    result = StormResult(sizes=sizes)
    lock = threading.Lock()

    def client(part: list[tuple[str, int]]) -> None:
        with httpx.Client(timeout=120) as http:
            for query, rows in part:
                accept = "application/n-triples" if "CONSTRUCT" in query else "application/json"
                try:
                    r = http.post(
                        url + "/sparql", data={"query": query}, headers={"Accept": accept}
                    )
                    status = r.status_code
                    got = count_rows(r) if status == 200 else -1
                except httpx.HTTPError as exc:
                    status, got = 0, -1
                    r = None
                    message = f"{type(exc).__name__}: {exc}"
                with lock:
                    result.statuses[status] += 1
                    if status == 200 and got != rows:
                        result.wrong_rows += 1
                        result.failures.append(f"{query}: {got} rows, not {rows}")
                    elif status != 200:
                        body = r.text if r is not None else message
                        result.kinds[failure_kind(status, body)] += 1
                        result.failures.append(
                            f"{query}: {status} {r.text[:200] if r is not None else message}"
                        )

    threads = [threading.Thread(target=client, args=(todo[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result


# --------------------------------------------------------------------------- write while read

READS = [
    # a COUNT with a FILTER
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(isLiteral(?o) && STRLEN(STR(?o)) > {k}) }}",
    # an OPTIONAL with ORDER BY, over the things of one class (over every typed thing, on
    # the whole shipped corpus, it needs 30 s of CPU alone: each article graph states the
    # type and the labels of the places it names again, and the union default graph
    # multiplies them)
    "SELECT ?s ?label WHERE {{ ?s a kg:{cls} OPTIONAL {{ ?s rdfs:label ?label }} }} "
    "ORDER BY ?label ?s LIMIT {limit}",
    # a GROUP BY over the graphs
    "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g "
    "ORDER BY DESC(?n) LIMIT {limit}",
]


CLASSES = ["Enterprise", "GovernmentBody", "University", "ResearchInstitute", "Policy"]


@dataclass
class MixResult:
    reads: Counter[int] = field(default_factory=Counter)
    writes: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)  # of the reads not 200
    failures: list[str] = field(default_factory=list)
    read_seconds: list[float] = field(default_factory=list)

    @property
    def failed_reads(self) -> int:
        return sum(n for status, n in self.reads.items() if status != 200)


def _write(http: httpx.Client, url: str, writer: int, i: int, rng: random.Random) -> int:
    """One write of generated data (synthetic namespace): INSERT DATA, or a GSP PUT."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    graph = f"{SYN}graph/writer-{writer}-{i % 20}"
    node = f"{SYN}id/probe/{writer}-{i}"
    triples = "".join(
        f'<{node}> <{SYN}def#value> "{rng.random()}" .\n'
        f'<{node}> <http://www.w3.org/2000/01/rdf-schema#label> "probe {writer}-{i}-{k}"@en .\n'
        for k in range(rng.randint(1, 20))
    )
    if i % 2:
        return http.put(
            url + "/rdf-graphs",
            params={"graph": graph},
            content=triples.encode(),
            headers={**auth, "Content-Type": "application/n-triples"},
        ).status_code
    return http.post(
        url + "/sparql/update",
        data={"update": f"INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}"},
        headers=auth,
    ).status_code


def write_while_read(
    url: str, seconds: float, writers: int = 2, readers: int = 4, writes_per_second: float = 10
) -> MixResult:
    """``writers`` clients writing (each about ``writes_per_second``) while ``readers``
    clients query, for ``seconds``."""
    result = MixResult()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def writer(w: int) -> None:
        rng = random.Random(w)
        with httpx.Client(timeout=120) as http:
            i = 0
            while time.monotonic() < stop:
                started = time.monotonic()
                try:
                    status = _write(http, url, w, i, rng)
                except httpx.HTTPError as exc:
                    status = 0
                    with lock:
                        result.failures.append(f"write: {type(exc).__name__}: {exc}")
                with lock:
                    result.writes[status] += 1
                i += 1
                time.sleep(max(0.0, 1 / writes_per_second - (time.monotonic() - started)))

    def reader(r: int) -> None:
        rng = random.Random(100 + r)
        with httpx.Client(timeout=120) as http:
            while time.monotonic() < stop:
                query = READS[rng.randrange(len(READS))].format(
                    k=rng.randint(1, 40), limit=rng.randint(50, 500), cls=rng.choice(CLASSES)
                )
                started = time.monotonic()
                try:
                    response = http.post(url + "/sparql", data={"query": query})
                    status = response.status_code
                    text = response.text
                except httpx.HTTPError as exc:
                    status, text = 0, f"{type(exc).__name__}: {exc}"
                with lock:
                    result.reads[status] += 1
                    result.read_seconds.append(time.monotonic() - started)
                    if status != 200:
                        result.kinds[failure_kind(status, text)] += 1
                        result.failures.append(f"read {status}: {text[:300]}")

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    threads += [threading.Thread(target=reader, args=(r,)) for r in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


# --------------------------------------------------------------------------- crashes
#
# An operation runs in a child process that is killed (SIGKILL) at a random moment; then the
# store must open, and every graph must hold what it held before the operation or what the
# operation, left alone, makes of it - nothing in between. A bulk load killed half-way
# leaves graphs marked incomplete: ``kg stats`` says so, readers leave them out, and the
# next opening for writing drops them.


def kg_command(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "--store", str(store), *args]


def run_killed(command: list[str], after: float | None, env: dict[str, str] | None = None) -> bool:
    """Run ``command``; SIGKILL it (and its children) ``after`` seconds (``None``: let it
    finish). True when it was killed before it ended."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    try:
        _, err = process.communicate(timeout=after)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return True
    if after is None and process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err.decode(errors='replace')}")
    return False


@dataclass
class State:
    """What a store holds: triples per graph, and the graphs marked incomplete."""

    graphs: dict[str, int]
    incomplete: set[str]


def state(store: Path, *, write: bool = False) -> State:
    """The store's state, opened read-only - or for writing, which drops incomplete graphs."""
    from kg.stats import stats
    from kg.store import open_store

    if not (store / "CURRENT").exists():
        return State({}, set())  # killed before the store was made
    opened = open_store(store, read_only=not write)
    try:
        data = stats(opened)
    finally:
        opened.close()
    return State(
        {g["graph"]: g["triples"] for g in data["graphs"]},  # type: ignore[attr-defined]
        {g["graph"] for g in data["incomplete"]},  # type: ignore[attr-defined]
    )


def problems(before: State, after: State, seen: State, *, atomic: bool) -> list[str]:
    """How ``seen`` (a store after a kill, recovered) is not made of whole graphs of
    ``before`` and ``after`` (the state the operation makes when left alone). ``atomic``:
    the operation is one transaction, so all its graphs are in one state or the other."""
    found = []
    states = set()
    for graph in set(before.graphs) | set(after.graphs) | set(seen.graphs):
        was, will, now = (s.graphs.get(graph) for s in (before, after, seen))
        if now == will and now == was:
            continue
        if now == was:
            states.add("before")
        elif now == will:
            states.add("after")
        else:
            found.append(f"{graph}: {now} triples, neither {was} (before) nor {will} (after)")
    if seen.incomplete:
        found.append(f"incomplete after recovery: {sorted(seen.incomplete)}")
    if atomic and len(states) > 1:
        found.append("one transaction, but some graphs are before it and some after")
    return found


@dataclass
class Operation:
    """One kind of write: how to set it up on a copy of the base store, and how to run it."""

    name: str
    atomic: bool  # one transaction
    command: Any  # (store, work dir) -> command line
    prepare: Any = None  # (store, work dir) -> None: extra set-up on the copy
    empty: bool = False  # starts from no store at all, not from a copy of the base


@dataclass
class CrashResult:
    runs: int = 0
    killed: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def crash_operation(
    op: Operation, base: Path, work: Path, points: int, rng: random.Random
) -> CrashResult:
    """Run ``op`` once to the end (its reference), then ``points`` times killed at random
    moments within its running time; check every killed run's store."""
    result = CrashResult()
    reference = work / f"{op.name}-reference"
    if not op.empty:
        shutil.copytree(base, reference)
    if op.prepare:
        op.prepare(reference, work)
    before = state(reference)
    started = time.monotonic()
    run_killed(op.command(reference, work), None)
    duration = time.monotonic() - started
    after = state(reference)
    shutil.rmtree(reference, ignore_errors=True)
    for i in range(points):
        store = work / f"{op.name}-{i}"
        if not op.empty:
            shutil.copytree(base, store)
        if op.prepare:
            op.prepare(store, work)
        # spread over the run, most of it after start-up (imports), some past its end
        moment = (0.4 + 0.65 * (i + rng.random()) / points) * duration
        killed = run_killed(op.command(store, work), moment)
        result.runs += 1
        result.killed += killed
        try:
            read = state(store)  # read-only, as `kg stats` sees it
            seen = state(store, write=True)  # opened for writing: incomplete graphs dropped
        except Exception as exc:  # the store must open: that is the test
            result.failures.append(f"{op.name} killed at {moment:.2f} s: does not open: {exc}")
            continue
        if read.incomplete:
            result.outcomes["incomplete, then dropped"] += 1
        elif seen.graphs == after.graphs:
            result.outcomes["complete"] += 1
        elif seen.graphs == before.graphs:
            result.outcomes["not started"] += 1
        else:
            result.outcomes["part of its graphs complete"] += 1
        for problem in problems(before, after, seen, atomic=op.atomic):
            result.failures.append(f"{op.name} killed at {moment:.2f} s: {problem}")
        shutil.rmtree(store, ignore_errors=True)
    return result


def synthetic_quads(path: Path, enterprises: int, parts: int = 4) -> Path:
    """Generated data (bench/synthetic.py, its own namespace) as N-Quads in ``parts``
    graphs."""
    import importlib.util
    import zlib

    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    with path.open("w", encoding="utf-8") as out:
        for line in module.quads(enterprises):
            part = zlib.crc32(line.split(" ", 1)[0].encode()) % parts
            out.write(line.replace(module.GRAPH, f"<{SYN}graph/part-{part}>"))
    return path


def gsp_put(store: Path, work: Path) -> list[str]:
    """A child process that serves ``store`` and PUTs a graph of generated triples into it
    (replacing what an earlier PUT left there): the kill stops the server mid-write."""
    return [sys.executable, str(Path(__file__).resolve()), "put-once", str(store), str(work)]


def _put_once(store: Path, work: Path) -> None:
    body = (work / "put.nt").read_bytes()
    env = {"KG_WRITE_TOKEN": TOKEN, "KG_QUERY_WORKERS": "1"}
    with serving(store, work / f"{store.name}-serve.log", own_group=False, **env) as server:
        r = httpx.put(
            server.url + "/rdf-graphs",
            params={"graph": f"{SYN}graph/put"},
            content=body,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"},
            timeout=300,
        )
        r.raise_for_status()


def operations(work: Path) -> list[Operation]:
    """The writes of issue 14: a curated load, a file load (the bulk loader), an ingest, a
    review decision, a Graph Store PUT."""
    synthetic_quads(work / "file.nq", 5000)
    news_items(work / "news.jsonl", 80, skip=400)
    (work / "put.nt").write_text(
        "".join(
            line.rsplit(" ", 2)[0] + " .\n"
            for line in synthetic_quads(work / "put.nq", 2000, parts=1).read_text().splitlines()
        ),
        encoding="utf-8",
    )

    def review_prepare(store: Path, work: Path) -> None:
        from kg.config import Settings
        from kg.iris import Minter
        from kg.review import ReviewFilter, list_facts
        from kg.store import open_store

        opened = open_store(store, read_only=True)
        try:
            facts = list_facts(opened, Minter(Settings().base_iri), ReviewFilter(limit=200))
        finally:
            opened.close()
        (work / "decide.txt").write_text("\n".join(dict.fromkeys(f.assertion for f in facts)))

    def put_prepare(store: Path, work: Path) -> None:
        run_killed(gsp_put(store, work), None)  # the graph exists: the next PUT replaces it
        (work / "put.nt").write_text(
            (work / "put.nt").read_text().replace("合成", "合成 2"), encoding="utf-8"
        )

    return [
        Operation("load", True, lambda s, w: kg_command(s, "load"), empty=True),
        Operation("load-file", False, lambda s, w: kg_command(s, "load", str(w / "file.nq"))),
        Operation("ingest", False, lambda s, w: kg_command(s, "ingest", str(w / "news.jsonl"))),
        Operation(
            "review",
            True,
            lambda s, w: kg_command(
                s,
                "review",
                "accept",
                *(w / "decide.txt").read_text().split(),
                "--reviewer",
                "crash-test",
            ),
            review_prepare,
        ),
        Operation("gsp-put", True, gsp_put),
    ]


def crash_soak(base: Path, work: Path, points: int, seed: int = 14) -> dict[str, CrashResult]:
    """Every operation, killed at ``points`` random moments each."""
    rng = random.Random(seed)
    return {op.name: crash_operation(op, base, work, points, rng) for op in operations(work)}


# --------------------------------------------------------------------------- command line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=int, default=3860, help="corpus items to ingest first")
    parser.add_argument("--workers", type=int, default=3, help="KG_QUERY_WORKERS")
    parser.add_argument(
        "--store", type=Path, help="run on a copy of this (closed) store instead of building one"
    )
    sub = parser.add_subparsers(dest="run", required=True)
    q = sub.add_parser("queries", help="medium-size queries: all must answer 200")
    q.add_argument("--n", type=int, default=1000)
    q.add_argument("--clients", type=int, default=8)
    w = sub.add_parser("write-while-read", help="writers and readers at once")
    w.add_argument("--seconds", type=float, default=60)
    w.add_argument("--writers", type=int, default=2)
    w.add_argument("--readers", type=int, default=4)
    c = sub.add_parser("crash", help="writes killed at random moments: whole graphs only")
    c.add_argument("--points", type=int, default=20, help="kills per operation")
    c.add_argument("--seed", type=int, default=14)
    p = sub.add_parser("put-once", help=argparse.SUPPRESS)  # a child of `crash`
    p.add_argument("store", type=Path)
    p.add_argument("work", type=Path)
    args = parser.parse_args()
    if args.run == "put-once":
        _put_once(args.store, args.work)
        return

    WORK.mkdir(parents=True, exist_ok=True)
    store = WORK / f"reliability-{os.getpid()}"
    started = time.monotonic()
    if args.store:
        shutil.copytree(args.store, store)
        print(f"store: a copy of {args.store} ({time.monotonic() - started:.0f} s)")
    else:
        build_store(store, args.news)
        print(f"store: curated data + {args.news} news items ({time.monotonic() - started:.0f} s)")
    env = {"KG_WRITE_TOKEN": TOKEN, "KG_QUERY_WORKERS": str(args.workers)}
    failed = False
    if args.run == "crash":
        work = WORK / f"crash-{os.getpid()}"
        work.mkdir()
        try:
            for name, result in crash_soak(store, work, args.points, args.seed).items():
                outcomes = ", ".join(f"{k} {v}" for k, v in sorted(result.outcomes.items()))
                print(
                    f"{name:>10}: {result.runs} runs, {result.killed} killed while running "
                    f"({outcomes}); {len(result.failures)} failures"
                )
                for line in result.failures[:10]:
                    print("  failed:", line)
                failed = failed or bool(result.failures)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(store, ignore_errors=True)
        print(json.dumps({"failed": failed}))
        sys.exit(1 if failed else 0)
    try:
        with serving(store, WORK / f"{store.name}.log", **env) as server:
            if args.run == "queries":
                started = time.monotonic()
                storm = query_storm(server.url, args.n, args.clients)
                took = time.monotonic() - started
                print("store: " + ", ".join(f"{v:,} {k}" for k, v in storm.sizes.items()))
                print(
                    f"{args.n} queries of 100-1000 rows, {args.clients} clients, {took:.1f} s: "
                    f"{storm.ok} answered 200 with the rows asked for; statuses "
                    f"{dict(storm.statuses)}; wrong row counts {storm.wrong_rows}; "
                    f"the others {dict(storm.kinds)}"
                )
                failed = storm.ok != args.n
                for line in storm.failures[:20]:
                    print("  failed:", line)
            else:
                mix = write_while_read(server.url, args.seconds, args.writers, args.readers)
                print(
                    f"{args.seconds:g} s, {args.writers} writers, {args.readers} readers: "
                    f"reads {sum(mix.reads.values())} ({dict(mix.reads)}), failed reads "
                    f"{mix.failed_reads} {dict(mix.kinds)}; writes {sum(mix.writes.values())} ({dict(mix.writes)}); "
                    f"read p50 {percentile(mix.read_seconds, 0.5) * 1000:.0f} ms, "
                    f"p95 {percentile(mix.read_seconds, 0.95) * 1000:.0f} ms, "
                    f"max {max(mix.read_seconds, default=0) * 1000:.0f} ms"
                )
                failed = bool(mix.failed_reads) or set(mix.writes) - {201, 204}
                for line in mix.failures[:20]:
                    print("  failed:", line)
            bad = bad_log_lines(server)
            print(f"server log: {len(bad)} line(s) naming a dead or failed worker")
            for line in bad[:20]:
                print("  ", line)
            failed = failed or bool(bad)
    finally:
        shutil.rmtree(store, ignore_errors=True)
    print(json.dumps({"failed": bool(failed)}))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
