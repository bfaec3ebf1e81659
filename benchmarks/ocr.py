"""OCR: ``planparse convert`` on a scan against bare Tesseract on the same page images.

The scan is ``tests/fixtures/scan/ruled_300.pdf`` (the seed plan, ruled, at 300 dpi, no
text layer; ``python -m tests.fixtures.make_scans`` makes it). Bare Tesseract is
``pytesseract.image_to_data`` on each page rendered at 300 dpi (as planparse renders it),
with Tesseract's default page layout: what a user calls to get words and boxes. The two
are alternated round by round in this process (a loaded machine slows both alike), with
no OCR cache, and both run Tesseract with one thread (``OMP_THREAD_LIMIT=1``, planparse's
setting: pages and files are run in parallel by the batch instead). img2table with
Tesseract is timed too where it is installed (its tables found are printed). Peak memory
is each one's VmHWM in a fresh process.

    python -m benchmarks.ocr [--rounds 2] [--scan PATH]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SCAN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "scan" / "ruled_300.pdf"


def page_images(path: Path) -> list[Any]:
    """The PDF's pages rendered at 300 dpi, as planparse renders a scanned page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return [page.render(scale=300 / 72).to_pil() for page in doc]
    finally:
        doc.close()


def bare_tesseract(path: Path) -> int:
    """``image_to_data`` on every page image; returns the number of words read."""
    import pytesseract

    words = 0
    for image in page_images(path):
        data = pytesseract.image_to_data(image, lang="eng",
                                         output_type=pytesseract.Output.DICT)
        words += sum(1 for t in data["text"] if str(t).strip())
    return words


def planparse_convert(path: Path) -> int:
    """``planparse convert`` to CSV and JSON; returns the number of actions."""
    from benchmarks.common import planparse_convert as convert

    return convert(path)


def img2table_tables(path: Path) -> int | None:
    """img2table's tables found with Tesseract (None when it is not installed)."""
    try:
        from img2table.document import PDF  # type: ignore[import-not-found]
        from img2table.ocr import TesseractOCR  # type: ignore[import-not-found]
    except ImportError:
        return None
    found = PDF(str(path)).extract_tables(ocr=TesseractOCR(lang="eng"))
    return sum(len(tables) for tables in found.values())


def peak_rss(function: str, path: Path) -> float:
    """Peak resident memory (MB) of a fresh process running ``function`` on ``path``."""
    code = (f"from benchmarks.ocr import {function}; "
            f"{function}(__import__('pathlib').Path({str(path)!r})); "
            "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent).stdout
    return int(out.split()[-2]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--scan", type=Path, default=SCAN)
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    pages = len(page_images(args.scan))
    times: dict[str, list[float]] = {"planparse convert": [], "bare image_to_data": []}
    for _ in range(args.rounds):
        for name, fn in (("planparse convert", planparse_convert),
                         ("bare image_to_data", bare_tesseract)):
            start = time.perf_counter()
            found = fn(args.scan)
            times[name].append(time.perf_counter() - start)
            print(f"{name:20s} {times[name][-1] / pages:6.2f} s/page  ({found} "
                  f"{'actions' if name.startswith('planparse') else 'words'})", flush=True)
    ours, base = (min(v) / pages for v in times.values())
    print(f"best of {args.rounds}: planparse {ours:.2f} s/page, bare Tesseract {base:.2f} "
          f"s/page: {ours / base:.2f}x")
    start = time.perf_counter()
    tables = img2table_tables(args.scan)
    if tables is None:
        print("img2table: not installed (pip install img2table to compare)")
    else:
        print(f"img2table + Tesseract: {tables} tables, "
              f"{(time.perf_counter() - start) / pages:.2f} s/page")
    for function in ("planparse_convert", "bare_tesseract"):
        print(f"peak memory (VmHWM of a fresh process), {function}: "
              f"{peak_rss(function, args.scan):6.1f} MB")


if __name__ == "__main__":
    main()
