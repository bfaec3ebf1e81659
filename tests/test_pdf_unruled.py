"""Unruled PDF tables: columns from the table's body, headers above it, typewriter pages,
and a search that goes on past a candidate that is no table. Each fixture is drawn by
tests/fixtures/make_pdf_unruled.py; the expected grids were read off the rendered pages.
A merged position (a block over several columns) is shown as ``~`` and its text."""

from __future__ import annotations

import pytest

from ingest import NoTableError, read_document

from .conftest import FIXTURES

UNRULED = FIXTURES / "pdf_unruled"


def grids(name: str) -> list[list[list[str]]]:
    doc = read_document(UNRULED / f"{name}.pdf")
    return [[[("~" if c.merged else "") + c.text for c in row] for row in t.rows]
            for t in doc.tables]


def test_a_long_label_and_a_note_under_the_table_no_longer_merge_columns() -> None:
    """Mode 1 (a, b): columns were the white no line of the area crosses, so one label
    running into the next column and a "Source:" note merged "Region" and "2019"."""
    (table,) = grids("source_note_closes_gaps")
    label = "Yorkshire and the Humber (provisional)"
    assert table == [
        ["Region", "2019", "2020", "2021"], ["North East", "1,204", "1,310", "1,422"],
        ["North West", "3,918", "4,006", "4,151"], [label, "~" + label, "2,877", "2,940"],
        ["East Midlands", "2,115", "2,160", "2,203"],
        ["West Midlands", "2,960", "3,012", "3,088"],
        ["South West", "2,402", "2,455", "2,519"]]


def test_dense_small_figures_keep_their_columns() -> None:
    """Mode 1 (c): 7 pt figures 4.2 pt apart in their widest row: under a fixed 6 pt gap
    the columns merged and no table of three columns was left."""
    (table,) = grids("dense_small_numbers")
    assert table[0] == ["Function", "Q1", "Q2", "Q3", "Q4", "Year", "Change"]
    assert table[3] == ["Economic affairs total", "12345.6", "12401.9", "12388.4",
                        "12502.7", "49638.6", "+12.4"]
    assert table[6] == ["Health and social care", "201.5", "205.3", "210.8", "214.0",
                        "831.6", "+3.9"]
    assert len(table) == 7


def test_header_above_the_body_and_wrapped_labels() -> None:
    """Mode 4: a group header over sub-columns and a header bottom-aligned over two lines
    were dropped; labels wrapped before or after their figures became rows of their own."""
    (table,) = grids("header_above_body")
    assert table == [
        ["", "Revenue", "~Revenue", "Capital", "~Capital", ""],
        ["Region", "Health", "Welfare", "Health", "Welfare", "Total\nspending"],
        ["Lowlands", "120", "45", "30", "12", "207"],
        ["Highlands and\nislands", "88", "31", "22", "9", "150"],
        ["Central belt\nand borders", "240", "96", "61", "25", "422"],
        ["North east", "101", "40", "28", "11", "180"]]


def test_a_typewriter_page() -> None:
    """Mode 5: in Courier 11 pt one space is wider than the old 6 pt gap: every word was a
    block; now two spaces or more part blocks, and dashes and dot leaders are filler."""
    (table,) = grids("monospaced")
    assert table == [["Item", "Units", "Price", "Total"],
                     ["Paper, A4 white", "10", "4.50", "45.00"],
                     ["Toner cartridge", "2", "38.00", "76.00"],
                     ["Desk lamp", "1", "22.95", "22.95"],
                     ["Postage and packing", "1", "6.00", "6.00"]]


def test_the_search_goes_on_past_a_candidate_that_is_no_table() -> None:
    """Mode 5: a "Prepared by / Date / Ref" line in three blocks failed as a table and the
    search stopped, so the table under the paragraph was never tried (no table at all)."""
    (table,) = grids("table_below_failed_candidate")
    assert table == [["Team", "Induction", "Safeguarding", "Data protection"],
                     ["Finance", "12", "10", "11"], ["Housing", "31", "28", "30"],
                     ["Planning", "9", "9", "8"]]


