"""CSV files: UTF-8 with a BOM by default (Excel reads it right), RFC 4180 quoting."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from normalise.derived import flags_of, leads_of
from normalise.models import Action, Issue, Plan, Record

from .contract import TABLES, _getter, text_converters
from .schema import columns_of, data_package
from .sink import Context, drive

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe_text(text: str) -> str:
    """Guard a cell that Excel would evaluate as a formula (OWASP's CSV injection advice):
    a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a ``'`` before it."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class CsvSink:
    """The tables as CSV files, a row written as each record comes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.paths: list[Path] = []
        self.files: list[IO[str]] = []
        self.writers: dict[str, Callable[[Record], None]] = {}
        self.current: Plan | None = None  # the plan whose actions are coming
        for name, model in TABLES.items():
            columns = model.columns()
            kinds = [c.kind for c in columns_of(model)]
            path = ctx.stage / f"{name}.csv"
            fh = path.open("w", encoding="utf-8-sig" if ctx.bom else "utf-8", newline="")
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(columns)
            self.paths.append(path)
            self.files.append(fh)
            self.writers[name] = self._row_writer(writer, kinds)

    def _row_writer(self, writer: Any, kinds: list[str]) -> Callable[[Record], None]:
        convert = text_converters(kinds)
        guard = [self.ctx.excel_safe and k in ("string", "list", "object") for k in kinds]
        excel_safe = self.ctx.excel_safe

        def write(record: Record) -> None:
            values = _getter(type(record))(record)
            cells = [f(v) for f, v in zip(convert, values, strict=True)]
            if excel_safe:
                cells = [excel_safe_text(t) if g else t for t, g in zip(cells, guard,
                                                                        strict=True)]
            writer.writerow(cells)

        return write

    def plan(self, plan: Plan) -> None:
        """A row of plans.csv."""
        self.current = plan
        self.writers["plans"](plan)

    def action(self, action: Action) -> None:
        """A row of actions.csv, and its rows of progress_entries.csv and leads.csv."""
        self.writers["actions"](action)
        write_entry = self.writers["progress_entries"]
        for entry in action.entries:
            write_entry(entry)
        write_lead = self.writers["leads"]
        for lead in leads_of(action):
            write_lead(lead)
        write_finding = self.writers["findings"]
        assert self.current is not None, "drive hands a plan before its actions"
        for finding in flags_of(self.current, [action]):
            write_finding(finding)

    def issue(self, issue: Issue, attached: bool) -> None:
        """A row of issues.csv."""
        self.writers["issues"](issue)

    def close(self) -> list[Path]:
        """Close the files; ``datapackage.json`` describes them."""
        for fh in self.files:
            fh.close()
        dp = self.ctx.stage / "datapackage.json"
        dp.write_text(json.dumps(data_package(), indent=2) + "\n", encoding="utf-8")
        return [*self.paths, dp]


def write_csv(plans: Sequence[Plan], issues: Sequence[Issue], out_dir: Path, *,
              bom: bool = True, excel_safe: bool = False) -> list[Path]:
    """Write ``plans.csv``, ``actions.csv``, ``progress_entries.csv``, ``leads.csv``,
    ``issues.csv`` and ``findings.csv`` into ``out_dir``; return their paths.
    ``excel_safe`` guards text cells that Excel would run as formulas (JSON and the typed
    formats are never changed)."""
    sink = CsvSink(Context(out_dir, out_dir, bom=bom, excel_safe=excel_safe))
    return drive([sink], plans, (), every_issue=issues)[:-1]
