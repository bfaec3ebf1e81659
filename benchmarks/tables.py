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

Time is paired: each file is read by both readers in the same process, five rounds,
alternating which goes first; a file's ratio is the median of its rounds', and the corpus
figure the median of the files' (with quartiles and range; the machine is shared, so
read the spread). Peak memory is traced in one more, untimed read of each file.

    python -m benchmarks.tables            # both corpora
    python -m benchmarks.tables camelot    # one
"""

from __future__ import annotations

import csv
import runpy
import statistics
import sys
import time
import tracemalloc
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


def paired(case: Case, repeat: int = 5) -> tuple[list[Grid], list[Grid], list[float],
                                                  float, float]:
    """Both readers on one file, ``repeat`` rounds, alternating which goes first (the
    machine's load falls on both alike): their tables, each round's time ratio
    (planparse / pdfplumber) and each reader's fastest time, in seconds."""
    ours: list[Grid] = []
    theirs: list[Grid] = []
    ratios: list[float] = []
    best_ours = best_theirs = float("inf")
    for k in range(repeat):
        order = ((planparse_tables, pdfplumber_tables) if k % 2 == 0
                 else (pdfplumber_tables, planparse_tables))
        spent: dict[Callable[[Path, Sequence[int]], list[Grid]], float] = {}
        for fn in order:
            start = time.perf_counter()
            out = fn(case.path, case.pages)
            spent[fn] = time.perf_counter() - start
            if fn is planparse_tables:
                ours = out
            else:
                theirs = out
        ratios.append(spent[planparse_tables] / spent[pdfplumber_tables])
        best_ours = min(best_ours, spent[planparse_tables])
        best_theirs = min(best_theirs, spent[pdfplumber_tables])
    return ours, theirs, ratios, best_ours, best_theirs


def peak_memory(fn: Callable[[Path, Sequence[int]], list[Grid]], case: Case) -> int:
    """The peak of Python allocations while ``fn`` reads the file once (untimed)."""
    tracemalloc.start()
    try:
        fn(case.path, case.pages)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else [
        values[0]] * 3
    return qs[0], qs[1], qs[2]


def report(corpus: str, repeat: int = 5) -> None:
    """Print F1, cell share and the paired time ratio per file, then the totals (relations
    pooled; time per page as the median of the files' ratios with its spread)."""
    found = cases(corpus)
    if not found:
        print(f"{corpus}: corpus not found")
        return
    pooled: dict[str, tuple[Counter[tuple[str, str, str]], float]] = {}
    truth_all: Counter[tuple[str, str, str]] = Counter()
    pages = sum(len(c.pages) for c in found)
    file_ratios: list[float] = []
    peaks = {"planparse": 0, "pdfplumber": 0}
    print(f"\n{corpus}\n{'file':38} {'share':>5} {'planparse F1':>12} {'pdfplumber F1':>13}"
          f" {'time ratio':>10} {'spread':>11}")
    for case in found:
        truth = relations(case.truth)
        truth_all += truth
        ours, theirs, ratios, ours_s, theirs_s = paired(case, repeat)
        scores = []
        for name, grids, seconds in (("planparse", ours, ours_s),
                                     ("pdfplumber", theirs, theirs_s)):
            got = relations(grids)
            scores.append(f1(truth, got)[2])
            total, spent = pooled.get(name, (Counter(), 0.0))
            pooled[name] = (total + got, spent + seconds)
        for name, fn in (("planparse", planparse_tables), ("pdfplumber", pdfplumber_tables)):
            peaks[name] = max(peaks[name], peak_memory(fn, case))
        ratio = statistics.median(ratios)
        file_ratios.append(ratio)
        print(f"{case.path.stem[:38]:38} {cell_share(case.truth, ours):5.2f} "
              f"{scores[0]:12.2f} {scores[1]:13.2f} {ratio:9.2f}x "
              f"{min(ratios):5.2f}-{max(ratios):.2f}")
    for name, (got, seconds) in pooled.items():
        p, r, f = f1(truth_all, got)
        print(f"{name:10} pooled: precision {p:.3f} recall {r:.3f} F1 {f:.3f}; "
              f"{1000 * seconds / pages:6.1f} ms/page (fastest of {repeat}); "
              f"peak {peaks[name] / 2**20:.1f} MiB (largest file)")
    q1, mid, q3 = _quartiles(file_ratios)
    total_ratio = pooled["planparse"][1] / pooled["pdfplumber"][1]
    print(f"time per page, planparse / pdfplumber (paired, {repeat} alternating rounds a "
          f"file): median {mid:.2f}x, quartiles {q1:.2f}-{q3:.2f}x, files "
          f"{min(file_ratios):.2f}-{max(file_ratios):.2f}x; pooled {total_ratio:.2f}x")


def main() -> None:
    """Report each corpus named on the command line (both when none is)."""
    from ingest import read_document

    read_document(ROOT / "twotables.pdf", pages=[1])  # warm imports before timing
    pdfplumber_tables(ROOT / "twotables.pdf")
    for corpus in sys.argv[1:] or ["tabula", "camelot"]:
        report(corpus)


if __name__ == "__main__":
    main()
