"""The shapes drawn on a PDF page that tables are made of: rulings and filled boxes.

Filled boxes are not all rulings: :func:`drop_fill_edges` leaves out of the page's edges
the white boxes a generator draws under every cell and the same-colour boxes Office draws
inside a shaded cell for each paragraph (they are kept for the cell's colour).
:func:`joined_rules` joins a rule drawn as one segment per column into one.

pdfminer reports geometry as computed through the page's transformation, so on a rotated
page (or a page drawn as a rotated form) a horizontal rule comes out a hair off level,
which pdfplumber then takes for a vertical edge, and rectangles come out as curves.
:func:`square_up` rounds that noise away before tables are looked for.
"""

from __future__ import annotations

from typing import Any

_PLACES = 3  # a thousandth of a point: far below anything drawn, far above float noise
_GEOMETRY = ("x0", "x1", "top", "bottom", "y0", "y1", "doctop")


def square_up(page: Any) -> None:
    """Round the coordinates of the page's lines, rectangles and curves in place (once,
    before the page's edges are first computed)."""
    for shape in (*page.lines, *page.rects, *page.curves):
        for key in _GEOMETRY:
            if key in shape:
                shape[key] = round(float(shape[key]), _PLACES)
        if shape.get("pts"):
            shape["pts"] = [(round(float(x), _PLACES), round(float(y), _PLACES))
                            for x, y in shape["pts"]]


def _is_box(curve: dict[str, Any]) -> bool:
    """A closed path of four corners with two distinct x and two distinct y: a box."""
    pts = curve.get("pts") or []
    corners = {(round(float(x), _PLACES), round(float(y), _PLACES)) for x, y in pts}
    return (len(corners) == 4 and len({x for x, _ in corners}) == 2
            and len({y for _, y in corners}) == 2)


def fills(page: Any) -> list[tuple[tuple[float, float, float, float], str]]:
    """The page's filled rectangles and their colours (white and black left out): drawn
    as rectangles, or as closed paths that are boxes (what a rotated page's rectangles
    become in pdfminer)."""
    out = []
    for rect in [*page.rects, *(c for c in page.curves if _is_box(c))]:
        if not rect.get("fill"):
            continue
        colour = _hex(rect.get("non_stroking_color"))
        if colour and colour not in ("FFFFFF", "000000"):
            out.append(((rect["x0"], rect["top"], rect["x1"], rect["bottom"]), colour))
    return out


def fill_under(box: tuple[float, float, float, float],
                fills: list[tuple[tuple[float, float, float, float], str]]) -> str | None:
    """The colour of the filled rectangle that covers most of the cell (at least half)."""
    x0, top, x1, bottom = box
    area = max((x1 - x0) * (bottom - top), 1.0)
    best, best_share = None, 0.5
    for (rx0, rtop, rx1, rbottom), colour in fills:
        w = min(x1, rx1) - max(x0, rx0)
        h = min(bottom, rbottom) - max(top, rtop)
        if w > 0 and h > 0 and w * h / area > best_share:
            best, best_share = colour, w * h / area
    return best


def _hex(colour: Any) -> str | None:
    """pdfplumber's colour (gray, RGB or CMYK floats) as ``RRGGBB``."""
    if not isinstance(colour, tuple | list) or not colour:
        return None
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):
        return None  # a pattern, not a colour
    if len(values) == 1:
        r = g = b = values[0]
    elif len(values) == 3:
        r, g, b = values
    elif len(values) == 4:
        c, m, y, k = values
        r, g, b = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return None
    return "".join(f"{max(0, min(255, round(v * 255))):02X}" for v in (r, g, b))


_WHITE = "FFFFFF"
_NEST = 0.5  # points a nested box may stand out past the one it is drawn in
_MAX_NESTED = 800  # boxes of one colour on a page beyond which nesting is not looked for


def _box_of(shape: dict[str, Any]) -> tuple[float, float, float, float]:
    return (float(shape["x0"]), float(shape["top"]), float(shape["x1"]),
            float(shape["bottom"]))


def _within(inner: tuple[float, float, float, float],
            outer: tuple[float, float, float, float]) -> bool:
    return (outer[0] - _NEST <= inner[0] and outer[1] - _NEST <= inner[1]
            and inner[2] <= outer[2] + _NEST and inner[3] <= outer[3] + _NEST)


def _not_rulings(shapes: list[dict[str, Any]]) -> set[int]:
    """The indexes of filled, unstroked boxes that draw no ruling: white ones on the white
    page (a white box on a coloured one is a visible gap, and stays), and boxes inside a
    box of their own colour (the first of two identical boxes stays)."""
    filled = [(i, _box_of(s), _hex(s.get("non_stroking_color")))
              for i, s in enumerate(shapes) if s.get("fill") and not s.get("stroke")]
    coloured = [(i, box) for i, box, colour in filled if colour and colour != _WHITE]
    drop: set[int] = set()
    by_colour: dict[str, list[tuple[int, tuple[float, float, float, float]]]] = {}
    for i, box, colour in filled:
        if colour == _WHITE:
            on_colour = any(j < i and _within(box, outer) for j, outer in coloured)
            if not on_colour:
                drop.add(i)
        elif colour:
            by_colour.setdefault(colour, []).append((i, box))
    for group in by_colour.values():
        if len(group) > _MAX_NESTED:
            continue
        for i, box in group:
            if any(j != i and _within(box, outer) and (not _within(outer, box) or j < i)
                   for j, outer in group):
                drop.add(i)
    return drop


def drop_fill_edges(page: Any) -> None:
    """Leave the boxes that draw no ruling out of the page's edges (before tables are
    looked for; the page's rects themselves stay, for the fills under cells)."""
    from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

    boxes = [*page.rects, *(c for c in page.curves if _is_box(c))]
    drop = _not_rulings(boxes)
    if not drop:
        return
    dropped = {id(boxes[i]) for i in drop}
    edges = [line_to_edge(ln) for ln in page.lines]
    edges += [e for r in page.rects if id(r) not in dropped for e in rect_to_edges(r)]
    edges += [e for c in page.curves if id(c) not in dropped for e in curve_to_edges(c)]
    page._edges = edges


def joined_rules(edges: list[dict[str, Any]], tolerance: float = 3.0
                 ) -> list[tuple[float, float, float]]:
    """Horizontal rules as (top, x0, x1), collinear segments that touch (within
    ``tolerance``) joined into one: a rule drawn as one segment per column."""
    rules = sorted((float(e["top"]), float(e["x0"]), float(e["x1"])) for e in edges)
    levels: list[list[tuple[float, float, float]]] = []
    for rule in rules:  # rules within half a point of each other lie on one line
        if levels and rule[0] - levels[-1][0][0] <= 0.5:
            levels[-1].append(rule)
        else:
            levels.append([rule])
    out: list[tuple[float, float, float]] = []
    for level in levels:
        top = round(level[0][0], 1)
        joined: list[tuple[float, float, float]] = []
        for _, x0, x1 in sorted(level, key=lambda r: r[1]):
            if joined and x0 <= joined[-1][2] + tolerance:
                joined[-1] = (top, joined[-1][1], max(joined[-1][2], x1))
            else:
                joined.append((top, x0, x1))
        out.extend(joined)
    return out
