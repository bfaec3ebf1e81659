"""A table with no ruling lines, found from the text itself.

1. Lines: words grouped by their baseline, the page's running header and footer bands left
   out, rules drawn in text and dot leaders dropped; a page set in two columns of prose is
   split at its gutter first (:mod:`.pdflayout`).
2. Area: from the first line with text in three or more blocks (gaps measured against the
   type, :mod:`.pdfcolumns`) to the last line before prose resumes (a line running across
   most of the width) or a vertical gap well above the row pitch.
3. Columns: the white corridors through the area's *body* lines (those with the most
   blocks); the area ends after the last body line at the first line that crosses them (a
   note, a heading); lines set close above the first body line are its header.
4. Rows (:mod:`.pdfrows`): a new row wherever the first column has text, except a label
   that wraps; lines without it continue the row (wrapped text, or the continuation of a
   row from the previous page).

A candidate that is no table does not end the search; with none of three blocks, a
two-column label/value table is looked for on strong evidence (:mod:`.pdfpairs`). A table
printed turned a quarter is read the same way in its own frame (:func:`turned_table`), and
so is the body of a turned ruled table whose rulings are coarser than its text.
"""

from __future__ import annotations

import itertools
import re
from statistics import median
from typing import Any

from .pdfcolumns import (
    Line,
    Spacing,
    Span,
    blocks,
    columns_of,
    corridors,
    crosses,
    drop_filler,
    merge,
    shrink,
    units,
)
from .pdfcolumns import height as line_height
from .pdflayout import split_columns
from .pdfmemo import page_memo
from .pdfpairs import Table, pair_table
from .pdfrows import grid
from .pdfturn import boxes_on_page, frame_bbox, in_frame, page_bbox, turn

Box = tuple[float, float, float, float]
_HEADER_LINES = 4  # a header set over more lines than this is not told apart by its gap
_LABEL = re.compile(r"^[^\W\d][^:]*:$")  # "Fecha:", a form's label
_BREAK = 3.5  # a vertical gap this many row pitches ends a table
#: Words split where the gap exceeds this share of the type size: a fixed 3 pt glues the
#: words of tightly set PDFs that draw no space characters.
X_RATIO = 0.2


def page_words(page: Any) -> list[dict[str, Any]]:
    """The page's words as the table finders read them: extracted once per page (a new
    list each call, the words themselves shared and never changed)."""
    return list(page_memo(page, "words", _extract_words))


def _extract_words(page: Any) -> list[dict[str, Any]]:
    words = page.extract_words(y_tolerance=2, x_tolerance_ratio=X_RATIO, return_chars=True)
    return [_superscript(w) for w in words]


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUPER_SIZE = 0.8  # a glyph this share of the word's type size or less, raised, is a
#                    superscript


def _superscript(word: dict[str, Any]) -> dict[str, Any]:
    """The word without its characters, and with a footnote mark set small and raised at
    its end ("24.91" and a superior "2") written as superscript digits ("24.91²"): joined
    as typed it read as another figure ("24.912"). Marks that are not digits stay as set."""
    chars = word.pop("chars", None) or []
    if len(chars) < 2:
        return word
    size = max(float(c["size"]) for c in chars)
    base = max(float(c["bottom"]) for c in chars)
    k = len(chars)
    while k > 0 and float(chars[k - 1]["size"]) <= _SUPER_SIZE * size \
            and float(chars[k - 1]["bottom"]) < base - 0.2 * size:
        k -= 1
    mark = "".join(str(c["text"]) for c in chars[k:])
    if not 0 < len(mark) <= 3 or k == 0 or not mark.isdigit() or \
            "".join(str(c["text"]) for c in chars) != word["text"]:
        return word
    return {**word, "text": word["text"][:k] + mark.translate(_SUPERSCRIPT)}


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= 2.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def text_table(page: Any, margin: float, exclude: list[Box] | tuple[Box, ...] = (),
               words: list[dict[str, Any]] | None = None
               ) -> tuple[Box, list[float], list[list[Box | None]], list[list[str | None]]] | None:
    """Find one unruled table on a page: (bbox, column lefts, cell boxes, cell texts).
    ``exclude`` are areas already taken (ruled tables): their words are left out.
    ``words`` are the page's words when already extracted (with :data:`X_RATIO`).

    Candidates are tried top to bottom: one that is no table (a box of prose, a chart's
    labels) does not end the search, the lines after it are tried too."""
    height = float(page.height)
    if words is None:
        words = page_words(page)
    words = [w for w in words
             if margin * height < w["top"] and w["bottom"] < (1 - margin) * height
             and not any(_inside(w, box) for box in exclude)]
    width = float(getattr(page, "width", 0) or max((w["x1"] for w in words), default=0))
    for side in split_columns(words, width, _lines):
        table = _first_table(side, min_lines=3 if exclude else 2)
        if table is not None:
            return table
    return None


