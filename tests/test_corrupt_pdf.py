"""Damaged PDFs are the file's clear error (corrupt-file), never planparse's internal
error: one edit each of a sound PDF (tests/fixtures/make_corrupt_pdf.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import CorruptFileError, read_document
from normalise import Options
from planparse.batch import Job, convert_one
from planparse.inputs import InputFile

from .fixtures.make_corrupt_pdf import EDITS, SOUND, corrupt_pdf


def _outcome(path: Path) -> dict[str, object]:
    return convert_one(Job(InputFile(path, path.name), Options(), None, ""))


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_damaged_pdf_is_a_corrupt_file(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(corrupt_pdf(name))
    with pytest.raises(CorruptFileError, match="not a readable PDF"):
        read_document(path)
    outcome = _outcome(path)
    assert (outcome["code"], outcome["status"]) == ("corrupt-file", "failed")


def test_control_the_sound_pdf_they_are_made_from_reads() -> None:
    outcome = _outcome(SOUND)
    assert (outcome["code"], outcome["status"]) == ("", "converted")
    (table,) = read_document(SOUND).tables
    assert [c.text for c in table.rows[0]] == ["Ref", "Finding", "Action", "Lead", "Due"]
