"""The shapes drawn on a PDF page that tables are made of: rulings and filled boxes.

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
