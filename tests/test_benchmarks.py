"""The benchmark scripts: each runs as ``python -m benchmarks.NAME``, and the structure
score they print is the ICDAR 2013 adjacency-relation measure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from benchmarks.tables import f1, relations

SCRIPTS = sorted(p for p in (Path(__file__).parent.parent / "benchmarks").glob("*.py")
                 if p.stem not in ("__init__", "common"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_benchmark_printed_nothing_without_a_main_guard(script: Path) -> None:
    """benchmarks/pdf.py once had no ``if __name__ == "__main__"``: ``python -m
    benchmarks.pdf`` ran nothing and printed nothing."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    guards = [n for n in tree.body if isinstance(n, ast.If)
              and ast.unparse(n.test) == "__name__ == '__main__'"]
    assert guards and "main()" in ast.unparse(guards[0])


def test_adjacency_relations_link_each_cell_to_its_next_right_and_below() -> None:
    grid = [["No", "Action", ""], ["1", "", "Done"], ["2", "Brief  partners", ""]]
    assert relations([grid]) == {
        ("No", "Action", "right"): 1, ("No", "1", "below"): 1, ("1", "2", "below"): 1,
        ("1", "Done", "right"): 1, ("Action", "Brief partners", "below"): 1,
        ("2", "Brief partners", "right"): 1}


def test_f1_counts_relations_as_a_multiset() -> None:
    truth = relations([[["a", "b"], ["c", "d"]]])  # 4 relations
    got = relations([[["a", "b"], ["c", "x"]]])  # a-b and a-c right; c-x, b-x wrong
    precision, recall, score = f1(truth, got)
    assert (precision, recall) == (0.5, 0.5) and score == pytest.approx(0.5)
    assert f1(truth, truth) == (1.0, 1.0, 1.0)
