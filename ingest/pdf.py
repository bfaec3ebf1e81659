"""PDF documents with pdfplumber: tables per page, as the page shows them.

Ruled tables are found from their ruling lines. A page with text laid out in columns but no
rulings gets its table area found first (the lines between the page's running header and
footer that have text in several aligned columns), then columns from the vertical white
space within that area and rows from the first column (whole-page text strategy turns
prose into tables). Each cell keeps its visual lines (normalise rejoins them), its fill
colour (the filled rectangle under it), and the page. Tables are streamed a page at a time
(:func:`stream_pdf`) and pages let go as soon as they are read, so memory does not grow
with the page count. Tables are reported per page, before
stitching: joining a table that runs over pages is normalise's job.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import itertools
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    NeedsOcrError,
    NoTableError,
    PageRangeError,
)
from .fragments import remove_stray_glyphs
from .ocr import LOW_CONFIDENCE, OcrSettings, cell_confidence
from .pdfcarry import Columns, carried_table, columns_at_page_end
from .pdfedges import LineEdges
from .pdfgrid import drop_bands, fill_holes, label_column, split_bands, split_full_width
from .pdfmemo import page_memo
from .pdfshapes import drop_fill_edges, fill_under, fills, joined_rules, square_up
from .pdfturn import turned, turned_cells
from .source import MAX_TABLE_ROWS, Cell, ReaderNote, SourceDocument, SourceTable, TableStream

# pdfminer and pdfplumber warn through logging about damage they work round (a page with no
# MediaBox, a font with no box). With no handler configured anywhere, Python prints each
# to stderr as a bare line naming no file, beside the batch's one line for that file. A
# handler of their own that drops them stops that; an application that configures
# logging still receives them through its own handlers.
for _logger in ("pdfminer", "pdfplumber"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())

DEFAULT_MAX_PAGES = 2000
_RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
          "intersection_tolerance": 3, "snap_tolerance": 3}
_MAX_UNRULED = 4  # unruled tables looked for on one page
_MARGIN = 0.07  # running headers and footers live in the top and bottom 7% of a page


def stream_pdf(path: Path, name: str, *, password: str | None = None,
               max_pages: int = DEFAULT_MAX_PAGES, pages: Iterable[int] | None = None,
               ocr: OcrSettings | None = None) -> TableStream:
    """Open a PDF and return its tables as a :class:`TableStream`, read a page at a time.

    Opening checks the password and the page count; the tables come as the pages are
    read, and a scan with no text layer, or a PDF with no table, raises once the pages
    run out. Each page, and the content streams pdfminer caches for it, is let go
    before the next is read, so memory stays flat however long the document is.
    """
    import pdfplumber

    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    with _pdf_errors(name, password):
        pdf = pdfplumber.open(path, password=password or "")
    try:
        with _pdf_errors(name, password):
            declared = _declared_count(pdf)
            # The declared count may lie (a PDF that says 1 and holds 3,000 pages): the
            # pages are counted in the page tree too, as far as the limit and one more.
            count = (declared if declared is not None and declared > max_pages
                     else _count_pages(pdf, max_pages + 1))
            title = (pdf.metadata or {}).get("Title")
    except BaseException:
        _close(pdf)
        raise
    if count > max_pages:
        _close(pdf)
        pages_said = (f"{count:,} pages is over" if count == declared else
                      f"the PDF has more than {max_pages:,} pages (its page tree says "
                      f"{declared if declared is not None else 'nothing'}),")
        raise FileTooLargeError(name, f"{pages_said} the limit of {max_pages:,}; "
                                "raise --max-pages to read it")
    wanted = set(pages) if pages is not None else None
    past = sorted(p for p in wanted or () if p > count)
    if wanted and len(past) == len(wanted):
        _close(pdf)
        raise PageRangeError(name, f"{_page_list(past)} past the last page, {count}")
    # Some pages asked for are there and some are not: read those there, and say so.
    notes = (ReaderNote("page-out-of-range", f"{_page_list(past)} past the last page, "
                        f"{count}; only the pages up to {count} were read",
                        severity="warning"),) if past else ()
    document = SourceDocument(source_file=name, source_format="pdf", sha256=digest,
                              tables=(), title=title if isinstance(title, str) else None,
                              notes=notes)
    return TableStream(document, _tables(pdf, name, password, wanted,
                                         ocr or OcrSettings(), path))


def _page_list(pages: list[int]) -> str:
    """"page 9 is" / "pages 7, 9 are": the pages asked for that the document lacks."""
    if len(pages) == 1:
        return f"page {pages[0]} is"
    shown = ", ".join(str(p) for p in pages[:5]) + (", …" if len(pages) > 5 else "")
    return f"pages {shown} are"


def _tables(pdf: Any, name: str, password: str | None, wanted: set[int] | None,
            ocr: OcrSettings, path: Path) -> Iterator[SourceTable]:
    from .pdfscan import scanned_pages

    try:
        with _pdf_errors(name, password):
            read: Iterator[Any] = _pages(pdf, wanted)
            if ocr.mode != "never":  # pages with no text layer read by OCR instead
                read = scanned_pages(path, read, name, password, ocr)
            yield from page_stream_tables(read, name, wanted)
    finally:
        with _pdf_errors(name, password):
            _close(pdf)


def page_stream_tables(pages: Iterator[Any], name: str, wanted: set[int] | None
                       ) -> Iterator[SourceTable]:
    """The tables of pages read one after another (a PDF's, or a scan's made into the
    same page model), carried over page ends; raises at the end when there was none."""
    index = 0
    seen = has_text = has_images = ocred = False
    heading: str | None = None
    carry: Columns | None = None  # the columns of a table that ran to the page's end
    pending: list[ReaderNote] = []  # notes of pages with no table of their own (timeouts)
    last: SourceTable | None = None
    for page in pages:
        seen = True
        if isinstance(page, ReaderNote):
            pending.append(page)
            continue
        scanned = hasattr(page, "ocr_words")
        ocred = ocred or scanned
        has_text = has_text or bool(page.chars)
        has_images = has_images or bool(page.images) or scanned
        tables = page_tables(page)
        if carry is not None:
            part, tables = carried_table(page, carry, _MARGIN, tables)
            if part is not None:
                tables.insert(0, FoundTable(*part))
        carry = columns_at_page_end(page, tables, _MARGIN)
        for found in tables:
            heading = _heading_above(page, found.bbox[1]) or heading
            notes: list[ReaderNote] = pending
            pending = []
            rows = _cells(page, found, index, notes)
            if last is not None:
                yield last
            last = SourceTable(
                table_index=index, rows=rows, page=page.page_number,
                page_last=page.page_number, heading=heading,
                col_widths=tuple(round(x) for x in found.columns_x),
                wrapped_lines=True, bbox=tuple(round(v, 1) for v in found.bbox),
                notes=tuple(notes), ocr=scanned,
                colourless=bool(getattr(page, "colourless", False)))
            index += 1
    if last is not None:
        # A table is held back until the next is made: a page after the last table that
        # OCR timed out on is still told of, with the last table.
        yield replace(last, notes=(*last.notes, *pending)) if pending else last
        return
    _no_tables(name, index, seen, has_text, has_images, wanted, ocred, pending)


def _no_tables(name: str, index: int, seen: bool, has_text: bool, has_images: bool,
               wanted: set[int] | None, ocred: bool = False,
               pending: list[ReaderNote] | None = None) -> None:
    """Say truthfully why nothing was found: no pages, blank pages, a scan, or no table."""
    if not index and pending:
        raise NoTableError(name, "no table found; " + "; ".join(n.message for n in pending))
    if not index and ocred:
        raise NoTableError(name, "no table found in the scanned document (OCR read "
                           f"{'some' if has_text else 'no'} text)")
    if not seen and wanted is None:
        raise EmptyFileError(name, "the PDF has no pages")
    if seen and not has_text and not has_images:
        raise EmptyFileError(name, "the PDF's pages are blank (no text and no images)")
    if seen and not has_text:
        raise NeedsOcrError(name, "the PDF has no text layer (a scan?); it needs OCR first, "
                            "for example: ocrmypdf in.pdf out.pdf")
    if not index:
        raise NoTableError(name, "no table found in the document")


def _pages(pdf: Any, wanted: set[int] | None) -> Iterator[Any]:
    """The pages one at a time. pdfplumber's ``pdf.pages`` builds every page up front,
    and pdfminer caches each page's content stream for the life of the document: both
    grow with the page count, so pages are made here as they are needed, and their
    content streams dropped from the cache once read."""
    from pdfplumber.page import Page
    from pdfplumber.utils.exceptions import MalformedPDFException

    doctop: float = 0
    for number, page_obj in enumerate(_page_objects(pdf), start=1):
        try:
            page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            # Our arguments are sound: what failed is the page's own dictionary (a
            # MediaBox that is no box, say), so the file is damaged, not our code.
            raise MalformedPDFException(f"page {number}: {type(exc).__name__}: {exc}"
                                        ) from exc
        doctop += float(page.height)
        if wanted is None or number in wanted:
            yield page
            page.close()  # pdfplumber caches layout per page; let it go


def _page_objects(pdf: Any) -> Iterator[Any]:
    """pdfminer's pages in the page tree's order; each one's content streams are dropped
    from pdfminer's cache once the caller is done with it (see :func:`_pages`)."""
    from pdfminer.pdfpage import PDFPage

    cache = getattr(pdf.doc, "_cached_objs", None)
    for page_obj in PDFPage.create_pages(pdf.doc):
        yield page_obj
        contents = page_obj.contents if isinstance(page_obj.contents, list) else []
        if isinstance(cache, dict):
            for stream in contents:
                cache.pop(getattr(stream, "objid", None), None)


