"""The batch on a dask cluster (``--executor dask``): the same per-file function as the
local pool, and the same promise that one file costs one file.

A file whose worker dies under it (its memory, a crash in a library) ends as dask's
``KilledWorker`` once the scheduler has seen it kill ``allowed-failures`` workers; it is
recorded as that file's ``worker-crashed`` failure, as the local pool records a worker
that died, and the other files go on. Paths are sent absolute: a worker's current folder
is not the client's (the workers must see the same file system, at the same paths).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import Job

__all__ = ["absolute", "run_on_dask"]


def absolute(job: Job) -> Job:
    """``job`` with its path made absolute (not resolved: a link stays the link the user
    named); the recorded name is unchanged."""
    return replace(job, item=replace(job.item, path=job.item.path.absolute()))


def run_on_dask(jobs: Sequence[Job], index: Sequence[int], workers: int,
                scheduler: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (input index, outcome) as files finish on the cluster at ``scheduler`` (or a
    local one of ``workers`` processes)."""
    from distributed import Client, LocalCluster, as_completed

    from .batch import _failed, convert_one

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # No dashboard; its HTTP server (metrics) still starts, so on a free port of this
        # host: the default, 8787, is taken whenever two runs overlap.
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                               processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard": False,
                                                 "dashboard_address": "127.0.0.1:0"})
        client = Client(cluster)
    try:
        futures = {client.submit(convert_one, absolute(job), pure=False): i
                   for i, job in zip(index, jobs, strict=True)}
        for future in as_completed(list(futures)):
            try:
                outcome = future.result()
            except Exception as exc:  # this file's failure, not the batch's
                outcome = _failed("worker-crashed", _crash_message(exc), 0.0)
                outcome["seconds"] = 0.0  # when it started is not known here
            yield futures[future], outcome
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _crash_message(exc: BaseException) -> str:
    from distributed.scheduler import KilledWorker

    if isinstance(exc, KilledWorker):
        return ("the dask workers converting this file died (each time it was tried); the "
                "file may be too large for a worker's memory")
    return f"the dask cluster could not convert this file ({type(exc).__name__}: {exc})"
