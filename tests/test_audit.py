"""Audit: derived fields, flags, audit.csv and the HTML report (checked in Chromium)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from normalise import Action, ProgressEntry, Status
from normalise.audit import audit_action
from planparse import read
from planparse.cli import cli

from .conftest import SEED


def test_seed_as_of_end_of_march_2022() -> None:
    (plan,) = read(SEED, as_of="2022-03-31")
    assert plan.as_of == date(2022, 3, 31)
    a6 = plan.actions[5]
    assert (a6.target_date, a6.status, a6.is_overdue, a6.days_overdue) == (
        date(2021, 12, 31), Status.in_progress, True, 90)
    completed = [a for a in plan.actions if a.status is Status.completed]
    assert len(completed) == 7 and not any(a.is_overdue for a in completed)
    assert "evidence-missing" in plan.actions[6].flags  # its Method of Audit cell is empty
    assert "truncated-text" in a6.flags
    assert {a.ref: a.flags for a in plan.actions if a.flags} == {
        "3": ["completed-before-update"], "6": ["overdue", "truncated-text"],
        "7": ["evidence-missing"]}
    assert a6.days_since_last_update == 30  # last update 01/03/2022


def test_default_as_of_is_the_plans_latest_update() -> None:
    (plan,) = read(SEED)
    assert plan.as_of == date(2022, 3, 1)
    assert plan.actions[5].days_overdue == 60


def _action(**kw: object) -> Action:
    base: dict[str, object] = {"plan_id": "p", "action_id": "p-001", "seq": 1, "ref": "1",
                                   "action": "Do it", "leads": ["Police"], "evidence": "Audit",
                                   "target_date": date(2021, 6, 30), "status": Status.in_progress}
    base.update(kw)
    return Action.model_validate(base)


def _entry(d: date | None, text: str) -> ProgressEntry:
    return ProgressEntry(plan_id="p", action_id="p-001", entry_seq=1, entry_date=d,
                         entry_date_raw=d.strftime("%d/%m/%y") if d else "", text=text)


AS_OF = date(2022, 3, 31)


@pytest.mark.parametrize(("kw", "flags"), [
    ({}, ["overdue", "no-dated-update"]),
    ({"status": Status.completed}, ["no-dated-update"]),
    ({"status": Status.superseded}, ["no-dated-update"]),
    ({"status": Status.completed, "evidence": ""},
     ["evidence-missing", "completed-without-evidence", "no-dated-update"]),
    ({"status": Status.completed, "entries": [_entry(date(2022, 1, 5), "Still awaiting sign-off")],
      "last_update_date": date(2022, 1, 5)}, ["completed-before-update"]),
    ({"target_date": None, "target_date_raw": "Ongoing", "leads": [],
      "entries": [_entry(date(2021, 5, 1), "Started")], "last_update_date": date(2021, 5, 1)},
     ["target-missing", "stale", "lead-missing"]),
])
def test_flags(kw: dict[str, object], flags: list[str]) -> None:
    assert audit_action(_action(**kw), AS_OF, 180).flags == flags


def test_a_completed_action_whose_update_says_done_is_not_flagged() -> None:
    a = _action(status=Status.completed, entries=[_entry(date(2022, 1, 5), "Policy published")],
                last_update_date=date(2022, 1, 5))
    assert audit_action(a, AS_OF, 180).flags == []


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copy(SEED, src / "poppy.txt")
    (src / "hostile.txt").write_text(
        "No\tAction\tLead\tTarget date\tStatus\n"
        "1\t<script>alert('x')</script> <img src=x onerror=alert(1)>\tPolice\tJan-22\tAmber\n",
        encoding="utf-8")
    out = tmp_path_factory.mktemp("audit")
    result = CliRunner().invoke(cli, ["audit", str(src), "-o", str(out), "--as-of",
                                      "2022-03-31", "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_audit_csv_points_back_to_the_source(audited: Path) -> None:
    with (audited / "audit.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    poppy = [(r["ref"], r["code"]) for r in rows if r["source_file"].endswith("poppy.txt")]
    assert poppy == [("3", "completed-before-update"), ("6", "overdue"),
                     ("6", "truncated-text"), ("7", "evidence-missing")]
    overdue = next(r for r in rows if r["code"] == "overdue" and r["ref"] == "6")
    assert "90 days" in overdue["message"]
    with (audited / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
        a6 = next(r for r in csv.DictReader(fh) if r["ref"] == "6")
    assert (a6["is_overdue"], a6["days_overdue"], a6["flags"]) == (
        "true", "90", "overdue; truncated-text")


def test_report_escapes_document_text(audited: Path) -> None:
    html = (audited / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_bad_as_of_names_the_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", str(SEED), "-o", str(tmp_path), "--as-of",
                                      "31/03/2022"])
    assert result.exit_code == 2 and "--as-of" in result.output


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(audited: Path, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    url = (audited / "report.html").resolve().as_uri()
    base = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    # Rendered, not just written: the browser's DOM holds the charts and the tables.
    # overall: status, RAG, most overdue, updates per month; per plan: status and RAG bars
    assert dom.count("<svg") == 8
    # overview, findings by code, most overdue, one action table per plan
    assert dom.count("<table") == 5
    assert "Child Poppy Action Plan" in dom and "evidence-missing" in dom
    # Every overview link lands on a section of the page.
    anchors = re.findall(r'<a href="#(plan-\d+)">', dom)
    assert anchors and all(f'id="{a}"' in dom for a in anchors)
    shot = tmp_path / "report.png"
    subprocess.run([*base, "--window-size=1200,2400", f"--screenshot={shot}", url],
                   capture_output=True, timeout=120, check=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000  # a page of charts, not blank
