"""Born-digital PDF → Document with pdfplumber.

reads: PDF bytes; writes: Document. Ruled tables come from pdfplumber's cell boxes; we place
every character into the grid ourselves (one pass, bisect), so merged cells (pdfplumber's
`None`) are rebuilt from geometry as colspans and vertical spans read once. A table that
continues on the next page is one table: its repeated header row is dropped and a row split
by the page break is re-joined cell by cell. Text outside tables becomes paragraphs in
reading order; page numbers in the margins are dropped; hyphenation is undone.
Pages whose text layer cannot be trusted (scans, cid glyphs, mojibake) go to OCR (extract.readers.ocr),
which hands back the same rows and paragraphs, stitched across pages the same way.

Malformed input: a page with no valid /MediaBox is read as US Letter (pdfminer's default, and every
viewer's); what pdfminer, pdfplumber and pdfium raise on a broken file is E_CORRUPT when it hits the
page tree or page 1, a skipped page (W_PAGES_SKIPPED) after. A page is rendered for OCR within a
pixel budget (raster.fitting_dpi: at a lower dpi with W_DPI_REDUCED, or not at all) and only when no
image on it decodes to more than MAX_IMAGE_PIXELS.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pdfplumber.utils.exceptions import MalformedPDFException

from extract.normalize import join_lines
from extract.readers.broken import why
from extract.readers.layout import Line, paragraphs, split_paragraphs
from extract.readers.ocr_lexicon import mend_abbreviations
from extract.readers.pdf_grid import Grid, chars_to_lines
from extract.readers.pdf_open import BROKEN_PDF, open_pdf, plumber_pages
from extract.readers.text_layer import covered_by_image, untrusted_reason
from extract.rules.rows import numbers_columns
from extract.tables import (
    grid_width,
    is_blank,
    is_continuation,
    join_rows,
    renumber,
    repeats_header,
    same_text,
)
from schemas.document import Block, Cell, Document, Notice, PageRecord, Paragraph, Provenance, Row, Table
from schemas.errors import CorruptInput, UnsupportedInput

if TYPE_CHECKING:  # the OCR stack (OpenCV, Tesseract) loads only when a page needs it
    from extract.readers.ocr import OcrSettings

HEADER_ROWS_MAX = 3
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Pixels of one image a page holds: pdfium decodes an image whole to render the page, whatever the
# dpi. A 1200 dpi A4 scan is ~140 MP; a 1.5 MB PDF can hold a 40,000 × 40,000 image (1.6 GB decoded).
MAX_IMAGE_PIXELS = 150_000_000


def is_bold(chars: list[dict[str, Any]]) -> bool:
    visible = [c for c in chars if c["text"].strip()]
    return bool(visible) and all("bold" in c["fontname"].lower() for c in visible)


def table_rows(page: Any, table: Any, page_no: int) -> list[Row]:
    """One pdfplumber table → rows of cells, text placed by geometry."""
    grid = Grid.from_cells(table.cells)
    owned = grid.assign(page.chars)
    rows: list[Row] = []
    for r in range(grid.height):
        cells: list[Cell] = []
        for box in grid.row_boxes(r):
            lines = chars_to_lines(owned.get(box.key, []))
            bbox = box.bbox if box.starts_at(r) else None
            text = cell_text(lines, box.bbox) if box.starts_at(r) else ""
            bold = is_bold([c for _, cs in lines for c in cs]) if box.starts_at(r) else False
            cells.append(Cell(text=text, bold=bold, colspan=box.colspan, continued=not box.starts_at(r),
                              prov=Provenance(page=page_no, col=box.col, bbox=bbox)))
        row_bbox = grid.row_bbox(r)
        rows.append(Row(cells=tuple(cells), prov=Provenance(page=page_no, bbox=row_bbox)))
    return rows


def to_line(text: str, chars: list[dict[str, Any]]) -> Line:
    return Line(text, min(c["x0"] for c in chars), min(c["top"] for c in chars), max(c["x1"] for c in chars),
                max(c["bottom"] for c in chars), is_bold(chars))


def cell_text(lines: list[tuple[str, list[dict[str, Any]]]], bbox: tuple[float, float, float, float] | None) -> str:
    """A cell's printed lines → its paragraphs, one per line of the text («1. …» / «2. …»,
    «февраль 2025» / «март 2025»), each paragraph's lines joined with hyphenation undone. The
    text may reach the cell's right edge less its padding (taken equal to the left one)."""
    printed = [to_line(text, chars) for text, chars in lines if chars]
    right = None
    if bbox and printed:
        right = bbox[2] - max(0.0, min(ln.x0 for ln in printed) - bbox[0])
    paragraphs = (join_lines([ln.text for ln in group]) for group in split_paragraphs(printed, right))
    return "\n".join(p for p in paragraphs if p)


