"""PDF: whole ``planparse convert`` against pdfplumber's bare ``find_tables`` + ``extract``
over the same pages, in paired rounds of fresh processes (:func:`benchmarks.common.paired`),
with peak resident memory.

Generates a long plan (python-docx, then LibreOffice renders it to PDF: needs ``soffice``),
ruled, landscape, the header repeated on every page and rows breaking across pages, and
measures it and two short fixtures. Aims (issue 17): at most 0.9x pdfplumber on the long
plan (about 200 pages), at most 1.3x on one-page files.

    python -m benchmarks.pdf [--rows 1300] [--rounds 5] [--before ../main] [--keep DIR]
    python -m benchmarks.pdf --pdf some.pdf      # measure given files instead
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, Side, before_side, paired
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


#: Short files (5 and 6 pages): a ruled plan and an unruled one, the fixtures.
SHORT = [ROOT / "tests" / "fixtures" / "pdf" / "ruled.pdf",
            ROOT / "tests" / "fixtures" / "pdf" / "borderless.pdf"]


def main() -> None:
    """Generate the long plan and print the paired comparisons."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1300)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--before", type=Path, help="an unmodified checkout (e.g. main's) to "
                    "measure in the same rounds")
    ap.add_argument("--keep", type=Path, help="keep the generated PDF in this folder, and "
                    "reuse it from there on the next run")
    ap.add_argument("--pdf", type=Path, nargs="*", default=None, help="measure these PDFs "
                    "instead of generating the long plan (the short fixtures are measured "
                    "too)")
    args = ap.parse_args()
    sides = [Side("pdfplumber find_tables+extract", "pdfplumber"),
             *before_side(args.before, "planparse convert"),
             Side("planparse convert (csv+json)", "convert")]
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        if args.pdf is None:
            long_pdf = where / f"long-{args.rows}.pdf"
            _made(long_pdf, args.rows)
            targets = [long_pdf, *SHORT]
        else:
            targets = [*args.pdf, *SHORT]
        for path in targets:
            # A long plan is timed cold: one read dwarfs the imports.
            run = paired(sides, path, rounds=args.rounds, warm=_pages_of(path) < 20)
            print(f"{path.name}: {_pages_of(path)} pages, {run.results[sides[-1].label]} "
                  "actions; CPU s of one call, ratio to pdfplumber (median of paired "
                  "rounds), peak RSS")
            print("\n".join(run.lines()))


def _pages_of(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _made(path: Path, rows: int) -> int:
    """The page count of the plan at ``path``, generating it first when it is not there."""
    import pdfplumber

    if path.is_file():
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    if shutil.which("soffice") is None:
        sys.exit("benchmarks/pdf.py needs LibreOffice (soffice) to render the plan")
    return make_pdf(path, rows)


if __name__ == "__main__":
    main()
