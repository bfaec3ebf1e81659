"""CSV files: UTF-8 with a BOM by default (Excel reads it right), RFC 4180 quoting."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from normalise.models import Issue, Plan

from .contract import TABLES, iter_rows, text_converters
from .schema import columns_of

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe_text(text: str) -> str:
    """Guard a cell that Excel would evaluate as a formula (OWASP's CSV injection advice):
    a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a ``'`` before it."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def write_csv(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path, *,
              bom: bool = True, excel_safe: bool = False) -> list[Path]:
    """Write ``plans.csv``, ``actions.csv``, ``progress_entries.csv``, ``leads.csv`` and
    ``issues.csv`` into ``out_dir``; return their paths. ``excel_safe`` guards text cells
    that Excel would run as formulas (JSON and the typed formats are never changed)."""
    written = []
    for name, model in TABLES.items():
        columns = model.columns()
        kinds = [c.kind for c in columns_of(model)]
        convert = text_converters(kinds)
        guard = [excel_safe and k in ("string", "list", "object") for k in kinds]
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(columns)
            for row in iter_rows(plans, issues, name):
                cells = [f(row[c]) for f, c in zip(convert, columns, strict=True)]
                if excel_safe:
                    cells = [excel_safe_text(t) if g else t for t, g in zip(cells, guard,
                                                                            strict=True)]
                writer.writerow(cells)
        written.append(path)
    return written
