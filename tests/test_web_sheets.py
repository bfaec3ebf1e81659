"""Web pages, spreadsheet trackers, record-per-page plans and standard input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import EncryptedFileError, NoTableError, read_document
from ingest.html import fill_of, read_html
from normalise import Plan, Rag, RagSource, Status
from planparse import read
from planparse.cli import cli

from .conftest import FIXTURES, signature

WEB = FIXTURES / "web" / "child-poppy.html"
TRACKER = FIXTURES / "sheets" / "child-poppy-tracker.xlsx"


@pytest.mark.parametrize("path", [WEB, TRACKER], ids=["html", "xlsx"])
def test_web_page_and_tracker_give_the_text_samples_plan(path: Path, text_plan: Plan) -> None:
    (plan,) = read(path)
    assert plan.title == "Child Poppy Action Plan"
    assert sum(len(a.entries) for a in plan.actions) == 19
    assert signature(plan) == signature(text_plan)
    assert [(a.rag, a.rag_source) for a in plan.actions] == (
        [(Rag.green, RagSource.colour)] * 5 + [(Rag.amber, RagSource.colour)]
        + [(Rag.green, RagSource.colour)] * 2)


def test_web_page_drops_navigation_and_scripts() -> None:
    doc = read_document(WEB)
    assert len(doc.tables) == 1
    assert doc.title is not None and doc.title.startswith("Child Poppy Action Plan |")
    text = " ".join(c.text for row in doc.tables[0].rows for c in row)
    assert "analytics" not in text and "Reviews" not in text
    assert doc.tables[0].header_rows == (0,)


def test_tracker_reads_real_dates_merged_title_and_skips_hidden_sheets() -> None:
    doc = read_document(TRACKER)
    assert [t.heading for t in doc.tables] == ["Action plan", "Notes"]
    title_row = doc.tables[0].rows[0]
    assert title_row[0].text == "Child Poppy Action Plan" and title_row[1].merged
    assert doc.tables[0].rows[2][5].text == "2021-08-01"  # a real date cell
    assert [n.code for n in doc.notes] == ["hidden-sheet-skipped"]
    (plan,) = read(TRACKER)
    assert plan.actions[0].target_date == date(2021, 8, 1)
    assert plan.actions[0].target_date_precision is not None
    assert plan.actions[0].target_date_precision.value == "day"


def test_record_pages_in_a_folder_become_one_plan() -> None:
    (plan,) = read(FIXTURES / "records")
    assert plan.title == "Serious Case Review: Child Q"
    assert plan.source_file.endswith("records/")
    assert [a.ref for a in plan.actions] == ["1", "2", "3"]
    assert [a.action_id for a in plan.actions] == [f"{plan.plan_id}-00{i}" for i in (1, 2, 3)]
    assert [a.source_file.rsplit("/", 1)[-1] for a in plan.actions] == [
        f"child-q-recommendation-{i}.html" for i in (1, 2, 3)]
    a1, a2, a3 = plan.actions
    assert a1.leads == ["Police", "Children's Social Care"]
    assert (a1.target_date, a1.rag) == (date(2020, 3, 31), Rag.amber)
    assert [e.entry_date for e in a1.entries] == [date(2019, 11, 14), date(2019, 10, 1)]
    assert (a2.entries[0].entry_date, a2.entries[0].text) == (date(2020, 3, 4),
                                                              "Complete all schools audited.")
    assert (a3.target_date, a3.rag, a3.status) == (date(2020, 3, 31), Rag.red, None)
    assert a3.entries[0].entry_date is None  # "Not yet started." has no date
    assert plan.as_of == date(2020, 3, 4)


def test_one_record_page_alone_is_a_one_action_plan() -> None:
    (plan,) = read(FIXTURES / "records" / "child-q-recommendation-2.html")
    assert plan.action_count == 1 and plan.actions[0].ref == "2"


@pytest.mark.parametrize(("name", "error", "words"), [
    ("no-table.html", NoTableError, "no table found in the page"),
    ("locked.xlsx", EncryptedFileError, "password-protected"),
])
def test_broken_inputs_fail_with_one_clear_error(name: str, error: type[Exception],
                                                 words: str) -> None:
    with pytest.raises(error, match=words):
        read_document(FIXTURES / "broken" / name)


def test_broken_inputs_in_a_batch_each_get_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(FIXTURES / "broken"), str(WEB), "-o",
                                      str(tmp_path), "-q"])
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert [ln.split(": ", 2)[1].rsplit("/", 1)[-1] for ln in lines] == [
        "locked.xlsx", "no-header.xlsx", "no-table.html"]
    assert "Traceback" not in result.stderr
    plans = json.loads((tmp_path / "plans.json").read_text())["plans"]
    assert [p["action_count"] for p in plans] == [8]


@pytest.mark.parametrize(("style", "fill"), [
    ('style="background-color: #92D050"', "92D050"), ('style="background: rgb(255, 192, 0)"',
                                                      "FFC000"),
    ('style="color: red; background-color: green"', "008000"), ('bgcolor="red"', "FF0000"),
    ('style="background-color:#f00"', "FF0000"), ('style="font-weight: bold"', None),
])
def test_html_fills(style: str, fill: str | None) -> None:
    import lxml.html

    assert fill_of(lxml.html.fragment_fromstring(f"<td {style}>x</td>")) == fill


def test_html_spans_resolve_into_the_grid() -> None:
    page = (b"<table><tr><th>No</th><th>Action</th><th>Lead</th><th>Status</th></tr>"
            b"<tr><td>1</td><td>A</td><td rowspan='2'>Police</td><td>Done</td></tr>"
            b"<tr><td>2</td><td>B</td><td>Done</td></tr>"
            b"<tr><td colspan='4'>Theme 2</td></tr></table>")
    doc = read_html(page, "x.html")
    rows = [[None if c.merged else c.text for c in r] for r in doc.tables[0].rows]
    assert rows == [["No", "Action", "Lead", "Status"], ["1", "A", "Police", "Done"],
                    ["2", "B", None, "Done"], ["Theme 2", None, None, None]]
    (plan,) = read(_write(doc_bytes=page))
    assert [a.leads for a in plan.actions] == [["Police"], ["Police"]]
    assert [a.status for a in plan.actions] == [Status.completed, Status.completed]


def test_html_charset_from_meta_tag() -> None:
    page = ('<html><head><meta charset="windows-1252"></head><body><table><tr><th>Action</th>'
            "<th>Lead</th><th>Status</th></tr><tr><td>Café review</td><td>Zoë</td>"
            "<td>Done</td></tr></table></body></html>").encode("cp1252")
    doc = read_html(page, "x.html")
    assert doc.tables[0].rows[1][0].text == "Café review" and doc.encoding == "cp1252"


def _write(doc_bytes: bytes) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "page.html"
    path.write_bytes(doc_bytes)
    return path


def test_standard_input(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["convert", "-", "--input-format", "html", "-o",
                                 str(tmp_path), "-q"], input=WEB.read_bytes())
    assert result.exit_code == 0, result.output
    (plan,) = json.loads((tmp_path / "plans.json").read_text())["plans"]
    assert (plan["source_file"], plan["action_count"]) == ("stdin", 8)
    result = runner.invoke(cli, ["convert", "-", "-o", str(tmp_path)], input=b"x")
    assert result.exit_code == 2 and "--input-format" in result.output
