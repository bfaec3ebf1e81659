"""A scanned page as the PDF reader's page: words as characters, rules as lines, fills.

:class:`ScanPage` is a pdfplumber page whose objects are made from OCR and the image
rather than parsed from a content stream, so the ruled and unruled table finders, the
page-to-page carrying and every cell measure of :mod:`.pdf` read it unchanged. Each OCR
word becomes one character per letter, spread evenly over the word's box and set on its
line's common baseline (so that words of one printed line, read in different cells,
lie on one line as a PDF's would); a space character joins the words of a line that
stand a space apart. Coordinates are points of the page, top-left origin.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from statistics import median
from typing import Any

from pdfplumber.page import Page

from .ocr import Box, OcrWord

_DESCENDERS = frozenset("gjpqy,;()[]{}|/")
_TALL = frozenset("bdfhklt0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class ScanPage(Page):
    """A pdfplumber :class:`~pdfplumber.page.Page` made from a scan."""

    def __init__(self, page_number: int, width: float, height: float,
                 words: Sequence[OcrWord], segments: Sequence[Box],
                 filled: Sequence[tuple[Box, str]], initial_doctop: float = 0.0, *,
                 colourless: bool = False) -> None:
        # Page.__init__ reads a PDF page object; a scan has none, so the attributes the
        # rest of pdfplumber uses are set here.
        self.pdf = None  # type: ignore[assignment]
        self.root_page = self
        self.page_obj = None  # type: ignore[assignment]
        self.page_number = page_number
        self.initial_doctop = initial_doctop
        self.rotation = 0
        self.mediabox = self.cropbox = self.bbox = (0.0, 0.0, float(width), float(height))
        self.get_textmap = lru_cache()(self._get_textmap)
        #: The OCR words, for each cell's confidence.
        self.ocr_words = tuple(words)
        #: True when the image had no colour (a grey scan): its fills are grey levels.
        self.colourless = colourless
        self._made = {"char": _chars(words, height, initial_doctop, page_number),
                      "line": [_line(s, height, initial_doctop, page_number)
                               for s in segments],
                      "rect": [_rect(b, c, height, initial_doctop, page_number)
                               for b, c in filled]}

    @property
    def objects(self) -> dict[str, list[dict[str, Any]]]:
        """The page's objects by kind, as pdfplumber's own pages give them."""
        return self._made

    def close(self) -> None:
        """Drop pdfplumber's caches (the objects themselves are the page)."""
        self.get_textmap.cache_clear()
        for name in ("_rect_edges", "_curve_edges", "_edges"):
            self.__dict__.pop(name, None)


def _common(x0: float, top: float, x1: float, bottom: float, height: float, doctop: float,
            number: int, kind: str) -> dict[str, Any]:
    return {"object_type": kind, "page_number": number, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "y0": height - bottom, "y1": height - top,
            "width": x1 - x0, "height": bottom - top, "doctop": doctop + top}


def _line(seg: tuple[float, float, float, float], height: float, doctop: float, number: int
          ) -> dict[str, Any]:
    x0, y0, x1, y1 = seg
    out = _common(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), height, doctop,
                  number, "line")
    out.update({"linewidth": 0.5, "stroke": True, "fill": False,
                "stroking_color": (0.0,), "non_stroking_color": (0.0,),
                "pts": [(x0, y0), (x1, y1)]})
    return out


def _rect(box: Box, colour: str, height: float, doctop: float, number: int
          ) -> dict[str, Any]:
    x0, top, x1, bottom = box
    rgb = tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    out = _common(x0, top, x1, bottom, height, doctop, number, "rect")
    out.update({"linewidth": 0.0, "stroke": False, "fill": True, "stroking_color": None,
                "non_stroking_color": rgb,
                "pts": [(x0, top), (x1, top), (x1, bottom), (x0, bottom)]})
    return out


def _chars(words: Sequence[OcrWord], height: float, doctop: float, number: int
           ) -> list[dict[str, Any]]:
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    chars: list[dict[str, Any]] = []
    for line in lines.values():
        line.sort(key=lambda w: w.box[0])
        base, size = _baseline(line)
        top, bottom = base - 0.8 * size, base + 0.2 * size
        for k, w in enumerate(line):
            x0, _, x1, _ = w.box
            after = line[k + 1] if k + 1 < len(line) else None
            if after is not None and x0 < after.box[0] < x1:
                # The engine's boxes of two words may overlap (a box reaching over the
                # next word): the word ends where the next begins, or its letters and the
                # next word's would interleave.
                x1 = max(x0 + 0.5 * (after.box[0] - x0), after.box[0] - 0.5)
            step = (x1 - x0) / len(w.text)
            for i, ch in enumerate(w.text):
                chars.append(_char(ch, x0 + i * step, x0 + (i + 1) * step, top, bottom,
                                   size, height, doctop, number))
            # A space between the words of a line, where they stand a space apart (a wider
            # gap is a column's: the finders see the white there).
            if after is not None and 0 < after.box[0] - x1 <= 0.6 * size:
                chars.append(_char(" ", x1, after.box[0], top, bottom, size, height,
                                   doctop, number))
    return chars


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float,
          height: float, doctop: float, number: int) -> dict[str, Any]:
    out = _common(x0, top, x1, bottom, height, doctop, number, "char")
    out.update({"text": text, "size": size, "fontname": "OCR", "adv": x1 - x0,
                "upright": True, "matrix": (size, 0.0, 0.0, size, x0, height - bottom),
                "stroking_color": (0.0,), "non_stroking_color": (0.0,), "ncs": "DeviceGray"})
    return out


def _baseline(line: list[OcrWord]) -> tuple[float, float]:
    """A line's baseline and type size, from the boxes of its words: the baseline is the
    foot of the words with no descender, the size from the tallest letters (capitals,
    digits, ascenders stand ~0.7 of the type size)."""
    plain = [w.box[3] for w in line if not set(w.text) & _DESCENDERS]
    base = median(plain) if plain else median(w.box[3] - 0.2 * (w.box[3] - w.box[1])
                                               for w in line)
    tall = [base - w.box[1] for w in line if set(w.text) & _TALL]
    # Without a tall letter, the line's height is only the x-height (~half the size).
    size = max(tall) / 0.72 if tall else max(base - w.box[1] for w in line) / 0.5
    return base, max(size, 4.0)
