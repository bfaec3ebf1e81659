"""Word: whole ``planparse convert`` against a bare python-docx read of the same file.

Generates a 500-row × 8-column plan (multi-paragraph cells, shaded RAG cells), then times,
in this process: python-docx opening the file and reading ``[c.text for c in row.cells]``
for every row (the baseline most tools start from), an lxml walk of the same table, and
planparse's whole conversion (read, normalise, write CSV and JSON). Prints each time, the
ratios and peak memory (tracemalloc).

    python -m benchmarks.docx [--rows 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from benchmarks.common import best_of, peak_mb, planparse_convert

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


def bare_python_docx(path: Path) -> int:
    doc = Document(str(path))
    n = 0
    for table in doc.tables:
        for row in table.rows:
            n += len([c.text for c in row.cells])
    return n


def lxml_walk(path: Path) -> int:
    from ingest.docx import read_docx

    return sum(len(t.rows) for t in read_docx(path, path.name).tables)


def main() -> None:
    """Generate the plan and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long-plan.docx"
        make_plan(path, args.rows)
        assert planparse_convert(path) == args.rows  # warm up and check the result
        bare_python_docx(path)
        base = best_of(bare_python_docx, path, args.repeat)
        walk = best_of(lxml_walk, path, args.repeat)
        ours = best_of(planparse_convert, path, args.repeat)
        print(f"plan: {args.rows} rows x {len(HEADER)} columns, {path.stat().st_size:,} bytes")
        print(f"python-docx row.cells text read : {base:7.3f} s  (baseline)")
        print(f"planparse reader (lxml walk)    : {walk:7.3f} s  {walk / base:5.2f}x baseline")
        print(f"planparse convert (csv+json)    : {ours:7.3f} s  {ours / base:5.2f}x baseline")
        print(f"peak memory: baseline {peak_mb(bare_python_docx, path):6.1f} MB, "
              f"convert {peak_mb(planparse_convert, path):6.1f} MB (tracemalloc)")


if __name__ == "__main__":
    main()
