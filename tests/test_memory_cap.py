"""The memory cap of a worker: a file that needs more fails alone as too-complex."""

from __future__ import annotations

import multiprocessing
import resource
import shutil
from pathlib import Path
from typing import Any

import pytest

from planparse import batch
from planparse.batch import run
from planparse.limits import DEFAULT_MAX_MEMORY, limit_memory, parse_size

SEED = Path(__file__).parents[1] / "samples" / "child-poppy-action-plan.txt"


def test_sizes_parse() -> None:
    assert parse_size("4G") == 4 * 1024**3 == DEFAULT_MAX_MEMORY
    assert parse_size("512M") == parse_size("512") == parse_size("512MiB") == 512 * 1024**2
    assert parse_size("1.5g") == int(1.5 * 1024**3)
    assert parse_size("none") is None and parse_size("0") is None
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")
    with pytest.raises(ValueError, match="at least 64M"):
        parse_size("1M")


def _allocate(cap: int, size: int, queue: Any) -> None:
    limit_memory(cap)
    try:
        block = bytearray(size)
        queue.put(("ok", len(block)))
    except MemoryError:
        queue.put(("MemoryError", 0))


@pytest.mark.parametrize(("size", "expected"), [(32 * 1024**2, "ok"),
                                                (2 * 1024**3, "MemoryError")])
def test_the_cap_is_above_what_the_process_holds_already(size: int, expected: str) -> None:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_allocate, args=(256 * 1024**2, size, queue))
    proc.start()
    outcome, _ = queue.get(timeout=60)
    proc.join(60)
    assert outcome == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_past_the_cap_fails_alone_as_too_complex(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        workers: int) -> None:
    """With one worker the files are converted in this process (issue 17), under the same
    cap for each file, lifted after it; with two, in the pool's workers."""
    shutil.copy(SEED, tmp_path / "good.txt")
    shutil.copy(SEED, tmp_path / "hog.txt")
    real = batch.document_to_records  # type: ignore[attr-defined]

    def hungry(doc: Any, options: Any) -> Any:
        if doc.document.source_file.endswith("hog.txt"):
            hoard = [bytearray(64 * 1024**2) for _ in range(64)]  # 4 GiB, a step at a time
            return hoard  # never reached under the cap
        return real(doc, options)

    # The pool forks its workers, so they run the patched function.
    monkeypatch.setattr(batch, "document_to_records", hungry)
    before = resource.getrlimit(resource.RLIMIT_AS)
    result = run([tmp_path], workers=workers, timeout=120, max_memory=256 * 1024**2)
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # this process: not capped now
    status = {Path(f.source_file).name: (f.status, f.code) for f in result.files}
    assert status == {"good.txt": ("converted", ""), "hog.txt": ("failed", "too-complex")}
    message = next(f.message for f in result.files if f.code)
    assert message.startswith("reading it needs more than the 0.25 GiB a worker may use")
    assert [p.action_count for p in result.plans] == [8]
