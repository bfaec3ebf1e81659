"""The pages of a PDF that are scans, rendered and read by OCR in their place.

Each page is decided on its own: with ``--ocr auto`` a page is OCRed when it has no
usable text (no characters that are not blank) but an image on it; with
``always`` every page is (a text layer of garbage left by someone else's bad OCR is
read again); ``never`` leaves every page as it is. A page is rendered with pypdfium2
(which pdfplumber brings) at :data:`~.ocr.OCR_DPI`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from .errors import CorruptFileError
from .ocr import OCR_DPI, OcrSettings, PageTimeout, in_order, require_tools, scan_page
from .source import ReaderNote


def scanned_pages(path: Path, pages: Iterator[Any], name: str, password: str | None,
                  settings: OcrSettings) -> Iterator[Any]:
    """The pages as given, those to OCR replaced by a :class:`~.scanpage.ScanPage`
    (or, for a page Tesseract timed out on, a warning :class:`ReaderNote`). Pages are
    rendered here, one after another, and OCRed ``settings.threads`` at a time, in order."""
    opened: list[Any] = []

    def tasks() -> Iterator[Callable[[], Any]]:
        for page in pages:
            if not _to_ocr(page, settings.mode):
                yield partial(_as_it_is, page)
                continue
            require_tools(name, f"page {page.page_number} has no text layer (a scan?); it")
            if not opened:
                opened.append(_open(path, name, password))
            image = _render(opened[0], page.page_number - 1)
            yield partial(_ocr, image, page.page_number,
                          (float(page.width), float(page.height)),
                          float(page.initial_doctop), settings)

    try:
        yield from in_order(tasks(), settings.threads)
    finally:
        for document in opened:
            document.close()


def _as_it_is(page: Any) -> Any:
    """A page with a text layer, read as it is."""
    return page


def _ocr(image: Any, number: int, size: tuple[float, float], doctop: float,
         settings: OcrSettings) -> Any:
    """One rendered page read by OCR (in a worker thread), or the note of its timeout."""
    try:
        return scan_page(image, OCR_DPI, number, size, doctop=doctop, settings=settings)
    except PageTimeout:
        return timeout_note(number, settings.timeout)


def timeout_note(number: int, timeout: float) -> ReaderNote:
    """The warning for a page Tesseract did not finish: the rest of the document goes on."""
    return ReaderNote("ocr-timeout", f"page {number}: OCR took longer than {timeout:g} s and "
                      "was stopped; the page's text is missing", severity="warning")


def _to_ocr(page: Any, mode: str) -> bool:
    if mode == "always":
        return True
    if any(not c["text"].isspace() for c in page.chars):
        return False
    return bool(page.images)  # a scan is an image; a page of drawn boxes alone is not


def _open(path: Path, name: str, password: str | None) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(name, f"the PDF's pages cannot be rendered for OCR ({exc})"
                               ) from None


def _render(document: Any, index: int) -> Any:
    page = document[index]
    try:
        return page.render(scale=OCR_DPI / 72).to_pil()
    finally:
        page.close()
