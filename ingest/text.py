"""Text documents: tab-, comma- and pipe-separated tables inside otherwise free text.

The reader finds runs of lines that share a delimiter, turns each run into a
:class:`SourceTable`, and keeps the lines before the first table as the document's title
and preamble. Cells may carry HTML fragments (``<p>``, ``<br>``, list items), which become
paragraphs.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable

from .fragments import fragment_paragraphs, remove_stray_glyphs
from .source import Cell, ReaderNote, SourceTable

Splitter = Callable[[str], list[str]]

_MD_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")
_MD_PIPE = re.compile(r"(?<!\\)\|")


def _split_tab(line: str) -> list[str]:
    return [_unquote(c) for c in line.split("\t")]


def _split_pipe(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [c.replace("\\|", "|") for c in _MD_PIPE.split(inner)]


@functools.lru_cache(maxsize=4096)
def _split_comma(line: str) -> list[str]:
    # Cached: a line is tested, scored and split, each time by the csv module, and the
    # lines are visited in order, so a small cache answers all but the first (the list it
    # returns is shared: callers only read it).
    # A stream, not a list of lines: a logical line may hold a quoted line break. The
    # csv module refuses a field over its limit (131,072 characters by default), and
    # splitting such a line on every comma would scatter its fields: the limit is raised
    # to the line's length for the call (a field can be no longer) and put back.
    limit = csv.field_size_limit()
    if len(line) > limit:
        csv.field_size_limit(len(line) + 1)
    try:
        rows = list(csv.reader(io.StringIO(line)))
    except csv.Error:
        return line.split(",")
    finally:
        csv.field_size_limit(limit)
    return [field for row in rows for field in row]


def _unquote(field: str) -> str:
    # Only a field wholly wrapped in quotes is quoted; a quote inside prose is text.
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def _is_tab_line(line: str) -> bool:
    return "\t" in line.strip("\r\n")


def _is_pipe_line(line: str) -> bool:
    if line.count("|") < 2:  # the common case, answered without the expression
        return False
    s = line.strip()
    return (s.startswith("|") and s.count("|") >= 2) or len(_MD_PIPE.findall(s)) >= 2


def _is_comma_line(line: str) -> bool:
    return len(_split_comma(line)) >= 3


_DIALECTS: tuple[tuple[str, Callable[[str], bool], Splitter], ...] = (
    ("tab", _is_tab_line, _split_tab),
    ("pipe", _is_pipe_line, _split_pipe),
    ("comma", _is_comma_line, _split_comma),
)


def logical_lines(text: str) -> list[str]:
    """Split text into lines, joining a quoted CSV field that runs over several lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    buf: list[str] = []
    for line in lines:
        buf.append(line)
        joined = "\n".join(buf)
        # An odd number of quotes in a delimited line means a quoted field is still open.
        if ("," in joined or "\t" in joined) and joined.count('"') % 2 == 1 and len(buf) < 200:
            continue
        out.append(joined)
        buf = []
    if buf:
        out.extend(buf)
    return out


