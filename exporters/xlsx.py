"""Excel: one workbook, an "About" sheet, then one sheet per table (openpyxl, the ``xlsx``
extra). Each data sheet is an Excel Table (a ListObject: filter buttons, banded rows, usable
by name in formulas) with its header frozen; dates are Excel dates; every text column (ids,
raw cells, enums, lists) is stored as text cells in a column formatted as text (``@``), so
that neither Excel nor LibreOffice re-types "Jan-22" or "01/02/2022" as a date, an id as a
number, or "=SUM(...)" as a formula, not even when a cell is edited; RAG ratings are coloured
by conditional formatting; long text is wrapped."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from normalise.models import CONTRACT_VERSION, Issue, Plan

from .schema import Column
from .sink import Context, TypedSink, drive

FILENAME = "planparse.xlsx"
_MAX_WIDTH = 60
_EXCEL_CELL_LIMIT = 32767
_DESCRIBE = {
    "plans": "One row per action plan (a table, or tables stitched together, in one document).",
    "actions": "One row per action, typed values beside the cells as written.",
    "progress_entries": "One row per dated update split out of a progress cell.",
    "leads": "One row per lead agency or person named for an action.",
    "issues": "One row per problem found in the data, with where it was found.",
    "findings": "One row per audit finding about an action (overdue, stale, unevidenced...).",
}


class XlsxSink(TypedSink):
    """``planparse.xlsx`` from the spooled rows. openpyxl's write-only sheets would not
    hold the column widths and wrapping that need every row first, so the workbook is
    built whole, as before, one sheet after another."""

    def write_tables(self) -> list[Path]:
        """Write the workbook."""
        return _write_workbook(self.tables(), self.ctx.stage, self.ctx.run_info)


def write_xlsx(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path, *,
               run_info: dict[str, str] | None = None) -> list[Path]:
    """Write ``planparse.xlsx``."""
    sink = XlsxSink(Context(out_dir, out_dir, run_info=run_info))
    return drive([sink], plans, (), every_issue=issues)


def _write_workbook(tables: Iterable[tuple[str, list[Column], Iterator[tuple[Any, ...]]]],
                    out_dir: Path, run_info: dict[str, str] | None) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    # No timestamps in data files: the same inputs give the same workbook.
    wb.properties.created = wb.properties.modified = datetime(2000, 1, 1)
    wb.properties.creator = "planparse"
    about = wb.active
    assert about is not None
    about.title = "About"
    bold = Font(bold=True)
    from .contract import TABLES
    from .schema import columns_of

    about.append(["planparse output", f"contract version {CONTRACT_VERSION}"])
    for key, value in (run_info or {}).items():
        about.append([key, value])
    about.append([])
    about.append(["sheet", "column", "type", "description"])
    for cell in about[about.max_row]:
        cell.font = bold
    for name, model in TABLES.items():
        about.append([name, "", "", _DESCRIBE[name]])
        for c in columns_of(model):
            kind = c.kind + (f" ({', '.join(c.enum)})" if c.enum else "")
            about.append(["", c.name, kind, c.description])
    about["A1"].font = bold
    for col, width in zip("ABCD", (18, 24, 40, 90), strict=True):
        about.column_dimensions[col].width = width

    plan_rows: dict[str, str] = {}  # plan_id → its cell on the plans sheet, as written
    for name, cols, rows in tables:
        _data_sheet(wb.create_sheet(name), name, cols, rows, plan_rows)
    path = out_dir / FILENAME
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))
    return [path]


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook with every zip entry dated 1980-01-01, so the same inputs give
    byte-identical files (openpyxl stamps entries with the time of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl sets "modified" to the time of saving, whatever we asked for.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                              data)
            zout.writestr(fixed, data)
    return out.getvalue()


#: Kinds written as text cells (the contract's strings: ids, cells as written, enums,
#: "; "-joined lists and JSON objects).
_TEXT_KINDS = frozenset({"string", "enum", "list", "object"})
_TEXT_FORMAT = "@"
_DATE_FORMAT = "yyyy-mm-dd"
#: RAG colours for conditional formatting: (fill, font), Excel's own "Good/Neutral/Bad".
_RAG_COLOURS = {"red": ("FFC7CE", "9C0006"), "amber": ("FFEB9C", "9C5700"),
                "green": ("C6EFCE", "006100"), "blue": ("BDD7EE", "1F4E78")}


def _data_sheet(ws: Any, name: str, cols: list[Column],
                rows: Iterator[tuple[Any, ...]], plan_rows: dict[str, str]) -> None:
    """One table's sheet, from its rows in one pass: typed cells, then the Table object,
    column formats and widths, wrapping and RAG colours, all from the columns' kinds (so
    that any table added to the contract gets them). The plans sheet notes where each
    plan's row is in ``plan_rows``; the actions sheet's plan_id cells link there (the
    plans sheet comes first, so one pass still does)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws.append([c.name for c in cols])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    text = [c.kind in _TEXT_KINDS for c in cols]
    widths = [len(c.name) + 2 for c in cols]
    long_text = [False] * len(cols)
    key = next((i for i, c in enumerate(cols) if c.name == "plan_id"), None)
    link_font = Font(color="0563C1", underline="single")  # Excel's own hyperlink look
    last = 1
    for r, row in enumerate(rows, start=2):
        last = r
        if key is not None and isinstance(row[key], str):
            if name == "plans":
                plan_rows[row[key]] = f"'plans'!{get_column_letter(key + 1)}{r}"
            elif name == "actions" and row[key] in plan_rows:
                # A link inside the workbook (a location, no target): not the "Hyperlink"
                # named style, which would take away the cell's text format.
                cell = ws.cell(row=r, column=key + 1)
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=plan_rows[row[key]])
                cell.font = link_font
        for i, value in enumerate(row):
            if value is None:
                continue  # an empty cell takes its column's format (below)
            cell = ws.cell(row=r, column=i + 1)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_EXCEL_CELL_LIMIT]
                cell.value = value
                # Text, whatever it looks like: a leading "=" would make openpyxl write a
                # formula, and a general-format cell is re-typed when edited.
                cell.data_type = "s"
                cell.number_format = _TEXT_FORMAT
                longest = max((len(x) for x in value.split("\n")), default=0)
                widths[i] = max(widths[i], min(longest + 2, _MAX_WIDTH))
                if longest > _MAX_WIDTH or "\n" in value:
                    long_text[i] = True
            else:
                cell.value = value
                if isinstance(value, date):
                    cell.number_format = _DATE_FORMAT
                    widths[i] = max(widths[i], 12)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, col in enumerate(cols):
        letter = get_column_letter(i + 1)
        dim = ws.column_dimensions[letter]
        dim.width = widths[i]
        # The column's own format, for its empty cells and for anything typed in later.
        if text[i]:
            dim.number_format = _TEXT_FORMAT
        elif col.kind == "date":
            dim.number_format = _DATE_FORMAT
        if long_text[i]:
            for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=i + 1,
                                        max_col=i + 1):
                cell.alignment = wrap
        if set(_RAG_COLOURS) <= set(col.enum):
            _rag_colours(ws, f"{letter}2:{letter}{max(last, 2)}")
    ws.freeze_panes = "A2"
    _add_table(ws, name, f"A1:{get_column_letter(len(cols))}{max(last, 2)}")


def _rag_colours(ws: Any, ref: str) -> None:
    """Colour each RAG word in ``ref`` as a traffic light (conditional formats: the
    cells keep their text)."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    for word, (fill, font) in _RAG_COLOURS.items():
        ws.conditional_formatting.add(ref, CellIsRule(
            operator="equal", formula=[f'"{word}"'],
            fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
            font=Font(color=font)))


def _add_table(ws: Any, name: str, ref: str) -> None:
    """The sheet's data as an Excel Table named after it. The Table brings its own
    filter buttons, so the sheet has no separate auto-filter (both on one range is a
    file Excel "repairs"). An empty table spans one blank row: Excel wants one."""
    from openpyxl.worksheet.table import Table, TableStyleInfo

    table = Table(displayName=_table_name(name), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)


def _table_name(name: str) -> str:
    """A valid Excel Table name for a sheet: letters, digits and underscores, not
    starting with a digit and not readable as a cell reference ("A1", "R1C1")."""
    cleaned = re.sub(r"\W", "_", name) or "table"
    if cleaned[0].isdigit() or re.fullmatch(r"(?i)[a-z]{1,3}\d+|r\d*c\d*|[rc]", cleaned):
        cleaned = f"t_{cleaned}"
    return cleaned
