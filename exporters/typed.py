"""Rows with real types, per table, for the typed stores (Parquet, SQLite, XLSX)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from normalise.models import Issue, Plan

from .contract import TABLES, table_rows, typed_value
from .schema import Column, columns_of


def typed_tables(plans: Sequence[Plan], issues: Sequence[Issue]
                 ) -> dict[str, tuple[list[Column], list[tuple[Any, ...]]]]:
    """Table name → (columns, rows as tuples of typed values)."""
    rows = table_rows(plans, issues)
    out = {}
    for name, model in TABLES.items():
        cols = columns_of(model)
        out[name] = (cols, [tuple(typed_value(r[c.name], c.kind) for c in cols)
                            for r in rows[name]])
    return out
