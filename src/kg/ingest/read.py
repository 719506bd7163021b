"""Reading news into :class:`Article` objects: plain text, Markdown, HTML and JSONL
(``{id, url, date, title, text}`` a line, the format of the CCTV corpus), each also
gzip-compressed (``.jsonl.gz``, ``.txt.gz``, ...).

Bytes are decoded as UTF-8 (with or without a BOM), else as GB18030 (a superset of GBK and
GB2312); anything else is refused with the offset of the first bad byte. Each problem is a
:class:`Problem` naming the file and line, and the other items go on.

The item is the unit: an item is read whole or not at all. A JSONL line that is not JSON,
or lacks its ``id`` or ``text``, is a problem of its own and the file's other lines are
read. A gzip file whose data ends before its end marker (an interrupted download or copy)
is read up to its last complete line, the cut line is never read, and a problem names the
file, the line where the data ends and the last good line (so the file fetched again and
ingested again adds only what was lost); an article file (one article) cut short is not read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from kg.errors import BadRequest


@dataclass(frozen=True)
class ArticleFormat:
    """A kind of news file: its file suffixes (the first one canonical) and the media
    types that name it in an HTTP request."""

    kind: str
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...]

    @property
    def single(self) -> bool:
        """Whether a file holds one article (so a caller may give its id)."""
        return self.kind != "jsonl"


# The one list of article formats: the reader, `kg ingest` and POST /api/ingest use it.
ARTICLE_FORMATS = (
    ArticleFormat("text", (".txt", ".text"), ("text/plain",)),
    ArticleFormat("markdown", (".md", ".markdown"), ("text/markdown",)),
    ArticleFormat("html", (".html", ".htm"), ("text/html", "application/xhtml+xml")),
    ArticleFormat(
        "jsonl",
        (".jsonl", ".ndjson"),
        (
            "application/x-ndjson",
            "application/jsonl",
            "application/json-lines",
            "application/jsonlines",
        ),
    ),
)
SUFFIXES = {s: f.kind for f in ARTICLE_FORMATS for s in f.suffixes}
COMPRESSED = ".gz"
# An article id: what its IRIs and graph names are made of.
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def by_media_type(media_type: str) -> ArticleFormat | None:
    """The article format a request's media type names (parameters and case ignored).

    >>> by_media_type("text/HTML; charset=utf-8").suffixes[0]
    '.html'
    >>> by_media_type("application/json") is None
    True
    """
    wanted = media_type.split(";")[0].strip().lower()
    return next((f for f in ARTICLE_FORMATS if wanted in f.media_types), None)


def is_article_id(text: str) -> bool:
    """Whether ``text`` can be an article's id (letters, digits, ``.``, ``_``, ``-``).

    >>> is_article_id("xwlb-20221107-07"), is_article_id("a b"), is_article_id("-x")
    (True, False, False)
    """
    return ID.fullmatch(text) is not None


@dataclass(frozen=True)
class Article:
    """One news item as read: ``text`` is kept exactly (offsets point into it)."""

    id: str
    title: str
    text: str
    date: dt.date | None
    url: str | None
    origin: str  # file (and line) it came from

    @property
    def sha256(self) -> str:
        payload = json.dumps(
            [self.id, self.title, self.text, self.date and self.date.isoformat(), self.url],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_YMD = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class Given:
    """What a caller says of one article file that its text may not: its date, title and
    URL (``kg ingest FILE --date --title --url``, ``POST /api/ingest?date=&title=&url=``),
    each in place of what is read from the file (the first date written in it, its first
    line, none). A JSONL item carries its own."""

    date: dt.date | None = None
    title: str | None = None
    url: str | None = None


def parse_date(value: object) -> dt.date:
    """An item's date as written in JSONL, an option or a query (``YYYY-MM-DD``);
    ``ValueError`` for anything else.

    >>> parse_date("2024-08-23")
    datetime.date(2024, 8, 23)
    >>> parse_date("20240823")  # ISO 8601's other forms, which date.fromisoformat takes too
    Traceback (most recent call last):
    ValueError: not a date written YYYY-MM-DD: '20240823'
    """
    if not isinstance(value, str) or not _YMD.fullmatch(value):
        raise ValueError(f"not a date written YYYY-MM-DD: {value!r}")
    return dt.date.fromisoformat(value)


def is_web_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL that is a valid IRI (an item's ``url``).

    >>> is_web_url("https://www.news.cn/a.html"), is_web_url("www.news.cn"), is_web_url("http://a b")
    (True, False, False)
    """
    return value.startswith(("http://", "https://")) and _is_iri(value)


