"""Timing and memory helpers shared by the benchmarks."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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
    return sum(p.action_count for p in result.headers)  # no action decoded again


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


#: This checkout: the code a paired run measures unless ``--before`` names another too.
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Side:
    """One side of a paired run: ``call`` (a name in :mod:`benchmarks.child`) with the
    code of the checkout at ``root``."""

    label: str
    call: str
    root: Path = ROOT


@dataclass
class Paired:
    """Per-side measurements of a paired run, one entry per round."""

    sides: list[Side]
    times: dict[str, list[float]] = field(default_factory=dict)
    peaks: dict[str, list[float]] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)
    #: CPU seconds of each run with those of the worker processes it started.
    cpu_all: dict[str, list[float]] = field(default_factory=dict)

    def ratios(self, label: str) -> list[float]:
        """``label``'s time over the first side's, round by round (each pair ran
        back to back, so a busy machine moves both)."""
        base = self.times[self.sides[0].label]
        return [t / b for t, b in zip(self.times[label], base, strict=True)]

    def lines(self) -> list[str]:
        """One line per side: median time, median ratio and its spread, peak memory."""
        out = []
        for s in self.sides:
            r = self.ratios(s.label)
            out.append(f"  {s.label:<34} {statistics.median(self.times[s.label]):8.3f} s  "
                       f"{statistics.median(r):5.2f}x (spread {min(r):4.2f}-{max(r):4.2f}, "
                       f"{len(r)} rounds)  peak {max(self.peaks[s.label]):7.1f} MB")
        before = [s for s in self.sides if "(before" in s.label]
        if before:  # the branch against the unmodified checkout, round by round
            ours, theirs = self.times[self.sides[-1].label], self.times[before[0].label]
            r = [a / b for a, b in zip(ours, theirs, strict=True)]
            out.append(f"  {self.sides[-1].label} / {before[0].label}: "
                       f"{statistics.median(r):5.2f}x (spread {min(r):4.2f}-{max(r):4.2f})")
        return out


def measure(side: Side, path: Path, repeat: int, warm: bool = True) -> dict[str, Any]:
    """Run one side in a fresh process (see :mod:`benchmarks.child`)."""
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "child.py"),
                          str(side.root), side.call, str(path), str(repeat),
                          "warm" if warm else "cold"],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        raise RuntimeError(f"{side.label} failed: {out.stderr.strip()[-2000:]}")
    found: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if side.call in ("convert", "batch1", "batch2") and found.get("code") != str(side.root):
        raise RuntimeError(f"{side.label} ran the code in {found.get('code')}, not {side.root}")
    return found


def paired(sides: list[Side], path: Path, rounds: int = 5, repeat: int = 1,
           clock: str = "cpu", warm: bool = True) -> Paired:
    """Run every side once per round, the order turned each round (A B, B A, ...), each in
    a fresh process; ``clock`` is ``"cpu"`` (the child's CPU seconds) or ``"wall"``."""
    run = Paired(sides, {s.label: [] for s in sides}, {s.label: [] for s in sides})
    for k in range(rounds):
        order = sides[k % len(sides):] + sides[:k % len(sides)]
        for s in order if k % 2 == 0 else order[::-1]:
            found = measure(s, path, repeat, warm)
            run.times[s.label].append(found[clock])
            run.peaks[s.label].append(found["peak_mb"])
            run.results[s.label] = int(found["result"])
            run.cpu_all.setdefault(s.label, []).append(found.get("cpu_all", found["cpu"]))
    return run


def before_side(before: Path | None, label: str, call: str = "convert") -> list[Side]:
    """The ``--before`` side (an unmodified checkout), when one was given."""
    return [Side(f"{label} (before: {before.name})", call, before.resolve())] if before else []
