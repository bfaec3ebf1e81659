"""Cell fill colour → RAG rating, by hue, tolerant of the many shades publishers use."""

from __future__ import annotations

import colorsys
import re

from .models import Rag

_HEX = re.compile(r"^#?([0-9a-f]{6})$", re.I)


def rag_from_fill(fill: str) -> Rag | None:
    """Map an ``RRGGBB`` fill to a RAG rating, or ``None`` for white, grey, black and the
    pale tints used for banding. 00B050 and 92D050 are green; FFC000 and FFFF00 amber;
    FF0000 and C00000 red; 0070C0 blue; Excel's Good/Neutral/Bad fills (C6EFCE, FFEB9C,
    FFC7CE) green, amber and red."""
    m = _HEX.match(fill.strip())
    if not m:
        return None
    r, g, b = (int(m.group(1)[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, _light, _sat = colorsys.rgb_to_hls(r, g, b)
    # Chroma, not lightness, tells a rating from decoration: Excel's pale "Bad" red
    # (FFC7CE) is as light as the green banding of a table style (E2EFDA), but far more
    # coloured. Greys, black and white have none.
    if max(r, g, b) - min(r, g, b) < 0.12:
        return None
    deg = hue * 360
    if deg < 20 or deg >= 330:
        return Rag.red
    if deg < 65:
        return Rag.amber  # orange through yellow
    if deg < 170:
        return Rag.green
    if deg < 260:
        return Rag.blue
    return None  # purples and pinks are not part of any RAG key
