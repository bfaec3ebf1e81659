"""Report: the size of ``report.html`` for a generated archive and its printed length.

Builds the archive with ``tests/fixtures/make_archive.py`` (``--copies 20``: 220 documents,
203 plans), runs ``planparse audit`` on its good documents through the API, then prints the
report's size and, when Chromium is installed, prints the page to A4 PDF and counts the pages
of overview (everything before "Plan by plan") and in all. Aims (issue 16): under 1 MB and
under 60 printed pages of overview.

    python -m benchmarks.report [--copies 20]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from planparse import convert
from tests.fixtures.make_archive import build

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]


def printed_pages(report: Path, work: Path) -> tuple[int, int] | None:
    """(pages before the per-plan part, pages in all) of the report printed by headless
    Chromium, or ``None`` without Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    import pdfplumber

    pdf = work / "report.pdf"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
                    f"--print-to-pdf={pdf}", report.resolve().as_uri()],
                   capture_output=True, timeout=600, check=True)
    with pdfplumber.open(pdf) as doc:
        total = len(doc.pages)
        overview = next((i for i, page in enumerate(doc.pages)
                         if "Plan by plan" in (page.extract_text() or "")), total)
    return overview, total


def measure(copies: int, *, pages: bool = True) -> dict[str, float]:
    """Build an archive of ``copies`` copies, write its report; return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root / "archive", copies=copies)
        out = root / "out"
        result = convert([root / "archive" / "good"], out, formats=["audit", "report"],
                         as_of="2022-03-31")
        report = out / "report.html"
        figures: dict[str, float] = {"plans": len(result.plans),
                                     "report_mb": report.stat().st_size / 1e6}
        counted = printed_pages(report, root) if pages else None
        if counted is not None:
            figures["overview_pages"], figures["pages"] = counted
        return figures


def main() -> None:
    """Build the archive and print the report's figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args()
    f = measure(args.copies)
    print(f"plans: {f['plans']:.0f}; report.html {f['report_mb']:.2f} MB (aim < 1 MB)")
    if "pages" in f:
        print(f"printed A4: {f['overview_pages']:.0f} pages of overview (aim < 60), "
              f"{f['pages']:.0f} in all")
    else:
        print("printed pages: not measured (Chromium is not installed)")


if __name__ == "__main__":
    main()
