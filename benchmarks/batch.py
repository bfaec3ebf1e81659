"""Batch: documents per second with 1 and 2 workers, the speed-up, peak memory of the
parent and of the workers, and a ``--resume`` re-run with nothing changed.

Builds an archive with ``tests/fixtures/make_archive.py`` (the samples in every format,
copied under different names, plus the broken and hostile files), then runs it with one
worker process and with two, alternated over ``--rounds`` paired rounds, each run in a fresh
process (:func:`benchmarks.common.paired`, wall time): the speed-up printed is the median of
the per-round speed-ups, with their spread, so a busy machine shows as spread. Then a run
and a resumed re-run in this process. Each run converts and writes CSV and JSON, as
``planparse convert`` does.

    python -m benchmarks.batch [--copies 20] [--rounds 5] [--hostile]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import Side, paired
from planparse.api import convert
from planparse.batch import RunResult
from planparse.limits import DEFAULT_MAX_MEMORY
from tests.fixtures.make_archive import build, build_hostile, build_hostile_more


def timed(archive: Path, out: Path, workers: int, resume: bool = False
          ) -> tuple[float, RunResult]:
    """One run as ``planparse convert`` makes it: convert, then write CSV, JSON and
    run.json (only run.json when a resumed run finds nothing changed)."""
    start = time.perf_counter()
    result = convert([archive], out, workers=workers, resume=resume)
    return time.perf_counter() - start, result


def main() -> None:
    """Build the archive and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--hostile", action="store_true",
                    help="add the hostile files of issue 18 (span bombs, a named pipe, ...)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root / "archive", copies=args.copies)
        if args.hostile:
            build_hostile(root / "archive" / "hostile")
            build_hostile_more(root / "archive" / "hostile-more")
        docs = sum(1 for p in (root / "archive").rglob("*") if p.is_file())
        # Wall time (the workers' CPU is not the parent's), each run in a fresh process,
        # 1 and 2 workers alternated: a busy machine shows as spread, not as a figure.
        sides = [Side("1 worker", "batch1"), Side("2 workers", "batch2")]
        pairs = paired(sides, root / "archive", rounds=args.rounds, clock="wall")
        assert pairs.results["1 worker"] == pairs.results["2 workers"], pairs.results
        speedups = [1 / r for r in pairs.ratios("2 workers")]
        _, first = timed(root / "archive", root / "out", workers=2)
        again, r3 = timed(root / "archive", root / "out", workers=2, resume=True)
        cached = sum(1 for f in r3.files if f.cached)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # The run's own exit code, as ``planparse convert`` would exit: this script's exit
    # status only says the benchmark ran, and a failing file must make the run's non-zero.
    if first.failed and first.exit_code == 0:
        raise SystemExit(f"{len(first.failed)} files failed but the run's exit code is 0")
    print(f"archive: {docs} documents ({len(first.plans)} plans, "
          f"{sum(p.action_count for p in first.plans)} actions, {len(first.failed)} failing "
          f"files; the run's exit code {first.exit_code}, as planparse convert exits); "
          "wall s of one run in a fresh process, peak RSS of that process")
    print("\n".join(pairs.lines()))
    print(f"2 workers / 1 worker: speed-up {statistics.median(speedups):4.2f}x (median of "
          f"{len(speedups)} paired rounds, spread {min(speedups):4.2f}-{max(speedups):4.2f})")
    # The work the second worker adds, CPU of every process: unlike the wall speed-up it
    # barely moves when others load the machine (it does not say what 2 cores give).
    base = pairs.cpu_all["1 worker"]
    extra = [b / a for a, b in zip(base, pairs.cpu_all["2 workers"], strict=True)]
    print(f"CPU of all processes, 2 workers / 1 worker: {statistics.median(extra):4.2f}x "
          f"(spread {min(extra):4.2f}-{max(extra):4.2f}; "
          f"{statistics.median(base):5.2f} s with 1 worker)")
    one = statistics.median(pairs.times["2 workers"])
    print(f"--resume, nothing changed: {again:5.2f} s = {100 * again / one:4.1f}% of a "
          f"first run ({cached} files from the cache)")
    print(f"largest worker of the in-process runs (max RSS): {workers:6.1f} MB (each worker "
          f"capped at {DEFAULT_MAX_MEMORY / 1024**3:g} GiB above its start)")


if __name__ == "__main__":
    main()
