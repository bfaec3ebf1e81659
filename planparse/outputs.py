"""The output folder of a run: its lock, what a killed run left there, and write failures.

A run holds an exclusive lock on ``out/.planparse-cache/lock`` (``fcntl.flock``) from
before it reads the resume cache until its outputs are in place. A second run into the
same folder does not wait: it fails at once with one line (:class:`OutputLocked`), since
two runs interleaving their SQLite rows or cache entries would each lose the other's.
The lock goes with the process, however it ends (the kernel drops it), so a killed run
never leaves a folder locked.

Holding the lock, the run knows that no other run is writing there, so every
``.planparse-staging-*`` folder it finds is what a killed run left (SIGKILL, or a power
cut, while writing): they are removed before anything else.

Any ``OSError`` or ``sqlite3.Error`` while the run writes into the folder (cache entries,
the spool, the output set) becomes :class:`OutputError`, whose message is the one line the
command line prints: ``cannot write to OUT: REASON; choose another --output-dir``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["LOCK_NAME", "STAGING_PREFIX", "OutputError", "OutputLocked", "release_inherited_locks",
           "remove_earlier_outputs",
           "remove_stale_staging", "writing_to"]

#: The lock file, inside the cache folder (already planparse's own, hidden, in every run).
LOCK_NAME = ".planparse-cache/lock"
#: The descriptors of the output locks this process holds. A worker forked while one is
#: held shares the lock (flock belongs to the open file, which fork duplicates), and a pool
#: joined after the run would keep the folder locked; workers close these as they start.
_HELD: set[int] = set()
#: The prefix of the folders an output set is staged in (:mod:`exporters.atomic`).
STAGING_PREFIX = ".planparse-staging-"


class OutputError(OSError):
    """The output folder cannot be written (or another run holds it). An ``OSError``, so
    that callers of :func:`planparse.convert` that catch ``OSError`` still catch it."""

    def __init__(self, out_dir: Path, reason: str, err: int = errno.EIO) -> None:
        super().__init__(err, reason)
        self.out_dir = out_dir
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write to {self.out_dir}: {self.reason}; choose another --output-dir"


class OutputLocked(OutputError):
    """Another run is writing into the same output folder."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        where = f" ({Path(exc.filename).name})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    from exporters.sqlite import FILENAME

    return f"{FILENAME}: {exc}"  # the one SQLite file a run writes (or carries rows from)


@contextlib.contextmanager
def writing_to(out_dir: Path) -> Iterator[None]:
    """Run the body holding the folder's lock, with stale staging folders removed first;
    turn any write failure into :class:`OutputError`."""
    try:
        with _locked(out_dir):
            remove_stale_staging(out_dir)
            yield
    except OutputError:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(out_dir, _reason(exc),
                          exc.errno if isinstance(exc, OSError) and exc.errno
                          else errno.EIO) from exc


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    import fcntl

    path = out_dir / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(out_dir, "another planparse run is writing there (wait for "
                               "it to end)", errno.EWOULDBLOCK) from None
        _HELD.add(fd)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)  # the lock goes with the descriptor


def release_inherited_locks() -> None:
    """In a freshly forked worker: close the parent's output-lock descriptors, so that the
    lock is the parent's alone and ends with its run, whenever the worker exits."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


def remove_stale_staging(out_dir: Path) -> list[Path]:
    """Remove the staging folders a killed run left in ``out_dir`` (call with the lock
    held: then none can be another run's). Returns those removed."""
    stale = sorted(p for p in out_dir.glob(f"{STAGING_PREFIX}*") if p.is_dir())
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


def remove_earlier_outputs(out_dir: Path, previous: object, written: Sequence[str]
                           ) -> list[str]:
    """Remove the files an earlier run wrote (``previous``: the ``outputs`` of the
    ``run.json`` found in ``out_dir``) that this run did not (``written``), so that a
    re-run with fewer formats leaves no xlsx or report.html of other inputs beside its
    CSVs. ``planparse.sqlite`` stays: a database is built up over runs by design; it is
    then not among ``run.json``'s outputs, which list what is current. Only plain file
    names in ``out_dir`` are touched (``run.json`` is not trusted further). Returns the
    names removed."""
    from exporters.sqlite import FILENAME

    if not isinstance(previous, list):
        return []
    now = set(written)
    removed = []
    for name in previous:
        if (not isinstance(name, str) or name in now or name in ("run.json", FILENAME)
                or name.startswith(".") or "/" in name or os.sep in name):
            continue
        path = out_dir / name
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(name)
    return removed
