"""The columns of an unruled table, from the lines of its body.

A column gap is measured against the type it separates: the usual space between words at
that size (monospaced pages: the width of one character, so two spaces or more part blocks).
Columns come from the table's *body* lines only (the lines with the most blocks): a header
centred over sub-columns, a wide header over a numeric column, a long row label or a note
under the table then cannot close a gap that the body keeps open. Besides the wide gaps,
a narrow one counts when it is a white corridor through most body lines whose edges line up
(dense right-aligned numbers set in small type).
"""

from __future__ import annotations

import itertools
import re
from statistics import median
from typing import Any

Word = dict[str, Any]
Line = list[Word]
Span = tuple[float, float]

_SPACE_RATIO = 0.28  # a space is about this share of the type size where none is measured
_WIDE = 2.2  # spaces in a gap that parts blocks
_NARROW = 1.5  # spaces in a narrow corridor that counts when its edges line up
_ALIGNED = 1.5  # points within which edges are taken as lined up
# Rules drawn in text and dot leaders: longer than "---" or "...", which in a cell are a
# value (nil, not available) and kept.
_FILLER = re.compile(r"^(?:[-=_]{5,}|[.·]{5,}|…{2,})$")
_LEADER = re.compile(r"[.·]{5,}$")


def height(line: Line) -> float:
    """The type size of a line: the median height of its words."""
    return float(median(float(w["bottom"]) - float(w["top"]) for w in line))


class Spacing:
    """The space between words on a page, per type size, and the gap that parts blocks."""

    def __init__(self, lines: list[Line]) -> None:
        self.mono = _monospaced(lines)
        found: dict[int, list[float]] = {}
        for ln in lines:
            size = height(ln)
            for a, b in itertools.pairwise(ln):
                gap = float(b["x0"]) - float(a["x1"])
                if 0 < gap < 0.8 * size:
                    found.setdefault(round(size), []).append(gap)
        self._space = {k: float(median(v)) for k, v in found.items() if len(v) >= 5}

    def space(self, size: float) -> float:
        """The usual space between words at this size."""
        if self.mono is not None:
            return self.mono
        return self._space.get(round(size), _SPACE_RATIO * size)

    def block_gap(self, size: float) -> float:
        """The least white space between two blocks of a line at this size."""
        if self.mono is not None:
            return 1.5 * self.mono  # two spaces or more
        return max(_WIDE * self.space(size), 0.45 * size)


def _monospaced(lines: list[Line]) -> float | None:
    """The character width when every word on the page is set in one fixed pitch."""
    pitches = [(float(w["x1"]) - float(w["x0"])) / len(w["text"])
               for ln in lines for w in ln if len(w["text"]) >= 3]
    if len(pitches) < 20:
        return None
    mid = float(median(pitches))
    same = sum(1 for p in pitches if abs(p - mid) <= 0.03 * mid)
    return mid if same >= 0.97 * len(pitches) else None


def drop_filler(line: Line) -> Line:
    """The line without rules drawn in text (``----``, ``====``) and dot leaders."""
    out: Line = []
    for w in line:
        text = str(w["text"])
        if _FILLER.match(text):
            continue
        leader = _LEADER.search(text)
        if leader:
            keep = text[:leader.start()].rstrip()
            if not keep:
                continue
            width = float(w["x1"]) - float(w["x0"])
            w = {**w, "text": keep, "x1": float(w["x0"]) + width * len(keep) / len(text)}
        out.append(w)
    return out


def blocks(line: Line, gap: float) -> list[Line]:
    """The runs of words of a line parted by at least ``gap`` points of white."""
    runs: list[Line] = []
    for w in line:
        if runs and float(w["x0"]) - float(runs[-1][-1]["x1"]) < gap:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def corridors(body: list[Line], spacing: Spacing, strict: bool = False) -> list[Span]:
    """The white corridors between the columns of the body lines, left to right.

    A corridor may be crossed by a tenth of the lines (a long label in one row); it counts
    when wider than the block gap, or, narrower, when the edges beside it line up.
    ``strict``: only the corridors no line crosses, wider than the block gap."""
    if not body:
        return []
    left = min(float(ln[0]["x0"]) for ln in body)
    right = max(float(ln[-1]["x1"]) for ln in body)
    # A sweep over the words' edges: how many lines cover each stretch of x.
    events = sorted([(float(w["x0"]), 1) for ln in body for w in ln]
                    + [(float(w["x1"]), -1) for ln in body for w in ln])
    allowed = 0 if strict else len(body) // 10
    size = float(median(height(ln) for ln in body))
    wide, narrow = spacing.block_gap(size), _NARROW * spacing.space(size)
    found: list[Span] = []
    depth, open_at = 0, None
    for x, step in events:
        before = depth
        depth += step
        if before > allowed >= depth:
            open_at = x  # the cover drops to what is allowed: white begins
        elif before <= allowed < depth and open_at is not None:
            a, b = open_at, x
            open_at = None
            if a <= left or b >= right or b - a <= 0:
                continue  # white beyond the outermost words is no gap between columns
            width = b - a
            if width >= wide or (not strict and width >= narrow and len(body) >= 3
                                  and _lined_up(body, a, b)):
                found.append((a, b))
    return found


def _lined_up(body: list[Line], a: float, b: float) -> bool:
    """Whether the words that end just left of a corridor, or start just right of it, line
    up in most body lines (right-aligned numbers, left-aligned text)."""
    ends = [float(w["x1"]) for ln in body for w in ln if a - 30 < float(w["x1"]) <= a + 0.5]
    starts = [float(w["x0"]) for ln in body for w in ln if b - 0.5 <= float(w["x0"]) < b + 30]
    need = 0.7 * len(body)
    return any(len(edges) >= need and lined_up(edges, need) for edges in (ends, starts))


