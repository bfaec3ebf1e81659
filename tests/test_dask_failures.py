"""Dask (issue 18 #6): a file that kills its worker is that file's failure, not the batch's;
relative paths reach workers whose current folder is not the client's."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planparse.api import convert

from .conftest import SEED

distributed = pytest.importorskip("distributed")
from distributed import WorkerPlugin  # noqa: E402 - only once dask is known to be there


class KillOnName(WorkerPlugin):  # type: ignore[misc]
    """In every worker (and every worker started again after one died): a file named
    ``kill-*`` ends the worker process, as a file that exhausts its memory does."""

    def setup(self, worker: Any) -> None:
        import planparse.batch as batch

        real = batch.convert_one

        def convert_one(job: Any) -> Any:
            if job.item.path.name.startswith("kill-"):
                os._exit(137)
            return real(job)

        batch.convert_one = convert_one


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    import cloudpickle  # type: ignore[import-untyped]

    # The plugin travels by value: the workers need not import this test module.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"})
    client = distributed.Client(cluster)
    client.register_plugin(KillOnName())
    try:
        yield cluster.scheduler_address
    finally:
        client.close()
        cluster.close()
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


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
