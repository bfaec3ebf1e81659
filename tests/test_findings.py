"""Audit findings as data: the findings table in every format, the finding
rag-without-status kept apart from overdue, and the summary `planparse audit` prints."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from normalise import Action, Rag, RagSource, Status
from normalise.audit import audit_action
from planparse import read
from planparse.cli import cli

from .conftest import SEED

DOCX = Path(__file__).resolve().parent / "fixtures" / "docx"
RAG = Path(__file__).resolve().parent / "fixtures" / "rag"
AS_OF = date(2022, 3, 31)


def _action(**kw: object) -> Action:
    base: dict[str, object] = {"plan_id": "p", "action_id": "p-001", "seq": 1, "ref": "1",
                               "action": "Do it", "leads": ["Police"], "evidence": "Audit",
                               "target_date": date(2021, 6, 30)}
    base.update(kw)
    return Action.model_validate(base)


@pytest.mark.parametrize(("kw", "overdue", "days_overdue", "first", "days"), [
    # A colour and no status, past the target: status unknown, not overdue.
    ({"rag": Rag.green, "rag_source": RagSource.colour}, None, None, "rag-without-status", 274),
    # RAG words (not a colour) and no status: the same.
    ({"rag": Rag.red, "rag_source": RagSource.text}, None, None, "rag-without-status", 274),
    # Controls: a status beside the colour, or neither, stays overdue as before.
    ({"rag": Rag.green, "status": Status.in_progress}, True, 274, "overdue", 274),
    ({}, True, 274, "overdue", 274),
    # A colour, no status, target not yet passed: nothing to say about the date.
    ({"rag": Rag.amber, "target_date": date(2022, 6, 30)}, False, None, "no-dated-update", None),
])
def test_rag_without_status_is_kept_apart_from_overdue(
        kw: dict[str, object], overdue: bool | None, days_overdue: int | None, first: str,
        days: int | None) -> None:
    a = audit_action(_action(**kw), AS_OF, 180)
    assert (a.is_overdue, a.days_overdue, a.flags[0]) == (overdue, days_overdue, first)
    assert a.findings[0].code == first and a.findings[0].days == days
    assert "overdue" not in a.flags or "rag-without-status" not in a.flags


def test_colour_only_layout_is_status_unknown_not_overdue() -> None:
    # The seed with its status words taken out: only the RAG cell's shading is left.
    (plan,) = read(RAG / "colour_only.docx", as_of="2022-03-31")
    assert [(a.status, a.rag, a.rag_source) for a in plan.actions] == (
        [(None, Rag.green, RagSource.colour)] * 5 + [(None, Rag.amber, RagSource.colour)]
        + [(None, Rag.green, RagSource.colour)] * 2)
    assert [a.is_overdue for a in plan.actions] == [None] * 8
    assert not any("overdue" in a.flags for a in plan.actions)
    unknown = [(f.ref, f.days, f.severity.value) for a in plan.actions for f in a.findings
               if f.code == "rag-without-status"]
    assert unknown == [("1", 242, "warning"), ("2", 273, "warning"), ("3", 243, "warning"),
                       ("4", 274, "warning"), ("5", 151, "warning"), ("6", 90, "warning"),
                       ("7", 212, "warning"), ("8", 212, "warning")]
    assert plan.actions[5].findings[0].message == (
        "action 6: target 2021-12-31 passed 90 days before 2022-03-31; status not given, "
        "RAG amber (from the cell colour): status unknown")


def test_the_same_plan_with_its_status_words_is_overdue_as_before() -> None:
    # Control: colour_rag.docx has the same shading and a Status column.
    (plan,) = read(DOCX / "colour_rag.docx", as_of="2022-03-31")
    assert [(a.ref, a.days_overdue) for a in plan.actions if a.is_overdue] == [("6", 90)]
    assert not any("rag-without-status" in a.flags for a in plan.actions)


@pytest.fixture(scope="module")
def every_format(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, [
        "convert", str(SEED), str(RAG / "colour_only.docx"), "-o", str(out), "--as-of",
        "2022-03-31", "-q", "--format", "csv,json,jsonl,parquet,xlsx,sqlite,audit"])
    assert result.exit_code == 0, result.output
    return out


EXPECTED_SEED = [("3", "completed-before-update", "warning", None),
                 ("6", "overdue", "warning", 90), ("6", "truncated-text", "warning", None),
                 ("7", "evidence-missing", "info", None)]


def _seed(rows: list[tuple[str, str, str, int | None, str]]
          ) -> list[tuple[str, str, str, int | None]]:
    return [r[:4] for r in rows if r[4].endswith(SEED.name)]


def test_findings_csv_is_audit_csv_and_described(every_format: Path) -> None:
    text = (every_format / "findings.csv").read_bytes()
    assert text == (every_format / "audit.csv").read_bytes()
    with (every_format / "findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert _seed([(r["ref"], r["code"], r["severity"], int(r["days"]) if r["days"] else None,
                   r["source_file"]) for r in rows]) == EXPECTED_SEED
    assert sum(r["code"] == "rag-without-status" for r in rows) == 8
    package = json.loads((every_format / "datapackage.json").read_text(encoding="utf-8"))
    (res,) = [r for r in package["resources"] if r["name"] == "findings"]
    assert res["path"] == "findings.csv"
    assert res["schema"]["primaryKey"] == ["action_id", "code"]
    assert {"fields": ["action_id"], "reference": {"resource": "actions",
                                                   "fields": ["action_id"]}} in (
        res["schema"]["foreignKeys"])
    assert [f["name"] for f in res["schema"]["fields"]][-2:] == ["severity", "days"]
    # Every finding's action is in actions.csv (the foreign key holds).
    with (every_format / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
        ids = {r["action_id"] for r in csv.DictReader(fh)}
    assert {r["action_id"] for r in rows} <= ids


def test_findings_in_sqlite_parquet_and_xlsx(every_format: Path) -> None:
    import openpyxl
    import pyarrow.parquet as pq

    con = sqlite3.connect(every_format / "planparse.sqlite")
    try:
        rows = con.execute("SELECT f.ref, f.code, f.severity, f.days, a.source_file "
                           "FROM findings f JOIN actions a USING (action_id) "
                           "ORDER BY f.rowid").fetchall()
    finally:
        con.close()
    assert _seed(rows) == EXPECTED_SEED
    table = pq.read_table(every_format / "findings.parquet")
    assert str(table.schema.field("days").type) == "int64"
    got = table.select(["ref", "code", "severity", "days", "source_file"]).to_pylist()
    assert _seed([tuple(r.values()) for r in got]) == EXPECTED_SEED
    ws = openpyxl.load_workbook(every_format / "planparse.xlsx", read_only=True)["findings"]
    sheet = list(ws.iter_rows(values_only=True))
    head = list(sheet[0])
    pick = [head.index(c) for c in ("ref", "code", "severity", "days", "source_file")]
    assert _seed([tuple(r[i] for i in pick) for r in sheet[1:]]) == EXPECTED_SEED


def test_findings_nested_in_json_and_jsonl(every_format: Path) -> None:
    doc = json.loads((every_format / "plans.json").read_text(encoding="utf-8"))
    a6 = next(a for p in doc["plans"] if p["source_file"].endswith(SEED.name)
              for a in p["actions"] if a["ref"] == "6")
    assert [(f["code"], f["days"]) for f in a6["findings"]] == [("overdue", 90),
                                                                ("truncated-text", None)]
    lines = (every_format / "actions.jsonl").read_text(encoding="utf-8").splitlines()
    actions = [json.loads(line) for line in lines]
    assert all([f["code"] for f in a["findings"]] == a["flags"] for a in actions)
    # the seed's 4; colour_only's 8 rag-without-status, 5 stale, 1 each of
    # truncated-text and evidence-missing
    assert sum(len(a["findings"]) for a in actions) == 4 + 8 + 5 + 1 + 1


def _twelve_late_actions(folder: Path) -> Path:
    """A plan of 12 actions in progress, due on the 1st of each month of 2021."""
    rows = ["No\tAction\tLead\tTarget date\tStatus"]
    rows += [f"{m}\tAction number {m}\tPolice\t{date(2021, m, 1):%d/%m/%Y}\tIn progress"
             for m in range(1, 13)]
    path = folder / "late.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_audit_prints_findings_by_code_and_the_ten_most_overdue(tmp_path: Path) -> None:
    plan = _twelve_late_actions(tmp_path)
    result = CliRunner().invoke(cli, ["audit", str(plan), str(RAG / "colour_only.docx"),
                                      "-o", str(tmp_path / "out"), "--as-of", "2022-03-31"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        "findings by code (51 in all):",
        "  info     evidence-missing                 13",
        "  info     no-dated-update                  12",
        "  warning  overdue                          12",
        "  warning  rag-without-status                8",
        "  warning  stale                             5",
        "  warning  truncated-text                    1",
    ]
    assert lines[7] == "most overdue (10 of 12):"
    shown = lines[8:]
    assert len(shown) == 10
    assert shown[0] == (f"    454 days  {plan}  action 1: target 2021-01-01 passed 454 days "
                        "before 2022-03-31; status in_progress")
    assert shown[-1].startswith(f"    181 days  {plan}  action 10: target 2021-10-01")
    # The summary line still goes to standard error, after the files are written.
    assert "2 converted, 0 failed" in result.stderr


def test_audit_with_nothing_overdue_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", str(RAG / "colour_only.docx"), "-o",
                                      str(tmp_path), "--as-of", "2022-03-31"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  warning  rag-without-status                8" in lines
    assert lines[-1] == "no overdue actions"


def test_audit_quiet_prints_no_findings(tmp_path: Path) -> None:
    plan = _twelve_late_actions(tmp_path)
    result = CliRunner().invoke(cli, ["audit", str(plan), "-o", str(tmp_path / "out"),
                                      "--as-of", "2022-03-31", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "out" / "audit.csv").exists()


def test_audit_that_writes_nothing_prints_no_old_findings(tmp_path: Path) -> None:
    # The folder holds an earlier run's audit.csv; this run stops before writing, so
    # printing that file's findings would pass them off as this run's.
    plan = _twelve_late_actions(tmp_path)
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["audit", str(plan), "-o", str(out), "-q"])
    assert first.exit_code == 0 and (out / "audit.csv").exists()
    locked = Path(__file__).resolve().parent / "fixtures" / "broken" / "locked.xlsx"
    result = CliRunner().invoke(cli, ["audit", str(locked), str(plan), "-o", str(out),
                                      "--fail-fast"])
    assert result.exit_code == 1
    assert "no outputs written" in result.stderr
    assert result.stdout == ""


def test_report_does_not_chart_status_unknown_actions_as_overdue() -> None:
    # The case: green cells with no status headed the most overdue chart.
    import re

    from exporters.report import render_report

    html = render_report(read([SEED, RAG / "colour_only.docx"], as_of="2022-03-31"))
    overview = html[html.index('id="overview"'):html.index('id="findings"')]
    rows = re.findall(r'<tr>.*?</tr>', overview, re.S)
    colour = next(r for r in rows if "colour_only.docx</a></td></tr>" in r)
    # actions, completed, overdue: none of the eight is called overdue
    assert re.findall(r'<td class="num">(\d+)</td>', colour)[:3] == ["8", "0", "0"]
    part = html[html.index('id="findings"'):html.index('id="plans"')]
    unknown = re.search(r'<span class="flag">rag-without-status</span></td><td>[^<]*</td>'
                        r'<td class="num">(\d+)</td><td class="num">(\d+)</td>', part)
    assert unknown is not None and unknown.groups() == ("8", "1")
    # The chart of the most overdue holds the seed's action 6 alone.
    bars = re.findall(r'class="label">(\d+ · [^<]+)</text>', html)
    assert len(bars) == 1 and bars[0].startswith("6 · Child Poppy")


def test_sqlite_carries_the_findings_of_files_not_in_this_run(tmp_path: Path) -> None:
    def run(path: Path) -> None:
        result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path),
                                          "--format", "sqlite", "--as-of", "2022-03-31",
                                          "-q"])
        assert result.exit_code == 0, result.output

    run(SEED)
    run(RAG / "colour_only.docx")
    con = sqlite3.connect(tmp_path / "planparse.sqlite")
    try:
        counts = con.execute("SELECT source_file LIKE '%colour_only.docx', count(*) "
                             "FROM findings GROUP BY 1 ORDER BY 1").fetchall()
    finally:
        con.close()
    assert counts == [(0, 4), (1, 15)]