def given(date: str | None, title: str | None, url: str | None, *, single: bool) -> Given | None:
    """The date, title and URL a caller gives of one article (``single``: the input is one
    text, Markdown or HTML article), checked alike for ``kg ingest`` and ``POST
    /api/ingest``: ``None`` when none is given; a :class:`BadRequest` for a date not
    ``YYYY-MM-DD``, a URL not http(s), or any of them given for JSONL or many files.

    >>> given("2024-08-23", " 标题 ", None, single=True)
    Given(date=datetime.date(2024, 8, 23), title='标题', url=None)
    >>> given(None, None, None, single=False) is None
    True
    >>> given("23.08.2024", None, None, single=True)
    Traceback (most recent call last):
    kg.errors.BadRequest: bad date '23.08.2024': write it YYYY-MM-DD (2024-08-23)
    """
    if date is None and title is None and url is None:
        return None
    if not single:
        raise BadRequest(key="error.ingest.given")
    try:
        when = parse_date(date) if date is not None else None
    except ValueError:
        raise BadRequest(key="error.ingest.date", values={"given": repr(date)}) from None
    if url is not None and not is_web_url(url):
        raise BadRequest(key="error.ingest.url", values={"given": repr(url[:200])})
    return Given(when, (title.strip()[:200] or None) if title is not None else None, url)


