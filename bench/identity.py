"""One IRI per real thing, on the whole news corpus: ingest it into a fresh store (with the
curated data), take the 300 most-mentioned entities, and look for two of them that name the
same thing - by a check that does not use the resolver's rules: same or contained names
(after the words every organisation, place or work name may add or drop), abbreviations.

Every pair the check flags must be judged: a pair in ``bench/identity/judged.yaml`` was
looked at and is two different things (with why); any other flagged pair is a duplicate,
and the run fails. ``--write`` saves the top-300 list with each entity's names
(``bench/identity/top300.tsv``); ``tests/test_identity_snapshot.py`` checks that snapshot.

    .venv/bin/python bench/identity.py [PATHS...] [--store DIR] [--write]

The issue's target: no two IRIs among the 300 most-mentioned entities name the same
organisation; the ten duplicate clusters it names are gone.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import yaml
from pyoxigraph import Literal

from kg import queries
from kg.config import Settings
from kg.entities import KINDS, labels
from kg.ingest import Pipeline
from kg.iris import Minter
from kg.loading import load_curated
from kg.namespaces import KG_NS
from kg.store import Store, open_store, solutions

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "identity"
TOP = 300
# Words a name of each kind may add or drop without naming another thing (the check's own
# list, independent of kg.identity).
DROPPABLE = re.compile(
    r"^(?:中华人民共和国|中国|国家)|(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|"
    r"股份公司|集团公司|公司|集团|人民政府|政府|国际机场|机场|高速铁路|高铁|铁路|项目|工程|"
    r"特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市|区|县)$"
)
EDITION = re.compile(r"[（(][^）)]*[版本][）)]$")


def core(name: str) -> str:
    """A name without the words any name of its kind may add or drop."""
    name = EDITION.sub("", name.strip("《》“”\" "))
    for _ in range(4):
        shorter = DROPPABLE.sub("", name)
        if shorter == name or len(shorter) < 2:
            break
        name = shorter
    return name


def flagged(a: list[str], b: list[str]) -> list[str]:
    """Why two entities' names look like one thing (empty: they do not)."""
    out = []
    for x in a:
        for y in b:
            cx, cy = core(x), core(y)
            short, long = sorted((cx, cy), key=len)
            if cx == cy:
                out.append(f"{x} / {y}: the same name")
            elif len(short) >= 2 and short in long:
                out.append(f"{x} / {y}: one inside the other")
            elif 2 <= len(short) < len(long) and short[0] == long[0] and _subsequence(short, long):
                out.append(f"{x} / {y}: one may abbreviate the other")
    return sorted(set(out))


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def top_entities(store: Store, minter: Minter, n: int = TOP) -> list[dict[str, object]]:
    rows = store.query(
        queries.get("mention-counts"), bindings={"prefix": Literal(minter.graph("news-").value)}
    )
    counts = sorted(
        ((r["entity"], int(r["n"].value)) for r in solutions(rows)),
        key=lambda x: (-x[1], x[0].value),
    )[:n]
    named = labels(store, [e for e, _ in counts])
    names = _names(store, [e for e, _ in counts])
    out = []
    for rank, (e, count) in enumerate(counts, 1):
        label = named[e.value]
        kinds = [KINDS[t.removeprefix(KG_NS)] for t in label.types if t.removeprefix(KG_NS) in KINDS]
        out.append(
            {
                "rank": rank,
                "iri": e.value,
                "label": label.zh or e.value,
                "kind": kinds[0] if kinds else "other",
                "mentions": count,
                "names": sorted(names.get(e.value, set()) | ({label.zh} if label.zh else set())),
            }
        )
    return out


def _names(store: Store, entities: list) -> dict[str, set[str]]:  # type: ignore[type-arg]
    sparql = queries.get("entity-names") + queries.values(["entity"], ([e] for e in entities))
    out: dict[str, set[str]] = defaultdict(set)
    for r in solutions(store.query(sparql)):
        out[r["entity"].value].add(r["name"].value)
    return out


GROUP = {
    **{k: "org" for k in ("enterprise", "university", "research-institute", "government",
                          "platform", "media", "association", "organization")},
    "park": "site",
    "project": "project",
    "event": "event",
    "policy": "policy",
    "person": "person",
    "region": "region",
    "industry": "industry",
}