def turned_table(words: list[dict[str, Any]], direction: str,
                 exclude: list[Box] | tuple[Box, ...] = (), min_lines: int = 2,
                 whole: bool = False
                 ) -> tuple[Box, list[float], list[list[Box | None]], list[list[str | None]],
                            dict[Box, Box]] | None:
    """One unruled table among a page's words set turned a quarter (``direction`` as
    :func:`.pdfturn.turned` tells it), read in its own frame: its bbox on the page, column
    lefts, cell boxes and texts in its frame, and each box's box on the page. ``exclude``
    are page areas already taken; ``whole``: the words are a frame's, all of them the
    table's (see :func:`_whole`)."""
    taken = [frame_bbox(b, direction) for b in exclude]
    frame = [w for w in in_frame(words, direction) if not any(_inside(w, b) for b in taken)]
    table = _first_table(frame, min_lines, framed=whole)
    if table is None:
        return None
    bbox, lefts, boxes, texts = _whole(frame, *table) if whole else table
    return page_bbox(bbox, direction), lefts, boxes, texts, boxes_on_page(boxes, direction)


def words_turned(page: Any, words: list[dict[str, Any]], direction: str
                 ) -> list[dict[str, Any]]:
    """The page's words with turned glyphs joined in their reading direction: pdfplumber
    joins them top to bottom unless told they read upward."""
    if direction == "ttb":
        return words
    return list(page_memo(page, "words-btt", lambda p: list(p.extract_words(
        y_tolerance=2, x_tolerance_ratio=X_RATIO, char_dir_rotated="btt"))))


def turned_ruled(page: Any, bbox: Box, boxes: list[list[Box | None]],
                 words: list[dict[str, Any]], direction: str
                 ) -> tuple[Box, list[float], list[list[Box | None]], list[list[str | None]],
                            dict[Box, Box]]:
    """A ruled table printed turned, read in its own frame (:func:`.pdfturn.turn`). Where
    its rulings are coarser than its text (a frame and the header's rules round an
    unruled body: a statistical table's usual style), the unruled finder reads the words
    inside the frame instead, when it finds at least twice as many cells with text."""
    on_side = words_turned(page, words, direction)
    lefts, grid_boxes, texts, back = turn(boxes, on_side, direction)
    inside = [w for w in on_side if _inside(w, bbox)]
    unruled = turned_table(inside, direction, whole=True)
    if unruled is not None and _texted(unruled[3]) >= 2 * _texted(texts):
        return unruled
    return bbox, lefts, grid_boxes, texts, back


def framed_table(words: list[dict[str, Any]], bbox: Box, boxes: list[list[Box | None]],
                 texts: list[list[str | None]]) -> Table | None:
    """The table inside a ruled frame read by the unruled finder, where the rulings are
    coarser than the text (the frame, the header's rules and zebra shading drawn across
    whole rows: several columns' figures in one cell): when cells hold three lines or more
    with a wide gap in them, and the finder gives more cells with text.
    None where the ruled grid stands."""
    if not _coarse(words, boxes):
        return None
    inside = [w for w in words if _inside(w, bbox) and w.get("upright", True)]
    table = _first_table(inside, 2, framed=True)
    if table is None or _texted(table[3]) <= _texted(texts):
        return None
    return _whole(inside, *table)


def _coarse(words: list[dict[str, Any]], boxes: list[list[Box | None]]) -> bool:
    """Whether three lines or more inside cells hold a gap wider than the type size
    (columns of figures in one cell, not words of a sentence)."""
    cells = [b for row in boxes for b in row if b is not None]
    by_cell: dict[int, list[dict[str, Any]]] = {}
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        k = next((k for k, (x0, top, x1, bottom) in enumerate(cells)
                  if x0 <= cx < x1 and top <= cy < bottom), None)
        if k is not None:
            by_cell.setdefault(k, []).append(w)
    wide = 0
    for cell_words in by_cell.values():
        for ln in _lines(cell_words):
            size = line_height(ln)
            if any(b["x0"] - a["x1"] > size for a, b in itertools.pairwise(ln)):
                wide += 1
                if wide >= 3:
                    return True
    return False


def _texted(texts: list[list[str | None]]) -> int:
    """The cells of a table that hold text."""
    return sum(1 for row in texts for t in row if t and t.strip())


