"""Draw the items of the blind gold annotation from the corpus files, reproducibly.

The sample mixes industry news with other news: items whose text contains one of a few
broad industry words (the stratum ``industry``) and items that contain none (``other``),
each drawn with a fixed seed from the items of at most 2,000 characters (nine in ten items;
the longest are news-flash blocks of many reports, too long to annotate by hand). The
words only stratify the draw; nothing about the extractor is used.

    python bench/gold/sample.py            # prints the split as YAML (bench/gold/split.yaml)
    python bench/gold/sample.py --round 2  # the second test split (bench/gold/split-2.yaml)
    python bench/gold/sample.py --round 3  # a fresh dev file and relevance labels (split-3.yaml)
    python bench/gold/sample.py --round 4  # another fresh dev file (split-4.yaml)
    python bench/gold/sample.py --round 5  # a fifth, again fresh dev file (split-5.yaml)
    python bench/gold/sample.py --round 6  # a sixth fresh dev file (split-6.yaml)
    python bench/gold/sample.py --round 7  # two more dev files and relevance labels (split-7.yaml)
    python bench/gold/sample.py --round 8  # two more dev files, more relevance labels (split-8.yaml)
    python bench/gold/sample.py --round 9  # eight more dev files (split-9.yaml)
    python bench/gold/sample.py --round 10  # eight more dev files (split-10.yaml)
    python bench/gold/sample.py --round 11  # eight more dev files of 36 items (split-11.yaml)
    python bench/gold/sample.py --round 12  # eight more (split-12.yaml)
    python bench/gold/sample.py --round 13  # eight more (split-13.yaml; likewise to 19)
    python bench/gold/sample.py --round 20  # eight more, of the first corpus file (split-20.yaml)
    python bench/gold/sample.py --round 21  # eight more, less items code quotes (split-21.yaml)
    python bench/gold/sample.py --round 23  # eight more again (split-23.yaml; likewise 22)
    python bench/gold/sample.py --round 26  # the first file's last industry items (split-26.yaml)
    python bench/gold/sample.py --round 27  # the second file's last industry items (split-27.yaml)
    python bench/gold/sample.py --quoted    # the first file's items code quotes now (quoted-N.txt)
    python bench/gold/sample.py --quoted --second  # the second file's (quoted-27.txt)

The second round draws a fresh test split of 60 items (40 + 20) with another seed, from
the items no earlier round drew, so it is unseen by everyone who tuned on the first.
The third round, from the items neither earlier round drew, draws 30 dev items (20 + 10)
to annotate in full, blind, and 240 items (200 + 40) whose relevance alone is annotated
(``relevance``): data to learn and check the relevance verdict on without touching a
test item. The fourth round, from the items no earlier round drew (every split of rounds
1 to 3, relevance items included), draws 30 more dev items (20 + 10) to annotate in full,
blind. The fifth round does the same, with another seed, from the items none of rounds
1 to 4 drew, the sixth round again, with another seed, from the items none of rounds
1 to 5 drew. The seventh, from the items none of rounds 1 to 6 drew, draws 60 dev items
(40 + 20; two annotators, a file each) and 200 items (160 + 40) for relevance labels. The
eighth, from the items none of rounds 1 to 7 drew, draws 60 dev items (40 + 20) and 400
items (320 + 80) for relevance labels; the ninth, from the items none of rounds 1 to 8 drew,
240 dev items (160 + 80; eight annotators, 30 items each); the tenth, from the items none of
rounds 1 to 9 drew, 240 more (the same plan, another seed); the eleventh, from the items
none of rounds 1 to 10 drew, 288 (192 + 96; eight annotators, 36 items each); the twelfth,
from the items none of rounds 1 to 11 drew, 288 more (the same plan, another seed), and the
thirteenth, from the items none of rounds 1 to 12 drew, 288 more again (and so on to the
nineteenth). The twentieth draws 288 from the first corpus file, from the items news.yaml
does not annotate: by then the second file's industry stratum was drawn out. The
twenty-first draws 288 more from the first file, less round 20's (its record, split-20.yaml)
and the items kg's code, tests and figure samples quoted when it was drawn - by id, or by a
run of twelve Han characters (:func:`quoted`, frozen in quoted-21.txt): six of round 20's had
been quoted before it was drawn. Names shorter than that in code examples are not caught:
eight of round 21's items held such a name (the examples were replaced after it was drawn).
The twenty-sixth draws the first file's last 142 industry items and 146 other items. The
twenty-seventh draws from the second file again (the test split's months, 2023-07 to 2024-12)
what no earlier round drew and code does not quote: its last 86 industry items and 202
others.
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

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
SEED_3 = 20261203
PLAN_3 = {
    ("dev", "industry"): 20,
    ("dev", "other"): 10,
    ("relevance", "industry"): 200,
    ("relevance", "other"): 40,
}
SEED_4 = 20261207
PLAN_4 = {("dev", "industry"): 20, ("dev", "other"): 10}
SEED_5 = 20261208
PLAN_5 = {("dev", "industry"): 20, ("dev", "other"): 10}
SEED_6 = 20261209
PLAN_6 = {("dev", "industry"): 20, ("dev", "other"): 10}
SEED_7 = 20261210
PLAN_7 = {
    ("dev", "industry"): 40,
    ("dev", "other"): 20,
    ("relevance", "industry"): 160,
    ("relevance", "other"): 40,
}
SEED_8 = 20261211
PLAN_8 = {
    ("dev", "industry"): 40,
    ("dev", "other"): 20,
    ("relevance", "industry"): 320,
    ("relevance", "other"): 80,
}
SEED_9 = 20261212
PLAN_9 = {("dev", "industry"): 160, ("dev", "other"): 80}
SEED_10 = 20261213
PLAN_10 = {("dev", "industry"): 160, ("dev", "other"): 80}
SEED_11 = 20261214
PLAN_11 = {("dev", "industry"): 192, ("dev", "other"): 96}
SEED_12 = 20261215
PLAN_12 = PLAN_11
SEED_13 = 20261216
PLAN_13 = PLAN_11
SEED_14 = 20261217
PLAN_14 = PLAN_11
SEED_15 = 20261218
PLAN_15 = PLAN_11
SEED_16 = 20261219
PLAN_16 = PLAN_11
SEED_17 = 20261220
PLAN_17 = PLAN_11
SEED_18 = 20261221
PLAN_18 = PLAN_11
SEED_19 = 20261222
PLAN_19 = PLAN_11
SEED_20 = 20261223
PLAN_20 = PLAN_11
SEED_21 = 20261224
PLAN_21 = PLAN_11
SEED_22 = 20261225
PLAN_22 = PLAN_11
SEED_23 = 20261226
PLAN_23 = PLAN_11
SEED_24 = 20261227
PLAN_24 = PLAN_11
SEED_25 = 20261228
PLAN_25 = PLAN_11
SEED_26 = 20261229
# Round 26: the first file's industry stratum is drawn out too (142 undrawn items under
# MAX_CHARS after round 25): it draws every one of them and 146 other items, 288 as before.
PLAN_26 = {("dev", "industry"): 142, ("dev", "other"): 146}
SEED_27 = 20261230
# Round 27: back to the second file (the test split's months), its last industry items: 95
# undrawn under MAX_CHARS after round 19, less those code quotes now (quoted-27.txt).
PLAN_27 = {("dev", "industry"): 86, ("dev", "other"): 202}
# Round 20 on: the second file's industry stratum is drawn out (95 undrawn items under
# MAX_CHARS after round 19), so later rounds draw from the first corpus file, less the items
# news.yaml annotates (the rules were written from those). It reads news.yaml's ids when it
# runs: an item added there changes round 20's draw (split-20.yaml is the record).
FIRST_CORPUS = CORPUS.with_name("xwlb-2022-09_2023-06.jsonl")
NEWS = Path(__file__).resolve().parent / "news.yaml"
ROOT = Path(__file__).resolve().parents[2]
# What the code quotes of an item: its id anywhere in src/, tests/, bench/*.py or the figure
# samples, or a run of 12 Han characters from a source or test file's text (a doctest's
# sentence; names of eight or so characters are what every lexicon holds, not a quote).
ITEM_ID = re.compile(r"xwlb-\d{8}-\d+")
QUOTE = re.compile(r"[\u4e00-\u9fff]{12,}")


def read(corpus: Path) -> list[dict[str, str]]:
    """The items of a corpus file (JSON lines, gzipped or not)."""
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def draw(
    corpus: Path = CORPUS,
    seed: int = SEED,
    plan: dict[tuple[str, str], int] = PLAN,
    exclude: frozenset[str] = frozenset(),
) -> dict[str, list[str]]:
    items = [i for i in read(corpus) if len(i["text"]) <= MAX_CHARS and i["id"] not in exclude]
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


def draw_round_3(corpus: Path = CORPUS) -> dict[str, list[str]]:
    """A fresh dev file and relevance labels: items neither earlier round drew."""
    first, second = draw(corpus), draw_round_2(corpus)
    seen = frozenset(first["test"] + first["dev"] + second["test"])
    return draw(corpus, SEED_3, PLAN_3, seen)


# The later rounds: each draws 30 dev items (20 + 10) with its own seed from the items no
# earlier round drew, in any of its splits; the seventh draws 60 (40 + 20) and 200 items
# (160 + 40) for relevance labels, the eighth 60 and 400 (320 + 80), the ninth and tenth 240
# dev items each, the eleventh to nineteenth 288.
LATER = {
    4: (SEED_4, PLAN_4),
    5: (SEED_5, PLAN_5),
    6: (SEED_6, PLAN_6),
    7: (SEED_7, PLAN_7),
    8: (SEED_8, PLAN_8),
    9: (SEED_9, PLAN_9),
    10: (SEED_10, PLAN_10),
    11: (SEED_11, PLAN_11),
    12: (SEED_12, PLAN_12),
    13: (SEED_13, PLAN_13),
    14: (SEED_14, PLAN_14),
    15: (SEED_15, PLAN_15),
    16: (SEED_16, PLAN_16),
    17: (SEED_17, PLAN_17),
    18: (SEED_18, PLAN_18),
    19: (SEED_19, PLAN_19),
}
# The rounds that draw from the first corpus file: 288 dev items (192 + 96) each.
FIRST = {
    20: (SEED_20, PLAN_20),
    21: (SEED_21, PLAN_21),
    22: (SEED_22, PLAN_22),
    23: (SEED_23, PLAN_23),
    24: (SEED_24, PLAN_24),
    25: (SEED_25, PLAN_25),
    26: (SEED_26, PLAN_26),
}
# The rounds that draw from the second corpus file again, after FIRST's.
SECOND = {
    27: (SEED_27, PLAN_27),
}


@functools.cache  # each round excludes every earlier one's items: drawn once each, not 2^n times
def draw_later(number: int, corpus: Path = CORPUS) -> dict[str, list[str]]:
    """Round ``number`` (4 or later): a fresh dev file, from items no earlier round drew."""
    earlier = [draw(corpus), draw_round_2(corpus), draw_round_3(corpus)]
    earlier += [draw_later(n, corpus) for n in LATER if n < number]
    seen = frozenset(i for split in earlier for ids in split.values() for i in ids)
    seed, plan = LATER[number]
    return draw(corpus, seed, plan, seen)


def quoted(corpus: Path) -> frozenset[str]:
    """The ids of ``corpus``'s items kg's code, tests or figure samples quote now (see
    ITEM_ID, QUOTE). It changes as the code does, so a round freezes what it excluded in
    ``quoted-N.txt`` when it is drawn (``sample.py --quoted > bench/gold/quoted-N.txt``)
    and reads that file ever after."""
    code = [*ROOT.glob("src/**/*.py"), *ROOT.glob("tests/**/*.py")]
    named = [*code, *ROOT.glob("bench/*.py"), *ROOT.glob("bench/gold/figures-*.yaml")]
    ids = {i for f in named for i in ITEM_ID.findall(f.read_text("utf-8"))}
    runs = {r for f in code for r in QUOTE.findall(f.read_text("utf-8"))}
    return frozenset(
        i["id"] for i in read(corpus) if i["id"] in ids or any(r in i["text"] for r in runs)
    )


def recorded(path: Path) -> list[str]:
    """The item ids a record holds: a split file's every list, or a frozen list of ids."""
    if path.suffix == ".txt":
        return path.read_text("utf-8").split()
    return [
        i for ids in (yaml.safe_load(path.read_text("utf-8")) or {}).values() for i in ids or []
    ]


