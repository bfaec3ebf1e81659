"""Status and RAG vocabulary."""

from __future__ import annotations

import pytest

from normalise.models import Rag, Status
from normalise.status import read_status

CASES = [
    ("Complete", Status.completed, None), ("Completed", Status.completed, None),
    ("Completed.", Status.completed, None), ("On-going", Status.ongoing, None),
    ("On going", Status.ongoing, None), ("ongoing", Status.ongoing, None),
    ("In progress", Status.in_progress, None), ("Not started", Status.not_started, None),
    ("Achieved", Status.completed, None), ("Delivered", Status.completed, None),
    ("Superseded", Status.superseded, None), ("On hold", Status.on_hold, None),
    ("Overdue", Status.overdue, None),
    ("Amber", None, Rag.amber), ("(GREEN)", None, Rag.green), ("G", None, Rag.green),
    ("R", None, Rag.red), ("Blue", None, Rag.blue), ("yellow", None, Rag.amber),
    ("Amber - in progress", Status.in_progress, Rag.amber),
    ("Green - Completed", Status.completed, Rag.green),
    ("Red: not started", Status.not_started, Rag.red),
    ("", None, None),
]


@pytest.mark.parametrize(("raw", "status", "rag"), CASES)
def test_status_vocabulary(raw: str, status: Status | None, rag: Rag | None) -> None:
    reading = read_status(raw)
    assert (reading.status, reading.rag) == (status, rag)
    assert reading.understood


def test_a_bare_colour_never_implies_a_status() -> None:
    assert read_status("Green").status is None


@pytest.mark.parametrize("raw", ["Waiting on IT", "see note 4", "xyz"])
def test_unknown_values_are_not_understood(raw: str) -> None:
    reading = read_status(raw)
    assert not reading.understood
    assert reading.status is None and reading.rag is None