def test_a_label_value_table() -> None:
    """Mode 5: a label and a right-aligned amount per line (two blocks) was never a
    candidate: the key figures were lost."""
    (table,) = grids("label_value_pairs")
    assert table == [
        ["", "2022"], ["Fund A", ""], ["Net assets at 31 December", "5,111,372"],
        ["Units in issue at 31 December", "49,136"], ["Net assets per unit", "104.03"],
        ["Fund B", ""], ["Net assets at 31 December", "49,144,825"],
        ["Units in issue at 31 December", "471,555"], ["Net assets per unit", "104.22"]]


def test_control_lines_of_two_blocks_that_are_no_table() -> None:
    """Control: a letter's reference and date, a table of contents with dot leaders and a
    list of signatories are no table (none before, none now)."""
    with pytest.raises(NoTableError):
        read_document(UNRULED / "two_block_lines.pdf")


def test_a_table_in_one_column_of_a_two_column_page() -> None:
    """Mode 5: read across the page, each line of the left column's prose joined a row of
    the table in the right column (no table was left); the page is split at its gutter."""
    (table,) = grids("two_column_page")
    assert table == [["Team", "Induction", "Refresher"], ["Finance", "12", "10"],
                     ["Housing", "31", "28"], ["Planning", "9", "7"]]


@pytest.mark.parametrize("name", ["plan_wrapped_cells"])
def test_control_an_action_plan_with_wrapped_cells(name: str) -> None:
    """Control: wrapped cells in one column stay one cell each (read right before too)."""
    (table,) = grids(name)
    assert table == [
        ["Ref", "Finding", "Action", "Lead", "Due"],
        ["1", "Referrals were\nnot logged.",
         "Log every referral on the\nday it arrives and check\nthe log each week.", "Ops",
         "Mar-23"],
        ["2", "Staff lacked\ntraining.", "Train all staff.", "HR", "Jun-23"],
        ["3", "Audits were late.", "Set an audit timetable\nand report progress to\nthe "
         "board every quarter\nfrom April.", "Audit", "Sep-23"]]


def test_rows_whose_label_is_given_on_a_group_s_first_row_only() -> None:
    """Mode 4: a line with nothing in the first column was always taken as wrapped text,
    so each region's years and figures were one row ("2019\n2020\n2021"); figures in two
    columns or more under the row's own figures are a row of their own."""
    (table,) = grids("rows_without_labels")
    assert table == [
        ["Region", "Year", "Admissions", "Discharges", "Rate"],
        ["North", "2019", "1,204", "1,150", "4.2"], ["", "2020", "1,310", "1,266", ""],
        ["", "2021", "1,422", "1,380", "4.8"], ["South", "2019", "2,115", "2,060", "3.9"],
        ["", "2020", "2,160", "2,101", ""], ["", "2021", "2,203", "2,188", "4.1"],
        ["Islands", "2019", "312", "298", "5.0"], ["", "2020", "330", "321", ""]]


def test_a_footnote_mark_set_raised_is_not_part_of_the_figure() -> None:
    """A mark set small and raised after a figure joined it as typed: "24.91" with a
    superior "2" read "24.912", another number. It is kept, as superscript digits; an
    ordinal's raised letters (the control, "1st") stay as set."""
    (table,) = grids("footnote_marks")
    assert table == [
        ["State", "Market", "Banks", "Other"], ["Kerala", "24.91²", "4.11", "1.45"],
        ["Lowlands¹", "12.69", "0.26¹²", "0.24"], ["Goa", "1.02", "0.38", "-"],
        ["Punjab", "10.93", "7.23", "0.46"], ["Sikkim", "1st", "0.16", "0.01"]]


