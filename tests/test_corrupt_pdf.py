"""Damaged PDFs are the file's clear error (corrupt-file), never planparse's internal
error: one edit each of a sound PDF (tests/fixtures/make_corrupt_pdf.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest import CorruptFileError, FileTooLargeError, read_document
from normalise import Options
from planparse.batch import Job, convert_one
from planparse.inputs import InputFile

from .fixtures.make_corrupt_pdf import EDITS, SOUND, corrupt_pdf, lying_count_pdf


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


def test_max_pages_counts_the_pages_not_the_count_the_pdf_declares(tmp_path: Path) -> None:
    # On main the declared /Count of 1 was trusted and all 30 pages were read.
    path = tmp_path / "says-one.pdf"
    lying_count_pdf(path, 30, 1, tables=True)
    with pytest.raises(FileTooLargeError) as caught:
        read_document(path, max_pages=3)
    assert caught.value.problem == ("the PDF has more than 3 pages (its page tree says 1), "
                                    "the limit of 3; raise --max-pages to read it")
    # Within the limit the lie costs nothing: every page is read.
    doc = read_document(path, max_pages=30)
    assert [(t.page, [c.text for c in t.rows[1]]) for t in doc.tables] == [
        (n, [str(n), f"Page {n}"]) for n in range(1, 31)]


def test_control_a_true_count_past_the_limit_is_refused_as_before(tmp_path: Path) -> None:
    path = tmp_path / "honest.pdf"
    lying_count_pdf(path, 5, 5)
    with pytest.raises(FileTooLargeError) as caught:
        read_document(path, max_pages=3)
    assert caught.value.problem == ("5 pages is over the limit of 3; raise --max-pages "
                                    "to read it")


def test_a_damaged_pdf_prints_nothing_beside_its_error(tmp_path: Path) -> None:
    # On main pdfminer's warning ("MediaBox missing from /Page ... defaulting to US
    # Letter") reached stderr as a bare line naming no file. A fresh interpreter: pytest's
    # own log capture would hide it here.
    path = tmp_path / "mediabox-null.pdf"
    path.write_bytes(corrupt_pdf("mediabox-null.pdf"))
    code = ("import sys\nfrom ingest import IngestError, read_document\n"
            "try:\n    read_document(sys.argv[1])\nexcept IngestError as exc:\n"
            "    print(exc.code)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True, timeout=120)
    assert (done.stdout, done.stderr) == ("corrupt-file\n", "")
