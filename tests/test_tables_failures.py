"""``planparse tables`` (issue 18 #9): a file that fails, however it fails, costs that file
alone: the other files' tables are all printed, the bad one is one line, exit code 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import normalise.inspect
from planparse.cli import cli

from .conftest import SEED
from .fixtures.make_corrupt_pdf import EDITS, corrupt_pdf


def _tables(*paths: Path) -> tuple[int, list[dict[str, Any]], list[str]]:
    result = CliRunner().invoke(cli, ["tables", *map(str, paths)])
    assert isinstance(result.exception, SystemExit | None)
    assert "Traceback" not in result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr.splitlines()


def test_damaged_pdfs_beside_good_files(tmp_path: Path) -> None:
    bad = []
    for name in EDITS:
        (tmp_path / f"pdf-{name}").write_bytes(corrupt_pdf(name))
        bad.append(tmp_path / f"pdf-{name}")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    alone = _tables(SEED)[1]
    code, found, lines = _tables(bad[0], SEED, *bad[1:], copy)
    assert code == 1
    assert sorted(t["source_file"] for t in found) == sorted(
        [str(SEED)] * len(alone) + [str(copy)] * len(alone))
    assert [t for t in found if t["source_file"] == str(SEED)] == alone
    assert sorted(ln.split(": ")[1] for ln in lines) == sorted(map(str, bad))


def test_a_failure_after_reading_costs_that_file_only(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.txt"
    other.write_bytes(SEED.read_bytes())
    real = normalise.inspect.describe_tables

    def describe(doc: Any, vocabulary: Any = None) -> list[dict[str, Any]]:
        if doc.source_file == str(SEED):
            raise ValueError("a bug while describing")
        return real(doc, vocabulary)

    monkeypatch.setattr(normalise.inspect, "describe_tables", describe)
    code, found, lines = _tables(SEED, other)
    assert code == 1
    assert {t["source_file"] for t in found} == {str(other)}
    assert lines == [f"error: {SEED}: planparse could not read this file (ValueError: a bug "
                     "while describing); please report it"]
