"""Scanned pages, the parts around the OCR: specks told from full stops, a file's pages
OCRed in parallel (the same output, the page cache still used), and a header's grey
shade that is not a RAG."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest import NoTableError, OcrSettings, read_document
from ingest.ocr import in_order, missing_tools, page_threads
from ingest.scanlines import despeckle, stroke_width
from planparse import read
from planparse.batch import run

from .conftest import FIXTURES

SCAN = FIXTURES / "scan"
needs_tesseract = pytest.mark.skipif(
    missing_tools() is not None and not os.environ.get("CI"),
    reason="Tesseract (tesseract-ocr) is not installed")
PAPER, INK = 240, 30


def _speckled_page() -> np.ndarray[Any, Any]:
    """A 300 dpi strip of 'type' (stems 4 pixels wide) with, beside it, a copier's speck
    and the full stops a page prints, as the seed's 200 dpi copy shows them."""
    page = np.full((200, 700), PAPER, np.uint8)
    for k in range(20):  # stems: the page's strokes are 4 wide
        page[20:50, 20 + 12 * k:24 + 12 * k] = INK
    # A speck (3 × 3, less than a stroke's square) 3 pixels after the last stem, with the
    # grey of its blur around it.
    page[37:44, 253:260] = 200
    page[39:42, 255:258] = INK
    # A full stop (5 × 5 round) beside a letter whose tail is a piece of its own (15 px,
    # 2 pixels from its stem): 6 pixels from the tail, 11 from the stem.
    page[120:150, 300:304] = INK
    page[143:148, 306:309] = INK
    _dot(page, 144, 315)
    # Control: a full stop 3 pixels after a stem, and a dot alone in the margin.
    page[120:150, 400:404] = INK
    _dot(page, 145, 407)
    _dot(page, 100, 600)
    # A speck in a grey-filled cell.
    page[150:200, 500:700] = 180
    page[170:172, 600:602] = INK
    return page


def _dot(page: np.ndarray[Any, Any], top: int, left: int) -> None:
    """A full stop of 10 pt type at 300 dpi: 5 × 5 pixels, its corners round (21 px)."""
    page[top:top + 5, left:left + 5] = INK
    for y, x in ((0, 0), (0, 4), (4, 0), (4, 4)):
        page[top + y, left + x] = PAPER


def test_a_speck_by_a_word_goes_and_a_full_stop_by_a_broken_letter_stays() -> None:
    """The skewed copy's speck just after 'plan' was kept (it had ink near it) and read as
    'plan.', and the full stop of 'website.' was whitened (its nearest ink was the e's tail,
    a blob as small as a speck): a blob less than a stroke's square is a speck wherever it
    is, and a dot beside any blob that could be type is kept."""
    page = _speckled_page()
    assert stroke_width(np.where(page < 128, 255, 0).astype(np.uint8)) == 4
    out = despeckle(page, 300)
    # The speck and its grey ring, but not the pixels by the stem (its own blur).
    assert out[37:44, 254:260].min() >= PAPER and out[37:44, 253].max() == 200
    assert out[145:148, 315:320].min() == INK  # the full stop by the broken letter
    assert out[143:148, 306:309].min() == INK  # and the letter's tail
    # Controls: the full stop by its stem stays, the dot alone goes, the stems stay.
    assert out[146:149, 407:412].min() == INK
    assert out[100:105, 600:605].min() >= PAPER
    assert (out[20:50, 20:260] == page[20:50, 20:260]).sum() >= 20 * 30 * 4
    # A speck in a filled cell takes the fill's grey, not the paper's white.
    assert 175 <= int(out[170:172, 600:602].min()) <= int(out[170:172, 600:602].max()) <= 185


def test_tasks_run_on_threads_come_back_in_their_order() -> None:
    import threading
    import time

    names: set[str] = set()

    def task(k: int) -> int:
        time.sleep(0.02 * (5 - k))  # the first tasks finish last
        names.add(threading.current_thread().name)
        return k

    def tasks(n: int) -> Any:
        return (lambda k=k: task(k) for k in range(n))

    assert list(in_order(tasks(5), 3)) == [0, 1, 2, 3, 4]
    assert any(n.startswith("planparse-ocr") for n in names)
    names.clear()
    assert list(in_order(tasks(3), 1)) == [0, 1, 2]
    assert names == {threading.current_thread().name}  # one thread: this one


def test_spare_workers_are_shared_among_the_files_to_do() -> None:
    assert [page_threads(w, f, "local") for w, f in [(4, 1), (4, 2), (2, 3), (2, 0), (1, 1)]
            ] == [4, 2, 1, 2, 1]
    assert page_threads(8, 1, "dask") == 1


