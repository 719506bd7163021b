"""Source documents: verbatim text plus metadata, and finding evidence sentences in them.

A source is ``data/sources/<id>.yaml`` (metadata) beside its verbatim file. The text is
read as UTF-8 and never changed; offsets count Unicode code points.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from kg.errors import DataError

REQUIRED = ("id", "file", "sha256", "title", "outlet", "date", "language", "address")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SourceDocument:
    id: str
    path: Path
    text: str
    sha256: str
    title: dict[str, str]
    outlet: dict[str, str]
    date: dt.date
    language: str
    address: str
    kind: str = "NewsArticle"
    also: tuple[str, ...] = ()
    notes: str | None = None
    meta_path: Path | None = field(default=None, compare=False)

    @cached_property
    def _flat(self) -> tuple[str, list[int]]:
        """The text with every whitespace run folded to one space, and an offset map."""
        chars: list[str] = []
        index: list[int] = []
        in_space = False
        for i, ch in enumerate(self.text):
            if ch.isspace():
                if not in_space:
                    chars.append(" ")
                    index.append(i)
                in_space = True
            else:
                chars.append(ch)
                index.append(i)
                in_space = False
        index.append(len(self.text))
        return "".join(chars), index

    def locate(self, sentence: str) -> Span | None:
        """Where ``sentence`` stands in the text, verbatim except that any run of white
        space matches any other (a sentence may wrap across lines). ``None`` if absent.

        >>> doc = SourceDocument("d", Path("d.txt"), "甲乙。\\n丙 丁。", "", {}, {}, dt.date(2024, 1, 1), "zh", "https://example.org/d")
        >>> doc.locate("丙 丁。")
        Span(start=4, end=8, text='丙 丁。')
        >>> doc.locate("乙。 丙") is None
        False
        >>> doc.locate("戊") is None
        True
        """
        wanted = re.sub(r"\s+", " ", sentence.strip())
        if not wanted:
            return None
        flat, index = self._flat
        pos = flat.find(wanted)
        if pos < 0:
            return None
        start, end = index[pos], index[pos + len(wanted) - 1] + 1
        return Span(start, end, self.text[start:end])


def _lang_map(value: object, where: str, key: str) -> dict[str, str]:
    if isinstance(value, str):
        return {"zh": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    raise DataError(f"{where}: {key} must be a string or a mapping of language to string")


def load_source(meta_path: Path) -> SourceDocument:
    """Read one source's metadata and verbatim text; check the file against its SHA-256."""
    where = str(meta_path)
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{where}: cannot read source metadata: {exc}") from exc
    if not isinstance(meta, dict):
        raise DataError(f"{where}: source metadata must be a mapping")
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise DataError(f"{where}: missing field(s): {', '.join(missing)}")
    path = meta_path.parent / str(meta["file"])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{where}: cannot read the document {path}: {exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    if digest != meta["sha256"]:
        raise DataError(
            f"{path}: SHA-256 is {digest}, metadata says {meta['sha256']}: the verbatim copy changed"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 ({exc})") from exc
    date = meta["date"]
    if not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError as exc:
            raise DataError(f"{where}: date {date!r} is not an ISO date") from exc
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(meta["id"])):
        raise DataError(f"{where}: id {meta['id']!r} must be lower-case letters, digits and '-'")
    return SourceDocument(
        id=str(meta["id"]),
        path=path,
        text=text,
        sha256=digest,
        title=_lang_map(meta["title"], where, "title"),
        outlet=_lang_map(meta["outlet"], where, "outlet"),
        date=date,
        language=str(meta["language"]),
        address=str(meta["address"]),
        kind=str(meta.get("kind", "NewsArticle")),
        also=tuple(str(a) for a in meta.get("also", ()) or ()),
        notes=meta.get("notes"),
        meta_path=meta_path,
    )


def load_sources(directory: Path) -> dict[str, SourceDocument]:
    """Every source under ``directory`` by id."""
    docs: dict[str, SourceDocument] = {}
    for meta_path in sorted(directory.glob("*.yaml")):
        doc = load_source(meta_path)
        if doc.id in docs:
            raise DataError(f"{meta_path}: duplicate source id {doc.id!r}")
        docs[doc.id] = doc
    return docs