@dataclass(frozen=True)
class Problem:
    """Why one item (or a whole file) was not read."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else GB18030; ``ValueError`` naming the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise ValueError(
                f"undecodable bytes at offset {utf8.start} (neither UTF-8 nor GB18030/GBK)"
            ) from None


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def read_paths(paths: list[Path], given: Given | None = None) -> Iterator[Article | Problem]:
    """Every article in ``paths`` (files, or directories searched for known suffixes), in
    order, with a :class:`Problem` for each item that cannot be read; ``given``: what the
    caller says of its article files (:func:`read_file`)."""
    seen: dict[str, str] = {}
    for path in _files(paths):
        for item in read_file(path, given):
            if isinstance(item, Article):
                first = seen.setdefault(item.id, item.origin)
                if first != item.origin:
                    yield Problem(item.origin, f"duplicate id {item.id!r} (first at {first})")
                    continue
            yield item


# Files in a directory that describe it rather than hold news.
NOT_NEWS = {"readme", "license", "licence", "changelog", "notice"}


def file_kind(path: Path) -> tuple[str | None, bool]:
    """What a file holds by its name, and whether it is gzip-compressed:
    ``news.jsonl.gz`` -> ``("jsonl", True)``; ``(None, False)`` for an unknown suffix."""
    compressed = path.suffix.lower() == COMPRESSED
    inner = path.with_suffix("") if compressed else path
    return SUFFIXES.get(inner.suffix.lower()), compressed


def article_files(path: Path) -> list[Path]:
    """The news files of a directory (a README beside them is not news)."""
    return sorted(
        p
        for p in path.rglob("*")
        if file_kind(p)[0] is not None
        and _stem(p).lower() not in NOT_NEWS
        and p.is_file()
    )


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from article_files(path)
        else:
            yield path


def read_file(path: Path, given: Given | None = None) -> Iterator[Article | Problem]:
    """The articles of one file; ``given``: the date, title and URL its caller says of an
    article file (text, Markdown, HTML), in place of what its text gives (JSONL items
    carry their own)."""
    kind, compressed = file_kind(path)
    if kind is None:
        yield Problem(
            str(path),
            f"unknown file type {path.suffix!r}; expected one of "
            + ", ".join(sorted(SUFFIXES))
            + " (each also as .gz)",
        )
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    truncated = False
    if compressed:
        try:
            data, truncated = gunzip(data)
        except zlib.error as exc:
            yield Problem(str(path), f"not a readable gzip file: {exc}")
            return
        if truncated and kind != "jsonl":
            yield Problem(
                str(path),
                f"truncated gzip file: its data ends after {len(data):,} bytes, before the "
                "end of the file; the article is incomplete and was not read",
            )
            return
    if truncated:  # keep the complete lines; the cut one is not an item
        whole = data[: data.rfind(b"\n") + 1]
        cut = Truncated(path, whole.count(b"\n"), len(whole) < len(data))
        data = whole
    else:
        cut = None
    if not data.strip():
        yield cut.problem(0, None) if cut else Problem(str(path), "empty file")
        return
    if looks_binary(data):
        yield Problem(str(path), "binary file (NUL bytes), not text")
        return
    if kind == "jsonl" and not data.endswith(b"\n"):
        data = cut_character(data)
    if kind == "jsonl" and not data.endswith(b"\n"):
        data = cut_character(data)
    try:
        text = decode(data)
    except ValueError as exc:
        yield Problem(str(path), str(exc))
        return
    if kind == "jsonl":
        yield from _jsonl(path, text, cut)
        return
    title, body = _html(text) if kind == "html" else _plain(text, markdown=kind == "markdown")
    if not body.strip():
        yield Problem(str(path), "no text")
        return
    given = given or Given()
    yield Article(
        id=_file_id(path),
        title=given.title or title,
        text=body,
        date=given.date or _date_in(text),
        url=given.url,
        origin=str(path),
    )


def _file_id(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", _stem(path)).strip("-.")
    digest = hashlib.sha256(str(path.name).encode("utf-8")).hexdigest()[:8]
    return stem if is_article_id(stem) else f"file-{digest}"


def _stem(path: Path) -> str:
    """The name without its suffixes (``news.txt.gz`` -> ``news``)."""
    return path.with_suffix("").stem if file_kind(path)[1] else path.stem


def _plain(text: str, *, markdown: bool) -> tuple[str, str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    title = first.lstrip("#").strip() if markdown else first
    return title[:200], "\n".join(lines).strip("\n")


def _html(text: str) -> tuple[str, str]:
    """Title and visible text of an HTML page (broken markup is repaired by the parser)."""
    tree = HTMLParser(text)
    for node in tree.css("script, style, noscript, template, nav, footer, header"):
        node.decompose()
    title_node = tree.css_first("title") or tree.css_first("h1")
    title = title_node.text(strip=True) if title_node else ""
    root = tree.css_first("article") or tree.body or tree.root
    blocks = []
    if root is not None:
        for node in root.css("h1, h2, h3, h4, p, li, td, pre, blockquote, div"):
            if node.css_first("p, div, li, h1, h2, h3, h4, table") is not None:
                continue  # a container: its children are taken one by one
            line = " ".join(node.text(separator=" ").split())
            if line:
                blocks.append(line)
        if not blocks:
            blocks = [" ".join(root.text(separator=" ").split())]
    return title[:200], "\n".join(b for b in blocks if b)


DATE_IN_TEXT = re.compile(r"(20\d{2})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?")


def _date_in(text: str) -> dt.date | None:
    """The first full date written in a file (its publication date, usually)."""
    for m in DATE_IN_TEXT.finditer(text[:2000]):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return None


def gunzip(data: bytes) -> tuple[bytes, bool]:
    r"""The bytes a gzip file holds (each of its members), and whether its data ended before
    its end marker (then the bytes are what could be read). A corrupt file raises
    ``zlib.error``.

    >>> import gzip
    >>> whole = gzip.compress(b"a\nb\n")
    >>> gunzip(whole), gunzip(whole[:-8]), gunzip(whole + whole)
    ((b'a\nb\n', False), (b'a\nb\n', True), (b'a\nb\na\nb\n', False))
    """
    out = bytearray()
    while data:
        member = zlib.decompressobj(wbits=31)  # gzip header and trailer, CRC checked
        out += member.decompress(data)
        if not member.eof:
            return bytes(out), True
        data = member.unused_data.lstrip(b"\x00")  # members may be padded with zeros
    return bytes(out), False


def cut_character(data: bytes) -> bytes:
    """UTF-8 text cut inside its last character (a file copied short) without it, so that the
    text decodes and its last line is what is wrong.

    >>> cut_character("签约".encode()[:-1]).decode()
    '签'
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            return data[: exc.start]
    return data


