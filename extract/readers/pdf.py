"""Born-digital PDF → Document with pdfplumber.

reads: PDF bytes; writes: Document. Ruled tables come from pdfplumber's cell boxes; we place
every character into the grid ourselves (one pass, bisect), so merged cells (pdfplumber's
`None`) are rebuilt from geometry as colspans and vertical spans read once. A table that
continues on the next page is one table: its repeated header row is dropped and a row split
by the page break is re-joined cell by cell. Text outside tables becomes paragraphs in
reading order; page numbers in the margins are dropped; hyphenation is undone.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from extract.normalize import join_lines
from extract.readers.pdf_grid import Grid, chars_to_lines
from extract.readers.text_layer import untrusted_reason
from extract.tables import grid_width, is_blank, is_continuation, join_rows, renumber, row_key
from schemas.document import Block, Cell, Document, PageRecord, Paragraph, Provenance, Row, Table
from schemas.errors import CorruptInput, EncryptedInput

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,4}[-–\s]*$")
MARGIN_SHARE = 0.08
PARAGRAPH_GAP = 0.6  # a vertical gap above this share of the line height starts a paragraph


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
            text = join_lines([ln for ln, _ in lines]) if box.starts_at(r) else ""
            bold = is_bold([c for _, cs in lines for c in cs]) if box.starts_at(r) else False
            cells.append(Cell(text=text, bold=bold, colspan=box.colspan,
                              prov=Provenance(page=page_no, col=box.col, bbox=bbox)))
        row_bbox = grid.row_bbox(r)
        rows.append(Row(cells=tuple(cells), prov=Provenance(page=page_no, bbox=row_bbox)))
    return rows


def page_paragraphs(page: Any, boxes: list[tuple[float, float, float, float]], page_no: int) -> list[tuple[float, Paragraph]]:
    """Text outside the tables, grouped into paragraphs by vertical gaps."""
    outside = page
    for box in boxes:
        outside = outside.outside_bbox(box)
    lines = chars_to_lines(outside.chars)
    height = float(page.height)
    out: list[tuple[float, Paragraph]] = []
    group: list[tuple[str, list[dict[str, Any]]]] = []
    prev_bottom = None
    for text, chars in lines:
        top = min(c["top"] for c in chars)
        bottom = max(c["bottom"] for c in chars)
        in_margin = top < height * MARGIN_SHARE or bottom > height * (1 - MARGIN_SHARE)
        if in_margin and PAGE_NUMBER.match(text):
            continue
        gap_limit = (bottom - top) * PARAGRAPH_GAP
        if group and prev_bottom is not None and top - prev_bottom > gap_limit:
            out.append(make_paragraph(group, page_no))
            group = []
        group.append((text, chars))
        prev_bottom = bottom
    if group:
        out.append(make_paragraph(group, page_no))
    return out


def make_paragraph(group: list[tuple[str, list[dict[str, Any]]]], page_no: int) -> tuple[float, Paragraph]:
    chars = [c for _, cs in group for c in cs]
    bbox = (min(c["x0"] for c in chars), min(c["top"] for c in chars),
            max(c["x1"] for c in chars), max(c["bottom"] for c in chars))
    text = "\n".join(text for text, _ in group)
    return bbox[1], Paragraph(text=text, bold=is_bold(chars), prov=Provenance(page=page_no, bbox=bbox))


def read_page(page: Any, page_no: int) -> list[Block | list[Row]]:
    tables = page.find_tables(TABLE_SETTINGS)
    placed: list[tuple[float, Any]] = [(t.bbox[1], table_rows(page, t, page_no)) for t in tables]
    placed += page_paragraphs(page, [t.bbox for t in tables], page_no)
    placed.sort(key=lambda item: item[0])
    return [item for _, item in placed]


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
            if n == 0 and isinstance(item, list) and isinstance(last, list) and continues(last, item):
                rows = list(item)
                if rows and row_key(rows[0]) == row_key(last[0]):
                    rows.pop(0)
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


def open_pdf(data: bytes, path: str) -> Any:
    try:
        return pdfplumber.open(BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise EncryptedInput("the PDF is encrypted with a password", path) from None
        raise CorruptInput(f"broken PDF ({type(cause).__name__}: {cause})", path) from None
    except (PDFSyntaxError, PSException) as exc:
        raise CorruptInput(f"broken PDF ({type(exc).__name__}: {exc})", path) from None


def read_pdf(data: bytes, path: str, max_pages: int = 300) -> Document:
    pdf = open_pdf(data, path)
    with pdf:
        try:
            total = len(pdf.pages)
        except (PdfminerException, PSException, PDFSyntaxError, KeyError, ValueError) as exc:
            raise CorruptInput(f"broken PDF page tree ({type(exc).__name__})", path) from None
        if total == 0:
            raise CorruptInput("the PDF has no pages", path)
        pages: list[list[Block | list[Row]]] = []
        records: list[PageRecord] = []
        for n, page in enumerate(pdf.pages[:max_pages], start=1):
            try:
                text = "".join(c["text"] for c in page.chars)
                reason = untrusted_reason(text, bool(page.images))
                pages.append([] if reason else read_page(page, n))
                records.append(PageRecord(page=n, method="untrusted" if reason else "text",
                                          chars=len(page.chars), reason=reason))
            except (PdfminerException, PSException, PDFSyntaxError, KeyError, ValueError, TypeError) as exc:
                if n == 1:
                    raise CorruptInput(f"broken PDF content on page 1 ({type(exc).__name__})", path) from None
                records.append(PageRecord(page=n, method="skipped"))
            finally:
                page.close()
        notes = [f"read {max_pages} of {total} pages (--max-pages)"] if total > max_pages else []
        notes += [f"page {r.page} could not be read" for r in records if r.method == "skipped"]
        notes += [f"page {r.page}: {r.reason}; OCR is not available yet" for r in records if r.method == "untrusted"]
    return Document(format="pdf", pages=total, blocks=tuple(stitch(pages)), page_records=tuple(records),
                    notes=tuple(notes))
