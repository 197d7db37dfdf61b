"""DOCX → Document with python-docx: body paragraphs and tables in document order.

reads: DOCX bytes (checked by zipguard first); writes: Document. Merged cells are read once
(gridSpan → colspan, vMerge continuation → empty, gridBefore → leading empties); nested
tables and multi-paragraph cells become lines of the cell's text; tblHeader rows are headers.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from extract.normalize import fold_spaces
from extract.readers.docx_numbering import Numbering, paragraph_list, style_lists
from extract.tables import renumber
from extract.zipguard import check_zip
from schemas.document import Block, Cell, Document, Paragraph, Provenance, Row, Table
from schemas.errors import CorruptInput, EncryptedInput

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_VAL = qn("w:val")
PAGE_BREAK = ".//w:br[@w:type='page'] | .//w:lastRenderedPageBreak"


MAX_GRID = 64  # columns: no real table has more; a corrupt span must not allocate millions of cells
# A row's cells, also those inside a content control or custom XML (Word templates put them there)
ROW_CELLS = "./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc"


def grid_count(values: list[str], default: int) -> int:
    """A gridSpan/gridBefore value, within 0..MAX_GRID (a span at least 1); junk gives `default`."""
    try:
        value = int(values[0]) if values else default
    except ValueError:
        return default
    return min(MAX_GRID, max(value, default))


class Reader:
    """Walks the body once, keeping a page counter from explicit and rendered page breaks."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.page = 1
        self.tables = 0
        self.numbering = Numbering.of(document)
        self.style_lists = style_lists(document)

    def paragraph(self, element: Any) -> tuple[str, bool]:
        """The paragraph's text as Word shows it (an automatic number in front) and its boldness."""
        para = DocxParagraph(element, self.document._body)
        if element.xpath(PAGE_BREAK):
            self.page += len(element.xpath(PAGE_BREAK))
        runs = [r for r in para.runs if r.text.strip()]
        style_bold = bool(para.style is not None and para.style.font.bold)
        bold = bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
        listed = paragraph_list(element, self.style_lists)
        label = self.numbering.label(*listed) if listed else ""
        return (f"{label} {para.text}" if label else para.text), bold

    def cell_text(self, tc: Any) -> tuple[str, bool]:
        lines: list[str] = []
        bolds: list[bool] = []
        for child in tc.iterchildren():
            if child.tag == W_P:
                text, bold = self.paragraph(child)
                if text.strip():
                    lines.append(text)
                    bolds.append(bold)
            elif child.tag == W_TBL:
                for tr in child.iterchildren(W_TR):
                    texts = [self.cell_text(inner)[0] for inner in tr.iterchildren(W_TC)]
                    lines.append(" ".join(t for t in texts if t.strip()))
        return "\n".join(lines), bool(bolds) and all(bolds)

    def row(self, tr: Any, r: int) -> Row:
        cells: list[Cell] = []
        header = bool(tr.xpath("./w:trPr/w:tblHeader"))
        col = grid_count(tr.xpath("./w:trPr/w:gridBefore/@w:val"), 0)
        cells.extend(Cell(text="", prov=Provenance(page=self.page, col=c)) for c in range(col))
        for tc in tr.xpath(ROW_CELLS):
            colspan = grid_count(tc.xpath("./w:tcPr/w:gridSpan/@w:val"), 1)
            merge = tc.xpath("./w:tcPr/w:vMerge")
            continued = bool(merge) and merge[0].get(W_VAL) in (None, "continue")
            text, bold = ("", False) if continued else self.cell_text(tc)
            prov = Provenance(page=self.page, row=r, col=col)
            cells.append(Cell(text="\n".join(fold_spaces(t) for t in text.split("\n")), bold=bold,
                              colspan=colspan, continued=continued, prov=prov))
            col += colspan
        return Row(cells=tuple(cells), header=header, prov=Provenance(page=self.page, row=r))

    def table(self, tbl: Any) -> Table:
        index = self.tables
        self.tables += 1
        rows = [self.row(tr, r) for r, tr in enumerate(tbl.iterchildren(W_TR))]
        numbered = renumber(rows, index)
        return Table(index=index, rows=numbered, prov=numbered[0].prov if numbered else Provenance(table=index))

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        for element in self.document.element.body.iterchildren():
            if element.tag == W_P:
                page = self.page
                text, bold = self.paragraph(element)
                if text.strip():
                    out.append(Paragraph(text=text, bold=bold, prov=Provenance(page=page)))
            elif element.tag == W_TBL:
                out.append(self.table(element))
        return out


def read_docx(data: bytes, path: str) -> Document:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedInput("a password-protected Office document", path)
    check_zip(data, path)
    try:
        document = open_docx(BytesIO(data))
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise CorruptInput(f"broken DOCX ({type(exc).__name__}: {exc})", path) from None
    reader = Reader(document)
    blocks = reader.blocks()
    # A DOCX has no fixed pages: count them only where Word recorded its page breaks.
    pages = reader.page if reader.page > 1 else None
    return Document(format="docx", pages=pages, blocks=tuple(blocks))