def _close(pdf: Any) -> None:
    """Let the file go. Not with pdfplumber's ``close()``: it builds every page of the
    document (``pdf.pages``) only to close each, which reads the whole page tree again and,
    on a damaged file, raises from wherever the tree breaks: a corrupt file reported as
    our internal error. Pages are made and closed one at a time by :func:`_pages`, so
    closing is emptying the document's caches and closing the file."""
    try:
        pdf.flush_cache()
        for page in getattr(pdf, "_pages", ()):  # only if someone called pdf.pages
            page.close()
    finally:  # the file is let go whatever emptying the caches raised
        if not pdf.stream_is_external:
            pdf.stream.close()


def _declared_count(pdf: Any) -> int | None:
    """The page count the page tree declares (``/Count``), which nothing checks."""
    from pdfminer.pdftypes import resolve1

    tree = resolve1(pdf.doc.catalog.get("Pages"))
    count = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    return count if isinstance(count, int) else None


def _count_pages(pdf: Any, stop: int) -> int:
    """The pages in the page tree, counted as far as ``stop``: their dictionaries are
    read, not their content."""
    return sum(1 for _ in itertools.islice(_page_objects(pdf), stop))


@contextmanager
def _pdf_errors(name: str, password: str | None) -> Iterator[None]:
    """pdfminer's and pdfplumber's parse errors as the whole-file errors of
    :mod:`ingest.errors`. Only theirs: a ``ValueError`` raised by our own code (or by a
    pdfplumber call we got wrong, such as a crop outside the page) is a bug to surface,
    not a corrupt file, so it passes through to the batch's internal-error report."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    locked = ("the PDF is password-protected; pass --password" if not password
              else "the password given does not open this PDF")
    try:
        yield
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedFileError(name, locked) from None
    except (PDFSyntaxError, PSException, MalformedPDFException) as exc:
        raise CorruptFileError(name, f"not a readable PDF ({type(exc).__name__}: "
                               f"{exc})") from None
    except PdfminerException as exc:  # pdfplumber's wrapper around pdfminer's error
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedFileError(name, locked) from None
        raise CorruptFileError(name, f"not a readable PDF ({inner})") from None
    except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        # A seek to an offset the damaged cross-reference table gives (before the file's
        # start) is EINVAL; any other OSError is the disk's, not the file's, and stays one.
        bad_seek = isinstance(exc, OSError) and exc.errno == errno.EINVAL
        if not _raised_in_pdfminer(exc) or (isinstance(exc, OSError) and not bad_seek):
            raise
        raise CorruptFileError(name, f"not a readable PDF ({type(exc).__name__}: "
                               f"{exc})") from None


def _raised_in_pdfminer(exc: BaseException) -> bool:
    """Whether the exception was raised inside pdfminer (parsing the file's objects, where
    a damaged file shows as a plain ``ValueError`` or ``KeyError``), not in our code."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    filename = last.tb_frame.f_code.co_filename.replace("\\", "/")
    return "/pdfminer/" in filename


