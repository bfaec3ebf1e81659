"""Parquet: one file per table with real types (pyarrow, the ``parquet`` extra)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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


#: A row group ends at this many rows or at about this many bytes of values, whichever
#: comes first, so the parent holds one bounded group, never a table: a row count alone let
#: a group of long actions grow with the archive (65,536 actions of text are ~100 MB).
ROW_GROUP = 65_536
GROUP_BYTES = 8_000_000


def _size(row: tuple[Any, ...]) -> int:
    """About what a row's values take in a group: a string its length, anything else a
    word (the estimate only decides where a group ends)."""
    return sum(len(v) if isinstance(v, str) else 8 for v in row)


def row_groups(rows: Iterator[tuple[Any, ...]], max_rows: int = ROW_GROUP,
               max_bytes: int = GROUP_BYTES) -> Iterator[list[tuple[Any, ...]]]:
    """``rows`` in groups of at most ``max_rows`` rows and about ``max_bytes`` bytes (a
    group holds at least one row); at least one group, empty when there are no rows (an
    empty table still gets its schema written)."""
    group: list[tuple[Any, ...]] = []
    size = 0
    given = False
    for row in rows:
        group.append(row)
        size += _size(row)
        if len(group) >= max_rows or size >= max_bytes:
            yield group
            group, size, given = [], 0, True
    if group or not given:
        yield group


class ParquetSink(TypedSink):
    """``<table>.parquet`` for each table, through ``pyarrow.parquet.ParquetWriter``, a
    row group at a time from the spooled rows (see :func:`row_groups`)."""

    def write_tables(self) -> list[Path]:
        """Write each table's file."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        written = []
        for name, cols, rows in self.tables():
            schema = arrow_schema(name)
            path = self.ctx.stage / f"{name}.parquet"
            with pq.ParquetWriter(path, schema) as writer:
                # The bounds read at each write (a test lowers them).
                for chunk in row_groups(rows, ROW_GROUP, GROUP_BYTES):
                    data = {c.name: [r[i] for r in chunk] for i, c in enumerate(cols)}
                    writer.write_table(pa.Table.from_pydict(data, schema=schema))
            written.append(path)
        return written


def write_parquet(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path) -> list[Path]:
    """Write ``<table>.parquet`` for each table."""
    return drive([ParquetSink(Context(out_dir, out_dir))], plans, (), every_issue=issues)