def _whole(words: list[dict[str, Any]], bbox: Box, lefts: list[float],
           boxes: list[list[Box | None]], texts: list[list[str | None]]
           ) -> tuple[Box, list[float], list[list[Box | None]], list[list[str | None]]]:
    """A table that is all of ``words`` (they lie inside its frame): the lines above and
    below the rows found (a title, a note) kept as a row across the table each, so no
    text inside the frame is lost."""
    x0, top, x1, bottom = bbox
    width = max(len(r) for r in boxes)

    def across(lines: list[Line]) -> tuple[list[list[Box | None]], list[list[str | None]]]:
        rows: list[list[Box | None]] = [[(x0, min(w["top"] for w in ln), x1,
                                          max(w["bottom"] for w in ln)), *[None] * (width - 1)]
                                        for ln in lines]
        return rows, [[" ".join(w["text"] for w in ln), *[None] * (width - 1)] for ln in lines]

    head, head_texts = across(_lines([w for w in words if (w["top"] + w["bottom"]) / 2 < top]))
    foot, foot_texts = across(_lines([w for w in words
                                      if (w["top"] + w["bottom"]) / 2 > bottom]))
    tops = [row[0][1] for row in head if row[0]] + [top]
    bottoms = [row[0][3] for row in foot if row[0]] + [bottom]
    return ((x0, min(tops), x1, max(bottoms)), lefts, [*head, *boxes, *foot],
            [*head_texts, *texts, *foot_texts])


def _first_table(words: list[dict[str, Any]], min_lines: int, framed: bool = False
                 ) -> Table | None:
    """The first table among some words, top to bottom. ``framed``: the words lie inside
    a table's frame, so every line above its body is header, however many."""
    lines = [ln for ln in (drop_filler(ln) for ln in _lines(words)) if ln]
    if not lines:
        return None
    spacing = Spacing(lines)
    counts = [len(blocks(ln, spacing.block_gap(line_height(ln)))) for ln in lines]
    start = 0
    while True:
        first = next((i for i in range(start, len(lines)) if counts[i] >= 3), None)
        if first is None:
            return pair_table(lines, counts, spacing, min_lines)
        area = _area(lines, counts, first)
        table = _table(lines, area, spacing, min_lines, framed)
        if table is not None:
            return table
        start = first + 1


def _area(lines: list[Line], counts: list[int], first: int) -> tuple[int, int]:
    """The lines from ``first`` to the last before prose resumes (a line of one block
    across most of the text's width) or a vertical gap well above the row pitch."""
    x0 = min(w["x0"] for ln in lines[first:] for w in ln)
    x1 = max(w["x1"] for ln in lines[first:] for w in ln)
    tops = [float(ln[0]["top"]) for ln in lines]
    pitches = [tops[i + 1] - tops[i] for i in range(first, len(lines) - 1)
               if counts[i] >= 3 and counts[i + 1] >= 3]
    pitch = max(float(median(pitches)) if pitches else 0.0, 1.2 * line_height(lines[first]))
    for i in range(first + 1, len(lines)):
        ln = lines[i]
        if counts[i] == 1 and ln[-1]["x1"] - ln[0]["x0"] > 0.7 * (x1 - x0):
            return first, i  # a line of prose across the table's width: the table has ended
        if tops[i] - tops[i - 1] > _BREAK * pitch:
            return first, i
    return first, len(lines)


def _table(lines: list[Line], area: tuple[int, int], spacing: Spacing, min_lines: int,
           framed: bool = False
           ) -> tuple[Box, list[float], list[list[Box | None]], list[list[str | None]]] | None:
    """The table in ``lines[area]``, or None when it is not one: columns from its body
    lines, the header above its first body line, the notes after its last one cut off."""
    i, j = area
    candidates = [ln for ln in lines[i:j]
                  if len(blocks(ln, spacing.block_gap(line_height(ln)))) >= 3]
    gaps = corridors(candidates, spacing)
    if len(gaps) < 2:
        return None
    body = _body(lines[i:j], spacing, gaps)
    if len(body) >= 2:
        refined = corridors([lines[i + k] for k in body], spacing)
        if len(refined) >= 2:
            gaps = refined
            body = _body(lines[i:j], spacing, gaps)
    if not body or _form(lines[i:j]):
        return None
    first_body, last_body = i + _first_row(lines[i:j], spacing, gaps, body), i + body[-1]
    end = last_body + 1
    while end < j and not any(crosses(u, gaps) for u in units(lines[end], spacing, gaps)):
        end += 1  # wrapped lines of the last row; a note, heading or prose crosses the gaps
    top = _header_top(lines, i, first_body, spacing, gaps,
                      len(lines) if framed else _HEADER_LINES)
    later = [k for k in range(first_body + 1, last_body + 1) if not _words_only(lines[k])]
    if top < first_body and later and _words_only(lines[first_body]):
        first_body = later[0]  # the column labels under a header, above the figures
    area_lines = lines[top:end]
    if len(area_lines) < min_lines:
        return None
    gaps = shrink(merge(gaps, corridors(area_lines, spacing, strict=True)), area_lines,
                  spacing)
    x0 = min(float(w["x0"]) for ln in area_lines for w in ln)
    x1 = max(float(w["x1"]) for ln in area_lines for w in ln)
    columns = columns_of(gaps, min(x0, gaps[0][0] - 1), max(x1, gaps[-1][1] + 1))
    if len(columns) < 3:
        return None
    return grid(area_lines, first_body - top, columns, spacing, gaps)


