"""Parquet: one file per table with real types (pyarrow, the ``parquet`` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from normalise.models import Issue, Plan

from .schema import arrow_schema
from .sink import Context, TypedSink, drive
from .typed import typed_tables


def arrow_tables(plans: Sequence[Plan], issues: Sequence[Issue]) -> dict[str, Any]:
    """Table name → ``pyarrow.Table`` with the contract's schema."""
    import pyarrow as pa

    out = {}
    for name, (cols, rows) in typed_tables(plans, issues).items():
        data = {c.name: [r[i] for r in rows] for i, c in enumerate(cols)}
        out[name] = pa.Table.from_pydict(data, schema=arrow_schema(name))
    return out


#: Rows per row group: a table is written in groups of this many, so the parent holds
#: one group, not the table (smaller than pyarrow's default of 1Mi rows).
ROW_GROUP = 65_536


class ParquetSink(TypedSink):
    """``<table>.parquet`` for each table, through ``pyarrow.parquet.ParquetWriter``, a
    row group at a time from the spooled rows."""

    def write_tables(self) -> list[Path]:
        """Write each table's file."""
        import itertools

        import pyarrow as pa
        import pyarrow.parquet as pq

        written = []
        for name, cols, rows in self.tables():
            schema = arrow_schema(name)
            path = self.ctx.stage / f"{name}.parquet"
            first = True
            with pq.ParquetWriter(path, schema) as writer:
                while True:
                    chunk = list(itertools.islice(rows, ROW_GROUP))
                    if not chunk and not first:
                        break
                    data = {c.name: [r[i] for r in chunk] for i, c in enumerate(cols)}
                    writer.write_table(pa.Table.from_pydict(data, schema=schema))
                    first = False
                    if len(chunk) < ROW_GROUP:
                        break
            written.append(path)
        return written


def write_parquet(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path) -> list[Path]:
    """Write ``<table>.parquet`` for each table."""
    return drive([ParquetSink(Context(out_dir, out_dir))], plans, (), every_issue=issues)