def lined_up(edges: list[float], need: float) -> bool:
    """Whether at least ``need`` of the edges lie within :data:`_ALIGNED` points of their
    median (a column's right-aligned figures, or its left-aligned text)."""
    middle = float(median(edges))
    return sum(1 for e in edges if abs(e - middle) <= _ALIGNED) >= need


def merge(body: list[Span], strict: list[Span]) -> list[Span]:
    """The body's corridors, each replaced by the corridors that no line of the table
    crosses inside it where there are any (a column empty in the body but headed, found
    only there); a body corridor that some line crosses stays (a spanning cell)."""
    out: list[Span] = []
    for g0, g1 in body:
        inside = [(a, b) for a, b in strict if a >= g0 - 0.5 and b <= g1 + 0.5]
        out.extend(inside or [(g0, g1)])
    out.extend(g for g in strict if not any(g0 - 0.5 <= g[0] and g[1] <= g1 + 0.5
                                            for g0, g1 in body))
    return sorted(out)


def shrink(gaps: list[Span], lines: list[Line], spacing: Spacing) -> list[Span]:
    """The corridors narrowed to the white that every line of the table leaves (a wrapped
    cell's longest line reaches further into the gap than the body lines do); a block that
    reaches right over a corridor is a spanning cell and narrows nothing."""
    runs = [(float(r[0]["x0"]), float(r[-1]["x1"]))
            for ln in lines for r in blocks(ln, spacing.block_gap(height(ln)))]
    out: list[Span] = []
    for g0, g1 in gaps:
        a, b = g0, g1
        for x0, x1 in runs:
            if x1 <= g0 or x0 >= g1 or (x0 <= g0 and x1 >= g1):
                continue
            if x0 < g0 or (x1 <= g1 and (x0 + x1) / 2 < (g0 + g1) / 2):
                a = max(a, x1)  # runs on from the column to the left
            else:
                b = min(b, x0)
        out.append((a, b) if a < b else ((a + b) / 2 - 0.01, (a + b) / 2 + 0.01))
    return out


def columns_of(gaps: list[Span], x0: float, x1: float) -> list[Span]:
    """Column spans from the corridors: each from the middle of the gap before it to the
    middle of the gap after."""
    mids = [(a + b) / 2 for a, b in gaps]
    return list(zip([x0, *mids], [*mids, x1], strict=True))


def units(line: Line, spacing: Spacing, gaps: list[Span]) -> list[Line]:
    """A line's blocks, also parted where a corridor runs between two of their words."""
    out: list[Line] = []
    for run in blocks(line, spacing.block_gap(height(line))):
        part: Line = [run[0]]
        for a, b in itertools.pairwise(run):
            if any(_parts(float(a["x1"]), float(b["x0"]), g0, g1) for g0, g1 in gaps):
                out.append(part)
                part = []
            part.append(b)
        out.append(part)
    return out


def _parts(end: float, start: float, g0: float, g1: float) -> bool:
    """Whether the white from ``end`` to ``start`` between two words is a corridor's: it
    meets the corridor, and one of the words stands at the corridor's edge (a wide figure
    dips into the white beside its column; a long label runs right through it)."""
    return end < g1 and start > g0 and (end <= g0 + _ALIGNED or start >= g1 - _ALIGNED)


def crosses(unit: Line, gaps: list[Span]) -> bool:
    """Whether a run of words reaches right over a corridor (into the text on both sides;
    a header a little wider than its column only dips into the white)."""
    u0, u1 = float(unit[0]["x0"]), float(unit[-1]["x1"])
    return any(u0 < g0 + 0.5 and u1 > g1 - 0.5 for g0, g1 in gaps)


def column_range(unit: Line, columns: list[Span], gaps: list[Span]) -> tuple[int, int]:
    """The first and last columns a run of words lies over: those whose text (between the
    corridors either side) it reaches into, so a wide figure or header that only dips into
    the white beside its column stays in its own column."""
    u0, u1 = float(unit[0]["x0"]), float(unit[-1]["x1"])
    over = [i for i in range(len(columns))
            if min(u1, gaps[i][0] if i < len(gaps) else u1)
            - max(u0, gaps[i - 1][1] if i else u0) > 0.5]
    if over:
        return over[0], over[-1]
    centre = (u0 + u1) / 2
    i = next((i for i, (c0, c1) in enumerate(columns) if c0 <= centre < c1),
             len(columns) - 1 if centre >= columns[-1][0] else 0)
    return i, i


def may_hold_columns(chars: list[dict[str, Any]], top: float, bottom: float) -> bool:
    """A cheap look, before the page's words are made, for a line between ``top`` and
    ``bottom`` with three runs of glyphs parted by more than a word space, or four lines
    with a wide gap (a label/value table): with none, no unruled table can be on the
    page. (Looser than the table finder's own test: a space
    here is at most 0.45 of the type size, the least gap that parts blocks.)"""
    glyphs = sorted((c for c in chars if top < c["top"] and c["bottom"] < bottom
                     and str(c["text"]).strip()),
                    key=lambda c: (round(c["top"]), c["x0"]))
    line_top, last_x1, runs, wide = None, 0.0, 0, 0
    for c in glyphs:
        if line_top is None or abs(c["top"] - line_top) > 2.5:
            line_top, runs = c["top"], 1
        elif c["x0"] - last_x1 > 0.45 * float(c["size"]):
            runs += 1
            wide += c["x0"] - last_x1 > 0.9 * float(c["size"])  # a label/value line's gap
            if runs >= 3 or wide >= 4:
                return True
        last_x1 = c["x1"]
    return False
