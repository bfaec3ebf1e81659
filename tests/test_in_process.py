"""One file, one process (issue 17): a single file or ``-j 1`` is converted in the
caller's process, with its timeout and memory cap kept; a pool is sized to the files."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planparse import batch
from planparse.batch import run
from planparse.cli import cli
from planparse.local import Overran, deadline

from .conftest import SEED


def _no_pool(*_args: Any, **_kw: Any) -> Any:
    raise AssertionError("a process pool was started")


def _slow_for_hang(doc: Any, options: Any = None) -> Any:
    from normalise import document_to_records

    if doc.document.source_file.endswith("hang.txt"):
        time.sleep(60)
    return document_to_records(doc, options)


def test_one_file_with_the_default_timeout_is_converted_without_a_pool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's default --timeout 600 once sent every run, one file included, to a pool."""
    monkeypatch.setattr(batch, "_pool", _no_pool)
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out), "-q"])
    assert done.exit_code == 0, done.output
    with (out / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [r["seq"] for r in csv.DictReader(fh)] == [str(n) for n in range(1, 9)]


def test_j1_converts_many_files_without_a_pool(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(SEED.read_bytes())
    monkeypatch.setattr(batch, "_pool", _no_pool)
    result = run([tmp_path], workers=1, timeout=600)
    assert [f.status for f in result.files] == ["converted", "converted"]
    assert [p.action_count for p in result.plans] == [8, 8]


def test_two_files_on_two_workers_still_use_the_pool(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: more than one file and more than one worker keep the pool."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(SEED.read_bytes())
    monkeypatch.setattr(batch, "_pool", _no_pool)
    with pytest.raises(AssertionError, match="pool was started"):
        run([tmp_path], workers=2, timeout=600)


@pytest.mark.parametrize("how", ["one file", "-j 1"])
def test_a_file_that_hangs_in_process_fails_with_its_timeout_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    (tmp_path / "hang.txt").write_bytes(SEED.read_bytes())
    if how == "-j 1":
        (tmp_path / "fine.txt").write_bytes(SEED.read_bytes())
    monkeypatch.setattr(batch, "document_to_records", _slow_for_hang)
    monkeypatch.setattr(batch, "_pool", _no_pool)
    start = time.perf_counter()
    result = run([tmp_path], workers=1, timeout=2)
    assert time.perf_counter() - start < 20
    status = {Path(f.source_file).name: (f.status, f.code) for f in result.files}
    assert status.pop("hang.txt") == ("failed", "timeout")
    assert status == ({"fine.txt": ("converted", "")} if how == "-j 1" else {})
    hang = next(f for f in result.files if f.code == "timeout")
    assert hang.message.startswith("still converting after 2 s; ended")
    assert hang.seconds >= 2
    # The alarm is disarmed and its handler put back once the run is over.
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


def test_a_callers_own_alarm_still_rings_after_a_deadline() -> None:
    rang: list[int] = []
    old = signal.signal(signal.SIGALRM, lambda n, _f: rang.append(n))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with deadline(10):
            pass
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.5
        time.sleep(1)
        assert rang == [signal.SIGALRM]
        with pytest.raises(Overran), deadline(0.2):
            time.sleep(5)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_warm_up_imports_only_the_readers_of_the_inputs() -> None:
    """warm_up() once imported openpyxl, python-docx and lxml.html for any input."""
    code = ("import sys; from planparse.batch import warm_up; warm_up({'.txt'}); "
            "a = sorted(m for m in ('openpyxl', 'docx', 'lxml.html') if m in sys.modules); "
            "warm_up({'.XLSX'}); b = 'openpyxl' in sys.modules; print(a, b)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parent.parent)
    assert out.stdout.strip() == "[] True"