@functools.cache
def draw_second(number: int, corpus: Path = CORPUS) -> dict[str, list[str]]:
    """Round ``number`` of :data:`SECOND`: a fresh dev file from the second corpus file (the
    test split's), from the items no round of :data:`LATER` or earlier drew (every split)
    nor an earlier such round (its record, ``split-N.yaml``), nor the code quoted when the
    round was drawn (``quoted-N.txt``, of this file)."""
    here = NEWS.parent
    earlier = [draw(corpus), draw_round_2(corpus), draw_round_3(corpus)]
    earlier += [draw_later(n, corpus) for n in LATER]
    seen = {i for split in earlier for ids in split.values() for i in ids}
    seen.update(recorded(here / f"quoted-{number}.txt"))
    return _after_recorded(SECOND, number, seen, corpus)


@functools.cache
def draw_first(number: int, corpus: Path = FIRST_CORPUS) -> dict[str, list[str]]:
    """Round ``number`` of :data:`FIRST`: a fresh dev file from the first corpus file, from
    items neither news.yaml nor an earlier such round holds (its record, ``split-N.yaml``),
    nor, from round 21 on, the code quoted when the round was drawn (``quoted-N.txt``)."""
    here = NEWS.parent
    seen = {item["id"] for item in yaml.safe_load(NEWS.read_text("utf-8"))}
    if number >= 21:
        seen.update(recorded(here / f"quoted-{number}.txt"))
    return _after_recorded(FIRST, number, seen, corpus)


