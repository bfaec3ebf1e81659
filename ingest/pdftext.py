"""A table with no ruling lines, found from the text itself.

1. Lines: words grouped by their baseline, the page's running header and footer bands left
   out.
2. Area: from the first line with text in three or more separate blocks (a header row) to
   the last line before prose resumes (a line running across most of the area's width).
3. Columns: the vertical strips of white space that no word in the area crosses.
4. Rows: a new row wherever the first column has text; lines without it continue the row
   (wrapped text, or the continuation of a row from the previous page).
"""

from __future__ import annotations

import itertools
from typing import Any

Box = tuple[float, float, float, float]
_HEADER_LINES = 4  # a header set over more lines than this is not told apart by its gap
_GAP = 6.0  # points of white space that separate columns (cell margins are wider)
#: Words split where the gap exceeds this share of the type size: a fixed 3 pt glues the
#: words of tightly set PDFs that draw no space characters.
X_RATIO = 0.2


def page_words(page: Any) -> list[dict[str, Any]]:
    """The page's words as both table finders read them."""
    return list(page.extract_words(y_tolerance=2, x_tolerance_ratio=X_RATIO))


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= 2.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _blocks(line: list[dict[str, Any]]) -> int:
    """How many separate runs of text a line has (words further apart than a gap)."""
    return 1 + sum(1 for a, b in itertools.pairwise(line) if b["x0"] - a["x1"] > _GAP)


def text_table(page: Any, margin: float, exclude: list[Box] | tuple[Box, ...] = (),
               words: list[dict[str, Any]] | None = None
               ) -> tuple[Box, list[float], list[list[Box | None]], list[list[str | None]]] | None:
    """Find one unruled table on a page: (bbox, column lefts, cell boxes, cell texts).
    ``exclude`` are areas already taken (ruled tables): their words are left out.
    ``words`` are the page's words when already extracted (with :data:`X_RATIO`)."""
    height = float(page.height)
    if words is None:
        words = page_words(page)
    words = [w for w in words
             if margin * height < w["top"] and w["bottom"] < (1 - margin) * height
             and not any(_inside(w, box) for box in exclude)]
    lines = _lines(words)
    start = next((i for i, ln in enumerate(lines) if _blocks(ln) >= 3), None)
    if start is None:
        return None
    x0 = min(w["x0"] for ln in lines[start:] for w in ln)
    x1 = max(w["x1"] for ln in lines[start:] for w in ln)
    end = len(lines)
    for i in range(start + 1, len(lines)):
        ln = lines[i]
        if _blocks(ln) == 1 and ln[-1]["x1"] - ln[0]["x0"] > 0.7 * (x1 - x0):
            end = i  # a line of prose across the table's width: the table has ended
            break
    area = lines[start:end]
    # Beside a ruled table, two aligned lines are as likely a key or a signature block.
    if len(area) < (3 if exclude else 2):
        return None
    columns = _columns(area, x0, x1)
    if len(columns) < 3:
        return None
    # Paragraph spacing shows as a gap much larger than the gap between wrapped lines: it
    # ends the header row, and inside a row it is a paragraph break (kept as a blank line).
    gaps = [area[i][0]["top"] - max(w["bottom"] for w in area[i - 1])
            for i in range(1, len(area))]
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    big = [False, *(g > 2 * usual + 1 for g in gaps)]
    # The header runs to the first wide gap when that comes within a few lines; with none
    # there (rows set as evenly as the header), it is the first line and the lines after it
    # that have nothing in the first column (a wrapped header cell).
    first_gap = next((i for i in range(1, len(area)) if big[i]), None)
    header_end = first_gap if first_gap is not None and first_gap <= _HEADER_LINES else 1
    rows: list[list[list[dict[str, Any]]]] = []
    for i, ln in enumerate(area):
        first_column = any(_column(w, columns) == 0 for w in ln)
        if not rows or i == first_gap == header_end or (i >= header_end and first_column):
            rows.append([ln])
        else:
            rows[-1].append(ln)
    top = min(w["top"] for w in area[0])
    bottom = max(w["bottom"] for w in area[-1])
    edges = [c[0] for c in columns]
    boxes: list[list[Box | None]] = []
    texts: list[list[str | None]] = []
    for row in rows:
        r_top = min(w["top"] for ln in row for w in ln)
        r_bottom = max(w["bottom"] for ln in row for w in ln)
        boxes.append([(c0, r_top, c1, r_bottom) for c0, c1 in columns])
        cell_lines: list[list[str]] = [[] for _ in columns]
        last_bottom: list[float | None] = [None] * len(columns)
        for ln in row:
            parts: list[list[dict[str, Any]]] = [[] for _ in columns]
            for w in ln:
                parts[_column(w, columns)].append(w)
            for c, part in enumerate(parts):
                if not part:
                    continue
                prev = last_bottom[c]
                # Measured within the column: lines of other columns interleave.
                if prev is not None and part[0]["top"] - prev > 2 * usual + 1:
                    cell_lines[c].append("")  # a paragraph break
                cell_lines[c].append(" ".join(w["text"] for w in part))
                last_bottom[c] = max(w["bottom"] for w in part)
        texts.append(["\n".join(lines_) for lines_ in cell_lines])
    return (x0, top, x1, bottom), edges, boxes, texts


