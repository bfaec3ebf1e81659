"""tests/update_golden.py runs through (it once crashed on the resume cache folder) and,
with the code unchanged, writes exactly the golden files there are, skipping run.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import update_golden

from .conftest import GOLDEN


def test_update_golden_writes_the_golden_files_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(update_golden, "GOLDEN", tmp_path)
    monkeypatch.chdir(Path.cwd())  # main() moves to the repository; come back after
    update_golden.main()
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file())
    assert "seed/run.json" not in made and not any(".planparse-cache" in m for m in made)
    assert "seed/actions.csv" in made and "diff/changes.csv" in made
    for name in made:
        assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes(), name
