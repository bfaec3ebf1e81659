"""Scanned pages read with Tesseract into :class:`~.scanpage.ScanPage`.

A page image is brought to :data:`OCR_DPI` (Tesseract's models are trained on type some
20-30 pixels high, which 10 pt type is at 300 dpi; finer costs time with no gain and a
200 dpi copy read as it is loses the small type), straightened, cleaned of specks, its
rulings and fills measured (:mod:`.scanlines`), its rulings whitened and then its words
read with ``pytesseract.image_to_data`` (boxes and confidences). The result is cached
by the page image's hash when a cache folder is given, so a re-run does not OCR again.

Tesseract costs most of a page's time; what is ours is kept small beside it: the page is
handed to Tesseract as an uncompressed PGM (a PNG costs ~0.2 s a page to compress, and the
same again to decompress, for the same pixels), and the short ink a first reading missed
is read again in one Tesseract run for the page, each crop a page of a list file (Tesseract
loads its model once, ~0.2 s, rather than once for every crop; each crop is read exactly as
if alone).

Nothing the engine reads is corrected: a word it was unsure of stays as read, and its
confidence goes with it into the cell (:func:`cell_confidence`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import NeedsOcrError

if TYPE_CHECKING:
    from .scanpage import ScanPage

Box = tuple[float, float, float, float]

OCR_DPI = 300
DEFAULT_TIMEOUT = 120.0  # seconds Tesseract may spend on one page
LOW_CONFIDENCE = 60.0  # a cell's mean word confidence below this is reported
# Sparse text (psm 11), not Tesseract's page layout (psm 3): psm 3 is ~15% faster but lost
# words of the skewed 200 dpi copy (tests/test_ocr.py fails with it, measured).
_CONFIG = "--psm 11 --oem 1"
_CACHE_FORMAT = 4  # 2: fills cut where the shade steps; 3: specks by size, with their blur;
# 4: a word a rule crosses read again a side at a time
MODES = ("auto", "always", "never")
INSTALL = ("install Tesseract to read it (Debian: apt-get install tesseract-ocr "
           "tesseract-ocr-eng) and pip install 'planparse[ocr]'")


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How scanned pages are read: ``mode`` (auto: only pages with no text layer;
    always; never), the cache folder for OCR results, Tesseract's time per page, and
    ``threads``, the pages of one file OCRed at once (the batch gives its spare workers:
    :func:`page_threads`)."""

    mode: str = "auto"
    cache_dir: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    threads: int = 1