@dataclass(frozen=True)
class Truncated:
    """A gzip JSONL file whose data ends after ``complete`` whole lines (and ``inside``:
    part of the next one)."""

    path: Path
    complete: int
    inside: bool

    def problem(self, last_good: int, ident: str | None) -> Problem:
        inside = self.inside or not self.complete
        line, where = (self.complete + 1, "inside") if inside else (self.complete, "after")
        return Problem(
            f"{self.path}:{line}",
            f"truncated gzip file: its data ends {where} this line, before the end of the file; "
            f"{last_good_line(last_good, ident)}; what followed is lost (ingest the whole file "
            "again: the items read are then skipped as unchanged)",
        )


def last_good_line(number: int, ident: str | None) -> str:
    """Where a file was last read well: its last line read as an item."""
    return f"the last good line is {number} (item {ident})" if ident else "no item was read"


REQUIRED = 'every line needs "id" (letters, digits, . _ -) and "text"'


def _jsonl(path: Path, text: str, cut: Truncated | None = None) -> Iterator[Article | Problem]:
    """The items of a JSONL text; ``cut``: the file was truncated after this text."""
    good: tuple[int, str | None] = (0, None)  # the last line read as an item, and its id
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            where = f"not JSON: {exc.msg}: column {exc.colno}"
            if number == len(lines):  # no newline after it: the file may have been cut
                where += f"; the file ends inside this line (truncated?); {last_good_line(*good)}"
            yield Problem(origin, where)
            continue
        if not isinstance(item, dict):
            yield Problem(origin, "not a JSON object")
            continue
        ident, body = item.get("id"), item.get("text")
        if ident is None:
            yield Problem(origin, f'no "id": {REQUIRED}')
            continue
        if not isinstance(ident, str) or not is_article_id(ident):
            yield Problem(origin, f'bad id {ident!r}: {REQUIRED}')
            continue
        if body is None:
            yield Problem(origin, f'item {ident}: no "text": {REQUIRED}')
            continue
        if not isinstance(body, str) or not body.strip():
            yield Problem(origin, f"item {ident}: no text (empty or not a string)")
            continue
        date = item.get("date")
        try:
            when = parse_date(date) if date else None
        except ValueError:
            yield Problem(origin, f"item {ident}: bad date {date!r} (expected YYYY-MM-DD)")
            continue
        url = item.get("url")
        if isinstance(url, str) and url.startswith(("http://", "https://")) and not _is_iri(url):
            yield Problem(origin, f"item {ident}: url {url[:200]!r} is not a valid IRI")
            continue
        good = (number, ident)
        yield Article(
            id=ident,
            title=str(item.get("title") or ""),
            text=body,
            date=when,
            url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
            origin=origin,
        )
    if cut is not None:
        yield cut.problem(*good)


def _is_iri(value: str) -> bool:
    try:
        NamedNode(value)
    except ValueError:
        return False
    return True
