"""Tabular files in, rows out: CSV (UTF-8 or GB18030), spreadsheets (XLSX, XLSM, XLS, XLSB,
ODS, read by calamine) and JSON Lines.

Every row keeps the number a person sees for it - the spreadsheet row (the header is row
1), the CSV record counted the same way, the JSONL line - and the sheet it is on. Problems
of the file (unreadable, wrong encoding, no header, an empty sheet, a repeated column name)
raise :class:`~kg.errors.DataError`; problems of one row (a cell longer than a spreadsheet
cell may be, a formula where data should be, a JSONL line that is not an object) travel
with that row, so the caller reports it and goes on with the others.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from kg.columns import column_letter
from kg.errors import DataError

MAX_CELL = 32_767  # characters: the most a spreadsheet cell holds (Excel, LibreOffice)
SPREADSHEETS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
TEXT = {".csv", ".tsv", ".txt"}
JSONL = {".jsonl", ".ndjson"}
SUFFIXES = SPREADSHEETS | TEXT | JSONL
MEDIA_TYPES = {
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".txt": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".xlsb": "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    ".xls": "application/vnd.ms-excel",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
}
CHUNK = 1 << 20
_FORMULA_TEXT = re.compile(r"=\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(|=\s*\$?[A-Za-z]{1,3}\$?\d+")


@dataclass
class Row:
    number: int  # as a person sees it: spreadsheet row, CSV record + 1, JSONL line
    cells: dict[str, object]  # column name -> value (str, int, float, bool, date, datetime)
    sheet: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Table:
    """One sheet of a workbook, or the whole of a CSV or JSONL file."""

    sheet: str | None
    header: list[str]
    rows: Iterator[Row]
    letters: dict[str, str] = field(default_factory=dict)  # column name -> A, B, ... AA

    def where(self, column: str) -> str:
        """How a person finds a column: ``column 注册资本 (E)``."""
        letter = self.letters.get(column)
        return f"column {column} ({letter})" if letter else f"column {column}"


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")


def read_tables(path: Path, sheets: list[str] | None = None) -> list[Table]:
    """The tables of a file: for a workbook the named sheets (default: the first), else the
    file itself. Rows are read lazily, once."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(
            key="error.import.file.suffix" if suffix else "error.import.file.suffix.none",
            values={"file": path.name, "suffix": suffix, "allowed": ", ".join(sorted(SUFFIXES))},
        )
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise DataError(key="error.import.file.empty", values={"file": path.name})
    if suffix in SPREADSHEETS:
        return _workbook(path, sheets)
    if sheets:
        raise DataError(key="error.import.file.sheets", values={"file": path.name})
    if suffix in JSONL:
        return [_jsonl(path)]
    return [_delimited(path, "\t" if suffix == ".tsv" else None)]


def clean_header(name: object) -> str:
    """A column name as written, without surrounding or inner blanks and in NFC.

    >>> clean_header(" 统一社会 信用代码\\n")
    '统一社会信用代码'
    """
    return "".join(unicodedata.normalize("NFC", str(name)).split())


def _header(path: Path, sheet: str | None, raw: list[object]) -> list[str]:
    names = [clean_header(c) if c is not None else "" for c in raw]
    while names and not names[-1]:
        names.pop()
    where = {"file": path.name, "sheet": sheet}
    if not any(names):
        raise DataError(
            key="error.import.header.empty.sheet" if sheet else "error.import.header.empty",
            values=where,
        )
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if not n:
            continue
        if n in seen:
            raise DataError(
                key="error.import.column.twice.sheet" if sheet else "error.import.column.twice",
                values={
                    **where,
                    "column": n,
                    "one": column_letter(seen[n]),
                    "other": column_letter(i),
                },
            )
        seen[n] = i
    return names


def _cell_problem(value: object, column: str, letter: str | None) -> str | None:
    if isinstance(value, str) and len(value) > MAX_CELL:
        at = f" ({letter})" if letter else ""
        return (
            f"column {column}{at}: the cell holds {len(value):,} characters, more than a "
            f"spreadsheet cell can ({MAX_CELL:,})"
        )
    return None


# --- workbooks -----------------------------------------------------------------------------


def _workbook(path: Path, wanted: list[str] | None) -> list[Table]:
    import python_calamine as calamine  # deferred: only imports need it

    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error kinds for broken files
        raise DataError(
            key="error.import.workbook", values={"file": path.name, "detail": exc}
        ) from exc
    names = list(book.sheet_names)
    if not names:
        raise DataError(key="error.import.workbook.empty", values={"file": path.name})
    chosen = wanted or names[:1]
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise DataError(
            key="error.import.sheet.none",
            values={"file": path.name, "given": ", ".join(unknown), "sheets": ", ".join(names)},
        )
    formulas = _formula_cells(path, chosen)
    return [_sheet(path, book.get_sheet_by_name(s), s, formulas.get(s, set())) for s in chosen]


