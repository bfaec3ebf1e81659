"""Word documents (.docx): every table, read faithfully from the XML.

python-docx opens the package; the body is then walked once with lxml, in document order:
tables at top level, inside content controls (``w:sdt``, block, row and cell level) and
nested inside cells. Each table's grid is built once from ``w:gridSpan``, ``w:vMerge``,
``w:gridBefore`` and ``w:gridAfter`` (python-docx's ``Table.cell()`` is quadratic and has no
read API for vertical merges). Each cell keeps its paragraphs, its fill colour and whether it
is covered by a merge; tracked insertions are read, deletions are not.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .docxparts import parser, read_parts
from .docxplain import NotPlain, PlainRow, cell_paragraphs, plain_rows
from .errors import CorruptFileError, EncryptedFileError, FileTooLargeError
from .fragments import has_stray_glyphs, remove_stray_glyphs
from .source import MAX_TABLE_ROWS, Cell, CellBudget, ReaderNote, SourceDocument, SourceTable
from .themes import resolve_fill

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = frozenset({f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{MC}Fallback",
                   f"{W}tbl", f"{W}pPr", f"{W}rPr", f"{W}footnoteReference"})
_WRAPPERS = frozenset({f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag",
                       f"{W}ins", f"{W}moveTo"})

_TCPR, _GRIDSPAN, _VMERGE, _SHD, _VAL = (f"{W}tcPr", f"{W}gridSpan", f"{W}vMerge", f"{W}shd",
                                        f"{W}val")
_TRPR, _GRIDBEFORE, _TBLHEADER = f"{W}trPr", f"{W}gridBefore", f"{W}tblHeader"
_T, _MT, _TAB, _BR, _CR, _NBH, _SYM = (f"{W}t", f"{M}t", f"{W}tab", f"{W}br", f"{W}cr",
                                      f"{W}noBreakHyphen", f"{W}sym")
_TABS = f"{W}tabs"
#: The elements that stand for text, and what each adds ("" for a text run: its own text).
_TEXT_OF = {_T: "", _MT: "", _TAB: " ", _BR: "\n", _CR: "\n", _NBH: "-"}
#: Elements whose content is not visible text and may hold text elements of their own.
_HIDING = tuple(_SKIP - {f"{W}pPr", f"{W}rPr", f"{W}instrText", f"{W}delText",
                         f"{W}footnoteReference"})

#: Office files are zip archives: refuse bombs before parsing (issue: hostile input).
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_ENTRIES = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: What a damaged zip package raises: a bad directory, a member name flagged UTF-8 that
#: is not, a member that fails its CRC or does not inflate, an unknown compression method.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, UnicodeDecodeError,
              EOFError, NotImplementedError, zlib.error)


def check_office_zip(path: Path, name: str, what: str = "Word file") -> None:
    """Refuse encrypted, corrupt and oversized Office packages with a clear error."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise EncryptedFileError(name, "this is a password-protected Office file (or a legacy "
                                 ".doc renamed); remove the password or save it as .docx")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise CorruptFileError(name, f"not a valid {what} ({exc})") from None
    if len(infos) > MAX_ENTRIES:
        raise FileTooLargeError(name, f"the package holds {len(infos)} parts (limit "
                                f"{MAX_ENTRIES}); it may be a zip bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise FileTooLargeError(name, f"the package unpacks to {total:,} bytes (limit "
                                f"{MAX_UNCOMPRESSED:,}); it may be a zip bomb")


@dataclass
class _Walk:
    name: str
    theme: dict[str, str]
    budget: CellBudget
    tables: list[SourceTable] = field(default_factory=list)
    notes: list[ReaderNote] = field(default_factory=list)
    heading: str | None = None
    between: list[str] = field(default_factory=list)


def read_docx(path: Path, name: str) -> SourceDocument:
    """Read a .docx file into a :class:`SourceDocument`."""
    check_office_zip(path, name)
    try:
        with zipfile.ZipFile(path) as zf:
            parts = read_parts(zf, name)
            # One parse of the body, straight from the zip stream: the part's bytes are
            # never held beside its tree.
            body = _plain_body(zf, parts.document, name)
    except ZIP_ERRORS as exc:
        raise CorruptFileError(name, f"not a valid Word file ({exc})") from None
    walk = _Walk(name=name, theme=parts.theme, budget=CellBudget(name))
    _walk_blocks(body, walk, parts.styles, depth=0)
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    return SourceDocument(source_file=name, source_format="docx", sha256=digest,
                          tables=tuple(walk.tables), title=parts.title,
                          notes=tuple(walk.notes))


def _xml_problem(exc: Exception, what: str) -> str:
    """A plain-words reason for a package that failed to parse."""
    text = str(exc)
    if "amplification" in text or "entity" in text.lower():
        return ("its XML declares entities that expand without limit (an 'XML bomb'); "
                "refused without expanding them")
    return f"not a readable {what} ({type(exc).__name__}: {text})"


def _plain_body(zf: zipfile.ZipFile, member: str, name: str) -> Any:
    """The document body, parsed once with a plain lxml parser (python-docx's custom
    element classes cost twice as much to walk). Entities are never resolved and nothing
    is fetched (hostile XML stays inert)."""
    from lxml import etree

    try:
        with zf.open(member) as fh:
            root = etree.parse(fh, parser()).getroot()
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc) or "entity" in str(exc).lower():
            raise CorruptFileError(name, _xml_problem(exc, "Word document")) from None
        raise CorruptFileError(name, f"the document part is damaged ({exc})") from None
    except KeyError as exc:
        raise CorruptFileError(name, f"the document part is damaged ({exc})") from None
    body = root.find(f"{W}body")
    if body is None:
        raise CorruptFileError(name, "the document has no body")
    return body


