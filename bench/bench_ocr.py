"""`make bench`: OCR of scanned pages, our whole page reading against plain `tesseract` on the same
page images, in the same run; then whole scanned files with 1 and 2 OCR workers.

The page images are the scanned seed samples rendered at 300 dpi (what `roadmap parse` reads), saved
as PNG. Plain: `tesseract page.png out -l rus+eng` (its default page segmentation), one process per
page, one thread each (OMP_THREAD_LIMIT=1), like our workers. Ours: deskew, ruling detection, every
cell read on its own with the mending, and the text around the tables, one thread.
Targets: ours ≤ 1.5× plain per page; 2 workers faster than 1 on whole files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import pypdfium2  # noqa: E402

from extract.readers.ocr import OcrSettings, read_page_image  # noqa: E402
from extract.readers.raster import render  # noqa: E402
from pipelines.parse import Options, parse  # noqa: E402

DPI = 300
TARGET = 1.5
SCANS = sorted((ROOT / "samples").glob("*.scan.pdf"))


def page_images(folder: Path) -> list[Path]:
    out = []
    for scan in SCANS:
        document = pypdfium2.PdfDocument(str(scan))
        for n in range(len(document)):
            path = folder / f"{scan.stem}-{n + 1}.png"
            cv2.imwrite(str(path), render(document[n], DPI))
            out.append(path)
        document.close()
    return out


def plain_tesseract(images: list[Path], folder: Path) -> float:
    start = time.perf_counter()
    for image in images:
        subprocess.run(["tesseract", str(image), str(folder / image.stem), "-l", "rus+eng", "--dpi", str(DPI)],
                       check=True, capture_output=True)
    return time.perf_counter() - start


def ours(images: list[Path]) -> float:
    settings = OcrSettings(dpi=DPI, jobs=1)
    read_page_image(cv2.imread(str(images[0]), cv2.IMREAD_GRAYSCALE), 1, settings)  # engine loaded once, as in a run
    start = time.perf_counter()
    for n, image in enumerate(images, 1):
        read_page_image(cv2.imread(str(image), cv2.IMREAD_GRAYSCALE), n, settings)
    return time.perf_counter() - start


def whole_files(jobs: int) -> float:
    os.environ["ROADMAP_OCR_JOBS"] = str(jobs)
    start = time.perf_counter()
    for scan in SCANS:
        parse(scan, Options(dpi=DPI))
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        images = page_images(Path(tmp))
        plain = plain_tesseract(images, Path(tmp))
        mine = ours(images)
    n = len(images)
    print(f"OCR: {n} scanned pages at {DPI} dpi ({len(SCANS)} files)")
    print(f"  plain tesseract (rus+eng, 1 thread):     {plain / n:.2f} s/page")
    print(f"  roadmap page reading (cells, mending):   {mine / n:.2f} s/page")
    print(f"  ratio: {mine / plain:.2f}x   target <= {TARGET}x   {'OK' if mine / plain <= TARGET else 'SLOWER THAN TARGET'}")
    whole_files(1)  # warm: models and dictionaries loaded
    one, two = whole_files(1), whole_files(2)
    print(f"  whole files, parse incl. NLP: 1 OCR worker {one:.1f} s, 2 workers {two:.1f} s: speed-up {one / two:.2f}x")


if __name__ == "__main__":
    main()
