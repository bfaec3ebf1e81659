"""Ruled grids that are coarser than their text, made as fine as the text shows.

A ruled table's cells come from its rulings, and some tables rule less than they mean:

- a frame with rules between the columns but none between body rows (Word's "no inside
  horizontal borders", the usual statistical style) gives one band holding every body row:
  :func:`split_bands` cuts such a band where a new line starts in the first column and in
  most of the band's columns at once. A wrapped cell (lines in some columns only, or lines
  that carry on a sentence) is never cut, and neither is the header band;
- body rows separated by full-width rules only, or shaded by one box across the row, give
  one cell across the table per row: :func:`split_full_width` cuts such a row at the
  table's column boundaries when its words line up with them (no word crosses one, and
  they fall in most columns). A title, section or note row across the table stays whole.
"""

from __future__ import annotations

import itertools
from typing import Any

Box = tuple[float, float, float, float]
Word = dict[str, Any]
_BASELINE = 2.0  # points within which two words share a baseline


def _inside(word: Word, box: Box) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return bool(box[0] <= cx < box[2] and box[1] <= cy < box[3])


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped by baseline, top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if lines and abs(lines[-1][0]["bottom"] - w["bottom"]) <= _BASELINE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def _continues(line: list[Word]) -> bool:
    """A line that carries on the one above it: it starts in lower case."""
    first = str(line[0]["text"])[:1]
    return first.isalpha() and first.islower()


def split_bands(boxes: list[list[Box | None]], words: list[Word]) -> list[list[Box | None]]:
    """Cut each body band that holds several rows of text into one band per row."""
    out: list[list[Box | None]] = []
    # The header band: the first with cells of its own (a title row across the table may
    # come before it). Its lines wrap in step, and are one row.
    header = next((r for r, row in enumerate(boxes) if sum(b is not None for b in row) > 1),
                  len(boxes))
    for r, row in enumerate(boxes):
        cuts = _band_cuts(row, _within_band(row, words)) if r > header else []
        if not cuts:
            out.append(row)
            continue
        edges = [min(b[1] for b in row if b), *cuts, max(b[3] for b in row if b)]
        for top, bottom in itertools.pairwise(edges):
            out.append([(b[0], top, b[2], bottom) if b else None for b in row])
    return out


def _within_band(row: list[Box | None], words: list[Word]) -> list[Word]:
    """The words between the band's top and bottom (so each cell looks only at those)."""
    real = [b for b in row if b is not None]
    if not real:
        return []
    top, bottom = min(b[1] for b in real), max(b[3] for b in real)
    return [w for w in words if top <= (w["top"] + w["bottom"]) / 2 < bottom]


