"""The record flow (issue 15): JSON parses and dumps per action, peak memory of the parent
and total time for a run writing every format.

Counts every pydantic JSON parse (``model_validate_json``, ``TypeAdapter.validate_json``)
and dump while one in-process run converts and writes, divided by the actions written and
by the records (actions, plans' own fields and issues, each of which is decoded once);
then converts with ``--jobs`` worker processes and reports the parent's peak Python memory
(tracemalloc, traced in the parent only: a forked worker stops tracing as it starts, since
tracing the workers measured nothing of the parent and made them several times slower)
and, in a second run traced nowhere, the wall time; for the archive of
``tests/fixtures/make_archive.py`` (about 220 documents with ``--copies 20``) and for
``--documents`` generated text plans. ``--only`` picks rows (``parses``, ``archive``,
``generated``; ``time`` for the untraced archive time alone). The parses are also given
by what was parsed: a plan's own fields (``Plan``) and an issue are decoded once each
beside the actions, so parses per action is 1 + (plans + issues) / actions when each
record is decoded once.

    python -m benchmarks.records [--copies 20] [--documents 2000] [--jobs 2] [--only archive]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ALL = ["csv", "json", "jsonl", "parquet", "xlsx", "sqlite", "audit", "report"]


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count pydantic's JSON parses and dumps while the block runs."""
    import pydantic

    counts: Counter[str] = Counter()
    patched: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, key: str, cls_method: bool) -> None:
        original = owner.__dict__[name]
        func = original.__func__ if cls_method else original

        def counted(*args: Any, **kw: Any) -> Any:
            counts[key] += 1
            # What was parsed (a model class, or a TypeAdapter's type): an action's own
            # line is counted apart from a plan's fields and an issue's.
            target = args[0] if args else None
            target = getattr(target, "_type", target)
            counts[f"{key}:{getattr(target, '__name__', '?')}"] += 1
            return func(*args, **kw)

        setattr(owner, name, classmethod(counted) if cls_method else counted)
        patched.append((owner, name, original))

    wrap(pydantic.BaseModel, "model_validate_json", "parses", True)
    wrap(pydantic.BaseModel, "model_dump_json", "dumps", False)
    wrap(pydantic.TypeAdapter, "validate_json", "parses", False)
    wrap(pydantic.TypeAdapter, "dump_json", "dumps", False)
    try:
        yield counts
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


def _convert(src: Path, out: Path, formats: list[str], workers: int) -> tuple[int, int]:
    """Convert ``src`` into ``out``: (actions, records) written."""
    import inspect

    from planparse import convert

    if "settings" in str(inspect.signature(convert)):
        from dataclasses import replace

        from planparse.settings import Settings

        settings = Settings.make(formats=formats, workers=workers)
        if workers == 1:  # in this process, so that the worker's parses are counted too
            settings = replace(settings, timeout=None)
        result = convert([src], out, settings)
    else:  # main before issue 15: the CLI's run, rebuilt by hand
        from normalise import Options
        from planparse.api import write_run
        from planparse.batch import run

        options = Options()
        old_run: Any = run
        old_write: Any = write_run
        result = old_run([src], options, workers=workers,
                         timeout=600 if workers > 1 else None, cache_dir=out)
        old_write(result, out, formats, options=options, settings={})
    # The plans' own fields: counting actions must not decode them (result.plans would).
    headers = getattr(result, "headers", None) or result.plans
    actions = sum(p.action_count for p in headers)
    issues = sum(len(p.issues) for p in headers) + len(result.issues)
    return actions, actions + len(headers) + issues


def per_action(src: Path, formats: list[str]) -> tuple[float, float, float, float, str]:
    """(parses per action, dumps per action, parses per record, parses of an action's
    own JSON per action, every kind parsed with its count) for one in-process run
    (worker and parent)."""
    with tempfile.TemporaryDirectory() as out, counting() as counts:
        actions, records = _convert(src, Path(out), formats, workers=1)
    kinds = ", ".join(f"{k.partition(':')[2]} {n}" for k, n in sorted(counts.items())
                      if k.startswith("parses:"))
    return (counts["parses"] / actions, counts["dumps"] / actions, counts["parses"] / records,
            counts["parses:Action"] / actions, kinds)


_UNTRACED_CHILDREN: list[bool] = []


def parent(src: Path, formats: list[str], workers: int) -> tuple[float, float]:
    """(parent peak MB, seconds) converting with ``workers`` worker processes, the parent
    traced, the workers not."""
    if not _UNTRACED_CHILDREN:  # once per process: a hook cannot be taken back
        os.register_at_fork(after_in_child=tracemalloc.stop)
        _UNTRACED_CHILDREN.append(True)
    with tempfile.TemporaryDirectory() as out:
        tracemalloc.start()
        start = time.perf_counter()
        _convert(src, Path(out), formats, workers=workers)
        seconds = time.perf_counter() - start
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return top / 1e6, seconds


def untraced(src: Path, formats: list[str], workers: int) -> float:
    """Seconds converting with ``workers`` worker processes, nothing traced."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        _convert(src, Path(out), formats, workers=workers)
        return time.perf_counter() - start


def generated(dest: Path, n: int) -> Path:
    """``n`` text plans: the seed under ``n`` names (each its own plan)."""
    from tests.fixtures.make_archive import SEED

    dest.mkdir(parents=True)
    for k in range(n):
        shutil.copy(SEED, dest / f"plan {k:05d}.txt")
    return dest


def main() -> None:
    """Build the inputs and print the figures."""
    from tests.fixtures.make_archive import build

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--documents", type=int, default=2000)
    ap.add_argument("--jobs", "-j", type=int, default=2, help="worker processes")
    ap.add_argument("--only", action="append", default=[],
                    choices=["parses", "archive", "time", "generated"],
                    help="these rows only (repeatable; default: all)")
    args = ap.parse_args()
    only = set(args.only) or {"parses", "archive", "time", "generated"}
    j = args.jobs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root / "archive", copies=args.copies)
        docs = sum(1 for p in (root / "archive").rglob("*") if p.is_file())
        many = generated(root / "many", args.documents)
        fmt = ("{:.2f}, {:.2f} (parses per record {:.2f}; of an action's own line per "
               "action {:.2f}; parsed: {})")
        rows: list[tuple[str, str, Callable[[], str]]] = [
            ("parses", "JSON parses, dumps per action, csv,json",
             lambda: fmt.format(*per_action(root / "archive", ["csv", "json"]))),
            ("parses", "JSON parses, dumps per action, all formats",
             lambda: fmt.format(*per_action(root / "archive", ALL))),
            ("archive", f"parent peak MB, seconds, all formats, -j {j}, archive ({docs} documents)",
             lambda: "{:.1f} MB, {:.1f} s".format(*parent(root / "archive", ALL, j))),
            ("time", f"seconds untraced, all formats, -j {j}, archive ({docs} documents)",
             lambda: "{:.1f} s".format(untraced(root / "archive", ALL, j))),
            ("generated", f"parent peak MB, seconds, all formats, -j {j}, "
             f"{args.documents} generated documents",
             lambda: "{:.1f} MB, {:.1f} s".format(*parent(many, ALL, j))),
        ]
        for key, label, fn in rows:
            if key in only:
                print(f"{label}: {fn()}", flush=True)


if __name__ == "__main__":
    main()
