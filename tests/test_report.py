"""The audit report at archive scale: overview, findings by code, distinct labels, links."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from exporters.report import plan_labels, render_report, source_href
from planparse import read

from .conftest import SEED

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def three_copies(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seed three times under different names, and once printed to PDF."""
    src = tmp_path_factory.mktemp("copies")
    paths = []
    for name in ("a plan.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, src / name)
        paths.append(src / name)
    shutil.copy(FIXTURES / "pdf" / "ruled.pdf", src / "printed.pdf")
    return [*paths, src / "printed.pdf"]


def test_plans_of_one_title_get_distinct_labels(three_copies: list[Path]) -> None:
    plans = read(three_copies, as_of="2022-03-31")
    labels = plan_labels(plans)
    assert labels == [f"Child Poppy Action Plan — {p.name}" for p in three_copies]


def test_overview_rows_and_anchors(three_copies: list[Path], tmp_path: Path) -> None:
    plans = read(three_copies, as_of="2022-03-31")
    html = render_report(plans, link_base=tmp_path)
    overview = html[html.index('id="overview"'):html.index('id="findings"')]
    rows = re.findall(r'<a href="#(plan-\d+)">([^<]+)</a>', overview)
    assert [a for a, _ in rows] == ["plan-1", "plan-2", "plan-3", "plan-4"]
    assert all(f'<section class="plan" id="{a}">' in html for a, _ in rows)
    # 8 actions, 7 completed, 1 overdue (action 6, as of 2022-03-31) in every copy
    cells = re.findall(r'<td class="num">(\d+)</td>', overview)
    assert cells[:3] == ["8", "7", "1"]


def test_findings_by_code_counts_actions_and_plans(three_copies: list[Path]) -> None:
    plans = read(three_copies, as_of="2022-03-31")
    html = render_report(plans)
    part = html[html.index('id="findings"'):html.index('id="plans"')]
    overdue = re.search(r'<span class="flag">overdue</span></td><td>[^<]*</td>'
                        r'<td class="num">(\d+)</td><td class="num">(\d+)</td>', part)
    assert overdue is not None and overdue.groups() == ("4", "4")


def test_most_overdue_chart_is_labelled_with_ref_and_plan(three_copies: list[Path]) -> None:
    plans = read(three_copies, as_of="2022-03-31")
    html = render_report(plans)
    labels = re.findall(r'class="label">(6 · [^<]+)</text>', html)
    assert len(labels) == 4 and len(set(labels)) == 4  # never twenty bars all called "6"


def test_source_links_are_relative_and_open_a_pdf_at_its_page(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    pdf = tmp_path / "in" / "my plan.pdf"
    assert source_href(str(pdf), 3, tmp_path / "out") == "../in/my%20plan.pdf#page=3"
    assert source_href(str(tmp_path / "in" / "a.docx"), 3, tmp_path / "out") == "../in/a.docx"


def test_one_plan_keeps_its_per_action_charts() -> None:
    html = render_report(read([SEED], as_of="2022-03-31"))
    assert "Dated updates" in html and "Actions by lead" in html
    assert "Dated updates per month" not in html