def _band_cuts(row: list[Box | None], words: list[Word]) -> list[float]:
    """Where a band's rows start, below its first (empty when it is one row)."""
    boxes = [b for b in row if b is not None]
    if len(row) < 2 or len(boxes) < len(row) or any(
            abs(b[1] - boxes[0][1]) > 1 or abs(b[3] - boxes[0][3]) > 1 for b in boxes):
        return []  # a merge crosses the band, or spans rows below it: its structure is drawn
    cells = [[w for w in words if _inside(w, b)] for b in boxes]
    texted = [k for k, ws in enumerate(cells) if ws]
    if len(texted) < 2:
        return []
    # One entry per line of each cell: (baseline, column, the line).
    entries = [(ln[0]["bottom"], k, ln) for k in texted for ln in _lines(cells[k])]
    entries.sort(key=lambda e: e[0])
    clusters: list[list[tuple[float, int, list[Word]]]] = []
    for e in entries:
        if clusters and e[0] - clusters[-1][-1][0] <= _BASELINE:
            clusters[-1].append(e)
        else:
            clusters.append([e])
    if len(clusters) < 2:
        return []
    first, most = texted[0], max(2, len(texted) // 2 + 1)
    if first not in {k for _, k, _ in clusters[0]} or len(clusters[0]) < most:
        return []  # the band does not open as a row does (text centred in a tall row)
    starts = [0]
    for i in range(1, len(clusters)):
        columns = {k for _, k, _ in clusters[i]}
        lines = [ln for _, _, ln in clusters[i]]
        if first not in columns or len(columns) < most:
            continue  # lines in some columns only: a wrapped cell
        if sum(_continues(ln) for ln in lines) * 2 >= len(lines):
            continue  # the lines carry on sentences: wrapped cells side by side
        starts.append(i)
    if len(starts) < 2 or not _in_step(clusters, starts, texted):
        return []
    cuts = []
    for i in starts[1:]:
        above = max(w["bottom"] for c in clusters[:i] for _, _, ln in c for w in ln)
        below = min(w["top"] for _, _, ln in clusters[i] for w in ln)
        if below > above:
            cuts.append((above + below) / 2)
    return cuts


def _in_step(clusters: list[list[tuple[float, int, list[Word]]]], starts: list[int],
             texted: list[int]) -> bool:
    """Whether some column has one line in each row and no other: the rows' evidence. Where
    every column wraps (a label over three lines beside a value over five, their lines on
    one baseline grid), baselines shared by all columns are no row boundaries."""
    at = set(starts)
    for k in texted:
        rows = [i for i, c in enumerate(clusters) if any(col == k for _, col, _ in c)]
        if rows == starts or (set(rows) <= at and len(rows) >= len(starts) - 1
                              and len(starts) > 2):
            return True
    return False


def split_full_width(boxes: list[list[Box | None]], words: list[Word]
                     ) -> list[list[Box | None]]:
    """Cut each row that is one cell across the table at the table's column boundaries,
    when its words line up with them."""
    width = max((len(r) for r in boxes), default=0)
    if width < 3:
        return boxes
    spans = _column_spans(boxes, width)
    if spans is None:
        return boxes
    out = []
    for row in boxes:
        real = [b for b in row if b is not None]
        if len(real) != 1 or row[0] is None or len(row) != width:
            out.append(row)
            continue
        box = real[0]
        if box[2] < spans[-1][1] - 1 or box[0] > spans[0][0] + 1:
            out.append(row)  # not across the whole table
            continue
        inside = [w for w in words if _inside(w, box)]
        if _lines_up(inside, spans):
            out.append([(x0, box[1], x1, box[3]) for x0, x1 in spans])
        else:
            out.append(row)  # a title, section or note row
    return out


def _column_spans(boxes: list[list[Box | None]], width: int) -> list[tuple[float, float]] | None:
    """Each column's (left, right) from the rows where it is a cell of its own."""
    spans = []
    for k in range(width):
        own: list[Box] = []
        for row in boxes:
            box = row[k] if k < len(row) else None
            if box is not None and (k + 1 >= len(row) or row[k + 1] is not None):
                own.append(box)
        if not own:
            return None
        spans.append((min(b[0] for b in own), min(b[2] for b in own)))
    return spans


def _lines_up(words: list[Word], spans: list[tuple[float, float]]) -> bool:
    """Whether no word crosses a column boundary, and the words fall in most columns."""
    if not words:
        return False
    used = set()
    for w in words:
        k = next((k for k, (x0, x1) in enumerate(spans) if x0 - 1 <= w["x0"] and w["x1"] <= x1 + 1),
                 None)
        if k is None:
            return False
        used.add(k)
    return len(used) >= max(2, len(spans) // 2 + 1)


def drop_bands(boxes: list[list[Box | None]], words: list[Word]) -> list[list[Box | None]]:
    """The grid without its separator bands: rows that hold no text and are thinner than
    a line of the table's type (a filled strip drawn between rows, whose two edges the
    rulings give as a row of its own). A row as tall as a line stays, empty or not."""
    real = [b for row in boxes for b in row if b is not None]
    if not real:
        return boxes
    x0, top = min(b[0] for b in real), min(b[1] for b in real)
    x1, bottom = max(b[2] for b in real), max(b[3] for b in real)
    heights = sorted(float(w["bottom"]) - float(w["top"]) for w in words
                     if w.get("upright", True) and _inside(w, (x0, top, x1, bottom)))
    if not heights:
        return boxes
    line = heights[len(heights) // 2]
    out = []
    for row in boxes:
        cells = [b for b in row if b is not None]
        thin = bool(cells) and max(b[3] - b[1] for b in cells) < line
        if thin and not any(_inside(w, b) for b in cells for w in words):
            continue
        out.append(row)
    return out if len(out) >= 2 else boxes


def fill_holes(boxes: list[list[Box | None]], words: list[Word]) -> list[list[Box | None]]:
    """The grid with a box at each position the rulings left without one (no cell drawn
    there, no merge reaching over it) where words lie: a total row ruled from its second
    column on holds its first figure outside every cell, and that text was lost."""
    width = max((len(r) for r in boxes), default=0)
    spans = _column_spans(boxes, width) if width >= 2 else None
    if spans is None:
        return boxes
    real = [b for row in boxes for b in row if b is not None]
    out = []
    for row in boxes:
        cells = [b for b in row if b is not None]
        if len(cells) == len(row) or not cells:
            out.append(row)
            continue
        top, bottom = min(b[1] for b in cells), max(b[3] for b in cells)
        new = list(row)
        for k, box in enumerate(row):
            if box is not None or k >= len(spans):
                continue
            hole = (spans[k][0], top, spans[k][1], bottom)
            if any(_inside(w, hole) and not any(_inside(w, b) for b in real) for w in words):
                new[k] = hole
        out.append(new)
    return out


def label_column(boxes: list[list[Box | None]], words: list[Word], bbox: Box,
                 taken: list[Box]) -> tuple[list[list[Box | None]], Box]:
    """The grid and its bbox with the row labels set left of its frame as a column of its
    own (a spreadsheet printed with its label column unruled, the rules and shading
    starting at the first figure): words left of the frame, each on one of the grid's
    rows, in three rows or more and half the rows with text, their left or right edges
    lined up, no further from the frame than two of its columns are wide. Any line beside
    the frame that falls on no row (prose or a second column of the page) means they are
    no labels. ``taken``: other tables' boxes on the page."""
    x0, top, x1, bottom = bbox
    bands = [(min(b[1] for b in row if b), max(b[3] for b in row if b))
             for row in boxes if any(b is not None for b in row)]
    if len(bands) != len(boxes):
        return boxes, bbox
    outside = [w for w in words if w.get("upright", True) and float(w["x1"]) <= x0 + 1
               and top <= (w["top"] + w["bottom"]) / 2 < bottom
               and not any(_inside(w, t) for t in taken)]
    if not outside:
        return boxes, bbox
    rows: dict[int, list[Word]] = {}
    for w in outside:
        cy = (w["top"] + w["bottom"]) / 2
        r = next((r for r, (t, b) in enumerate(bands) if t <= cy < b), None)
        if r is None:
            return boxes, bbox  # a line beside the frame on no row: not the table's
        rows.setdefault(r, []).append(w)
    texted = sum(1 for row in boxes if any(_inside(w, b) for b in row if b for w in words))
    if len(rows) < max(3, texted / 2):
        return boxes, bbox
    lefts = [min(float(w["x0"]) for w in ws) for ws in rows.values()]
    rights = [max(float(w["x1"]) for w in ws) for ws in rows.values()]
    left = min(lefts)
    widths = sorted(b[2] - b[0] for row in boxes for b in row if b is not None)
    if x0 - max(rights) > 2 * widths[len(widths) // 2]:
        return boxes, bbox  # further from the frame than two of its columns: not its labels
    if not any(_aligned(edges) for edges in (lefts, rights)):
        return boxes, bbox
    edge = left - 1
    grid = [[(edge, t, x0, b), *row] for (t, b), row in zip(bands, boxes, strict=True)]
    return grid, (edge, top, x1, bottom)


def _aligned(edges: list[float]) -> bool:
    """Whether most of some edges (seven in ten) lie within 2 points of their median."""
    mid = sorted(edges)[len(edges) // 2]
    return sum(1 for e in edges if abs(e - mid) <= 2) >= 0.7 * len(edges)
