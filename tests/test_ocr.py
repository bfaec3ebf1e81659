"""Scanned plans: the seed's scans (tests/fixtures/make_scans.py) give the text-layer PDF's
actions, entries and pages; confidence travels with each cell; bad images fail cleanly.

The scans are read once, in one batch over two workers with an OCR cache, and shared by
the tests (OCR is the slow part: a few seconds a page)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ingest import (
    CorruptFileError,
    FileTooLargeError,
    NeedsOcrError,
    NoTableError,
    OcrSettings,
    read_document,
)
from ingest.ocr import missing_tools
from ingest.scanpage import ScanPage
from normalise import Plan, Rag, RagSource
from planparse import read
from planparse.batch import run
from planparse.cli import cli

from .conftest import FIXTURES
from .ocr_compare import agreement

SCAN = FIXTURES / "scan"
PDF = FIXTURES / "pdf"
# Skipped without Tesseract, except in CI (CI=true), which installs it: there they must run.
needs_tesseract = pytest.mark.skipif(
    missing_tools() is not None and not os.environ.get("CI"),
    reason="Tesseract (tesseract-ocr) is not installed")
# scan → the text-layer PDF it was made from, and that PDF's pages of each action.
SCANS = {"ruled_300.pdf": "ruled.pdf", "merged_200_skewed.tif": "cover_title_merged.pdf",
         "borderless_300.pdf": "borderless.pdf",
         "merged_200_title_on_header.tif": "cover_title_merged.pdf"}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr")


@pytest.fixture(scope="module")
def scanned(cache: Path) -> dict[str, list[Plan]]:
    """Every scan's plans, read in one batch (two workers: the pages of CI's two cores)."""
    paths = [SCAN / name for name in [*SCANS, "colour_rag_p1.jpg", "colour_rag_grey_200.pdf"]]
    result = run(paths, workers=2, cache_dir=cache)
    out: dict[str, list[Plan]] = {}
    for plan in result.plans:
        out.setdefault(Path(plan.source_file).name, []).append(plan)
    return out


@needs_tesseract
@pytest.mark.parametrize("scan", list(SCANS))
def test_a_scan_gives_the_text_layers_actions(scan: str, scanned: dict[str, list[Plan]]
                                              ) -> None:
    (text,) = read(PDF / SCANS[scan])
    (plan,) = scanned[scan]
    assert plan.action_count == 8
    same, checked, entries_same, entries = agreement(plan, text)
    assert (checked, entries) == (56, 19)
    assert same / checked >= 0.95, f"{same}/{checked} fields"
    assert entries_same / entries >= 0.90, f"{entries_same}/{entries} entries"
    assert [(a.page_first, a.page_last) for a in plan.actions] == [
        (a.page_first, a.page_last) for a in text.actions]
    assert plan.ocr_pages == list(range(1, text.page_last + 1))  # type: ignore[operator]
    assert plan.source_format == ("tiff" if scan.endswith(".tif") else "pdf")


@needs_tesseract
def test_every_field_and_entry_of_the_scans_is_the_text_layers(
        scanned: dict[str, list[Plan]]) -> None:
    """The exact agreement, not only the issue's 95% and 90%: every checked field and
    progress entry of each scan is the text layer's. Two copies of the merged layout
    failed: one fed the other way (merged_200_title_on_header.tif) gave two plans, as
    its page 1's merged title "Child" and the header's "No" under it were read as one
    word, "xe" (11 of 56 fields and 9 of 19 entries in the first plan); the other read a
    speck on a rule as "’" before a lead and split the lead in two (55 of 56)."""
    for scan, pdf in SCANS.items():
        (text,) = read(PDF / pdf)
        assert len(scanned[scan]) == 1, scan
        assert agreement(scanned[scan][0], text) == (56, 56, 19, 19), scan
    (plan,) = scanned["merged_200_skewed.tif"]
    assert plan.actions[2].leads == ["YorSexual Health", "YTHFT", "Primary Care"]
    # The grey copy of the colour-only layout (its text layer's own leads are letters
    # apart: "YorSe xual") agrees in most fields: 44 before, 50 now.
    (text,) = read(SCAN / "colour_rag.pdf")
    assert agreement(scanned["colour_rag_grey_200.pdf"][0], text) == (50, 56, 7, 8)


@needs_tesseract
def test_a_colour_only_rag_cell_in_a_scan_gives_the_rag(scanned: dict[str, list[Plan]]
                                                         ) -> None:
    """The RAG column holds only a fill: the scan's pixels give the colour, as the text
    layer's filled rectangle does (00B050 there, about 00AF52 from the JPEG)."""
    (text,) = read(SCAN / "colour_rag.pdf")
    (plan,) = scanned["colour_rag_p1.jpg"]
    assert (text.actions[0].rag, text.actions[0].rag_source) == (Rag.green, RagSource.colour)
    assert (plan.actions[0].rag, plan.actions[0].rag_source) == (Rag.green, RagSource.colour)
    assert plan.actions[0].ref == "1" and plan.source_format == "jpeg"


