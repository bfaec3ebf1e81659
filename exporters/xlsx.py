"""Excel: one workbook, an "About" sheet, then one sheet per table (openpyxl, the ``xlsx``
extra). Each data sheet is an Excel Table (a ListObject: filter buttons, banded rows, usable
by name in formulas) with its header frozen; dates are Excel dates; every text column (ids,
raw cells, enums, lists) is stored as text cells in a column formatted as text (``@``), so
that neither Excel nor LibreOffice re-types "Jan-22" or "01/02/2022" as a date, an id as a
number, or "=SUM(...)" as a formula, not even when a cell is edited; RAG ratings are coloured
by conditional formatting; long text is wrapped."""

from __future__ import annotations

import re
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

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
    """``planparse.xlsx`` from the spooled rows, through openpyxl's write-only sheets (each
    row written out as it is made, so the parent never holds a sheet). What a sheet's XML
    says before its rows (column widths and formats, which columns wrap) needs every row
    first: a first pass over the spooled rows measures them, a second writes them."""

    def write_tables(self) -> list[Path]:
        """Write the workbook."""
        tables = ((name, cols, lambda name=name: self.spool.rows(name))
                  for name, cols, _ in self.tables())
        return _write_workbook(tables, self.ctx.stage, self.ctx.run_info)


def write_xlsx(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path, *,
               run_info: dict[str, str] | None = None) -> list[Path]:
    """Write ``planparse.xlsx``."""
    sink = XlsxSink(Context(out_dir, out_dir, run_info=run_info))
    return drive([sink], plans, (), every_issue=issues)


#: A table to write: its name, its columns, and a function that reads its rows from the
#: start each time it is called (the rows are read twice, see :class:`XlsxSink`).
Table = tuple[str, list[Column], Callable[[], Iterator[tuple[Any, ...]]]]


def _write_workbook(tables: Iterable[Table], out_dir: Path, run_info: dict[str, str] | None
                    ) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    # No timestamps in data files: the same inputs give the same workbook.
    wb.properties.created = wb.properties.modified = datetime(2000, 1, 1)
    wb.properties.creator = "planparse"
    about = wb.create_sheet("About")
    bold = Font(bold=True)
    from .contract import TABLES
    from .schema import columns_of

    def bolded(value: str) -> Any:
        cell = WriteOnlyCell(about, value=value)
        cell.font = bold
        return cell

    lines: list[list[Any]] = [[bolded("planparse output"),
                               f"contract version {CONTRACT_VERSION}"]]
    lines += [[key, value] for key, value in (run_info or {}).items()]
    lines.append([])
    lines.append([bolded(h) for h in ("sheet", "column", "type", "description")])
    for name, model in TABLES.items():
        lines.append([name, "", "", _DESCRIBE[name]])
        for c in columns_of(model):
            kind = c.kind + (f" ({', '.join(c.enum)})" if c.enum else "")
            lines.append(["", c.name, kind, c.description])
    # A write-only sheet says its size and columns before its rows.
    _say_size(about, 4, len(lines))
    for col, width in zip("ABCD", (18, 24, 40, 90), strict=True):
        about.column_dimensions[col].width = width
    for line in lines:
        about.append(line)

    plan_rows: dict[str, str] = {}  # plan_id → its cell on the plans sheet, as written
    for name, cols, rows in tables:
        _data_sheet(wb.create_sheet(name), name, cols, rows, plan_rows)
    path = out_dir / FILENAME
    # Saved to a file and copied entry by entry, never whole in memory: the workbook (and
    # its actions sheet unzipped) grows with the archive.
    with tempfile.TemporaryFile() as saved:
        wb.save(saved)
        saved.seek(0)
        with path.open("wb") as fh:
            _fixed_zip_times(saved, fh)
    return [path]


#: Bytes of a zip entry copied at a time (see :func:`_fixed_zip_times`).
_CHUNK = 1 << 20


