"""``planparse tables`` against pdfplumber's defaults on tabula-java's fixtures: structure
scored by the ICDAR 2013 table competition's adjacency-relation F1, and time per page.

The competition's own documents are held back, so this scores the same measure on the
real PDFs in ``../shared/corpora/tabula-java-fixtures/``, against the cells tabula's tests
accept (page 1 of each). A relation links each non-empty cell to the next non-empty cell
to its right and below it, by text (whitespace folded); precision and recall count the
relations found that the truth has, and the truth's that were found. tabula was given
areas and column positions by hand for some files; neither tool here is.

    python -m benchmarks.tables
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / \
    "tabula-java-fixtures"

Grid = list[list[str]]


def relations(grids: Sequence[Grid]) -> Counter[tuple[str, str, str]]:
    """The adjacency relations of some tables: (cell, neighbour, direction)."""
    found: Counter[tuple[str, str, str]] = Counter()
    for grid in grids:
        cells = [[" ".join((c or "").split()) for c in row] for row in grid]
        width = max((len(r) for r in cells), default=0)
        cells = [r + [""] * (width - len(r)) for r in cells]
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                if not text:
                    continue
                right = next((t for t in row[c + 1:] if t), None)
                below = next((cells[k][c] for k in range(r + 1, len(cells))
                              if cells[k][c]), None)
                if right is not None:
                    found[(text, right, "right")] += 1
                if below is not None:
                    found[(text, below, "below")] += 1
    return found


def f1(truth: Counter[tuple[str, str, str]], got: Counter[tuple[str, str, str]]
       ) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``got`` against ``truth`` (as multisets)."""
    hit = sum((truth & got).values())
    precision = hit / max(sum(got.values()), 1)
    recall = hit / max(sum(truth.values()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def truth_of(stem: str) -> Grid:
    """tabula's accepted cells for page 1."""
    with (ROOT / "csv" / f"{stem}.csv").open(encoding="utf-8") as fh:
        return list(csv.reader(fh))


def planparse_tables(path: Path) -> list[Grid]:
    """The tables ``planparse tables --pages 1`` shows (a merged position counted once)."""
    from ingest import read_document

    doc = read_document(path, pages=[1])
    return [[["" if c.merged else c.text for c in row] for row in t.rows]
            for t in doc.tables]


def pdfplumber_tables(path: Path) -> list[Grid]:
    """pdfplumber's defaults: ``find_tables`` + ``extract`` on page 1."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return [[[c or "" for c in row] for row in t.extract()] for t in page.find_tables()]


def timed(fn: Callable[[Path], list[Grid]], path: Path, repeat: int = 3
          ) -> tuple[list[Grid], float]:
    """The result and the fastest of ``repeat`` runs, in seconds."""
    best, out = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn(path)
        best = min(best, time.perf_counter() - start)
    return out, best


def main() -> None:
    """Print F1 and time per file, then the totals (relations pooled over all files)."""
    from ingest import read_document

    read_document(ROOT / "twotables.pdf", pages=[1])  # warm imports before timing
    pdfplumber_tables(ROOT / "twotables.pdf")
    pooled: dict[str, tuple[Counter[tuple[str, str, str]], float]] = {}
    truth_all: Counter[tuple[str, str, str]] = Counter()
    print(f"{'file':38} {'planparse F1':>12} {'pdfplumber F1':>13} {'time ratio':>10}")
    for pdf in sorted(ROOT.glob("*.pdf")):
        truth = relations([truth_of(pdf.stem)])
        truth_all += truth
        scores = []
        for name, fn in (("planparse", planparse_tables), ("pdfplumber", pdfplumber_tables)):
            grids, seconds = timed(fn, pdf)
            got = relations(grids)
            scores.append((f1(truth, got)[2], seconds))
            total, spent = pooled.get(name, (Counter(), 0.0))
            pooled[name] = (total + got, spent + seconds)
        (ours, ours_s), (theirs, theirs_s) = scores
        print(f"{pdf.stem[:38]:38} {ours:12.2f} {theirs:13.2f} {ours_s / theirs_s:9.2f}x")
    print()
    for name, (got, seconds) in pooled.items():
        p, r, f = f1(truth_all, got)
        print(f"{name:10} pooled: precision {p:.2f} recall {r:.2f} F1 {f:.2f}; "
              f"{1000 * seconds / len(list(ROOT.glob('*.pdf'))):6.1f} ms/page")
    ratio = pooled["planparse"][1] / pooled["pdfplumber"][1]
    print(f"time per page, planparse / pdfplumber: {ratio:.2f}x")


if __name__ == "__main__":
    main()
