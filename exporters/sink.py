"""Writers as sinks: each output format is an object that is handed every record once, in
output order (frictionless's ``write_row_stream`` shape), and writes as it goes.

:func:`drive` is the one loop: each plan's own fields, then its actions (each decoded
once, however many formats are written), then every issue. The typed stores, which need
a table's rows together (SQLite inserts, Parquet row groups, a workbook's sheets), spool
rows to a temporary file per table (:class:`RowSpool`) rather than holding them.
"""

from __future__ import annotations

import contextlib
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from normalise.derived import flags_of, leads_of
from normalise.models import Action, Issue, Plan

from .contract import TABLES, _flat, typed_value
from .schema import Column, columns_of

__all__ = ["Context", "Records", "RowSpool", "Sink", "TypedSink", "drive"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a sink needs besides the records: where to write and the output options."""

    stage: Path
    out_dir: Path
    bom: bool = True
    excel_safe: bool = False
    run_info: dict[str, str] | None = None
    source_files: Sequence[str] = ()


class Sink(Protocol):
    """One output format. Called: ``plan`` (a plan's own fields), then ``action`` for
    each of its actions, for every plan in order; then ``issue`` for every issue (a
    plan's own first, ``attached``; then those attached to no plan); then ``close``,
    which returns the files written."""

    def plan(self, plan: Plan) -> None:
        """A plan's own fields (its actions follow)."""

    def action(self, action: Action) -> None:
        """One action of the plan last given."""

    def issue(self, issue: Issue, attached: bool) -> None:
        """One issue; ``attached`` when it belongs to a plan."""

    def close(self) -> list[Path]:
        """Finish the files; return their paths."""
        ...


#: What :func:`drive` reads: whole plans, or (a plan's own fields, its actions) pairs as
#: :class:`normalise.stored.PlanRecords` yields them.
Records = Iterable[Plan] | Iterable[tuple[Plan, Iterable[Action]]]


def drive(sinks: Sequence[Sink], plans: Records, other_issues: Iterable[Issue], *,
          every_issue: Iterable[Issue] | None = None) -> list[Path]:
    """Hand every record to every sink once, in output order; close them. Returns the
    files written, sink by sink. ``every_issue`` (for the one-format writers, which are
    given the run's issues whole) replaces the plans' own issues and ``other_issues``."""
    try:
        _feed(sinks, plans, other_issues, every_issue)
    except BaseException:
        # Let every sink close its files (into the stage, which is thrown away).
        for sink in sinks:
            with contextlib.suppress(Exception):
                sink.close()
        raise
    return [p for sink in sinks for p in sink.close()]


def _feed(sinks: Sequence[Sink], plans: Records, other_issues: Iterable[Issue],
          every_issue: Iterable[Issue] | None) -> None:
    headers: list[Plan] = []
    for item in plans:
        plan, actions = item if isinstance(item, tuple) else (item, item.actions)
        headers.append(plan)
        for sink in sinks:
            sink.plan(plan)
        for action in actions:  # decoded once (by the records), for all the sinks
            for sink in sinks:
                sink.action(action)
    if every_issue is not None:
        for issue in every_issue:
            for sink in sinks:
                sink.issue(issue, True)
        headers, other_issues = [], ()
    for plan in headers:
        for issue in plan.issues:
            for sink in sinks:
                sink.issue(issue, True)
    for issue in other_issues:
        for sink in sinks:
            sink.issue(issue, False)



@dataclass(slots=True)
class RowSpool:
    """Typed rows per table, pickled to a temporary file as they come and read back in
    order: a store that needs a table's rows together holds one row at a time."""

    files: dict[str, IO[bytes]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in TABLES:
            self.files[name] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
            self.counts[name] = 0

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        """Append one row to ``table``."""
        pickle.dump(row, self.files[table], protocol=pickle.HIGHEST_PROTOCOL)
        self.counts[table] += 1

    def rows(self, table: str) -> Iterator[tuple[Any, ...]]:
        """The rows of ``table``, in the order added."""
        fh = self.files[table]
        fh.seek(0)
        for _ in range(self.counts[table]):
            yield pickle.load(fh)

    def close(self) -> None:
        """Let the temporary files go."""
        for fh in self.files.values():
            fh.close()


_COLUMNS: dict[str, list[Column]] = {}


def typed_row(table: str, record: Any) -> tuple[Any, ...]:
    """One record as the typed stores hold it (see :func:`contract.typed_value`)."""
    cols = _COLUMNS.get(table)
    if cols is None:
        cols = _COLUMNS[table] = columns_of(TABLES[table])
    row = _flat(record)
    return tuple(typed_value(row[c.name], c.kind) for c in cols)


class TypedSink:
    """A sink for the typed stores: rows spooled per table, written at :meth:`close` by
    :meth:`write_tables` (table name → columns and an iterator of typed rows)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.spool = RowSpool()
        self.source_files: set[str] = set(ctx.source_files)
        self.current: Plan | None = None  # the plan whose actions are coming

    def plan(self, plan: Plan) -> None:
        """Spool the plan's row."""
        self.source_files.add(plan.source_file)
        self.current = plan
        self.spool.add("plans", typed_row("plans", plan))

    def action(self, action: Action) -> None:
        """Spool the action's row, its progress entries', its leads' and its findings'."""
        self.spool.add("actions", typed_row("actions", action))
        for entry in action.entries:
            self.spool.add("progress_entries", typed_row("progress_entries", entry))
        for lead in leads_of(action):
            self.spool.add("leads", typed_row("leads", lead))
        assert self.current is not None, "drive hands a plan before its actions"
        for finding in flags_of(self.current, [action]):
            self.spool.add("findings", typed_row("findings", finding))

    def issue(self, issue: Issue, attached: bool) -> None:
        """Spool the issue's row."""
        self.source_files.add(issue.source_file)
        self.spool.add("issues", typed_row("issues", issue))

    def tables(self) -> Iterator[tuple[str, list[Column], Iterator[tuple[Any, ...]]]]:
        """Each table in contract order: name, columns, rows."""
        for name in TABLES:
            yield name, _COLUMNS.get(name) or columns_of(TABLES[name]), self.spool.rows(name)

    def close(self) -> list[Path]:
        """Write the store from the spooled rows."""
        try:
            return self.write_tables()
        finally:
            self.spool.close()

    def write_tables(self) -> list[Path]:
        """Write the files (each store's own)."""
        raise NotImplementedError