@needs_tesseract
def test_a_grey_copy_of_the_colour_only_layout_gives_the_rags_from_their_shades(
        scanned: dict[str, list[Plan]]) -> None:
    """The colour-only RAG column photocopied in grey: green and amber are only shades
    (707070, B0B0B0). Read by the order the standard RAG colours print in grey, each
    reported with its shade; the 21 pages stitch into the text layer's 8 actions (two
    pages' headers were read a letter apart, and split the plan; a thin rule painted over
    by the fills joined a green and an amber cell into one box)."""
    (text,) = read(SCAN / "colour_rag.pdf")
    (plan,) = scanned["colour_rag_grey_200.pdf"]
    assert [(a.rag, a.rag_source) for a in plan.actions] == [
        (a.rag, a.rag_source) for a in text.actions]
    assert [a.rag for a in plan.actions].count(Rag.amber) == 1
    assert [(a.page_first, a.page_last) for a in plan.actions] == [
        (a.page_first, a.page_last) for a in text.actions]
    shaded = [i for i in plan.issues if i.code == "rag-from-shade"]
    assert len(shaded) == 8 and {i.severity.value for i in shaded} == {"warning"}
    assert "read as amber from its cell's grey shade B0B0B0" in shaded[5].message
    assert "--colour-key 707070=green,B0B0B0=amber" in shaded[5].message
    assert not any(i.code == "rag-from-shade" for i in text.issues)  # colour there
    # The grey scan of the ruled layout (the RAG is the status cell's fill) the same.
    (ruled,) = scanned["ruled_300.pdf"]
    assert [a.rag for a in ruled.actions] == [a.rag for a in read(PDF / "ruled.pdf")[0].actions]
    # Control: the colour JPEG reads the colour itself, with no shade guessed.
    (jpeg,) = scanned["colour_rag_p1.jpg"]
    assert not any(i.code.startswith("rag-") for i in jpeg.issues)


@needs_tesseract
def test_cells_carry_their_confidence_and_a_re_run_reads_the_cache(cache: Path,
                                                                   scanned: Any) -> None:
    settings = OcrSettings(cache_dir=cache / ".planparse-cache" / "ocr")
    assert any(settings.cache_dir.glob("*.json"))  # type: ignore[union-attr]
    doc = read_document(SCAN / "ruled_300.pdf", pages=[1], ocr=settings)
    header = doc.tables[0].rows[0]
    assert header[1].text == "Learning Point" and header[1].confidence is not None
    assert 80 <= header[1].confidence <= 100
    assert all(t.ocr for t in doc.tables)
    (text,) = read_document(PDF / "ruled.pdf", pages=[1]).tables
    assert text.rows[0][1].confidence is None and not text.ocr


def _grid_page(conf: float) -> ScanPage:
    """A ruled 3 × 2 table drawn as a scan's page model, its words at ``conf``."""
    from ingest.ocr import OcrWord

    xs, ys = (50.0, 200.0, 350.0), (100.0, 130.0, 160.0, 190.0)
    segments = [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]
    texts = [("Ref", "Action"), ("1", "Brief staff"), ("2", "Audit cases")]
    words = []
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            x = xs[c] + 5
            for part in text.split():
                words.append(OcrWord(part, (x, ys[r] + 10, x + 6 * len(part), ys[r] + 20),
                                     conf if r == 2 and c == 1 else 95.0, (r, c, 1)))
                x += 6 * len(part) + 3
    return ScanPage(1, 595.0, 842.0, words, segments, [])


def test_a_scan_page_is_read_by_the_pdf_readers_table_finder() -> None:
    """The page model alone (no Tesseract needed): rules and words give the grid, and a
    cell read with low confidence is noted where it is."""
    from ingest.pdf import page_stream_tables

    (table,) = page_stream_tables(iter([_grid_page(conf=41.0)]), "grid.png", None)
    assert [[c.text for c in row] for row in table.rows] == [
        ["Ref", "Action"], ["1", "Brief staff"], ["2", "Audit cases"]]
    assert table.rows[2][1].confidence == 41.0 and table.rows[1][1].confidence == 95.0
    assert [(n.code, n.row_index, n.col_index, n.severity) for n in table.notes] == [
        ("ocr-low-confidence", 2, 1, "warning")]
    (sure,) = page_stream_tables(iter([_grid_page(conf=90.0)]), "grid.png", None)
    assert not sure.notes  # control: confident cells are not reported


def test_without_tesseract_a_scan_is_one_line_naming_the_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(NeedsOcrError, match="apt-get install tesseract-ocr tesseract-ocr-eng"):
        read_document(SCAN / "ruled_300.pdf")
    with pytest.raises(NeedsOcrError, match="an image file needs OCR"):
        read_document(SCAN / "colour_rag_p1.jpg")


