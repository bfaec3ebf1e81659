"""Excel: one workbook, an "About" sheet, then one sheet per table (openpyxl, the ``xlsx``
extra). Headers frozen and filtered, dates as Excel dates, long text wrapped, and text that
looks like a formula stored as text, never evaluated."""

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
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    # No timestamps in data files: the same inputs give the same workbook.
    wb.properties.created = wb.properties.modified = datetime(2000, 1, 1)
    wb.properties.creator = "planparse"
    about = wb.active
    assert about is not None
    about.title = "About"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
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

    for name, cols, rows in tables:
        ws = wb.create_sheet(name)
        ws.append([c.name for c in cols])
        for cell in ws[1]:
            cell.font = bold
        widths = [len(c.name) + 2 for c in cols]
        long_text = [False] * len(cols)
        for r, row in enumerate(rows, start=2):
            for i, value in enumerate(row):
                cell = ws.cell(row=r, column=i + 1)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_EXCEL_CELL_LIMIT]
                    cell.value = value
                    # A leading "=" would make openpyxl write a formula: keep it text.
                    cell.data_type = "s"
                    longest = max((len(x) for x in value.split("\n")), default=0)
                    widths[i] = max(widths[i], min(longest + 2, _MAX_WIDTH))
                    if longest > _MAX_WIDTH or "\n" in value:
                        long_text[i] = True
                else:
                    cell.value = value
                    if isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
                        widths[i] = max(widths[i], 12)
        for i, width in enumerate(widths):
            letter = ws.cell(row=1, column=i + 1).column_letter
            ws.column_dimensions[letter].width = width
            if long_text[i]:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                    cell.alignment = wrap
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
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
