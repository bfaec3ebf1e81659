"""Two-column label/value tables with no rulings ("Net Asset Value ... 5,111,372").

Two blocks on a line are as often a heading and a date, a signature and its role, or a
justified line, so such a table is taken only on strong evidence: at least four lines of a
label and a value in one run, a wide white corridor between them that no line crosses,
the values' edges lined up, and figures in most of them. A table of contents (whole page
numbers going up) is not one.
"""

from __future__ import annotations

import re
from statistics import median

from .pdfcolumns import Line, Spacing, Span, blocks, columns_of, corridors, lined_up
from .pdfcolumns import height as line_height
from .pdfrows import Box, grid

_PAIRS = 4  # label/value lines needed
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")

Table = tuple[Box, list[float], list[list[Box | None]], list[list[str | None]]]


def pair_table(lines: list[Line], counts: list[int], spacing: Spacing, min_lines: int
               ) -> Table | None:
    """The first label/value table among the lines, or None."""
    i = 0
    while i < len(lines):
        if counts[i] != 2:
            i += 1
            continue
        end = _run(lines, counts, i)
        top = _above(lines, counts, i)
        table = _pairs(lines[top:end], counts[top:end], spacing, min_lines)
        if table is not None:
            return table
        i = end if end > i + 1 else i + 1
    return None


def _above(lines: list[Line], counts: list[int], first: int) -> int:
    """Up to three lines of one block set close above the first label/value line (a
    section label, the values' column head), in the same type, as part of the table."""
    top = first
    size = line_height(lines[first])
    while top > 0 and first - top < 3 and counts[top - 1] == 1:
        above, below = lines[top - 1], lines[top]
        step = float(below[0]["top"]) - float(above[0]["top"])
        if step > 3 * size or line_height(above) > 1.15 * size:
            break
        top -= 1
    return top


def _run(lines: list[Line], counts: list[int], first: int) -> int:
    """The end of the run of one- and two-block lines from ``first``, set close together."""
    end = first + 1
    steps: list[float] = []
    while end < len(lines) and counts[end] <= 2:
        step = float(lines[end][0]["top"]) - float(lines[end - 1][0]["top"])
        if step > 3 * max(line_height(lines[end]), line_height(lines[end - 1])) and (
                len(steps) < 2 or step > 1.8 * float(median(steps))):
            break  # well above the rows' pitch (and above three lines where none is known)
        steps.append(step)
        end += 1
    return end


def _pairs(run: list[Line], counts: list[int], spacing: Spacing, min_lines: int
           ) -> Table | None:
    pairs = [ln for ln, n in zip(run, counts, strict=True) if n == 2]
    if len(pairs) < _PAIRS:
        return None
    gaps = corridors(pairs, spacing, strict=True)
    if not gaps:
        return None
    g0, g1 = max(gaps, key=lambda g: g[1] - g[0])
    size = float(median(line_height(ln) for ln in pairs))
    if g1 - g0 < 2 * spacing.block_gap(size):
        return None
    # The area: the label/value lines and the labels between them, parted by a line of
    # one block that reaches over the corridor's middle (a sentence, not a label).
    mid = (g0 + g1) / 2
    first, last = 0, -1
    for k, ln in enumerate(run):
        if counts[k] == 1 and float(ln[0]["x0"]) < g0 and float(ln[-1]["x1"]) > mid:
            if last >= first:
                break
            first = k + 1  # prose before any label/value line: start after it
        elif counts[k] == 2:
            last = k
    area = run[first:last + 1]
    if not area:
        return None
    values = [blocks(ln, spacing.block_gap(line_height(ln)))[-1] for ln in area
              if float(ln[-1]["x0"]) >= g1 - 0.5 and float(ln[0]["x0"]) < g0]
    if len(values) < _PAIRS or len(area) < min_lines or not _evidence(values):
        return None
    x0 = min(float(ln[0]["x0"]) for ln in area)
    x1 = max(float(ln[-1]["x1"]) for ln in area)
    gap: list[Span] = [(g0, g1)]
    return grid(area, 0, columns_of(gap, x0, x1), spacing, gap)


def _evidence(values: list[Line]) -> bool:
    """Whether most values (three in five) line up on one edge, most are figures, and
    they are not page
    numbers going up (a table of contents)."""
    texts = [" ".join(str(w["text"]) for w in v) for v in values]
    need = 0.6 * len(values)
    aligned = any(lined_up(edges, need) for edges in (
        [float(v[-1]["x1"]) for v in values], [float(v[0]["x0"]) for v in values]))
    figures = sum(1 for t in texts if any(ch.isdigit() for ch in t)) >= 0.7 * len(texts)
    pages = [int(t) for t in texts if _PAGE_NUMBER.match(t)]
    contents = len(pages) == len(texts) and pages == sorted(pages)
    return aligned and figures and not contents
