"""Progress cells per second: planparse's splitter against dateparser.search.search_dates.

Both run in this process on the same cells: the seed's eight progress cells plus generated
cells built from their sentences with varied dates (so neither side profits from a cache of
the eight). Prints cells/second for each, the ratio, and peak memory (tracemalloc).

    python -m benchmarks.split [--cells 400] [--baseline-cells 60]
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import best_of, peak_mb
from ingest import read_document
from normalise.progress import split_progress

SEED = Path(__file__).resolve().parent.parent / "samples" / "child-poppy-action-plan.txt"
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def make_cells(n: int, seed: int = 7) -> list[list[str]]:
    """The seed's progress cells, then generated ones with fresh dates, newest first."""
    doc = read_document(SEED)
    cells = [list(row[3].paragraphs) for row in doc.tables[0].rows[1:]]
    sentences = [p for c in cells for p in c]
    rng = random.Random(seed)
    out = list(cells)
    while len(out) < n:
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(1500))
        paras = []
        for _ in range(rng.randint(1, 5)):
            day -= timedelta(days=rng.randint(1, 60))
            stamp = day.strftime("%d/%m/%y")
            paras.append(_DATE.sub(stamp, rng.choice(sentences)))
        out.append(paras)
    return out[:n]


def rate(fn: Callable[[list[str]], object], cells: Sequence[list[str]]) -> float:
    """Cells per second for one pass of ``fn`` over ``cells``."""
    return len(cells) / best_of(lambda cs: [fn(c) for c in cs], cells, 1)


def peak(fn: Callable[[list[str]], object], cells: Sequence[list[str]]) -> float:
    """Peak memory (MB) of one pass of ``fn`` over ``cells``."""
    return peak_mb(lambda cs: [fn(c) for c in cs], cells)


def main() -> None:
    """Run both and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cells", type=int, default=400)
    ap.add_argument("--baseline-cells", type=int, default=60,
                    help="cells for search_dates (it is slow; its rate is per cell)")
    args = ap.parse_args()
    from dateparser.search import search_dates

    cells = make_cells(args.cells)
    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}

    def baseline(cell: list[str]) -> object:
        return search_dates("\n".join(cell), languages=["en"], settings=settings)

    # Warm both up (imports, regex compilation, dateparser's language data) off the clock.
    split_progress(cells[0])
    baseline(cells[0])
    ours = rate(split_progress, cells)
    theirs = rate(baseline, cells[: args.baseline_cells])
    print(f"cells: {len(cells)} (planparse), {args.baseline_cells} (search_dates)")
    print(f"planparse split_progress : {ours:10.0f} cells/s")
    print(f"dateparser search_dates  : {theirs:10.0f} cells/s")
    print(f"ratio                    : {ours / theirs:10.1f}x faster")
    print(f"peak memory, splitter    : {peak(split_progress, cells):8.2f} MB (tracemalloc)")
    print(f"peak memory, search_dates: {peak(baseline, cells[:args.baseline_cells]):8.2f} MB")


if __name__ == "__main__":
    main()