def page_paragraphs(page: Any, boxes: list[tuple[float, float, float, float]], page_no: int) -> list[tuple[float, Paragraph]]:
    """Text outside the tables, grouped into paragraphs. A character belongs to a table when its
    centre lies inside it (a line printed tight above a table may touch its top ruling)."""
    def outside(char: dict[str, Any]) -> bool:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    chars = [c for c in page.chars if outside(c)]
    lines = [to_line(text, cs) for text, cs in chars_to_lines(chars) if cs]
    return paragraphs(lines, float(page.height), page_no)


def is_white(color: Any) -> bool:
    """A fill colour that prints as paper: grey 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    values = tuple(color) if isinstance(color, (list, tuple)) else (color,)
    if len(values) == 4:
        return all(v == 0 for v in values)
    return bool(values) and all(isinstance(v, (int, float)) and v >= 0.99 for v in values)


def is_ruling(obj: dict[str, Any]) -> bool:
    """Whether a drawn object can be a table ruling. Word's PDFs paint a white box behind every
    line of text in a shaded cell: those boxes have edges but draw nothing, and would cut each
    cell into one row per printed line."""
    if obj.get("object_type") != "rect":
        return True
    return bool(obj.get("stroke")) or not (obj.get("fill") and is_white(obj.get("non_stroking_color")))


def read_page(page: Any, page_no: int) -> list[Block | list[Row]]:
    tables = page.filter(is_ruling).find_tables(TABLE_SETTINGS)
    placed: list[tuple[float, Any]] = [(t.bbox[1], table_rows(page, t, page_no)) for t in tables]
    placed += page_paragraphs(page, [t.bbox for t in tables], page_no)
    placed.sort(key=lambda item: item[0])
    return [item for _, item in placed]


def header_rows(rows: list[Row]) -> list[Row]:
    """The leading rows of a table that head it: bold, or numbering the columns («1 | 2 | 3»)."""
    out = []
    for row in rows[:HEADER_ROWS_MAX]:
        if not (numbers_columns(row.texts) or row.header or all(c.bold for c in row.cells if c.text.strip())):
            break
        out.append(row)
    return out


def continues(previous: list[Row], rows: list[Row]) -> bool:
    return bool(previous and rows) and grid_width(previous) == grid_width(rows)


def stitch(pages: list[list[Block | list[Row]]]) -> list[Block]:
    """Join table pieces that run on from one page to the next; build the blocks."""
    pieces: list[Paragraph | list[Row]] = []
    for page_items in pages:
        for n, item in enumerate(page_items):
            last = pieces[-1] if pieces else None
            if isinstance(item, list):
                item = [row for row in item if not is_blank(row)]
                if not item:
                    continue  # a ruled grid with no text in it (an empty form, a frame)
            if n == 0 and isinstance(item, list) and isinstance(last, list) and continues(last, item):
                rows = list(item)
                heads = header_rows(last)
                while rows and (repeats_header(rows[0].texts, last[0].texts) or any(same_text(rows[0], h) for h in heads[1:])):
                    rows.pop(0)  # the header printed again, with its second row («1 | 2 | 3 …») too
                if rows and is_continuation(rows[0]):
                    last[-1] = join_rows(last[-1], rows.pop(0))
                last.extend(rows)
            else:
                pieces.append(item if isinstance(item, Paragraph) else list(item))  # type: ignore[arg-type]
    blocks: list[Block] = []
    for piece in pieces:
        if isinstance(piece, Paragraph):
            blocks.append(piece)
        else:
            index = sum(isinstance(b, Table) for b in blocks)
            numbered = renumber(piece, index)
            blocks.append(Table(index=index, rows=numbered, prov=numbered[0].prov))
    return blocks


def ocr_reason(page: Any, mode: str) -> str | None:
    """Why a page goes to OCR (or, with --ocr never, is left out), or None for the text path."""
    reason = untrusted_reason("".join(c["text"] for c in page.chars), bool(page.images))
    if reason is None and page.chars and covered_by_image(page):
        reason = "a scanned page with a text layer of its own (its tables exist only in the image)"
        if mode == "never":
            return None  # use that layer as it is
    return reason or ("OCR asked for every page (--ocr always)" if mode == "always" else None)


def image_pixels(image: dict[str, Any]) -> int:
    """The pixels of an image as its stream declares them (0 when it declares no numbers)."""
    width, height = (image.get("srcsize") or (0, 0))[:2]
    numbers = all(isinstance(v, (int, float)) and math.isfinite(v) for v in (width, height))
    return int(width * height) if numbers else 0


def undecodable(page: Any) -> str | None:
    """Why a page to OCR is not rendered: an image on it too large to decode, or None."""
    largest = max(page.images, key=image_pixels, default=None)
    if largest is None or image_pixels(largest) <= MAX_IMAGE_PIXELS:
        return None
    width, height = largest["srcsize"][:2]
    return (f"an image of {width:,.0f} × {height:,.0f} pixels on it is too large to decode for OCR: "
            f"over {MAX_IMAGE_PIXELS // 10**6} megapixels")


def read_text_layer(pages: list[Any], ocr_mode: str, path: str) -> tuple[list[list[Block | list[Row]]], list[PageRecord]]:
    """Each page read from its text layer, or marked for OCR (or left out with --ocr never). A page
    pdfminer cannot parse is skipped; the first one is the file's verdict (E_CORRUPT)."""
    items: list[list[Block | list[Row]]] = []
    records: list[PageRecord] = []
    for n, page in enumerate(pages, start=1):
        try:
            reason = ocr_reason(page, ocr_mode)
            method = "text" if not reason else "untrusted" if ocr_mode == "never" else "ocr"
            if method == "ocr" and (too_large := undecodable(page)):
                method, reason = "skipped", too_large
            items.append(read_page(page, n) if method == "text" else [])
            records.append(PageRecord(page=n, method=method, chars=len(page.chars), reason=reason))
        except (*BROKEN_PDF, MalformedPDFException) as exc:
            if n == 1:
                raise CorruptInput(f"broken PDF content on page 1 ({why(exc)})", path) from None
            items.append([])
            records.append(PageRecord(page=n, method="skipped", reason=f"broken content ({type(exc).__name__})"))
        finally:
            page.close()
    return items, records


