"""One settings object (issue 15): every option of a converting command is a field of
:class:`Settings`, each default is written once, and ``planparse.convert`` writes what
``planparse convert`` writes."""

from __future__ import annotations

import ast
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import planparse
from planparse.cli import cli
from planparse.settings import SettingError, Settings

SAMPLES = Path(__file__).parent.parent / "samples"
#: Options of the commands that are about the command line itself, not the run.
NOT_SETTINGS = {"output_dir", "quiet", "help", "paths", "fmt", "pages", "debug_dir",
                "publications"}


@pytest.mark.parametrize("command", ["convert", "audit", "diff", "tables"])
def test_every_option_of_a_command_is_a_settings_field(command: str) -> None:
    names = {f.name for f in fields(Settings)}
    for param in cli.commands[command].params:
        name = "bom" if param.name == "no_bom" else param.name
        if command in ("diff", "tables") and name == "formats":
            continue  # changes.* and the table dump: formats of their own
        assert name in names or name in NOT_SETTINGS, f"{command} --{name} is no setting"


def test_no_default_of_a_setting_is_written_twice() -> None:
    # The CLI module and the API take their defaults from Settings: none of them spells
    # out `default=<a literal>` for a setting, nor `stale_days=180` and the like.
    root = Path(__file__).parent.parent / "planparse"
    settings = {f.name for f in fields(Settings)}
    for path in (root / "cli.py", root / "api.py", root / "batch.py", root / "diff.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                args = node.args.args + node.args.kwonlyargs
                defaults = node.args.defaults + node.args.kw_defaults
                for arg, default in zip(reversed(args), reversed(defaults), strict=False):
                    assert not (arg.arg in settings and isinstance(default, ast.Constant)
                                and default.value is not None), f"{path.name}: {arg.arg}"


def test_make_parses_what_a_person_writes() -> None:
    s = Settings.make(formats="parquet,csv", as_of="2022-03-31", max_memory="512M",
                      colour_key="92D050=green", date_order="mdy")
    assert s.formats == ("parquet", "csv") and s.as_of == date(2022, 3, 31)
    assert s.max_memory == 512 * 1024**2 and s.date_order == "MDY"
    assert s.colour_key["92D050"].value == "green"
    assert Settings.make(max_memory="none").max_memory is None
    assert Settings.make().stale_days == 180 and Settings.make().formats == ("csv", "json")
    with pytest.raises(SettingError) as caught:
        Settings.make(as_of="last week")
    assert caught.value.option == "as_of"
    with pytest.raises(TypeError, match="unknown setting"):
        Settings.make(colour="red")


def test_the_cache_key_changes_with_what_changes_values_only() -> None:
    base = Settings()
    assert base.key() == Settings.make(workers=4, formats="xlsx").key()
    assert base.key() != Settings.make(stale_days=90).key()
    assert base.key() != Settings.make(date_order="MDY").key()


def test_the_api_and_the_command_line_write_the_same_files(tmp_path: Path) -> None:
    api_out, cli_out = tmp_path / "api", tmp_path / "cli"
    result = planparse.convert([SAMPLES], api_out, formats=["csv", "json", "xlsx"],
                               workers=1)
    cli_result = CliRunner().invoke(cli, ["convert", str(SAMPLES), "-o", str(cli_out),
                                          "--format", "csv,json,xlsx", "-j", "1", "-q"])
    assert cli_result.exit_code == result.exit_code == 0
    names = sorted(p.relative_to(api_out).as_posix() for p in api_out.rglob("*"))
    assert names == sorted(p.relative_to(cli_out).as_posix() for p in cli_out.rglob("*"))
    assert "run.json" in names and any(n.startswith(".planparse-cache/") for n in names)
    for name in names:
        a, b = api_out / name, cli_out / name
        # run.json and the cache entries hold timings; the workbook its own check
        if a.is_file() and name != "run.json" and not name.startswith(".planparse-cache"):
            assert a.read_bytes() == b.read_bytes(), name


def test_the_defaults_the_readers_keep_are_the_settings_defaults() -> None:
    # The PDF reader's page limit lives in ingest (which the CLI's help must not load):
    # the setting is checked against it rather than imported.
    from ingest.pdf import DEFAULT_MAX_PAGES
    from normalise.options import Options

    assert Settings().max_pages == DEFAULT_MAX_PAGES
    assert Settings().options() == Options()
