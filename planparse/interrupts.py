"""Ctrl-C and SIGTERM during a run: the shell's exit codes (130 and 143), one line, and the
earlier outputs left as they were.

SIGTERM's default action ends the process at once, so no ``finally`` runs: the staging
folder stays behind and the pool's workers are orphaned. Here it is raised as
:class:`Terminated` in the main process instead, which unwinds like Ctrl-C's
``KeyboardInterrupt`` (staging removed, pool stopped, the lock released). A worker forked
from the main process inherits the handler; there it ends the worker as SIGTERM always
did, since the pool ends its workers with SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

__all__ = ["EXIT_INTERRUPTED", "EXIT_TERMINATED", "Terminated", "exit_on_interrupt",
           "sigterm_raises"]

#: 128 + the signal's number, as a shell reports a process a signal ended.
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived in the main process (a ``BaseException``, as KeyboardInterrupt is,
    so that no ``except Exception`` swallows it)."""


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While the body runs, SIGTERM raises :class:`Terminated` in this process."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    parent = os.getpid()

    def handler(signum: int, _frame: FrameType | None) -> None:
        if os.getpid() != parent:  # a forked worker: end it the way SIGTERM would
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated

    previous: int | Callable[[int, FrameType | None], object] | None = signal.signal(
        signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


@contextlib.contextmanager
def exit_on_interrupt(output_dir: Path, echo: Callable[[str], None]) -> Iterator[None]:
    """Run the body; on Ctrl-C or SIGTERM say so in one line (through ``echo``) and exit
    with 130 or 143."""
    try:
        with sigterm_raises():
            yield
    except (KeyboardInterrupt, Terminated) as exc:
        what, code = (("interrupted", EXIT_INTERRUPTED) if isinstance(exc, KeyboardInterrupt)
                      else ("terminated (SIGTERM)", EXIT_TERMINATED))
        echo(f"{what}: no outputs written; those already in {output_dir} are as they were "
             "(run again with --resume to reuse the files converted so far)")
        sys.exit(code)
