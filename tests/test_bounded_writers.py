"""The writers that need a table's rows together hold a bounded part of them (issue 15):
Parquet row groups end at a byte bound as well as a row count, the report renders each
plan's section as it arrives, and the workbook's sheets are write-only sheets whose
content (read back) is what the whole-sheet workbook held."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import exporters.parquet
from exporters.parquet import row_groups
from exporters.report import ReportSink, render_report
from exporters.sink import Context
from exporters.write import write_outputs
from planparse import read

from .conftest import SEED
from .fixtures.xlsx_content import differences


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seed three times under different names: three plans of one title."""
    src = tmp_path_factory.mktemp("copies")
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, src / name)
    return sorted(src.iterdir())


def test_row_groups_end_at_the_byte_bound_not_only_the_row_count() -> None:
    rows = [("x" * 100, 1)] * 10
    # ~108 bytes a row: a 250-byte bound makes groups of 3 (the row that passes it is in).
    assert [len(g) for g in row_groups(iter(rows), max_rows=1000, max_bytes=250)] == [3, 3, 3, 1]
    # Control: the row count still ends a group, and an exact multiple adds no empty group.
    assert [len(g) for g in row_groups(iter(rows), max_rows=5, max_bytes=10**9)] == [5, 5]
    # An empty table is one empty group (its schema is still written).
    assert list(row_groups(iter([]))) == [[]]


def test_a_parquet_table_over_the_byte_bound_is_several_row_groups_with_the_same_rows(
        copies: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    plans = read(copies)
    write_outputs(plans, [], tmp_path / "whole", ["parquet"])
    monkeypatch.setattr(exporters.parquet, "GROUP_BYTES", 2_000)
    write_outputs(plans, [], tmp_path / "bounded", ["parquet"])
    whole = pq.ParquetFile(tmp_path / "whole" / "actions.parquet")
    bounded = pq.ParquetFile(tmp_path / "bounded" / "actions.parquet")
    assert whole.metadata.num_row_groups == 1
    assert bounded.metadata.num_row_groups > 3
    assert bounded.read().to_pylist() == whole.read().to_pylist()
    assert len(whole.read().to_pylist()) == sum(len(p.actions) for p in plans)


def test_the_report_renders_each_section_as_its_plan_completes(copies: list[Path],
                                                               tmp_path: Path) -> None:
    plans = read(copies)
    assert len(plans) == 3
    sink = ReportSink(Context(tmp_path, tmp_path))
    rendered = []
    for plan in plans:
        sink.plan(plan)
        # The plan before is rendered and let go (the first waits for a second: a run
        # of one plan gets the per-action charts).
        rendered.append(len(sink.builder.spans))
        for action in plan.actions:
            sink.action(action)
    assert rendered == [0, 0, 2]
    assert sink.builder.first is None
    (path,) = sink.close()
    html = path.read_text(encoding="utf-8")
    assert html == render_report(plans, link_base=tmp_path)
    # The labels, known only at the end, are in each section's title.
    for p in copies:
        assert f"<h2>Child Poppy Action Plan — {p.name}</h2>" in html
    assert html.count('<section class="plan"') == 3


def test_a_single_plan_keeps_its_per_action_charts(tmp_path: Path) -> None:
    html = render_report(read([SEED]), link_base=tmp_path)
    assert "Actions by lead" in html and html.count('<section class="plan"') == 1


def test_the_content_check_sees_a_changed_style_and_not_a_rewritten_file(
        copies: list[Path], tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    write_outputs(read(copies), [], tmp_path, ["xlsx"])
    book = tmp_path / "planparse.xlsx"
    resaved = tmp_path / "resaved.xlsx"
    wb = openpyxl.load_workbook(book)
    wb.save(resaved)  # other bytes, same content
    assert differences(book, resaved) == []
    wb["actions"]["B2"].font = Font(italic=True)
    wb.save(resaved)
    assert [d.split(":")[0] for d in differences(book, resaved)] == ["actions!B2"]
