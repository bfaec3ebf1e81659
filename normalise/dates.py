"""Date tokens: find them with one regex, validate and normalise each with dateparser.

The regex finds candidates cheaply; dateparser sees only an isolated token, with English
fixed, the publisher's day/month order and a fixed relative base so nothing depends on
today. Parsed tokens are cached: progress cells repeat the same dates endlessly.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from .models import Precision

DateOrder = str  # "DMY" (UK, the default) or "MDY"

MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTH_NUM = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

# Longest forms first, so "14th November 2019" is never read as "November 2019".
TOKEN_FORMS = rf"""
    (?P<dmy_text>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+(?:\d{{4}}|\d{{2}})\b)
  | (?P<mdy_text>\b{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b)
  | (?P<iso>\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b)
  | (?P<numeric>(?<![\d/.\-])\d{{1,2}}(?P<sep>[/.\-])\d{{1,2}}(?P=sep)(?:\d{{4}}|\d{{2}})(?![\d/]))
  | (?P<month_year>\b{MONTHS}\.?(?:[\s\-/]+|\s*')(?:\d{{4}}|\d{{2}})\b(?!\s*(?:st|nd|rd|th)\b))
"""
#: Every form opens with a digit or a month's first letter. Without this lookahead each
#: position of a cell tried the five forms, a dozen month names each, before moving on;
#: with it, any other position is turned away by one test (3.5x faster on progress text,
#: the same matches: tests/test_date_scan.py).
_GATE = r"(?=\d|[jfmasond])"
DATE_TOKEN = re.compile(rf"{_GATE}(?:{TOKEN_FORMS})", re.IGNORECASE | re.VERBOSE)

_KINDS = ("dmy_text", "mdy_text", "iso", "numeric", "month_year")
_RELATIVE_BASE = datetime(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """The reading of one date token. ``problem`` is ``None``, ``"invalid-date"`` or
    ``"ambiguous-date"``; when set, ``value`` is ``None`` and ``message`` says why."""

    raw: str
    value: date | None
    precision: Precision
    problem: str | None = None
    message: str = ""


def _year4(text: str) -> int:
    y = int(text.lstrip("'"))
    if y < 100:
        # Two-digit years in plans are this century; a pivot keeps '99 in the 1900s.
        y += 2000 if y < 70 else 1900
    return y


@lru_cache(maxsize=4096)
def _dateparser(token: str, order: DateOrder) -> date | None:
    import dateparser  # lazy: keeps `planparse --help` fast

    settings = {
        "DATE_ORDER": order,
        "RELATIVE_BASE": _RELATIVE_BASE,
        "PREFER_DAY_OF_MONTH": "first",
        "PARSERS": ["absolute-time"],
    }
    result = dateparser.parse(token, languages=["en"], settings=settings)
    return result.date() if result else None


@lru_cache(maxsize=8192)
def parse_token(token: str, kind: str, order: DateOrder = "DMY") -> ParsedDate:
    """Read one token found by :data:`DATE_TOKEN` (``kind`` is the group that matched)."""
    if kind == "month_year":
        m = re.match(rf"({MONTHS})\.?[\s\-/']*('?\d{{2,4}})$", token.strip(), re.I)
        assert m is not None
        month = _MONTH_NUM[m.group(1).lower()[:3]]
        return ParsedDate(token, date(_year4(m.group(2)), month, 1), Precision.month)
    if kind in ("numeric", "iso"):
        # The regex has already taken these apart into numbers, so the calendar itself
        # validates them: exact, and a hundred times cheaper than a dateparser call.
        parts = [int(x) for x in re.split(r"[/.\-]", token)]
        if kind == "iso":
            return _exact(token, parts[0], parts[1], parts[2])
        day, month = (parts[0], parts[1]) if order == "DMY" else (parts[1], parts[0])
        if month > 12 and day <= 12:
            other = "month-first (MDY)" if order == "DMY" else "day-first (DMY)"
            flag = "MDY" if order == "DMY" else "DMY"
            return ParsedDate(token, None, Precision.day, "ambiguous-date",
                              f"'{token}' is not a valid {order} date but would be valid "
                              f"{other}; pass --date-order {flag} if this publisher writes "
                              "dates that way")
        return _exact(token, _year4(str(parts[2])), month, day)
    value = _dateparser(token, order)
    if value is None:
        return ParsedDate(token, None, Precision.day, "invalid-date",
                          f"'{token}' is not a real date")
    return ParsedDate(token, value, Precision.day)


def _exact(token: str, year: int, month: int, day: int) -> ParsedDate:
    try:
        return ParsedDate(token, date(year, month, day), Precision.day)
    except ValueError:
        return ParsedDate(token, None, Precision.day, "invalid-date",
                          f"'{token}' is not a real date")


def end_of_period(value: date, precision: Precision) -> date:
    """Last day of the period that starts at ``value`` (a deadline given as a month or
    year means its end)."""
    if precision is Precision.month:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision is Precision.quarter:
        end_month = ((value.month - 1) // 3) * 3 + 3
        return date(value.year, end_month, calendar.monthrange(value.year, end_month)[1])
    if precision is Precision.year:
        return date(value.year, 12, 31)
    return value


def iter_tokens(text: str, order: DateOrder = "DMY") -> list[tuple[re.Match[str], ParsedDate]]:
    """Every date token in ``text`` with its reading, in order."""
    # One compiled scan; the kind is the alternative that matched (``lastgroup``: the
    # nested ``sep`` group closes before ``numeric`` does), not a group test per kind.
    return [(m, parse_token(m.group(0), m.lastgroup or "", order))
            for m in DATE_TOKEN.finditer(text)]
