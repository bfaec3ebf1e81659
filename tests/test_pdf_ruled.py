"""Ruled PDF tables whose rulings do not match their text (issue 12's modes 2 and 3), and
readable PDFs that were refused (mode 9). Fixtures from ``tests/fixtures/make_pdf_ruled.py``;
every expected grid below was read off the page rendered at 60 dpi."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest import (
    CorruptFileError,
    EmptyFileError,
    NeedsOcrError,
    OcrSettings,
    read_document,
)
from ingest.detect import sniff

from .conftest import FIXTURES

RULED = FIXTURES / "pdf" / "ruled"


def grid(name: str) -> list[list[str]]:
    (table,) = read_document(RULED / name).tables
    return [[c.text for c in row] for row in table.rows]


STATS = [["Region", "2019", "2020", "2021"],
         ["North East", "1,204", "1,310", "1,422"],
         ["North West and\nCumbria", "3,877", "3,905", "4,011"],
         ["Yorkshire", "2,950", "3,002", "3,118"],
         ["East Midlands", "2,214", "2,260", "2,305"],
         ["London", "8,961", "9,002", "9,105"]]

PLAN = [["No", "Action", "Lead", "Progress"],
        ["1", "Brief all staff on the\nnew referral pathway", "Head of Service",
         "Briefings held in May.\nSecond round booked\nfor September."],
        ["2", "Audit twenty cases\nagainst the standard\nand report to the board",
         "Quality\nLead\nTeam", "Audit under way,\nreport due in\nOctober."],
        ["3", "Publish the plan", "Board", "Done"]]

RAG = [["Ref", "Action", "Owner", "RAG"],
       ["A1", "Recruit two\nsocial workers", "HR", "Green"],
       ["A2", "Review the\nthreshold guide", "Safeguarding", "Amber"],
       ["A3", "Train managers", "L&D", "Green"]]


# --- mode 2a: a band of body rows with no rules between them ---------------------------

def test_body_with_no_inside_horizontal_rules_came_out_as_one_row() -> None:
    """Rules between the columns and under the header only: the body was one row holding
    every line. The wrapped row label ("Cumbria", in one column only) stays in its row."""
    assert grid("no_inside_horizontal_rules.pdf") == STATS


def test_a_body_ruled_in_the_header_only_came_out_as_one_cell() -> None:
    """Rules between the columns in the header only and none between body rows: the body
    was one cell holding every value. Cut into columns, then rows (2b, then 2a)."""
    assert grid("header_rules_only.pdf") == STATS


def test_a_plan_with_no_inside_rules_is_cut_where_its_first_column_starts_a_row() -> None:
    assert grid("wrapped_cells_no_inside_rules.pdf") == PLAN


def test_wrapped_cells_of_a_ruled_plan_are_never_cut() -> None:
    """Control: each row ruled; row 2 wraps in three of four columns (not the first)."""
    assert grid("wrapped_cells_ruled.pdf") == PLAN


def test_band_cuts_need_the_first_column_and_most_columns() -> None:
    from ingest.pdfgrid import split_bands

    def word(text: str, x0: float, bottom: float) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x0 + 20, "top": bottom - 8, "bottom": bottom}

    Box = tuple[float, float, float, float] | None
    header: list[Box] = [(x, 0.0, x + 100, 20.0) for x in (0.0, 100.0, 200.0)]
    band: list[Box] = [(x, 20.0, x + 100, 80.0) for x in (0.0, 100.0, 200.0)]
    rows = [word("A", 5, 32), word("1", 105, 32), word("2", 205, 32),
            word("B", 5, 44), word("3", 105, 44), word("4", 205, 44)]
    assert len(split_bands([header, list(band)], rows)) == 3
    # Lines side by side that carry on sentences are wrapped cells, not rows.
    wrapped = [word("Brief", 5, 32), word("Audit", 105, 32), word("Done", 205, 32),
               word("staff", 5, 44), word("cases", 105, 44), word("today", 205, 44)]
    assert len(split_bands([header, list(band)], wrapped)) == 2
    # Nothing in the first column: the other columns wrap.
    no_label = [w for w in rows if w["text"] != "B"]
    assert len(split_bands([header, list(band)], no_label)) == 2
    # The header band is never cut.
    assert len(split_bands([list(band)], rows)) == 1


# --- mode 2b: one cell across the table per body row ------------------------------------

def test_rows_ruled_across_the_table_only_are_cut_at_its_columns() -> None:
    """Rules between the columns in the header only, full-width rules (and shading across
    the row) between the body rows: each body row was one cell with all its values. The
    section row and the note row, whose text runs across the columns, stay whole."""
    section = "Community services (figures for the year to March)"
    note = "Note: figures for 2021 are provisional and may be revised."
    assert grid("full_width_row_rules.pdf") == [
        ["Service", "Visits", "Referrals", "Waiting (weeks)"],
        ["Health visiting", "4,120", "310", "3"], ["School nursing", "2,877", "145", "5"],
        [section] * 4, ["Family hubs", "1,930", "98", "2"],
        ["Youth service", "1,214", "77", "6"], [note] * 4]
    (table,) = read_document(RULED / "full_width_row_rules.pdf").tables
    assert [c.merged for c in table.rows[3]] == [False, True, True, True]


def test_a_header_ruled_between_its_groups_held_two_figures_a_cell() -> None:
    """A two-level header ruled between its groups only, body rows ruled across (camelot's
    health.pdf, where Office's zebra shading drawn in pieces made the grid): cut at the
    header's columns, every body cell held two figures ("120 45"). The frame's words are
    now read as an unruled table. A group header goes to the sub-column its text reaches
    into, as camelot's accepted output for health.pdf has it."""
    assert grid("group_header_rules.pdf") == [
        ["Region", "Revenue\nHealth", "Welfare", "Capital\nHealth", "Welfare"],
        ["Lowlands", "120", "45", "30", "12"], ["Highlands", "88", "31", "22", "9"],
        ["Central belt", "240", "96", "61", "25"], ["North east", "101", "40", "28", "11"],
        ["Borders", "64", "23", "17", "6"]]


# --- mode 2c: rules drawn as one segment per column -------------------------------------

LABELLED = [["", "Q1", "Q2", "Q3"], ["Calls answered", "812", "790", "845"],
            ["Calls abandoned", "41", "52", "38"], ["Average wait (s)", "35", "41", "30"]]


def test_rules_drawn_per_column_lost_the_label_column() -> None:
    """No outer frame and each rule drawn one segment per column: the segments outside the
    outermost vertical rules did not count as running on past them, and the row labels and
    the last column were lost."""
    assert grid("segmented_rules_label_column.pdf") == LABELLED


def test_rules_drawn_whole_keep_the_label_column() -> None:
    """Control: the same table with each rule drawn whole."""
    assert grid("continuous_rules_label_column.pdf") == LABELLED


def test_collinear_touching_segments_are_joined() -> None:
    from ingest.pdfshapes import joined_rules

    edges = [{"top": 10.0, "x0": 0.0, "x1": 50.0}, {"top": 10.0, "x0": 50.0, "x1": 90.0},
             {"top": 10.2, "x0": 91.0, "x1": 120.0}, {"top": 10.0, "x0": 200.0, "x1": 220.0},
             {"top": 30.0, "x0": 0.0, "x1": 40.0}]
    assert joined_rules(edges) == [(10.0, 0.0, 120.0), (10.0, 200.0, 220.0),
                                   (30.0, 0.0, 40.0)]


# --- mode 3: fills taken for rulings ----------------------------------------------------

def test_office_paragraph_shading_made_extra_columns_and_keeps_the_rag() -> None:
    """A shaded cell with a same-colour box per paragraph, inset by the cell margin: the
    4-column table came out with 12. The fills still give the cells their colour."""
    assert grid("office_fills.pdf") == RAG
    (table,) = read_document(RULED / "office_fills.pdf").tables
    assert [c.fill for c in table.rows[0]] == ["D9E2F3"] * 4
    assert [row[3].fill for row in table.rows[1:]] == ["00B050", "FFC000", "00B050"]


def test_white_boxes_under_every_cell_made_extra_columns() -> None:
    assert grid("white_cell_fills.pdf") == RAG


def test_coloured_cells_with_white_gaps_still_make_the_grid() -> None:
    """Control: no rules; the coloured cells, apart by white gaps, are the grid."""
    assert grid("coloured_cells_white_gaps.pdf") == RAG
    (table,) = read_document(RULED / "coloured_cells_white_gaps.pdf").tables
    assert [row[3].fill for row in table.rows[1:]] == ["00B050", "FFC000", "00B050"]


def test_which_fills_draw_no_ruling() -> None:
    from ingest.pdfshapes import _not_rulings

    def box(x0: float, top: float, x1: float, bottom: float, colour: Any,
            stroke: bool = False) -> dict[str, Any]:
        return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "fill": True,
                "stroke": stroke, "non_stroking_color": colour}

    grey, white = (0.9, 0.9, 0.9), (1.0, 1.0, 1.0)
    shapes = [box(0, 0, 100, 20, grey), box(5, 0, 95, 10, grey),  # cell, paragraph inset
              box(0, 0, 100, 20, grey),  # drawn twice: one stays
              box(200, 0, 300, 20, white),  # white on the page
              box(0, 30, 300, 80, grey), box(100, 30, 101, 80, white),  # white gap on grey
              box(400, 0, 500, 20, white, stroke=True),  # a stroked box is ruled
              box(10, 2, 20, 8, (0.0, 0.69, 0.31))]  # another colour inside: a RAG cell
    assert _not_rulings(shapes) == {1, 2, 3}


