"""Issue 17, the readers' side: what made them slow or grow, each checked by what it does
(no timings here: benchmarks/ measures those)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ingest.docx import W, paragraph_text, read_docx
from ingest.errors import FileTooLargeError
from normalise.dates import _KINDS, DATE_TOKEN, iter_tokens
from planparse import workers

HERE = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "samples" / "child-poppy-action-plan.txt"


def _para(inner: str) -> Any:
    return etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}">{inner}</w:p>')


def test_document_xml_parsed_twice_through_python_docx() -> None:
    """python-docx's Document() parsed the body only for styles, theme and title, and the
    reader parsed it again: a Word file must now be read without importing python-docx,
    the huge table refused by the row limit all the same."""
    code = ("import sys; from pathlib import Path; from ingest.docx import read_docx; "
            "from ingest.errors import FileTooLargeError\n"
            f"d = read_docx(Path({str(HERE / 'docx' / 'colour_rag.docx')!r}), 'x')\n"
            "print(len(d.tables), d.title, 'docx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out[-1] == "False" and int(out[0]) >= 1


def test_huge_table_refused_by_the_row_limit(tmp_path: Path) -> None:
    from .fixtures.make_archive import build_broken

    build_broken(tmp_path)
    with pytest.raises(FileTooLargeError, match="100,001 rows"):
        read_docx(tmp_path / "huge-table.docx", "huge-table.docx")


def test_styles_theme_and_title_read_from_their_own_parts(tmp_path: Path) -> None:
    # A control: the heading style, the fills and the title read as python-docx read them.
    doc = read_docx(HERE / "docx" / "colour_rag.docx", "r.docx")
    assert [t.heading for t in doc.tables] == ["Child Poppy Action Plan"]
    assert {c.fill for t in doc.tables for row in t.rows for c in row} == {
        "00B050", "FFC000", None}
    import docx

    made = docx.Document()
    made.core_properties.title = "  A titled plan "
    made.add_heading("Actions", level=2)
    table = made.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["No", "Action", "1", "Brief"], strict=True):
        cell.text = text
    made.save(str(tmp_path / "t.docx"))
    got = read_docx(tmp_path / "t.docx", "t.docx")
    assert got.title == "A titled plan" and got.tables[0].heading == "Actions"


@pytest.mark.parametrize(("inner", "text"), [
    # Tab stops in the paragraph's properties are not tabs in the text.
    ('<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
     "<w:r><w:t>No</w:t><w:tab/><w:t>Action</w:t><w:br/><w:t>two</w:t></w:r>",
     "No Action\ntwo"),
    # Deleted and moved-away text and fallback copies stay out (the stack walk).
    ("<w:r><w:t>kept</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>"
     "<w:ins><w:r><w:t> added</w:t></w:r></w:ins>", "kept added"),
    ('<w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:sym w:char="F0FC"/></w:r>', "a-b"),
])
def test_paragraph_text_fast_path_agrees_with_the_walk(inner: str, text: str) -> None:
    assert paragraph_text(_para(inner)) == text


def test_one_date_scan_names_the_kind_the_group_test_named() -> None:
    text = SEED.read_text(encoding="utf-8") + " 14th November 2019, Nov 3, 2020, 2021-03-04"
    matches = list(DATE_TOKEN.finditer(text))
    assert len(matches) > 10
    for m in matches:
        assert m.lastgroup == next(k for k in _KINDS if m.group(k))
    assert [p.raw for _, p in iter_tokens("done 03/04/21 and June 2020")] == [
        "03/04/21", "June 2020"]


def test_a_worker_collects_cycles_every_n_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's memory grew with every Word file: cycles were left to a collector that
    counts allocations, not megabytes."""
    calls: list[int] = []

    def collect(*_: Any) -> int:
        calls.append(1)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(workers, "_done", 0)
    assert [workers.run_collected(abs, -k, every=10) for k in range(25)] == list(range(25))
    assert len(calls) == 2

    def fails(_: int) -> int:
        raise ValueError("a bug")

    for _ in range(5):
        with pytest.raises(ValueError):
            workers.run_collected(fails, 0, every=10)
    assert len(calls) == 3  # a failing file counts too
    assert workers.rss_mb() > 0


def test_page_words_extracted_once_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ruled and unruled finders and the carried-table finder each extracted the
    page's words again."""
    from pdfplumber.page import Page

    from ingest import read_document

    seen: list[int] = []
    original = Page.extract_words

    def counted(self: Any, *args: Any, **kw: Any) -> Any:
        if type(self) is Page:  # not the heading's cropped band
            seen.append(self.page_number)
        return original(self, *args, **kw)

    monkeypatch.setattr(Page, "extract_words", counted)
    doc = read_document(HERE / "pdf" / "ruled.pdf")
    assert doc.tables and seen
    assert max(seen.count(n) for n in set(seen)) == 1
