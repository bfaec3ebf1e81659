"""Models → the six flat tables. Column order comes from the models, never from here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from enum import Enum
from functools import cache
from operator import attrgetter
from typing import Any

from normalise.derived import flags_of, leads_of
from normalise.models import Action, Flag, Issue, Lead, Plan, ProgressEntry, Record

#: Table name → the model that defines its columns, in the order files are written.
TABLES: dict[str, type[Record]] = {
    "plans": Plan,
    "actions": Action,
    "progress_entries": ProgressEntry,
    "leads": Lead,
    "issues": Issue,
    # Contract 1.3: the audit findings (also written, by the "audit" format, as audit.csv).
    "findings": Flag,
}

Row = dict[str, Any]


def table_rows(plans: Sequence[Plan], issues: Iterable[Issue]) -> dict[str, list[Row]]:
    """Flatten plans (and the issues not attached to a plan) into rows per table.

    Values keep their Python types (``date``, enums, lists, dicts); :func:`to_text` turns
    one into the text a CSV cell holds.
    """
    issues = list(issues)
    return {name: list(iter_rows(plans, issues, name)) for name in TABLES}


def iter_rows(plans: Sequence[Plan], issues: Iterable[Issue], table: str) -> Iterator[Row]:
    """The rows of one of the tables, one at a time: a writer that streams them
    holds one row, not the table."""
    if table == "issues":
        yield from (_flat(i) for i in issues)
        return
    for plan in plans:
        if table == "plans":
            yield _flat(plan)
            continue
        for action in plan.actions:
            if table == "actions":
                yield _flat(action)
            elif table == "progress_entries":
                yield from (_flat(e) for e in action.entries)
            elif table == "findings":
                yield from (_flat(f) for f in flags_of(plan, [action]))
            else:
                yield from (_flat(lead) for lead in leads_of(action))


def all_issues(plans: Sequence[Plan], other: Iterable[Issue]) -> list[Issue]:
    """Every issue of a run: each plan's own, then the ones attached to no plan."""
    return [i for p in plans for i in p.issues] + list(other)


def _flat(record: Record) -> Row:
    names = type(record).columns()
    return dict(zip(names, _getter(type(record))(record), strict=True))


@cache
def _getter(model: type[Record]) -> Callable[[Record], tuple[Any, ...]]:
    # attrgetter fetches every column in one C call; this runs once per record written.
    names = model.columns()
    get = attrgetter(*names)
    return (lambda r: (get(r),)) if len(names) == 1 else get


def text_converters(kinds: Sequence[str]) -> list[Callable[[Any], str]]:
    """One function per column turning its values into CSV text, chosen once from the
    column's kind (see :func:`exporters.schema.columns_of`) rather than per value."""
    return [_TEXT_BY_KIND.get(kind, to_text) for kind in kinds]


def _string(v: Any) -> str:
    return "" if v is None else str(v)


def _date(v: Any) -> str:
    return "" if v is None else str(v.isoformat())


def _enum(v: Any) -> str:
    return "" if v is None else str(v.value)


def _list(v: Any) -> str:
    return "; ".join(str(x) for x in v) if v else ""


def _object(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False) if v else ""


def _boolean(v: Any) -> str:
    return "" if v is None else ("true" if v else "false")


_TEXT_BY_KIND: dict[str, Callable[[Any], str]] = {
    "string": _string, "integer": _string, "date": _date, "enum": _enum, "list": _list,
    "object": _object, "boolean": _boolean}


def to_text(value: Any) -> str:
    """The CSV text of one value: ISO dates, enum values, leads joined with "; ",
    JSON objects for mappings, empty for missing values."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


def typed_value(value: Any, kind: str) -> Any:
    """A value as typed stores hold it: dates stay dates, enums become their text,
    lists join with "; " (as in CSV), mappings become JSON text (``None`` when empty)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if kind == "list":
        return "; ".join(str(v) for v in value)
    if kind == "object":
        return json.dumps(value, ensure_ascii=False) if value else None
    return value
