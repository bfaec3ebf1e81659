"""The reader's output: documents made of source tables, with provenance on every cell.

These types know nothing of action plans. A reader fills them; ``normalise`` reads them.
They are plain frozen dataclasses (not pydantic) because readers build thousands of cells
and validation belongs to the records, not to the raw material.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .errors import TooComplexError

#: Readers refuse a table longer than this with a clear message (a plan has hundreds of
#: rows; a table of a million rows is an export of something else, or hostile).
MAX_TABLE_ROWS = 100_000
#: Grid positions (rows × columns) one table may have, and all the tables of a document
#: together. A merged cell is one element in the file and every position it covers in the
#: grid, so a few kilobytes of spans can ask for gigabytes: the readers count the grid
#: before they build it. A long plan is some thousands of rows by a few dozen columns.
MAX_TABLE_CELLS = 1_000_000
MAX_DOCUMENT_CELLS = 4_000_000


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position of a source table.

    ``paragraphs`` keeps the cell's paragraph structure (``<p>``, line breaks, list items);
    ``fill`` is the background colour as ``RRGGBB`` when the format has one;
    ``merged`` is true when this position is covered by a span that starts elsewhere
    (its text is then the text of the spanning cell, repeated).
    """

    paragraphs: tuple[str, ...] = ()
    fill: str | None = None
    merged: bool = False
    #: For a cell made of a page's visual lines (``SourceTable.wrapped_lines``): per line
    #: of ``paragraphs``, whether its last word reaches the cell's right edge, where a
    #: layout may have broken a word with no hyphen. Empty when the reader cannot tell.
    at_edge: tuple[bool, ...] = ()
    #: For a cell read by OCR: the mean confidence (0-100) of its words as the engine
    #: gave it. None for text read from the file itself.
    confidence: float | None = None

    @property
    def text(self) -> str:
        """The cell's text, paragraphs separated by ``\\n``."""
        return "\n".join(self.paragraphs)

    @property
    def is_empty(self) -> bool:
        """True when the cell holds no visible text."""
        return not any(p.strip() for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class ReaderNote:
    """Something the reader did to the text that a user should be able to see.

    For example a stray glyph it removed. ``row_index`` and ``col_index`` are 0-based
    positions in the table's ``rows`` (``None`` when the note concerns the whole table).
    """

    code: str
    message: str
    table_index: int | None = None
    row_index: int | None = None
    col_index: int | None = None
    severity: str = "info"


@dataclass(frozen=True, slots=True)
class SourceTable:
    """A table as found in a document: a rectangular grid of cells plus where it came from."""

    table_index: int
    rows: tuple[tuple[Cell, ...], ...]
    page: int | None = None
    heading: str | None = None
    text_before: str = ""
    #: Rows the format marks as headers repeated on every page (Word's ``w:tblHeader``).
    header_rows: tuple[int, ...] = ()
    #: Column widths in the format's own unit, when it has them (to match split tables).
    col_widths: tuple[int, ...] = ()
    #: Nesting depth: 0 for a table in the body, 1 for a table inside a cell, …
    depth: int = 0
    #: Last page the table reaches, when the format knows pages.
    page_last: int | None = None
    #: True when a cell's paragraphs are its visual lines, wrapped by the layout (PDF):
    #: normalise rejoins them into paragraphs.
    wrapped_lines: bool = False
    #: Where the table sits on its page (x0, top, x1, bottom, in points), when known.
    bbox: tuple[float, ...] | None = None
    #: What the reader did to this table's text (kept with the table, so that a reader
    #: that streams its tables need not hold them to report on them).
    notes: tuple[ReaderNote, ...] = ()
    #: True when the table's page was read by OCR (a scan).
    ocr: bool = False
    #: True when the table's page is a scan with no colour on it (a grey scan, a
    #: photocopy): its fills are shades of grey that may stand for colours the copy lost.
    #: A grey fill of a file's own (a text layer, Word, a sheet) is grey as drawn.
    colourless: bool = False

    @property
    def width(self) -> int:
        """Number of columns (the widest row)."""
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """Everything a reader found in one file."""

    source_file: str
    source_format: str
    sha256: str
    tables: tuple[SourceTable, ...]
    title: str | None = None
    preamble: str = ""
    encoding: str | None = None
    notes: tuple[ReaderNote, ...] = field(default=())


@dataclass(slots=True)
class TableStream:
    """A document whose tables arrive one at a time, for formats whose documents can be
    long (a PDF is read page by page): iterate ``tables`` once, and each table can be
    let go as soon as it is used, so memory does not grow with the document.

    ``document`` holds everything else (name, format, hash, title); its ``tables`` is
    empty. A reader may raise its whole-file errors while the tables are being iterated.
    """

    document: SourceDocument
    tables: Iterator[SourceTable]

    @classmethod
    def of(cls, doc: SourceDocument) -> TableStream:
        """A document already read whole, as a stream."""
        return cls(replace(doc, tables=()), iter(doc.tables))

    def collect(self) -> SourceDocument:
        """Read the rest of the stream into one :class:`SourceDocument`."""
        return replace(self.document, tables=tuple(self.tables))


class CellBudget:
    """The grid positions a reader may still build for one document: a reader charges
    each table's size here *before* building its grid, and is refused with
    :class:`~ingest.errors.TooComplexError` past :data:`MAX_TABLE_CELLS` for one table or
    :data:`MAX_DOCUMENT_CELLS` in all."""

    def __init__(self, name: str, per_table: int = MAX_TABLE_CELLS,
                 per_document: int = MAX_DOCUMENT_CELLS) -> None:
        self.name = name
        self.per_table = per_table
        self.per_document = per_document
        self.used = 0

    def charge(self, rows: int, width: int, what: str = "a table", *,
               at_least: bool = False) -> None:
        """Count a table of ``rows`` × ``width`` positions, or refuse it (``at_least``:
        the reader stopped counting columns once over the limit)."""
        cells = rows * width
        if cells > self.per_table:
            more = "at least " if at_least else ""
            raise TooComplexError(self.name, f"{what} would be {rows:,} rows by {more}"
                                  f"{width:,} columns ({more}{cells:,} cells; the limit is "
                                  f"{self.per_table:,}): its merged cells span too far")
        self.used += cells
        if self.used > self.per_document:
            raise TooComplexError(self.name, f"its tables would hold more than "
                                  f"{self.per_document:,} cells in all")
