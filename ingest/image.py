"""Image files (.png, .jpg, .tif; a multi-page TIFF is a document) read by OCR.

Each frame is a page: made into the PDF reader's page model (:mod:`.ocr`) and read by
the same table finders. The image's own resolution is used when it gives a plausible
one; otherwise the page is taken to be A4 (its longer side 11.69 in), as a scanned
plan almost always is. Pillow's decompression-bomb limit is set here on purpose
(:data:`MAX_PIXELS`, an A0 sheet at 300 dpi) and a page above it is refused with one line.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from .errors import CorruptFileError, FileTooLargeError
from .ocr import OcrSettings, PageTimeout, in_order, require_tools, scan_page
from .pdf import DEFAULT_MAX_PAGES, page_stream_tables
from .pdfscan import timeout_note
from .source import SourceDocument, TableStream

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
MAX_PIXELS = 150_000_000
_A4_LONG_SIDE = 11.69  # inches
_FORMATS = {"PNG": "png", "JPEG": "jpeg", "TIFF": "tiff", "MPO": "jpeg"}


def stream_image(path: Path, name: str, *, max_pages: int = DEFAULT_MAX_PAGES,
                 pages: Iterable[int] | None = None, ocr: OcrSettings | None = None
                 ) -> TableStream:
    """Open an image file and return its tables, read a frame at a time by OCR."""
    settings = ocr or OcrSettings()
    if settings.mode == "never":
        from .errors import NeedsOcrError

        raise NeedsOcrError(name, "an image file is read only by OCR, and --ocr never was given")
    require_tools(name, "an image file")
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    image = _open(path, name)
    count = int(getattr(image, "n_frames", 1))
    if count > max_pages:
        image.close()
        raise FileTooLargeError(name, f"{count:,} pages is over the limit of {max_pages:,}; "
                                "raise --max-pages to read it")
    fmt = _FORMATS.get(str(image.format), str(image.format or "image").lower())
    document = SourceDocument(source_file=name, source_format=fmt, sha256=digest, tables=())
    wanted = set(pages) if pages is not None else None
    return TableStream(document, page_stream_tables(
        _pages(image, name, count, wanted, settings), name, wanted))


def _open(path: Path, name: str) -> Any:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_big(name) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(name, f"not a readable image ({exc})") from None
    return image


def _too_big(name: str, size: tuple[int, int] | None = None) -> FileTooLargeError:
    what = f"{size[0]:,} × {size[1]:,} pixels" if size else "the image"
    return FileTooLargeError(name, f"{what} is over the limit of {MAX_PIXELS:,} pixels a "
                             "page (a decompression bomb, or a scan far finer than OCR needs)")


def _pages(image: Any, name: str, count: int, wanted: set[int] | None,
           settings: OcrSettings) -> Iterator[Any]:
    """The wanted frames read by OCR, ``settings.threads`` at a time, in order (each
    frame is loaded here: a Pillow image is not to be used from two threads)."""

    def tasks() -> Iterator[Callable[[], Any]]:
        doctop = 0.0
        for index in range(count):
            number = index + 1
            try:
                image.seek(index)
                if image.size[0] * image.size[1] > MAX_PIXELS:
                    raise _too_big(name, image.size)
                frame = image.copy()  # loads it: a truncated file fails here
            except (OSError, SyntaxError, ValueError, EOFError) as exc:
                raise CorruptFileError(name, f"page {number} is not a readable image "
                                       f"({exc})") from None
            dpi = _dpi(frame)
            size = (frame.size[0] * 72 / dpi, frame.size[1] * 72 / dpi)
            if wanted is None or number in wanted:
                yield partial(_ocr, frame, dpi, number, size, doctop, settings)
            doctop += size[1]

    try:
        yield from in_order(tasks(), settings.threads)
    finally:
        image.close()


def _ocr(frame: Any, dpi: float, number: int, size: tuple[float, float], doctop: float,
         settings: OcrSettings) -> Any:
    """One frame read by OCR (in a worker thread), or the note of its timeout."""
    try:
        return scan_page(frame, dpi, number, size, doctop=doctop, settings=settings)
    except PageTimeout:
        return timeout_note(number, settings.timeout)


def _dpi(frame: Any) -> float:
    """The frame's resolution as stored when plausible for a scan, else A4's."""
    info = frame.info.get("dpi")
    try:
        dpi = float(info[0]) if info else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if 100 <= dpi <= 1200:
        return dpi
    return float(max(frame.size)) / _A4_LONG_SIDE
