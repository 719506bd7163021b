"""The sector model (kg.ingest.extract.sectors): which industry names an article names as
industries. Train it on the dev annotation, and measure it held out round by round.

    .venv/bin/python bench/sectors.py report            # held out by round, on the dev annotation
    .venv/bin/python bench/sectors.py train             # the shipped model (data/lexicon/sector-model.json)
    .venv/bin/python bench/sectors.py train --out /tmp/s.json --files 'dev-?.yaml,dev-[1-8]?.yaml,dev-9[01].yaml'

Training data: every industry name the shipped pipeline - its relevance verdict and its
labeller, without a sector model - finds standalone in each relevant item of news.yaml and
the blind dev files that it keeps, labelled by whether the item's annotation names it as an
industry (``--files``: only the files matching these globs, and news.yaml). Features:
:func:`kg.ingest.extract.sectors.features`. The model is an L2-regularised logistic
regression (batch gradient descent from zero, a fixed number of steps: deterministic), over
the features seen in at least :data:`MIN_COUNT` training names.

`report` holds out each round of the annotation in turn (rounds 1-8 together, dev-1 ...
dev-11 with news.yaml; then each later round's eight files), trains on the others and
counts, at the shipped threshold, the names the held-out model takes away that the
annotation names (right ones lost) and that it does not (wrong ones gone); the pooled row
adds the industry precision before and after and the share of right names kept. `train` records the same figures in the
model's provenance. The names are read with the shipped labeller, which was trained on these
files: on text the labeller has not seen, more of its industry names are wrong - the honest
figure is a new round read unseen (`bench/ingest_quality.py --split dev-blind --file ...
--sector-model FILE` against `--no-sectors`). The test split is never read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
from ingest_quality import CORPUS, GOLD, ROOT, SEED, pipeline

from kg.config import Settings
from kg.ingest.evaluate import GoldItem, corpus_articles, load_split, split_files
from kg.ingest.extract import EXTRACTOR_VERSION
from kg.ingest.extract.sectors import FORMAT, KIND, MODEL_FILE, article_features
from kg.ingest.text import simplified

SHIPPED = ROOT / "data" / "lexicon" / MODEL_FILE
MIN_COUNT = 3  # a feature seen in fewer training names has no weight
L2 = 0.003
STEPS = 300
RATE = 0.5
THRESHOLD = 0.5


@dataclass(frozen=True)
class Name:
    item: str
    file: str
    name: str
    features: list[str]
    industry: bool  # the annotation names it as an industry


def round_of(file: str) -> str:
    """The annotation round of a gold file (bench/gold/README.md): rounds 1 to 8 (news.yaml,
    dev-1 ... dev-11) as one, then each round of eight files from dev-12 (round 9)."""
    m = re.fullmatch(r"dev-(\d+)\.yaml", file)
    n = int(m.group(1)) if m else 0
    return "rounds 1-8" if n < 12 else f"round {9 + (n - 12) // 8}"


def collect(files: list[str]) -> list[Name]:
    """The industry names of each relevant annotated item the pipeline keeps."""
    settings = Settings(data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    items: dict[str, GoldItem] = {}
    for item in load_split(GOLD, "dev"):
        if item.relevant and item.id not in items and any(fnmatch(item.annotation, g) for g in files):
            items[item.id] = item
    articles = corpus_articles(set(items), CORPUS, SEED)
    run = pipeline(settings, sectors=False)
    out = []
    for key in sorted(items):
        item, article = items[key], articles[key]
        analysis = run.analyse(article)
        if not analysis.relevant:
            continue
        gold = {n for g in item.entities.get(KIND, []) for n in g}
        feats = article_features(analysis.sentences, simplified(article.text), simplified(article.title))
        out += [Name(key, item.annotation, n, f, n in gold) for n, f in sorted(feats.items())]
    return out


def fit(names: list[Name]) -> tuple[float, dict[str, float]]:
    """The bias and the weights of a model trained on ``names``."""
    counts = Counter(f for n in names for f in n.features)
    vocabulary = sorted(f for f, c in counts.items() if c >= MIN_COUNT and f != "bias")
    index = {f: i for i, f in enumerate(vocabulary)}
    x = np.zeros((len(names), len(vocabulary) + 1))
    x[:, -1] = 1.0  # the bias (not regularised)
    for row, n in enumerate(names):
        for f in n.features:
            if f in index:
                x[row, index[f]] = 1.0
    y = np.array([n.industry for n in names], dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        w -= RATE * (x.T @ (p - y) / len(y) + penalty * w)
    return float(w[-1]), {f: round(float(w[i]), 6) for f, i in index.items() if abs(w[i]) >= 1e-6}


def probability(bias: float, weights: dict[str, float], features: list[str]) -> float:
    z = bias + sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + np.exp(-z))


def held_out(names: list[Name]) -> dict[str, object]:
    """Each round held out in turn: the names its model takes away, right and wrong."""
    rounds = sorted({round_of(n.file) for n in names}, key=lambda r: (r != "rounds 1-8", len(r), r))
    out: dict[str, object] = {}
    lost = gone = 0
    for held in rounds:
        test = [n for n in names if round_of(n.file) == held]
        bias, weights = fit([n for n in names if round_of(n.file) != held])
        dropped = [n for n in test if probability(bias, weights, n.features) < THRESHOLD]
        right = sum(n.industry for n in dropped)
        lost, gone = lost + right, gone + len(dropped) - right
        out[held] = {"names": len(test), "right": sum(n.industry for n in test), "dropped_right": right, "dropped_wrong": len(dropped) - right}
    right = sum(n.industry for n in names)
    out["pooled"] = {
        "names": len(names),
        "right": right,
        "dropped_right": lost,
        "dropped_wrong": gone,
        "precision_before": round(right / len(names), 3),
        "precision_after": round((right - lost) / (len(names) - lost - gone), 3),
        "kept_of_right": round((right - lost) / right, 3),
    }
    return out


def files_of(text: str) -> list[str]:
    return ["news.yaml", *text.split(",")]


def train(args: argparse.Namespace) -> None:
    files = files_of(args.files)
    names = collect(files)
    measured = held_out(names)
    bias, weights = fit(names)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    used = sorted(p.name for p in split_files(GOLD, "dev") if any(fnmatch(p.name, g) for g in files))
    labeller = (ROOT / "data" / "lexicon" / "labeller.json").read_bytes()
    doc = {
        "format": FORMAT,
        "bias": round(bias, 6),
        "threshold": THRESHOLD,
        "weights": dict(sorted(weights.items())),
        "provenance": {
            "command": "bench/sectors.py train" + (f" --files {args.files!r}" if args.files != DEFAULT_FILES else ""),
            "date": day.isoformat(),
            "extractor": EXTRACTOR_VERSION,
            "labeller_sha256": hashlib.sha256(labeller).hexdigest(),
            # which items are kept (and so trained on) is the relevance model's verdict
            "relevance_sha256": hashlib.sha256((ROOT / "data" / "lexicon" / "relevance-model.json").read_bytes()).hexdigest(),
            "training_files": {f: hashlib.sha256((GOLD / f).read_bytes()).hexdigest() for f in used},
            "training_names": len(names),
            "training_industries": sum(n.industry for n in names),
            "params": {"min_count": MIN_COUNT, "l2": L2, "steps": STEPS, "rate": RATE},
            "held_out_by_round": measured,
        },
    }
    out = args.out or SHIPPED
    partial = out.with_suffix(".part")
    partial.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    partial.replace(out)
    print(json.dumps(measured["pooled"]), file=sys.stderr)
    print(f"wrote {out} ({len(weights)} weights, trained on {len(names)} names)")


def report(args: argparse.Namespace) -> None:
    measured = held_out(collect(files_of(args.files)))
    for name, row in measured.items():
        print(f"{name:12} {json.dumps(row)}")


DEFAULT_FILES = "dev-*.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["train", "report"])
    parser.add_argument("--files", default=DEFAULT_FILES, help="the dev files to learn from (comma-separated globs)")
    parser.add_argument("--out", type=Path, help="train: write the model here (default: the shipped one)")
    args = parser.parse_args()
    {"train": train, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
