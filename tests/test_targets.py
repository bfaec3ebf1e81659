"""Target (completion) dates: the deadline as the last day of the period written."""

from __future__ import annotations

from datetime import date

import pytest

from normalise.models import Precision
from normalise.targets import parse_target_date

D, M, Q, Y = Precision.day, Precision.month, Precision.quarter, Precision.year

CASES = [
    ("Jul-21", date(2021, 7, 31), M), ("Jun-21", date(2021, 6, 30), M),
    ("Dec-21", date(2021, 12, 31), M), ("01 August 2021", date(2021, 8, 1), D),
    ("01 July 2021", date(2021, 7, 1), D), ("By 31/12/2016", date(2016, 12, 31), D),
    ("31/03/2022", date(2022, 3, 31), D), ("14th November 2019", date(2019, 11, 14), D),
    ("October 2019", date(2019, 10, 31), M), ("Feb 2024", date(2024, 2, 29), M),
    ("End of March 2022", date(2022, 3, 31), M), ("2021/22", date(2022, 3, 31), Y),
    ("2021-2022", date(2022, 3, 31), Y), ("Q3 2021/22", date(2021, 12, 31), Q),
    ("Q4 2021/22", date(2022, 3, 31), Q), ("Q1 2022", date(2022, 3, 31), Q),
    ("2023", date(2023, 12, 31), Y), ("Sept 2021 - March 2022", date(2022, 3, 31), M),
    ("2021-09-30", date(2021, 9, 30), D),
]


@pytest.mark.parametrize(("raw", "value", "precision"), CASES)
def test_target_dates(raw: str, value: date, precision: Precision) -> None:
    t = parse_target_date(raw)
    assert (t.value, t.precision, t.problem) == (value, precision, None)


@pytest.mark.parametrize("raw", ["Ongoing", "On-going", "TBC", "Immediate", "Complete", ""])
def test_words_give_no_date_and_no_issue(raw: str) -> None:
    t = parse_target_date(raw)
    assert (t.value, t.problem) == (None, None)


def test_impossible_date_is_invalid() -> None:
    t = parse_target_date("31 September 2020")
    assert t.value is None and t.problem == "invalid-date"


def test_month_first_date_under_day_first_is_ambiguous_and_names_the_flag() -> None:
    t = parse_target_date("12/25/2021")
    assert t.value is None and t.problem == "ambiguous-date"
    assert "--date-order MDY" in t.message
    assert parse_target_date("12/25/2021", "MDY").value == date(2021, 12, 25)


def test_free_text_is_unparsed() -> None:
    t = parse_target_date("when funding allows")
    assert t.value is None and t.problem == "unparsed-date"


@pytest.mark.parametrize(("raw", "value"), [
    ("29/02/2024", date(2024, 2, 29)), ("29/02/2021", None), ("31/04/22", None),
    ("0/1/2021", None)])
def test_calendar_validates_numeric_dates(raw: str, value: date | None) -> None:
    t = parse_target_date(raw)
    assert t.value == value
    assert t.problem == (None if value else "invalid-date")
