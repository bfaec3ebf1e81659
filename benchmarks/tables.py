"""``planparse tables`` against pdfplumber's defaults on two corpora of real PDFs: structure
scored by the ICDAR 2013 table competition's adjacency-relation F1, and time per page.

The competition's own documents are held back, so this scores the same measure on the
real PDFs in ``../shared/corpora/``: tabula-java's fixtures (the cells tabula's tests
accept, page 1 of each) and camelot's test files (the tables camelot's tests accept, on
the pages those tests read; see :data:`CAMELOT`). A relation links each non-empty cell to
the next non-empty cell to its right and below it, by text (whitespace folded); precision
and recall count the relations found that the truth has, and the truth's that were found.
tabula and camelot were given areas, column positions or other settings by hand for some
files; neither tool here is.

    python -m benchmarks.tables            # both corpora
    python -m benchmarks.tables camelot    # one
"""

from __future__ import annotations

import csv
import runpy
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
ROOT = SHARED / "tabula-java-fixtures"
CAMELOT_ROOT = SHARED / "camelot-tests"

Grid = list[list[str]]

#: camelot's expectations that apply to the files copied: (file stem, pages, the
#: ``tests/data.py`` tables expected there, in order). Each comes from the test named in the
#: comment; "(given: ...)" marks settings camelot's test passed by hand, which planparse
#: does not get. Expectations for files not copied (``tabula/...``) are left out, and so are
#: expectations that only check that something is returned.
CAMELOT: tuple[tuple[str, tuple[int, ...], tuple[str, ...]], ...] = (
    ("health", (1,), ("data_stream",)),  # test_stream
    ("clockwise_table_1", (1,), ("data_lattice_table_rotated",)),  # test_lattice_table_rotated
    ("anticlockwise_table_1", (1,), ("data_lattice_table_rotated",)),
    ("clockwise_table_2", (1,), ("data_stream_table_rotated",)),  # test_stream_table_rotated
    ("anticlockwise_table_2", (1,), ("data_stream_table_rotated",)),
    ("twotables_2", (1,), ("data_lattice_two_tables_1", "data_lattice_two_tables_2")),
    ("table_region", (1,), ("data_lattice_table_regions",)),  # (given: a region)
    ("background_lines_1", (1,), ("data_lattice_process_background",)),  # its 2nd table
    ("row_span_1", (1,), ("data_lattice_copy_text",)),  # (given: line_scale, copy_text)
    ("column_span_2", (1,), ("data_lattice_shift_text_left_top",)),  # (given: line_scale)
    ("split_text_lattice", (1,), ("data_lattice_split_text",)),  # (given: split_text)
    ("mexican_towns", (1,), ("data_stream_columns",)),  # (given: columns, row_tol)
    ("superscript", (1,), ("data_stream_flag_size",)),  # (given: flag_size)
    ("detect_vertical_false", (1,), ("data_stream_layout_kwargs",)),  # (given: layout)
    ("edge_tol", (1,), ("data_stream_edge_tol",)),  # (given: edge_tol)
    ("stream_inner_outer_columns", (1,), ("data_stream_inner_outer_columns",)),
    ("multiple_tables", (1,), ("data_network_two_tables_b_1",
                               "data_network_two_tables_b_2")),  # test_network
    ("vertical_header", (1,), ("data_network_vertical_headers",)),  # test_network
)


@dataclass(frozen=True)
class Case:
    """One file of a corpus: the pages read and the tables accepted there."""

    corpus: str
    path: Path
    pages: tuple[int, ...]
    truth: tuple[Grid, ...]


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


@cache
def _camelot_data() -> dict[str, object]:
    return runpy.run_path(str(CAMELOT_ROOT / "tests" / "data.py"))


def camelot_truth(names: Sequence[str]) -> tuple[Grid, ...]:
    """camelot's accepted tables of those names, from its ``tests/data.py``."""
    data = _camelot_data()
    out = []
    for name in names:
        rows = data[name]
        assert isinstance(rows, list)
        out.append([[str(c) for c in row] for row in rows])
    return tuple(out)


