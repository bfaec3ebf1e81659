"""Small files that would cost gigabytes, and damaged packages: refused as one clear error
(``too-complex``, ``corrupt-file``) before the grid is built, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest import CorruptFileError, TooComplexError, read_document
from ingest.html import read_html
from ingest.source import CellBudget
from normalise import document_to_plans

from .fixtures.make_archive import build_hostile

HERE = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    build_hostile(root)
    return root


@pytest.mark.parametrize(("name", "rows", "columns"), [
    ("span-bomb.html", "4,001 rows", "at least 1,000 columns"),  # 160 million on main
    ("wide-span.docx", "40,001 rows", "5,000 columns"),  # a gridSpan of 5,000 on one row
    ("grid-before.docx", "40,001 rows", "5,001 columns"),  # a gridBefore of 5,000
])
def test_a_grid_past_the_limit_is_refused_before_it_is_built(hostile: Path, name: str,
                                                             rows: str, columns: str) -> None:
    with pytest.raises(TooComplexError) as caught:
        read_document(hostile / name)
    assert caught.value.code == "too-complex"
    assert f"a table would be {rows} by {columns}" in caught.value.problem


def test_overlapping_spans_are_counted_as_well_as_the_width() -> None:
    # A first row whose second cell covers columns 2-1000 of all 600 rows, then rows whose
    # one cell spans all 1000 columns again: the grid is 600 x 1000, within the limit, but
    # the spans claim twice that, and filling them is where the time would go.
    first = '<tr><td>a</td><td rowspan="600" colspan="999">b</td></tr>'
    rows = '<tr><td colspan="1000">x</td></tr>' * 599
    with pytest.raises(TooComplexError, match="merged cells overlap over 1,000,000"):
        read_html(f"<table>{first}{rows}</table>".encode(), "x.html")
    # The same table of 300 rows is within both limits, and reads.
    first = first.replace('rowspan="600"', 'rowspan="300"')
    doc = read_html(f"<table>{first}{rows[:len(rows) * 299 // 599]}</table>".encode(),
                    "x.html")
    assert (len(doc.tables[0].rows), doc.tables[0].width) == (300, 1000)


def test_the_document_budget_adds_up_tables() -> None:
    budget = CellBudget("x", per_table=100, per_document=250)
    budget.charge(10, 10)
    budget.charge(10, 10)
    with pytest.raises(TooComplexError, match="more than 250 cells in all"):
        budget.charge(10, 10)


def test_real_spans_within_the_limit_still_read() -> None:
    # A control: the fixture page with its merged cells reads as before.
    doc = read_document(HERE / "web" / "child-poppy.html")
    plans, _ = document_to_plans(doc)
    assert [len(p.actions) for p in plans] == [8]


def test_a_zip_member_name_that_is_not_utf8_is_a_corrupt_file(hostile: Path) -> None:
    with pytest.raises(CorruptFileError, match="codec can't decode"):
        read_document(hostile / "bad-member-name.docx")


def test_a_sheet_whose_xml_breaks_off_is_a_corrupt_file(hostile: Path) -> None:
    with pytest.raises(CorruptFileError, match=r"a sheet is damaged \(XMLSyntaxError"):
        read_document(hostile / "broken-sheet.xlsx")


def test_a_broken_theme_part_is_a_corrupt_file(tmp_path: Path) -> None:
    from .fixtures.make_archive import _mutated_zip

    _mutated_zip(HERE / "docx" / "plain.docx", tmp_path / "theme.docx",
                 "word/theme/theme1.xml", b"<a:theme")
    with pytest.raises(CorruptFileError, match="theme part is damaged"):
        read_document(tmp_path / "theme.docx")


def test_one_bad_byte_in_a_utf8_page_is_replaced_with_a_warning(hostile: Path) -> None:
    doc = read_document(hostile / "bad-byte.html")
    assert doc.encoding == "utf-8"
    warnings = [n for n in doc.notes if n.severity == "warning"]
    assert [n.code for n in warnings] == ["undecodable-bytes-replaced"]
    assert "1 character(s) replaced" in warnings[0].message
    assert doc.title is not None and doc.title.startswith("Child Popp\ufffd Action Plan")
    assert [len(p.actions) for p in document_to_plans(doc)[0]] == [8]


def test_an_encoding_the_user_gave_stays_strict(hostile: Path, tmp_path: Path) -> None:
    from ingest import DecodeError

    shutil.copy(hostile / "bad-byte.html", tmp_path / "page.html")
    with pytest.raises(DecodeError, match="try another --encoding"):
        read_document(tmp_path / "page.html", encoding="utf-8")
