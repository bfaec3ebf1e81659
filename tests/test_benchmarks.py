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


#: Each benchmark on a tiny input: it must run to the end and print its paired figures.
#: (``tables`` scores whole corpora and has no tiny form; the camelot tests run its readers.)
TINY = {
    "batch": (["--copies", "1", "--rounds", "1"], "speed-up"),
    "diff": (["20"], "actions"),
    "docx": (["--rows", "3", "--rounds", "1"], "x (spread"),
    "pdf": (["--pdf", "--rounds", "1"], "x (spread"),
    "ocr": (["--rounds", "1", "--scan", "tests/fixtures/pdf/scanned.pdf"], "s/page"),
    "records": (["--copies", "1", "--documents", "3"], "per action"),
    "report": (["--copies", "1"], "report.html"),
    "split": (["--cells", "5", "--baseline-cells", "2"], ""),
    "startup": (["--rows", "3", "--rounds", "1"], "x (spread"),
    "workers": (["--files", "3", "--rounds", "1"], "growth"),
}


def test_every_benchmark_but_the_corpus_scorer_has_a_tiny_run() -> None:
    # child.py is the measuring process every paired benchmark runs.
    assert {p.stem for p in SCRIPTS} == {*TINY, "tables", "child"}


@pytest.mark.parametrize("name", sorted(TINY))
def test_benchmark_runs_on_a_tiny_input(name: str) -> None:
    """No timed assertion: the script runs, and prints the figures it is for."""
    import shutil
    import subprocess
    import sys

    if name == "ocr" and shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed (.ci/run installs it)")

    args, expect = TINY[name]
    out = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *args],
                         capture_output=True, text=True, timeout=600,
                         cwd=Path(__file__).parent.parent)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() and expect in out.stdout, out.stdout
    # The tiny archive holds broken files: the run's exit code (not the script's) is 1.
    assert name != "batch" or "the run's exit code 1" in out.stdout
