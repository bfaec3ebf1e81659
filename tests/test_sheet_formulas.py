"""Formula cells in a workbook: the value a spreadsheet saved is read; a formula with no
saved value (a workbook written by a program, which computes nothing) keeps its formula
and says so, where it was an empty cell before (the plan's refs were all lost)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from ingest import read_document
from normalise import document_to_plans

from .conftest import FIXTURES

TRACKER = FIXTURES / "sheets" / "child-poppy-tracker.xlsx"


def _with_formula_refs(path: Path) -> None:
    """The tracker with each action's number replaced by ``=ROW()-2``, as openpyxl writes
    it: the formula, and an empty value."""
    import openpyxl

    wb = openpyxl.load_workbook(TRACKER)
    for cell in wb.worksheets[0]["A"]:
        if isinstance(cell.value, str) and cell.value.strip().isdigit():
            cell.value = "=ROW()-2"
    wb.save(path)


def _saved_by_a_spreadsheet(src: Path, dst: Path) -> None:
    """The same workbook with each formula's value saved beside it, as Excel does."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<c r="A(\d+)"([^>]*)><f>ROW\(\)-2</f><v></v>',
                              lambda m: b'<c r="A%s"%s><f>ROW()-2</f><v>%d</v>' % (
                                  m[1], m[2], int(m[1]) - 2), body)
            zout.writestr(info, body)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("formulas")
    _with_formula_refs(root / "written.xlsx")
    _saved_by_a_spreadsheet(root / "written.xlsx", root / "saved.xlsx")
    return root / "written.xlsx", root / "saved.xlsx"


def test_a_formula_with_no_saved_value_keeps_its_formula(workbooks: tuple[Path, Path]
                                                         ) -> None:
    doc = read_document(workbooks[0])
    (note,) = [n for n in doc.notes if n.code == "formula-without-value"]
    assert note.severity == "warning" and "8 formula cell(s) have no saved value" in \
        note.message
    (plan,), _ = document_to_plans(doc)
    assert [a.ref for a in plan.actions] == ["=ROW()-2"] * 8
    assert "formula-without-value" in {i.code for i in plan.issues}


def test_control_a_saved_value_is_read_and_its_formula_is_not(
        workbooks: tuple[Path, Path]) -> None:
    doc = read_document(workbooks[1])
    assert "formula-without-value" not in {n.code for n in doc.notes}
    (plan,), _ = document_to_plans(doc)
    assert [a.ref for a in plan.actions] == [str(n) for n in range(1, 9)]


def test_control_a_workbook_without_formulas_is_read_as_before() -> None:
    doc = read_document(TRACKER)
    assert "formula-without-value" not in {n.code for n in doc.notes}
    (plan,), _ = document_to_plans(doc)
    assert [a.ref for a in plan.actions] == [str(n) for n in range(1, 9)]
