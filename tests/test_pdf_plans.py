"""PDF plans as Word prints them: a borderless plan whose later pages repeat no header, words
broken with no hyphen at a narrow column's edge, and a date that ends a line before its
entry. Fixtures in ``fixtures/pdf_plans`` (made by ``fixtures/make_pdf.py``, pages read off
by hand with pdftoppm); the seven layouts of ``fixtures/pdf`` are the controls."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ingest import Cell, SourceDocument, SourceTable, read_document
from normalise import Plan, Severity, document_to_plans
from normalise.unwrap import join_broken_words, unwrap
from normalise.wordlist import zipf
from planparse import read

from .conftest import FIXTURES, SEED
from .test_pdf import PAGES, PDF, pdf_signature

PLANS = FIXTURES / "pdf_plans"
SEED_LAYOUTS = [PDF / f"{name}.pdf" for name in PAGES]
NEW_LAYOUTS = [PLANS / f"{name}.pdf" for name in (
    "borderless_header_not_repeated", "narrow_column_words_broken", "date_at_line_end")]


PAGES_READ = [(1, 1), (1, 2), (2, 2), (2, 3), (3, 4), (4, 5), (5, 5), (5, 6)]


def test_a_borderless_plan_whose_later_pages_repeat_no_header_stays_whole() -> None:
    """Mode 6. Each later page's first row was taken for its header and the table rejected
    (info only): 2 actions of 8, exit code 0. A part at the top of the next page with the
    plan's columns continues it; its first row is data. Page 6 holds the end of action 8
    in two columns only (too few blocks for the unruled finder): it is read in the columns
    of the table that ended page 5."""
    path = PLANS / "borderless_header_not_repeated.pdf"
    plans, issues = document_to_plans(read_document(path))
    assert issues == []
    (plan,) = plans
    (ruled,) = read(PDF / "ruled.pdf")
    assert plan.action_count == 8 and sum(len(a.entries) for a in plan.actions) == 19
    assert pdf_signature(plan) == pdf_signature(ruled)
    # Read off the pages: each later page opens with the tail of the row before (2 on
    # page 2, 4 on page 3, 5 on page 4, 6 on page 5, 8 on page 6).
    assert [(a.page_first, a.page_last) for a in plan.actions] == [
        (1, 1), (1, 2), (2, 2), (2, 3), (3, 4), (4, 5), (5, 5), (5, 6)]
    assert plan.actions[7].finding.endswith(
        "guidance specifically around children attending to access emergency contraception")


def test_words_broken_at_a_narrow_columns_edge_are_joined(text_plan: Plan) -> None:
    """Mode 7: "Health/YTHFT/Pri" / "mary Care", "supervision/presenta" / "tion",
    "reasons/vulnerabiliti" / "es" came back with a space in the word."""
    (plan,) = read(PLANS / "narrow_column_words_broken.pdf")
    assert pdf_signature(plan) == pdf_signature(text_plan)
    assert plan.actions[2].lead == "YorSexual Health/YTHFT/Primary Care"
    assert "team supervision/presentation of case" in plan.actions[6].progress
    assert "other reasons/vulnerabilities hilighted" in plan.actions[7].progress
    # The reader says which lines reach the cell's edge; "sub-" + "group" keeps its hyphen.
    assert "sub-group" in plan.actions[5].progress


def test_a_date_that_ends_a_line_starts_its_entry(text_plan: Plan) -> None:
    """Mode 8: "…added to the CYSCP website. 05/10/21" / "- The 7 point briefing…" stayed
    in the entry before, its text starting "- The 7 point"."""
    (plan,) = read(PLANS / "date_at_line_end.pdf")
    assert pdf_signature(plan) == pdf_signature(text_plan)
    entry = plan.actions[0].entries[3]
    assert (entry.entry_date_raw, entry.text) == (
        "05/10/21", "The 7 point briefing for Child Poppy is with partners for comments "
        "and feedback. The deadline is 08/10/21.")
    assert plan.actions[0].entries[2].text.endswith("added to the CYSCP website.")


def _words(plan: Plan) -> Counter[str]:
    return Counter(w for a in plan.actions for text in (
        a.ref, a.finding, a.action, a.progress, a.lead, a.target_date_raw, a.status_raw,
        a.evidence, *a.extra.values()) for w in text.split())


def _seed_words() -> Counter[str]:
    table = read_document(SEED).tables[0]
    return Counter(w for row in table.rows[1:] for cell in row for w in cell.text.split())


@pytest.mark.parametrize("path", [*SEED_LAYOUTS, *NEW_LAYOUTS], ids=lambda p: p.stem)
def test_no_word_of_the_seed_is_lost_in_any_layout(path: Path) -> None:
    (plan,) = read(path)
    got, want = _words(plan), _seed_words()
    assert (want - got, got - want) == (Counter(), Counter())


@pytest.mark.parametrize(("lines", "edge", "joined"), [
    (["YorSexual", "Health/YTHFT/Pri", "mary Care"], [False, True, False],
     ("YorSexual", "Health/YTHFT/Primary Care")),
    (["reasons/vulnerabiliti", "es hilighted"], [True, False],
     ("reasons/vulnerabilities hilighted",)),
    # The issue's held-back print: one piece may be a word ("present"), the other not.
    (["supervision/present", "ation of case"], [True, False],
     ("supervision/presentation of case",)),
    (["reasons/vulnerabil", "ities"], [True, False], ("reasons/vulnerabilities",)),
    # Controls: two words that also make one keep their space ...
    (["some", "times late"], [True, False], ("some", "times late")),
    (["to", "day"], [True, False], ("to", "day")),
    # ... and so does a line that stops short of the edge, a line of several words, a
    # next line in capitals, and a joined run that is no word.
    (["Health/YTHFT/Pri", "mary Care"], [False, False], ("Health/YTHFT/Pri", "mary Care")),
    (["the Pri", "mary Care"], [True, False], ("the Pri", "mary Care")),
    (["Health/YTHF", "T/Primary"], [True, False], ("Health/YTHF", "T/Primary")),
    (["supervision/presentation", "of case"], [True, False],
     ("supervision/presentation", "of case")),
])
def test_join_broken_words(lines: list[str], edge: list[bool], joined: tuple[str, ...]
                           ) -> None:
    assert join_broken_words(lines, edge, zipf, lambda w: 0) == joined
    assert "".join(joined).replace(" ", "") == "".join(lines).replace(" ", "")


def test_a_word_of_the_document_joins_where_the_word_list_has_none() -> None:
    seen = {"ysthft": 3}.get
    assert join_broken_words(["Health/YST", "hft"], [True, False], zipf,
                             lambda w: seen(w.lower(), 0)) == ("Health/YSThft",)
    assert join_broken_words(["Health/YST", "hft"], [True, False], zipf,
                             lambda w: 0) == ("Health/YST", "hft")


@pytest.mark.parametrize(("lines", "paragraphs"), [
    (["can be added to the", "CYSCP website. 05/10/21", "- The 7 point briefing"],
     ("can be added to the CYSCP website.", "05/10/21 - The 7 point briefing")),
    (["take place with SS. 19/01/22", "This remains outstanding"],
     ("take place with SS.", "19/01/22 This remains outstanding")),
    # Controls: a date mentioned mid-sentence, or a lower-case word after it, stays.
    (["Masterclass held on 17/06/21", "The plan"], ("Masterclass held on 17/06/21 The plan",)),
    (["Done. Complete 04/03/2020", "all staff trained."],
     ("Done. Complete 04/03/2020 all staff trained.",)),
    (["Reviewed. 05/10/21", "and again"], ("Reviewed. 05/10/21 and again",)),
])
def test_unwrap_a_date_at_a_line_end(lines: list[str], paragraphs: tuple[str, ...]) -> None:
    assert unwrap(lines) == paragraphs


def test_a_part_with_the_plans_columns_that_is_left_out_fails_the_run(tmp_path: Path,
                                                                       text_plan: Plan
                                                                       ) -> None:
    """Issue 16: later tables with the plan's columns were rejected as "not an action
    plan" at info level, and the run exited 0 with a partial plan. Actions 5-8 sit below
    a note on a new page (so they do not continue the plan): one error per page table
    with the plan's columns, and exit code 1. The tail of action 4 on page 3 fills four
    of the eight columns: read in the columns of page 2's table, it continues the plan."""
    import csv

    from click.testing import CliRunner

    from planparse.cli import cli

    path = PLANS / "borderless_part_below_a_note.pdf"
    (plan,) = read(path)
    assert pdf_signature(plan) == pdf_signature(text_plan)[:4]
    assert [(a.page_first, a.page_last) for a in plan.actions] == [(1, 1), (1, 2), (2, 2),
                                                                    (2, 3)]
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 1, result.output
    with (tmp_path / "issues.csv").open(encoding="utf-8-sig") as fh:
        found = [(r["code"], r["severity"], r["page"]) for r in csv.DictReader(fh)
                 if r["code"] != "truncated-cell"]
    assert found == [("plan-part-dropped", "error", str(page)) for page in (4, 5, 6, 7)]


