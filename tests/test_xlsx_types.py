"""The workbook keeps text as text and dates as dates for every spreadsheet that opens it
(issue 16: LibreOffice turned "Jan-22" into 2026-01-22 and "01/02/2022" into 2 January):
text cells and text-formatted columns for every raw and text column, ids as text, a Table
per data sheet, RAG coloured by conditional formats."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from exporters import TABLES
from exporters.schema import columns_of
from planparse import convert

# Raw cells that a spreadsheet would re-type: month-year, a day/month date, a number-like
# ref and a lead that is all digits; every RAG word.
RETYPED = ("No\tAction\tLead\tTarget date\tRAG\n"
           "01\tKeep the register\t0044\tJan-22\tRed\n"
           "2.10\tAudit the files\tAudit team\t01/02/2022\tAmber\n"
           "3\tTrain staff\tHR\t2022\tGreen\n")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from openpyxl import load_workbook

    src = tmp_path_factory.mktemp("src")
    (src / "retyped.txt").write_text(RETYPED, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    convert([src], out, formats=["xlsx"], workers=1)
    return load_workbook(out / "planparse.xlsx")


def _column(ws: Any, name: str) -> list[Any]:
    header = [c.value for c in ws[1]]
    index = header.index(name) + 1
    (column,) = ws.iter_cols(min_col=index, max_col=index, min_row=2)
    return list(column)


def test_raw_cells_are_text_cells_that_look_like_dates_or_numbers(workbook: Any) -> None:
    ws = workbook["actions"]
    raw = _column(ws, "target_date_raw")
    assert [c.value for c in raw] == ["Jan-22", "01/02/2022", "2022"]
    assert {(c.data_type, c.number_format) for c in raw} == {("s", "@")}
    assert [c.value for c in _column(ws, "ref")] == ["01", "2.10", "3"]
    assert next(c.value for c in _column(ws, "lead")) == "0044"
    for name in ("plan_id", "action_id", "ref", "lead", "rag", "status_raw"):
        cells = [c for c in _column(ws, name) if c.value is not None]
        assert cells and {(c.data_type, c.number_format) for c in cells} == {("s", "@")}, name


def test_every_text_column_of_every_sheet_is_formatted_as_text(workbook: Any) -> None:
    from openpyxl.utils import get_column_letter

    for name, model in TABLES.items():
        ws = workbook[name]
        for i, col in enumerate(columns_of(model), start=1):
            dim = ws.column_dimensions[get_column_letter(i)]
            if col.kind in ("string", "enum", "list", "object"):
                # Empty cells, and anything typed in later, stay text too.
                assert dim.number_format == "@", (name, col.name)
            elif col.kind == "date":
                assert dim.number_format == "yyyy-mm-dd", (name, col.name)
            else:
                assert dim.number_format == "General", (name, col.name)


def test_dates_stay_real_dates(workbook: Any) -> None:
    target = _column(workbook["actions"], "target_date")
    assert [c.value for c in target] == [datetime(2022, 1, 31), datetime(2022, 2, 1),
                                         datetime(2022, 12, 31)]
    assert all(c.is_date and c.number_format == "yyyy-mm-dd" for c in target)


def test_each_data_sheet_is_a_table_and_rag_is_coloured(workbook: Any) -> None:
    for name in TABLES:
        ws = workbook[name]
        assert list(ws.tables) == [name], name
        assert ws.tables[name].ref.startswith("A1:")
        assert ws.auto_filter.ref is None  # the Table filters; one filter per range
    assert workbook["About"].tables == {}
    actions = workbook["actions"]
    assert actions.tables["actions"].ref == actions.dimensions == "A1:AG4"
    rules = {(str(cf.sqref), rule.formula[0], rule.dxf.fill.fgColor.rgb)
             for cf in actions.conditional_formatting for rule in cf.rules}
    rag = next(c.column_letter for c in actions[1] if c.value == "rag")
    assert rules == {(f"{rag}2:{rag}4", '"red"', "00FFC7CE"),
                     (f"{rag}2:{rag}4", '"amber"', "00FFEB9C"),
                     (f"{rag}2:{rag}4", '"green"', "00C6EFCE"),
                     (f"{rag}2:{rag}4", '"blue"', "00BDD7EE")}
    assert [c.value for c in _column(actions, "rag")] == ["red", "amber", "green"]
    # Sheets without a RAG column get no colours.
    assert not list(workbook["plans"].conditional_formatting)


def test_an_empty_table_still_has_a_valid_table(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "plan.txt").write_text("No\tAction\tLead\n1\tDo it\tHR\n",
                                                 encoding="utf-8")
    convert([tmp_path / "src"], tmp_path / "out", formats=["xlsx"], workers=1)
    ws = load_workbook(tmp_path / "out" / "planparse.xlsx")["progress_entries"]
    assert ws.max_row == 1 and ws.tables["progress_entries"].ref == "A1:G2"


@pytest.mark.parametrize(("sheet", "table"), [
    ("actions", "actions"), ("findings", "findings"), ("A1", "t_A1"), ("R1C1", "t_R1C1"),
    ("2022 plans", "t_2022_plans"), ("audit-log", "audit_log")])
def test_table_names_are_valid_for_any_sheet(sheet: str, table: str) -> None:
    from exporters.xlsx import _table_name

    assert _table_name(sheet) == table


def test_each_actions_plan_id_links_to_its_plans_row(tmp_path: Path) -> None:
    # Two plans (two files, 3 and 2 actions), so a link to the wrong row would show.
    from openpyxl import load_workbook

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(RETYPED, encoding="utf-8")
    (src / "b.txt").write_text(RETYPED.rsplit("3\t", 1)[0], encoding="utf-8")
    convert([src], tmp_path / "out", formats=["xlsx"], workers=1)
    wb = load_workbook(tmp_path / "out" / "planparse.xlsx")
    plans = {c.value: c.coordinate for c in _column(wb["plans"], "plan_id")}
    assert len(plans) == 2
    links = [(c.value, c.hyperlink.location if c.hyperlink else None, c.data_type)
             for c in _column(wb["actions"], "plan_id")]
    assert sorted(Counter(v for v, _, _ in links).values()) == [2, 3]
    for value, location, kind in links:
        assert location == f"'plans'!{plans[value]}" and kind == "s"
        sheet, cell = location.split("!")
        assert wb[sheet.strip("'")][cell].value == value  # the row holding that plan_id
    # Control: the plans sheet's own ids are not links.
    assert all(c.hyperlink is None for c in _column(wb["plans"], "plan_id"))