def _after_recorded(
    rounds: dict[int, tuple[int, dict[tuple[str, str], int]]],
    number: int,
    seen: set[str],
    corpus: Path,
) -> dict[str, list[str]]:
    """Round ``number`` of ``rounds`` drawn from ``corpus``, less ``seen`` and the items
    every earlier round of ``rounds`` drew (its record, ``split-N.yaml``)."""
    for n in rounds:
        if n < number:
            seen.update(recorded(NEWS.parent / f"split-{n}.yaml"))
    seed, plan = rounds[number]
    return draw(corpus, seed, plan, frozenset(seen))


if __name__ == "__main__":
    args = sys.argv[1:]
    rounds: dict[str, tuple[Callable[[Path], dict[str, list[str]]], int]] = {
        "1": (draw, SEED),
        "2": (draw_round_2, SEED_2),
        "3": (draw_round_3, SEED_3),
        **{str(n): (functools.partial(draw_later, n), seed) for n, (seed, _) in LATER.items()},
    }
    firsts = {str(n): (functools.partial(draw_first, n), seed) for n, (seed, _) in FIRST.items()}
    rounds.update(firsts)
    rounds.update(
        {str(n): (functools.partial(draw_second, n), seed) for n, (seed, _) in SECOND.items()}
    )
    if "--quoted" in args:  # what the code quotes now: a new round's quoted-N.txt
        print("\n".join(sorted(quoted(CORPUS if "--second" in args else FIRST_CORPUS))))
        sys.exit(0)
    chosen = args[args.index("--round") + 1] if "--round" in args else "1"
    paths = [a for a in args if a not in ("--round", chosen)]
    corpus = Path(paths[0]) if paths else FIRST_CORPUS if chosen in firsts else CORPUS
    drawer, seed = rounds[chosen]
    split = drawer(corpus)
    flag = f" --round {chosen}" if chosen != "1" else ""
    print(f"# bench/gold/sample.py{flag} (seed {seed}): the blind annotation's items by split")
    for part, ids in split.items():
        print(f"{part}:")
        for i in ids:
            print(f"  - {i}")
