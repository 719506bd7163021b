"""An Excel workbook (Office Open XML, ``.xlsx``) written as it is read: sheets ``nodes``,
``edges`` and ``evidence`` - a header row in bold, frozen, with filters - then ``about``
(what was exported, when, how many rows). Text is stored as inline strings in UTF-8, so
Chinese reads as it is in Excel, WPS and LibreOffice.

A sheet holds at most 1,048,576 rows; a longer table continues on ``edges (2)``, ...
A cell holds at most 32,767 characters; longer text (a document's full text) is cut
there and ends with "…".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import IO, Any

from kg.columns import column_letter
from kg.export.batches import Batches
from kg.export.cells import plain
from kg.export.parts import Parts
from kg.export.tables import EDGE_COLUMNS, EVIDENCE_COLUMNS, Column, Row, Schema
from kg.export.xml import text

MAX_ROWS = 1_048_576
MAX_CELL = 32_767
WIDTHS = {
    "id": 48,
    "source": 48,
    "target": 48,
    "name": 24,
    "name_zh": 24,
    "name_en": 28,
    "sentence": 60,
    "predicate": 40,
    "document": 40,
    "graph": 40,
    "assertion": 40,
}
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _cell(value: object) -> str:
    """A value as a cell: text inline (cut at :data:`MAX_CELL`), a number, a boolean; a
    missing value an empty cell."""
    if value.__class__ is str:  # most cells
        s: str = value
    elif value is None:
        return "<c/>"
    elif value is True:
        return '<c t="b"><v>1</v></c>'
    elif value is False:
        return '<c t="b"><v>0</v></c>'
    elif isinstance(value, int | float):
        return f"<c><v>{plain(value)}</v></c>"
    else:
        s = str(value)
    if len(s) > MAX_CELL:
        s = s[: MAX_CELL - 1] + "…"
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text(s)}</t></is></c>'


class _Sheet:
    """One table, on as many sheets as its rows need."""

    def __init__(self, workbook: XLSXWriter, title: str, columns: list[Column]) -> None:
        self.workbook, self.title, self.columns = workbook, title, columns
        self.header = (
            '<row r="1">'
            + "".join(f'<c t="inlineStr" s="1"><is><t>{text(n)}</t></is></c>' for n, _ in columns)
            + "</row>"
        )
        self.f: IO[bytes] | None = None
        self.rows = 0
        self.batches = Batches(self.write)
        self.row = self.batches.row
        self._start()

    def _start(self) -> None:
        count = len([t for t in self.workbook.sheets if t.startswith(self.title)])
        name = self.title if count == 0 else f"{self.title} ({count + 1})"
        self.f = self.workbook.open_sheet(name)
        self.index = len(self.workbook.sheets) - 1
        last = column_letter(len(self.columns) - 1)
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{WIDTHS.get(n, 14)}" customWidth="1"/>'
            for i, (n, _) in enumerate(self.columns)
        )
        self.f.write(
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
                f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                f'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                f"<cols>{cols}</cols><sheetData>{self.header}"
            ).encode()
        )
        self.rows = 1
        self.last = last

    def write(self, rows: list[Row]) -> None:
        """Rows, on this sheet until it is full, then on the next."""
        self.write_rows(len(rows), lambda start, n, first: _rows(rows[start : start + n], first))

    def write_rows(self, count: int, xml: Callable[[int, int, int], Any]) -> None:
        """``count`` rows, on this sheet until it is full, then on the next: ``xml(start, n,
        first)`` gives the ``<row>`` elements of rows ``start`` to ``start + n``, numbered
        from ``first`` (a bytes-like object)."""
        done = 0
        while done < count:
            if self.rows == MAX_ROWS:
                self._finish()
                self._start()
            n = min(count - done, MAX_ROWS - self.rows)
            assert self.f is not None
            self.f.write(xml(done, n, self.rows + 1))
            self.rows += n
            done += n

    def _finish(self) -> None:
        assert self.f is not None
        self.f.write(
            f'</sheetData><autoFilter ref="A1:{self.last}{self.rows}"/></worksheet>'.encode()
        )
        self.workbook.filters[self.index] = f"$A$1:${self.last}${self.rows}"

    def close(self) -> None:
        self.batches.flush()
        self._finish()


def _rows(rows: list[Row], first: int) -> bytes:
    """Rows as ``<row>`` elements numbered from ``first``."""
    cell = _cell
    return "".join(
        [
            f'<row r="{n}">{"".join(["<c/>" if v is None else cell(v) for v in row])}</row>'
            for n, row in enumerate(rows, first)
        ]
    ).encode()


class XLSXWriter:
    def __init__(self, parts: Parts, schema: Schema, about: dict[str, str]) -> None:
        self.parts = parts
        self.about = about
        self.sheets: list[str] = []
        self.filters: dict[int, str] = {}  # sheet index -> the range its filter covers
        self.counts = {"nodes": 0, "edges": 0, "evidence": 0}
        self.nodes = _Sheet(self, "nodes", schema.node_columns)
        self.edges = _Sheet(self, "edges", EDGE_COLUMNS)
        self.evidences = _Sheet(self, "evidence", EVIDENCE_COLUMNS)

    def open_sheet(self, name: str) -> IO[bytes]:
        self.sheets.append(name)
        return self.parts.open(f"xl/worksheets/sheet{len(self.sheets)}.xml")

    def node(self, row: Row) -> None:
        self.counts["nodes"] += 1
        self.nodes.row(row)

    def edge(self, row: Row) -> None:
        self.counts["edges"] += 1
        self.edges.row(row)

    def evidence(self, row: Row) -> None:
        self.counts["evidence"] += 1
        self.evidences.row(row)

    def close(self) -> None:
        for sheet in (self.nodes, self.edges, self.evidences):
            sheet.close()
        about = [
            ("exported", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            *self.about.items(),
        ]
        about += [(f"{table} rows", str(n)) for table, n in self.counts.items()]
        f = self.open_sheet("about")
        rows = "".join(
            f'<row r="{i + 1}">{_cell(k)}{_cell(v)}</row>' for i, (k, v) in enumerate(about)
        )
        f.write(
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
                f'<cols><col min="1" max="1" width="20" customWidth="1"/>'
                f'<col min="2" max="2" width="80" customWidth="1"/></cols>'
                f"<sheetData>{rows}</sheetData></worksheet>"
            ).encode()
        )
        self._package()
        self.parts.close()

    def _package(self) -> None:
        n = len(self.sheets)
        sheets = "".join(
            f'<sheet name="{text(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, name in enumerate(self.sheets)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{text(self.sheets[i])}'!{ref}</definedName>"
            for i, ref in sorted(self.filters.items())
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n)
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(n)
        )
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        self.parts.add(
            "[Content_Types].xml",
            (
                f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                f"{overrides}</Types>"
            ).encode(),
        )
        self.parts.add(
            "_rels/.rels",
            (
                f'{head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ).encode(),
        )
        self.parts.add(
            "xl/workbook.xml",
            (
                f'{head}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets>'
                f"{f'<definedNames>{names}</definedNames>' if names else ''}</workbook>"
            ).encode(),
        )
        self.parts.add(
            "xl/_rels/workbook.xml.rels",
            (
                f'{head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'{rels}<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
                "</Relationships>"
            ).encode(),
        )
        self.parts.add(
            "xl/styles.xml",
            (
                f'{head}<styleSheet xmlns="{MAIN}">'
                '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
                '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                "</styleSheet>"
            ).encode(),
        )

    def discard(self) -> None:
        self.parts.discard()
