"""read(..., errors=...): a file that cannot be read is left out, raised, or collected
(issue 16: read() dropped unreadable files with no way to see why)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import planparse
from planparse import Plans, ReadError, read

from .conftest import SEED


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SEED, tmp_path / "good.txt")
    (tmp_path / "broken.pdf").write_bytes(b"hello, not a PDF")
    (tmp_path / "words.txt").write_text("just a sentence, no table\n", encoding="utf-8")
    return tmp_path


def test_default_ignores_unreadable_files_as_before(folder: Path) -> None:
    plans = read(folder)
    assert [p.source_file for p in plans] == [(folder / "good.txt").as_posix()]
    assert [len(p.actions) for p in plans] == [8]
    assert type(plans) is list  # the control: what read() always returned


def test_collect_returns_the_plans_and_why_the_others_failed(folder: Path) -> None:
    plans = read(folder, errors="collect")
    assert isinstance(plans, Plans) and isinstance(plans, list)
    assert [len(p.actions) for p in plans] == [8]
    assert [(Path(f.source_file).name, f.code) for f in plans.failures] == [
        ("broken.pdf", "corrupt-file"), ("words.txt", "no-table")]
    assert "not a valid PDF" in plans.failures[0].message
    assert {i.code for i in plans.issues} == {"corrupt-file", "no-table"}
    (plan,) = plans  # still unpacks like the list it is
    assert plan.action_count == 8


def test_raise_names_the_file_and_its_problem(folder: Path) -> None:
    (folder / "words.txt").unlink()
    with pytest.raises(ReadError, match=r"broken\.pdf: not a valid PDF .*\(corrupt-file\)"
                       ) as info:
        read(folder, errors="raise")
    assert [Path(f.source_file).name for f in info.value.failures] == ["broken.pdf"]
    with pytest.raises(ReadError, match=r"missing\.docx: no such file \(not-found\)"):
        read([SEED, SEED.parent / "missing.docx"], errors="raise")
    assert len(read(SEED, errors="raise")) == 1  # nothing to raise about


def test_errors_must_be_one_of_the_three() -> None:
    with pytest.raises(ValueError, match="ignore, raise, collect"):
        read(SEED, errors="warn")  # type: ignore[call-overload]
    assert {"Plans", "ReadError"} <= set(dir(planparse))