def page_threads(workers: int, files: int, executor: str) -> int:
    """Pages of a file OCRed at once when ``workers`` share ``files`` still to convert:
    the workers a file would otherwise leave idle (one file on four workers: four pages
    at a time). One on dask, whose workers' cores the cluster already shares out."""
    if executor == "dask":
        return 1
    return max(1, workers // max(1, files))


T = TypeVar("T")


def in_order(tasks: Iterable[Callable[[], T]], threads: int) -> Iterator[T]:
    """Each task's result, in the tasks' order, ``threads`` of them run at once.

    The tasks are taken from ``tasks`` in this thread (a page is rendered here: neither
    pypdfium2 nor a Pillow image may be used from two threads) and at most ``threads``
    are held ahead, so a long scan is never all in memory. Threads give real parallelism
    here: Tesseract runs as a child process, and OpenCV lets go of the GIL."""
    if threads <= 1:
        for task in tasks:
            yield task()
        return
    single_threaded_tesseract()  # before the threads start: each page's run one thread
    pool = ThreadPoolExecutor(threads, thread_name_prefix="planparse-ocr")
    pending: deque[Future[T]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(task))
            if len(pending) > threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # A reader that stops early (a page limit, an error) leaves no page running.
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as the engine read it: text as read, box (points, or pixels before they
    are mapped), confidence 0-100, and the engine's line (block, paragraph, line)."""

    text: str
    box: Box
    conf: float
    line: tuple[int, int, int]


class PageTimeout(Exception):
    """Tesseract did not finish a page in time."""


def missing_tools() -> str | None:
    """What is missing to OCR, as the end of a sentence, or None when all is there."""
    try:
        import cv2  # noqa: F401
        import pytesseract
    except ImportError:
        return INSTALL
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return INSTALL
    return None


def require_tools(name: str, what: str) -> None:
    """Raise the one-line error naming what to install, when OCR cannot run."""
    missing = missing_tools()
    if missing:
        raise NeedsOcrError(name, f"{what} needs OCR: {missing}")


def single_threaded_tesseract() -> None:
    """One thread for each Tesseract run, unless the user said otherwise: its OpenMP
    threads fight each other on a loaded machine (7× slower on two busy cores, measured),
    and pages and files are run in parallel by the batch instead."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def scan_page(image: Any, dpi: float, number: int, size: tuple[float, float], *,
              doctop: float = 0.0, settings: OcrSettings | None = None) -> ScanPage:
    """One page image (a PIL image) as a :class:`ScanPage` of ``size`` points.

    ``dpi`` is the image's resolution (for a file that does not say, the caller's guess).
    Raises :class:`PageTimeout` when Tesseract runs out of time."""
    from .scanpage import ScanPage

    settings = settings or OcrSettings()
    key = _key(image, dpi)
    found = _cached(settings.cache_dir, key)
    if found is None:
        found = _read(image, dpi, settings.timeout)
        _store(settings.cache_dir, key, found)
    words, segments, filled = found
    scale = 72 / OCR_DPI
    from .scanlines import has_colour

    return ScanPage(
        number, size[0], size[1],
        [OcrWord(w.text, _scaled(w.box, scale), w.conf, w.line) for w in words],
        [_scaled(s, scale) for s in segments],
        [(_scaled(b, scale), c) for b, c in filled], initial_doctop=doctop,
        colourless=not has_colour(image))


def _scaled(box: Box, scale: float) -> Box:
    return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


Found = tuple[list[OcrWord], list[Box], list[tuple[Box, str]]]


def _read(image: Any, dpi: float, timeout: float) -> Found:
    """The page's words, rulings and fills, in pixels at :data:`OCR_DPI`."""
    import cv2
    import numpy as np

    single_threaded_tesseract()
    from .scanlines import (
        background,
        despeckle,
        fills,
        flatten,
        has_colour,
        rotate_like,
        rulings,
        straighten,
        unruled,
    )

    # Only a page with colour on it is kept in colour (a grey scan saved as RGB is grey).
    colour = np.asarray(image.convert("RGB")) if has_colour(image) else None
    gray = np.asarray(image.convert("L"))
    factor = OCR_DPI / dpi
    if abs(factor - 1) > 0.02:
        # Upscaling a coarse copy lets Tesseract see its type at the size it was trained
        # on; cubic interpolation keeps strokes smooth rather than blocky.
        how = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=how)
        if colour is not None:
            colour = cv2.resize(colour, (gray.shape[1], gray.shape[0]), interpolation=how)
    gray, angle = straighten(gray)
    if colour is not None:
        colour = rotate_like(colour, angle)
    gray = despeckle(gray, OCR_DPI)
    back = background(gray, OCR_DPI)
    clean = flatten(gray, back)
    segments, lines = rulings(clean, OCR_DPI)
    filled = fills(colour, back, lines, OCR_DPI)
    clean = unruled(clean, lines, OCR_DPI)
    (words,) = _words([clean], _CONFIG, timeout)
    # A word whose box a rule crosses is two cells' text read as one (psm 11 joins a
    # short title over a header's first word once the rule between them is whitened:
    # "Child" over "No" read as "xe"); each side of the rule is read again on its own.
    pieces = straddled(clean, words, segments, OCR_DPI)
    # Tesseract's page layout drops short text standing alone (a row's number in a
    # narrow cell): ink that no word covers is read again, a line at a time.
    crops = missed(clean, words, OCR_DPI)
    again = _words([crop for *_, crop in pieces] + [crop for *_, crop in crops],
                   "--psm 7 --oem 1", timeout)
    sides: dict[int, list[OcrWord]] = {}
    for k, ((index, x, y, _), read) in enumerate(zip(pieces, again[:len(pieces)],
                                                     strict=True)):
        sides.setdefault(index, []).extend(_moved(w, x, y, (20_000 + k, 1, 1)) for w in read)
    # A crossed word whose sides read as nothing stays as it was read: no text is lost.
    first = [side for k, w in enumerate(words) for side in (sides.get(k) or [w])]
    words = list(first)
    for k, ((x, y, _), read) in enumerate(zip(crops, again[len(pieces):], strict=True)):
        for w in read:
            moved = _moved(w, x, y, (10_000 + k, 1, 1))
            # A crop may take in the edge of a word already read: that is not read twice.
            if not any(_overlap(moved.box, other.box) > 0.3 for other in first):
                words.append(moved)
    return words, list(segments), filled


