"""Fixed cost: ``planparse convert`` from the shell against the same conversion through
the API, and against a bare python-docx read (issue 17: 2.0x and 5.8x on main).

Every side is a whole fresh process (``python -c ...``), so each pays the interpreter and
its own imports and nothing else differs: the API side calls
``planparse.convert([path], out)`` (the defaults the CLI has), the CLI side runs
``planparse convert PATH -o OUT -q`` through the console entry point
(:func:`planparse.cli.main`), the python-docx side opens the file and reads
``[c.text for c in row.cells]`` for every row. Sides alternate over ``--rounds`` paired
rounds (A B, B A, ...); CPU is user + system seconds of the process and every process it
started (``os.wait4``), peak memory the largest resident set among them. Printed: each
side's median, the median of its per-round ratios to the first side with their spread,
and with ``--before`` the same runs by another checkout (e.g. an unmodified main).

    python -m benchmarks.startup [--rows 100] [--rounds 7] [--before ../main]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, Paired, Side
from benchmarks.docx import make_plan

#: The sample bundled with planparse (a folder, as a user would pass it).
SAMPLES = ROOT / "samples"

_API = ("import sys; root, path, out = sys.argv[1:4]; sys.path.insert(0, root); "
        "import planparse; planparse.convert([path], out)")
_CLI = ("import sys; root = sys.argv.pop(1); sys.path.insert(0, root); "
        "from planparse.cli import main; main(sys.argv[1:])")
_DOCX = ("import sys; from docx import Document; "
         "print(sum(len([c.text for c in row.cells]) for t in Document(sys.argv[1]).tables "
         "for row in t.rows))")


def command(side: Side, path: Path, out: Path) -> list[str]:
    """The command line of one side."""
    if side.call == "api":
        return [sys.executable, "-c", _API, str(side.root), str(path), str(out)]
    if side.call == "cli":
        return [sys.executable, "-c", _CLI, str(side.root), "convert", str(path), "-o",
                str(out), "-q"]
    return [sys.executable, "-c", _DOCX, str(path)]


def run_once(side: Side, path: Path) -> tuple[float, float, float, int]:
    """CPU s, wall s, peak MB and the result (cells read, or action rows written) of one
    run of ``side`` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        start = time.perf_counter()
        proc = subprocess.Popen(command(side, path, out), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout, stderr = proc.communicate()
        if proc.returncode not in (0, 1):  # 1: a plan with issues, still written
            raise RuntimeError(f"{side.label} failed: {stderr.decode()[-2000:]}")
        if side.call == "python-docx":
            result = int(stdout.decode().split()[-1])
        else:
            with (out / "actions.csv").open(encoding="utf-8-sig", newline="") as fh:
                result = sum(1 for _ in csv.DictReader(fh))
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, result


def paired_runs(sides: list[Side], path: Path, rounds: int) -> tuple[Paired, Paired]:
    """Every side once per round, the order turned each round; CPU and wall."""
    cpu = Paired(sides, {s.label: [] for s in sides}, {s.label: [] for s in sides})
    wall = Paired(sides, {s.label: [] for s in sides}, {s.label: [] for s in sides})
    for k in range(rounds):
        order = sides[k % len(sides):] + sides[:k % len(sides)]
        for s in order if k % 2 == 0 else order[::-1]:
            c, w, peak, result = run_once(s, path)
            for run, t in ((cpu, c), (wall, w)):
                run.times[s.label].append(t)
                run.peaks[s.label].append(peak)
                run.results[s.label] = result
    return cpu, wall


def report(title: str, sides: list[Side], path: Path, rounds: int) -> None:
    """Run the sides on ``path`` and print both clocks."""
    cpu, wall = paired_runs(sides, path, rounds)
    found = {s.label: cpu.results[s.label] for s in sides if s.call != "python-docx"}
    assert len(set(found.values())) == 1, found  # every planparse side wrote the same rows
    print(f"{title}: CPU s (process and its children) of one run in a fresh process, "
          "ratio to the first side (median of paired rounds), peak RSS")
    print("\n".join(cpu.lines()))
    print("  wall s:")
    print("\n".join(wall.lines()))


def main() -> None:
    """Print the two comparisons."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100, help="rows of the Word plan")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--before", type=Path, help="an unmodified checkout (e.g. main's) whose "
                    "CLI is measured in the same rounds")
    args = ap.parse_args()
    before = ([Side(f"planparse convert (before: {args.before.name})", "cli",
                    args.before.resolve())] if args.before else [])
    cli = Side("planparse convert", "cli")
    report("the bundled sample (samples/)",
           [Side("planparse.convert (API)", "api"), *before, cli], SAMPLES, args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / f"plan-{args.rows}.docx"
        make_plan(plan, args.rows)
        report(f"a {args.rows}-row Word plan ({plan.stat().st_size:,} bytes)",
               [Side("python-docx row.cells (baseline)", "python-docx"), *before, cli],
               plan, args.rounds)


if __name__ == "__main__":
    main()
