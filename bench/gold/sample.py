"""Draw the items of the blind gold annotation from the second corpus file, reproducibly.

The sample mixes industry news with other news: items whose text contains one of a few
broad industry words (the stratum ``industry``) and items that contain none (``other``),
each drawn with a fixed seed from the items of at most 2,000 characters (nine in ten items;
the longest are news-flash blocks of many reports, too long to annotate by hand). The
words only stratify the draw; nothing about the extractor is used.

    python bench/gold/sample.py            # prints the split as YAML (bench/gold/split.yaml)
    python bench/gold/sample.py --round 2  # the second test split (bench/gold/split-2.yaml)

The second round draws a fresh test split of 60 items (40 + 20) with another seed, from
the items no earlier round drew, so it is unseen by everyone who tuned on the first.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "data/corpus/xwlb-2023-07_2024-12.jsonl.gz"
SEED = 20261130
MAX_CHARS = 2000
BROAD = re.compile("项目|产业|企业|签约|投资|园区|集团|公司|制造|投产|开工")
# (split, stratum) -> items drawn
PLAN = {
    ("test", "industry"): 40,
    ("test", "other"): 20,
    ("dev", "industry"): 20,
    ("dev", "other"): 10,
}
SEED_2 = 20261201
PLAN_2 = {("test", "industry"): 40, ("test", "other"): 20}


def draw(
    corpus: Path = CORPUS,
    seed: int = SEED,
    plan: dict[tuple[str, str], int] = PLAN,
    exclude: frozenset[str] = frozenset(),
) -> dict[str, list[str]]:
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    items = [i for i in items if len(i["text"]) <= MAX_CHARS and i["id"] not in exclude]
    strata = {
        "industry": sorted(i["id"] for i in items if BROAD.search(i["text"])),
        "other": sorted(i["id"] for i in items if not BROAD.search(i["text"])),
    }
    rng = random.Random(seed)
    picked = {
        name: rng.sample(ids, sum(n for (_, s), n in plan.items() if s == name))
        for name, ids in strata.items()
    }
    split: dict[str, list[str]] = {part: [] for part, _ in plan}
    for (part, stratum), n in plan.items():
        split[part] += picked[stratum][:n]
        picked[stratum] = picked[stratum][n:]
    return {part: sorted(ids) for part, ids in split.items()}


def draw_round_2(corpus: Path = CORPUS) -> dict[str, list[str]]:
    """The second test split: other items than the first round's, with another seed."""
    first = draw(corpus)
    seen = frozenset(first["test"] + first["dev"])
    return draw(corpus, SEED_2, PLAN_2, seen)


if __name__ == "__main__":
    args = sys.argv[1:]
    second = "--round" in args and args[args.index("--round") + 1] == "2"
    paths = [a for a in args if a not in ("--round", "2")]
    corpus = Path(paths[0]) if paths else CORPUS
    split = draw_round_2(corpus) if second else draw(corpus)
    seed = SEED_2 if second else SEED
    print(
        f"# bench/gold/sample.py{' --round 2' if second else ''} (seed {seed}): the blind annotation's items by split"
    )
    for part, ids in split.items():
        print(f"{part}:")
        for i in ids:
            print(f"  - {i}")