def _moved(word: OcrWord, x: float, y: float, line: tuple[int, int, int]) -> OcrWord:
    """A word read in a crop, its box moved to the page's pixels, on a line of its own."""
    b = word.box
    return OcrWord(word.text, (b[0] + x, b[1] + y, b[2] + x, b[3] + y), word.conf, line)


def _words(images: Sequence[Any], config: str, timeout: float) -> list[list[OcrWord]]:
    """The words of each image (grey numpy arrays), read in one Tesseract run: one image
    is given as a file, several as a list file (Tesseract reads each as a page of its
    own, as if alone: the same words, measured, for one model load)."""
    import cv2
    import pytesseract

    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="planparse-ocr-") as folder:
        names = [str(Path(folder) / f"{k}.pgm") for k in range(len(images))]
        for name, image in zip(names, images, strict=True):
            if not cv2.imwrite(name, image):
                raise OSError(f"the page image could not be written to {folder}")
        source = names[0]
        if len(names) > 1:
            source = str(Path(folder) / "pages.txt")
            Path(source).write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
        try:
            data = pytesseract.image_to_data(source, lang="eng", config=config,
                                             output_type=pytesseract.Output.DICT,
                                             timeout=timeout)
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise PageTimeout(str(exc)) from None
            raise
    out: list[list[OcrWord]] = [[] for _ in images]
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not str(text).strip():
            continue
        x, y, w, h = (float(data[k][i]) for k in ("left", "top", "width", "height"))
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        out[int(data["page_num"][i]) - 1].append(
            OcrWord(str(text).strip(), (x, y, x + w, y + h), conf, line))
    return out


def _overlap(a: Box, b: Box) -> float:
    """The share of box ``a`` that box ``b`` covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = max((a[2] - a[0]) * (a[3] - a[1]), 1.0)
    return w * h / area if w > 0 and h > 0 else 0.0


_MAX_MISSED = 60  # second looks a page (each is a Tesseract run)


def missed(clean: Any, words: list[OcrWord], dpi: float) -> list[tuple[int, int, Any]]:
    """Crops (left, top, image) of the page's text-sized ink that no word covers."""
    import cv2
    import numpy as np

    from .scanlines import components

    _, ink = cv2.threshold(clean, 127, 255, cv2.THRESH_BINARY_INV)  # 255 where < 128
    for word in words:
        x0, y0, x1, y1 = (int(v) for v in word.box)
        ink[max(0, y0 - 3):y1 + 3, max(0, x0 - 3):x1 + 3] = 0
    joined = cv2.dilate(ink, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(3, round(dpi / 12)), max(1, round(dpi / 60)))))
    count, _, stats = components(joined)
    tall = dpi / 15  # a letter's height at 6-14 pt, give or take
    out = []
    h_img, w_img = clean.shape
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if not tall * 0.5 <= h <= tall * 3:
            continue
        if int(np.count_nonzero(ink[y:y + h, x:x + w])) < (dpi / 40) ** 2:
            continue  # a smudge, not a letter
        pad = round(dpi / 15)
        x0, y0 = max(0, x - pad), max(0, y - pad)
        out.append((x0, y0, clean[y0:min(h_img, y + h + pad), x0:min(w_img, x + w + pad)]))
        if len(out) >= _MAX_MISSED:
            break
    return out


