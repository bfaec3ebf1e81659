"""What changed between publications of a plan: the Python side of ``planparse diff``.

>>> import planparse
>>> changes = planparse.diff("plan-2021.docx", "plan-2022.pdf")
>>> frame = planparse.changes_frame(changes)

Each publication is read whole (any format: a Word file against a PDF is fine), then
compared record by record (:mod:`normalise.diff`). The command line is a thin skin over
:func:`compare`.
"""

from __future__ import annotations

import sys
import types
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normalise import Change, Plan

from .settings import Settings

if TYPE_CHECKING:
    import pandas

PathLike = str | Path
#: A publication: a file (or a folder read as one publication), or plans already read.
Publication = PathLike | Plan | Sequence[Plan]


class DiffError(Exception):
    """A publication could not be compared: a file failed, or it holds no plan."""


@dataclass(slots=True)
class Comparison:
    """A comparison of publications in the order given: each consecutive pair's changes,
    and the plans of each publication (the last one is what ``--format report`` shows)."""

    names: list[str]
    publications: list[list[Plan]]
    #: One list per consecutive pair, in order.
    steps: list[list[Change]] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        """Every pair's changes, in order."""
        return [c for step in self.steps for c in step]

    @property
    def exit_code(self) -> int:
        """As Unix ``diff``: 0 when the publications hold the same plan content, 1 when
        there are changes."""
        return 1 if self.changes else 0

    def summary(self) -> str:
        """Counts per change code, then each slipped deadline with its days."""
        return summarise(self.changes, self.names)


def _read(item: Publication, settings: Settings) -> tuple[str, list[Plan]]:
    """One publication's plans, whole; :class:`DiffError` when it cannot be compared."""
    from .batch import run

    if isinstance(item, Plan):
        return item.source_file, [item]
    if not isinstance(item, str | Path):
        plans = list(item)
        return (plans[0].source_file if plans else "(no plans)"), plans
    result = run([item], settings)
    name = str(item)
    failed = [f"{f.source_file}: {f.message}" for f in result.failed]
    if not result.files:
        failed.append(f"{name}: no file planparse reads")
    if failed:
        raise DiffError("; ".join(failed))
    plans = result.plans
    if not plans:
        raise DiffError(f"{name}: no action plan found")
    return name, plans


def compare(publications: Sequence[Publication], settings: Settings | None = None,
            **kw: Any) -> Comparison:
    """Compare two or more publications, each consecutive pair in the order given (oldest
    first), read with ``settings`` (keyword options as for
    :meth:`~planparse.settings.Settings.make`, e.g. ``encoding``, ``date_order``,
    ``aliases``, ``colour_key``, ``password``, ``max_pages``). Raises :class:`DiffError`
    when one cannot be read or holds no plan, and ``ValueError`` when fewer than two are
    given (or a setting is wrong: :class:`~planparse.settings.SettingError`)."""
    from dataclasses import replace

    from normalise import diff_plans

    if len(publications) < 2:
        raise ValueError("give at least two publications, the older first")
    # Read in this process, a publication at a time (as planparse.read does).
    settings = replace(Settings.make(settings, **kw), workers=1, timeout=None)
    names, plans = [], []
    for item in publications:
        name, found = _read(item, settings)
        names.append(name)
        plans.append(found)
    return Comparison(names, plans, [diff_plans(old, new) for old, new in pairwise(plans)])


def diff(old: Publication, new: Publication, **kw: Any) -> list[Change]:
    """The changes from the ``old`` publication to the ``new`` one, as
    :class:`~normalise.Change` records (``changes.csv``'s rows). Each is a file, a
    folder, a :class:`~normalise.Plan` or a list of plans; ``kw`` are :func:`compare`'s
    reading options. An empty list means the two hold the same plan content."""
    return compare([old, new], **kw).changes


def diff_series(publications: Sequence[Publication], **kw: Any) -> list[Change]:
    """The changes along a series of publications, oldest first: each consecutive pair."""
    return compare(publications, **kw).changes


def changes_frame(changes: Sequence[Change]) -> pandas.DataFrame:
    """The changes as a pandas DataFrame, columns in ``changes.csv``'s order, with
    nullable dtypes (``string``, ``Int64``); ``entry_date`` holds ``datetime.date``."""
    import pandas as pd

    columns = Change.columns()
    frame = pd.DataFrame([c.model_dump(include=set(columns)) for c in changes],
                         columns=columns)
    for name in columns:
        if name == "days":
            frame[name] = frame[name].astype("Int64")
        elif name != "entry_date":
            frame[name] = frame[name].astype("string")
    return frame


def summarise(changes: Sequence[Change], names: Sequence[str] = ()) -> str:
    """What a person reads after a comparison: counts per change code, then the slipped
    deadlines with their days, then rewritten history."""
    from normalise import CHANGE_CODES

    if not changes:
        return "no changes: the publications hold the same plan content"
    counts = Counter(c.change for c in changes)
    lines = [f"{len(changes)} change(s)" + (f" from {names[0]} to {names[-1]}" if names else "")]
    lines += [f"  {code:<20} {counts[code]}" for code in CHANGE_CODES if counts[code]]
    slipped = [c for c in changes if c.change == "target-date-changed" and (c.days or 0) > 0]
    if slipped:
        lines.append("slipped deadlines:")
        lines += [f"  action {c.ref}: {c.old_value} → {c.new_value} ({c.days} days)"
                  for c in slipped]
    removed = [c for c in changes if c.change == "entry-removed"]
    if removed:
        lines.append(f"history rewritten: {len(removed)} earlier update(s) gone from "
                     + ", ".join(sorted({f"action {c.ref}" for c in removed})))
    return "\n".join(lines)


class _CallableModule(types.ModuleType):
    """``planparse.diff(old, new)`` works even once this module has been imported as
    ``planparse.diff`` (importing a submodule sets it as the package's attribute)."""

    def __call__(self, old: Publication, new: Publication, **kw: Any) -> list[Change]:
        return diff(old, new, **kw)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Comparison", "DiffError", "changes_frame", "compare", "diff", "diff_series",
           "summarise"]
