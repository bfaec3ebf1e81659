"""Dask (issue 18 #6): a file that kills its worker is that file's failure, not the batch's;
relative paths reach workers whose current folder is not the client's."""

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
# a file named ``kill-*`` ends the worker process, as a file that exhausts its memory does.
_PRELOAD = """
import planparse.batch as batch


# Defaults, not globals: dask may let this module's globals go once it has run it.
def convert_one(job, _real=batch.convert_one):
    if job.item.path.name.startswith("kill-"):
        __import__("os")._exit(137)
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

