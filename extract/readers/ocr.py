"""OCR of scanned PDF pages with Tesseract (tesserocr: the C++ API in-process, one engine per thread).

A page image is turned upright, deskewed and denoised (raster); its ruled tables are found in the
pixels and the rulings painted out (scan_grid); the page is thresholded once, and each table cell
is read on its own (a block of text), so words of neighbouring cells never run together and the
table comes out as the same rows of cells the text-layer path produces, for the same stitching and
assembly. A cell of a narrow column that reads empty is read again as one line of digits
(Tesseract drops a lone «7» in a narrow cell); blank cells are not read at all. The rest of the
page is read as paragraphs. Every cell keeps Tesseract's mean word confidence; ocr_text mends
the recognizer's usual slips.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from extract.normalize import join_lines
from extract.readers.layout import Line, paragraphs
from extract.readers.ocr_text import recognized_text, x_height
from extract.readers.pdf_grid import Grid
from extract.readers.raster import Image, binary_ink, prepare, sideways
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
DIGITS = "0123456789."
ITEM_NUMBER = re.compile(r"^\d{1,2}(?:[.,:;]\d{1,2}){0,3}[.,:;]?$")
PAD_MM = 1.5  # white margin kept around the ink of a cell
MIN_LETTER_MM = 1.2  # a cell holds text when some blot of ink is at least this tall or wide
UPSIDE_DOWN_BELOW = 0.6  # a page read with less mean confidence is tried upside down


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
    found = next((f for f in TESSDATA_DIRS if Path(f).is_dir()), None)
    missing = [code for code in wanted if not (found and (Path(found) / f"{code}.traineddata").is_file())]
    packages = " ".join(PACKAGES.get(code, f"tesseract-ocr-{code}") for code in missing)
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

        quiet_leptonica(Path(tesserocr.__file__).parent)
        cached[lang] = tesserocr.PyTessBaseAPI(path=tessdata(lang), lang=lang)
    return cached[lang]


@functools.cache
def quiet_leptonica(package: Path) -> None:
    """Leptonica, under Tesseract, prints its own complaints about odd images on stderr («Error in
    boxClipToRectangle: box outside rectangle»), where we print one line a file: set its message
    severity to none (L_SEVERITY_NONE), in the copy tesserocr loaded (its wheel bundles one)."""
    bundled = sorted((package.parent / "tesserocr.libs").glob("libleptonica*"))
    name = str(bundled[0]) if bundled else ctypes.util.find_library("lept")
    with contextlib.suppress(OSError, AttributeError, TypeError):  # no such library: nothing prints either
        ctypes.CDLL(name).setMsgSeverity(6)


@dataclass(frozen=True)
class Page:
    """One page ready to read: `paper` is what Tesseract sees (thresholded once for the page, so a
    near-empty cell is not thresholded on its own paper grain), `ink` its inverse for measuring."""

    paper: Image
    ink: Image
    dpi: int
    x_height: float | None


def recognize(api: Any, image: Image, dpi: int, psm: int, whitelist: str = "") -> None:
    """Give Tesseract an image with its resolution, page segmentation and allowed characters, and
    run the recognizer; the results are read from `api` afterwards."""
    from PIL import Image as PILImage

    api.SetImage(PILImage.fromarray(np.ascontiguousarray(image)))
    api.SetSourceResolution(dpi)
    api.SetPageSegMode(psm)
    api.SetVariable("tessedit_char_whitelist", whitelist)
    api.Recognize()


def read_box(api: Any, page: Page, box: PixelBox, psm: int, whitelist: str = "") -> Reading:
    """Read one region of the page on its own."""
    x0, top, x1, bottom = box
    recognize(api, page.paper[top:bottom, x0:x1], page.dpi, psm, whitelist)
    text = recognized_text(api, page.ink[top:bottom, x0:x1], page.x_height)
    confidence = api.MeanTextConf() if text else None
    if text and confidence is not None and confidence < NOISE_CONFIDENCE and len(text) <= 3 and not whitelist:
        return Reading("", None)
    return Reading(text, None if confidence is None else confidence / 100)


def ink_box(page: Page, box: PixelBox) -> PixelBox | None:
    """The box around the letter-sized blots of ink inside a region, padded, or None for a blank
    region (blank cells are not OCR'd: Tesseract reads paper grain or a ruling's trace as junk)."""
    x0, top, x1, bottom = box
    crop = page.ink[top:bottom, x0:x1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    h, w = crop.shape
    inside = [(left, upper, left + width, upper + height) for left, upper, width, height, _ in stats[1:count]
              if left > 0 and upper > 0 and left + width < w and upper + height < h]
    letter = mm(page.dpi, MIN_LETTER_MM)
    if not any(max(b[2] - b[0], b[3] - b[1]) >= letter for b in inside):
        return None
    pad = mm(page.dpi, PAD_MM)
    return (max(x0, x0 + min(b[0] for b in inside) - pad), max(top, top + min(b[1] for b in inside) - pad),
            min(x1, x0 + max(b[2] for b in inside) + pad), min(bottom, top + max(b[3] for b in inside) + pad))


LATIN_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
CYRILLIC = re.compile(r"[А-Яа-яЁё]{2,}")
RUSSIAN_RETRY_SLACK = 0.1  # confidence (0-1) a Russian-only re-reading may lose and still be kept


def read_cell(api: Any, page: Page, box: PixelBox) -> Reading:
    import tesserocr

    inset = mm(page.dpi, INSET_MM)
    x0, top, x1, bottom = box
    inner = ink_box(page, (x0 + inset, top + inset, x1 - inset, bottom - inset))
    if inner is None:
        return Reading("", None)
    found = read_box(api, page, inner, tesserocr.PSM.SINGLE_BLOCK)
    if found.text and ITEM_NUMBER.match(found.text):  # a cell holding only «5.3,»: the comma is a dot
        found = Reading(re.sub(r"[,:;]", ".", found.text), found.confidence)
    elif not found.text and x1 - x0 < mm(page.dpi, NARROW_MM):
        found = read_box(api, page, inner, tesserocr.PSM.SINGLE_LINE, DIGITS)
    elif LATIN_WORD.search(found.text) and CYRILLIC.search(found.text):
        found = read_in_russian(api, page, inner, found)
    return found


def read_in_russian(api: Any, page: Page, box: PixelBox, found: Reading) -> Reading:
    """A Russian cell read with a Latin word in it («МКУ MMU» for «МКУ ИМЦ»: with rus+eng Tesseract
    takes look-alike glyphs for Latin) is read again in Russian alone; the second reading is kept
    when it has no Latin word and is about as sure."""
    import tesserocr

    languages = api.GetInitLanguagesAsString().split("+")
    if "rus" not in languages or languages == ["rus"]:
        return found
    again = read_box(engine("rus"), page, box, tesserocr.PSM.SINGLE_BLOCK)
    sure = (again.confidence or 0) >= (found.confidence or 0) - RUSSIAN_RETRY_SLACK
    return again if again.text and sure and not LATIN_WORD.search(again.text) else found


def table_rows(api: Any, page: Page, cells: list[PixelBox], page_no: int) -> list[Row]:
    scale = 72 / page.dpi
    grid = Grid.from_cells([(x0 * scale, t * scale, x1 * scale, b * scale) for x0, t, x1, b in cells],
                           tolerance=GRID_TOLERANCE)
    rows: list[Row] = []
    for r in range(grid.height):
        out: list[Cell] = []
        for box in grid.row_boxes(r):
            reading = Reading("", None)
            if box.starts_at(r) and box.bbox is not None:
                x0, top, x1, bottom = (round(v / scale) for v in box.bbox)
                reading = read_cell(api, page, (x0, top, x1, bottom))
            text = join_lines(reading.text.splitlines()) if reading.text else ""
            out.append(Cell(text=text, colspan=box.colspan, confidence=reading.confidence, continued=not box.starts_at(r),
                            prov=Provenance(page=page_no, col=box.col, bbox=box.bbox if box.starts_at(r) else None)))
        rows.append(Row(cells=tuple(out), prov=Provenance(page=page_no, bbox=grid.row_bbox(r))))
    return rows


def text_lines(api: Any, page: Page) -> Iterator[Line]:
    """Lines of the page outside the tables (those are blanked before), in reading order."""
    import tesserocr

    recognize(api, page.paper, page.dpi, tesserocr.PSM.AUTO)
    iterator = api.GetIterator()
    level = tesserocr.RIL.TEXTLINE
    scale = 72 / page.dpi
    while iterator is not None:
        try:
            text = (iterator.GetUTF8Text(level) or "").strip()
        except RuntimeError:  # an empty element
            text = ""
        box = iterator.BoundingBox(level)
        if text and box and iterator.Confidence(level) >= NOISE_CONFIDENCE / 2:
            x0, top, x1, bottom = box
            yield Line(" ".join(text.split()), x0 * scale, top * scale, x1 * scale, bottom * scale)
        if not iterator.Next(level):
            break


def read_upright(api: Any, image: Image, page_no: int, dpi: int) -> tuple[list[Block | list[Row]], float | None]:
    """One page image → paragraphs and table pieces in reading order (the text-layer path's shape),
    and how sure Tesseract was (the mean confidence of the table cells, else of the text)."""
    prepared, _ = prepare(image)
    grid = find_tables(prepared, dpi)
    ink = binary_ink(without_rulings(prepared, grid))
    page = Page(cv2.bitwise_not(ink), ink, dpi, x_height(ink, dpi))
    tables = [(box[1] * 72 / dpi, table_rows(api, page, cells, page_no)) for box, cells in grid.tables]
    outside = page.paper.copy()
    for (x0, top, x1, bottom), _ in grid.tables:
        outside[top:bottom, x0:x1] = 255
    lines = sorted(text_lines(api, Page(outside, ink, dpi, page.x_height)), key=lambda ln: (ln.top, ln.x0))
    cells = [c.confidence for _, rows in tables for row in rows for c in row.cells if c.confidence is not None]
    confidence = sum(cells) / len(cells) if cells else (api.MeanTextConf() / 100 if lines else None)
    placed: list[tuple[float, Any]] = [*tables, *paragraphs(lines, image.shape[0] * 72 / dpi, page_no)]
    placed.sort(key=lambda item: item[0])
    return [item for _, item in placed], confidence


def mean_confidence(api: Any, image: Image, dpi: int) -> float:
    """Tesseract's mean word confidence on the middle third of a page (a quick trial read)."""
    import tesserocr

    h = image.shape[0]
    recognize(api, image[h // 3 : 2 * h // 3], dpi, tesserocr.PSM.AUTO)
    return float(api.MeanTextConf())


def upright(api: Any, image: Image, dpi: int) -> Image:
    """The page turned so its lines run left to right: a page whose words stand vertically
    (a landscape table scanned in portrait) is turned whichever way Tesseract reads better."""
    half = cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = binary_ink(without_rulings(half, find_tables(half, dpi // 2)))
    if not sideways(ink, dpi // 2):
        return image
    turns = [np.ascontiguousarray(np.rot90(image, k)) for k in (1, 3)]
    return max(turns, key=lambda turned: mean_confidence(api, turned, dpi))


def read_page_image(image: Image, page_no: int, settings: OcrSettings) -> list[Block | list[Row]]:
    """Read a page turned upright; when Tesseract is unsure of what it read, try it upside down."""
    api = engine(settings.lang)
    image = upright(api, image, settings.dpi)
    items, confidence = read_upright(api, image, page_no, settings.dpi)
    if confidence is None or confidence >= UPSIDE_DOWN_BELOW:
        return items
    turned, again = read_upright(api, np.ascontiguousarray(np.rot90(image, 2)), page_no, settings.dpi)
    return turned if (again or 0) > confidence else items


def jobs(settings: OcrSettings) -> int:
    if settings.jobs:
        return settings.jobs
    return int(os.environ.get("ROADMAP_OCR_JOBS", "0")) or min(os.cpu_count() or 1, 2)


Rendered = tuple[Image, int]  # a page image and the dpi it was rendered at


def read_pages(render: Callable[[int], Rendered | None], pages: list[int], settings: OcrSettings,
               on_page: Callable[[int, int], None] | None = None) -> dict[int, list[Block | list[Row]]]:
    """OCR the given pages (1-based) in parallel threads; `render` is called under a lock (pdfium
    is not thread-safe) and gives each page's image with the dpi it chose (settings.dpi or less),
    or None for a page it could not render: that page is left out of the result;
    `on_page(done, total)` reports progress."""
    from concurrent.futures import ThreadPoolExecutor

    tessdata(settings.lang)  # fail once, clearly, before any work
    lock = threading.Lock()
    done = [0]

    def one(page_no: int) -> tuple[int, list[Block | list[Row]] | None]:
        with lock:
            rendered = render(page_no)
        items = read_page_image(rendered[0], page_no, replace(settings, dpi=rendered[1])) if rendered else None
        with lock:
            done[0] += 1
            if on_page:
                on_page(done[0], len(pages))
        return page_no, items

    with ThreadPoolExecutor(max_workers=max(1, min(jobs(settings), len(pages)))) as pool:
        return {n: items for n, items in pool.map(one, pages) if items is not None}

