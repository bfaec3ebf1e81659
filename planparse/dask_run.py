"""The batch on a dask cluster (``--executor dask``): the same per-file function as the
local pool, and the same promise that one file costs one file.

A file whose worker dies under it (its memory, a crash in a library) ends as dask's
``KilledWorker`` once the scheduler has seen it kill ``allowed-failures`` workers; it is
recorded as that file's ``worker-crashed`` failure, as the local pool records a worker
that died, and the other files go on. Paths are sent absolute: a worker's current folder
is not the client's (the workers must see the same file system, at the same paths).

``--timeout`` is kept in two steps, as a worker process cannot be given a child to end (it
is daemonic) nor an alarm (its tasks run in a thread). The task converts under
:func:`planparse.local.thread_deadline`, which raises in its own thread when the time is
up: the file becomes that file's ``timeout``, its ``seconds`` counted from its own start,
and the worker takes the next file. A task that does not come back even so (held in one
long C call, or ignoring the exception) is ended from the client: each task announces
its start (an event on :data:`STARTED`), and once a started task has run
``timeout + GRACE`` seconds the client cancels it, records the file's ``timeout`` and
restarts the worker holding it through its nanny, so the stuck work does not keep the
worker; the scheduler gives that worker's other files to the rest.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client, Future

    from .batch import Job

__all__ = ["GRACE", "STARTED", "absolute", "convert_timed", "run_on_dask"]

#: The topic of the event each task logs as it starts converting, when a timeout is set.
STARTED = "planparse-started"
#: Seconds past ``--timeout`` a task gets to end itself (unwinding, closing a LibreOffice
#: it started) before the client ends its worker.
GRACE = 5.0


def absolute(job: Job) -> Job:
    """``job`` with its path made absolute (not resolved: a link stays the link the user
    named); the recorded name is unchanged."""
    return replace(job, item=replace(job.item, path=job.item.path.absolute()))


def convert_timed(job: Job, timeout: float | None, token: int) -> dict[str, Any]:
    """The task: announce the start of ``token`` to the client (with the worker's
    address), then convert the file under ``timeout``."""
    from distributed import get_worker

    from . import batch  # looked up when run: a worker's preload may wrap convert_one
    from .local import Overran, thread_deadline

    if timeout is None:
        return batch.convert_one(job)
    worker = get_worker()
    worker.log_event(STARTED, {"token": token, "worker": worker.address})
    start = time.perf_counter()
    try:
        with thread_deadline(timeout):
            return batch.convert_one(job)
    except Overran:
        return batch._timed_out(timeout, start)


def run_on_dask(jobs: Sequence[Job], index: Sequence[int], workers: int,
                scheduler: str | None, timeout: float | None = None,
                max_memory: int | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (input index, outcome) as files finish on the cluster at ``scheduler`` (or a
    local one of ``workers`` processes), each file ended after ``timeout`` seconds.

    A local cluster's workers are capped at ``max_memory`` bytes each by dask's nanny, which
    restarts a worker past it (its file is then a ``worker-crashed`` failure); a cluster at
    ``scheduler`` keeps the memory limits it was started with."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # No dashboard; its HTTP server (metrics) still starts, so on a free port of this
        # host: the default, 8787, is taken whenever two runs overlap.
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                               processes=True, dashboard_address=None,
                               memory_limit=max_memory or 0,
                               scheduler_kwargs={"dashboard": False,
                                                 "dashboard_address": "127.0.0.1:0"})
        client = Client(cluster)
    try:
        yield from _watch(client, jobs, index, timeout)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _watch(client: Client, jobs: Sequence[Job], index: Sequence[int],
           timeout: float | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Submit the files, yield their outcomes as they finish, and end the tasks that
    outlive ``timeout + GRACE`` from their announced start."""
    from .batch import _failed, _timed_out

    started: dict[int, tuple[float, str]] = {}  # token → (start here, worker address)
    lock = threading.Lock()

    def on_start(event: tuple[float, dict[str, Any]]) -> None:
        # Timed by this clock, as it arrives: a remote worker's clock may not agree.
        with lock:  # a file tried again after its worker died starts again
            started[event[1]["token"]] = (time.monotonic(), event[1]["worker"])

    finished: queue.SimpleQueue[Future] = queue.SimpleQueue()
    if timeout is not None:
        client.subscribe_topic(STARTED, on_start)
    tokens: dict[int, Future] = {}  # token → its future
    of: dict[str, tuple[int, int]] = {}  # future's key → (token, input index)
    for token, (i, job) in enumerate(zip(index, jobs, strict=True)):
        future = client.submit(convert_timed, absolute(job), timeout, token, pure=False)
        tokens[token], of[future.key] = future, (token, i)
        future.add_done_callback(finished.put)
    left = set(tokens)
    try:
        while left:
            try:
                future = finished.get(timeout=None if timeout is None else 0.25)
            except queue.Empty:
                for token, elapsed, worker in _overdue(started, left, lock, timeout):
                    left.discard(token)
                    _end(client, tokens[token], worker)
                    outcome = _timed_out(timeout, time.perf_counter() - elapsed)
                    yield of[tokens[token].key][1], outcome
                continue
            token, i = of[future.key]
            if token not in left:  # ended already, as overdue
                continue
            left.discard(token)
            try:
                outcome = future.result()
            except Exception as exc:  # this file's failure, not the batch's
                outcome = _failed("worker-crashed", _crash_message(exc), 0.0)
                outcome["seconds"] = 0.0  # when it started is not known here
            yield i, outcome
    finally:
        if timeout is not None:
            client.unsubscribe_topic(STARTED)


def _overdue(started: dict[int, tuple[float, str]], left: set[int], lock: threading.Lock,
             timeout: float | None) -> list[tuple[int, float, str]]:
    """(token, seconds run, worker) of each unfinished task past ``timeout + GRACE``."""
    if timeout is None:
        return []
    now = time.monotonic()
    with lock:
        return [(t, now - at, worker) for t, (at, worker) in started.items()
                if t in left and now - at > timeout + GRACE]


def _end(client: Client, future: Future, worker: str) -> None:
    """Cancel a task that did not end itself, and restart the worker holding it (through
    its nanny; a worker without one cannot be restarted from here, and keeps the thread)."""
    future.cancel()
    with contextlib.suppress(Exception):  # the file is recorded either way
        client.restart_workers([worker], raise_for_error=False)


def _crash_message(exc: BaseException) -> str:
    from distributed.scheduler import KilledWorker

    if isinstance(exc, KilledWorker):
        return ("the dask workers converting this file died (each time it was tried); the "
                "file may be too large for a worker's memory")
    return f"the dask cluster could not convert this file ({type(exc).__name__}: {exc})"
