"""Grey shades → RAG, for the cells of a copy that lost its colours (a grey scan, a
photocopy of a colour plan).

A grey copy keeps only each colour's lightness. Office's standard RAG colours keep their
order in grey, whichever of the two shades of each a publisher took: red (C00000, FF0000)
darkest, then green (00B050, 92D050), amber (FFC000, FFFF00) lightest (:data:`BANDS`, in
Rec. 601 luma, which Pillow's grey and most scanners' and copiers' grey modes use). So the
shades of a plan's RAG cells are read only when that order gives them one meaning
(:func:`read_shades`): at least two distinct shades (one shade alone is as likely a shaded
column as an all-green plan), at most three, and one way only to give them ratings in that
order with each shade near its rating's band. Otherwise no RAG is read and the cell is
reported, with the ``--colour-key`` that would read it. A RAG read from a shade is always
reported too (it is a guess from lost information), its shade in the message.

Only the fills of pages that are scans with no colour on them (``SourceTable.colourless``)
are read so: a grey fill in a file's own colours (a text layer, Word, a sheet) is grey as
drawn, a header's or a banded row's, and never a RAG.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

from .models import Rag, RagSource, Severity
from .stored import dump_action, load_action

if TYPE_CHECKING:
    from .actions import Ctx

_HEX = re.compile(r"^#?([0-9a-f]{6})$", re.I)
#: Ratings from darkest to lightest, as Office's standard colours print in grey.
ORDER = (Rag.red, Rag.green, Rag.amber)
_STANDARD = {Rag.red: ("C00000", "FF0000"), Rag.green: ("00B050", "92D050"),
             Rag.amber: ("FFC000", "FFFF00")}
#: Shades further apart than this are different colours (red and green, the closest pair
#: of the standard colours' bands, are 36 levels apart; a scan's noise is a few levels).
GAP = 20
#: How far a shade may lie outside its rating's band (a scanner's or copier's brightness
#: and contrast, and a scan stored in 16 levels, shift shades by up to about this).
MARGIN = 20
#: A shade given in ``--colour-key`` reads the cells within this many levels of it.
KEY_REACH = 12


def luma(fill: str) -> float | None:
    """The grey level (0-255) a colour ``RRGGBB`` prints as: Rec. 601 luma."""
    m = _HEX.match(fill.strip())
    if not m:
        return None
    r, g, b = (int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def grey_level(fill: str | None) -> int | None:
    """The level of a grey fill ``RRGGBB`` (its three channels within a few levels), or
    None for a colour or no fill."""
    if not fill or not (m := _HEX.match(fill.strip())):
        return None
    channels = [int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4)]
    if max(channels) - min(channels) > 8:
        return None
    return round(sum(channels) / 3)


def _band(rag: Rag) -> tuple[float, float]:
    levels = [luma(c) or 0.0 for c in _STANDARD[rag]]
    return min(levels), max(levels)


#: The grey levels of each rating's standard colours (lowest, highest).
BANDS = {rag: _band(rag) for rag in ORDER}


def clusters(levels: Sequence[int]) -> list[list[int]]:
    """The levels grouped into shades: sorted, and split where two neighbours are more
    than :data:`GAP` apart."""
    groups: list[list[int]] = []
    for level in sorted(levels):
        if groups and level - groups[-1][-1] <= GAP:
            groups[-1].append(level)
        else:
            groups.append([level])
    return groups


def _near(level: float, rag: Rag) -> bool:
    low, high = BANDS[rag]
    return low - MARGIN <= level <= high + MARGIN


def read_shades(levels: Sequence[int]) -> dict[int, Rag] | None:
    """Each level's rating, when the plan's shades can be read soundly (see the module's
    docstring), or None."""
    groups = clusters(levels)
    if not 2 <= len(groups) <= len(ORDER):
        return None
    centres = [median(g) for g in groups]
    fits = [ratings for ratings in itertools.combinations(ORDER, len(groups))
            if all(_near(c, rag) for c, rag in zip(centres, ratings, strict=True))]
    if len(fits) != 1:
        return None  # no reading, or more than one (the shades could be either)
    return {level: rag for group, rag in zip(groups, fits[0], strict=True) for level in group}


def key_shade(level: int, colour_key: Mapping[str, Rag]) -> Rag | None:
    """The rating a user's ``--colour-key`` gives a grey level: that of the nearest grey
    in the key, within :data:`KEY_REACH` levels (a scan does not repeat a shade exactly)."""
    best: tuple[int, Rag] | None = None
    for fill, rag in colour_key.items():
        key_level = grey_level(fill)
        if key_level is not None and abs(key_level - level) <= KEY_REACH and (
                best is None or abs(key_level - level) < best[0]):
            best = (abs(key_level - level), rag)
    return best[1] if best else None


@dataclass(frozen=True, slots=True)
class Shaded:
    """A RAG cell of a colourless page that has only a grey shade to show: the action's
    position in its plan (0-based), the shade, where to report it (the row's context and
    its row in the table) and the field the cell is."""

    index: int
    level: int
    fill: str
    ctx: Ctx
    row: int
    field_name: str


_ORDER_WORDS = "red darkest, then green, amber lightest"


def apply_shades(shaded: Sequence[Shaded], actions: list[bytes],
                 colour_key: Mapping[str, Rag]) -> None:
    """Give the plan's shaded RAG cells their ratings where that is sound, in
    ``actions`` (the plan's actions as stored), and report each: a shade the user's
    ``colour_key`` names is read as a colour; the others are read together
    (:func:`read_shades`), each one read reported as a guess, each one not read reported
    with the key that would read it."""
    rest = []
    for cell in shaded:
        if (rag := key_shade(cell.level, colour_key)) is not None:
            _set(actions, cell, rag)
        else:
            rest.append(cell)
    levels = [c.level for c in rest]
    reading = read_shades(levels)
    shades = shades_text(levels)
    for cell in rest:
        action = load_action(actions[cell.index])
        label = f"action {action.ref}" if action.ref else f"row {cell.row + 1}"
        if reading is not None:
            rag = reading[cell.level]
            _set(actions, cell, rag)
            key = ",".join(f"{f}={r.value}" for f, r in _key_of(rest, reading).items())
            message = (f"RAG of {label} read as {rag.value} from its cell's grey shade "
                       f"{cell.fill}: the page is a copy with no colour, and the plan's RAG "
                       f"cells have the shades {shades}, read in the order Office's "
                       f"standard RAG colours print in grey ({_ORDER_WORDS}); check it "
                       f"against the original, or give the colours: --colour-key {key}")
            code = "rag-from-shade"
        else:
            why = ("it is the plan's only shade (a shaded column, or a plan of one rating)"
                   if len(clusters(levels)) == 1 else
                   f"the plan's shades ({shades}) do not follow the order Office's standard "
                   f"RAG colours print in grey ({_ORDER_WORDS}) in one way only")
            message = (f"the RAG cell of {label} is shaded grey ({cell.fill}) on a copy with "
                       f"no colour, and {why}, so no RAG was read; give the shades' colours "
                       f"to read them, e.g. --colour-key {cell.fill}=green")
            code = "rag-shade-unread"
        cell.ctx.issue(code, message, severity=Severity.warning,
                       action_id=action.action_id, row=cell.row, field_name=cell.field_name)


def _set(actions: list[bytes], cell: Shaded, rag: Rag) -> None:
    action = load_action(actions[cell.index])
    action.rag, action.rag_source = rag, RagSource.colour
    actions[cell.index] = dump_action(action)


def _key_of(cells: Sequence[Shaded], reading: Mapping[int, Rag]) -> dict[str, Rag]:
    """One fill per shade read, the most common of its cells', as ``--colour-key`` takes
    them (a shade given there reads the cells near it)."""
    out: dict[str, Rag] = {}
    for group in clusters([c.level for c in cells]):
        fills = Counter(c.fill for c in cells if c.level in group)
        out[fills.most_common(1)[0][0]] = reading[group[0]]
    return out


def shade_of(cells: Sequence[str | None], col: int) -> tuple[int, str] | None:
    """The grey level and fill of the row's cell ``col`` (of the row's fills ``cells``),
    when it has a shade of its own: not one the row's other cells share (a banded or
    shaded row is decoration, not a rating)."""
    fill = cells[col] if col < len(cells) else None
    level = grey_level(fill)
    if level is None or fill is None:
        return None
    for k, other in enumerate(cells):
        other_level = grey_level(other)
        if k != col and other_level is not None and abs(other_level - level) <= GAP:
            return None
    return level, fill.upper()


def shades_text(levels: Sequence[int]) -> str:
    """The shades' levels as fills, darkest first: '707070, B0B0B0'."""
    return ", ".join(f"{round(median(g)):02X}" * 3 for g in clusters(levels))


__all__ = ["BANDS", "GAP", "MARGIN", "ORDER", "Shaded", "apply_shades", "clusters",
           "grey_level", "key_shade", "luma", "read_shades", "shade_of", "shades_text"]
