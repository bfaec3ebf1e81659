"""Converting in the caller's own process, with the per-file timeout kept.

One file (or ``-j 1``) gains nothing from a process pool, and the pool cost every
``planparse convert`` 0.45–0.9 s before it read a byte (issue 17): starting workers,
importing every reader in them. Here the file is converted where the caller runs, and the
timeout that a pool enforces by ending its worker is enforced with a POSIX interval timer
(``SIGALRM``) instead: when it rings, :class:`Overran` is raised in the conversion, which
unwinds it (closing files, ending a LibreOffice it started) and the file fails as
``timeout``. Python runs the handler between bytecodes, so a reader inside one long C call
(an XML parse) is ended when that call returns: later than a pool would, never not at all.
A file that crashes the interpreter takes the run with it here, where a pool would record
``worker-crashed``; the readers' own limits (sizes, spans, the memory cap) are what stand
between a hostile file and that. Signals reach only the main thread, so elsewhere (a thread,
or Windows) the batch keeps the pool whenever a timeout is asked for: see
:func:`can_time_out`. A dask task runs in a worker's thread, where there is no alarm and no
child process to end (the worker is daemonic): there :func:`thread_deadline` raises
:class:`Overran` in the thread itself (``PyThreadState_SetAsyncExc``), with the same
between-bytecodes reach, and the client ends a worker whose task does not come back
(:mod:`planparse.dask_run`).
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

__all__ = ["Overran", "can_time_out", "deadline", "thread_deadline"]


class Overran(BaseException):
    """The file's time ran out. A ``BaseException``, so that the readers' and the batch's
    ``except Exception`` (a reader's bug costs one file) cannot swallow it."""


def can_time_out() -> bool:
    """Whether :func:`deadline` can end a conversion here: a POSIX interval timer, and the
    main thread (the only one Python delivers signals to)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`Overran` in the block once it has run ``seconds`` (None: no limit).

    The handler and any timer set before are put back afterwards, what remained of that
    timer included, so a caller's own alarm (a test runner's, say) still rings.
    """
    if seconds is None:
        yield
        return
    armed = True

    def ring(_signum: int, _frame: FrameType | None) -> None:
        # The timer may ring between the block's end and its disarming: not an overrun.
        if armed:
            raise Overran

    old = signal.signal(signal.SIGALRM, ring)
    start = time.monotonic()
    delay, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)
        if delay > 0:
            left = delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), interval)


@contextlib.contextmanager
def thread_deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`Overran` in the block once it has run ``seconds``, in whatever thread
    it runs (None: no limit).

    A timer thread sets the exception on this thread; Python raises it at the thread's
    next bytecode, so a long call in C ends when it returns. The lock makes the ring and
    the block's end exclusive, and an exception set but not yet raised when the block ends
    is withdrawn, so nothing is raised after the block (in the caller's own code: a dask
    worker's).
    """
    if seconds is None:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "rang": False}

    def ring() -> None:
        with lock:
            if state["running"]:
                state["rang"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(Overran))

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["running"] = False
            if state["rang"]:  # set, and perhaps not raised yet: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
