"""DOCX → Document with python-docx: body paragraphs and tables in document order.

reads: DOCX bytes (checked by zipguard first); writes: Document. Merged cells are read once
(gridSpan → colspan, vMerge continuation → empty, gridBefore → leading empties); nested
tables and multi-paragraph cells become lines of the cell's text; tblHeader rows are headers.

Bounds: a hostile file (a 40 KB zip unpacks to 40 MB of empty cells) costs no more than the
largest real document. A span counts at most MAX_GRID columns; a table is read up to
MAX_TABLE_CELLS cells and the document up to MAX_CELLS cells and MAX_PARAGRAPHS paragraphs: past a
bound the rest is left out with a warning (W_TABLE_TRUNCATED, W_TEXT_TRUNCATED: status
partial), not refused, since a long register is a real document and its first rows are what a user
wants. A package python-docx cannot load, or whose main part is no `w:document/w:body`, is
E_CORRUPT.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docx import Document as open_docx
from docx.exceptions import PythonDocxError
from docx.oxml.ns import qn
from lxml import etree

from extract.normalize import fold_spaces
from extract.readers.broken import why
from extract.readers.docx_numbering import Numbering, paragraph_list, style_lists
from extract.zipguard import check_zip
from schemas.document import Block, Cell, Document, Notice, Paragraph, Provenance, Row, Table
from schemas.errors import CorruptInput, EncryptedInput, UnsupportedInput

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_VAL, W_PPR, W_PSTYLE, W_RPR, W_B = qn("w:val"), qn("w:pPr"), qn("w:pStyle"), qn("w:rPr"), qn("w:b")
W_STYLE, W_TYPE, W_STYLE_ID, W_DEFAULT = qn("w:style"), qn("w:type"), qn("w:styleId"), qn("w:default")
W_DOCUMENT, W_BODY = qn("w:document"), qn("w:body")
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # ISO 29500 Strict, which python-docx does not read
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
# Compiled once: python-docx's `element.xpath` compiles its expression on every call (half the
# reading time of a long table).
PAGE_BREAKS = etree.XPath("count(.//w:br[@w:type='page'] | .//w:lastRenderedPageBreak)", namespaces=NS)
# A row's cells, also those inside a content control or custom XML (Word templates put them there)
ROW_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc", namespaces=NS)
TBL_HEADER = etree.XPath("./w:trPr/w:tblHeader", namespaces=NS)
GRID_BEFORE = etree.XPath("./w:trPr/w:gridBefore/@w:val", namespaces=NS)
GRID_SPAN = etree.XPath("./w:tcPr/w:gridSpan/@w:val", namespaces=NS)
V_MERGE = etree.XPath("./w:tcPr/w:vMerge", namespaces=NS)
PARAGRAPH_RUNS = etree.XPath("./w:r | ./w:hyperlink/w:r", namespaces=NS)  # python-docx's CT_P.text reads these
RUN_CONTENT = etree.XPath("./w:br | ./w:cr | ./w:noBreakHyphen | ./w:ptab | ./w:t | ./w:tab", namespaces=NS)
OFF = ("0", "false", "off")  # ST_OnOff values that turn a toggle off; an absent w:val means on

MAX_GRID = 64  # columns: no real table has more; a corrupt span must not allocate millions of cells
# Cells of one table: a 20,000-row plan of 10 columns; a cell costs ~1.5 KB, so ~300 MB.
MAX_TABLE_CELLS = 200_000
MAX_CELLS = 400_000  # cells of the whole document, ~600 MB: later tables are left out
# Paragraphs of the body and the cells (~1 KB each): a 1,000-page report has ~30,000, a plan of
# 20,000 rows ~80,000; this many take ~8 s to read and parse.
MAX_PARAGRAPHS = 200_000


def grid_count(values: list[str], default: int) -> int:
    """A gridSpan/gridBefore value, within 0..MAX_GRID (a span at least 1); junk gives `default`."""
    try:
        value = int(values[0]) if values else default
    except ValueError:
        return default
    return min(MAX_GRID, max(value, default))


def run_text(r: Any) -> str:
    """A run's text as python-docx's CT_R.text gives it (w:tab a tab, w:br a line break), with the
    expression compiled once."""
    return "".join(str(e) for e in RUN_CONTENT(r))


def toggle(parent: Any, tag: str) -> bool | None:
    """A toggle property such as `w:b` under `parent` (python-docx's reading): None when absent, else
    on unless its w:val says off (a junk value reads as on, where python-docx would raise)."""
    found = parent.find(tag) if parent is not None else None
    return None if found is None else found.get(W_VAL) not in OFF


@dataclass(frozen=True)
class ParagraphStyles:
    """Whether each paragraph style sets bold, read once per document (python-docx's
    `paragraph.style` looks the default style up again for every paragraph: 90 % of the reading
    time of a long table). A paragraph takes the first style of its w:pStyle id, or the default
    paragraph style when there is none or that style is no paragraph style, as python-docx does."""

    bold: dict[str, bool | None]  # style id → bold; None: the first style of that id is no paragraph style
    default_bold: bool

    @classmethod
    def of(cls, document: Any) -> ParagraphStyles:
        bold: dict[str, bool | None] = {}
        default_bold = False
        for style in document.styles.element.iterchildren(W_STYLE):
            is_paragraph = style.get(W_TYPE) == "paragraph"
            own = bool(toggle(style.find(W_RPR), W_B))
            if is_paragraph and style.get(W_DEFAULT) in ("1", "true", "on"):
                default_bold = own  # the last default counts
            style_id = style.get(W_STYLE_ID)
            if style_id and style_id not in bold:
                bold[style_id] = own if is_paragraph else None
        return cls(bold, default_bold)

    def is_bold(self, p: Any) -> bool:
        properties = p.find(W_PPR)
        style = properties.find(W_PSTYLE) if properties is not None else None
        found = self.bold.get(style.get(W_VAL) or "") if style is not None else None
        return self.default_bold if found is None else found


@dataclass
class Budget:
    """What may still be read of one document (the module's bounds)."""

    cells: int
    paragraphs: int

    @property
    def spent(self) -> bool:
        return self.cells <= 0 or self.paragraphs <= 0


class Reader:
    """Walks the body once, keeping a page counter from explicit and rendered page breaks."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.page = 1
        self.tables = 0
        self.numbering = Numbering.of(document)
        self.style_lists = style_lists(document)
        self.styles = ParagraphStyles.of(document)
        self.left = Budget(MAX_CELLS, MAX_PARAGRAPHS)
        self.notices: list[Notice] = []

    def paragraph(self, element: Any) -> tuple[str, bool]:
        """The paragraph's text as Word shows it (an automatic number in front) and its boldness."""
        self.left.paragraphs -= 1
        self.page += int(PAGE_BREAKS(element))
        runs = [(r, run_text(r)) for r in PARAGRAPH_RUNS(element)]
        text = "".join(t for _, t in runs)
        # boldness from the paragraph's own runs (not a hyperlink's), as python-docx's `runs` gives them
        runs_bold = [toggle(r.find(W_RPR), W_B) for r, t in runs if t.strip() and r.getparent() is element]
        style_bold = self.styles.is_bold(element)
        bold = bool(runs_bold) and all(b or (b is None and style_bold) for b in runs_bold)
        listed = paragraph_list(element, self.style_lists)
        label = self.numbering.label(*listed) if listed else ""
        return (f"{label} {text}" if label else text), bold

    def cell_text(self, tc: Any) -> tuple[str, bool]:
        lines: list[str] = []
        bolds: list[bool] = []
        for child in tc.iterchildren():
            if self.left.spent:
                break
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

    def row(self, tr: Any, table: int, r: int) -> Row:
        """One w:tr, its cells' provenance set to `table` and row `r` (so no renumbering is needed)."""
        cells: list[Cell] = []
        header = bool(TBL_HEADER(tr))
        col = grid_count(GRID_BEFORE(tr), 0)
        cells.extend(Cell(text="", prov=Provenance(page=self.page, table=table, row=r, col=c)) for c in range(col))
        for tc in ROW_CELLS(tr):
            colspan = grid_count(GRID_SPAN(tc), 1)
            merge = V_MERGE(tc)
            continued = bool(merge) and merge[0].get(W_VAL) in (None, "continue")
            text, bold = ("", False) if continued else self.cell_text(tc)
            prov = Provenance(page=self.page, table=table, row=r, col=col)
            cells.append(Cell(text="\n".join(fold_spaces(t) for t in text.split("\n")), bold=bold,
                              colspan=colspan, continued=continued, prov=prov))
            col += colspan
        self.left.cells -= len(cells)
        return Row(cells=tuple(cells), header=header, prov=Provenance(page=self.page, table=table, row=r))

    def table(self, tbl: Any) -> Table:
        index = self.tables
        self.tables += 1
        rows: list[Row] = []
        cells = 0
        for r, tr in enumerate(tbl.iterchildren(W_TR)):
            if cells >= MAX_TABLE_CELLS or self.left.spent:
                self.notices.append(table_cut(index, r, len(tbl.findall(W_TR)), cells, self.page))
                break
            rows.append(self.row(tr, index, r))
            cells += len(rows[-1].cells)
        return Table(index=index, rows=tuple(rows), prov=rows[0].prov if rows else Provenance(table=index))

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        for element in self.document.element.body.iterchildren():
            if self.left.spent:
                self.notices.append(document_cut(self.page))
                break
            if element.tag == W_P:
                page = self.page
                text, bold = self.paragraph(element)
                if text.strip():
                    out.append(Paragraph(text=text, bold=bold, prov=Provenance(page=page)))
            elif element.tag == W_TBL:
                out.append(self.table(element))
        return out


def table_cut(index: int, read: int, total: int, cells: int, page: int) -> Notice:
    return Notice(code="W_TABLE_TRUNCATED", prov=Provenance(page=page, table=index, row=read),
                  message=f"table {index + 1}: its first {read} rows ({cells:,} cells) were read, the other "
                          f"{total - read} left out (at most {MAX_TABLE_CELLS:,} cells a table, {MAX_CELLS:,} a document)")


def document_cut(page: int) -> Notice:
    return Notice(code="W_TEXT_TRUNCATED", prov=Provenance(page=page),
                  message=f"the document was read up to page {page} and the rest left out: it holds more than "
                          f"{MAX_PARAGRAPHS:,} paragraphs or {MAX_CELLS:,} table cells")


def open_reader(data: bytes, path: str) -> Reader:
    """python-docx's document, its styles and lists loaded. The reader's one boundary for python-docx's
    own failures on a broken package: a member swapped or missing, or XML that is not the part it
    claims to be, surfaces from its package reader as AttributeError, KeyError or TypeError."""
    try:
        document = open_docx(BytesIO(data))
        root = document.element
        if etree.QName(root).namespace == STRICT_NS:
            raise UnsupportedInput("a Strict Open XML document (ISO 29500 Strict), which we do not read: "
                                   "save it from Word as a .docx (Word Document)", path)
        if root.tag != W_DOCUMENT:
            raise CorruptInput(f"broken DOCX: the main part is <{etree.QName(root).localname}>, not a Word "
                               "document (members swapped or replaced?)", path)
        if root.find(W_BODY) is None:
            raise CorruptInput("broken DOCX: the document has no body (w:body)", path)
        return Reader(document)
    except (AttributeError, TypeError) as exc:  # python-docx met an element of another part
        raise CorruptInput(f"broken DOCX: a member is not the part its name says (swapped or replaced?) "
                           f"({why(exc)})", path) from None
    except (KeyError, ValueError, IndexError, etree.LxmlError, PythonDocxError, zipfile.BadZipFile) as exc:
        raise CorruptInput(f"broken DOCX ({why(exc)})", path) from None


def read_docx(data: bytes, path: str) -> Document:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedInput("a password-protected Office document", path)
    check_zip(data, path)
    reader = open_reader(data, path)
    blocks = reader.blocks()
    # A DOCX has no fixed pages: count them only where Word recorded its page breaks.
    pages = reader.page if reader.page > 1 else None
    return Document(format="docx", pages=pages, blocks=tuple(blocks), notices=tuple(reader.notices))
