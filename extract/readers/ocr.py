"""OCR of scanned PDF pages with Tesseract (tesserocr: the C++ API in-process, one engine per thread).

A page image is deskewed and denoised (raster), its ruled tables are found in the pixels and the
rulings painted out (scan_grid); each table cell is read on its own (a block of text), so words of
neighbouring cells never run together, and the table comes out as the same rows of cells the
text-layer path produces, for the same stitching and assembly. A cell of a narrow column that
reads empty is read again as one line of digits (Tesseract drops a lone «7» in a narrow cell).
The rest of the page is read as paragraphs. Every cell keeps Tesseract's mean word confidence.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.normalize import join_lines
from extract.readers.layout import Line, paragraphs
from extract.readers.pdf_grid import Grid
from extract.readers.raster import Image, binary_ink, prepare
from extract.readers.scan_grid import PixelBox, find_tables, mm, without_rulings
from schemas.document import Block, Cell, Provenance, Row
from schemas.errors import UnsupportedInput

TESSDATA_DIRS = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata"]
PACKAGES = {"rus": "tesseract-ocr-rus", "eng": "tesseract-ocr-eng"}
NARROW_MM = 20.0  # a column narrower than this holds numbers: re-read an empty cell as digits
INSET_MM = 0.4  # read a cell this far inside its rulings (their traces read as «|», «_»)
NOISE_CONFIDENCE = 50  # a short reading below this is a ruling's trace or a speck, not text
GRID_TOLERANCE = 3.0  # points: cell edges of a scan agree to within a ruling's width
DIGITS = "0123456789.,"
MIN_LETTER_MM = 1.2  # a cell holds text when some blot of ink is at least this tall or wide


@dataclass(frozen=True)
class OcrSettings:
    lang: str = "rus+eng"
    dpi: int = 300
    jobs: int = 0  # pages read at once; 0: ROADMAP_OCR_JOBS, else up to 2


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float | None  # 0-1, Tesseract's mean word confidence


def tessdata(lang: str) -> str:
    """The folder holding every language of `lang` («rus+eng»), or a one-line error naming the package."""
    wanted = lang.split("+")
    folders = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for folder in folders:
        if folder and all((Path(folder) / f"{code}.traineddata").is_file() for code in wanted):
            return folder
    packages = " ".join(PACKAGES.get(code, f"tesseract-ocr-{code}") for code in wanted)
    raise UnsupportedInput(f"OCR needs Tesseract's language data for {lang} (Debian: apt-get install {packages})")


_engines = threading.local()


def engine(lang: str) -> Any:
    """This thread's Tesseract engine for `lang` (created once per thread)."""
    cached = getattr(_engines, "by_lang", None)
    if cached is None:
        cached = _engines.by_lang = {}
    if lang not in cached:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # we run pages in parallel ourselves
        import tesserocr

        cached[lang] = tesserocr.PyTessBaseAPI(path=tessdata(lang), lang=lang)
    return cached[lang]


def read_box(api: Any, box: PixelBox, psm: int, whitelist: str = "") -> Reading:
    import tesserocr

    api.SetPageSegMode(psm)
    api.SetVariable("tessedit_char_whitelist", whitelist)
    x0, top, x1, bottom = box
    api.SetRectangle(x0, top, max(x1 - x0, 1), max(bottom - top, 1))
    text = api.GetUTF8Text().strip()
    confidence = api.MeanTextConf() if text else None
    if text and confidence is not None and confidence < NOISE_CONFIDENCE and len(text) <= 3 and psm != tesserocr.PSM.SINGLE_LINE:
        return Reading("", None)
    return Reading(text, None if confidence is None else confidence / 100)


