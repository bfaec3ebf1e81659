"""CSV files: UTF-8 with a BOM by default (Excel reads it right), RFC 4180 quoting."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from normalise import Issue, Plan

from .contract import TABLES, table_rows, to_text


def write_csv(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path, *,
              bom: bool = True) -> list[Path]:
    """Write ``plans.csv``, ``actions.csv``, ``progress_entries.csv``, ``leads.csv`` and
    ``issues.csv`` into ``out_dir``; return their paths."""
    rows = table_rows(plans, issues)
    written = []
    for name, model in TABLES.items():
        columns = model.columns()
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows[name]:
                writer.writerow([to_text(row[c]) for c in columns])
        written.append(path)
    return written
