"""One run over the hostile archive of issue 18 (both rounds: ``build_hostile`` and
``build_hostile_more``): every good file converts, every bad one is one line, exit code 1,
no traceback, no staging folder left."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.cli import cli

from .fixtures.make_archive import (
    FORMULA_REFS,
    HOSTILE_FAILED,
    HOSTILE_GOOD,
    HOSTILE_SKIPPED,
    LONG_FIELD,
    MORE_FAILED,
    MORE_GOOD,
    build_hostile,
    build_hostile_more,
)

FAILED = {**HOSTILE_FAILED, **MORE_FAILED}
GOOD = {**HOSTILE_GOOD, **MORE_GOOD}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    build_hostile(root / "in")
    build_hostile_more(root / "in" / "more")
    out = root / "in" / "out"  # inside the input folder, as users do: never read back
    result = CliRunner().invoke(cli, ["convert", str(root / "in"), "-o", str(out), "-j",
                                      "2", "--format", "csv,json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr, out


def _base(source: str) -> str:
    return source.rsplit("/", 1)[-1]


def test_one_run_converts_the_good_and_reports_the_bad_in_one_line_each(
        hostile_run: tuple[int, str, Path]) -> None:
    code, err, out = hostile_run
    assert code == 1
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith(("error: ", "skipped: "))]
    named = sorted((ln.split(": ", 1)[0], _base(ln.split(": ", 2)[1])) for ln in lines)
    assert named == sorted([("error", n) for n in FAILED]
                           + [("skipped", n) for n in HOSTILE_SKIPPED])
    with (out / "issues.csv").open(encoding="utf-8-sig", newline="") as fh:
        errors = {_base(r["source_file"]): r["code"] for r in csv.DictReader(fh)
                  if r["severity"] == "error"}
    assert errors == FAILED
    doc = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {_base(f["source_file"]): f["code"] for f in doc["files"]
            if f["status"] == "skipped"} == HOSTILE_SKIPPED
    plans = json.loads((out / "plans.json").read_text(encoding="utf-8"))["plans"]
    assert {_base(p["source_file"]): p["action_count"] for p in plans} == GOOD
    assert not [p for p in out.rglob("*") if "staging" in p.name or p.name.endswith(".part")]


def _actions(out: Path, source: str) -> list[dict[str, str]]:
    limit = csv.field_size_limit(1 << 24)  # the long progress cell is longer than the default
    try:
        with (out / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
            return [r for r in csv.DictReader(fh) if _base(r["source_file"]) == source]
    finally:
        csv.field_size_limit(limit)


def test_the_tricky_good_files_keep_their_values(hostile_run: tuple[int, str, Path]) -> None:
    _, _, out = hostile_run
    # The 200,000-character progress cell stays in its field; the lead after it is right.
    long = _actions(out, "long-field.csv")[1]
    assert long["lead"] == "CYSCP" and len(long["progress"]) >= len(LONG_FIELD.strip()) - 10
    # Pipes inside two adjacent lead cells do not make the file a pipe table.
    mixed = _actions(out, "pipes-and-tabs.csv")
    assert [a["ref"] for a in mixed] == [str(n) for n in range(1, 9)]
    assert "YTHFT" in mixed[2]["leads"] and "Primary Care" in mixed[2]["leads"]
    # References a spreadsheet would run as formulas are kept as written (for --excel-safe).
    assert [a["ref"] for a in _actions(out, "formula-refs.csv")][:5] == [
        "=1+1", "+2", "-3", "@SUM(A1)", '=HYPERLINK("x")']
    # The folder whose name is not UTF-8 is recorded with the byte escaped.
    assert [a["source_file"].rsplit("/", 2)[-2] for a in _actions(out, "pl\\xe4n.txt")][:1] == [
        "caf\\xe9"]
    # Text a spreadsheet would run, read from a workbook, is kept as written too.
    assert [a["ref"] for a in _actions(out, "formula-refs.xlsx")] == [
        *FORMULA_REFS, "6", "7", "8"]
    # Formula cells with no saved value keep their formulas (they were empty refs).
    assert [a["ref"] for a in _actions(out, "formula-cells.xlsx")] == ["=ROW()-2"] * 8


def test_a_pdf_that_lies_about_its_page_count_is_refused_on_its_pages(
        hostile_run: tuple[int, str, Path]) -> None:
    _, err, _ = hostile_run
    (line,) = [ln for ln in err.splitlines() if "says-one-page.pdf" in ln]
    assert line.endswith("the PDF has more than 2,000 pages (its page tree says 1), the "
                         "limit of 2,000; raise --max-pages to read it")