# --- a table after a plan that is not taken: how loud --------------------------------------

HEADER = ("No", "Action", "Lead", "Target date")


def _table(index: int, page: int, top: float, rows: list[tuple[str, ...]],
           lefts: tuple[int, ...] = (40, 80, 400, 600)) -> SourceTable:
    return SourceTable(index, tuple(tuple(Cell((t,)) for t in row) for row in rows),
                       page=page, page_last=page, col_widths=lefts, wrapped_lines=True,
                       bbox=(40.0, top, 780.0, top + 100))


def _issues(*tables: SourceTable) -> list[tuple[str, Severity, int | None]]:
    doc = SourceDocument("x.pdf", "pdf", "0" * 64, tables)
    plans, issues = document_to_plans(doc)
    assert [p.action_count for p in plans] == [1]
    return [(i.code, i.severity, i.page) for i in issues]


def test_a_table_with_the_plans_columns_left_out_is_an_error() -> None:
    """Issue 16: a plan followed by tables with its columns that were not taken gave exit 0
    with info-level issues only. Below prose on the next page it is not taken (it may be a
    new table), but it is an error, so the run exits 1; a different table at the top of
    the next page is a warning; one further on stays information."""
    plan = _table(0, 1, 100, [HEADER, ("1", "Brief staff", "CYSCP", "Jul-21")])
    same_columns_low = _table(1, 2, 300, [("2", "Audit cases", "YSTHFT", "Aug-21")],
                              lefts=(40, 95, 380, 610))
    assert _issues(plan, same_columns_low) == [("plan-part-dropped", Severity.error, 2)]
    other = _table(1, 2, 45, [("Term", "Meaning"), ("CYSCP", "The partnership")],
                   lefts=(40, 300))
    assert _issues(plan, other) == [("not-an-action-plan", Severity.warning, 2)]
    later = _table(1, 4, 45, [("Term", "Meaning"), ("CYSCP", "The partnership")],
                   lefts=(40, 300))
    assert _issues(plan, later) == [("not-an-action-plan", Severity.info, 4)]