def straddled(clean: Any, words: list[OcrWord], segments: Sequence[Box], dpi: float
              ) -> list[tuple[int, int, int, Any]]:
    """Crops (word's index, left, top, image) of each side of the rules that cross a
    word's box: a rule runs between cells, so a word it crosses is two cells' text read as
    one. A rule crosses a word when it runs across most of the box and leaves a line of
    type's height on each side (an underline, or a rule the box only touches, does not)."""
    import cv2
    import numpy as np

    line = dpi / 15 * 0.6  # the least height (or width) of type either side of a rule
    pad = max(2, round(dpi / 100))
    h_img, w_img = clean.shape
    ink = clean < 128
    out = []

    def typed(run: Any) -> bool:
        # A side with type on it, not only a speck or the tail of a letter.
        return int(np.count_nonzero(run)) >= line

    for index, word in enumerate(words):
        x0, y0, x1, y1 = word.box
        box = ink[int(y0):int(y1), int(x0):int(x1)]
        rows, cols = box.any(axis=1), box.any(axis=0)  # the box's lines and columns of ink
        cuts_y = sorted(s[1] for s in segments if s[1] == s[3]
                        and y0 + line <= s[1] <= y1 - line
                        and min(x1, s[2]) - max(x0, s[0]) >= 0.5 * (x1 - x0)
                        and typed(rows[:int(s[1] - y0)]) and typed(rows[int(s[1] - y0):]))
        cuts_x = sorted(s[0] for s in segments if s[0] == s[2]
                        and x0 + line <= s[0] <= x1 - line
                        and min(y1, s[3]) - max(y0, s[1]) >= 0.5 * (y1 - y0)
                        and typed(cols[:int(s[0] - x0)]) and typed(cols[int(s[0] - x0):]))
        if not cuts_y and not cuts_x:
            continue
        ys, xs = [y0, *cuts_y, y1], [x0, *cuts_x, x1]
        for top, bottom in pairwise(ys):
            for left, right in pairwise(xs):
                # Each side up to the rule (whitened already), with a white margin for
                # Tesseract, which reads type that touches the image's edge badly.
                cx0, cy0 = max(0, int(left) - pad), max(0, int(top) - pad)
                cx1, cy1 = min(w_img, int(right) + pad), min(h_img, int(bottom) + pad)
                if cx1 - cx0 < 2 or cy1 - cy0 < 2:
                    continue
                margin = 2 * pad
                crop = cv2.copyMakeBorder(clean[cy0:cy1, cx0:cx1], margin, margin, margin,
                                          margin, cv2.BORDER_CONSTANT, value=255)
                out.append((index, cx0 - margin, cy0 - margin, crop))
    return out


def _key(image: Any, dpi: float) -> str:
    import pytesseract

    digest = hashlib.sha256(image.tobytes())
    digest.update(f"{image.mode}:{image.size}:{dpi}:{_CONFIG}:{_CACHE_FORMAT}:"
                  f"{pytesseract.get_tesseract_version()}".encode())
    return digest.hexdigest()


def _cached(folder: Path | None, key: str) -> Found | None:
    if folder is None:
        return None
    path = folder / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return ([OcrWord(w[0], tuple(w[1]), w[2], tuple(w[3])) for w in data["words"]],
            [tuple(s) for s in data["segments"]], [(tuple(b), c) for b, c in data["fills"]])


def _store(folder: Path | None, key: str, found: Found) -> None:
    if folder is None:
        return
    words, segments, filled = found
    data = {"words": [[w.text, list(w.box), w.conf, list(w.line)] for w in words],
            "segments": [list(s) for s in segments], "fills": [[list(b), c] for b, c in filled]}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Two threads or workers may store the same page (a page repeated): own names.
        tmp = folder / f"{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(folder / f"{key}.json")
    except OSError:
        pass  # a cache that cannot be written only costs time


def cell_confidence(page: Any, box: Box) -> float | None:
    """The mean confidence of the OCR words whose centre lies in ``box`` (None for a page
    that was not OCRed, or a cell with no words)."""
    words: Iterable[OcrWord] = getattr(page, "ocr_words", ())
    x0, top, x1, bottom = box
    confs = [w.conf for w in words
             if x0 <= (w.box[0] + w.box[2]) / 2 <= x1 and top <= (w.box[1] + w.box[3]) / 2
             <= bottom]
    return round(sum(confs) / len(confs), 1) if confs else None