def _walk_blocks(parent: Any, walk: _Walk, styles: dict[str, str], depth: int) -> None:
    for el in parent:
        tag = el.tag
        if tag == f"{W}p":
            text = paragraph_text(el)
            style = _para_style(el, styles)
            if text and (style.lower().startswith(("heading", "title")) or _outline(el)):
                walk.heading = text
                walk.between = []
            elif text:
                walk.between.append(text)
        elif tag == f"{W}tbl":
            _table(el, walk, styles, depth)
        elif tag in _WRAPPERS:
            _walk_blocks(el, walk, styles, depth)


def _para_style(p: Any, styles: dict[str, str]) -> str:
    ps = p.find(f"{W}pPr/{W}pStyle")
    return styles.get(ps.get(f"{W}val"), "") if ps is not None else ""


def _outline(p: Any) -> bool:
    return p.find(f"{W}pPr/{W}outlineLvl") is not None


def paragraph_text(p: Any) -> str:
    """Visible text of a paragraph: runs, tabs as spaces, line breaks as ``\\n``,
    equation text; not deleted or moved-away text, field codes or fallback copies."""
    if next(p.iter(*_HIDING), None) is None:
        # Nothing in the paragraph hides text (the common case): lxml finds the text
        # elements itself, in document order, with no Python step per element. Tab stops
        # in the paragraph's properties are ``w:tabs/w:tab``, not tabs in the text.
        return "".join(_TEXT_OF[el.tag] if el.tag != _T and el.tag != _MT
                       else (el.text or "") for el in p.iter(*_TEXT_OF)
                       if el.tag != _TAB or el.getparent().tag != _TABS).strip()
    parts: list[str] = []
    # An explicit stack of child iterators, in document order: no Python call per
    # element (the recursive walk was a fifth of the reader's time).
    stack = [iter(p)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag in (_T, _MT):
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NBH:
                parts.append("-")
            elif tag != _SYM:  # Wingdings symbols: glyphs with no text
                stack.append(iter(child))
                break
        else:
            stack.pop()
    return "".join(parts).strip()


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, including those wrapped in content controls (``w:sdt``),
    custom XML or tracked insertions: a table's rows, a row's cells."""
    for el in parent:
        if el.tag == tag:
            yield el
        elif el.tag in _WRAPPERS:
            yield from _children(el, tag)


def _rows(tbl: Any) -> Iterator[Any]:
    return _children(tbl, f"{W}tr")


def _cells(tr: Any) -> Iterator[Any]:
    return _children(tr, f"{W}tc")


def _row_props(tr: Any, trpr: Any = False) -> tuple[int, bool]:
    """A row's ``gridBefore`` and whether it repeats as a header, in one pass over its
    properties (an lxml path lookup per property cost more than the rest of the row);
    ``trpr`` is the row's ``w:trPr`` when the caller has found it already (or None)."""
    before, header = 0, False
    if trpr is False:
        trpr = tr.find(_TRPR)
    if trpr is not None:
        for prop in trpr:
            if prop.tag == _GRIDBEFORE:
                before = max(0, _val(prop, 0))
            elif prop.tag == _TBLHEADER:
                header = True
    return before, header


def _span(tc: Any) -> int:
    tcpr = tc.find(_TCPR)
    if tcpr is not None:
        found = tcpr.find(_GRIDSPAN)
        if found is not None:
            return max(1, _val(found, 1))
    return 1


def _val(el: Any, default: int) -> int:
    try:
        return int(el.get(_VAL, default))
    except ValueError:
        return default


def _cell_content(tc: Any, walk: _Walk, styles: dict[str, str], depth: int
                  ) -> tuple[tuple[str, ...], int]:
    """Paragraphs of a cell (nested tables become tables of their own); returns the
    paragraphs and how many nested tables the cell held."""
    paragraphs: list[str] = []
    nested = 0

    def visit(parent: Any) -> None:
        nonlocal nested
        for el in parent:
            if el.tag == f"{W}p":
                for line in paragraph_text(el).split("\n"):
                    if line.strip():
                        paragraphs.append(" ".join(line.split()))
            elif el.tag == f"{W}tbl":
                nested += 1
                _table(el, walk, styles, depth + 1)
            elif el.tag in _WRAPPERS:
                visit(el)

    visit(tc)
    return tuple(paragraphs), nested


def _table(tbl: Any, walk: _Walk, styles: dict[str, str], depth: int) -> None:
    trs = list(_rows(tbl))
    if len(trs) > MAX_TABLE_ROWS:
        raise FileTooLargeError(walk.name, f"a table has {len(trs):,} rows (limit "
                                f"{MAX_TABLE_ROWS:,})")
    # A one-cell table is layout, not data: a box around text, or a wrapper around the
    # real table. Its paragraphs are read as document text and its tables as tables.
    if len(trs) == 1:
        tcs = list(_cells(trs[0]))
        if len(tcs) == 1:
            _walk_blocks(tcs[0], walk, styles, depth)
            return
    # Spans are counted before the grid is built: a gridSpan or gridBefore of thousands
    # on one row of a long table would pad every row to that width.
    walk.budget.charge(len(trs), _table_width(tbl, trs))
    index = len(walk.tables)
    walk.tables.append(SourceTable(table_index=index, rows=()))  # keep document order
    # A plain table's text comes from one pass of lxml's iterator, a row at a time; any
    # other shape takes the general walk, cell by cell (ingest/docxplain.py), also when
    # the iterator finds the shape only after some rows (what they noted is dropped).
    plain = plain_rows(tbl)
    grid: list[list[Cell]] | None = None
    if plain is not None:
        noted = len(walk.notes)
        try:
            grid, header_rows = _grid(trs, plain, walk, styles, depth, index)
        except NotPlain:
            del walk.notes[noted:]
    if grid is None:
        grid, header_rows = _grid(trs, None, walk, styles, depth, index)
    width = max((len(r) for r in grid), default=0)
    rows = tuple(tuple(r + [Cell()] * (width - len(r))) for r in grid)
    widths = tuple(_width(gc) for gc in tbl.findall(f"{W}tblGrid/{W}gridCol"))
    walk.tables[index] = SourceTable(
        table_index=index, rows=rows, heading=walk.heading,
        text_before="\n".join(walk.between), header_rows=tuple(header_rows),
        col_widths=widths, depth=depth)
    walk.between = []


def _grid(trs: list[Any], texts: Iterator[PlainRow] | None, walk: _Walk,
          styles: dict[str, str], depth: int, index: int) -> tuple[list[list[Cell]], list[int]]:
    """The table's grid and its repeated header rows, from the plain rows ``texts`` (the
    rows of ``trs`` in order) or, when None, by the general walk of each cell."""
    grid: list[list[Cell]] = []
    header_rows: list[int] = []
    anchors: dict[int, Cell] = {}  # column → the cell a vertical merge continues
    for r, tr in enumerate(trs):
        row: list[Cell] = []
        if texts is None:
            col, header = _row_props(tr)
            cells_of: Iterable[tuple[Any, Any, list[list[str]] | None]] = (
                (tc, tc.find(_TCPR), None) for tc in _cells(tr))
        else:
            _, trpr, cells_of = next(texts)
            col, header = _row_props(tr, trpr)
        row.extend(Cell() for _ in range(col))
        if header:
            header_rows.append(r)
        for tc, tcpr, cell_text in cells_of:
            # One pass over the cell's properties instead of a path lookup per property.
            span, vmerge, shd = 1, None, None
            if tcpr is not None:
                for prop in tcpr:
                    if prop.tag == _GRIDSPAN:
                        span = max(1, _val(prop, 1))
                    elif prop.tag == _VMERGE:
                        vmerge = prop
                    elif prop.tag == _SHD:
                        shd = prop
            continues = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
            if continues and col in anchors:
                above = anchors[col]
                cells = [Cell(above.paragraphs, above.fill, merged=True)] * span
            else:
                if cell_text is not None:
                    paragraphs = cell_paragraphs(cell_text)
                else:
                    paragraphs, _ = _cell_content(tc, walk, styles, depth)
                paragraphs = _clean(paragraphs, walk, index, r, col)
                fill = resolve_fill(shd, walk.theme)
                first = Cell(paragraphs, fill)
                cells = [first] + [Cell(paragraphs, fill, merged=True)] * (span - 1) \
                    if span > 1 else [first]
                if vmerge is not None:
                    anchors[col] = first
                else:
                    anchors.pop(col, None)
            row.extend(cells)
            col += span
        grid.append(row)
    if texts is not None and next(texts, None) is not None:
        raise NotPlain  # never: the walk gives one row per w:tr; this runs its last checks
    return grid, header_rows


def _table_width(tbl: Any, trs: list[Any]) -> int:
    """The widest row in grid columns (skipped columns before it and its cells' spans),
    read from the properties alone."""
    if next(tbl.iter(_GRIDSPAN, _GRIDBEFORE), None) is None:
        # No spans anywhere below the table (the common case): a row is as wide as its
        # cells, counted without a property lookup per cell.
        return max((sum(1 for _ in _cells(tr)) for tr in trs), default=0)
    width = 0
    for tr in trs:
        w = _row_props(tr)[0]
        for tc in _cells(tr):
            w += _span(tc)
        width = max(width, w)
    return width


def _width(grid_col: Any) -> int:
    try:
        return int(float(grid_col.get(f"{W}w", "0") or 0))
    except ValueError:
        return 0


def _clean(paragraphs: tuple[str, ...], walk: _Walk, table: int, row: int, col: int
           ) -> tuple[str, ...]:
    if not has_stray_glyphs("\n".join(paragraphs)):
        return paragraphs  # each is already stripped and not blank
    out = []
    for p in paragraphs:
        cleaned, removed = remove_stray_glyphs(p)
        if removed:
            walk.notes.append(ReaderNote("stray-glyph-removed",
                                         f"removed {', '.join(removed)} (a glyph with no text)",
                                         table, row, col))
        if cleaned.strip():
            out.append(cleaned.strip())
    return tuple(out)