ROUTE = re.compile(r"^(?P<a>[\u4e00-\u9fff]{2,})至(?P<b>[\u4e00-\u9fff]{2,})(?P<kind>高速铁路|高铁|铁路)$")
SHORT_ROUTE = re.compile(r"^(?P<a>[\u4e00-\u9fff])(?P<b>[\u4e00-\u9fff])(?P<kind>高铁|铁路)$")


def routes(a: list[str], b: list[str]) -> list[str]:
    """A route A至B and a two-character one of the same kind sharing one end's character
    (宁波至舟山铁路 / 甬舟铁路)."""
    out = []
    for x in a:
        for y in b:
            for full, short in ((x, y), (y, x)):
                f, s = ROUTE.match(full), SHORT_ROUTE.match(short)
                if not f or not s or f["kind"].replace("高速铁路", "高铁") != s["kind"]:
                    continue
                if s["a"] in f["a"] or s["b"] in f["b"]:
                    out.append(f"{full} / {short}: a route and an abbreviation sharing an end")
    return out


def duplicates(top: list[dict[str, object]], judged: dict[frozenset[str], str]) -> tuple[list, list]:
    """Flagged pairs of the same kind group: (judged different, not judged). Regions and
    industries are concepts of kg's own schemes (制造业 is broader than 装备制造业): for them
    only the same name counts."""
    seen, open_ = [], []
    for a, b in combinations(top, 2):
        group = GROUP.get(str(a["kind"]))
        if group != GROUP.get(str(b["kind"])):
            continue
        names_a, names_b = list(a["names"]), list(b["names"])  # type: ignore[call-overload]
        why = flagged(names_a, names_b) + routes(names_a, names_b)
        if group in ("region", "industry"):
            why = [w for w in why if w.endswith("the same name")]
        if not why:
            continue
        pair = frozenset((str(a["iri"]), str(b["iri"])))
        (seen if pair in judged else open_).append((a, b, why, judged.get(pair)))
    return seen, open_


def load_judged() -> dict[frozenset[str], str]:
    path = OUT / "judged.yaml"
    if not path.exists():
        return {}
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {frozenset((i["a"], i["b"])): i["why"] for i in items}


def write_snapshot(top: list[dict[str, object]]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "top300.tsv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["rank", "mentions", "kind", "iri", "label", "names"])
        for e in top:
            w.writerow([e["rank"], e["mentions"], e["kind"], e["iri"], e["label"], "|".join(e["names"])])  # type: ignore[arg-type]
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "corpus"])
    parser.add_argument("--store", type=Path, help="an on-disk store to reuse (ingested if empty)")
    parser.add_argument("--write", action="store_true", help="save bench/identity/top300.tsv")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-identity-") as tmp:
        path = args.store or Path(tmp)
        settings = Settings(store_path=path, data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
        store = open_store(settings.store_path)
        minter = Minter(settings.base_iri)
        if not any(g.value.startswith(minter.graph("news-").value) for g in store.named_graphs()):
            load_curated(store, settings, check_shapes=False)
            started = time.perf_counter()
            report = Pipeline(store, minter, settings.data_dir).run(args.paths, workers=args.workers)
            print(
                f"ingested {report.read} articles ({report.relevant} with facts) in "
                f"{time.perf_counter() - started:.0f} s; identity pass: {report.identity}"
            )
        top = top_entities(store, minter)
        store.close()
    judged = load_judged()
    seen, open_ = duplicates(top, judged)
    kinds = defaultdict(int)
    for e in top:
        kinds[e["kind"]] += 1
    print(f"top {len(top)}: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"pairs that look alike: {len(seen) + len(open_)}, judged different: {len(seen)}")
    for a, b, _why, verdict in seen:
        print(f"  judged different: {a['label']} <{a['iri']}> / {b['label']} <{b['iri']}>: {verdict}")
    for a, b, why, _ in open_:
        print(f"  DUPLICATE? {a['label']} ({a['kind']}, {a['mentions']}) <{a['iri']}>")
        print(f"             {b['label']} ({b['kind']}, {b['mentions']}) <{b['iri']}>")
        for w in why:
            print(f"             {w}")
    if args.write:
        print(f"wrote {write_snapshot(top)}")
    print(f"target (no two of the top {TOP} name the same thing): {'met' if not open_ else 'NOT met'}")
    sys.exit(0 if not open_ else 1)


if __name__ == "__main__":
    main()
