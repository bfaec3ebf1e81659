"""A table carried over to the top of the next page in its own columns.

When a borderless table breaks across pages and the next page repeats no header, the
page's first lines may hold text in only one or two of its columns (the end of a long
row): too few blocks for the unruled finder to see a table at all, and the text was lost.
A table that ran to the bottom of its page hands its columns to the next page; there, the
lines from the top of the body that each lie inside those columns (every run of text
within one column, nothing across the table's edges), opening with nothing in the first
column (a row's tail, not a new row), are read as a table in them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from .pdftext import page_words

Box = tuple[float, float, float, float]
_GAP = 6.0  # points between words that start a new run (as the unruled finder)
_LINE_TOLERANCE = 2.5


@dataclass(frozen=True, slots=True)
class Columns:
    """The columns of a table that ended a page: (left, right) of each."""

    spans: tuple[tuple[float, float], ...]


def columns_at_page_end(page: Any, found: list[Any], margin: float) -> Columns | None:
    """The columns of the page's last table when nothing but the running footer follows
    it (it may go on over the page); ``found`` are the page's tables (``bbox``,
    ``columns_x``), in reading order."""
    if not found:
        return None
    last = found[-1]
    if getattr(last, "page_boxes", None):
        return None  # read turned: its columns are in its own frame, not the page's
    _, _, x1, bottom = last.bbox
    foot = (1 - margin) * float(page.height)
    if any(c["top"] > bottom + 1 and c["bottom"] < foot and c["text"].strip()
           for c in page.chars):
        return None
    lefts = sorted(last.columns_x)
    if len(lefts) < 3:
        return None
    return Columns(tuple(itertools.pairwise([*lefts, max(x1, lefts[-1] + 1)])))


def carried_table(page: Any, columns: Columns, margin: float, found: list[Any]
                  ) -> tuple[tuple[Box, list[float], list[list[Box | None]],
                                   list[list[str | None]]] | None, list[Any]]:
    """The lines at the top of the page's body that lie in ``columns``, as a table in
    them: (bbox, column lefts, cell boxes, cell texts), or None; and the page's other
    tables. ``found`` are the tables found on the page, in reading order: a first one with
    fewer columns whose every line lies in ``columns`` (a row's tail that leaves some
    columns empty, which the white space alone cannot place) is read again in them."""
    height = float(page.height)
    spans = columns.spans
    first = found[0] if found else None
    sparse = first is not None and len(first.columns_x) < len(spans)
    rest = found[1:] if sparse else found
    limit = min((f.bbox[1] for f in rest), default=(1 - margin) * height)
    words = [w for w in page_words(page)
             if margin * height < w["top"] and w["bottom"] < limit]
    if not words:
        return None, found
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    taken: list[list[dict[str, Any]]] = []
    for ln in (sorted(line, key=lambda w: w["x0"]) for line in lines):
        if not _in_columns(ln, spans):
            break  # prose across the columns, or something else: the carried part ended
        taken.append(ln)
    if sparse and first is not None:
        if not taken or max(w["bottom"] for w in taken[-1]) < first.bbox[3] - 1:
            return None, found  # the first table is not (all) in the carried columns
    else:
        if first is not None:
            taken = [ln for ln in taken if ln[0]["top"] < first.bbox[1] - 1]
        # Found by nothing else, the lines must be a row's tail (nothing in the first
        # column, where a new row would have its number): two columns of prose after a
        # table fit its columns too.
        if taken and any(_column(w, spans) == 0 for w in taken[0]):
            return None, found
    if not taken:
        return None, found
    gaps = [taken[i][0]["top"] - max(w["bottom"] for w in taken[i - 1])
            for i in range(1, len(taken))]
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    rows: list[list[list[dict[str, Any]]]] = []
    for ln in taken:
        if not rows or any(_column(w, spans) == 0 for w in ln):
            rows.append([ln])  # a number in the first column starts a row
        else:
            rows[-1].append(ln)
    boxes: list[list[Box | None]] = []
    texts: list[list[str | None]] = []
    for row in rows:
        r_top = min(w["top"] for ln in row for w in ln)
        r_bottom = max(w["bottom"] for ln in row for w in ln)
        boxes.append([(c0, r_top, c1, r_bottom) for c0, c1 in spans])
        cells: list[list[str]] = [[] for _ in spans]
        last: list[float | None] = [None] * len(spans)
        for ln in row:
            parts: list[list[dict[str, Any]]] = [[] for _ in spans]
            for w in ln:
                parts[_column(w, spans)].append(w)
            for c, part in enumerate(parts):
                if not part:
                    continue
                prev = last[c]
                if prev is not None and part[0]["top"] - prev > 2 * usual + 1:
                    cells[c].append("")  # paragraph spacing: a paragraph break
                cells[c].append(" ".join(w["text"] for w in part))
                last[c] = max(w["bottom"] for w in part)
        texts.append(["\n".join(c) for c in cells])
    top = min(w["top"] for w in taken[0])
    bottom = max(w["bottom"] for w in taken[-1])
    bbox = (spans[0][0], top, spans[-1][1], bottom)
    return (bbox, [c0 for c0, _ in spans], boxes, texts), rest if sparse else found


def _in_columns(line: list[dict[str, Any]], spans: tuple[tuple[float, float], ...]) -> bool:
    runs: list[list[dict[str, Any]]] = [[line[0]]]
    for a, b in itertools.pairwise(line):
        if b["x0"] - a["x1"] > _GAP:
            runs.append([])
        runs[-1].append(b)
    return all(spans[0][0] - 1 <= run[0]["x0"] and run[-1]["x1"] <= spans[-1][1] + 1
               and _column(run[0], spans) == _column(run[-1], spans) for run in runs)


def _column(word: dict[str, Any], spans: tuple[tuple[float, float], ...]) -> int:
    centre = (word["x0"] + word["x1"]) / 2
    for i, (c0, c1) in enumerate(spans):
        if c0 <= centre < c1:
            return i
    return len(spans) - 1
