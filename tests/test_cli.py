"""The command line: help, exit codes, one clear line per bad file, no partial output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planparse.cli import cli

from .conftest import SEED


def all_commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = [("planparse", cli)]
    assert isinstance(cli, click.Group)
    out += [(f"planparse {name}", cmd) for name, cmd in cli.commands.items()]
    return out


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=lambda x: str(x))
def test_every_command_has_help_opening_with_a_runnable_example(
        name: str, command: click.Command) -> None:
    args = [*name.split()[1:], "--help"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    lines = [ln.strip() for ln in result.output.splitlines()]
    example = lines[lines.index("Example:") + 1]
    assert example.startswith("planparse ")
    assert command.help


def test_help_does_not_import_heavy_libraries() -> None:
    code = ("import sys, planparse.cli\n"
            "heavy = [m for m in ('pandas', 'dateparser', 'pydantic', 'rich', 'lxml') "
            "if m in sys.modules]\n"
            "print(','.join(heavy))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == ""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bad_files_are_reported_in_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_bytes(SEED.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    (src / "prose.txt").write_text("No table here, just words.\n")
    (src / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (src / "broken.docx").write_bytes(b"PK")  # a truncated Word file
    (src / "slides.pptx").write_bytes(b"PK")  # no reader for slides: skipped, not failed
    out = tmp_path / "out"
    code, _, err = run("convert", str(src), "-o", str(out))
    assert code == 1
    assert "Traceback" not in err
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert errors == [
        f"error: {src}/broken.docx: not a valid Word file (it is not a zip package)",
        f"error: {src}/empty.txt: the file is empty",
        f"error: {src}/noise.txt: this looks like binary data, not text",
        f"error: {src}/prose.txt: no table found (expected tab-, comma- or pipe-separated rows)",
    ]
    assert f"skipped: {src}/slides.pptx" in err
    assert "1 converted, 4 failed, 1 skipped" in err
    plans = json.loads((out / "plans.json").read_text())["plans"]
    assert [p["action_count"] for p in plans] == [8]
    issues = (out / "issues.csv").read_text(encoding="utf-8-sig")
    assert "empty-file" in issues and "undecodable-text" in issues and "no-table" in issues


def test_clean_run_exits_zero(tmp_path: Path) -> None:
    code, _, err = run("convert", str(SEED), "-o", str(tmp_path), "--format", "csv")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".planparse-cache", "actions.csv", "datapackage.json", "findings.csv", "issues.csv",
        "leads.csv", "plans.csv", "progress_entries.csv", "run.json"]


def test_error_level_issue_exits_one(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("No\tAction\tLead\tTarget date\n1\tDo it\tPolice\t31 September 2020\n")
    code, _, _ = run("convert", str(plan), "-o", str(tmp_path / "out"), "-q")
    assert code == 1
    issues = (tmp_path / "out" / "issues.csv").read_text(encoding="utf-8-sig")
    assert "invalid-date,error" in issues


def test_usage_errors_exit_two_and_name_the_flag(tmp_path: Path) -> None:
    code, _, err = run("convert", str(SEED), "-o", str(tmp_path), "--format", "pdf")
    assert code == 2 and "--format" in err and "csv, json" in err
    code, _, err = run("convert", str(SEED))
    assert code == 2 and "--output-dir" in err
    code, _, err = run("convert", str(tmp_path / "missing.txt"), "-o", str(tmp_path))
    assert code == 2 and "does not exist" in err


def test_no_bom(tmp_path: Path) -> None:
    run("convert", str(SEED), "-o", str(tmp_path), "--no-bom", "-q")
    assert (tmp_path / "plans.csv").read_bytes().startswith(b"plan_id,")


def test_failed_write_leaves_previous_outputs_intact(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    run("convert", str(SEED), "-o", str(tmp_path), "-q")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    import exporters.json as json_writer

    def boom(*_a: object, **_k: object) -> object:
        raise KeyboardInterrupt  # an interrupted run, mid-way through writing

    # plans.json is written in pieces: the interrupt comes after its first bytes.
    monkeypatch.setattr(json_writer.JsonSink, "plan", boom)
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(tmp_path), "-q",
                                      "--date-order", "MDY"])
    assert result.exit_code == 130  # as a shell reports a process ended by SIGINT
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # no CSV from the new run
    # No staging folder left behind; only the resume cache (by design) may have grown.
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [".planparse-cache"]


def test_aliases_option(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("variant,canonical\nYTHFT,York Hospital\nYSTHFT,York Hospital\n")
    run("convert", str(SEED), "-o", str(tmp_path / "o"), "--aliases", str(aliases), "-q")
    leads = (tmp_path / "o" / "leads.csv").read_text(encoding="utf-8-sig")
    assert "York Hospital" in leads and "YSTHFT" not in leads


def test_tables_command_json_shows_every_table_and_why(tmp_path: Path) -> None:
    from .conftest import FIXTURES

    code, out, err = run("tables", str(FIXTURES / "docx" / "cover_title_glossary.docx"))
    assert code == 0, err
    found = json.loads(out)
    assert [(t["table_index"], t["is_plan"]) for t in found] == [(0, False), (1, True),
                                                                 (2, False)]
    plan = found[1]
    assert plan["header_row"] == 1 and plan["header_map"]["Rag Rating"] == "status"
    assert plan["rows"][0][0] == "Child Poppy Action Plan" and plan["rows"][0][1] is None
    assert "no action or recommendation column" in found[0]["reason"]
    assert set(found[0]) >= {"source_file", "table_index", "page", "is_plan", "header_map",
                             "rows"}


def test_tables_command_csv_and_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    code, out, err = run("tables", str(SEED), str(bad), "--format", "csv")
    assert code == 1
    assert err.strip() == f"error: {bad}: not a valid Word file (it is not a zip package)"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["source_file", "table_index", "page", "is_plan", "row", "col", "text",
                       "fill", "merged"]
    assert len(rows) == 1 + 9 * 8  # one row per cell of the seed's 9 x 8 table
    assert rows[1 + 8 + 3][6].startswith("26/11/21 - Poppy action plan added")


def _imports_rich(tmp_path: Path, *flags: str) -> bool:
    code = ("import sys\nfrom planparse.cli import cli\n"
            f"try:\n    cli({['convert', *flags, str(SEED), '-o', str(tmp_path / 'out')]!r})\n"
            "except SystemExit:\n    pass\n"
            "print('rich' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return proc.stdout.strip().splitlines()[-1] == "True"


def test_quiet_convert_does_not_import_rich(tmp_path: Path) -> None:
    # -q shows no progress bar, so it must not pay for rich's import (issue 17); the
    # control: without -q the bar is rich's.
    assert _imports_rich(tmp_path, "-q") is False
    assert _imports_rich(tmp_path) is True
