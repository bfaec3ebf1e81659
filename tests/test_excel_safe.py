"""``--excel-safe`` guards every CSV a run writes, ``audit.csv`` included (issue 18 #5):
references and file names that a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.cli import cli

from .conftest import SEED
from .fixtures.make_archive import formula_refs_workbook

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook whose references are formula text (``-3`` gets an audit finding), and
    the seed under a name that starts with ``+``: both reach ``audit.csv``."""
    root = tmp_path_factory.mktemp("excel")
    formula_refs_workbook(root / "=refs.xlsx")
    shutil.copy(SEED, root / "+seed.txt")
    return root


def _audit(inputs: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> None:
    # Given by bare name, so that source_file itself starts with the formula character.
    monkeypatch.chdir(inputs)
    result = CliRunner().invoke(cli, ["audit", "=refs.xlsx", "+seed.txt", "-o", str(out),
                                      "--as-of", "2030-01-01", "-q", *extra])
    assert result.exit_code == 0, result.output


def _cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_audit_csv_unguarded_holds_formula_text(inputs: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # The control: without --excel-safe the cells are the document's text as it is.
    _audit(inputs, tmp_path, monkeypatch)
    rows = _cells(tmp_path / "audit.csv")
    assert {r["source_file"] for r in rows} == {"=refs.xlsx", "+seed.txt"}
    assert "-3" in {r["ref"] for r in rows}


def test_excel_safe_guards_every_csv_the_run_writes(inputs: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _audit(inputs, tmp_path, monkeypatch, "--excel-safe")
    written = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert written == ["actions.csv", "audit.csv", "findings.csv", "issues.csv", "leads.csv",
                       "plans.csv", "progress_entries.csv"]
    for name in written:
        for row in _cells(tmp_path / name):
            for column, text in row.items():
                assert not text.startswith(_FORMULA) or column in ("seq", "page"), (
                    name, column, text)
    audit = _cells(tmp_path / "audit.csv")
    assert {r["source_file"] for r in audit} == {"'=refs.xlsx", "'+seed.txt"}
    assert "'-3" in {r["ref"] for r in audit}
    # The guard adds a quote and takes nothing away: the rest of the row is unchanged.
    plain = {r["ref"] for r in audit} - {"'-3"}
    assert plain and all(not r.startswith("'") for r in plain)