def has_ink(ink: Image, box: PixelBox, dpi: int) -> bool:
    """Whether a region holds something letter-sized away from its edges (blank cells are not
    OCR'd: Tesseract reads paper grain or a ruling's trace in an empty box as junk)."""
    import cv2

    x0, top, x1, bottom = box
    crop = ink[top:bottom, x0:x1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    h, w = crop.shape
    letter = mm(dpi, MIN_LETTER_MM)
    for left, upper, width, height, _ in stats[1:count]:
        inside = left > 0 and upper > 0 and left + width < w and upper + height < h
        if inside and max(width, height) >= letter:
            return True
    return False


def read_cell(api: Any, ink: Image, box: PixelBox, dpi: int) -> Reading:
    import tesserocr

    inset = mm(dpi, INSET_MM)
    x0, top, x1, bottom = box
    inner = (x0 + inset, top + inset, x1 - inset, bottom - inset)
    if not has_ink(ink, inner, dpi):
        return Reading("", None)
    found = read_box(api, inner, tesserocr.PSM.SINGLE_BLOCK)
    if not found.text and x1 - x0 < mm(dpi, NARROW_MM):
        found = read_box(api, inner, tesserocr.PSM.SINGLE_LINE, DIGITS)
    return found


def table_rows(api: Any, ink: Image, cells: list[PixelBox], page_no: int, dpi: int) -> list[Row]:
    scale = 72 / dpi
    grid = Grid.from_cells([(x0 * scale, t * scale, x1 * scale, b * scale) for x0, t, x1, b in cells],
                           tolerance=GRID_TOLERANCE)
    rows: list[Row] = []
    for r in range(grid.height):
        out: list[Cell] = []
        for box in grid.row_boxes(r):
            reading = Reading("", None)
            if box.starts_at(r) and box.bbox is not None:
                reading = read_cell(api, ink, tuple(round(v / scale) for v in box.bbox), dpi)  # type: ignore[arg-type]
            text = join_lines(reading.text.splitlines()) if reading.text else ""
            out.append(Cell(text=text, colspan=box.colspan, confidence=reading.confidence,
                            prov=Provenance(page=page_no, col=box.col, bbox=box.bbox if box.starts_at(r) else None)))
        rows.append(Row(cells=tuple(out), prov=Provenance(page=page_no, bbox=grid.row_bbox(r))))
    return rows


def text_lines(api: Any, image: Image, dpi: int) -> Iterator[Line]:
    """Lines of the page outside the tables (those are blanked before), in reading order."""
    import tesserocr
    from PIL import Image as PILImage

    api.SetPageSegMode(tesserocr.PSM.AUTO)
    api.SetVariable("tessedit_char_whitelist", "")
    api.SetImage(PILImage.fromarray(image))
    api.SetSourceResolution(dpi)
    api.Recognize()
    iterator = api.GetIterator()
    level = tesserocr.RIL.TEXTLINE
    scale = 72 / dpi
    while iterator is not None:
        text = (iterator.GetUTF8Text(level) or "").strip()
        box = iterator.BoundingBox(level)
        if text and box and iterator.Confidence(level) >= NOISE_CONFIDENCE / 2:
            x0, top, x1, bottom = box
            yield Line(" ".join(text.split()), x0 * scale, top * scale, x1 * scale, bottom * scale)
        if not iterator.Next(level):
            break


def read_page_image(image: Image, page_no: int, settings: OcrSettings) -> list[Block | list[Row]]:
    """One page image → paragraphs and table pieces in reading order (the text-layer path's shape)."""
    from PIL import Image as PILImage

    api = engine(settings.lang)
    prepared, _ = prepare(image)
    grid = find_tables(prepared, settings.dpi)
    clean = without_rulings(prepared, grid)
    api.SetImage(PILImage.fromarray(clean))
    api.SetSourceResolution(settings.dpi)
    ink = binary_ink(clean)
    placed: list[tuple[float, Any]] = [
        (box[1] * 72 / settings.dpi, table_rows(api, ink, cells, page_no, settings.dpi)) for box, cells in grid.tables
    ]
    outside = clean.copy()
    for (x0, top, x1, bottom), _ in grid.tables:
        outside[top:bottom, x0:x1] = 255
    lines = sorted(text_lines(api, outside, settings.dpi), key=lambda ln: (ln.top, ln.x0))
    placed += paragraphs(lines, image.shape[0] * 72 / settings.dpi, page_no)
    placed.sort(key=lambda item: item[0])
    return [item for _, item in placed]


def jobs(settings: OcrSettings) -> int:
    if settings.jobs:
        return settings.jobs
    return int(os.environ.get("ROADMAP_OCR_JOBS", "0")) or min(os.cpu_count() or 1, 2)


def read_pages(render: Callable[[int], Image], pages: list[int], settings: OcrSettings,
               on_page: Callable[[int, int], None] | None = None) -> dict[int, list[Block | list[Row]]]:
    """OCR the given pages (1-based) in parallel threads; `render` is called under a lock (pdfium
    is not thread-safe); `on_page(done, total)` reports progress."""
    from concurrent.futures import ThreadPoolExecutor

    tessdata(settings.lang)  # fail once, clearly, before any work
    lock = threading.Lock()
    done = [0]

    def one(page_no: int) -> tuple[int, list[Block | list[Row]]]:
        with lock:
            image = render(page_no)
        items = read_page_image(image, page_no, settings)
        with lock:
            done[0] += 1
            if on_page:
                on_page(done[0], len(pages))
        return page_no, items

    with ThreadPoolExecutor(max_workers=max(1, min(jobs(settings), len(pages)))) as pool:
        return dict(pool.map(one, pages))

