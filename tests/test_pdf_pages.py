"""``--pages`` past a PDF's end is said as it is: "page 9 is past the last page, 5",
not "no table found" or "needs OCR"."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import NeedsOcrError, NoTableError, OcrSettings, PageRangeError, read_document
from planparse.api import inspect_tables

from .conftest import FIXTURES

RULED = FIXTURES / "pdf" / "ruled.pdf"      # 5 pages
SCANNED = FIXTURES / "pdf" / "scanned.pdf"  # 1 page, no text layer


def test_a_page_past_the_end_is_named_with_the_last_page() -> None:
    with pytest.raises(PageRangeError) as err:
        read_document(RULED, pages={9})
    assert str(err.value) == f"{RULED}: page 9 is past the last page, 5"
    assert err.value.code == "page-out-of-range"


def test_a_scan_asked_for_pages_it_lacks_is_not_called_a_scan() -> None:
    with pytest.raises(PageRangeError, match=r"pages 7, 8, 9 are past the last page, 1$"):
        read_document(SCANNED, pages={7, 8, 9})
    # Control: its own page is still a scan that needs OCR (with OCR turned off; with
    # it on, the scan is read and has no table).
    with pytest.raises(NeedsOcrError):
        read_document(SCANNED, pages={1}, ocr=OcrSettings("never"))


def test_tables_reports_the_range_per_file() -> None:
    found, failures = inspect_tables([RULED], pages={9})
    assert found == [] and failures == [f"{RULED}: page 9 is past the last page, 5"]


def test_pages_partly_past_the_end_read_the_rest_and_say_so() -> None:
    doc = read_document(RULED, pages={2, 9})
    assert {t.page for t in doc.tables} == {2}
    (note,) = doc.notes
    assert (note.code, note.severity) == ("page-out-of-range", "warning")
    assert note.message == "page 9 is past the last page, 5; only the pages up to 5 were read"


def test_pages_within_the_document_are_unchanged() -> None:
    # Control: the last page itself is in range; one past it is not.
    doc = read_document(RULED, pages={5})
    assert doc.notes == () and {t.page for t in doc.tables} == {5}
    assert read_document(RULED).notes == ()
    with pytest.raises(PageRangeError, match=r"page 6 is past the last page, 5$"):
        read_document(RULED, pages={6})


def test_a_pdf_with_no_table_on_its_pages_still_says_no_table(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "prose.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Only prose on this page.")
    pdf.showPage()
    pdf.save()
    with pytest.raises(NoTableError):
        read_document(path, pages={1})