def _heading_above(page: Any, table_top: float) -> str | None:
    """The line in the largest type between the page's running header and the table,
    when it is larger than the page's body text: the table's heading."""
    chars = page.chars
    if not chars:
        return None
    body = page_memo(page, "body-size", _body_size)  # once per page, not per table
    top_band = _MARGIN * float(page.height)
    above = [c for c in chars if top_band < c["top"] and c["bottom"] <= table_top + 1]
    if not above:
        return None
    biggest = max(round(c["size"], 1) for c in above)
    if biggest < body * 1.15:
        return None
    line_top = min(c["top"] for c in above if round(c["size"], 1) == biggest)
    # The page's box need not start at 0, 0 (a MediaBox with a negative origin): crop
    # within it, or pdfplumber refuses the crop.
    x0, top, x1, bottom = page.bbox
    band = (x0, max(top, line_top - 1), x1, min(bottom, line_top + biggest + 1))
    if band[1] >= band[3]:
        return None
    words = page.within_bbox(band).extract_words()
    text = " ".join(w["text"] for w in words).strip()
    return text or None


def _body_size(page: Any) -> float:
    """The median type size of the page's characters."""
    sizes = sorted(round(c["size"], 1) for c in page.chars)
    return float(sizes[len(sizes) // 2])


class FoundTable:
    """A table found on a page: its grid of cell boxes (None where a merge covers) and
    the text of each cell."""

    def __init__(self, bbox: tuple[float, float, float, float], columns_x: list[float],
                 boxes: list[list[tuple[float, float, float, float] | None]],
                 texts: list[list[str | None]],
                 page_boxes: dict[tuple[float, float, float, float],
                                  tuple[float, float, float, float]] | None = None) -> None:
        self.bbox = bbox
        self.columns_x = columns_x
        self.boxes = boxes
        self.texts = texts
        #: For a table read turned (its boxes in its own frame), each box's box on the page.
        self.page_boxes = page_boxes or {}


def debug_images(path: Path, out_dir: Path, *, password: str | None = None,
                 pages: Iterable[int] | None = None, resolution: int = 100) -> list[Path]:
    """Write a PNG per page with the tables planparse found drawn on it (pdfplumber's
    visual debugging): table outlines in red, cell boxes in blue."""
    import pdfplumber

    wanted = set(pages) if pages is not None else None
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with pdfplumber.open(path, password=password or "") as pdf:
        for page in _pages(pdf, wanted):
            number = page.page_number
            image = page.to_image(resolution=resolution)
            for found in page_tables(page):
                cells = [b for row in found.boxes for b in row if b is not None]
                image.draw_rects(cells, stroke=(0, 90, 200), fill=(0, 90, 200, 20),
                                 stroke_width=1)
                image.draw_rect(found.bbox, stroke=(220, 0, 0), fill=(0, 0, 0, 0),
                                stroke_width=3)
            target = out_dir / f"{path.stem}-page-{number}.png"
            image.save(target)
            written.append(target)
            page.close()
    return written


def page_tables(page: Any) -> list[FoundTable]:
    """The tables on a page: ruled ones, and one found from aligned text outside them."""
    from .pdftext import (
        cell_texts,
        framed_table,
        page_words,
        text_table,
        turned_ruled,
        turned_table,
        words_turned,
    )

    found = []
    words: list[dict[str, Any]] | None = None
    square_up(page)
    drop_fill_edges(page)
    tables = page.find_tables(_RULED)
    sides = _open_sides(page, tables)
    if sides:
        tables = page.find_tables({**_RULED, "explicit_vertical_lines": sides})
    for table in tables:
        rows = table.rows
        if len(rows) > MAX_TABLE_ROWS:
            continue
        boxes = [list(r.cells) for r in rows]
        if len(boxes) < 2 or max(len(r) for r in boxes) < 2:
            continue  # a box around a paragraph, not a table
        xs = sorted({round(b[0], 1) for r in boxes for b in r if b is not None})
        if words is None:
            words = page_words(page)
        direction = turned(page.chars, table.bbox)
        if direction:  # printed turned a quarter: read in its own frame
            found.append(FoundTable(*turned_ruled(page, table.bbox, boxes, words, direction)))
            continue
        # Columns first: a body that is one cell across the table (rules between the
        # columns in the header only) is cut into columns, then its band into rows.
        boxes = split_bands(split_full_width(boxes, words), words)
        boxes = fill_holes(drop_bands(boxes, words), words)
        boxes, bbox = label_column(boxes, words, table.bbox,
                                   [t.bbox for t in tables if t is not table])
        xs = sorted({round(b[0], 1) for r in boxes for b in r if b is not None})
        texts = turned_cells(page.chars, boxes, cell_texts(words, boxes),
                             functools.partial(words_turned, page, words))
        # Rulings coarser than the text (several columns' figures in one cell): the
        # words inside the frame read as an unruled table instead.
        framed = framed_table(words, bbox, boxes, texts)
        found.append(FoundTable(*framed) if framed else FoundTable(bbox, xs, boxes, texts))
    # Unruled tables on their own, or beside ruled ones (a ruled box of the review's details
    # above a borderless plan): looked for, one after another, in the text the tables
    # already found leave.
    from .pdfcolumns import may_hold_columns

    height = float(page.height)
    # Text set turned a quarter outside the tables found (a statistical table printed
    # across a portrait page): looked for in its own frame.
    outside = [c for c in page.chars if not any(_centre_in(c, f.bbox) for f in found)
               ] if found else page.chars
    direction = turned(outside, page.bbox)
    if words is None and page.chars and (direction or may_hold_columns(
            page.chars, _MARGIN * height, (1 - _MARGIN) * height)):
        words = page_words(page)  # the whole page's words only where a table may be
    for _ in range(_MAX_UNRULED if words and direction else 0):
        assert words is not None and direction is not None
        on_side = turned_table(words_turned(page, words, direction), direction,
                               [f.bbox for f in found], min_lines=3 if found else 2)
        if on_side is None:
            break
        found.append(FoundTable(*on_side))
    if words and direction:  # what is left upright (a caption, a page number)
        words = [w for w in words if w.get("upright", True)]
    for _ in range(_MAX_UNRULED if words else 0):
        unruled = text_table(page, _MARGIN, exclude=[f.bbox for f in found], words=words)
        if unruled is None:
            break
        found.append(FoundTable(*unruled))
    found.sort(key=lambda f: f.bbox[1])  # in reading order, top to bottom
    return found


def _centre_in(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return bool(box[0] <= cx < box[2] and box[1] <= cy < box[3])


def _open_sides(page: Any, tables: list[Any]) -> list[float]:
    """Where a ruled table has no outer frame, the x of the ends of the rules that run on
    past its outermost vertical ruling (a spreadsheet's row labels left of the first
    column line): drawn in as vertical rulings, they give those columns cells too."""
    sides: set[float] = set()
    for table in tables:
        x0, top, x1, bottom = table.bbox
        # A rule drawn as one segment per column has its label column's segment wholly
        # outside the outermost vertical ruling: joined first, it runs on past it.
        rules = [(t, a, b) for t, a, b in joined_rules(page.horizontal_edges)
                 if top - 1 <= t <= bottom + 1 and a < x1 and b > x0]
        if len(rules) < 2:
            continue
        left, right = min(a for _, a, _ in rules), max(b for _, _, b in rules)
        if left < x0 - 5:
            sides.add(round(left, 1))
        if right > x1 + 5:
            sides.add(round(right, 1))
    return sorted(sides)


def _cells(page: Any, found: FoundTable, index: int, notes: list[ReaderNote]
           ) -> tuple[tuple[Cell, ...], ...]:
    shaded = page_memo(page, "fills", fills)  # once per page, not per table
    # A table read turned has its boxes in its own frame, not the page's: no edge flags.
    edges = None if found.page_boxes else LineEdges(page, found.boxes, found.columns_x)
    width = max(len(r) for r in found.boxes)
    grid: list[list[Cell]] = []
    for r, (boxes, texts) in enumerate(zip(found.boxes, found.texts, strict=True)):
        row: list[Cell] = []
        for c in range(width):
            box = boxes[c] if c < len(boxes) else None
            text = texts[c] if c < len(texts) else None
            if box is None:
                row.append(_covering(grid, row, found, r, c))
                continue
            cleaned, removed = remove_stray_glyphs(text or "")
            if removed:
                notes.append(ReaderNote("stray-glyph-removed", f"removed {', '.join(removed)}"
                                        " (a glyph with no text)", index, r, c))
            lines = tuple(ln.strip() for ln in cleaned.split("\n"))
            # Keep blank lines inside a cell: they separate paragraphs in the original.
            while lines and not lines[-1]:
                lines = lines[:-1]
            while lines and not lines[0]:
                lines = lines[1:]
            confidence = cell_confidence(page, found.page_boxes.get(box, box))
            if confidence is not None and confidence < LOW_CONFIDENCE:
                notes.append(ReaderNote(
                    "ocr-low-confidence", f"OCR read this cell with a mean confidence of "
                    f"{confidence:g} (of 100): check it against the scan", index, r, c,
                    severity="warning"))
            row.append(Cell(lines, fill_under(found.page_boxes.get(box, box), shaded),
                            at_edge=edges.flags(r, c, lines) if edges else (),
                            confidence=confidence))
        grid.append(row)
    return tuple(tuple(r) for r in grid)


def _covering(grid: list[list[Cell]], row: list[Cell], found: FoundTable, r: int, c: int
              ) -> Cell:
    """The cell a merge continues into position (r, c): the one to the left when its box
    reaches over this column, else the one above."""
    boxes = found.boxes[r]
    for k in range(c - 1, -1, -1):
        box = boxes[k] if k < len(boxes) else None
        if box is not None:
            col_x = found.columns_x[c] if c < len(found.columns_x) else box[2]
            if box[2] > col_x + 1 and k < len(row):
                anchor = row[k]
                return Cell(anchor.paragraphs, anchor.fill, merged=True)
            break
    if grid and c < len(grid[-1]):
        above = grid[-1][c]
        return Cell(above.paragraphs, above.fill, merged=True)
    return Cell(merged=True)
