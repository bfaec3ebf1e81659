"""Spreadsheet trackers (.xlsx, .xlsm) with openpyxl in read-only mode, values not formulas.

Every visible sheet is a table (hidden sheets are reported and skipped). Merged ranges are
read from the sheet's XML (read-only mode does not expose them) and resolved into the grid;
fills are kept as ``RRGGBB`` (theme colours with their tint resolved); real date cells are
written as ISO dates, so they keep day precision. Where the header is (a title row may be
merged across the top) is for normalise to find.
"""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .docx import ZIP_ERRORS, check_office_zip
from .errors import CorruptFileError, FileTooLargeError, NoTableError, TooComplexError
from .source import Cell, CellBudget, ReaderNote, SourceDocument, SourceTable

MAX_CELLS = 2_000_000
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Excel's theme colour indexes → slots of the theme's colour scheme.
_THEME_SLOTS = ["lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink"]


def read_xlsx(path: Path, name: str) -> SourceDocument:
    """Read a workbook into a :class:`SourceDocument`, one table per visible sheet."""
    check_office_zip(path, name, "workbook")
    # Opened here, so that it is closed whatever openpyxl leaves open on a damaged file.
    with path.open("rb") as fh:
        return _read_workbook(fh, path, name)


def _read_workbook(fh: Any, path: Path, name: str) -> SourceDocument:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        from .docx import _xml_problem

        raise CorruptFileError(name, _xml_problem(exc, "workbook")) from None
    tables: list[SourceTable] = []
    notes: list[ReaderNote] = []
    budget = CellBudget(name, per_table=MAX_CELLS, per_document=2 * MAX_CELLS)
    try:
        theme = _theme(wb)
        with zipfile.ZipFile(path) as zf:
            for ws in wb.worksheets:
                if ws.sheet_state != "visible":
                    notes.append(ReaderNote("hidden-sheet-skipped",
                                            f"sheet '{ws.title}' is {ws.sheet_state}; skipped"))
                    continue
                merges, formulas = _merges(zf, getattr(ws, "_worksheet_path", ""))
                unread = len(formulas)
                rows = _sheet_rows(ws, merges, theme, budget, formulas)
                kept = unread - len(formulas)  # each formula kept is taken out
                if kept:
                    notes.append(ReaderNote(
                        "formula-without-value",
                        f"sheet '{ws.title}': {kept} formula cell(s) have no saved value "
                        "(the workbook was written by a program, not saved by a "
                        "spreadsheet); each is kept as its formula", len(tables),
                        severity="warning"))
                if any(not c.is_empty for row in rows for c in row):
                    tables.append(SourceTable(table_index=len(tables), rows=rows,
                                              heading=ws.title))
    # The sheets' XML is parsed only as their rows are read: a damaged sheet fails here,
    # in lxml or expat (both SyntaxError) or in the zip member, and ValueError is what
    # openpyxl raises for values it cannot make sense of.
    except (SyntaxError, ValueError, KeyError, *ZIP_ERRORS) as exc:
        raise CorruptFileError(name, f"a sheet is damaged ({type(exc).__name__}: {exc})"
                               ) from None
    finally:
        wb.close()
    if not tables:
        raise NoTableError(name, "every sheet is empty or hidden")
    return SourceDocument(source_file=name, source_format="xlsx",
                          sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                          tables=tuple(tables), title=(wb.properties.title or None),
                          notes=tuple(notes))


def _merges(zf: zipfile.ZipFile, member: str
            ) -> tuple[list[tuple[int, int, int, int]], dict[tuple[int, int], str]]:
    """Merged ranges of a sheet as (min_row, min_col, max_row, max_col), 1-based, and
    each formula cell's formula as written (``=`` and its text) by (row, column)."""
    from lxml import etree
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    if not member:
        return [], {}
    out = []
    formulas: dict[tuple[int, int], str] = {}
    parser_kw = {"resolve_entities": False, "no_network": True, "huge_tree": False}
    with zf.open(member.lstrip("/")) as fh:
        for _event, el in etree.iterparse(fh, tag=(f"{_MAIN}mergeCell", f"{_MAIN}f",
                                                   f"{_MAIN}row"), **parser_kw):
            if el.tag == f"{_MAIN}row":
                # Each row let go once read: iterparse keeps the whole tree otherwise (a
                # 5 MB workbook of 1.5 million cells peaked at 1.5 GB in this pass).
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
                continue
            if el.tag == f"{_MAIN}f":
                # The cell's value comes after its formula: whether it has one is known
                # only from openpyxl's value (None), so every formula is kept here.
                cell = el.getparent()
                ref = cell.get("r", "") if cell is not None else ""
                if el.text and ref:
                    formulas[coordinate_to_tuple(ref)] = "=" + el.text
                continue
            ref = el.get("ref", "")
            if ":" in ref:
                c1, r1, c2, r2 = range_boundaries(ref)
                if None not in (c1, r1, c2, r2):
                    out.append((int(r1 or 0), int(c1 or 0), int(r2 or 0), int(c2 or 0)))
            el.clear()
    return out, formulas


