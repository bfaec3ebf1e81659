"""planparse diff: an earlier publication of the seed (tests/fixtures/diff/, made by
make_diff.py) against the seed gives exactly the changes written into it, in every format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import planparse
from normalise import Change
from planparse.cli import cli

from .conftest import FIXTURES, GOLDEN, SEED

DIFF = FIXTURES / "diff"
EARLIER = [DIFF / f"earlier.{ext}" for ext in ("txt", "docx", "html", "pdf")]
# The seed in formats that carry no RAG shading (a shaded print adds real rag rows).
SEED_FORMATS = [SEED, FIXTURES / "docx" / "plain.docx", FIXTURES / "pdf" / "borderless.pdf"]
IDS = ("old_plan_id", "new_plan_id", "old_action_id", "new_action_id")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _without_ids(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in r.items() if k not in IDS} for r in rows]


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *map(str, args)])
    return result.exit_code, result.output


def test_golden_changes(tmp_path: Path) -> None:
    code, _ = _run(DIFF / "earlier.txt", SEED, "-o", tmp_path, "-q")
    assert code == 1
    assert (tmp_path / "changes.csv").read_bytes() == (GOLDEN / "diff" / "changes.csv").read_bytes()
    assert json.loads((tmp_path / "changes.json").read_text(encoding="utf-8")) == \
        json.loads((GOLDEN / "diff" / "changes.json").read_text(encoding="utf-8"))


def test_golden_rows_are_the_edits_written_in() -> None:
    # What make_diff.py wrote into the earlier publication, read off by hand.
    got = [(r["ref"], r["change"], r["field"], r["old_value"][:20], r["new_value"][:20],
            r["entry_date"], r["days"]) for r in _rows(GOLDEN / "diff" / "changes.csv")]
    assert got == [
        ("1", "status-changed", "status", "in_progress", "completed", "", ""),
        ("1", "entry-added", "progress", "", "Poppy action plan ad", "2021-11-26", ""),
        ("2", "entry-edited", "text", "SK has confirmed the", "SK confirmed that th",
         "2021-08-19", ""),
        ("3", "leads-changed", "leads", "YorSexual Health; YT", "YorSexual Health; YT", "",
         ""),
        ("6", "status-changed", "status", "not_started", "in_progress", "", ""),
        ("6", "target-date-changed", "target_date", "2021-10-31", "2021-12-31", "", "61"),
        ("6", "entry-removed", "progress", "Flagging of children", "", "2021-11-05", ""),
        ("6", "entry-added", "progress", "", "HP/SS/NH meeting on ", "2022-03-01", ""),
        ("6", "entry-added", "progress", "", "meeting arranged wit", "2022-02-24", ""),
        ("6", "entry-added", "progress", "", "At the Case Review s", "2022-01-19", ""),
        ("6", "entry-added", "progress", "", "This remains outstan", "2022-01-19", ""),
        ("9", "action-removed", "action", "Present the learning", "", "", ""),
    ]
    rows = _rows(GOLDEN / "diff" / "changes.csv")
    assert {r["plan_key"] for r in rows} == {"child-poppy-action-plan"}
    assert rows[3]["new_value"] == "YorSexual Health; YTHFT; Primary Care"
    assert rows[-1]["new_action_id"] == "" and rows[-1]["action_key"] == \
        "child-poppy-action-plan/9"


@pytest.mark.parametrize("old", EARLIER, ids=lambda p: p.suffix)
@pytest.mark.parametrize("new", SEED_FORMATS, ids=lambda p: p.suffix)
def test_same_rows_across_formats(old: Path, new: Path, tmp_path: Path) -> None:
    code, _ = _run(old, new, "-o", tmp_path, "-q")
    assert code == 1
    assert _without_ids(_rows(tmp_path / "changes.csv")) == \
        _without_ids(_rows(GOLDEN / "diff" / "changes.csv"))


@pytest.mark.parametrize("pair", [
    (DIFF / "earlier.txt", DIFF / "earlier.txt"),
    (DIFF / "earlier.docx", DIFF / "earlier.pdf"),  # a Word file against its own print
    (DIFF / "earlier.txt", DIFF / "earlier.html"),
    (SEED, FIXTURES / "pdf" / "borderless.pdf"),
    (SEED, FIXTURES / "docx" / "plain.docx"),
    (FIXTURES / "docx" / "colour_rag.docx", FIXTURES / "pdf" / "ruled.pdf"),  # both shaded
], ids=lambda p: f"{p[0].name}-{p[1].name}")
def test_same_plan_gives_no_rows_and_exit_0(pair: tuple[Path, Path], tmp_path: Path) -> None:
    code, output = _run(*pair, "-o", tmp_path)
    assert code == 0, output
    assert _rows(tmp_path / "changes.csv") == []
    assert "no changes" in output


def test_trouble_is_exit_2(tmp_path: Path) -> None:
    code, output = _run(SEED, FIXTURES / "pdf" / "scanned.pdf", "-o", tmp_path)
    # A scan of rules with no text: OCR finds no table (or, without Tesseract, asks for it).
    assert code == 2 and ("no table found" in output or "tesseract-ocr" in output)
    code, output = _run(SEED, FIXTURES / "broken" / "no-table.html", "-o", tmp_path)
    assert code == 2 and "no table found" in output
    glossary = tmp_path / "glossary.txt"  # a table, but not an action plan
    glossary.write_text("Term\tMeaning\nCYSCP\tCity of York Safeguarding Children "
                        "Partnership\nMACEM\tMulti-Agency Child Exploitation and Missing\n",
                        encoding="utf-8")
    code, output = _run(SEED, glossary, "-o", tmp_path)
    assert code == 2 and "no action plan found" in output
    code, output = _run(SEED, "-o", tmp_path)
    assert code == 2 and "at least two" in output
    assert not (tmp_path / "changes.csv").exists()


def test_series_compares_each_consecutive_pair(tmp_path: Path) -> None:
    code, _ = _run(DIFF / "earlier.txt", SEED, DIFF / "earlier.docx", "-o", tmp_path,
                        "-q")
    assert code == 1
    rows = _rows(tmp_path / "changes.csv")
    golden = _rows(GOLDEN / "diff" / "changes.csv")
    assert rows[:len(golden)] == golden
    back = rows[len(golden):]  # the seed back to the earlier publication: every edit undone
    assert [(r["ref"], r["change"]) for r in back] == [
        ("1", "status-changed"), ("1", "entry-removed"), ("2", "entry-edited"),
        ("3", "leads-changed"), ("6", "status-changed"), ("6", "target-date-changed"),
        ("6", "entry-removed"), ("6", "entry-removed"), ("6", "entry-removed"),
        ("6", "entry-removed"), ("6", "entry-added"), ("9", "action-added")]
    assert back[5]["days"] == "-61"


def test_summary_names_codes_and_slipped_deadlines(tmp_path: Path) -> None:
    _, output = _run(DIFF / "earlier.docx", SEED, "-o", tmp_path)
    assert "12 change(s)" in output
    assert "entry-added          5" in output
    assert "action 6: 2021-10-31 → 2021-12-31 (61 days)" in output
    assert "history rewritten: 1 earlier update(s) gone from action 6" in output


def test_formats_and_report(tmp_path: Path) -> None:
    code, _ = _run(DIFF / "earlier.pdf", SEED, "-o", tmp_path, "-q", "--format",
                   "csv,json,jsonl,parquet,xlsx,report")
    assert code == 1
    import pandas as pd

    golden = _without_ids(_rows(GOLDEN / "diff" / "changes.csv"))
    frame = pd.read_parquet(tmp_path / "changes.parquet")
    assert list(frame.columns) == Change.columns()
    assert int(frame["days"].dropna().iloc[0]) == 61
    assert len(frame) == len(golden)
    lines = (tmp_path / "changes.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["change"] for x in lines] == [r["change"] for r in golden]
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "changes.xlsx").active
    assert sheet is not None and sheet.max_row == len(golden) + 1
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    since = page[page.index("Since the last publication"):]
    assert "Present the learning from the review at the regional CSE forum" in since
    assert "<td>2021-10-31</td><td>2021-12-31</td>\n<td>61</td>" in since
    assert "History rewritten" in since and "Flagging of children discussed" in since
    assert "Poppy action plan added to the CYSCP website." in since


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, output = _run(SEED, SEED, "-o", tmp_path, "--format", "sqlite")
    assert code == 2 and "--format" in output


def test_python_api() -> None:
    changes = planparse.diff(DIFF / "earlier.html", SEED)
    assert all(isinstance(c, Change) for c in changes)
    golden = _without_ids(_rows(GOLDEN / "diff" / "changes.csv"))
    frame = planparse.changes_frame(changes)
    assert list(frame.columns) == Change.columns()
    assert str(frame["days"].dtype) == "Int64" and str(frame["change"].dtype) == "string"
    assert frame["change"].tolist() == [r["change"] for r in golden]
    # Plans already read compare the same, and the module is callable once imported.
    import importlib

    module = importlib.import_module("planparse.diff")  # now the package's attribute
    assert callable(module)
    plans = planparse.read(SEED)
    assert planparse.diff(plans, plans) == [] and planparse.diff(plans, SEED) == []
    assert len(planparse.diff_series([DIFF / "earlier.txt", SEED, SEED])) == len(golden)


def test_renumbered_golden(tmp_path: Path) -> None:
    # The dropped action was number 4: the seed's 4-8 were 5-9 (make_diff.py's docstring).
    code, _ = _run(DIFF / "renumbered.docx", SEED, "-o", tmp_path, "-q")
    assert code == 1
    golden = GOLDEN / "diff" / "renumbered.csv"
    assert (tmp_path / "changes.csv").read_bytes() == golden.read_bytes()
    rows = _rows(golden)
    assert [(r["old_value"], r["new_value"]) for r in rows
            if r["change"] == "action-renumbered"] == [("5", "4"), ("6", "5"), ("7", "6"),
                                                        ("8", "7"), ("9", "8")]
    assert [(r["ref"], r["field"]) for r in rows if r["change"] == "text-changed"] == [
        ("5", "finding"), ("7", "evidence")]
    assert [r["ref"] for r in rows if r["change"] == "action-removed"] == ["4"]
    assert len(rows) == 19


def test_renumbered_same_rows_from_html(tmp_path: Path) -> None:
    code, _ = _run(DIFF / "renumbered.html", SEED, "-o", tmp_path, "-q")
    assert code == 1
    assert _without_ids(_rows(tmp_path / "changes.csv")) == \
        _without_ids(_rows(GOLDEN / "diff" / "renumbered.csv"))


def test_renumbered_same_rows_from_its_print(tmp_path: Path) -> None:
    code, _ = _run(DIFF / "renumbered.pdf", SEED, "-o", tmp_path, "-q")
    assert code == 1
    assert _without_ids(_rows(tmp_path / "changes.csv")) == \
        _without_ids(_rows(GOLDEN / "diff" / "renumbered.csv"))