def _sheet(path: Path, sheet, name: str, formulas: set[tuple[int, int]]) -> Table:
    start_row, start_col = sheet.start or (0, 0)
    rows = iter(sheet.iter_rows())
    first = next(rows, None)
    if first is None or not any(str(c).strip() for c in first):
        raise DataError(key="error.import.sheet.empty", values={"file": path.name, "sheet": name})
    header = _header(path, name, list(first))
    letters = {h: column_letter(start_col + i) for i, h in enumerate(header) if h}
    header_row = start_row + 1  # 1-based

    def produce() -> Iterator[Row]:
        for offset, raw in enumerate(rows, start=1):
            number = header_row + offset
            cells: dict[str, object] = {}
            problems: list[str] = []
            for i, h in enumerate(header):
                if not h or i >= len(raw):
                    continue
                v = raw[i]
                if v == "" or v is None:
                    continue
                if (number - 1, start_col + i) in formulas:
                    problems.append(
                        f"column {h} ({letters[h]}): a formula; kg imports "
                        "recorded values, not computed ones (paste the values instead)"
                    )
                    continue
                if (p := _cell_problem(v, h, letters[h])) is not None:
                    problems.append(p)
                    continue
                cells[h] = v
            if cells or problems:
                yield Row(number, cells, name, problems)

    return Table(name, header, produce(), letters)


def _formula_cells(path: Path, sheets: list[str]) -> dict[str, set[tuple[int, int]]]:
    """The cells holding formulas, by sheet: (0-based row, 0-based column). calamine reads
    a formula's cached value, which may be stale or absent; kg refuses such cells."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_formulas(path, sheets)
        if suffix == ".ods":
            return _ods_formulas(path, sheets)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise DataError(
            key="error.import.workbook", values={"file": path.name, "detail": exc}
        ) from exc
    return {}


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _xlsx_formulas(path: Path, sheets: list[str]) -> dict[str, set[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as z:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for s in book.iter(f"{_MAIN}sheet"):
            name = s.get("name")
            if name not in sheets:
                continue
            target = targets.get(s.get(f"{_REL}id"), "")
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if not _contains(z, member, (b"<f>", b"<f ", b"<f/>")):
                continue
            found: set[tuple[int, int]] = set()
            ref = ""
            with z.open(member) as f:
                for event, el in ElementTree.iterparse(f, events=("start", "end")):
                    if event == "start" and el.tag == f"{_MAIN}c":
                        ref = el.get("r", "")
                    elif event == "end" and el.tag == f"{_MAIN}f":
                        m = _CELL_REF.fullmatch(ref)
                        if m:
                            found.add((int(m.group(2)) - 1, _column_index(m.group(1))))
                    elif event == "end" and el.tag == f"{_MAIN}row":
                        el.clear()
            out[name] = found
    return out


def _column_index(letters: str) -> int:
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_formulas(path: Path, sheets: list[str]) -> dict[str, set[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as z:
        if not _contains(z, "content.xml", (b"table:formula=",)):
            return out
        with z.open("content.xml") as f:
            sheet, row, col = None, -1, 0
            for event, el in ElementTree.iterparse(f, events=("start", "end")):
                tag = el.tag
                if event == "start" and tag == f"{_TABLE}table":
                    sheet, row = el.get(f"{_TABLE}name"), -1
                elif event == "start" and tag == f"{_TABLE}table-row":
                    row += 1
                    col = 0
                elif event == "end" and tag == f"{_TABLE}table-row":
                    row += int(el.get(f"{_TABLE}number-rows-repeated", "1")) - 1
                    el.clear()
                elif event == "start" and tag in (
                    f"{_TABLE}table-cell",
                    f"{_TABLE}covered-table-cell",
                ):
                    if el.get(f"{_TABLE}formula") and sheet in sheets:
                        out.setdefault(sheet, set()).add((row, col))
                    col += int(el.get(f"{_TABLE}number-columns-repeated", "1"))
    return out


def _contains(z: zipfile.ZipFile, member: str, needles: tuple[bytes, ...]) -> bool:
    """Whether a member of the archive contains any of ``needles`` (streamed)."""
    tail = b""
    with z.open(member) as f:
        while chunk := f.read(CHUNK):
            block = tail + chunk
            if any(n in block for n in needles):
                return True
            tail = block[-16:]
    return False


# --- CSV --------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` when the whole file decodes as UTF-8, else ``gb18030`` when it decodes
    as that (a superset of GBK and GB2312); otherwise a :class:`DataError` naming the line
    and byte where neither works."""
    failure = None
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        offset, line = 0, 1
        try:
            with path.open("rb") as f:
                while chunk := f.read(CHUNK):
                    try:
                        text = decoder.decode(chunk)
                    except UnicodeDecodeError as exc:
                        at = offset + exc.start
                        line += chunk[: exc.start].count(b"\n")
                        raise _Undecodable(at, line) from exc
                    offset += len(chunk)
                    line += text.count("\n")
                decoder.decode(b"", final=True)
            return encoding
        except _Undecodable as exc:
            failure = failure or exc
        except UnicodeDecodeError:
            failure = failure or _Undecodable(offset, line)
    assert failure is not None
    raise DataError(
        key="error.import.encoding",
        values={"file": path.name, "line": failure.line, "offset": failure.offset},
    )