def test_ocr_never_leaves_scans_unread() -> None:
    result = CliRunner().invoke(cli, ["convert", str(SCAN / "ruled_300.pdf"), "-o",
                                      "/dev/null/x", "--ocr", "never", "-q"])
    assert result.exit_code != 0
    with pytest.raises(NeedsOcrError, match="ocrmypdf"):
        read_document(SCAN / "ruled_300.pdf", ocr=OcrSettings("never"))


def _png(size: tuple[int, int], mode: str = "L") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, 255 if mode == "L" else 1).save(out, "PNG")
    return out.getvalue()


@needs_tesseract
def test_bad_images_fail_with_one_line(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not an image" * 50)
    with pytest.raises(CorruptFileError, match="not a readable image"):
        read_document(corrupt)
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes((SCAN / "colour_rag_p1.jpg").read_bytes()[:20_000])
    with pytest.raises(CorruptFileError, match="page 1 is not a readable image"):
        read_document(truncated)
    bomb = tmp_path / "bomb.png"  # 160 million pixels in a few kilobytes
    bomb.write_bytes(_png((16_000, 10_000), mode="1"))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(FileTooLargeError, match="over the limit of 150,000,000 pixels"):
        read_document(bomb)
    blank = tmp_path / "blank.png"
    blank.write_bytes(_png((1240, 1754)))
    with pytest.raises(NoTableError, match="no table found in the scanned document"):
        read_document(blank)


@needs_tesseract
def test_max_pages_and_a_page_that_times_out(tmp_path: Path) -> None:
    from PIL import Image

    pages = [Image.new("L", (620, 877), 255) for _ in range(3)]
    tiff = tmp_path / "three.tif"
    pages[0].save(tiff, save_all=True, append_images=pages[1:])
    with pytest.raises(FileTooLargeError, match="3 pages is over the limit of 2"):
        read_document(tiff, max_pages=2)
    # Tesseract stopped on every page: each is recorded, and none has a table.
    with pytest.raises(NoTableError, match="page 2: OCR took longer than 1e-06 s"):
        read_document(SCAN / "merged_200_skewed.tif", pages=[1, 2],
                      ocr=OcrSettings(timeout=1e-6))


def test_a_page_that_timed_out_after_the_last_table_is_still_told_of() -> None:
    """A timed-out page's note waits for the next table; after the last one there was
    none, and the note was lost."""
    from ingest.pdf import page_stream_tables
    from ingest.pdfscan import timeout_note

    before = list(page_stream_tables(iter([timeout_note(1, 5), _grid_page(90.0)]), "t", None))
    after = list(page_stream_tables(iter([_grid_page(90.0), timeout_note(2, 5)]), "t", None))
    for tables in (before, after):  # control, and the case that lost it
        assert [[n.code for n in t.notes] for t in tables] == [["ocr-timeout"]]
    assert "page 2: OCR took longer than 5 s" in after[0].notes[0].message


def _mixed_pdf(path: Path) -> Path:
    """``pdf/ruled.pdf`` with its page 2 swapped for the same page scanned (ruled_300.pdf's
    page 2): a PDF of text pages with one scanned page among them."""
    import pypdfium2 as pdfium

    text, scan = pdfium.PdfDocument(PDF / "ruled.pdf"), pdfium.PdfDocument(SCAN / "ruled_300.pdf")
    mixed = pdfium.PdfDocument.new()
    try:
        mixed.import_pages(text, [0])
        mixed.import_pages(scan, [1])
        mixed.import_pages(text, [2, 3, 4])
        mixed.save(path)
    finally:
        for document in (mixed, text, scan):
            document.close()
    return path


@needs_tesseract
def test_a_mixed_pdf_ocrs_only_its_scanned_page(tmp_path: Path) -> None:
    """Each page decided on its own: the text pages are read as they are and only the
    scanned page 2 is OCRed; the plan is the text layer's, stitched across all pages."""
    (text,) = read(PDF / "ruled.pdf")
    (plan,) = read(_mixed_pdf(tmp_path / "mixed.pdf"))
    assert plan.ocr_pages == [2]
    assert agreement(plan, text) == (56, 56, 19, 19)
    assert [(a.page_first, a.page_last) for a in plan.actions] == [
        (a.page_first, a.page_last) for a in text.actions]
    # Control: --ocr never leaves the scanned page unread (the plan loses its rows there).
    (unread,) = read(tmp_path / "mixed.pdf", ocr="never")
    assert not unread.ocr_pages and agreement(unread, text)[0] < 56


@needs_tesseract
def test_ocr_always_reads_a_text_layer_again() -> None:
    """``--ocr always`` OCRs pages that have a text layer (one of garbage, say) and
    gives the same plan; ``auto``, the control, reads the text layer and OCRs nothing."""
    (text,) = read(PDF / "ruled.pdf")
    assert not text.ocr_pages
    (again,) = read(PDF / "ruled.pdf", ocr="always")
    assert again.ocr_pages == list(range(1, text.page_last + 1))  # type: ignore[operator]
    same, checked, entries_same, entries = agreement(again, text)
    assert (checked, entries) == (56, 19)
    assert same / checked >= 0.95 and entries_same / entries >= 0.90
