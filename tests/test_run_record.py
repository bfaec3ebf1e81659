"""What ``run.json`` and the resume cache record (issue 18, lower items): a timed-out
file's seconds are its time, not the time since boot; a damaged cache entry is discarded
and its file converted again on ``--resume``."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planparse.batch import run
from planparse.cli import cli

from .conftest import SEED


def _slow_for_hang(doc: object, options: object = None) -> object:
    from normalise import document_to_records

    info = getattr(doc, "document", doc)  # the batch passes a TableStream
    if getattr(info, "source_file", "").endswith("hang.txt"):
        time.sleep(60)
    return document_to_records(doc, options)  # type: ignore[arg-type]


def test_a_timed_out_files_seconds_are_its_timeout(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hang.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "fine.txt").write_bytes(SEED.read_bytes())
    # Workers are forked from this process, so they see the patched function.
    monkeypatch.setattr("planparse.batch.document_to_records", _slow_for_hang)
    result = run([tmp_path], workers=2, timeout=2)
    seconds = {f.source_file.rsplit("/", 1)[-1]: (f.code, f.seconds) for f in result.files}
    assert seconds["hang.txt"] == ("timeout", 2.0)
    assert seconds["fine.txt"][0] == "" and 0 < seconds["fine.txt"][1] < 30


def _convert(inputs: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["convert", str(inputs), "-o", str(out), "-q",
                                      "--format", "csv,json", *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def _data(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()
            if p.is_file() and p.name != "run.json"}


def _damage_action_line(data: bytes) -> bytes:
    meta, _, records = data.partition(b"\n")
    return meta + b"\n" + records.replace(b'\nA{"', b'\nA{"x', 1)


@pytest.mark.parametrize("damage", [
    lambda b: b[: len(b) // 2],                      # cut short mid-way
    lambda b: b"{not json\n" + b.partition(b"\n")[2],  # its first line garbled
    lambda b: b"[1, 2]\n" + b.partition(b"\n")[2],   # JSON, not an entry
    _damage_action_line,                             # an action's JSON damaged
    lambda b: b"",                                   # emptied
], ids=["cut", "garbled-meta", "not-an-entry", "damaged-action", "empty"])
def test_a_damaged_cache_entry_is_converted_again(tmp_path: Path, damage: object) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    shutil.copy(SEED, inputs / "b.txt")
    out = tmp_path / "out"
    code, _ = _convert(inputs, out)
    first = _data(out)
    entries = sorted((out / ".planparse-cache").glob("*.entry"))
    assert len(entries) == 2
    assert callable(damage)
    entries[0].write_bytes(damage(entries[0].read_bytes()))
    again, err = _convert(inputs, out, "--resume")
    assert (again, err) == (code, "")
    assert _data(out) == first
    files = json.loads((out / "run.json").read_text())["files"]
    assert sorted(f["cached"] for f in files) == [False, True]
    # The entry was written anew: a third run takes both from the cache.
    _convert(inputs, out, "--resume")
    files = json.loads((out / "run.json").read_text())["files"]
    assert [f["cached"] for f in files] == [True, True]