class _Undecodable(Exception):
    def __init__(self, offset: int, line: int) -> None:
        self.offset, self.line = offset, line


def _delimited(path: Path, delimiter: str | None) -> Table:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        sample = f.read(65536)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = ","
    if csv.field_size_limit() < sys.maxsize // 2:
        csv.field_size_limit(sys.maxsize // 2)  # long cells are reported by column, below
    with path.open(encoding=encoding, newline="") as f:
        try:
            first = next(csv.reader(f, delimiter=delimiter), None)
        except csv.Error as exc:
            raise DataError(
                key="error.import.row", values={"file": path.name, "row": 1, "detail": exc}
            ) from exc
    if first is None or not any(c.strip() for c in first):
        raise DataError(key="error.import.file.blank", values={"file": path.name})
    header = _header(path, None, list(first))
    letters = {h: column_letter(i) for i, h in enumerate(header) if h}

    def produce() -> Iterator[Row]:
        with path.open(encoding=encoding, newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            next(reader, None)
            number = 1
            while True:
                try:
                    raw = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise DataError(
                        key="error.import.row",
                        values={"file": path.name, "row": number + 1, "detail": exc},
                    ) from exc
                number += 1
                cells: dict[str, object] = {}
                problems: list[str] = []
                for i, v in enumerate(raw):
                    if i >= len(header) or not header[i]:
                        if v.strip():
                            problems.append(
                                f"column {column_letter(i)}: a value in a column the header does not name"
                            )
                        continue
                    v = v.strip()
                    if not v:
                        continue
                    h = header[i]
                    if (p := _cell_problem(v, h, letters[h])) is not None:
                        problems.append(p)
                    elif v[0] == "=" and _FORMULA_TEXT.match(v):
                        problems.append(
                            f"column {h} ({letters[h]}): {v[:40]!r} is a formula, not a value"
                        )
                    else:
                        cells[h] = v
                if cells or problems:
                    yield Row(number, cells, None, problems)

    return Table(None, header, produce(), letters)


# --- JSON Lines ---------------------------------------------------------------------------


def _jsonl(path: Path) -> Table:
    encoding = detect_encoding(path)
    columns: dict[str, None] = {}
    with path.open(encoding=encoding) as f:  # the columns: every key of every object
        for line in f:
            if line.strip():
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if isinstance(obj, dict):
                    columns.update(dict.fromkeys(clean_header(k) for k in obj))
    if not columns:
        raise DataError(key="error.import.jsonl.empty", values={"file": path.name})

    def produce() -> Iterator[Row]:
        with path.open(encoding=encoding) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield Row(number, {}, None, [f"not JSON: {exc}"])
                    continue
                if not isinstance(obj, dict):
                    yield Row(number, {}, None, ["not a JSON object"])
                    continue
                cells: dict[str, object] = {}
                problems: list[str] = []
                for k, v in obj.items():
                    h = clean_header(k)
                    if v is None or v == "":
                        continue
                    if isinstance(v, (dict, list)):
                        problems.append(f"column {h}: a nested {type(v).__name__}, not a value")
                        continue
                    if (p := _cell_problem(v, h, None)) is not None:
                        problems.append(p)
                        continue
                    cells[h] = v
                yield Row(number, cells, None, problems)

    return Table(None, list(columns), produce())


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO 8601.

    >>> cell_text(5000000.0), cell_text(2.5), cell_text(dt.date(2015, 3, 2)), cell_text(" x ")
    ('5000000', '2.5', '2015-03-02', 'x')
    """
    if type(value) is str:
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


__all__ = [
    "MAX_CELL",
    "SUFFIXES",
    "Row",
    "Table",
    "cell_text",
    "clean_header",
    "column_letter",
    "detect_encoding",
    "media_type",
    "read_tables",
]
