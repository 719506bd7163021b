"""Draw the items of the blind gold annotation from the second corpus file, reproducibly.

The sample mixes industry news with other news: items whose text contains one of a few
broad industry words (the stratum ``industry``) and items that contain none (``other``),
each drawn with a fixed seed from the items of at most 2,000 characters (nine in ten items;
the longest are news-flash blocks of many reports, too long to annotate by hand). The
words only stratify the draw; nothing about the extractor is used.

    python bench/gold/sample.py            # prints the split as YAML (bench/gold/split.yaml)
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
PLAN = {("test", "industry"): 40, ("test", "other"): 20, ("dev", "industry"): 20, ("dev", "other"): 10}


def draw(corpus: Path = CORPUS) -> dict[str, list[str]]:
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    items = [i for i in items if len(i["text"]) <= MAX_CHARS]
    strata = {
        "industry": sorted(i["id"] for i in items if BROAD.search(i["text"])),
        "other": sorted(i["id"] for i in items if not BROAD.search(i["text"])),
    }
    rng = random.Random(SEED)
    picked = {name: rng.sample(ids, sum(n for (_, s), n in PLAN.items() if s == name))
              for name, ids in strata.items()}
    split: dict[str, list[str]] = {"test": [], "dev": []}
    for (part, stratum), n in PLAN.items():
        split[part] += picked[stratum][:n]
        picked[stratum] = picked[stratum][n:]
    return {part: sorted(ids) for part, ids in split.items()}


if __name__ == "__main__":
    split = draw(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
    print(f"# bench/gold/sample.py (seed {SEED}): the blind annotation's items by split")
    for part, ids in split.items():
        print(f"{part}:")
        for i in ids:
            print(f"  - {i}")
