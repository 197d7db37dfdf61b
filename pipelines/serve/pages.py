"""What the review page draws beside the extracted fields: a PDF page as PNG (pypdfium2), the
pages' sizes in PDF points (the unit of every bbox), or, for DOCX, DOC and text, the reader's
tables as rows of cell texts (the unit of provenance.table/row)."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from pipelines.parse import Options, load, read_document

MIN_DPI, MAX_DPI = 24, 200
MAX_PIXELS = 40_000_000  # a page drawn bigger than this is drawn at a lower dpi
CACHED_LAYOUTS = 16


# pdfium is not thread-safe, and the server draws pages and checks uploads in several threads at
# once: every pdfium call of the server process holds this lock (the workers are processes of their own).
PDFIUM = threading.Lock()


class PageMissing(LookupError):
    pass


def render_png(path: Path, number: int, dpi: int) -> bytes:
    """Page `number` (1-based) as PNG at `dpi`, lowered so the image stays under MAX_PIXELS."""
    with PDFIUM:
        return draw(path, number, dpi)


def draw(path: Path, number: int, dpi: int) -> bytes:
    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= number <= len(pdf):
            raise PageMissing(f"the document has {len(pdf)} pages, not page {number}")
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = max(MIN_DPI, min(MAX_DPI, dpi)) / 72
        if width <= 0 or height <= 0:
            raise PageMissing(f"page {number} has no area to draw")
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        image = page.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, "PNG", optimize=False)
        return out.getvalue()
    finally:
        pdf.close()


def pdf_pages(path: Path) -> list[dict[str, Any]]:
    with PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        return sizes(pdf)


def sizes(pdf: pdfium.PdfDocument) -> list[dict[str, Any]]:
    try:
        return [{"n": i + 1, "width": round(w, 2), "height": round(h, 2)}
                for i, (w, h) in enumerate(pdf[i].get_size() for i in range(len(pdf)))]
    finally:
        pdf.close()


def tables_of(path: Path) -> list[dict[str, Any]]:
    """The reader's tables (the same reader as the parse, so row numbers match the provenance)."""
    doc = read_document(load(path), Options(ocr="never"))
    return [{"index": t.index, "page": t.prov.page, "rows": [row.texts for row in t.rows]} for t in doc.tables]


_layouts: OrderedDict[str, dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def layout(sha256: str, path: Path, fmt: str | None) -> dict[str, Any]:
    """The layout of a stored original, kept for the last few documents (a DOC takes LibreOffice)."""
    with _lock:
        if sha256 in _layouts:
            _layouts.move_to_end(sha256)
            return _layouts[sha256]
    found: dict[str, Any]
    if fmt == "pdf":
        found = {"format": fmt, "pages": pdf_pages(path), "tables": []}
    else:
        found = {"format": fmt, "pages": [], "tables": tables_of(path)}
    with _lock:
        _layouts[sha256] = found
        while len(_layouts) > CACHED_LAYOUTS:
            _layouts.popitem(last=False)
    return found
