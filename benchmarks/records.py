"""The record flow (issue 15): JSON parses and dumps per action, peak memory of the parent
and total time for a run writing every format.

Counts every pydantic JSON parse (``model_validate_json``, ``TypeAdapter.validate_json``)
and dump while one in-process run converts and writes, divided by the actions written;
then converts with two worker processes and reports the parent's peak Python memory
(tracemalloc) and the wall time, for the archive of ``tests/fixtures/make_archive.py``
(about 220 documents with ``--copies 20``) and for ``--documents`` generated text plans.

    python -m benchmarks.records [--copies 20] [--documents 2000]
"""

from __future__ import annotations

import argparse
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


def _convert(src: Path, out: Path, formats: list[str], workers: int) -> int:
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
    return sum(p.action_count for p in getattr(result, "headers", None) or result.plans)


def per_action(src: Path, formats: list[str]) -> tuple[float, float]:
    """(parses, dumps) per action for one in-process run (worker and parent)."""
    with tempfile.TemporaryDirectory() as out, counting() as counts:
        actions = _convert(src, Path(out), formats, workers=1)
    return counts["parses"] / actions, counts["dumps"] / actions


def parent(src: Path, formats: list[str]) -> tuple[float, float]:
    """(parent peak MB, seconds) converting with two workers."""
    with tempfile.TemporaryDirectory() as out:
        tracemalloc.start()
        start = time.perf_counter()
        _convert(src, Path(out), formats, workers=2)
        seconds = time.perf_counter() - start
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return top / 1e6, seconds


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
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root / "archive", copies=args.copies)
        docs = sum(1 for p in (root / "archive").rglob("*") if p.is_file())
        many = generated(root / "many", args.documents)
        rows: list[tuple[str, Callable[[], str]]] = [
            ("JSON parses, dumps per action, csv,json",
             lambda: "{:.2f}, {:.2f}".format(*per_action(root / "archive", ["csv", "json"]))),
            ("JSON parses, dumps per action, all formats",
             lambda: "{:.2f}, {:.2f}".format(*per_action(root / "archive", ALL))),
            (f"parent peak MB, seconds, all formats, archive ({docs} documents)",
             lambda: "{:.1f} MB, {:.1f} s".format(*parent(root / "archive", ALL))),
            (f"parent peak MB, seconds, all formats, {args.documents} generated documents",
             lambda: "{:.1f} MB, {:.1f} s".format(*parent(many, ALL))),
        ]
        for label, fn in rows:
            print(f"{label}: {fn()}", flush=True)


if __name__ == "__main__":
    main()