def _inside(word: dict[str, Any], box: Box) -> bool:
    cx = (float(word["x0"]) + float(word["x1"])) / 2
    cy = (float(word["top"]) + float(word["bottom"])) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _columns(area: list[list[dict[str, Any]]], x0: float, x1: float
             ) -> list[tuple[float, float]]:
    """Column spans from the white space no word in the area crosses."""
    covered = sorted((w["x0"], w["x1"]) for ln in area for w in ln)
    spans: list[list[float]] = []
    for a, b in covered:
        if spans and a - spans[-1][1] <= _GAP:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    if len(spans) < 2:
        return [(x0, x1)]
    # Each column runs from the middle of the gap before it to the middle of the gap after.
    mids = [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)]
    lefts = [x0, *mids]
    rights = [*mids, x1]
    return list(zip(lefts, rights, strict=True))


def _column(word: dict[str, Any], columns: list[tuple[float, float]]) -> int:
    centre = (word["x0"] + word["x1"]) / 2
    for i, (c0, c1) in enumerate(columns):
        if c0 <= centre < c1:
            return i
    return len(columns) - 1


def cell_texts(words: list[dict[str, Any]], boxes: list[list[Box | None]]
               ) -> list[list[str | None]]:
    """The text of each cell box from the page's words (each word goes to the box holding
    its centre): its lines, with a blank line where the gap between two lines is much
    larger than the usual gap between wrapped lines (a paragraph break)."""
    flat = [(r, c, b) for r, row in enumerate(boxes) for c, b in enumerate(row) if b]
    found: dict[tuple[int, int], list[dict[str, Any]]] = {(r, c): [] for r, c, _ in flat}
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for r, c, (x0, top, x1, bottom) in flat:
            if x0 <= cx < x1 and top <= cy < bottom:
                found[(r, c)].append(w)
                break
    cell_lines = {key: _lines(ws) for key, ws in found.items()}
    gaps = [ln[i][0]["top"] - max(w["bottom"] for w in ln[i - 1])
            for ln in cell_lines.values() for i in range(1, len(ln))]
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    texts: list[list[str | None]] = [[None] * len(row) for row in boxes]
    for (r, c), lines in cell_lines.items():
        out: list[str] = []
        for i, ln in enumerate(lines):
            if i and ln[0]["top"] - max(w["bottom"] for w in lines[i - 1]) > 2 * usual + 1:
                out.append("")
            out.append(" ".join(w["text"] for w in ln))
        texts[r][c] = "\n".join(out)
    return texts
