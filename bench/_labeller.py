"""Training and measuring helpers of the sequence labeller, for ``bench/labeller.py``. The
labeller itself - a linear-chain CRF (CRFsuite, from ``python-crfsuite``) that tags each
character of a sentence with the kind of name it belongs to, its features, the merge with the
rules' mentions, the shipped model's loading - is :mod:`kg.ingest.extract.labeller`; here
are what training and measuring add: :func:`project` (the annotation as BIO labels),
:func:`attach` (an extractor with another labeller, or none, for a measurement) and
:func:`observe` (a sentence as the labeller reads it, with the rules' mentions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from kg.ingest.extract import Extractor
from kg.ingest.extract.labeller import (
    ADDED,
    EXTENT,
    KINDS,
    MODEL_FILE,
    PROVENANCE_FILE,
    PUNCT,
    Labeller,
    Observed,
    Policy,
    Refusal,
    Span,
    features,
    merge,
    spans,
)
from kg.ingest.extract.model import Mention

__all__ = [
    "KINDS",
    "MODEL_FILE",
    "PROVENANCE_FILE",
    "PUNCT",
    "Labeller",
    "Observed",
    "AnyEnds",
    "Policy",
    "Span",
    "attach",
    "features",
    "merge",
    "observe",
    "project",
    "spans",
]


def project(s: str, names: dict[str, str]) -> list[str]:
    """BIO labels of ``s`` with every occurrence of each ``name -> kind`` tagged, longest
    names first, none overlapping another.

    >>> project("黑龙江省人民政府在黑龙江", {"黑龙江省人民政府": "government", "黑龙江": "region"})
    ['B-government', 'I-government', 'I-government', 'I-government', 'I-government', 'I-government', 'I-government', 'I-government', 'O', 'B-region', 'I-region', 'I-region']
    """
    labels = ["O"] * len(s)
    for name in sorted(names, key=lambda n: (-len(n), n)):
        if not name:
            continue
        start = s.find(name)
        while start >= 0:
            end = start + len(name)
            if all(label == "O" for label in labels[start:end]):
                labels[start] = f"B-{names[name]}"
                for i in range(start + 1, end):
                    labels[i] = f"I-{names[name]}"
            start = s.find(name, start + 1)
    return labels


class AnyEnds(Labeller):
    """A labeller whose added names are relation ends too (as label18 measured the merge,
    before relations were kept to the rules' names): for measuring what that restriction
    costs and saves, never shipped."""

    def mentions(
        self,
        mentions: list[Mention],
        seen: Observed,
        text: str,
        offset: int,
        refused: Refusal | None = None,
    ) -> list[Mention]:
        return [
            replace(m, origin=EXTENT) if m.origin == ADDED else m
            for m in super().mentions(mentions, seen, text, offset, refused)
        ]


Find = Callable[..., list[Mention]]  # Names.find's signature


@contextmanager
def _finding(extractor: Extractor, find: Find) -> Iterator[None]:
    """``extractor`` finding each sentence's mentions with ``find`` (given the rules' own
    ``Names.find``, bound) instead of the rules alone, until the block ends."""
    names = extractor.names
    before = names.__dict__.get("find")
    rules = type(names).find.__get__(names)
    names.find = lambda *args: find(rules, *args)  # type: ignore[method-assign]
    try:
        yield
    finally:
        if before is None:
            del names.find
        else:
            names.find = before  # type: ignore[method-assign]


@contextmanager
def attach(extractor: Extractor, labeller: Labeller | None) -> Iterator[None]:
    """``extractor`` with ``labeller``'s names merged into the rules' mentions of each
    sentence (:meth:`Labeller.mentions`) until the block ends; ``None``: the rules alone.
    Everything after the mentions reads the merged ones, relations the rules' names among
    them only (``relation_ends``), as the shipped labeller does. One thread at a time (it swaps the extractor's labeller)."""
    before = extractor.labeller
    extractor.labeller = labeller
    try:
        yield
    finally:
        extractor.labeller = before


def observe(
    extractor: Extractor, text: str, norm: str, start: int, end: int
) -> tuple[list[Mention], Observed]:
    """The rules' mentions of the sentence ``text[start:end]`` (``norm``: the simplified
    article) and what the labeller reads of it (its words, LAC's names, those mentions):
    the extractor reads the sentence as it always does, and this keeps what its mentions
    were found from (the extractor's own labeller, if any, is set aside meanwhile)."""
    got: list[tuple[list[Mention], Observed]] = []

    def find(rules: Find, text: str, s: str, offset: int, tokens: Any, entities: Any = ()) -> list[Mention]:
        mentions = rules(text, s, offset, tokens, entities)
        got.append((list(mentions), Observed.of(s, offset, tokens, entities, mentions)))
        return mentions

    with _finding(extractor, find), attach(extractor, None):
        extractor.sentence(text, norm, start, end, None)
    (found,) = got  # one sentence, one search for its mentions
    return found