def cases(corpus: str) -> list[Case]:
    """The files of ``tabula`` or ``camelot`` with their truth (none when absent)."""
    if corpus == "tabula":
        return [Case("tabula", pdf, (1,), (truth_of(pdf.stem),))
                for pdf in sorted(ROOT.glob("*.pdf")) if (ROOT / "csv" / f"{pdf.stem}.csv"
                                                           ).exists()]
    if not CAMELOT_ROOT.exists():
        return []
    return [Case("camelot", CAMELOT_ROOT / "files" / f"{stem}.pdf", pages,
                 camelot_truth(names)) for stem, pages, names in CAMELOT]


def cell_share(truth: Sequence[Grid], grids: Sequence[Grid]) -> float:
    """The share of the truth's distinct non-empty cell texts found as some cell's text."""
    expected = {" ".join(c.split()) for g in truth for row in g for c in row if c.strip()}
    got = {" ".join(c.split()) for g in grids for row in g for c in row if c.strip()}
    return len(expected & got) / max(len(expected), 1)


def planparse_tables(path: Path, pages: Sequence[int] = (1,)) -> list[Grid]:
    """The tables ``planparse tables --pages ...`` shows (a merged position counted once)."""
    from ingest import IngestError, read_document

    try:
        doc = read_document(path, pages=list(pages))
    except IngestError:  # no table found, or a file refused: nothing scored
        return []
    return [[["" if c.merged else c.text for c in row] for row in t.rows]
            for t in doc.tables]


def pdfplumber_tables(path: Path, pages: Sequence[int] = (1,)) -> list[Grid]:
    """pdfplumber's defaults: ``find_tables`` + ``extract`` on the pages."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[[c or "" for c in row] for row in t.extract()]
                for n in pages for t in pdf.pages[n - 1].find_tables()]


def timed(fn: Callable[[Path, Sequence[int]], list[Grid]], case: Case, repeat: int = 3
          ) -> tuple[list[Grid], float]:
    """The result and the fastest of ``repeat`` runs, in seconds."""
    best, out = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn(case.path, case.pages)
        best = min(best, time.perf_counter() - start)
    return out, best


def report(corpus: str, repeat: int = 3) -> None:
    """Print F1, cell share and time per file, then the totals (relations pooled)."""
    found = cases(corpus)
    if not found:
        print(f"{corpus}: corpus not found")
        return
    pooled: dict[str, tuple[Counter[tuple[str, str, str]], float]] = {}
    truth_all: Counter[tuple[str, str, str]] = Counter()
    pages = sum(len(c.pages) for c in found)
    print(f"\n{corpus}\n{'file':38} {'share':>5} {'planparse F1':>12} {'pdfplumber F1':>13}"
          f" {'time ratio':>10}")
    for case in found:
        truth = relations(case.truth)
        truth_all += truth
        scores = []
        share = 0.0
        for name, fn in (("planparse", planparse_tables), ("pdfplumber", pdfplumber_tables)):
            grids, seconds = timed(fn, case, repeat)
            got = relations(grids)
            scores.append((f1(truth, got)[2], seconds))
            if name == "planparse":
                share = cell_share(case.truth, grids)
            total, spent = pooled.get(name, (Counter(), 0.0))
            pooled[name] = (total + got, spent + seconds)
        (ours, ours_s), (theirs, theirs_s) = scores
        print(f"{case.path.stem[:38]:38} {share:5.2f} {ours:12.2f} {theirs:13.2f} "
              f"{ours_s / theirs_s:9.2f}x")
    for name, (got, seconds) in pooled.items():
        p, r, f = f1(truth_all, got)
        print(f"{name:10} pooled: precision {p:.3f} recall {r:.3f} F1 {f:.3f}; "
              f"{1000 * seconds / pages:6.1f} ms/page")
    ratio = pooled["planparse"][1] / pooled["pdfplumber"][1]
    print(f"time per page, planparse / pdfplumber: {ratio:.2f}x")


def main() -> None:
    """Report each corpus named on the command line (both when none is)."""
    from ingest import read_document

    read_document(ROOT / "twotables.pdf", pages=[1])  # warm imports before timing
    pdfplumber_tables(ROOT / "twotables.pdf")
    for corpus in sys.argv[1:] or ["tabula", "camelot"]:
        report(corpus)


if __name__ == "__main__":
    main()
