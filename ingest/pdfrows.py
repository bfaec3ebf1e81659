"""The rows and cells of an unruled table, once its columns are known.

Header lines above the first body line make one row per level; in the body a row starts
where the first column has text, except a label that wraps; a block over several columns
that are empty in its row is one merged cell.
"""

from __future__ import annotations

from .pdfcolumns import Line, Spacing, Span, column_range, units
from .pdfcolumns import height as line_height

Box = tuple[float, float, float, float]
_HEADER_LINES = 4  # a header set over more lines than this is not told apart by its gap

Placed = list[tuple[Line, tuple[int, int]]]


def grid(area: list[Line], header: int, columns: list[Span], spacing: Spacing,
          gaps: list[Span]) -> tuple[Box, list[float], list[list[Box | None]],
                                     list[list[str | None]]]:
    """Rows and cells of a table area whose first ``header`` lines are its header."""
    placed: list[Placed] = [[(u, column_range(u, columns, gaps)) for u in units(ln, spacing, gaps)]
                            for ln in area]
    # Paragraph spacing shows as a gap much larger than the gap between wrapped lines: it
    # ends the header row, and inside a row it is a paragraph break (kept as a blank line).
    line_gaps = [area[i][0]["top"] - max(w["bottom"] for w in area[i - 1])
                 for i in range(1, len(area))]
    usual = sorted(line_gaps)[len(line_gaps) // 2] if line_gaps else 0.0
    label_right = max((float(u[-1]["x1"]) for p in placed for u, (a, b) in p if a == b == 0),
                      default=columns[0][1])
    rows = _rows(area, placed, header, usual, spacing, label_right)
    top = min(w["top"] for w in area[0])
    bottom = max(w["bottom"] for w in area[-1])
    boxes: list[list[Box | None]] = []
    texts: list[list[str | None]] = []
    for row in rows:
        row_boxes, row_texts = _cells(area, placed, row, columns, usual)
        boxes.append(row_boxes)
        texts.append(row_texts)
    edges = [c[0] for c in columns]
    return (columns[0][0], top, columns[-1][1], bottom), edges, boxes, texts


def _rows(area: list[Line], placed: list[Placed], header: int, usual: float,
          spacing: Spacing, label_right: float) -> list[list[int]]:
    """The lines of each row, by index. Header lines above the first body line make one
    row per level (a line with a block over several columns is a level of its own); a
    bottom-aligned header set over several lines is one row. In the body a row starts
    where the first column has text, except a label that wraps onto its next line."""
    big = [False, *(area[i][0]["top"] - max(w["bottom"] for w in area[i - 1]) > 2 * usual + 1
                    for i in range(1, len(area)))]
    if header:
        header_end, first_gap = header, None
    else:
        # The header runs to the first wide gap when that comes within a few lines; with
        # none there (rows set as evenly as the header), it is the first line and the lines
        # after it that have nothing in the first column (a wrapped header cell).
        first_gap = next((i for i in range(1, len(area)) if big[i]), None)
        header_end = first_gap if first_gap is not None and first_gap <= _HEADER_LINES else 1
    rows: list[list[int]] = []
    spanning = [any(a < b for _, (a, b) in p) for p in placed]
    for k, parts in enumerate(placed):
        first_column = any(a == 0 for _, (a, _b) in parts)
        label_only = first_column and all((a, b) == (0, 0) for _, (a, b) in parts)
        if not rows:
            rows.append([k])
        elif header and k < header:
            if spanning[k] or any(spanning[i] for i in rows[-1]):
                rows.append([k])
            else:
                rows[-1].append(k)
        elif (k == header and header) or (not header and (k == first_gap == header_end)):
            rows.append([k])
        elif k < header_end or (not first_column and not (
                len(rows) > 1 and rows[-1][0] >= header_end
                and _unlabelled_row(placed, rows[-1], k))) or (
                len(rows) > 1 and rows[-1][0] >= header_end
                and _continues(area, placed, rows[-1], k, label_only, spacing, label_right)):
            rows[-1].append(k)
        else:
            rows.append([k])
    return rows


def _continues(area: list[Line], placed: list[Placed], row: list[int], k: int,
               label_only: bool, spacing: Spacing, label_right: float) -> bool:
    """Whether line ``k``, which has text in the first column, continues the row before
    it: a label that wrapped (it starts in lower case, or the label line before it was
    full), either onto a line of its own (lower case only: a new label may well be short)
    or onto the line that holds the row's values."""
    labels = [u for i in row for u, (a, b) in placed[i] if a == b == 0]
    if not labels:
        return False
    first_word = str(placed[k][0][0][0]["text"])
    lower = first_word[:1].islower()
    last = labels[-1]
    width = float(placed[k][0][0][0]["x1"]) - float(placed[k][0][0][0]["x0"])
    full = float(last[-1]["x1"]) + spacing.space(line_height(last)) + width > label_right + 1
    values_so_far = any((a, b) != (0, 0) for i in row for _, (a, b) in placed[i])
    if label_only:
        return lower  # the rest of a label after the values' line
    return not values_so_far and (lower or full)  # the label's last line holds the values


def _unlabelled_row(placed: list[Placed], row: list[int], k: int) -> bool:
    """Whether line ``k``, with nothing in the first column, is a row of its own rather
    than the wrapped text of the row before: figures (or nil dashes) in two columns or
    more, each in a column of its own, two of them under figures the row already has in
    their column (a statistical table whose label is given on a group's first row only).
    Wrapped text is words: a line of words stays with its row (a new row
    there is rejoined by the plan reader anyway, which joins a row with no reference)."""
    parts = placed[k]
    if len(parts) < 2 or any(a != b or not _figure(unit) for unit, (a, b) in parts):
        return False
    above = {a for i in row for unit, (a, b) in placed[i] if a == b and _figure(unit)}
    return sum(1 for _, (a, _b) in parts if a in above) >= 2


def _figure(unit: Line) -> bool:
    """A block that is a figure or code ("1,204", "4.2", "C2", "2=") or a nil dash, not
    words: one token, holding a digit or only dashes."""
    if len(unit) != 1:
        return False
    text = str(unit[0]["text"])
    return any(ch.isdigit() for ch in text) or set(text) <= set("-–—")


def _cells(area: list[Line], placed: list[Placed], row: list[int], columns: list[Span],
           usual: float) -> tuple[list[Box | None], list[str | None]]:
    """The cell boxes and texts of one row. A block over several columns that are empty
    in the row becomes one merged cell; where they are not, it goes to the column it
    overlaps most."""
    width = len(columns)
    taken = [False] * width
    for i in row:
        for _, (a, b) in placed[i]:
            if a == b:
                taken[a] = True
    span_to = list(range(width))
    assigned: list[tuple[int, int, Line]] = []  # (line, column, block)
    for i in row:
        for unit, (a, b) in placed[i]:
            if a < b and not any(taken[c] for c in range(a + 1, b + 1)):
                span_to[a] = max(span_to[a], b)
                assigned.append((i, a, unit))
            elif a < b:
                u0, u1 = float(unit[0]["x0"]), float(unit[-1]["x1"])
                best = max(range(a, b + 1),
                           key=lambda c: min(u1, columns[c][1]) - max(u0, columns[c][0]))
                assigned.append((i, best, unit))
            else:
                assigned.append((i, a, unit))
    covered = [False] * width
    for c in range(width):
        if not covered[c]:
            for d in range(c + 1, span_to[c] + 1):
                covered[d] = True
    r_top = min(float(w["top"]) for i in row for w in area[i])
    r_bottom = max(float(w["bottom"]) for i in row for w in area[i])
    by_line: dict[tuple[int, int], Line] = {}
    for i, c, unit in assigned:
        while covered[c]:
            c -= 1
        by_line.setdefault((c, i), []).extend(unit)
    cell_lines: list[list[str]] = [[] for _ in columns]
    last_bottom: list[float | None] = [None] * width
    for (c, _i), part in sorted(by_line.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        part.sort(key=lambda w: float(w["x0"]))
        prev = last_bottom[c]
        # Measured within the column: lines of other columns interleave.
        if prev is not None and part[0]["top"] - prev > 2 * usual + 1:
            cell_lines[c].append("")  # a paragraph break
        cell_lines[c].append(" ".join(str(w["text"]) for w in part))
        last_bottom[c] = max(float(w["bottom"]) for w in part)
    boxes: list[Box | None] = []
    texts: list[str | None] = []
    for c in range(width):
        if covered[c]:
            boxes.append(None)
            texts.append(None)
        else:
            boxes.append((columns[c][0], r_top, columns[span_to[c]][1], r_bottom))
            texts.append("\n".join(cell_lines[c]))
    return boxes, texts
