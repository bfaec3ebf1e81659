"""Batch: documents per second with 1 and 2 workers, the speed-up, peak memory of the
parent and of the workers, and a ``--resume`` re-run with nothing changed.

Builds an archive with ``tests/fixtures/make_archive.py`` (the samples in every format,
copied under different names, plus the broken and hostile files), then in this process:
a run with one worker process, a run with two, and a resumed re-run of the two-worker run.
Each run converts and writes CSV and JSON, as ``planparse convert`` does.

    python -m benchmarks.batch [--copies 20] [--hostile]   # 20 copies of 10 documents + others
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from planparse.api import convert
from planparse.batch import RunResult, run
from planparse.limits import DEFAULT_MAX_MEMORY
from tests.fixtures.make_archive import build, build_hostile


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
    ap.add_argument("--hostile", action="store_true",
                    help="add the hostile files of issue 18 (span bombs, a named pipe, ...)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root / "archive", copies=args.copies)
        if args.hostile:
            build_hostile(root / "archive" / "hostile")
        docs = sum(1 for p in (root / "archive").rglob("*") if p.is_file())
        run([root / "archive" / "good" / "utf-16 plan.txt"])  # warm imports off the clock
        one, r1 = timed(root / "archive", root / "out1", workers=1)
        two, r2 = timed(root / "archive", root / "out2", workers=2)
        again, r3 = timed(root / "archive", root / "out2", workers=2, resume=True)
        assert len(r1.plans) == len(r2.plans) == len(r3.plans)
        cached = sum(1 for f in r3.files if f.cached)
        parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"archive: {docs} documents ({len(r1.plans)} plans, "
          f"{sum(p.action_count for p in r1.plans)} actions, {len(r1.failed)} failing files)")
    print(f"1 worker : {one:6.2f} s  {docs / one:7.1f} documents/s")
    print(f"2 workers: {two:6.2f} s  {docs / two:7.1f} documents/s  speed-up {one / two:4.2f}x")
    print(f"--resume, nothing changed: {again:5.2f} s = {100 * again / two:4.1f}% of the first "
          f"run ({cached} files from the cache)")
    print(f"peak memory (max RSS): parent {parent:6.1f} MB, largest worker {workers:6.1f} MB "
          f"(each worker capped at {DEFAULT_MAX_MEMORY / 1024**3:g} GiB above its start)")


if __name__ == "__main__":
    main()