def find_blocks(lines: list[str], is_row: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Return ``(start, stop)`` line ranges of tables: two or more delimited lines, blank
    lines allowed between rows (exports often leave one between two rows)."""
    blocks: list[tuple[int, int]] = []
    i = 0
    n = len(lines)
    while i < n:
        if not is_row(lines[i]):
            i += 1
            continue
        start = i
        last = i
        j = i + 1
        while j < n:
            if is_row(lines[j]):
                last = j
                j += 1
            elif not lines[j].strip():
                j += 1
            else:
                break
        rows = sum(1 for k in range(start, last + 1) if is_row(lines[k]))
        if rows >= 2:
            blocks.append((start, last + 1))
        i = last + 1
    return blocks


def _best_dialect(lines: list[str]
                  ) -> tuple[Callable[[str], bool], Splitter, list[tuple[int, int]]] | None:
    """The dialect whose tables explain the most rows of the document.

    A row counts when it has its table's usual number of cells: two lines of a CSV that
    mention "Police | Health" make a two-row pipe table, but the comma table around them
    has many more rows of one width, and wins. A tie goes to the earlier dialect (tab,
    pipe, comma), the order in which a delimiter is least likely to be mere text.
    """
    best: tuple[Callable[[str], bool], Splitter, list[tuple[int, int]]] | None = None
    best_score = 0
    for _name, is_row, split in _DIALECTS:
        blocks = find_blocks(lines, is_row)
        score = sum(_regular_rows([split(lines[k]) for k in range(start, stop)
                                   if is_row(lines[k])]) for start, stop in blocks)
        if score > best_score:
            best, best_score = (is_row, split, blocks), score
    return best


def _regular_rows(rows: list[list[str]]) -> int:
    """How many rows have the most common width of their table."""
    widths = Counter(len(r) for r in rows)
    return widths.most_common(1)[0][1] if widths else 0


def read_text_tables(text: str) -> tuple[str | None, str, list[SourceTable], list[ReaderNote]]:
    """Find the tables in a text document.

    Returns ``(title, preamble, tables, notes)``. The title is the first non-blank line
    before the first table and the preamble the other lines before it. The dialect (tab,
    pipe, comma) is the first one, in that order, that yields a table.
    """
    lines = logical_lines(text)
    try:
        return _read_tables(lines)
    finally:
        _split_comma.cache_clear()  # the document's lines go with it


def _read_tables(lines: list[str]
                 ) -> tuple[str | None, str, list[SourceTable], list[ReaderNote]]:
    found = _best_dialect(lines)
    if found is None:
        return _title_and_preamble(lines), _preamble(lines), [], []
    is_row, split, blocks = found
    tables: list[SourceTable] = []
    notes: list[ReaderNote] = []
    prev_stop = 0
    for index, (start, stop) in enumerate(blocks):
        raw_rows = [split(lines[k]) for k in range(start, stop) if is_row(lines[k])]
        raw_rows = [r for r in raw_rows if not all(_MD_RULE.match(c) for c in r if c.strip())
                    or not any(c.strip() for c in r)]
        rows, table_notes = _cells(raw_rows, index)
        notes.extend(table_notes)
        between = [ln.strip() for ln in lines[prev_stop:start] if ln.strip()]
        # Plain text has no heading styles; only a Markdown heading counts as one.
        headings = [ln.lstrip("#").strip() for ln in between if ln.startswith("#")]
        heading = headings[-1] if headings else None
        tables.append(SourceTable(table_index=index, rows=rows, heading=heading,
                                  text_before="\n".join(between)))
        prev_stop = stop
    head = lines[: blocks[0][0]]
    return _title_and_preamble(head), _preamble(head), tables, notes


def _title_and_preamble(lines: Iterable[str]) -> str | None:
    for line in lines:
        if line.strip():
            return line.strip()
    return None


def _preamble(lines: list[str]) -> str:
    body = [ln.strip() for ln in lines if ln.strip()]
    return "\n".join(body[1:])


def _cells(
    raw_rows: list[list[str]], table_index: int
) -> tuple[tuple[tuple[Cell, ...], ...], list[ReaderNote]]:
    width = max(len(r) for r in raw_rows)
    notes: list[ReaderNote] = []
    rows: list[tuple[Cell, ...]] = []
    for r, raw in enumerate(raw_rows):
        cells: list[Cell] = []
        for c in range(width):
            value = raw[c] if c < len(raw) else ""
            cleaned, removed = remove_stray_glyphs(value)
            if removed:
                notes.append(ReaderNote(
                    code="stray-glyph-removed",
                    message=f"removed {', '.join(removed)} (a glyph with no text)",
                    table_index=table_index, row_index=r, col_index=c))
            cells.append(Cell(paragraphs=tuple(fragment_paragraphs(cleaned))))
        rows.append(tuple(cells))
    return tuple(rows), notes
