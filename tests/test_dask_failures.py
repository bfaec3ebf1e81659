"""Dask (issue 18 #6): a file that kills its worker is that file's failure, not the batch's;
relative paths reach workers whose current folder is not the client's; ``--timeout`` ends a
file that runs too long, whether it can end itself or its worker has to be restarted."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planparse.api import convert

from .conftest import SEED

distributed = pytest.importorskip("distributed")

# Run in every worker as it starts (again, too, after one died), before it takes a task:
# a file named ``kill-*`` ends the worker process, as a file that exhausts its memory does;
# ``slow-*`` runs Python for 20 s before converting (a reader in a long loop), ``stuck-*``
# waits 20 s in one C call (a reader in a long parse), then each converts as usual.
_PRELOAD = """
import planparse.batch as batch


# Defaults, not globals: dask may let this module's globals go once it has run it.
def convert_one(job, _real=batch.convert_one, _os=__import__("os"), _time=__import__("time")):
    name = job.item.path.name
    if name.startswith("kill-"):
        _os._exit(137)
    if name.startswith("slow-"):
        end = _time.monotonic() + 20
        while _time.monotonic() < end:
            _time.sleep(0.05)
    if name.startswith("stuck-"):
        _time.sleep(20)
    return _real(job)


def dask_setup(worker):
    batch.convert_one = convert_one
"""


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    preload = tmp_path_factory.mktemp("dask") / "kill_on_name.py"
    preload.write_text(_PRELOAD)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        preload=[str(preload)])
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _files(result: Any) -> dict[str, tuple[str, str]]:
    return {f.source_file.rsplit("/", 1)[-1]: (f.status, f.code) for f in result.files}


def test_a_file_that_kills_its_worker_is_that_files_failure(scheduler: str,
                                                            tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.txt", "kill-me.txt", "b.txt"):
        shutil.copy(SEED, inputs / name)
    result = convert([inputs], tmp_path / "out", executor="dask", scheduler=scheduler)
    assert _files(result) == {"a.txt": ("converted", ""), "b.txt": ("converted", ""),
                              "kill-me.txt": ("failed", "worker-crashed")}
    assert result.exit_code == 1
    doc = json.loads((tmp_path / "out" / "run.json").read_text())
    (killed,) = [f for f in doc["files"] if f["code"] == "worker-crashed"]
    assert killed["message"].startswith("the dask workers converting this file died")
    assert (tmp_path / "out" / "plans.csv").read_text(encoding="utf-8-sig").count("\n") == 3


def test_relative_paths_reach_the_workers(scheduler: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The workers were started in another folder: a relative path means nothing there.
    shutil.copy(SEED, tmp_path / "plan.txt")
    monkeypatch.chdir(tmp_path)
    result = convert(["plan.txt"], "out", executor="dask", scheduler=scheduler)
    assert _files(result) == {"plan.txt": ("converted", "")}
    assert [f.source_file for f in result.files] == ["plan.txt"]  # the name as given


def test_the_local_cluster_does_not_need_port_8787(tmp_path: Path) -> None:
    # Another run (or anything) on 8787: a local dask run still works, without warnings.
    sock = socket.socket()
    try:
        sock.bind(("", 8787))
        sock.listen()
    except OSError:
        pass  # taken already: the condition under test holds anyway
    try:
        result = convert([SEED], tmp_path, executor="dask", workers=1)
    finally:
        sock.close()
    assert _files(result) == {SEED.name: ("converted", "")}



def _workers(scheduler: str) -> set[str]:
    with distributed.Client(scheduler) as client:
        client.wait_for_workers(2, timeout=30)
        return set(client.scheduler_info()["workers"])


def _timed_out_run(scheduler: str, tmp_path: Path, name: str) -> tuple[Any, dict[str, Any]]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for each in ("a.txt", name, "b.txt"):
        shutil.copy(SEED, inputs / each)
    result = convert([inputs], tmp_path / "out", executor="dask", scheduler=scheduler,
                     timeout=2)
    assert _files(result) == {"a.txt": ("converted", ""), "b.txt": ("converted", ""),
                              name: ("failed", "timeout")}
    assert result.exit_code == 1
    assert (tmp_path / "out" / "plans.csv").read_text(encoding="utf-8-sig").count("\n") == 3
    doc = json.loads((tmp_path / "out" / "run.json").read_text())
    (late,) = [f for f in doc["files"] if f["code"] == "timeout"]
    # The local pool's line for a file past its timeout, word for word.
    assert late["message"] == ("still converting after 2 s; ended (raise --timeout for "
                               "very large files)")
    return result, late


def test_a_file_past_its_timeout_ends_itself_and_its_worker_goes_on(
        scheduler: str, tmp_path: Path) -> None:
    before = _workers(scheduler)
    _, late = _timed_out_run(scheduler, tmp_path, "slow-plan.txt")
    # Counted from the file's own start, not the worker's or the batch's; it ran 20 s on main.
    assert 2 <= late["seconds"] < 20
    assert _workers(scheduler) == before  # ended in its thread: no worker was restarted


def test_a_file_stuck_past_its_timeout_is_ended_with_its_worker(
        scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planparse import dask_run

    monkeypatch.setattr(dask_run, "GRACE", 1.0, raising=False)  # none on main
    before = _workers(scheduler)
    _, late = _timed_out_run(scheduler, tmp_path, "stuck-plan.txt")
    assert 3 <= late["seconds"] < 20  # timeout + grace, then the client ended it
    after = _workers(scheduler)
    assert len(after) == 2 and len(after & before) == 1  # the stuck one was restarted


def test_the_local_cluster_caps_each_worker_at_max_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--max-memory`` reaches dask's own per-worker limit (its nanny restarts a worker past
    it, and the file is that worker's ``worker-crashed`` failure); on main it was unlimited."""
    seen: list[int] = []

    class Recording(distributed.LocalCluster):  # type: ignore[misc,name-defined]
        def close(self, *args: Any, **kwargs: Any) -> Any:
            seen.extend(w["memory_limit"] for w in self.scheduler_info["workers"].values())
            return super().close(*args, **kwargs)

    monkeypatch.setattr(distributed, "LocalCluster", Recording)
    result = convert([SEED], tmp_path, executor="dask", workers=1, max_memory="1G")
    assert _files(result) == {SEED.name: ("converted", "")}
    assert seen == [2**30]
