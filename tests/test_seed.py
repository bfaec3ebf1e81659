"""The user's own plan, end to end: the values the issue names, then byte-for-byte golden
files (read line by line by hand before they were committed; see tests/golden/README.md)."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from normalise.models import Status
from planparse import read
from planparse.cli import cli

from .conftest import GOLDEN, REPO, SEED

GOLDEN_FILES = ["plans.csv", "actions.csv", "progress_entries.csv", "leads.csv",
                "issues.csv", "findings.csv", "plans.json", "datapackage.json"]


def test_seed_values() -> None:
    (plan,) = read(SEED)
    assert plan.title == "Child Poppy Action Plan"
    assert len(plan.actions) == 8
    assert sum(len(a.entries) for a in plan.actions) == 19
    assert Counter(a.status for a in plan.actions) == {Status.completed: 7,
                                                       Status.in_progress: 1}
    a3, a6 = plan.actions[2], plan.actions[5]
    assert a3.leads == ["YorSexual Health", "YTHFT", "Primary Care"]
    assert (a3.target_date, a3.target_date_precision.value if a3.target_date_precision
            else None) == (date(2021, 7, 31), "month")
    assert [e.entry_date for e in a6.entries] == [
        date(2022, 3, 1), date(2022, 2, 24), date(2022, 1, 19), date(2022, 1, 19)]
    truncated = [i for i in plan.issues if i.code == "truncated-cell"]
    assert [(i.action_id, i.field) for i in truncated] == [(a6.action_id, "progress")]
    glyph = [i for i in plan.issues if i.code == "stray-glyph-removed"]
    assert [(i.action_id, i.field) for i in glyph] == [(plan.actions[6].action_id, "finding")]


def test_every_date_and_precision() -> None:
    (plan,) = read(SEED)
    got = [(a.ref, e.entry_date_raw, e.entry_date, e.entry_date_precision.value
            if e.entry_date_precision else None) for a in plan.actions for e in a.entries]
    d = date
    assert got == [
        ("1", "26/11/21", d(2021, 11, 26), "day"), ("1", "12/11/21", d(2021, 11, 12), "day"),
        ("1", "29/10/21", d(2021, 10, 29), "day"), ("1", "05/10/21", d(2021, 10, 5), "day"),
        ("1", "22/07/2021", d(2021, 7, 22), "day"), ("2", "12/11/21", d(2021, 11, 12), "day"),
        ("2", "29/10/21", d(2021, 10, 29), "day"), ("2", "05/10/21", d(2021, 10, 5), "day"),
        ("2", "19/08/21", d(2021, 8, 19), "day"), ("2", "22/07/2021", d(2021, 7, 22), "day"),
        ("3", "June 21", d(2021, 6, 1), "month"), ("4", "22/07/2021", d(2021, 7, 22), "day"),
        ("5", "22/07/2021", d(2021, 7, 22), "day"), ("6", "01/03/2022", d(2022, 3, 1), "day"),
        ("6", "24/2/22", d(2022, 2, 24), "day"), ("6", "19/01/22", d(2022, 1, 19), "day"),
        ("6", "19/01/22", d(2022, 1, 19), "day"), ("7", "01/09/2021", d(2021, 9, 1), "day"),
        ("8", "01/09/2021", d(2021, 9, 1), "day"),
    ]
    targets = [(a.target_date_raw, a.target_date) for a in plan.actions]
    assert targets == [("01 August 2021", d(2021, 8, 1)), ("01 July 2021", d(2021, 7, 1)),
                       ("Jul-21", d(2021, 7, 31)), ("Jun-21", d(2021, 6, 30)),
                       ("Oct-21", d(2021, 10, 31)), ("Dec-21", d(2021, 12, 31)),
                       ("Aug-21", d(2021, 8, 31)), ("Aug-21", d(2021, 8, 31))]


def test_no_cell_text_is_lost() -> None:
    """Every word of every source cell is in the actions (mapped fields or extra)."""
    from ingest import read_document

    doc = read_document(SEED)
    (plan,) = read(SEED)
    for row, action in zip(doc.tables[0].rows[1:], plan.actions, strict=True):
        out = " ".join([action.ref, action.finding, action.action, action.progress,
                        action.lead, action.target_date_raw, action.status_raw,
                        action.evidence, *action.extra.values()])
        for cell in row:
            for word in cell.text.split():
                assert word in out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    runner = CliRunner()
    import os

    old = Path.cwd()
    os.chdir(REPO)  # source_file is recorded as the path given: samples/…
    try:
        result = runner.invoke(cli, ["convert", "samples/", "-o", str(out), "--quiet"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_golden_output(converted: Path, name: str) -> None:
    expected = (GOLDEN / "seed" / name).read_bytes()
    assert (converted / name).read_bytes() == expected, (
        f"{name} differs from tests/golden/seed/{name}; if the change is intended, "
        "regenerate with `python -m tests.update_golden` and read the diff line by line")


def test_csv_has_bom_and_opens_with_utf8_sig(converted: Path) -> None:
    raw = (converted / "actions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (converted / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[5]["status"] == "in_progress" and rows[5]["target_date"] == "2021-12-31"
