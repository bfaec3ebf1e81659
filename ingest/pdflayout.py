"""Pages set in two columns of text: split at the white gutter before tables are sought.

A line read across a two-column page joins a line of prose from one column to a table row
in the other, and the prose becomes a column of the table. A gutter is a vertical strip in
the middle of the page that no word crosses, with prose on both sides: most lines on each
side are one block running across that side (a table's side has several blocks a line,
so the white between a plan's columns is no gutter).
"""

from __future__ import annotations

from typing import Any

from .pdfcolumns import Line, Spacing, blocks
from .pdfcolumns import height as line_height

Word = dict[str, Any]
_GUTTER = 8.0  # points of white, at least, between the page's text columns
_PROSE = 0.4  # share of a side's lines that must be prose


def split_columns(words: list[Word], width: float, lines_of: Any) -> list[list[Word]]:
    """The words of each text column of the page, left to right (one list when the page
    is not set in two columns)."""
    if len(words) < 40:
        return [words]
    spans = sorted((float(w["x0"]), float(w["x1"])) for w in words)
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= _GUTTER and 0.3 * width <= (x0 + reach) / 2 <= 0.7 * width:
            gutter = (reach + x0) / 2
            left = [w for w in words if float(w["x1"]) <= gutter]
            right = [w for w in words if float(w["x0"]) >= gutter]
            if _prose(lines_of(left)) and _prose(lines_of(right)):
                return [left, right]
        reach = max(reach, x1)
    return [words]


def _prose(lines: list[Line]) -> bool:
    """Whether most lines of one side are a single block across most of its width."""
    if len(lines) < 5:
        return False
    spacing = Spacing(lines)
    x0 = min(float(ln[0]["x0"]) for ln in lines)
    x1 = max(float(ln[-1]["x1"]) for ln in lines)
    full = sum(1 for ln in lines
               if len(blocks(ln, spacing.block_gap(line_height(ln)))) == 1
               and float(ln[-1]["x1"]) - float(ln[0]["x0"]) >= 0.7 * (x1 - x0))
    return full >= _PROSE * len(lines)
