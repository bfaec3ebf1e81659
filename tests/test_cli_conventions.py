"""Command-line conventions (issue 16): ``-V/--version``, ``tables -`` reading standard
input, ``convert -o -`` writing JSON Lines of actions to standard output (and nothing
else there), shell completion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse import __version__
from planparse.cli import cli

from .conftest import SAMPLES, SEED


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    result = CliRunner().invoke(cli, [flag])
    assert result.exit_code == 0 and result.stdout == f"planparse, version {__version__}\n"


def test_convert_to_standard_output_is_actions_jsonl(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = CliRunner().invoke(cli, ["convert", str(SAMPLES), "-o", "out", "--format",
                                      "jsonl", "-j", "1", "-q"])
    assert folder.exit_code == 0
    streamed = CliRunner().invoke(cli, ["convert", str(SAMPLES), "-o", "-", "-j", "1"])
    assert streamed.exit_code == 0, streamed.stderr
    assert streamed.stdout_bytes == (tmp_path / "out" / "actions.jsonl").read_bytes()
    lines = [json.loads(line) for line in streamed.stdout.splitlines()]
    assert [a["ref"] for a in lines] == [str(n) for n in range(1, 9)]
    assert lines[0]["action_id"] == f"{lines[0]['plan_id']}-001"
    # Messages and the summary on stderr; no folder named "-", no cache, no run.json.
    assert "1 plan(s), 8 actions" in streamed.stderr and "standard output" in streamed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_convert_to_standard_output_keeps_the_exit_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["convert", str(SEED), str(empty), "-o", "-", "-j",
                                      "1", "-q"])
    assert result.exit_code == 1
    assert f"error: {empty}: the file is empty" in result.stderr
    assert len(result.stdout.splitlines()) == 8  # the good file's actions still come


@pytest.mark.parametrize(("args", "message"), [
    (["convert", "-o", "-", "--format", "csv"], "--format goes with an output folder"),
    (["convert", "-o", "-", "--resume"], "-o - has none"),
    (["audit", "-o", "-"], "audit writes files: give a folder"),
])
def test_standard_output_refuses_what_needs_a_folder(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, [args[0], str(SEED), *args[1:]])
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_convert_to_standard_output_with_format_jsonl_is_allowed() -> None:
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", "-", "--format", "jsonl",
                                      "-j", "1", "-q"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 8


def test_tables_reads_standard_input() -> None:
    from_file = CliRunner().invoke(cli, ["tables", str(SEED)])
    piped = CliRunner().invoke(cli, ["tables", "-", "--input-format", "txt"],
                               input=SEED.read_bytes())
    assert piped.exit_code == from_file.exit_code == 0, piped.stderr
    tables, expected = json.loads(piped.stdout), json.loads(from_file.stdout)
    assert [t["source_file"] for t in tables] == ["stdin"]
    assert [{**t, "source_file": None} for t in tables] == [
        {**t, "source_file": None} for t in expected]
    assert tables[0]["is_plan"] is True and tables[0]["header_map"]["Lead"] == "lead"


def test_tables_from_standard_input_needs_its_format() -> None:
    result = CliRunner().invoke(cli, ["tables", "-"], input=SEED.read_bytes())
    assert result.exit_code == 2 and "needs --input-format" in result.stderr


def test_shell_completion_as_the_readme_shows() -> None:
    # What `eval "$(_PLANPARSE_COMPLETE=bash_source planparse)"` loads, then a completion.
    runner = CliRunner()
    source = runner.invoke(cli, [], prog_name="planparse",
                           env={"_PLANPARSE_COMPLETE": "bash_source"})
    assert source.exit_code == 0 and "complete -o nosort -F _planparse_completion planparse" \
        in source.stdout
    done = runner.invoke(cli, [], prog_name="planparse", env={
        "_PLANPARSE_COMPLETE": "bash_complete", "COMP_WORDS": "planparse conv",
        "COMP_CWORD": "1"})
    assert done.stdout.split() == ["plain,convert"]
    options = runner.invoke(cli, [], prog_name="planparse", env={
        "_PLANPARSE_COMPLETE": "bash_complete", "COMP_WORDS": "planparse convert --executor ",
        "COMP_CWORD": "3"})
    assert options.stdout.split() == ["plain,local", "plain,dask"]