def test_a_part_at_the_top_of_the_next_page_with_moved_columns_continues() -> None:
    plan = _table(0, 1, 100, [HEADER, ("1", "Brief staff", "CYSCP", "Jul-21")])
    part = _table(1, 2, 45, [("2", "Audit cases", "YSTHFT", "Aug-21")],
                  lefts=(40, 95, 380, 610))
    shifted = _table(1, 2, 45, [("2", "Audit cases", "YSTHFT", "Aug-21")],
                     lefts=(40, 500, 600, 700))  # columns that do not line up one for one
    plans, issues = document_to_plans(SourceDocument("x.pdf", "pdf", "0" * 64, (plan, part)))
    assert [a.action for a in plans[0].actions] == ["Brief staff", "Audit cases"]
    assert issues == []
    plans, issues = document_to_plans(SourceDocument("x.pdf", "pdf", "0" * 64,
                                                     (plan, shifted)))
    assert plans[0].action_count == 1 and [i.severity for i in issues] == [Severity.warning]


def _word(text: str, x0: float, top: float, width: float = 30) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 9}


def test_the_top_of_a_page_is_read_in_the_columns_of_the_table_that_ended_the_last() -> None:
    """The lines at the top of a page that each lie inside the carried columns are a table
    in them; the first line that runs across the columns (prose) ends it."""
    from ingest.pdfcarry import Columns, carried_table

    spans = Columns(((40.0, 80.0), (80.0, 300.0), (300.0, 500.0), (500.0, 700.0)))
    words = [_word("lead", 90, 60), _word("staff", 310, 60), _word("Health", 90, 72),
             *(_word(w, 60 + 34 * i, 96) for i, w in enumerate(
                 ["This", "note", "runs", "across", "the", "page", "as", "prose", "does"]))]
    page = SimpleNamespace(height=800, extract_words=lambda **_: words)
    part, rest = carried_table(page, spans, 0.07, [])
    assert part is not None and rest == []
    bbox, lefts, boxes, texts = part
    assert lefts == [40.0, 80.0, 300.0, 500.0] and len(boxes) == 1
    assert texts == [["", "lead\nHealth", "staff", ""]]
    assert bbox[1] == 60 and bbox[3] == 81
    prose_first = [_word(w, 60 + 34 * i, 60) for i, w in enumerate(["A", "note", "first"])]
    page = SimpleNamespace(height=800, extract_words=lambda **_: prose_first + words)
    assert carried_table(page, spans, 0.07, []) == (None, [])
    # Two columns of prose after a table fit its columns too, but open in the first
    # column, as a new row would (found on a real PDF: camelot's diesel_engines, page 8).
    prose_columns = [_word("m) Where", 42, 60, 36), _word("2.5.2 Fuel", 310, 60),
                     _word("alternative", 90, 72)]
    page = SimpleNamespace(height=800, extract_words=lambda **_: prose_columns)
    assert carried_table(page, spans, 0.07, []) == (None, [])


def test_a_part_lower_on_the_same_page_with_the_plans_columns_continues() -> None:
    """Control (as on main): a table the finder split in two on one page, the second part
    with the plan's columns, is one plan."""
    plan = _table(0, 1, 100, [HEADER, ("1", "Brief staff", "CYSCP", "Jul-21")])
    part = _table(1, 1, 400, [("2", "Audit cases", "YSTHFT", "Aug-21")])
    plans, issues = document_to_plans(SourceDocument("x.pdf", "pdf", "0" * 64, (plan, part)))
    assert [a.action for a in plans[0].actions] == ["Brief staff", "Audit cases"]
    assert issues == []
