"""Cell shading → an ``RRGGBB`` fill, resolving theme colours with their tint and shade."""

from __future__ import annotations

import re
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
# Word's theme colour names → the slots of the theme's colour scheme.
_SLOTS = {"dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2", "text1": "dk1",
          "background1": "lt1", "text2": "dk2", "background2": "lt2", "hyperlink": "hlink",
          "followedHyperlink": "folHlink", **{f"accent{i}": f"accent{i}" for i in range(1, 7)}}


def resolve_fill(shd: Any, theme: dict[str, str]) -> str | None:
    """The fill of a ``w:shd`` element as ``RRGGBB`` (upper case), or ``None``.

    A solid pattern shows the pattern colour, not the fill; a theme fill is looked up in
    the theme and lightened (tint) or darkened (shade) as Word does.
    """
    if shd is None:
        return None
    if shd.get(f"{W}val") == "solid":
        colour = shd.get(f"{W}color", "")
        if _HEX.match(colour):
            return str(colour).upper()
    theme_name = shd.get(f"{W}themeFill")
    if theme_name and _SLOTS.get(theme_name) in theme:
        base = theme[_SLOTS[theme_name]]
        if _HEX.match(base):
            return _adjust(base, shd.get(f"{W}themeFillTint"), shd.get(f"{W}themeFillShade"))
    fill = shd.get(f"{W}fill", "")
    return fill.upper() if _HEX.match(fill) else None


def _adjust(hex_colour: str, tint: str | None, shade: str | None) -> str:
    rgb = [int(hex_colour[i:i + 2], 16) for i in (0, 2, 4)]
    try:
        if tint:
            t = int(tint, 16) / 255
            rgb = [round(c * t + 255 * (1 - t)) for c in rgb]
        if shade:
            s = int(shade, 16) / 255
            rgb = [round(c * s) for c in rgb]
    except ValueError:
        pass
    return "".join(f"{c:02X}" for c in rgb)
