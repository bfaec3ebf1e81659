"""The drawn parts of a scanned page, from its pixels: skew, specks, rulings and fills.

A scan is straightened first (:func:`straighten`: the angle, within ±5°, at which the rows
of ink line up best), cleaned of toner specks (:func:`despeckle`: small blobs with no
other ink near them; the dot of an i or a full stop sits by its letters and stays), then
read for what a PDF would draw: ruling lines (:func:`rulings`, by morphological opening
with long thin kernels, as a ruled table's lines are far longer than any stroke of a
letter) and filled boxes (:func:`fills`, the page's background with the text closed away,
where it is not white). All measures are in pixels of the image given; the caller maps
them to page coordinates.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Box = tuple[float, float, float, float]
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 of a horizontal/vertical line
Array = Any  # numpy arrays (OpenCV's are untyped)
MAX_SKEW = 5.0  # degrees either way a page is looked at for skew
_INK = 160  # grey level below which a pixel is ink (after Otsu this is only a fallback)
_PAPER = 232  # grey level above which the background is paper, not a fill
# Two fills meeting with no rule between them differ by more than this (Office's standard
# green and amber are 77 grey levels apart, red and green 36); a scan's noise in one fill,
# after closing, is a few levels, and a posterized scan steps by 16.
_SHADE_STEP = 24
_GREY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "F"})
_COLOURED_SHARE = 0.0002  # of a page: a patch of colour some 3-4 mm square


def has_colour(image: Any) -> bool:
    """True when a page image (PIL) has colour on it: a patch of it, not only the odd
    tinted pixel of a grey page saved as RGB (JPEG's colour fringes at black type). A page
    without is read in grey, and its fills are grey levels (``ScanPage.colourless``)."""
    if image.mode in _GREY_MODES:
        return False
    # A quarter of the resolution: a patch of colour stays coloured, a fringe mostly not.
    small = np.asarray(image.convert("RGB").reduce(4))
    chroma = small.max(axis=2).astype(np.int16) - small.min(axis=2)
    return bool(np.count_nonzero(chroma > 30) >= _COLOURED_SHARE * chroma.size)


def straighten(gray: Array) -> tuple[Array, float]:
    """The page turned upright, and the angle (degrees, anticlockwise) it was turned by.

    The angle is the one whose horizontal projection of the ink is most peaked (rows of
    text and rules line up with the pixel rows), searched coarse then fine on a reduced
    copy; a page with too little ink is left as it is."""
    import cv2

    ink = _ink(gray)
    scale = min(1.0, 1200 / max(ink.shape))
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if int(np.count_nonzero(small)) < 200:
        return gray, 0.0

    def score(angle: float) -> float:
        turned = _rotate(small, angle, 0)
        rows = turned.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=score)
    for step in (0.1, 0.02):
        candidates = np.arange(best - 5 * step, best + 5 * step + step / 2, step)
        best = max(candidates, key=score)
    angle = round(float(best), 2)
    if abs(angle) < 0.05:
        return gray, 0.0
    return _rotate(gray, angle, 255), angle


def _rotate(image: Array, angle: float, border: int) -> Array:
    import cv2

    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    channels = image.shape[2] if image.ndim == 3 else 1
    value = (border,) * channels
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=value)


def rotate_like(image: Array, angle: float) -> Array:
    """Another image of the same page (the colour one) turned as :func:`straighten` did."""
    return image if not angle else _rotate(image, angle, 255)


def _ink(gray: Array) -> Array:
    """A mask (255 = ink) by Otsu's threshold, never lighter than a mid grey: a cell's
    fill is background, not ink."""
    import cv2

    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, mask = cv2.threshold(gray, min(float(level), _INK), 255, cv2.THRESH_BINARY_INV)
    return mask


def components(mask: Array, connectivity: int = 8) -> tuple[int, Array, Array]:
    """``cv2.connectedComponentsWithStats``: count, labels, stats.

    Labelled in 16 bits when the page has fewer than 65,535 blobs (OpenCV says when it
    has more, and 32 bits are used then): the same labels and stats, three times faster
    on a 300 dpi page (most of the cost is writing the label image)."""
    import cv2

    try:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_16U)
    except cv2.error:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity)
    return int(count), labels, stats


def chroma(rgb: Array) -> Array:
    """Each pixel's colourfulness, max(R, G, B) - min(R, G, B) (0 for a grey), by OpenCV's
    per-channel max/min: numpy's reduction over the short colour axis took ~0.6 s a page."""
    import cv2

    r, g, b = cv2.split(rgb)
    return cv2.subtract(cv2.max(cv2.max(r, g), b), cv2.min(cv2.min(r, g), b))


def despeckle(gray: Array, dpi: float, around: int | None = None) -> Array:
    """The page with toner specks whitened.

    A small blob of ink is a speck when it is smaller than any dot the page's type prints
    (a full stop or an i's dot is a round mark at least about as wide as the type's
    strokes, :func:`stroke_width`, so a blob of less area than that square is not one,
    wherever it lies: a speck just beside a word was read as a full stop), or when it
    stands away from all other ink (a full stop sits by its letters). A speck is whitened
    with the blur around it, to the grey around it (paper, or the cell's fill; ``around``
    when the page's background is that level everywhere, as a flattened page's is):
    whitening only its dark core left a grey ring that Tesseract read as a full stop."""
    import cv2

    ink = _ink(gray)
    count, labels, stats = components(ink)
    small_area = max(2, round((dpi / 100) ** 2 * 2.5))  # ~0.35 mm square
    areas = stats[:, cv2.CC_STAT_AREA]
    small = np.zeros(count, dtype=bool)
    small[1:] = areas[1:] <= small_area
    if not small.any():
        return gray
    # Too small for a printed dot: measured on the seed's scans, the dots of 10 pt type
    # at 300 dpi cover 14-23 pixels (strokes 4 wide) and a copier's specks 1-13.
    undersized = np.zeros(count, dtype=bool)
    undersized[1:] = areas[1:] < 0.8 * stroke_width(ink) ** 2
    # A full stop stands within ~0.6 mm of its letters (~0.4 mm of white); a speck further.
    # Its letter may itself be in small pieces (a blurred e's tail), so any blob that is
    # not too small for a dot counts as a neighbour.
    reach = max(2, round(dpi / 40))
    h_img, w_img = ink.shape
    speck_ids = undersized.copy()
    for i in np.flatnonzero(small & ~undersized):
        x, y, w, h = (int(v) for v in stats[i, :4])
        window = labels[max(0, y - reach):min(h_img, y + h + reach),
                        max(0, x - reach):min(w_img, x + w + reach)]
        others = np.unique(window)
        others = others[(others != 0) & (others != i)]
        speck_ids[i] = not bool(np.any(~undersized[others]))
    speck = speck_ids[labels]
    if not speck.any():
        return gray
    # The blur around a speck goes with it, but never a pixel of the ink beside it; it
    # takes the grey of what is around it (paper, or the cell's fill).
    ring = max(1, round(dpi / 150))
    kernel = np.ones((2 * ring + 1,) * 2, np.uint8)
    grown = cv2.dilate(speck.astype(np.uint8), kernel) > 0
    grown &= cv2.dilate(((ink > 0) & ~speck).astype(np.uint8), kernel) == 0
    out = gray.copy()
    if around is None:
        back = background(gray, dpi)  # the type closed away: paper, or the fill
        out[grown] = np.maximum(gray[grown], back[grown])
    else:
        out[grown] = np.maximum(gray[grown], around)
    return out


def stroke_width(ink: Array) -> int:
    """The commonest width of a run of ink along the rows of a mask: the width of the
    type's strokes (its stems far outnumber any other run), at least 1."""
    rows = np.pad((ink > 0).astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(rows, axis=1)
    runs = np.flatnonzero(edges.ravel() == -1) - np.flatnonzero(edges.ravel() == 1)
    runs = runs[(runs > 0) & (runs < 64)]
    return int(np.bincount(runs).argmax()) if runs.size else 1


def rulings(gray: Array, dpi: float) -> tuple[list[Segment], Array]:
    """``gray`` flattened (:func:`flatten`: fills white, so that a rule between two
    filled cells stands out from them and a fill does not join its rules into one blob).
    The page's horizontal and vertical ruling lines as segments (centre lines), and a
    mask of their pixels (to be whitened before OCR, so that a rule is not read as
    a letter). A rule is a run of ink at least ~12 mm long and a few pixels thick."""
    import cv2

    ink = _ink(gray)
    length = max(20, round(dpi * 0.45))
    # Close small breaks first: a scanned rule is broken by noise and blur.
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (length, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (1, length)))
    gap = max(3, round(dpi / 50))
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    segments: list[Segment] = []
    thick = max(2.0, dpi / 25)  # a rule is thin; a thick bar is a filled box's edge
    for mask, horizontal in ((horiz, True), (vert, False)):
        count, _, stats = components(mask)
        for i in range(1, count):
            x, y, w, h = (int(v) for v in stats[i, :4])
            if horizontal and h <= thick * 2 and w >= length:
                cy = y + h / 2
                segments.append((float(x), cy, float(x + w), cy))
            elif not horizontal and w <= thick * 2 and h >= length:
                cx = x + w / 2
                segments.append((cx, float(y), cx, float(y + h)))
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    return segments, lines


def unruled(clean: Array, lines: Array, dpi: float) -> Array:
    """A flattened page (:func:`flatten`) with its rules' pixels (``lines``, from
    :func:`rulings`) whitened, as Tesseract is to read it: a rule read as a letter ("|",
    "_") would join the text. Specks are then looked for again: one beside a rule was kept
    as if by a letter (a full stop's neighbour may be any ink), and one touching a rule
    was a part of it; with the rule gone either stands alone, and was read as a stray "."
    or "’" (a "’" before a lead's name split the lead in two)."""
    out = clean.copy()
    out[lines > 0] = 255
    return despeckle(out, dpi, around=255)


def background(gray: Array, dpi: float) -> Array:
    """The page with its text closed away (each dark stroke replaced by its surround):
    paper, fills, and rules that are wider than a letter's stroke."""
    import cv2

    letter = max(5, round(dpi / 12))  # wider than a letter's strokes
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (letter, letter))
    return cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)


