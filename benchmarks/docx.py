"""Word: whole ``planparse convert`` against a bare python-docx read of the same file.

Generates plans of 500 and 10,000 rows × 8 columns (multi-paragraph cells, shaded RAG
cells), then times, in paired rounds of fresh processes (:func:`benchmarks.common.paired`):
python-docx opening the file and reading ``[c.text for c in row.cells]`` for every row (the
baseline most tools start from) and planparse's whole conversion (read, normalise, write
CSV and JSON), and with ``--before`` the same conversion by another checkout. Prints each
median CPU time, the median of the per-round ratios to the baseline with their spread,
and peak resident memory. Aim (issue 17): at most 0.8x the baseline, and no more memory.

    python -m benchmarks.docx [--rows 500 10000] [--rounds 5] [--before ../main]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from benchmarks.common import Side, before_side, paired

HEADER = ["No", "Learning Point", "Agency Actions", "Progress against Actions", "Lead",
          "Completion Date", "RAG Rating", "Method of Audit"]
FILLS = ["00B050", "FFC000", "FF0000"]


def make_plan(path: Path, rows: int) -> None:
    """Write a long plan with python-docx."""
    doc = Document()
    doc.add_heading("A long action plan", level=1)
    table = doc.add_table(rows=rows + 1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for r in range(1, rows + 1):
        cells = table.rows[r].cells
        month = (r % 12) + 1
        values = [str(r), f"Learning point {r}: practitioners missed the chance to act.",
                  f"Action {r}: brief partners.\nRun a masterclass.\nAudit the outcome.",
                  f"{(r % 27) + 1:02d}/{month:02d}/22 - Briefing sent to all partners.\n"
                  f"{(r % 27) + 1:02d}/{month:02d}/21 - Draft agreed at the sub-group held on "
                  f"03/0{(r % 9) + 1}/21. Next steps set.",
                  "CYSCP / YSTHFT, Police", f"{['Jan', 'Jun', 'Oct'][r % 3]}-22",
                  ["Completed", "In progress", "Not started"][r % 3],
                  "Audit of cases in 6 months"]
        for c, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if c == 6:
                shd = OxmlElement("w:shd")
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:fill"), FILLS[r % 3])
                cell._tc.get_or_add_tcPr().append(shd)
    doc.save(str(path))


def main() -> None:
    """Generate the plans and print the paired comparison."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, nargs="+", default=[500, 10_000])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--before", type=Path, help="an unmodified checkout (e.g. main's) to "
                    "measure in the same rounds")
    args = ap.parse_args()
    sides = [Side("python-docx row.cells (baseline)", "python-docx"),
             *before_side(args.before, "planparse convert"),
             Side("planparse convert (csv+json)", "convert")]
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = Path(tmp) / f"plan-{rows}.docx"
            make_plan(path, rows)
            run = paired(sides, path, rounds=args.rounds)
            assert all(run.results[s.label] == rows for s in sides[1:]), run.results
            print(f"plan: {rows} rows x {len(HEADER)} columns, {path.stat().st_size:,} bytes;"
                  " CPU s of one call, ratio to the baseline (median of paired rounds), "
                  "peak RSS")
            print("\n".join(run.lines()))


if __name__ == "__main__":
    main()
