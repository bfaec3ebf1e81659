"""Scanned pages where text meets a ruling line: a word a rule crosses is read a side at
a time, and a speck by a rule goes with the rule (no Tesseract needed: the pixels alone)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ingest.ocr import OcrWord, straddled
from ingest.scanlines import despeckle, rulings, unruled

PAPER, INK = 255, 20
DPI = 300


def _type(page: np.ndarray[Any, Any], top: int, left: int, letters: int) -> None:
    """A word of 10 pt type at 300 dpi as stems: 4 wide, 24 high, 12 apart."""
    for k in range(letters):
        page[top:top + 24, left + 12 * k:left + 12 * k + 4] = INK


def _word(box: tuple[float, float, float, float]) -> OcrWord:
    return OcrWord("xe", box, 15.0, (7, 1, 1))


def test_a_word_a_rule_crosses_is_read_a_side_of_the_rule_at_a_time() -> None:
    """A merged title over a header's first cell: once the rule between them was whitened,
    Tesseract read "Child" and "No" as one word ("xe") whose box the rule crosses. Each
    side is cropped to be read again; a rule that only grazes a word's box, an underline,
    or a speck over the rule does not cut a word."""
    page = np.full((400, 900), PAPER, np.uint8)
    rule = 200.0  # the rule's centre line (its pixels already whitened)
    _type(page, 170, 100, 5)  # "Child", above the rule
    _type(page, 206, 100, 2)  # "No", below it
    segments = [(50.0, rule, 850.0, rule), (400.0, 50.0, 400.0, 350.0)]
    crossed = _word((100.0, 170.0, 160.0, 230.0))
    pieces = straddled(page, [crossed], segments, DPI)
    assert [index for index, *_ in pieces] == [0, 0]
    (_, left0, top0, above), (_, left1, top1, below) = pieces
    # Each side from the box's edge to the rule, 3 pixels over, in a white margin of 6.
    assert (left0, top0, left1, top1) == (91, 161, 91, 191)
    assert np.count_nonzero(above < 128) == 5 * 4 * 24  # "Child", none of "No"
    assert np.count_nonzero(below < 128) == 2 * 4 * 24  # "No"
    assert above[:6].min() == PAPER and above[:, :6].min() == PAPER
    # A word two columns' text wide, the vertical rule between them: cut left and right.
    _type(page, 300, 340, 4)
    _type(page, 300, 410, 4)
    (_, x0, _, left), (_, x1, _, right) = straddled(
        page, [_word((340.0, 300.0, 458.0, 324.0))], segments, DPI)
    assert (x0, x1) == (340 - 9, 400 - 9)  # the right side from the rule on
    assert np.count_nonzero(left < 128) == np.count_nonzero(right < 128) == 4 * 4 * 24
    # Controls: a word whose box a speck over the rule stretched (as "Actions" was read
    # with one), and an underlined word, are read as they are.
    page[180:183, 600:603] = INK
    _type(page, 206, 590, 6)
    _type(page, 100, 590, 6)
    underline = (580.0, 126.0, 680.0, 126.0)
    words = [_word((590.0, 180.0, 662.0, 230.0)), _word((590.0, 100.0, 662.0, 127.0))]
    assert straddled(page, words, [segments[0], underline], DPI) == []


def _ruled_page() -> np.ndarray[Any, Any]:
    """A flattened 300 dpi page: a rule across it, type below it, and by the rule a speck
    that touches it, a dot that does not (as big as a full stop), and a full stop."""
    page = np.full((300, 900), PAPER, np.uint8)
    page[100:104, 20:880] = INK  # the rule, 4 pixels thick
    for k in range(30):  # type, so that the page's stroke width is 4
        _type(page, 150, 40 + 14 * k, 1)
    page[104:107, 300:303] = INK  # a speck touching the rule's foot
    page[109:114, 500:505] = INK  # a dot 5 pixels under it, alone but for the rule:
    for y, x in ((109, 500), (109, 504), (113, 500), (113, 504)):
        page[y, x] = PAPER  # round, 21 pixels, as a full stop of 10 pt type is
    page[170:174, 453:457] = INK  # a full stop 3 pixels after the last stem, on its foot
    return page


def test_a_speck_by_a_rule_goes_when_the_rule_is_whitened() -> None:
    """The skewed copy's speck on a vertical rule, left when the rule was whitened, was
    read as "’" before "YorSexual" and split the lead in two; a dot beside a rule was kept
    as a full stop (the rule was its neighbour) and read as "." in a title."""
    page = _ruled_page()
    first = despeckle(page, DPI)
    # The first look keeps both: the speck is part of the rule, the dot has it for a
    # neighbour (a full stop's letter may be any ink).
    assert first[104:107, 300:303].min() == INK and first[109:114, 500:505].min() == INK
    _, lines = rulings(first, DPI)
    whitened = first.copy()
    whitened[lines > 0] = PAPER  # the rules whitened alone, as before: both were left
    assert whitened[105:107, 300:303].min() == INK and whitened[109:114, 500:505].min() == INK
    out = unruled(first, lines, DPI)
    assert out[95:110, 20:880].min() == PAPER  # the rule, and the speck on it
    assert out[109:114, 500:505].min() == PAPER  # the dot alone
    assert out[170:174, 453:457].min() == INK  # the full stop by its letter stays
    assert (out[150:174, 40:460] == page[150:174, 40:460]).all()  # and the type
