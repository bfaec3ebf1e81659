"""CSV files: UTF-8 with a BOM by default (Excel reads it right), RFC 4180 quoting."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from normalise import Issue, Plan

from .contract import TABLES, table_rows, to_text
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
    rows = table_rows(plans, issues)
    written = []
    for name, model in TABLES.items():
        columns = model.columns()
        text_cols = {c.name for c in columns_of(model) if c.kind in ("string", "list", "object")}
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows[name]:
                writer.writerow([excel_safe_text(to_text(row[c])) if excel_safe and c in text_cols
                                 else to_text(row[c]) for c in columns])
        written.append(path)
    return written