def _sheet_rows(ws: Any, merges: list[tuple[int, int, int, int]], theme: dict[str, str],
                budget: CellBudget, formulas: dict[tuple[int, int], str] | None = None
                ) -> tuple[tuple[Cell, ...], ...]:
    """The sheet's grid. A formula cell with no saved value (openpyxl gives None: the
    workbook was written by a program that computes nothing) keeps its formula, so that
    nothing the sheet holds is lost and no value is invented; each one kept is taken out
    of ``formulas``."""
    formulas = formulas or {}
    grid: list[list[Cell]] = []
    count = 0
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            if cell.__class__.__name__ == "EmptyCell":
                cells.append(Cell())
                continue
            text = _text(cell.value)
            if cell.value is None and formulas:
                text = formulas.pop((cell.row, cell.column), "")
            cells.append(Cell(tuple(p.strip() for p in text.split("\n") if p.strip()),
                              _fill(cell, theme)))
        grid.append(cells)
        count += len(cells)
        if count > MAX_CELLS:
            raise FileTooLargeError(budget.name, f"sheet '{ws.title}' has more than "
                                    f"{MAX_CELLS:,} cells")
    # Trim trailing empty rows and columns that formatting alone created.
    while grid and all(c.is_empty and not c.fill for c in grid[-1]):
        grid.pop()
    width = max((max((i + 1 for i, c in enumerate(r) if not c.is_empty), default=0)
                 for r in grid), default=0)
    # One cell far to the right would pad every row to its column: counted first.
    budget.charge(len(grid), width, f"sheet '{ws.title}'")
    grid = [(r + [Cell()] * width)[:width] for r in grid]
    covered = sum((min(r2, len(grid)) - r1 + 1) * (min(c2, width) - c1 + 1)
                  for r1, c1, r2, c2 in merges if r1 <= len(grid) and c1 <= width)
    if covered > budget.per_table:
        # Overlapping merged ranges, each over the whole sheet, would be filled one by one.
        raise TooComplexError(budget.name, f"sheet '{ws.title}' has merged ranges over "
                              f"{covered:,} cells in all (the limit is {budget.per_table:,})")
    for r1, c1, r2, c2 in merges:
        if r1 - 1 >= len(grid) or c1 - 1 >= width:
            continue
        anchor = grid[r1 - 1][c1 - 1]
        for r in range(r1 - 1, min(r2, len(grid))):
            for c in range(c1 - 1, min(c2, width)):
                if (r, c) != (r1 - 1, c1 - 1):
                    grid[r][c] = Cell(anchor.paragraphs, anchor.fill, merged=True)
    return tuple(tuple(r) for r in grid)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # A real date cell keeps day precision; a time of day adds nothing to a deadline.
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fill(cell: Any, theme: dict[str, str]) -> str | None:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type not in ("solid", "darkGray", "mediumGray"):
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) == 8:
        return colour.rgb[2:].upper()  # ARGB
    if colour.type == "theme" and 0 <= colour.theme < len(_THEME_SLOTS):
        base = theme.get(_THEME_SLOTS[colour.theme])
        if base:
            return _tint(base, colour.tint or 0.0)
    return None


def _tint(hex_colour: str, tint: float) -> str:
    rgb = [int(hex_colour[i:i + 2], 16) for i in (0, 2, 4)]
    if tint > 0:
        rgb = [round(c + (255 - c) * tint) for c in rgb]
    elif tint < 0:
        rgb = [round(c * (1 + tint)) for c in rgb]
    return "".join(f"{c:02X}" for c in rgb)


def _theme(wb: Any) -> dict[str, str]:
    from lxml import etree

    blob = getattr(wb, "loaded_theme", None)
    if not blob:
        return {}
    root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    out = {}
    scheme = root.find(f".//{a}clrScheme")
    for slot in scheme if scheme is not None else []:
        if not isinstance(slot.tag, str):
            continue
        srgb, sys = slot.find(f"{a}srgbClr"), slot.find(f"{a}sysClr")
        value = srgb.get("val") if srgb is not None else (sys.get("lastClr") if sys is not None
                                                           else None)
        if value:
            out[slot.tag.split("}")[1]] = value.upper()
    return out
