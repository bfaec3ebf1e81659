"""Ctrl-C exits 130 and SIGTERM 143 (issue 18): one line, no traceback, the earlier
outputs as they were, no staging folder, no worker left running. A real ``python -m
planparse convert`` process is sent the signal while it converts a file made slow."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.cli import cli

from .conftest import REPO, SEED

# ``python -m planparse`` with one file made slow; the worker that reads it writes its
# pid to the marker file first (forked workers inherit the patched function).
_SLOW = """
import runpy, sys, time
from pathlib import Path
import planparse.batch as batch
real, marker = batch.convert_one, Path(sys.argv.pop(1))
def convert_one(job):
    if job.item.path.name.startswith("slow"):
        marker.write_text(str(__import__("os").getpid()))
        time.sleep(120)
    return real(job)
convert_one.__module__, convert_one.__qualname__ = "planparse.batch", "convert_one"
batch.convert_one = convert_one
sys.argv[0] = "planparse"
runpy.run_module("planparse", run_name="__main__")
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _alive_group(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _wait_for(check: object, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if callable(check) and check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


@pytest.mark.parametrize(("sig", "code", "workers"), [
    (signal.SIGINT, 130, "1"), (signal.SIGTERM, 143, "1"), (signal.SIGTERM, 143, "2"),
    (signal.SIGINT, 130, "2")])
def test_a_signal_mid_run_exits_with_the_shells_code(tmp_path: Path, sig: int, code: int,
                                                     workers: str) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out), "-q"]).exit_code == 0
    before = _snapshot(out)
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a-plan.txt")
    shutil.copy(SEED, inputs / "slow-plan.txt")
    marker = tmp_path / "worker.pid"
    with subprocess.Popen(
            [sys.executable, "-c", _SLOW, str(marker), "convert", str(inputs), "-o",
             str(out), "-q", "-j", workers], cwd=REPO, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, start_new_session=True) as proc:
        try:
            _wait_for(lambda: marker.exists() and marker.read_text())
            worker = int(marker.read_text())
            time.sleep(0.3)  # the other file may still be converting: no difference
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=60)
            if worker != proc.pid:  # the pool's worker was ended with the run
                _wait_for(lambda: not _alive(worker), 10)
        finally:
            if _alive_group(proc.pid):
                os.killpg(proc.pid, signal.SIGKILL)  # a failed test leaves nothing running
            proc.wait()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("interrupted: " if sig == signal.SIGINT else
                           "terminated (SIGTERM): ")
    assert f"those already in {out} are as they were" in line
    assert _snapshot(out) == before
    assert not list(out.glob(".planparse-staging-*"))


def test_python_dash_m_planparse_runs_the_command_line() -> None:
    # The control for the above: the module entry point is the CLI.
    done = subprocess.run([sys.executable, "-m", "planparse", "--version"], cwd=REPO,
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONWARNINGS": "error"})
    assert done.stdout.startswith("planparse, version ")