def flatten(gray: Array, back: Array) -> Array:
    """The page divided by its background: text on a grey or coloured fill as dark on
    white as the rest (Tesseract's one threshold for the page would lose it)."""
    ratio = gray.astype(np.float32) * 255.0 / np.maximum(back.astype(np.float32), 1.0)
    return np.clip(ratio, 0, 255).astype(np.uint8)


def fills(colour: Array, back: Array, lines: Array, dpi: float) -> list[tuple[Box, str]]:
    """Filled boxes: where the page's background (:func:`background`), its rules taken
    out, is not paper. Each box comes with its colour as ``RRGGBB`` (the median of its
    pixels, from the colour image when there is one)."""
    import cv2

    letter = max(5, round(dpi / 12))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (letter, letter))
    background = back
    tinted: Array = np.where((background < _PAPER) & (lines == 0), 255, 0).astype(np.uint8)
    if colour is not None and colour.ndim == 3:
        # A pale colour (Excel's pale green) can be as light as paper in grey: chroma counts.
        vivid = chroma(colour) > 30
        chroma_bg = cv2.morphologyEx(vivid.astype(np.uint8) * 255, cv2.MORPH_CLOSE, kernel)
        tinted = cv2.bitwise_or(tinted, np.where(lines == 0, chroma_bg, 0).astype(np.uint8))
    # Fills that meet with no rule found between them (a thin rule painted over by the
    # fills either side, a table with no rules) are two boxes, not one of mixed shade: the
    # background is cut where its shade steps.
    step = cv2.morphologyEx(background, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    tinted[step > _SHADE_STEP] = 0
    tinted = cv2.morphologyEx(tinted, cv2.MORPH_OPEN, kernel)
    count, labels, stats = components(tinted, connectivity=4)
    out: list[tuple[Box, str]] = []
    least = (dpi / 6) ** 2  # a filled box is a cell, not a smudge
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < least or area < 0.6 * w * h:
            continue  # too small, or not a box (a grey photo, a shadow at the edge)
        inside = labels[y:y + h, x:x + w] == i
        if colour is not None and colour.ndim == 3:
            patch = colour[y:y + h, x:x + w][inside]
            rgb = [int(np.median(patch[:, k])) for k in range(3)]
        else:
            value = int(np.median(background[y:y + h, x:x + w][inside]))
            rgb = [value] * 3
        out.append(((float(x), float(y), float(x + w), float(y + h)),
                    "".join(f"{v:02X}" for v in rgb)))
    return out
