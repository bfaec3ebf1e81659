"""Flat worker memory: a worker process collects reference cycles every few files.

A long-lived worker's memory grew with every Word file it converted (about 0.5 MB a file,
69 → 369 MB over 600 files, issue 17): parsed XML trees and the readers' objects leave
reference cycles that only a full collection frees, and the collector's thresholds count
allocations, not megabytes, so a worker busy with large files rarely ran one. Collecting
every :data:`COLLECT_EVERY` files holds the worker near its start-up size for the cost of
a few milliseconds per collection. The pool schedules :func:`run_collected` with the
function it would have run.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Files a worker converts between full collections. A full collection of a worker's heap
#: takes milliseconds; converting a file takes tens to thousands, so collecting often is
#: cheap, and a small number keeps the growth between collections small.
COLLECT_EVERY = 10

_done = 0  # files this process has converted (each worker process has its own count)


def run_collected(fn: Callable[[T], R], arg: T, every: int = COLLECT_EVERY) -> R:
    """``fn(arg)``, then a full garbage collection every ``every`` calls in this process."""
    global _done
    try:
        return fn(arg)
    finally:
        _done += 1
        if every > 0 and _done % every == 0:
            gc.collect()


def rss_mb() -> float:
    """This process's resident memory now, in MB (``VmRSS``; 0.0 where /proc is absent)."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
