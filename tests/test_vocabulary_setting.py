"""``--vocabulary FILE`` (issue 16): a :class:`Settings` field, read by every converting
command, part of the resume cache key by its words (not its file name).

The fixture is tests/fixtures/vocabulary/: a publisher whose headers none of the built-in
synonyms covers (see tests/test_vocabulary.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.cli import cli
from planparse.settings import SettingError, Settings

from .conftest import FIXTURES

HERE = FIXTURES / "vocabulary"
DOC = HERE / "unseen-publisher.txt"


def _convert(out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["convert", str(DOC), "-o", str(out), "-j", "1",
                                      "--format", "json", *extra])
    return result.exit_code, result.stderr


def _actions(out: Path) -> list[tuple[str, str, str | None]]:
    plans = json.loads((out / "plans.json").read_text(encoding="utf-8"))["plans"]
    return [(a["ref"], a["lead"], a["status"]) for p in plans for a in p["actions"]]


@pytest.mark.parametrize("name", ["vocabulary.toml", "vocabulary.csv"])
def test_the_flag_makes_the_unseen_publisher_map(tmp_path: Path, name: str) -> None:
    code, err = _convert(tmp_path, "--vocabulary", str(HERE / name))
    assert code == 0, err
    assert _actions(tmp_path) == [("1", "Health and Police", "completed"),
                                  ("2", "Children's Services", "in_progress"),
                                  ("3", "Schools", "on_hold")]


def test_without_the_flag_no_plan_is_found(tmp_path: Path) -> None:
    # Control: the same file, no vocabulary, is what it was before the flag existed.
    code, err = _convert(tmp_path)
    assert code == 1 and "looks like an action plan" in err
    assert _actions(tmp_path) == []


def test_tables_maps_headers_with_the_vocabulary() -> None:
    def header_map(*extra: str) -> dict[str, str]:
        result = CliRunner().invoke(cli, ["tables", str(DOC), *extra])
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)
        return dict(found[0]["header_map"])

    assert header_map() == {}
    assert header_map("--vocabulary", str(HERE / "vocabulary.toml"))["Champion"] == "lead"


def test_the_cache_key_follows_the_words_not_the_file(tmp_path: Path) -> None:
    words = tmp_path / "words.toml"
    shutil.copy(HERE / "vocabulary.toml", words)
    plain = Settings().key()
    given = Settings.make(vocabulary=words).key()
    assert given != plain
    # The same words in another file (and the other format): the same key.
    assert Settings.make(vocabulary=HERE / "vocabulary.csv").key() == given
    words.write_text(words.read_text(encoding="utf-8").replace('"parked"', '"paused"'),
                     encoding="utf-8")
    assert Settings.make(vocabulary=words).key() not in (given, plain)


def test_resume_reads_the_files_again_when_the_vocabulary_changes(tmp_path: Path) -> None:
    words, out = tmp_path / "words.toml", tmp_path / "out"
    shutil.copy(HERE / "vocabulary.toml", words)
    assert _convert(out, "--vocabulary", str(words), "--resume")[0] == 0
    assert _actions(out)[2] == ("3", "Schools", "on_hold")
    # An edit in place: the same path, other words; --resume must not reuse the entry.
    words.write_text(words.read_text(encoding="utf-8").replace(
        'on_hold = ["parked"]', 'superseded = ["parked"]'), encoding="utf-8")
    assert _convert(out, "--vocabulary", str(words), "--resume")[0] == 0
    assert _actions(out)[2] == ("3", "Schools", "superseded")
    files = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]
    assert [f["cached"] for f in files] == [False]
    # Unchanged since: now it is reused.
    _convert(out, "--vocabulary", str(words), "--resume")
    files = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]
    assert [f["cached"] for f in files] == [True]


def test_a_bad_vocabulary_is_one_usage_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[headers]\nowner = ["Champion"]\n', encoding="utf-8")
    code, err = _convert(tmp_path / "out", "--vocabulary", str(bad))
    assert code == 2
    line = err.strip().splitlines()[-1]
    assert line.startswith("Error: Invalid value for '--vocabulary': ") and str(bad) in line
    assert "'owner'" in line and "unknown field" in line and "Traceback" not in err
    with pytest.raises(SettingError) as caught:
        Settings.make(vocabulary=bad)
    assert caught.value.option == "vocabulary"
