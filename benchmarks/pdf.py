"""PDF: whole ``planparse convert`` against pdfplumber's bare ``find_tables`` + ``extract``
over the same pages, in this process, and peak memory as the page count grows.

Generates a long plan (python-docx, then LibreOffice renders it to PDF: needs ``soffice``),
ruled, landscape, the header repeated on every page and rows breaking across pages. Prints
time per page for each, the ratio, and peak memory (VmHWM of a fresh process) for a short
and a long document: pages are read and let go one at a time, so what grows with the
document is only its records (printed too: the size of its plans.json).

    python -m benchmarks.pdf [--rows 1300]      # about 200 pages
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import bare_pdfplumber, best_of, planparse_convert
from tests.fixtures.make_docx import add_table, repeat_header, shade
from tests.fixtures.make_pdf import landscape, set_widths

#: A number column wide enough for four-digit numbers.
WIDTHS = [1.4, 3.0, 3.2, 5.8, 5.0, 2.6, 2.4, 3.3]
HEADER = ["No", "Learning Point", "Agency Actions", "Progress against Actions", "Lead",
          "Completion Date", "Rag Rating", "Method of Audit"]


def make_pdf(path: Path, rows: int) -> int:
    """Write a long plan PDF; return its page count."""
    import docx
    import pdfplumber

    document = docx.Document()
    document.add_heading("A long action plan", level=1)
    landscape(document)
    body = []
    for r in range(1, rows + 1):
        month = (r % 12) + 1
        body.append([(str(r),), (f"Learning point {r}: practitioners missed the chance to act "
                                 "on what they knew.",),
                     ("Brief partners.", "Run a masterclass.", "Audit the outcome."),
                     (f"{(r % 27) + 1:02d}/{month:02d}/22 - Briefing sent to all partners and "
                      "discussed at the sub-group.",
                      f"{(r % 27) + 1:02d}/{month:02d}/21 - Draft agreed at the meeting held on "
                      f"03/0{(r % 9) + 1}/21. Next steps set and owners named for each step."),
                     ("CYSCP / YSTHFT, Police",), (f"{['Jan', 'Jun', 'Oct'][r % 3]}-22",),
                     (["Completed", "In progress", "Not started"][r % 3],),
                     ("Audit of cases in 6 months",)])
    table = add_table(document, HEADER, body)
    set_widths(table, WIDTHS)
    repeat_header(table.rows[0])
    for r in range(1, rows + 1):
        shade(table.cell(r, 6), ["00B050", "FFC000", "FF0000"][r % 3])
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "plan.docx"
        document.save(str(src))
        profile = Path(tmp) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(src)], check=True,
                       capture_output=True, timeout=900)
        shutil.copy(Path(tmp) / "plan.pdf", path)
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def main() -> None:
    """Generate the plans and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1300)
    ap.add_argument("--keep", type=Path, help="keep the generated PDFs in this folder, and "
                    "reuse them from there on the next run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        long_pdf = where / f"long-{args.rows}.pdf"
        pages = _made(long_pdf, args.rows)
        short_rows = max(1, args.rows * 50 // max(pages, 1))
        short_pdf = where / f"short-{short_rows}.pdf"
        short_pages = _made(short_pdf, short_rows)
        actions = planparse_convert(long_pdf)
        bare_pdfplumber(long_pdf)
        base = best_of(bare_pdfplumber, long_pdf, 2)
        ours = best_of(planparse_convert, long_pdf, 2)
        print(f"plan: {pages} pages, {actions} actions found of {args.rows}")
        print(f"pdfplumber find_tables + extract: {base:6.2f} s  {1000 * base / pages:6.1f} "
              "ms/page (baseline)")
        print(f"planparse convert (csv+json)    : {ours:6.2f} s  {1000 * ours / pages:6.1f} "
              f"ms/page  {ours / base:4.2f}x baseline")
        for fn in ("planparse_convert", "bare_pdfplumber"):
            short, long_ = (peak_rss(fn, p) for p in (short_pdf, long_pdf))
            print(f"peak memory (VmHWM of a fresh process), {fn}: {short:6.1f} MB at "
                  f"{short_pages} pages, {long_:6.1f} MB at {pages} pages")
        sizes = [_records_mb(p) for p in (short_pdf, long_pdf)]
        print(f"the records themselves (plans.json): {sizes[0]:6.1f} MB at {short_pages} "
              f"pages, {sizes[1]:6.1f} MB at {pages} pages")


def _made(path: Path, rows: int) -> int:
    """The page count of the plan at ``path``, generating it first when it is not there."""
    import pdfplumber

    if path.is_file():
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    if shutil.which("soffice") is None:
        sys.exit("benchmarks/pdf.py needs LibreOffice (soffice) to render the plan")
    return make_pdf(path, rows)


def _records_mb(path: Path) -> float:
    from planparse import convert

    with tempfile.TemporaryDirectory() as out:
        convert([path], out, formats=["json"])
        return (Path(out) / "plans.json").stat().st_size / 1e6


def peak_rss(function: str, path: Path) -> float:
    """Peak resident memory (MB) of a fresh process that runs ``function`` on ``path``:
    all memory, not only Python's, without tracemalloc's slowdown. Read from the child's
    own VmHWM: ``ru_maxrss`` would carry the parent's peak over into a forked child."""
    # benchmarks.common imports only what the function needs (not python-docx).
    code = (f"from benchmarks.common import {function}; "
            f"{function}(__import__('pathlib').Path({str(path)!r})); "
            "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent).stdout
    return int(out.split()[-2]) / 1024


if __name__ == "__main__":
    main()
