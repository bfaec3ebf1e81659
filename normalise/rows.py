"""Table structure: which row is the header, which rows are titles, sections, guidance,
blank, or actions. Works on any :class:`~ingest.SourceTable`, whatever the format."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from ingest import Cell, SourceTable

from .headers import HeaderMatch, map_headers, plan_score
from .vocabulary import Vocabulary

_HEADER_SEARCH_ROWS = 6
_BARE_REF = re.compile(r"^\s*[A-Za-z]?\d+(?:\.\d+)*[a-z]?\.?\s*$")


class RowKind(Enum):
    """What a table row is, once the header is known."""

    title = "title"
    header = "header"
    guidance = "guidance"
    section = "section"
    blank = "blank"
    action = "action"


@dataclass(slots=True)
class TableLayout:
    """A table read as a plan candidate: its header, column mapping and row kinds."""

    header_row: int
    headers: list[str]
    matches: list[HeaderMatch]
    is_plan: bool
    reason: str
    kinds: list[RowKind] = field(default_factory=list)

    def column(self, name: str) -> int | None:
        """Index of the column mapped to canonical field ``name``."""
        for i, m in enumerate(self.matches):
            if m.field == name:
                return i
        return None


def distinct_texts(row: Sequence[Cell]) -> list[str]:
    """The row's non-empty cell texts, a span's repeated text counted once."""
    out: list[str] = []
    for cell in row:
        t = cell.text.strip()
        if t and not cell.merged and t not in out:
            out.append(t)
    return out


def header_names(row: Sequence[Cell]) -> list[str]:
    """Header texts, with line breaks folded and empty headers named ``column N``."""
    names = []
    for i, cell in enumerate(row):
        name = " ".join(cell.text.split())
        names.append(name or f"column {i + 1}")
    return names


def find_layout(table: SourceTable, vocabulary: Vocabulary | None = None) -> TableLayout:
    """Find the header row (the row among the first few that maps best, with a user's
    ``vocabulary`` beside the built-in synonyms) and classify every row."""
    best: TableLayout | None = None
    best_key: tuple[bool, int] = (False, -1)
    for r, row in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
        if len(distinct_texts(row)) < 2:
            continue
        headers = header_names(row)
        matches = map_headers(headers, vocabulary)
        ok, reason = plan_score(matches)
        key = (ok, sum(1 for m in matches if m.field))
        if key > best_key:
            best_key = key
            best = TableLayout(r, headers, matches, ok, reason)
    if best is None:
        headers = header_names(table.rows[0]) if table.rows else []
        best = TableLayout(0, headers, map_headers(headers, vocabulary), False,
                           "no header row found")
    best.kinds = classify_rows(table, best)
    return best


def headerless(previous: TableLayout, table: SourceTable) -> TableLayout:
    """The layout of a table that continues ``previous`` without repeating its header:
    the same columns, every row data."""
    layout = TableLayout(-1, previous.headers, previous.matches, True,
                         f"continues the table before it ({previous.reason})")
    layout.kinds = classify_rows(table, layout)
    return layout


#: Two OCR readings of one printed header agree at least this much (rapidfuzz's ratio of
#: the squashed texts): "progressagainstaction" for "…actions" is 98, another column's
#: header far less (and it must map to the same field too).
_OCR_HEADER_RATIO = 90


def same_header(a: TableLayout, b: TableLayout, ocr: bool = False) -> bool:
    """True when two layouts have the same header texts (case and spacing ignored). With
    ``ocr`` (both read by OCR), a header read with a letter wrong on one page ("Action"
    for "Actions", an extra "s") is the same when it maps to the same field and its text
    nearly agrees: the engine does not read a header repeated on every page the same way
    every time, and a text layer's repeated header is matched exactly."""
    from .headers import squash

    mine, theirs = [squash(h) for h in a.headers], [squash(h) for h in b.headers]
    if mine == theirs or not ocr or len(mine) != len(theirs):
        return mine == theirs
    from rapidfuzz import fuzz

    return all(x == y or (fuzz.ratio(x, y) >= _OCR_HEADER_RATIO and _field(a, k) is not None
                          and _field(a, k) == _field(b, k))
               for k, (x, y) in enumerate(zip(mine, theirs, strict=True)))


def _field(layout: TableLayout, col: int) -> str | None:
    return layout.matches[col].field if col < len(layout.matches) else None


def classify_rows(table: SourceTable, layout: TableLayout) -> list[RowKind]:
    """Label each row. Rows above the header are titles; under it, blank rows, repeated
    header rows, section headings (one text across the row, not a bare number), guidance
    rows (before the first numbered action, no number where later rows have one) and
    actions."""
    from .headers import squash

    header_key = [squash(h) for h in layout.headers]
    kinds: list[RowKind] = []
    ref_col = layout.column("ref")
    width = table.width
    refs_below = [bool(ref_col is not None and ref_col < len(row) and row[ref_col].text.strip())
                  for row in table.rows]
    seen_action = False
    for r, row in enumerate(table.rows):
        texts = distinct_texts(row)
        if r < layout.header_row:
            kinds.append(RowKind.title)
        elif r == layout.header_row:
            kinds.append(RowKind.header)
        elif not texts:
            kinds.append(RowKind.blank)
        elif r in table.header_rows or _repeats_header(row, header_key):
            kinds.append(RowKind.header)  # a header repeated on a new page or table part
        elif _is_section(row, texts, width):
            kinds.append(RowKind.section)
        elif (not seen_action and ref_col is not None and not refs_below[r]
              and any(refs_below[r + 1:]) and _is_guidance(row, layout)):
            kinds.append(RowKind.guidance)
        else:
            seen_action = True
            kinds.append(RowKind.action)
    return kinds


def _repeats_header(row: Sequence[Cell], header_key: list[str]) -> bool:
    """True when the row's cells, squashed, are the header's: compared a cell at a time
    and given up at the first that differs (each action row was asked this, and every
    one of its cells squashed first)."""
    from .headers import squash

    if len(row) != len(header_key):
        return False
    for i, (cell, key) in enumerate(zip(row, header_key, strict=True)):
        name = " ".join(cell.text.split()) or f"column {i + 1}"
        if squash(name) != key:
            return False
    return True


def _is_section(row: Sequence[Cell], texts: list[str], width: int) -> bool:
    if width < 3 or len(texts) != 1 or _BARE_REF.match(texts[0]):
        return False
    filled = [i for i, c in enumerate(row) if c.text.strip()]
    spans_row = len(filled) == width  # one merged cell repeated across the row
    return spans_row or filled[0] <= 1


def _is_guidance(row: Sequence[Cell], layout: TableLayout) -> bool:
    """A row that explains the columns: its cells are short instructions, with no date in
    the date column and no number. Only asked of rows before the first action."""
    from .dates import iter_tokens

    col = layout.column("target_date")
    if col is not None and col < len(row) and iter_tokens(row[col].text):
        return False
    return sum(1 for c in row if c.text.strip()) >= 2