def read_pdf(data: bytes, path: str, max_pages: int = 300, ocr_mode: str = "auto", ocr: OcrSettings | None = None,
             on_page: Callable[[int, int], None] | None = None) -> Document:
    """`ocr_mode`: auto (OCR the pages whose text layer cannot be trusted), always, never."""
    pdf = open_pdf(data, path)
    try:
        plumber, total = plumber_pages(pdf, path, max_pages)
        if total == 0:
            raise CorruptInput("the PDF has no pages", path)
        pages, records = read_text_layer(plumber, ocr_mode, path)
    finally:
        pdf.flush_cache()  # not pdf.close(): it would build pdfplumber's own pages, unrepaired
    to_ocr = [r.page for r in records if r.method == "ocr"]
    notices: list[Notice] = []
    if to_ocr:
        outcome = ocr_pages(data, to_ocr, ocr, path, on_page)
        for n, read in outcome.pages.items():
            pages[n - 1] = read
        records = [r.model_copy(update={"method": "skipped", "reason": outcome.skipped[r.page]})
                   if r.page in outcome.skipped else r for r in records]
        notices = outcome.notices
    notes = [f"read {max_pages} of {total} pages (--max-pages)"] if total > max_pages else []
    notes += [f"page {r.page} could not be read" + (f": {r.reason}" if r.reason else "")
              for r in records if r.method == "skipped"]
    notes += [f"page {r.page}: {r.reason}; not read (--ocr never)" for r in records if r.method == "untrusted"]
    blocks = stitch(pages)
    if to_ocr:
        blocks = mend_abbreviations(blocks)
    return Document(format="pdf", pages=total, blocks=tuple(blocks), page_records=tuple(records),
                    notes=tuple(notes), notices=tuple(notices))