def _fixed_zip_times(src: IO[bytes], dest: IO[bytes]) -> None:
    """Copy the workbook in ``src`` to ``dest`` with every zip entry dated 1980-01-01,
    so the same inputs give byte-identical files (openpyxl stamps entries with the time
    of writing). Entries are streamed a chunk at a time; the bytes are those of
    ``writestr`` (which writes through the same ``open(..., "w")`` with the size known)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":
                # openpyxl sets "modified" to the time of saving, whatever we asked for.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                              zin.read(info.filename))
                zout.writestr(fixed, data)
                continue
            # The size set first, as writestr sets it (it decides the zip64 header).
            fixed.file_size = info.file_size
            with zin.open(info) as entry, zout.open(fixed, "w") as out:
                while chunk := entry.read(_CHUNK):
                    out.write(chunk)


#: Kinds written as text cells (the contract's strings: ids, cells as written, enums,
#: "; "-joined lists and JSON objects).
_TEXT_KINDS = frozenset({"string", "enum", "list", "object"})
_TEXT_FORMAT = "@"
_DATE_FORMAT = "yyyy-mm-dd"
#: RAG colours for conditional formatting: (fill, font), Excel's own "Good/Neutral/Bad".
_RAG_COLOURS = {"red": ("FFC7CE", "9C0006"), "amber": ("FFEB9C", "9C5700"),
                "green": ("C6EFCE", "006100"), "blue": ("BDD7EE", "1F4E78")}


def _say_size(ws: Any, columns: int, rows: int) -> None:
    """Give a write-only sheet the ``<dimension>`` element that a whole sheet writes:
    readers such as openpyxl's read-only mode pad each row to it (without it a row ends
    at its last value, so a row's trailing empty cells go missing)."""
    from openpyxl.utils import get_column_letter

    ref = f"A1:{get_column_letter(columns)}{rows}"
    ws.calculate_dimension = lambda: ref


def _clean(value: str) -> str:
    """A text cell's value as Excel can hold it: no control characters, at most 32,767
    characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    return cleaned[:_EXCEL_CELL_LIMIT]


def _measure(cols: list[Column], rows: Iterator[tuple[Any, ...]]
             ) -> tuple[list[int], list[bool], int, list[str | None]]:
    """The first pass over a table's rows: each column's width and whether it wraps (a
    line longer than the widest column, or several lines), the last row's number, and
    each row's plan_id (or None)."""
    widths = [len(c.name) + 2 for c in cols]
    long_text = [False] * len(cols)
    key = next((i for i, c in enumerate(cols) if c.name == "plan_id"), None)
    ids: list[str | None] = []
    last = 1
    for last, row in enumerate(rows, start=2):  # noqa: B007 - the last row is wanted
        ids.append(row[key] if key is not None and isinstance(row[key], str) else None)
        for i, value in enumerate(row):
            if isinstance(value, str):
                value = _clean(value)
                longest = max((len(x) for x in value.split("\n")), default=0)
                widths[i] = max(widths[i], min(longest + 2, _MAX_WIDTH))
                if longest > _MAX_WIDTH or "\n" in value:
                    long_text[i] = True
            elif isinstance(value, date):
                widths[i] = max(widths[i], 12)
    return widths, long_text, last, ids


