"""Parquet: one file per table with real types (pyarrow, the ``parquet`` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from normalise.models import Issue, Plan

from .schema import arrow_schema
from .typed import typed_tables


def arrow_tables(plans: Sequence[Plan], issues: Sequence[Issue]) -> dict[str, Any]:
    """Table name → ``pyarrow.Table`` with the contract's schema."""
    import pyarrow as pa

    out = {}
    for name, (cols, rows) in typed_tables(plans, issues).items():
        data = {c.name: [r[i] for r in rows] for i, c in enumerate(cols)}
        out[name] = pa.Table.from_pydict(data, schema=arrow_schema(name))
    return out


def write_parquet(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path) -> list[Path]:
    """Write ``<table>.parquet`` for each of the five tables."""
    import pyarrow.parquet as pq

    written = []
    for name, table in arrow_tables(plans, issues).items():
        path = out_dir / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written