@needs_tesseract
@pytest.mark.parametrize("name", ["merged_200_skewed.tif", "ruled_300.pdf"])
def test_two_threads_read_the_same_as_one_and_a_re_run_reads_the_cache(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both readers (frames of an image, scanned pages of a PDF): pages OCRed two at a time
    give the same cells, boxes and confidences as one at a time, and are cached by page."""
    import ingest.ocr

    cache = tmp_path / "ocr"
    one = read_document(SCAN / name, pages=[1, 2], ocr=OcrSettings(threads=1))
    two = read_document(SCAN / name, pages=[1, 2], ocr=OcrSettings(cache_dir=cache, threads=2))
    assert one.tables == two.tables  # cells, confidences, boxes, notes
    assert sum(len(t.rows) for t in one.tables) > 5
    assert len(list(cache.glob("*.json"))) == 2  # a page each

    def no_ocr(*_args: Any) -> Any:
        raise AssertionError("a cached page was OCRed again")

    monkeypatch.setattr(ingest.ocr, "_read", no_ocr)
    again = read_document(SCAN / name, pages=[1, 2], ocr=OcrSettings(cache_dir=cache, threads=2))
    assert again.tables == one.tables


@needs_tesseract

def _threads_seen(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page threads each image read is given, recorded as the image reader asks
    :func:`in_order` for them."""
    import ingest.image

    seen: list[int] = []

    def spy(tasks: Any, threads: int) -> Any:
        seen.append(threads)
        return in_order(tasks, threads)

    monkeypatch.setattr(ingest.image, "in_order", spy)
    return seen


def test_a_batch_gives_its_spare_workers_to_a_files_pages(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """One file on two workers: its pages are OCRed two at a time (in this process)."""
    from .test_ocr import _png

    seen = _threads_seen(monkeypatch)
    blank = tmp_path / "blank.png"
    blank.write_bytes(_png((620, 877)))
    with pytest.raises(NoTableError):
        read_document(blank)
    assert seen == [1]  # the reader alone: one page at a time
    result = run([blank], workers=2)
    assert seen == [1, 2] and result.files[0].code == "no-table"


@needs_tesseract
def test_a_shaded_header_in_a_grey_scan_is_not_a_rag() -> None:
    """A plan with no RAG whose header row is shaded the grey amber prints in (BFBFBF,
    read as B0B0B0 from the copy): the scan's fills are found, and no RAG comes of them,
    as none does in the text layer."""
    import pypdfium2 as pdfium

    from ingest.ocr import OCR_DPI, scan_page

    (text,) = read(SCAN / "header_shaded.pdf")
    (plan,) = read(SCAN / "header_shaded_grey_200.pdf")
    assert [a.ref for a in plan.actions] == [a.ref for a in text.actions] == ["1", "2", "3", "4"]
    assert [a.target_date for a in plan.actions] == [a.target_date for a in text.actions]
    assert {(a.rag, a.rag_source) for a in [*plan.actions, *text.actions]} == {(None, None)}
    assert not [i.code for i in plan.issues if i.code.startswith("rag")]
    document = pdfium.PdfDocument(SCAN / "header_shaded_grey_200.pdf")
    try:
        page = document[0]
        image = page.render(scale=OCR_DPI / 72).to_pil()
        size = (page.get_width(), page.get_height())
    finally:
        document.close()
    shaded = scan_page(image, OCR_DPI, 1, size)
    assert shaded.colourless and len(shaded.rects) == 5  # the header's five cells
    assert {r["non_stroking_color"][0] for r in shaded.rects} == {0xB0 / 255}


@needs_tesseract
def test_a_second_convert_into_the_same_folder_ocrs_no_page_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``planparse convert`` of one scan on two workers (its pages OCRed two at a time),
    then again into the same folder without ``--resume``: the second run reads every page
    from the OCR cache under the folder and writes the same actions."""
    from PIL import Image

    import ingest.image
    import ingest.ocr
    from planparse import convert

    frames = []
    with Image.open(SCAN / "merged_200_skewed.tif") as source:
        for index in range(2):
            source.seek(index)
            frames.append(source.copy())
    scan = tmp_path / "two_pages.tif"
    frames[0].save(scan, save_all=True, append_images=frames[1:], dpi=(200, 200))
    read_pages: list[int] = []
    real = ingest.ocr._read

    def counted(image: Any, dpi: float, timeout: float) -> Any:
        read_pages.append(image.size[1])
        return real(image, dpi, timeout)

    monkeypatch.setattr(ingest.ocr, "_read", counted)
    threads = _threads_seen(monkeypatch)
    out = tmp_path / "out"
    first = convert([scan], out, workers=2, formats=["csv"])
    assert len(read_pages) == 2 and threads == [2] and first.plans[0].action_count >= 2
    assert len(list((out / ".planparse-cache" / "ocr").glob("*.json"))) == 2
    actions = (out / "actions.csv").read_bytes()

    def no_ocr(*_args: Any) -> Any:
        raise AssertionError("a cached page was OCRed again")

    monkeypatch.setattr(ingest.ocr, "_read", no_ocr)
    again = convert([scan], out, workers=2, formats=["csv"])
    assert not again.files[0].cached  # not the resume cache: the pages' own
    assert (out / "actions.csv").read_bytes() == actions