def _data_sheet(ws: Any, name: str, cols: list[Column],
                rows: Callable[[], Iterator[tuple[Any, ...]]], plan_rows: dict[str, str]
                ) -> None:
    """One table's write-only sheet, from its rows read twice (:func:`_measure`, then
    the cells): typed cells, the Table object, column formats and widths, wrapping and
    RAG colours, all from the columns' kinds (so that any table added to the contract
    gets them). The plans sheet notes where each plan's row is in ``plan_rows``; the
    actions sheet's plan_id cells link there (the plans sheet comes first)."""
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    widths, long_text, last, ids = _measure(cols, rows())
    text = [c.kind in _TEXT_KINDS for c in cols]
    key = next((i for i, c in enumerate(cols) if c.name == "plan_id"), None)
    letters = [get_column_letter(i + 1) for i in range(len(cols))]
    # Before any row: a write-only sheet writes its size, columns and panes first.
    _say_size(ws, len(cols), last)
    for i, col in enumerate(cols):
        dim = ws.column_dimensions[letters[i]]
        dim.width = widths[i]
        # The column's own format, for its empty cells and for anything typed in later.
        if text[i]:
            dim.number_format = _TEXT_FORMAT
        elif col.kind == "date":
            dim.number_format = _DATE_FORMAT
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for c in cols:
        cell = WriteOnlyCell(ws, value=c.name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    link_font = Font(color="0563C1", underline="single")  # Excel's own hyperlink look
    # A cell's style as the first cell of its kind in its column got it, set property by
    # property (which registers the workbook's styles in the order of the cells); every
    # later cell of that kind copies it, instead of looking each property up again.
    styles: dict[tuple[int, type, bool], Any] = {}
    for r, (row, plan_id) in enumerate(zip(rows(), ids, strict=True), start=2):
        if key is not None and plan_id is not None and name == "plans":
            plan_rows[plan_id] = f"'plans'!{letters[key]}{r}"
        cells: list[Any] = []
        for i, value in enumerate(row):
            # A plain value needs no cell of its own; an empty cell takes its column's
            # format, unless its column wraps (every row of it, as Excel shows it).
            if not (long_text[i] or isinstance(value, str | date)):
                cells.append(value)
                continue
            link = i == key and name == "actions" and plan_id in plan_rows
            kind = (i, type(value), link)
            style = styles.get(kind)
            cell = Cell(ws, row=r, column=i + 1, style_array=style)
            if isinstance(value, str):
                # Text, whatever it looks like: a leading "=" would make openpyxl write a
                # formula, and a general-format cell is re-typed when edited. (Cleaned
                # already, so set as it is.)
                cell._value = _clean(value)
                cell.data_type = "s"
            elif value is not None:
                cell.value = value  # a date keeps the date format its style has
            if style is None:
                if isinstance(value, str):
                    cell.number_format = _TEXT_FORMAT
                elif isinstance(value, date):
                    cell.number_format = _DATE_FORMAT
                if long_text[i]:
                    cell.alignment = wrap
                if link:
                    cell.font = link_font
                styles[kind] = cell._style
            if link and plan_id is not None:
                # A link inside the workbook (a location, no target): not the "Hyperlink"
                # named style, which would take away the cell's text format.
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=plan_rows[plan_id])
            cells.append(cell)
        ws.append(cells)
    for i, col in enumerate(cols):
        if set(_RAG_COLOURS) <= set(col.enum):
            _rag_colours(ws, f"{letters[i]}2:{letters[i]}{max(last, 2)}")
    _add_table(ws, name, f"A1:{get_column_letter(len(cols))}{max(last, 2)}",
               [c.name for c in cols])


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


def _add_table(ws: Any, name: str, ref: str, headings: Sequence[str]) -> None:
    """The sheet's data as an Excel Table named after it. The Table brings its own
    filter buttons, so the sheet has no separate auto-filter (both on one range is a
    file Excel "repairs"). An empty table spans one blank row: Excel wants one. Its
    columns are named here: a write-only sheet cannot be read back for its headings."""
    from openpyxl.worksheet.table import Table, TableStyleInfo

    table = Table(displayName=_table_name(name), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    table._initialise_columns()
    for column, heading in zip(table.tableColumns, headings, strict=True):
        column.name = heading
    with warnings.catch_warnings():
        # Said of every write-only sheet, whether or not the columns were added (they were).
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        ws.add_table(table)


def _table_name(name: str) -> str:
    """A valid Excel Table name for a sheet: letters, digits and underscores, not
    starting with a digit and not readable as a cell reference ("A1", "R1C1")."""
    cleaned = re.sub(r"\W", "_", name) or "table"
    if cleaned[0].isdigit() or re.fullmatch(r"(?i)[a-z]{1,3}\d+|r\d*c\d*|[rc]", cleaned):
        cleaned = f"t_{cleaned}"
    return cleaned
