"""Ruled tables printed turned a quarter on an upright page (their text runs down or up).

pdfplumber finds the grid in the page's frame, so the table's rows come out as columns and
its cells' lines as words on separate lines. :func:`turned` tells such a table by its
characters (most set to read down the page, ``ttb``, or up it, ``btt``); :func:`turn` gives
its cell boxes in the table's own frame (a box's top-left is where its text starts), each
mapped back to its box on the page (for the fill under it), and its cell texts with their
lines in reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Box = tuple[float, float, float, float]
Word = dict[str, Any]
_SHARE = 2 / 3  # of a table's words set turned, for the table to be read turned
_MIN_CHARS = 20


def _centre_in(word: Word, box: Box) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return bool(box[0] <= cx < box[2] and box[1] <= cy < box[3])


def turned(chars: list[dict[str, Any]], bbox: Box) -> str | None:
    """``"ttb"`` or ``"btt"`` when most of the table's characters are set turned a quarter,
    to read down the page or up it (by their text matrix: a glyph's baseline runs down the
    page when the matrix's ``b`` is negative)."""
    inside = [c for c in chars if _centre_in(c, bbox)]
    if len(inside) < _MIN_CHARS:
        return None
    for direction, sign in (("ttb", -1), ("btt", 1)):
        if sum(1 for c in inside if not c.get("upright", True)
               and sign * float(c["matrix"][1]) > 0) >= _SHARE * len(inside):
            return direction
    return None


def _to_table(box: Box, direction: str) -> Box:
    """A page box in the table's frame: down the page is rightward in the table when its
    text runs down (then leftward on the page is downward), and the reverse when up."""
    x0, top, x1, bottom = box
    if direction == "ttb":
        return (top, -x1, bottom, -x0)
    return (-bottom, x0, -top, x1)


def _to_page(box: Box, direction: str) -> Box:
    """A box in the table's frame back on the page (the inverse of :func:`_to_table`)."""
    x0, top, x1, bottom = box
    if direction == "ttb":
        return (-bottom, x0, -top, x1)
    return (top, -x1, bottom, -x0)


def in_frame(words: list[Word], direction: str) -> list[Word]:
    """The turned words of a page in the table's own frame, as if set upright there (the
    unruled finder reads them as it reads an upright page)."""
    out = []
    for w in words:
        if w.get("upright", True):
            continue
        x0, top, x1, bottom = _to_table((w["x0"], w["top"], w["x1"], w["bottom"]), direction)
        out.append({**w, "x0": x0, "top": top, "x1": x1, "bottom": bottom})
    return out


def boxes_on_page(boxes: list[list[Box | None]], direction: str) -> dict[Box, Box]:
    """Each box of a table found in its own frame, with its box on the page."""
    return {b: _to_page(b, direction) for row in boxes for b in row if b is not None}


def page_bbox(bbox: Box, direction: str) -> Box:
    """A table's bounding box, found in its own frame, on the page."""
    return _to_page(bbox, direction)


def frame_bbox(bbox: Box, direction: str) -> Box:
    """A box on the page in the table's frame."""
    return _to_table(bbox, direction)


def turn(boxes: list[list[Box | None]], words: list[Word], direction: str
         ) -> tuple[list[float], list[list[Box | None]], list[list[str | None]], dict[Box, Box]]:
    """The table in its own frame: column lefts, cell boxes (None where a merge covers,
    the covering box at the merge's top-left), cell texts, and each box's page box."""
    page_boxes = [b for row in boxes for b in row if b is not None]
    back = {_to_table(b, direction): b for b in page_boxes}
    lefts = sorted({round(b[0], 1) for b in back})
    tops = sorted({round(b[1], 1) for b in back})
    grid: list[list[Box | None]] = [[None] * len(lefts) for _ in tops]
    texts: list[list[str | None]] = [[None] * len(lefts) for _ in tops]
    for box, page_box in back.items():
        r, c = tops.index(round(box[1], 1)), lefts.index(round(box[0], 1))
        grid[r][c] = box
        texts[r][c] = _text(page_box, words, direction)
    return lefts, grid, texts, back


def _text(box: Box, words: list[Word], direction: str) -> str:
    """A turned cell's text: its lines (words sharing an x) in reading order."""
    inside = [w for w in words if _centre_in(w, box)]
    lines: list[list[Word]] = []
    for w in sorted(inside, key=lambda w: -w["x0"] if direction == "ttb" else w["x0"]):
        if lines and abs(lines[-1][0]["x0"] - w["x0"]) <= 2.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    down = direction == "ttb"
    return "\n".join(" ".join(str(w["text"]) for w in sorted(
        ln, key=lambda w: w["top"] if down else -w["top"])) for ln in lines)


def turned_cells(chars: list[dict[str, Any]], boxes: list[list[Box | None]],
                 texts: list[list[str | None]], words_for: Callable[[str], list[Word]]
                 ) -> list[list[str | None]]:
    """The texts of an upright table with the cells whose text is set turned a quarter (a
    column header printed up the page over a narrow column) read in their own direction:
    read as upright lines they came out one word a line, each word spelt backwards when it
    reads upward. ``words_for(direction)`` gives the page's words joined that way."""
    turned_chars = [c for c in chars if not c.get("upright", True)]
    if not turned_chars:
        return texts
    out = [list(row) for row in texts]
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is None or not (texts[r][c] or "").strip() or not any(
                    _centre_in(ch, box) for ch in turned_chars):
                continue  # only the cells that hold a turned glyph are looked at closer
            inside = [ch for ch in chars if _centre_in(ch, box) and str(ch["text"]).strip()]
            for direction, sign in (("ttb", -1), ("btt", 1)):
                if sum(1 for ch in inside if not ch.get("upright", True)
                       and sign * float(ch["matrix"][1]) > 0) >= _SHARE * len(inside):
                    out[r][c] = _text(box, words_for(direction), direction)
                    break
    return out
