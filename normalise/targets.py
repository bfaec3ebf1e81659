"""Target (completion) dates: the deadline written, as the last day of its period."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .dates import DateOrder, end_of_period, iter_tokens
from .models import Precision

# Words publishers put in the date column that promise no date. Kept raw, no issue.
NO_DATE_WORDS = frozenset({
    "ongoing", "on going", "on-going", "tbc", "tbd", "tba", "immediate", "immediately",
    "complete", "completed", "n/a", "na", "asap", "continuous", "continual", "quarterly",
    "monthly", "annually", "annual", "weekly", "as required", "as needed", "in place",
    "done", "achieved", "none", "-", "to be confirmed", "with immediate effect",
})
_LEAD_IN = re.compile(r"^(?:by|before|due|deadline:?|target:?|end\s+of|by\s+end\s+of|by\s+the"
                      r"\s+end\s+of|no\s+later\s+than|w/?c|week\s+commencing)\s+", re.I)
_FIN_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$", re.I)
_QUARTER = re.compile(r"^q([1-4])\s*(?:of\s+)?(?:fy\s*)?(\d{4})(?:\s*[/\-–]\s*(\d{2}|\d{4}))?$",
                      re.I)
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class TargetDate:
    """A parsed deadline. ``problem`` is an issue code when the text could not be read."""

    value: date | None
    precision: Precision | None
    problem: str | None = None
    message: str = ""


def _next_year(first: int, second: str) -> int | None:
    y2 = int(second)
    if len(second) == 2:
        y2 += (first // 100) * 100
    return y2 if y2 == first + 1 else None


def parse_target_date(raw: str, order: DateOrder = "DMY") -> TargetDate:
    """Read a deadline cell.

    "Jul-21" → 2021-07-31 (month); "01 August 2021" → 2021-08-01 (day); "2021/22" →
    2022-03-31, the end of the UK financial year; "Q3 2021/22" → 2021-12-31 (quarter);
    "By 31/12/2016" → 2016-12-31; "Ongoing", "TBC" → no date, no problem; "31 September
    2020" → no date and ``invalid-date``. Where a cell holds several dates (a range, a
    revised date), the last one written is taken as the deadline.
    """
    text = " ".join(raw.split()).strip().rstrip(".")
    if not text:
        return TargetDate(None, None)
    low = text.lower()
    if low in NO_DATE_WORDS:
        return TargetDate(None, None)
    stripped = _LEAD_IN.sub("", text)
    if m := _FIN_YEAR.match(stripped):
        end = _next_year(int(m.group(1)), m.group(2))
        if end is not None:
            return TargetDate(date(end, 3, 31), Precision.year)
    if m := _QUARTER.match(stripped):
        return _quarter(int(m.group(1)), int(m.group(2)), m.group(3))
    if m := _YEAR.match(stripped):
        return TargetDate(date(int(m.group(1)), 12, 31), Precision.year)
    tokens = iter_tokens(text, order)
    if not tokens:
        return TargetDate(None, None, "unparsed-date",
                          f"'{raw.strip()}' is not a date planparse can read")
    parsed = tokens[-1][1]
    if parsed.value is None:
        return TargetDate(None, parsed.precision, parsed.problem, parsed.message)
    return TargetDate(end_of_period(parsed.value, parsed.precision), parsed.precision)


def _quarter(q: int, year: int, fy_end: str | None) -> TargetDate:
    if fy_end is not None and _next_year(year, fy_end) is not None:
        # UK financial quarters: Q1 is April–June of the first year, Q4 January–March.
        end_month = {1: 6, 2: 9, 3: 12, 4: 3}[q]
        y = year + 1 if q == 4 else year
    else:
        end_month, y = q * 3, year
    return TargetDate(date(y, end_month, calendar.monthrange(y, end_month)[1]), Precision.quarter)
