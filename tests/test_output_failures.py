"""Output-side failures (issue 18 #8): a folder that cannot be written, a full disk while
writing the outputs or the cache, a SQLite error, another run in the same folder. Each is
one line naming the folder, exit code 1, no traceback, no half-written or mixed set."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planparse.cli import cli

from .conftest import SEED


def _convert(out: Path, *extra: str) -> Result:
    return CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out), "-q", *extra])


def _one_line(result: Result, out: Path, reason: str) -> None:
    """Exit 1, and the one line the README promises, with the reason in it."""
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: cannot write to {out}: ")
    assert reason in lines[0]
    assert lines[0].endswith("; choose another --output-dir")


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _no_leftovers(out: Path) -> None:
    assert not [p for p in out.rglob("*")
                if p.name.startswith(".planparse-staging-") or p.name.endswith(".part")]


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding a first run's set."""
    out = tmp_path / "out"
    assert _convert(out, "--format", "csv,sqlite").exit_code == 0
    return out, _files(out)


def test_output_folder_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afile" / "sub"
    _one_line(_convert(out), out, "Not a directory")


def test_read_only_output_folder(tmp_path: Path) -> None:
    # Root ignores permission bits; the immutable attribute holds even for root.
    out = tmp_path / "ro"
    out.mkdir()
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available on this file system")
    try:
        _one_line(_convert(out), out, "Operation not permitted")
        assert list(out.iterdir()) == []
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)


@pytest.mark.parametrize("err", [errno.EACCES, errno.EROFS])
def test_staging_folder_refused(previous: tuple[Path, dict[str, bytes]], err: int,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = previous

    def refuse(*_a: Any, **_k: Any) -> str:
        raise OSError(err, os.strerror(err), str(out / ".planparse-staging-x"))

    monkeypatch.setattr("exporters.atomic.tempfile.mkdtemp", refuse)
    _one_line(_convert(out, "--date-order", "MDY"), out, os.strerror(err))
    assert _files(out) == before


def test_disk_full_while_writing_the_outputs(previous: tuple[Path, dict[str, bytes]],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = previous
    import exporters.csv

    def full(*_a: Any, **_k: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # Part-way through: plans.csv has its first row when actions.csv fails.
    monkeypatch.setattr(exporters.csv.CsvSink, "action", full)
    _one_line(_convert(out, "--date-order", "MDY"), out, "No space left on device")
    assert _files(out) == before
    _no_leftovers(out)


def test_disk_full_while_writing_the_cache(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"

    real = os.fdopen

    class Full:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_a: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[:10])  # a few bytes reach the disk, then it is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("planparse.cache.os.fdopen",
                        lambda fd, mode: Full(real(fd, mode)))
    _one_line(_convert(out), out, "No space left on device")
    _no_leftovers(out)
    assert not list((out / ".planparse-cache").glob("*.entry"))
    assert not (out / "plans.csv").exists()


def test_a_corrupt_database_in_the_folder(previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    (out / "planparse.sqlite").write_bytes(b"not a database" * 500)
    _one_line(_convert(out, "--format", "csv,sqlite", "--date-order", "MDY"), out,
              "planparse.sqlite: file is not a database")
    assert _files(out) == {**before, "planparse.sqlite": b"not a database" * 500}
    _no_leftovers(out)


def test_sqlite_disk_full(previous: tuple[Path, dict[str, bytes]],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import exporters.sqlite

    out, before = previous

    def full(*_a: Any, **_k: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(exporters.sqlite, "_carry_over", full)
    _one_line(_convert(out, "--format", "csv,sqlite", "--date-order", "MDY"), out,
              "database or disk is full")
    assert _files(out) == before
    _no_leftovers(out)


def test_a_second_run_into_a_locked_folder_fails_at_once(
        previous: tuple[Path, dict[str, bytes]]) -> None:
    out, before = previous
    # The lock as a running convert holds it (from another open file description).
    fd = os.open(out / ".planparse-cache" / "lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _one_line(_convert(out, "--date-order", "MDY"), out,
                  "another planparse run is writing there (wait for it to end)")
        assert _files(out) == before
    finally:
        os.close(fd)
    # Once the first run has ended, the folder is free again (MDY: an error-level issue).
    result = _convert(out, "--date-order", "MDY")
    assert "cannot write" not in result.stderr
    assert _files(out)["plans.csv"] != before["plans.csv"]


def test_a_killed_runs_staging_folder_is_removed(previous: tuple[Path, dict[str, bytes]]
                                                 ) -> None:
    out, before = previous
    stale = out / ".planparse-staging-k1ll3d"
    stale.mkdir()
    (stale / "actions.csv").write_bytes(b"half" * 1000)
    assert _convert(out, "--format", "csv,sqlite").exit_code == 0
    assert not stale.exists()
    after = _files(out)
    assert after.pop("run.json") != b""  # its seconds differ
    assert after == {k: v for k, v in before.items() if k != "run.json"}


def test_a_rerun_with_fewer_formats_removes_the_earlier_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _convert(out, "--format", "csv,xlsx,sqlite,report").exit_code == 0
    assert {"report.html", "planparse.sqlite"} <= set(_files(out))
    xlsx = {p.name for p in out.glob("*.xlsx")}
    assert xlsx
    (out / "notes.txt").write_text("mine")  # not planparse's: never touched
    assert _convert(out, "--format", "csv").exit_code == 0
    left = set(_files(out))
    assert not xlsx & left
    assert "report.html" not in left
    # The database is built up over runs: kept, and not among the current outputs.
    assert {"planparse.sqlite", "notes.txt", "actions.csv", "run.json"} <= left
    import json

    outputs = json.loads((out / "run.json").read_text())["outputs"]
    assert "planparse.sqlite" not in outputs
    assert set(outputs) == left - {"planparse.sqlite", "notes.txt", "run.json"}


def test_resume_rewrites_only_run_json_and_keeps_the_set(tmp_path: Path) -> None:
    # The control: an unchanged re-run removes nothing of the set it is resuming.
    out = tmp_path / "out"
    assert _convert(out, "--format", "csv,xlsx").exit_code == 0
    before = _files(out)
    assert _convert(out, "--format", "csv,xlsx", "--resume").exit_code == 0
    assert set(_files(out)) == set(before)
    shutil.rmtree(out)
