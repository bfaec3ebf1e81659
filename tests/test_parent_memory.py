"""The parent's memory does not grow with the archive (issue 15): the pool lets go of each
file's records once they are spooled, and the workbook is re-dated a chunk at a time."""

from __future__ import annotations

import inspect
import io
import os
import shutil
import tracemalloc
import zipfile
from collections.abc import Generator
from pathlib import Path
from typing import Any, cast

import pytest

from exporters.xlsx import _fixed_zip_times
from planparse.batch import Job, _pool
from planparse.inputs import InputFile
from planparse.settings import Settings

from .conftest import SEED


def test_the_pool_keeps_no_finished_file_after_yielding_it(tmp_path: Path) -> None:
    """Regression (futures_held_records): the dict of futures kept every finished
    future, and with it every file's records bytes, until the last file ended."""
    paths = []
    for k in range(4):
        paths.append(tmp_path / f"plan {k}.txt")
        shutil.copy(SEED, paths[-1])
    options = Settings().options()
    jobs = [Job(InputFile(p, p.name), options, None, "") for p in paths]
    gen = cast(Generator[tuple[int, dict[str, Any]], None, None],
               _pool(jobs, list(range(4)), 2, None))
    held = []
    seen = []
    for i, outcome in gen:
        seen.append(i)
        assert outcome["status"] == "converted" and outcome["records"]
        held.append(len(inspect.getgeneratorlocals(gen)["futures"]))
    assert sorted(seen) == [0, 1, 2, 3]  # control: every file came back once
    assert held == [3, 2, 1, 0]


def _plain_copy(data: bytes) -> bytes:
    """What the workbook's re-dating did before: every entry read whole, then writestr."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


@pytest.fixture
def big_zip() -> bytes:
    rng = os.urandom  # incompressible halves beside repeated text: deflate's two paths
    body = b"".join(rng(1000) + b"<row><c>text</c></row>" * 400 for _ in range(1500))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet3.xml", body)  # ~14 MB unzipped, over many chunks
        z.writestr("[Content_Types].xml", b"<Types/>")
    return out.getvalue()


def test_re_dating_streams_and_writes_the_bytes_writestr_wrote(big_zip: bytes) -> None:
    dest = io.BytesIO()
    tracemalloc.start()
    _fixed_zip_times(io.BytesIO(big_zip), dest)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert dest.getvalue() == _plain_copy(big_zip)  # control: the same bytes as before
    # The output itself is in memory here (a BytesIO): anything past it and a few chunks
    # would be the entry held whole (~14 MB).
    assert peak < len(dest.getvalue()) + 6_000_000
