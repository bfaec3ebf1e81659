"""The pass over a sheet's XML for merged ranges and formulas lets each row go once read:
lxml's iterparse kept the whole sheet's tree (a 5 MB workbook of 1.5 million cells peaked
at 1.5 GB in that pass alone, 1.8 GB for the whole read; 350 MB now)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_MEASURE = """
import resource, sys, zipfile
from ingest.sheets import _merges
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with zipfile.ZipFile(sys.argv[1]) as zf:
    merges, formulas = _merges(zf, "xl/worksheets/sheet1.xml")
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(grown // 1024, merges, sorted(formulas.items())[-1])
"""


def test_the_merge_pass_holds_a_row_at_a_time_not_the_sheet(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r in range(1, 20_001):
        ws.append([r, f"action {r}", "Lead", "Complete", *[f"x{r}"] * 6])
    ws["K20000"] = "=A20000*2"  # a formula on the last row: still found
    ws.merge_cells("B19999:C20000")  # merged ranges come after every row in the XML
    wb.save(tmp_path / "big.xlsx")
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(tmp_path / "big.xlsx")],
                          capture_output=True, text=True, check=True, timeout=300)
    grown, rest = done.stdout.split(" ", 1)
    assert rest.strip() == "[(19999, 2, 20000, 3)] ((20000, 11), '=A20000*2')"
    # 200,000 cells: 120 MB with the tree kept (243 MB for twice as many); none measurable
    # a row at a time.
    assert int(grown) < 60, f"the pass grew the process by {grown} MB"
