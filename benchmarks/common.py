"""Timing and memory helpers shared by the benchmarks."""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def best_of(fn: Callable[[T], object], arg: T, repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``fn(arg)``, in seconds (the least disturbed)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(fn: Callable[[T], object], arg: T) -> float:
    """Peak Python memory (tracemalloc) while ``fn(arg)`` runs, in MB."""
    tracemalloc.start()
    fn(arg)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1e6


def planparse_convert(path: Path) -> int:
    """Convert one file to CSV and JSON as ``planparse convert`` does; return the number
    of actions found."""
    from planparse import convert

    with tempfile.TemporaryDirectory() as out:
        result = convert([path], out, formats=["csv", "json"])
    return sum(p.action_count for p in result.plans)


def bare_pdfplumber(path: Path) -> int:
    """pdfplumber's defaults as a user would call them: ``find_tables`` and ``extract``
    on every page, closing each page after; returns the number of rows."""
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                n += len(table.extract())
            page.close()
    return n