def test_control_cells_wrapping_in_two_columns_onto_capitals_stay_one_row() -> None:
    """Control: wrapped lines in two columns at once that start with a capital (words,
    not figures) and a second paragraph on a line of its own stay in their row."""
    (table,) = grids("plan_capital_wraps")
    assert table == [
        ["No", "Action", "Lead", "Progress", "Due"],
        ["1", "Agree the referral form\nwith partners", "Head of\nChildren's Services",
         "Form agreed.\nTraining booked.", "Mar-23"],
        ["2", "Report audit findings\nto the Board", "Chair of the\nBoard", "Done.",
         "Jun-23"]]


def test_a_page_of_prose_is_not_searched_for_an_unruled_table() -> None:
    """Speed: the page's words were made and searched on every page; a cheap look at the
    glyphs finds no line in three runs on a page of prose, and one on a table's page."""
    import pdfplumber

    from ingest.pdfcolumns import may_hold_columns

    def glyphs(text: str, top: float) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        x = 72.0
        for ch in text:
            advance = 2.8 if ch == " " else 5.0  # 10 pt type: a space is 0.28 of it
            out.append({"text": ch, "x0": x, "x1": x + advance, "top": top,
                        "bottom": top + 10, "size": 10.0})
            x += advance
        return out

    prose = [*glyphs("A paragraph of running text, set in one", 100),
             *glyphs("column, its words a space apart.", 112)]
    assert not may_hold_columns(prose, 50, 800)
    assert may_hold_columns(glyphs("Team      Induction      Safeguarding", 100), 50, 800)
    with pdfplumber.open(UNRULED / "table_below_failed_candidate.pdf") as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        assert may_hold_columns(page.chars, 0.07 * height, 0.93 * height)


def test_rules_and_dot_leaders_are_filler_but_a_nil_value_is_kept() -> None:
    """Dashes and dot leaders drawn in text are no cell; "..." or "---" alone in a cell is
    a value (nil, not available, as budget tables print it) and was once dropped."""
    from ingest.pdfcolumns import drop_filler

    def word(text: str, x0: float) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x0 + 5 * len(text), "top": 100.0,
                "bottom": 110.0}

    line = [word("Total.........", 72), word("...", 200), word("---", 250),
            word("==========", 300), word(".......", 400), word("12", 450)]
    kept = drop_filler(line)
    assert [w["text"] for w in kept] == ["Total", "...", "---", "12"]
    assert kept[0]["x1"] == 72 + 5 * len("Total")


STATISTICS = [["Background", "Any", "Pill", "IUD", "Condom", "Number"],
              ["Scheduled caste", "74.8", "9.7", "0.0", "2.2", "1,363"],
              ["Scheduled tribe", "59.3", "6.4", "0.6", "3.5", "256"],
              ["Other backward class", "71.4", "8.6", "1.4", "6.2", "211"],
              ["Other", "71.1", "13.3", "0.9", "5.2", "3,319"],
              ["Total", "71.2", "11.7", "0.6", "4.3", "5,234"]]


def test_a_turned_table_in_a_frame_ruled_only_round_its_header() -> None:
    """A statistical table printed turned (camelot's clockwise_table_2): read in its own
    frame, its rulings gave the title, the header and one cell holding the whole body.
    The unruled finder now reads the frame's words in the table's frame; the title inside
    the frame stays a row across the table."""
    (table,) = grids("turned_framed_statistics")
    title = "Table 21 Current use of contraception"
    assert table == [[title, *["~" + title] * 5], *STATISTICS]


def test_a_turned_borderless_table() -> None:
    """The same table turned the other way with no rules (camelot's anticlockwise_table_2):
    read as upright lines its words were one a line, and no table was found."""
    doc = read_document(UNRULED / "turned_borderless.pdf")
    (table,) = doc.tables
    assert [[c.text for c in row] for row in table.rows] == STATISTICS
    assert table.page == 1
