"""LibreOffice runs in a process group of its own, ended with the conversion: nothing it
started outlives a conversion that overran, or a worker ended for its --timeout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest import CorruptFileError, legacy
from ingest.docx import read_docx


def _fake_soffice(tmp_path: Path) -> Path:
    """A stand-in for soffice that starts a long-lived child (as soffice starts
    soffice.bin), writes the child's pid, and waits."""
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {tmp_path}/child.pid\nwait\n")
    script.chmod(0o755)
    return script


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie is dead, waiting for its reaper


def _gone(pid: int) -> bool:
    """Whether ``pid`` has died within five seconds (a signal is delivered, not awaited)."""
    for _ in range(50):
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def _child(tmp_path: Path) -> int:
    for _ in range(100):
        if (tmp_path / "child.pid").exists() and (tmp_path / "child.pid").read_text().strip():
            return int((tmp_path / "child.pid").read_text())
        time.sleep(0.05)
    raise AssertionError("the stand-in never started its child")


def _convert(path: Path) -> None:
    legacy.read_via_libreoffice(path, path.name, read_docx)


def test_an_overrunning_conversion_takes_its_children_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: str(_fake_soffice(tmp_path)))
    monkeypatch.setattr(legacy, "_TIMEOUT", 3)
    (tmp_path / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CorruptFileError, match="did not convert the file within 3 s"):
        _convert(tmp_path / "plan.doc")
    assert _gone(_child(tmp_path))


def test_a_worker_ended_for_its_timeout_takes_libreoffice_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessPool

    monkeypatch.setattr(legacy, "soffice", lambda: str(_fake_soffice(tmp_path)))
    (tmp_path / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with ProcessPool(max_workers=1) as pool:  # forked: the worker has the stand-in
        future = pool.schedule(_convert, args=(tmp_path / "plan.doc",), timeout=2)
        with pytest.raises(FutureTimeout):
            future.result()
    assert _gone(_child(tmp_path))  # the worker's exit ran the finalizer
