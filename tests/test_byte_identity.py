"""The hostile archive's outputs, every format, byte for byte those stored in
tests/fixtures/hostile_fingerprint.json. First made on main before the record flow of issue
15 was rebuilt (which had to leave every byte as it was); remade with ``python -m
tests.fixtures.fingerprint make`` only for a deliberate change of output, the diff of the
fingerprint read (report.html: the archive-scale report of issue 16; the workbook's About
sheet, sheet1.xml, when it became a write-only sheet, which writes its empty row as an
empty ``<row>`` element: its content read back is the same, see
tests/fixtures/xlsx_content.py)."""

from __future__ import annotations

import json
from pathlib import Path

from .fixtures.fingerprint import STORED, convert_hostile, fingerprint


def test_the_hostile_archive_writes_the_same_bytes_in_every_format(tmp_path: Path) -> None:
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    got = fingerprint(convert_hostile(tmp_path))
    assert sorted(got) == sorted(stored)
    assert {k for k in got if got[k] != stored[k]} == set()


def test_the_fingerprint_sees_one_changed_byte(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"x,y\n1,2\n")
    before = fingerprint(tmp_path)
    (tmp_path / "a.csv").write_bytes(b"x,y\n1,3\n")
    assert fingerprint(tmp_path) != before
    (tmp_path / "run.json").write_text(json.dumps({"files": [{"seconds": 1.0}]}))
    first = fingerprint(tmp_path)["run.json"]
    (tmp_path / "run.json").write_text(json.dumps({"files": [{"seconds": 2.5}]}))
    assert fingerprint(tmp_path)["run.json"] == first  # timings are not compared
