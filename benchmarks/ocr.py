"""OCR: ``planparse convert`` on a scan against bare Tesseract on the same page images.

The scan is ``tests/fixtures/scan/ruled_300.pdf`` (the seed plan, ruled, at 300 dpi, no
text layer; ``python -m tests.fixtures.make_scans`` makes it). planparse converts it to CSV
and JSON with one worker (``workers=1``: its pages one at a time) and no OCR cache. Bare
Tesseract is ``pytesseract.image_to_data`` with planparse's own settings (``--psm 11 --oem
1``, sparse text) on each page rendered at 300 dpi as planparse renders it, the rendering
timed too: what a user calls to get words and boxes. Both run Tesseract with one thread
(``OMP_THREAD_LIMIT=1``, planparse's setting: pages and files are run in parallel by the
batch instead).

The two are paired: each round runs both, the order alternating round by round (a busy
machine slows both of a pair alike), and the ratio is taken within each pair; the median
ratio and its spread (lowest-highest) are printed. img2table with Tesseract is timed too
where it is installed (tables found and rows). Peak memory is each one's VmHWM in a fresh
process.

    python -m benchmarks.ocr [--rounds 5] [--scan PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCAN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "scan" / "ruled_300.pdf"


def page_images(path: Path) -> list[Any]:
    """The PDF's pages rendered at 300 dpi, as planparse renders a scanned page."""
    import pypdfium2 as pdfium

    from ingest.ocr import OCR_DPI

    doc = pdfium.PdfDocument(path)
    try:
        return [page.render(scale=OCR_DPI / 72).to_pil() for page in doc]
    finally:
        doc.close()


def bare_tesseract(path: Path) -> int:
    """Each page rendered and read by ``image_to_data`` with planparse's Tesseract
    settings; returns the number of words read."""
    import pytesseract

    from ingest.ocr import _CONFIG

    words = 0
    for image in page_images(path):
        data = pytesseract.image_to_data(image, lang="eng", config=_CONFIG,
                                         output_type=pytesseract.Output.DICT)
        words += sum(1 for t in data["text"] if str(t).strip())
    return words


def planparse_convert(path: Path) -> int:
    """``planparse convert`` to CSV and JSON with one worker; returns the actions."""
    import tempfile

    from planparse import convert

    with tempfile.TemporaryDirectory() as out:
        result = convert([path], out, formats=["csv", "json"], workers=1)
    return sum(p.action_count for p in result.plans)


def img2table_tables(path: Path) -> tuple[int, int] | None:
    """img2table's tables found with Tesseract, and their rows (None when it is not
    installed)."""
    import importlib

    try:  # by name: an optional tool, typed or not, installed or not
        document: Any = importlib.import_module("img2table.document")
        ocr: Any = importlib.import_module("img2table.ocr")
    except ImportError:
        return None
    found = document.PDF(str(path)).extract_tables(ocr=ocr.TesseractOCR(lang="eng"))
    tables = [t for page in found.values() for t in page]
    return len(tables), sum(len(t.content) for t in tables)


def peak_rss(function: str, path: Path) -> float:
    """Peak resident memory (MB) of a fresh process running ``function`` on ``path``."""
    code = (f"from benchmarks.ocr import {function}; "
            f"{function}(__import__('pathlib').Path({str(path)!r})); "
            "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent,
                         env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    return int(out.split()[-2]) / 1024


def _timed(fn: Callable[[Path], object], path: Path) -> tuple[float, object]:
    start = time.perf_counter()
    found = fn(path)
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scan", type=Path, default=SCAN)
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    pages = len(page_images(args.scan))
    print(f"{args.scan.name}: {pages} pages, {args.rounds} paired rounds "
          f"(order alternating), one Tesseract thread")
    runs = {"planparse": planparse_convert, "bare": bare_tesseract}
    ratios: list[float] = []
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for k in range(args.rounds):
        order = list(runs) if k % 2 == 0 else list(reversed(runs))
        pair = {}
        for name in order:
            took, found = _timed(runs[name], args.scan)
            pair[name] = took
            seconds[name].append(took / pages)
            what = "actions" if name == "planparse" else "words"
            print(f"  round {k + 1}: {name:9s} {took / pages:6.2f} s/page  ({found} {what})",
                  flush=True)
        ratios.append(pair["planparse"] / pair["bare"])
    print(f"planparse convert: median {statistics.median(seconds['planparse']):.2f} s/page; "
          f"bare image_to_data: median {statistics.median(seconds['bare']):.2f} s/page")
    print(f"ratio planparse / bare Tesseract: median {statistics.median(ratios):.2f}x "
          f"(spread {min(ratios):.2f}-{max(ratios):.2f}x over {len(ratios)} pairs)")
    start = time.perf_counter()
    tables = img2table_tables(args.scan)
    took = time.perf_counter() - start
    if tables is None:
        print("img2table: not installed (pip install img2table to compare)")
    else:
        print(f"img2table + Tesseract: {tables[0]} tables, {tables[1]} rows, "
              f"{took / pages:.2f} s/page (one run)")
    for function in ("planparse_convert", "bare_tesseract"):
        print(f"peak memory (VmHWM of a fresh process), {function}: "
              f"{peak_rss(function, args.scan):6.1f} MB")


if __name__ == "__main__":
    main()
