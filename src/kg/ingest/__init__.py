"""News ingestion: Chinese articles in, extracted facts with evidence out.

``read`` (files and JSONL into articles), ``text`` (simplified characters, sentences),
``relevance`` (is it about industry), ``gazetteer`` (the names kg recognises), ``extract``
(mentions, values, relations), ``pipeline`` (resolution and one graph per article).
"""

from kg.ingest.pipeline import IngestReport, Pipeline, ingest

__all__ = ["IngestReport", "Pipeline", "ingest"]