def _body(area: list[Line], spacing: Spacing, gaps: list[Span]) -> list[int]:
    """The body lines of an area (by index): those with the most blocks, none of them
    reaching over a corridor."""
    shapes = []
    for k, ln in enumerate(area):
        parts = units(ln, spacing, gaps)
        if len(parts) >= 3 and not any(crosses(u, gaps) for u in parts):
            shapes.append((k, len(parts)))
    if not shapes:
        return []
    counts = sorted(n for _, n in shapes)
    most = counts[min(len(counts) - 1, (4 * len(counts)) // 5)]
    return [k for k, n in shapes if n >= max(3, most)]


def _words_only(line: Line) -> bool:
    """Whether a line past its first block has no figures (column labels)."""
    return not any(ch.isdigit() for w in line[1:] for ch in str(w["text"]))


def _form(area: list[Line]) -> bool:
    """Whether the lines are a form of labelled values ("Fecha: 28/11/2012  Hora: 20:12"):
    most of them hold a label ending in a colon. No table of columns."""
    labelled = sum(1 for ln in area if any(_LABEL.match(str(w["text"])) for w in ln))
    return labelled >= 0.5 * len(area)


def _first_row(area: list[Line], spacing: Spacing, gaps: list[Span], body: list[int]
               ) -> int:
    """The first line shaped like the body: no block over a corridor, and nearly as many
    blocks as the body lines (a row with one empty cell is still a row)."""
    most = min(len(units(area[k], spacing, gaps)) for k in body)
    for k in range(body[0] + 1):
        parts = units(area[k], spacing, gaps)
        if len(parts) >= max(3, 0.75 * most) and not any(crosses(u, gaps) for u in parts):
            return k
    return body[0]


def _header_top(lines: list[Line], start: int, first_body: int, spacing: Spacing,
                gaps: list[Span], most: int = _HEADER_LINES) -> int:
    """Where the header above the first body line begins: up from it, the lines set close
    above each other whose blocks sit over the columns (a title across the table, a line
    of prose or a heading in larger type is not header)."""
    size = line_height(lines[first_body])
    left = gaps[0][0] - 4 * (gaps[0][1] - gaps[0][0]) - 100
    right = gaps[-1][1] + 100
    top = first_body
    while top > 0 and first_body - top < most:
        ln, below = lines[top - 1], lines[top]
        if top - 1 < start:
            step = float(below[0]["top"]) - float(ln[0]["top"])
            if step > 2.2 * max(line_height(ln), size):
                break
        if line_height(ln) > 1.15 * size or float(ln[0]["x0"]) < left or \
                float(ln[-1]["x1"]) > right:
            break
        parts = units(ln, spacing, gaps)
        if top - 1 < start and not all(_header_unit(u, gaps) for u in parts):
            break
        top -= 1
    return top


def _header_unit(unit: Line, gaps: list[Span]) -> bool:
    """A block a header line may hold: within one column, or centred over a few."""
    over = [g for g in gaps if float(unit[0]["x0"]) < (g[0] + g[1]) / 2 < float(unit[-1]["x1"])]
    if not over:
        return True
    if len(over) >= max(2, len(gaps) - 1):
        return False  # a title across the table
    below = [g for g in gaps if (g[0] + g[1]) / 2 <= float(unit[0]["x0"])]
    above = [g for g in gaps if (g[0] + g[1]) / 2 >= float(unit[-1]["x1"])]
    lo = below[-1][1] if below else float(unit[0]["x0"])
    hi = above[0][0] if above else float(unit[-1]["x1"])
    centre, span_centre = (float(unit[0]["x0"]) + float(unit[-1]["x1"])) / 2, (lo + hi) / 2
    return abs(centre - span_centre) <= 0.2 * (hi - lo)


def _inside(word: dict[str, Any], box: Box) -> bool:
    cx = (float(word["x0"]) + float(word["x1"])) / 2
    cy = (float(word["top"]) + float(word["bottom"])) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


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
