"""The fast reader of plain Word tables (ingest/docxplain.py) against the general walk.

Each document is read twice: as the reader does (plain tables through lxml's one-pass
iterator) and with :func:`ingest.docxplain.plain_rows` answering ``None`` for every table,
so that every table takes the general, cell-by-cell walk. The two source documents must be
identical: every cell's paragraphs, fill and merge flag, the header rows, widths, headings,
text before each table, depth and the reader's notes. Documents: the Word fixtures (the
seed as Word documents and the others), the ``../shared/corpora/docx-tables`` files, and
generated tables of the shapes the fast path has to read or refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import ingest.docx as docx_reader
from ingest import SourceDocument
from ingest.docx import read_docx
from ingest.docxplain import NotPlain, plain_rows

from .conftest import REPO, SHARED

FIXTURES = sorted((REPO / "tests" / "fixtures").rglob("*.docx"))
CORPUS = sorted((SHARED / "corpora" / "docx-tables").rglob("*.docx"))


def _read_both(path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> tuple[SourceDocument, SourceDocument, int]:
    """The document read as usual, read by the general walk alone, and how many tables
    the fast path read in the first reading."""
    real = plain_rows
    fast = 0

    def counting(tbl: Any) -> Any:
        rows = real(tbl)
        return None if rows is None else through(rows)

    def through(rows: Iterator[Any]) -> Iterator[Any]:
        # The rows come as the walk goes: a table counts once its walk ran to the end
        # (one that turns out not plain raises on the way, and is read by the other).
        nonlocal fast
        yield from rows
        fast += 1

    with monkeypatch.context() as m:
        m.setattr(docx_reader, "plain_rows", counting)
        usual = read_docx(path, path.name)
    with monkeypatch.context() as m:
        m.setattr(docx_reader, "plain_rows", lambda tbl: None)
        general = read_docx(path, path.name)
    return usual, general, fast


def _assert_same(usual: SourceDocument, general: SourceDocument) -> None:
    assert len(usual.tables) == len(general.tables)
    for a, b in zip(usual.tables, general.tables, strict=True):
        # Row by row first, so a failure names the row rather than the whole table.
        assert len(a.rows) == len(b.rows), a.table_index
        for r, (ra, rb) in enumerate(zip(a.rows, b.rows, strict=True)):
            assert ra == rb, (a.table_index, r)
        assert a == b
    assert usual == general


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixtures_read_the_same_by_both_walks(path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    usual, general, fast = _read_both(path, monkeypatch)
    assert usual.tables, "a Word fixture with no table tests nothing here"
    _assert_same(usual, general)
    if path.parent.name == "docx":  # the seed as Word documents: plain tables
        assert fast > 0


def test_the_fixtures_exercise_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without this the comparisons above could all be of the general walk with itself.
    counts = [_read_both(p, monkeypatch)[2] for p in FIXTURES]
    assert sum(counts) >= len(FIXTURES) // 2


@pytest.mark.parametrize("name", [p.relative_to(SHARED / "corpora" / "docx-tables").as_posix()
                                  for p in CORPUS] or ["(no ../shared)"])
def test_shared_corpus_reads_the_same_by_both_walks(name: str, shared: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = shared / "corpora" / "docx-tables" / name
    usual, general, _ = _read_both(path, monkeypatch)
    _assert_same(usual, general)


# Generated shapes: each a table body the fast path must read exactly as the general walk,
# or must refuse (nested tables, deleted text, text boxes, content controls).
W = nsdecls("w")


def _tc(inner: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{inner}</w:tc>"


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r>{r}</w:r>" for r in runs) + "</w:p>"


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{text}</w:t>'


SHAPES: dict[str, Callable[[], str]] = {
    "merges and fills": lambda: (
        "<w:tr>" + _tc(_p(_t("No")), '<w:shd w:val="clear" w:fill="FF0000"/>')
        + _tc(_p(_t("Action")), '<w:gridSpan w:val="2"/>') + "</w:tr>"
        "<w:tr>" + _tc(_p(_t("1")), '<w:vMerge w:val="restart"/>')
        + _tc(_p(_t("a"))) + _tc(_p(_t("b")), '<w:shd w:val="clear" w:fill="00B050"/>')
        + "</w:tr><w:tr>" + _tc(_p(), "<w:vMerge/>") + _tc(_p(_t("c"))) + _tc(_p(_t("d")))
        + "</w:tr>"),
    "tabs, breaks and hyphens": lambda: (
        "<w:tr>" + _tc(_p(_t("one"), "<w:tab/>", _t("two"), "<w:br/>", _t("three"),
                          "<w:noBreakHyphen/>", _t("four")))
        + _tc('<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
              f'<w:r>{_t("  spaced   out  ")}</w:r></w:p>' + _p() + _p(_t(" ")))
        + "</w:tr><w:tr>" + _tc(_p(_t("x"))) + _tc(_p(_t("y"))) + "</w:tr>"),
    "grid before and header rows": lambda: (
        '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + _tc(_p(_t("A"))) + _tc(_p(_t("B")))
        + '</w:tr><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc(_p(_t("b1")))
        + "</w:tr><w:tr>" + _tc(_p(_t("a2"))) + _tc(_p(_t("b2"))) + "</w:tr>"),
    "deleted text": lambda: (
        "<w:tr>" + _tc('<w:p><w:del w:id="1" w:author="x"><w:r><w:delText>gone</w:delText>'
                       f'</w:r></w:del><w:r>{_t("kept")}</w:r></w:p>') + _tc(_p(_t("2")))
        + "</w:tr><w:tr>" + _tc(_p(_t("3"))) + _tc(_p(_t("4"))) + "</w:tr>"),
    "nested table": lambda: (
        "<w:tr>" + _tc(_p(_t("outer")) + "<w:tbl><w:tr>" + _tc(_p(_t("i1")))
                       + _tc(_p(_t("i2"))) + "</w:tr><w:tr>" + _tc(_p(_t("i3")))
                       + _tc(_p(_t("i4"))) + "</w:tr></w:tbl>" + _p())
        + _tc(_p(_t("right"))) + "</w:tr><w:tr>" + _tc(_p(_t("5"))) + _tc(_p(_t("6")))
        + "</w:tr>"),
    "content control around a cell": lambda: (
        "<w:tr><w:sdt><w:sdtContent>" + _tc(_p(_t("wrapped")))
        + "</w:sdtContent></w:sdt>" + _tc(_p(_t("plain"))) + "</w:tr><w:tr>"
        + _tc(_p(_t("7"))) + _tc(_p(_t("8"))) + "</w:tr>"),
    # Found not plain only at its last row, after the first rows were handed out (one
    # with a glyph the reader notes): the general walk reads it, the note made once.
    "content control around the last row": lambda: (
        "<w:tr>" + _tc(_p(_t("\uf0b7 noted"))) + _tc(_p(_t("a"))) + "</w:tr><w:tr>"
        + _tc(_p(_t("b"))) + _tc(_p(_t("c"))) + "</w:tr><w:sdt><w:sdtContent><w:tr>"
        + _tc(_p(_t("late"))) + _tc(_p(_t("d"))) + "</w:tr></w:sdtContent></w:sdt>"),
    "inserted text and equations": lambda: (
        "<w:tr>" + _tc(f'<w:p><w:ins w:id="2" w:author="x"><w:r>{_t("new")}</w:r></w:ins>'
                       '<w:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/'
                       '2006/math"><m:r><m:t>x=1</m:t></m:r></w:oMath></w:p>')
        + _tc(_p(_t("9"))) + "</w:tr><w:tr>" + _tc(_p(_t("10"))) + _tc(_p(_t("11")))
        + "</w:tr>"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_generated_shapes_read_the_same_by_both_walks(shape: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document()
    doc.add_heading("A plan", level=1)
    doc.add_paragraph("Text before the table.")
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:tbl {W}><w:tblPr/><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/>'
        f'<w:gridCol w:w="1000"/></w:tblGrid>{SHAPES[shape]()}</w:tbl>'))
    path = tmp_path / "shape.docx"
    doc.save(str(path))
    usual, general, _ = _read_both(path, monkeypatch)
    assert usual.tables and any(c.text for row in usual.tables[0].rows for c in row)
    _assert_same(usual, general)


def test_a_table_found_not_plain_late_gives_its_first_rows_then_says_so() -> None:
    tbl = parse_xml(f"<w:tbl {W}>{SHAPES['content control around the last row']()}</w:tbl>")
    rows = plain_rows(tbl)
    assert rows is not None
    assert [[c[2] for c in next(rows)[2]] for _ in range(2)] == [
        [[["\uf0b7 noted"]], [["a"]]], [[["b"]], [["c"]]]]
    with pytest.raises(NotPlain):
        next(rows)
