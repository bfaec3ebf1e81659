"""One timed measurement in a fresh process: ``python benchmarks/child.py ROOT CALL PATH N
[cold]``.

Runs ``CALL`` on ``PATH`` once to warm up (imports, caches; not with ``cold``, for long
inputs where one call dwarfs the imports), then ``N`` times on the clock,
and prints one JSON line: the median CPU seconds of one call (``cpu``: this process;
``cpu_all``: with the worker processes it started) and wall seconds, the process's peak
resident memory (VmHWM, read from /proc: ``ru_maxrss`` would carry over the parent's peak
across fork and exec) and the result. ``ROOT`` is the checkout whose code is measured
(put first on ``sys.path``), so one run can time this branch against an unmodified main.
The calls are defined here, not imported from ``ROOT``, so both sides run the same
benchmark code.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path


def convert(path: Path) -> int:
    """Whole conversion to CSV and JSON, as ``planparse convert`` does; the actions."""
    from planparse import convert as run

    with tempfile.TemporaryDirectory() as out:
        result = run([path], out, formats=["csv", "json"])
    # The plans' own fields: ``result.plans`` decodes every action from the spool again,
    # which ``planparse convert`` never does after writing (on 10,000 rows it cost a
    # tenth of the time and 26 MB); a checkout older than the spool has no ``headers``.
    return sum(p.action_count for p in getattr(result, "headers", None) or result.plans)


def python_docx(path: Path) -> int:
    """A bare python-docx read: ``[c.text for c in row.cells]`` for every row."""
    from docx import Document

    n = 0
    for table in Document(str(path)).tables:
        for row in table.rows:
            n += len([c.text for c in row.cells])
    return n


def pdfplumber_tables(path: Path) -> int:
    """pdfplumber's defaults: ``find_tables`` and ``extract`` on every page; the rows."""
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                n += len(table.extract())
            page.close()
    return n


def _batch(path: Path, workers: int) -> int:
    from planparse.api import convert

    with tempfile.TemporaryDirectory() as out:
        result = convert([path], Path(out), workers=workers, formats=["csv", "json"])
    # Not ``result.plans``: decoding every action again after the outputs are written is
    # serial work in this process that no run does, and it pulled the speed-up down.
    return len(getattr(result, "headers", None) or result.plans)


def batch1(path: Path) -> int:
    """A batch over the folder ``path`` with one worker process."""
    return _batch(path, 1)


def batch2(path: Path) -> int:
    """The same batch with two worker processes."""
    return _batch(path, 2)


CALLS: dict[str, Callable[[Path], int]] = {
    "convert": convert, "python-docx": python_docx, "pdfplumber": pdfplumber_tables,
    "batch1": batch1, "batch2": batch2}


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with Path("/proc/self/status").open(encoding="ascii") as fh:
        line = next(ln for ln in fh if ln.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def _children_cpu() -> float:
    """CPU seconds of the worker processes this one has started and reaped (a pool's)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Measure one call as the command line says and print the JSON line."""
    root, call, path, repeat = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    warm = sys.argv[5:6] != ["cold"]
    sys.path[0] = root  # the measured code, not this script's folder
    fn = CALLS[call]
    result = fn(path) if warm else 0
    cpu, wall, every = [], [], []
    for _ in range(repeat):
        gc.collect()
        c, w, k = time.process_time(), time.perf_counter(), _children_cpu()
        result = fn(path)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
        for t in threading.enumerate():  # a pool's workers are reaped beside the caller
            if t is not threading.current_thread() and not t.daemon:
                t.join()
        every.append(cpu[-1] + _children_cpu() - k)
    where = sys.modules.get("planparse")
    print(json.dumps({"cpu": statistics.median(cpu), "wall": statistics.median(wall),
                      "cpu_all": statistics.median(every),
                      "peak_mb": peak_mb(), "result": result,
                      "code": str(Path(where.__file__).parents[1]) if where and
                      where.__file__ else ""}))


if __name__ == "__main__":
    main()
