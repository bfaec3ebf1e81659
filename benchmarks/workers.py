"""Worker memory over a thousand Word files: one process converting file after file as a
pool worker does, with and without :func:`planparse.workers.run_collected`.

Each side runs in a fresh process that converts the Word fixtures over and over (``--files``
in all) with ``planparse.batch.convert_one``, and reads its resident memory after the
first 50 files and after the last. Sides alternate over ``--rounds``; printed: the median
memory at 50 and at the end, the growth (aim, issue 17: within 10% of the memory at 50),
and the CPU time ratio of collecting to not collecting (median and spread).

    python -m benchmarks.workers [--files 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = sorted((ROOT / "tests" / "fixtures" / "docx").glob("*.docx"))
CHECK_AT = 50


def child(mode: str, files: int) -> dict[str, float]:
    """Convert ``files`` Word files in this process; memory at :data:`CHECK_AT` and at the
    end, and the CPU seconds taken."""
    from normalise import Options
    from planparse.batch import Job, convert_one
    from planparse.inputs import InputFile

    options = Options()
    if mode == "collected":
        from planparse.workers import run_collected
    jobs = [Job(InputFile(p, p.name), options, None, "") for p in WORD]
    at_check = 0.0
    start = time.process_time()
    for k in range(files):
        job = jobs[k % len(jobs)]
        out = run_collected(convert_one, job) if mode == "collected" else convert_one(job)
        assert out["status"] == "converted", out
        if k + 1 == min(CHECK_AT, files):
            at_check = rss_mb()
    return {"at_check": at_check, "at_end": rss_mb(), "cpu": time.process_time() - start}


def rss_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    with Path("/proc/self/status").open(encoding="ascii") as fh:
        return int(next(ln for ln in fh if ln.startswith("VmRSS")).split()[1]) / 1024


def main() -> None:
    """Run the paired rounds and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before", type=Path, help="an unmodified checkout (e.g. main's): "
                    "its convert_one, without collecting, measured in the same rounds")
    ap.add_argument("--child", choices=("plain", "collected"), help=argparse.SUPPRESS)
    ap.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path[0] = str(args.code)  # the measured code, not this script's folder
        print(json.dumps(child(args.child, args.files)))
        return
    sides = [("plain", ROOT, "convert_one alone"), ("collected", ROOT, "run_collected(...)")]
    if args.before:
        sides.insert(0, ("plain", args.before.resolve(), f"{args.before.name}: convert_one"))
    found: dict[str, list[dict[str, float]]] = {label: [] for _, _, label in sides}
    for k in range(args.rounds):
        for mode, code, label in sides if k % 2 == 0 else sides[::-1]:
            out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "workers.py"),
                                  "--child", mode, "--code", str(code), "--files",
                                  str(args.files)], capture_output=True, text=True, check=True)
            found[label].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"one worker converting {args.files} Word files ({len(WORD)} fixtures in turn), "
          f"{args.rounds} rounds, sides alternated")
    for _, _, label in sides:
        at50 = statistics.median(r["at_check"] for r in found[label])
        end = statistics.median(r["at_end"] for r in found[label])
        print(f"  {label:<28} RSS after {CHECK_AT}: {at50:6.1f} MB, after {args.files}: "
              f"{end:6.1f} MB, growth {100 * (end / at50 - 1):+5.1f}%")
    ratios = [c["cpu"] / p["cpu"] for c, p in zip(found[sides[-1][2]], found[sides[0][2]],
                                                   strict=True)]
    print(f"  CPU time, {sides[-1][2]} / {sides[0][2]}: {statistics.median(ratios):4.2f}x "
          f"(spread {min(ratios):4.2f}-{max(ratios):4.2f})")


if __name__ == "__main__":
    main()