@dataclass
class OcrOutcome:
    pages: dict[int, list[Block | list[Row]]] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)  # page → why it was not read
    notices: list[Notice] = field(default_factory=list)


def open_pdfium(data: bytes, path: str) -> Any:
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CorruptInput(f"broken PDF (pdfium: {why(exc)})", path) from None


def page_dpi(document: Any, n: int, dpi: int, outcome: OcrOutcome) -> int | None:
    """The dpi page `n` is rendered at for OCR (`dpi`, or less to stay within the pixel budget,
    with a warning), or None: the page cannot be rendered (why is in `outcome.skipped`)."""
    from pypdfium2 import PdfiumError

    from extract.readers.raster import MAX_PIXELS, fitting_dpi, pixels

    try:
        width, height = document.get_page_size(n - 1)
    except PdfiumError as exc:
        outcome.skipped[n] = f"pdfium cannot load it ({why(exc)})"
        return None
    fit = fitting_dpi(width, height, dpi)
    size = f"{width / 72:,.1f} × {height / 72:,.1f} in"
    if fit is None:
        outcome.skipped[n] = unrenderable(width, height, size)
    elif fit < dpi:
        megapixels = pixels(width, height, dpi) / 10**6
        outcome.notices.append(Notice(code="W_DPI_REDUCED", prov=Provenance(page=n), message=(
            f"page {n} ({size}) was rendered for OCR at {fit} dpi, not {dpi}: at {dpi} dpi it would take "
            f"{megapixels:,.0f} megapixels, over the {MAX_PIXELS // 10**6} allowed")))
    return fit


def unrenderable(width: float, height: float, size: str) -> str:
    """Why a page of this size (points) is not rendered at all."""
    from extract.readers.raster import MAX_PAGE_INCHES, MAX_PIXELS, MIN_DPI, MIN_PAGE_INCHES

    if not min(width, height) >= MIN_PAGE_INCHES * 72:  # also NaN
        return f"a page of {size}, under {MIN_PAGE_INCHES:g} in a side, has nothing to read"
    if max(width, height) > MAX_PAGE_INCHES * 72:
        return f"a page of {size}, over the {MAX_PAGE_INCHES:g} in a side a PDF page may have, is not rendered"
    return f"a page of {size} is too large to render for OCR: over {MAX_PIXELS // 10**6} megapixels even at {MIN_DPI} dpi"


def ocr_pages(data: bytes, pages: list[int], settings: OcrSettings | None, path: str,
              on_page: Callable[[int, int], None] | None) -> OcrOutcome:
    from pypdfium2 import PdfiumError

    from extract.readers.ocr import OcrSettings, Rendered, read_pages
    from extract.readers.raster import render

    settings = settings or OcrSettings()
    outcome = OcrOutcome()
    document = open_pdfium(data, path)
    try:
        dpis = {n: page_dpi(document, n, settings.dpi, outcome) for n in pages}

        def page_image(n: int) -> Rendered | None:
            dpi = dpis[n]
            try:
                return (render(document[n - 1], dpi), dpi) if dpi else None
            except PdfiumError as exc:
                outcome.skipped[n] = f"pdfium cannot render it ({why(exc)})"
                return None

        to_render = [n for n in pages if dpis[n]]
        try:
            outcome.pages = read_pages(page_image, to_render, settings, on_page) if to_render else {}
        except UnsupportedInput as exc:
            raise UnsupportedInput(exc.message, path) from None
    finally:
        document.close()
    return outcome
