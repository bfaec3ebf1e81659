"""Partial plans are loud (issue 16): once a plan is found, a later table with its
columns that is not taken says so, per table; an error when it has the plan's column
layout, a warning when it has as many columns laid out otherwise.

The fixture (tests/fixtures/make_partial_docx.py) is the seed with actions 4-6 under a
header that lost its action column ("Tasks"), actions 7-8 in a headerless table of other
widths, then a glossary.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from ingest import read_document
from normalise import Plan, Severity, document_to_plans
from planparse.cli import cli

from .conftest import FIXTURES, signature

DOCX = FIXTURES / "docx"
PARTIAL = FIXTURES / "partial" / "partial_plan_parts_rejected.docx"


def test_each_rejected_part_of_a_partial_plan_is_reported(text_plan: Plan) -> None:
    plans, issues = document_to_plans(read_document(PARTIAL))
    (plan,) = plans
    assert signature(plan) == signature(text_plan)[:3]  # actions 1-3 only: partial
    assert [(i.code, i.severity, i.table_index) for i in issues] == [
        ("plan-part-dropped", Severity.error, 1),      # the plan's column layout
        ("not-an-action-plan", Severity.warning, 2),   # its 8 columns, other widths
        ("not-an-action-plan", Severity.info, 3)]      # the glossary: 2 columns
    assert issues[0].message.endswith(
        "it has the columns of the plan before it, so that plan may be missing rows")
    assert issues[1].message.endswith(
        "it has the 8 columns of the plan before it, which may be missing its rows")


def test_the_partial_plan_fails_the_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(PARTIAL), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 1, result.output
    with (tmp_path / "issues.csv").open(encoding="utf-8-sig") as fh:
        found = [(r["code"], r["severity"], r["table_index"]) for r in csv.DictReader(fh)
                 if r["plan_id"] == ""]
    assert found == [("plan-part-dropped", "error", "1"), ("not-an-action-plan", "warning", "2"),
                     ("not-an-action-plan", "info", "3")]


def test_a_plan_continued_without_its_header_is_whole(text_plan: Plan) -> None:
    # Control: the same columns and widths straight after the plan continue it.
    plans, issues = document_to_plans(read_document(DOCX / "split_no_header.docx"))
    assert [signature(p) for p in plans] == [signature(text_plan)] and issues == []


def test_a_glossary_after_a_plan_stays_information() -> None:
    # Control: tables with fewer columns than the plan are not called parts of it.
    _, issues = document_to_plans(read_document(DOCX / "cover_title_glossary.docx"))
    assert [(i.code, i.severity, i.table_index) for i in issues] == [
        ("not-an-action-plan", Severity.info, 0), ("not-an-action-plan", Severity.info, 2)]


def test_run_json_and_the_summary_count_the_partial_plans(tmp_path: Path) -> None:
    # The partial plan beside a whole one (its control): one partial plan, the right one.
    whole = DOCX / "split_no_header.docx"
    result = CliRunner().invoke(cli, ["convert", str(PARTIAL), str(whole), "-o", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "\n1 partial plan (tables dropped: see issues.csv)\n" in result.output
    doc = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert doc["summary"] == {"converted": 2, "failed": 0, "skipped": 0, "plans": 2,
                              "actions": 11, "partial_plans": 1}
    with (tmp_path / "plans.csv").open(encoding="utf-8-sig") as fh:
        counts = {Path(r["source_file"]).name: int(r["action_count"])
                  for r in csv.DictReader(fh)}
    assert counts == {PARTIAL.name: 3, whole.name: 8}


def test_whole_plans_are_not_counted_partial(tmp_path: Path) -> None:
    # Control: a plan with a glossary after it (information only) is not partial.
    result = CliRunner().invoke(cli, ["convert", str(DOCX / "cover_title_glossary.docx"),
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "partial plan" not in result.output
    doc = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert doc["summary"]["partial_plans"] == 0 and doc["summary"]["plans"] == 1
