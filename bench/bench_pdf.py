"""`make bench`: our whole PDF parse against pdfplumber's own extract_tables() on the same pages.

Both run in this process on the same files; each figure is the best of REPEATS runs.
Target (issue #12): our whole parse no slower than pdfplumber's raw table extraction (1.0x).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.parse import NoRoadmapFound, parse  # noqa: E402

REPEATS = 3
TARGET = 1.0


def plumber_tables(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def ours(path: Path) -> int:
    try:
        return parse(path).source.pages or 0
    except NoRoadmapFound as exc:  # a price list or an agenda is parsed all the same
        return exc.result.source.pages or 0


def best(fn: Callable[[Path], int], files: list[Path]) -> tuple[float, int]:
    times = []
    pages = 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        pages = sum(fn(f) for f in files)
        times.append(time.perf_counter() - start)
    return min(times), pages


def main() -> None:
    # born-digital PDFs only (scans have bench_ocr.py): LibreOffice's and reportlab's
    files = [f for f in sorted((ROOT / "samples").glob("**/*.pdf")) if ".scan." not in f.name and ".mixed." not in f.name]
    ours(files[0])  # load the morphology dictionary once, as a long run would
    base, pages = best(plumber_tables, files)
    mine, _ = best(ours, files)
    ratio = mine / base
    print(f"PDF: {len(files)} files, {pages} pages, best of {REPEATS}")
    print(f"  pdfplumber extract_tables: {base:6.2f} s  {pages / base:6.1f} pages/s")
    print(f"  roadmap parse (whole):     {mine:6.2f} s  {pages / mine:6.1f} pages/s")
    print(f"  ratio ours / pdfplumber:   {ratio:6.2f}x  (target <= {TARGET}x: {'met' if ratio <= TARGET else 'MISSED'})")


if __name__ == "__main__":
    main()