# --- tables printed turned a quarter on an upright page -------------------------------

@pytest.mark.parametrize("name", ["turned_clockwise.pdf", "turned_anticlockwise.pdf"])
def test_a_turned_table_came_out_with_its_rows_as_columns(name: str) -> None:
    """Its text reads down (or up) the page: read in the page's frame, its rows were the
    page's columns, and each cell's words were lines of their own (upward text reversed)."""
    assert grid(name) == RAG
    (table,) = read_document(RULED / name).tables
    assert table.col_widths and len(table.col_widths) == 4


def test_an_upright_table_with_a_turned_header_cell_stays_upright() -> None:
    """Control: one turned word in the header does not turn the table. The turned word
    itself came out letter-reversed ("GAR": pdfplumber joins turned glyphs top to bottom);
    a cell whose glyphs are set turned is now read in their direction."""
    rows = grid("upright_turned_header.pdf")
    assert rows == RAG


def test_labels_left_of_a_banded_grid_turned_headers_and_a_total_outside_every_cell(
        ) -> None:
    """Modes 2c and 3, as a spreadsheet of returns prints: the row labels left of the
    frame were lost, each grey strip between rows was an empty row, the turned headers came
    out a word a line spelt backwards ("deretsigeR"), and the first figure of the totals
    row (ruled from its second figure on) was lost, the figure above it shown merged."""
    assert grid("labels_outside_banded_grid.pdf") == [
        ["", "Registered\nvoters", "Ballots", "Smith", "Jones", "Brown"],
        ["North", "963", "439", "55", "26", "47"], ["South", "923", "393", "40", "23", "45"],
        ["East", "1026", "349", "30", "30", "25"], ["West", "1212", "423", "56", "26", "40"],
        ["Islands", "611", "180", "22", "35", "17"],
        ["Totals", "4735", "1784", "203", "140", "174"]]


