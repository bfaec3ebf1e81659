"""Where each line of a PDF cell ends, against the cell's right edge.

A layout breaks a word with no hyphen only where the word is wider than the line, and then
the line runs to the cell's edge. Which lines do is read from the page's characters, a
line at a time, and handed on with the cell (``Cell.at_edge``); deciding whether a break
is inside a word is normalise's business (it needs a vocabulary).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

Box = tuple[float, float, float, float]
_LINE_TOLERANCE = 2.5  # points between the tops of characters on one line (as the finders)
#: A line reaches the edge when it ends within this share of its type size of the
#: furthest any line in cells with the same right boundary reaches: a glyph more would not
#: have fitted.
_EDGE_SHARE = 0.8


class LineEdges:
    """The right end of each visual line of each cell of one found table."""

    def __init__(self, page: Any, boxes: Sequence[Sequence[Box | None]],
                 columns_x: Sequence[float]) -> None:
        self._lines: dict[tuple[int, int], list[tuple[float, float]]] = {}
        self._edge: dict[int, float] = {}
        self._right: dict[tuple[int, int], int] = {}
        by_column: dict[int, list[tuple[int, int, Box]]] = defaultdict(list)
        lefts = list(columns_x)
        for r, row in enumerate(boxes):
            for c, box in enumerate(row):
                if box is not None:
                    by_column[max(0, bisect.bisect_right(lefts, box[0] + 1) - 1)].append(
                        (r, c, box))
        if not by_column:
            return
        x0 = min(b[0] for cells in by_column.values() for _, _, b in cells)
        x1 = max(b[2] for cells in by_column.values() for _, _, b in cells)
        top = min(b[1] for cells in by_column.values() for _, _, b in cells)
        bottom = max(b[3] for cells in by_column.values() for _, _, b in cells)
        chars: dict[tuple[int, int], list[tuple[float, float, float]]] = defaultdict(list)
        for ch in page.chars:
            if not ch["text"].strip():
                continue
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            if not (x0 <= cx < x1 and top <= cy < bottom):
                continue
            # A box starts at or left of the char's column: look back over a few columns
            # (a merged box starts further left).
            k = bisect.bisect_right(lefts, cx) - 1
            for col in range(max(k, 0), -1, -1):
                hit = next(((r, c) for r, c, (b0, bt, b1, bb) in by_column.get(col, ())
                            if b0 <= cx < b1 and bt <= cy < bb), None)
                if hit is not None:
                    chars[hit].append((ch["top"], ch["x1"], ch["size"]))
                    break
        for key, found in chars.items():
            found.sort()
            lines: list[tuple[float, float]] = []  # (right end, type size)
            line_top = None
            for t, right, size in found:
                if line_top is None or t - line_top > _LINE_TOLERANCE:
                    lines.append((right, size))
                    line_top = t
                else:
                    lines[-1] = (max(lines[-1][0], right), max(lines[-1][1], size))
            self._lines[key] = lines
        rights = {(r, c): round(b[2]) for cells in by_column.values() for r, c, b in cells}
        self._right = rights
        for key, lines in self._lines.items():
            edge = rights[key]
            furthest = max(right for right, _ in lines)
            self._edge[edge] = max(self._edge.get(edge, furthest), furthest)

    def flags(self, r: int, c: int, lines: Sequence[str]) -> tuple[bool, ...]:
        """For each of a cell's text lines (blank lines included), whether it reaches the
        cell's edge; empty when the text lines and the page's lines do not pair up."""
        found = self._lines.get((r, c))
        texts = [i for i, ln in enumerate(lines) if ln.strip()]
        if not found or len(found) != len(texts):
            return ()
        edge = self._edge[self._right[(r, c)]]
        out = [False] * len(lines)
        for i, (right, size) in zip(texts, found, strict=True):
            out[i] = right >= edge - _EDGE_SHARE * size
        return tuple(out)
