"""Shared test helpers: paths to the repository, samples and the shared corpora."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from normalise import Plan

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEED = SAMPLES / "child-poppy-action-plan.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The read-only ../shared folder; tests that need it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


def signature(plan: Plan) -> list[tuple[Any, ...]]:
    """What must not depend on the layout or format: every action's words, dates, leads
    and status, and its progress entries."""
    return [(a.ref, a.finding, a.action, a.progress, a.leads, a.target_date,
             a.target_date_precision, a.status, a.evidence,
             [(e.entry_date, e.entry_date_precision, e.entry_date_raw, e.text)
              for e in a.entries]) for a in plan.actions]


@pytest.fixture(scope="session")
def text_plan() -> Plan:
    """The seed read from its text form: the reference every other format must match."""
    from planparse import read

    (plan,) = read(SEED)
    return plan