# --- mode 9: readable PDFs refused, and true reasons for the ones that are --------------

def test_a_mediabox_with_a_negative_origin_was_refused() -> None:
    """The heading lookup cropped outside the page (its box starts at -12, -12), and the
    crop's ValueError was reported as "not a readable PDF"."""
    doc = read_document(RULED / "negative_mediabox.pdf")
    (table,) = doc.tables
    assert table.heading == "Improvement plan 2024"
    assert [[c.text for c in row] for row in table.rows] == RAG


def test_a_banner_before_the_pdf_header_was_refused() -> None:
    assert grid("banner_before_header.pdf") == RAG
    data = (RULED / "banner_before_header.pdf").read_bytes()
    assert data.index(b"%PDF-") > 0 and sniff(data[:2048]) == "pdf"


@pytest.mark.parametrize(("head", "kind"), [
    (b"%PDF-1.7\n", "pdf"), (b"\r\n%PDF-1.4", "pdf"),
    (b"x" * 1100 + b"\n%PDF-1.4", "text"),  # past the first 1,024 bytes
    (b"The file type %PDF-1.4 is named in this sentence.", "text"),
])
def test_the_pdf_header_within_the_first_kilobyte(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


@pytest.mark.parametrize(("name", "says"), [
    ("no_pages.pdf", "has no pages"),
    ("blank_pages.pdf", "pages are blank"),
])
def test_no_pages_and_blank_pages_were_called_scans(name: str, says: str) -> None:
    with pytest.raises(EmptyFileError, match=says):
        read_document(RULED / name)


def test_a_real_scan_is_still_a_scan() -> None:
    """Control: a page that is only an image still asks for OCR (when OCR is off)."""
    with pytest.raises(NeedsOcrError, match="ocrmypdf"):
        read_document(FIXTURES / "pdf" / "scanned.pdf", ocr=OcrSettings("never"))


def test_our_own_value_errors_are_not_corrupt_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ValueError in the read was reported as "not a readable PDF", hiding our bugs
    as corrupt files; a damaged file still is one (control)."""
    from ingest import pdf

    def broken(page: Any) -> list[Any]:
        raise ValueError("a bug of ours")

    monkeypatch.setattr(pdf, "page_tables", broken)
    with pytest.raises(ValueError, match="a bug of ours"):
        read_document(RULED / "banner_before_header.pdf")


def test_a_truncated_pdf_is_still_corrupt(tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((FIXTURES / "pdf" / "ruled.pdf").read_bytes()[:9000])
    with pytest.raises(CorruptFileError, match="not a readable PDF"):
        read_document(cut)


def test_an_error_closing_the_file_is_a_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.pdf
    from pdfminer.psparser import PSEOF

    # ingest/pdf closes the document itself (pdfplumber's close() rebuilt every page):
    # emptying its caches is the step of closing that parses nothing, so it stands in.
    flush = pdfplumber.pdf.PDF.flush_cache

    def fails(self: Any, properties: Any = None) -> None:
        flush(self, properties)
        raise PSEOF("unexpected end of file")

    monkeypatch.setattr(pdfplumber.pdf.PDF, "flush_cache", fails)
    with pytest.raises(CorruptFileError, match="not a readable PDF"):
        read_document(RULED / "banner_before_header.pdf")
