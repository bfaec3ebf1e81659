"""A Word table's cell text in one pass of lxml's tag-filtered iterator, for plain tables.

The general walk (:mod:`ingest.docx`) visits every cell's children in Python and starts
two iterators per paragraph: with a Python object per element touched, that was most of
the reader's time on a long table (issue 17). Most tables are plain: rows straight under
the table, cells straight under the rows, paragraphs straight under the cells, nothing
hidden (deleted or moved-away text, fallback copies) and no table nested inside. For
those, one ``tbl.iter(rows, cells, paragraphs, text elements)`` yields exactly the
elements the reader needs, in document order, and each text element belongs to the last
paragraph started. Anything else makes :func:`plain_rows` answer ``None`` and the table
takes the general walk, so both give the same text (tests/test_docx_plain.py checks it on
generated tables of every shape).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TR, _TC, _P, _TBL = f"{W}tr", f"{W}tc", f"{W}p", f"{W}tbl"
_T, _MT, _TAB, _BR, _CR, _NBH = (f"{W}t", f"{_M}t", f"{W}tab", f"{W}br", f"{W}cr",
                                 f"{W}noBreakHyphen")
_TABS = f"{W}tabs"
#: Text elements: what the general walk reads from a paragraph.
TEXT_TAGS = (_T, _MT, _TAB, _BR, _CR, _NBH)
#: Below a table, any of these sends it to the general walk: hidden text (the general
#: walk skips it) or a nested table (read as a table of its own).
_NOT_PLAIN = (_TBL, f"{W}del", f"{W}moveFrom", f"{_MC}Fallback")
_TCPR, _TRPR = f"{W}tcPr", f"{W}trPr"
_PROPS = (_TCPR, _TRPR)
_WALKED = (_TR, _TC, _P, _TCPR, _TRPR, *TEXT_TAGS)

#: One cell: its ``w:tc``, its ``w:tcPr`` (or None) and its paragraphs' text parts.
PlainCell = tuple[Any, Any, list[list[str]]]
#: One row: its ``w:tr``, its ``w:trPr`` (or None) and its cells.
PlainRow = tuple[Any, Any, list[PlainCell]]


class NotPlain(Exception):
    """The table has a shape only the general walk reads faithfully (raised by the rows
    of :func:`plain_rows` as soon as the walk finds it, maybe after some rows)."""


def plain_rows(tbl: Any) -> Iterator[PlainRow] | None:
    """Rows, cells and each paragraph's text parts of a plain table, a row at a time;
    ``None`` when the table is plainly not plain (see the module's docstring). The rows
    are handed out as the walk goes (a list of every cell's elements held 60 MB on a
    10,000-row table, issue 17), so a shape found only later raises :class:`NotPlain`
    from the iterator: the caller drops what it built and takes the general walk."""
    if next(tbl.iterdescendants(*_NOT_PLAIN), None) is not None:
        return None
    return _walk(tbl)


def _walk(tbl: Any) -> Iterator[PlainRow]:
    # ``rows`` holds the row being walked (and its trPr found), never more: it is handed
    # out when the next row starts, its last cell checked.
    rows: list[PlainRow] = []
    cells: list[PlainCell] = []
    paragraphs: list[list[str]] = []
    parts: list[str] | None = None
    tr: Any = None
    tc: Any = None
    direct = 0  # paragraphs and properties straight under the current cell
    props = 0  # properties straight under the current row
    walked = 0  # rows straight under the table
    for el in tbl.iter(*_WALKED):
        tag = el.tag
        if tag in (_T, _MT):
            if parts is None:
                raise NotPlain  # a text element outside any paragraph
            parts.append(el.text or "")
        elif tag == _P:
            # getparent() hands back the cell's live proxy: an identity test, no lookup.
            if el.getparent() is not tc:
                raise NotPlain  # a paragraph in a text box, or in some other element
            parts = []
            paragraphs.append(parts)
            direct += 1
        elif tag in (_TCPR, _TRPR):
            # Properties hold no text: a text element inside them arrives while no
            # paragraph is open and sends the table to the general walk.
            parts = None
            if tag == _TCPR and el.getparent() is tc:
                direct += 1
                if cells[-1][1] is None:  # the first, as tc.find(tcPr) would give
                    cells[-1] = (tc, el, paragraphs)
            elif tag == _TRPR and el.getparent() is tr:
                props += 1
                if rows[-1][1] is None:
                    rows[-1] = (tr, el, cells)
        elif tag == _TC:
            _close(tc, direct, _P)
            if el.getparent() is not tr:
                raise NotPlain  # a cell inside a content control or other wrapper
            tc, direct, parts = el, 0, None
            paragraphs = []
            cells.append((el, None, paragraphs))
        elif tag == _TR:
            _close(tc, direct, _P)
            if tr is not None:
                _close(tr, len(cells) + props, _TC)
                yield rows.pop()
            if el.getparent() is not tbl:
                raise NotPlain  # a row inside a content control or other wrapper
            tr, tc, direct, props, parts = el, None, 0, 0, None
            cells = []
            rows.append((el, None, cells))
            walked += 1
        elif parts is None:
            raise NotPlain
        elif tag == _TAB:
            # Tab stops in a paragraph's properties are w:tabs/w:tab, not text.
            if el.getparent().tag != _TABS:
                parts.append(" ")
        else:
            parts.append("-" if tag == _NBH else "\n")
    _close(tc, direct, _P)
    if tr is not None:
        _close(tr, len(cells) + props, _TC)
    _close(tbl, walked, _TR)
    yield from rows


def _close(parent: Any, walked: int, tag: str) -> None:
    """Check a cell (row, table) just walked: text in a child other than its ``walked``
    paragraphs and properties (cells, rows) would have been taken for the last
    paragraph's."""
    if parent is not None and len(parent) > walked:
        for child in parent:
            if child.tag != tag and child.tag not in _PROPS and _holds_text(child):
                raise NotPlain


def _holds_text(el: Any) -> bool:
    return el.tag in TEXT_TAGS or next(el.iter(*TEXT_TAGS), None) is not None


def cell_paragraphs(paragraphs: list[list[str]]) -> tuple[str, ...]:
    """A cell's paragraphs as the general walk gives them: each paragraph's lines, blank
    ones dropped, runs of whitespace made one space."""
    out: list[str] = []
    for parts in paragraphs:
        text = "".join(parts)
        if "\n" not in text:
            if text and not text.isspace():
                out.append(" ".join(text.split()))
            continue
        for line in text.strip().split("\n"):
            if line.strip():
                out.append(" ".join(line.split()))
    return tuple(out)
