"""The config file (issue 16): ``planparse.toml`` or ``[tool.planparse]`` in a
``pyproject.toml`` in the working folder sets any option once; a flag given on the
command line wins over it, even a flag that repeats its default."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import planparse
from planparse.cli import cli
from planparse.config import ConfigError, load_config
from planparse.settings import Settings

from .conftest import FIXTURES, REPO, SEED

VOCABULARY = FIXTURES / "vocabulary"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "-j", "1", "-q"])
    return result.exit_code, result.stderr


def _settings(out: Path) -> dict[str, object]:
    recorded: dict[str, object] = json.loads(
        (out / "run.json").read_text(encoding="utf-8"))["settings"]
    return recorded


def test_the_file_sets_options_and_flags_win(here: Path) -> None:
    (here / "planparse.toml").write_text(
        'format = ["csv", "xlsx"]\nstale-days = 30\ndate_order = "mdy"\n'
        'colour-key = { "92D050" = "green" }\nno-bom = true\n', encoding="utf-8")
    # The seed's dates are day-first: read month-first, they are errors (exit 1).
    assert _run("convert", str(SEED), "-o", "a")[0] == 1
    got = _settings(here / "a")
    assert (got["stale after days"], got["date order"], got["colour key"], got["formats"]) \
        == ("30", "MDY", "92D050=green", "csv,xlsx")
    assert (here / "a" / "planparse.xlsx").is_file() and not (here / "a" / "plans.json").exists()
    assert not (here / "a" / "plans.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # Flags win; --stale-days 180 is the default, given on purpose: it still wins.
    assert _run("convert", str(SEED), "-o", "b", "--stale-days", "180", "--date-order",
                "DMY", "--format", "json")[0] == 0
    got = _settings(here / "b")
    assert (got["stale after days"], got["date order"], got["colour key"], got["formats"]) \
        == ("180", "DMY", "92D050=green", "json")


def test_without_a_file_the_defaults_hold(here: Path) -> None:
    # Control: a pyproject.toml with no [tool.planparse] is no config.
    (here / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config().path is None and load_config().settings == Settings()
    assert _run("convert", str(SEED), "-o", "a")[0] == 0
    got = _settings(here / "a")
    assert (got["stale after days"], got["date order"], got["formats"]) == (
        "180", "DMY", "csv,json")


def test_pyproject_tool_table_and_planparse_toml_first(here: Path) -> None:
    (here / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.planparse]\nstale-days = 45\nas-of = 2022-03-31\n',
        encoding="utf-8")
    config = load_config()
    assert config.path == here / "pyproject.toml"
    assert (config.settings.stale_days, config.settings.as_of) == (45, date(2022, 3, 31))
    assert config.given == {"stale_days", "as_of"}
    (here / "planparse.toml").write_text("stale-days = 7\n", encoding="utf-8")
    assert load_config().settings.stale_days == 7 and load_config().settings.as_of is None


def test_audit_adds_its_report_to_the_files_formats(here: Path) -> None:
    (here / "planparse.toml").write_text('format = "parquet"\n', encoding="utf-8")
    assert _run("audit", str(SEED), "-o", "a")[0] == 0
    assert _settings(here / "a")["formats"] == "parquet,audit,report"


def test_a_vocabulary_path_is_taken_from_the_files_folder(tmp_path: Path,
                                                          here: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(VOCABULARY / "vocabulary.toml", project / "words.toml")
    (project / "planparse.toml").write_text('vocabulary = "words.toml"\n', encoding="utf-8")
    doc = VOCABULARY / "unseen-publisher.txt"
    # The API reads a config only when asked, from the folder asked; keywords win.
    settings = load_config(project).settings
    result = planparse.convert([doc], here / "api", settings, workers=1)
    assert result.exit_code == 0 and [p.action_count for p in result.plans] == [3]
    assert planparse.convert([doc], here / "plain", workers=1).exit_code == 1
    # The command line, run in that folder.
    shutil.move(project / "planparse.toml", here / "planparse.toml")
    (here / "planparse.toml").write_text(f'vocabulary = "{project / "words.toml"}"\n',
                                         encoding="utf-8")
    assert _run("convert", str(doc), "-o", "cli")[0] == 0


def test_aliases_may_be_written_inline(here: Path) -> None:
    (here / "planparse.toml").write_text('aliases = { "YTHFT" = "YSTHFT" }\n',
                                         encoding="utf-8")
    assert _run("convert", str(SEED), "-o", "a", "--format", "csv")[0] == 0
    leads = (here / "a" / "leads.csv").read_text(encoding="utf-8-sig")
    assert "YSTHFT" in leads and "YTHFT" not in leads


def test_a_vocabulary_may_be_written_inline(here: Path) -> None:
    (here / "planparse.toml").write_text(
        (VOCABULARY / "vocabulary.toml").read_text(encoding="utf-8")
        .replace("[headers]", "[vocabulary.headers]").replace("[status]", "[vocabulary.status]")
        .replace("[rag]", "[vocabulary.rag]"), encoding="utf-8")
    inline = load_config().settings.vocabulary
    from normalise.vocabulary import load_vocabulary

    assert inline is not None
    assert inline.fingerprint() == load_vocabulary(VOCABULARY / "vocabulary.toml").fingerprint()


@pytest.mark.parametrize(("text", "message"), [
    ("stale_day = 3\n", "unknown key 'stale_day'; did you mean 'stale-days'?"),
    ("colour = 3\n", "unknown key 'colour'; did you mean 'colour-key'?"),
    ("zzz = 3\n", "unknown key 'zzz'; known keys: aliases, as-of,"),
    ("stale-days = 0\n", "stale-days: 0 is not in the range x>=1."),
    ('date-order = "YMD"\n', "date-order: 'YMD' is not one of "),
    ('resume = "yes"\n', "resume: expected true or false, not 'yes'"),
    ("exclude = 3\n", "exclude: expected a list of patterns"),
    ('aliases = "missing.csv"\n', "aliases: File "),
    ('format = "pdf"\n', "format: unknown format pdf"),
    ("stale-days = 3\nstale_days = 4\n", "'stale_days' sets stale_days again"),
    ("[[\n", "not valid TOML"),
])
def test_a_bad_file_is_one_line_and_exit_two(here: Path, text: str, message: str) -> None:
    (here / "planparse.toml").write_text(text, encoding="utf-8")
    code, err = _run("convert", str(SEED), "-o", "a")
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"error: {here / 'planparse.toml'}: ") and message in err
    assert not (here / "a").exists()
    with pytest.raises(ConfigError, match=r"planparse\.toml"):
        load_config()


def test_the_file_reaches_tables_and_diff(here: Path) -> None:
    (here / "planparse.toml").write_text(
        f'vocabulary = "{VOCABULARY / "vocabulary.csv"}"\n', encoding="utf-8")
    doc = VOCABULARY / "unseen-publisher.txt"
    result = CliRunner().invoke(cli, ["tables", str(doc)])
    assert json.loads(result.stdout)[0]["header_map"]["Champion"] == "lead"
    result = CliRunner().invoke(cli, ["diff", str(doc), str(doc), "-o", "d", "-q"])
    assert result.exit_code == 0, result.output  # the same plan twice: no changes
    (here / "planparse.toml").write_text("bogus = 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(doc), str(doc), "-o", "d", "-q"])
    assert result.exit_code == 2 and "unknown key 'bogus'" in result.stderr


def _readme_block(after: str, lang: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"```{lang}\n", text.index(after)) + len(lang) + 4
    return text[start:text.index("```", start)]


def test_the_readmes_examples_load(here: Path) -> None:
    # The README's config and vocabulary examples are what the code reads.
    from normalise.vocabulary import load_vocabulary

    (here / "words.toml").write_text(_readme_block("### A vocabulary of your own", "toml"),
                                     encoding="utf-8")
    words = load_vocabulary(here / "words.toml")
    assert words.headers["lead"] == ("Champion",) and words.rag_words == {
        "emerald": planparse_rag("green")}
    (here / "aliases.csv").write_text("YTHFT,YSTHFT\n", encoding="utf-8")
    (here / "planparse.toml").write_text(_readme_block("### Settings in a file", "toml"),
                                         encoding="utf-8")
    config = load_config()
    s = config.settings
    assert (s.formats, s.date_order, s.stale_days, s.exclude) == (
        ("csv", "xlsx"), "DMY", 90, ("drafts/", "*.tmp.docx"))
    assert s.aliases == {"ythft": "YSTHFT"} and s.colour_key["FFC000"].value == "amber"
    assert s.vocabulary is not None and s.vocabulary.fingerprint() == words.fingerprint()


def planparse_rag(value: str) -> object:
    from normalise.models import Rag

    return Rag(value)
