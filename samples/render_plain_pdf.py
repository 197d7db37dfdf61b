"""A second PDF producer for the samples: DOCX → PDF through reportlab, printed plainly.

LibreOffice prints our samples with first-line indents and extra space between paragraphs. Many
producers do not: this one prints every paragraph left-aligned, with no indent and the same leading
between paragraphs as between lines, so paragraph boundaries can only be told from the text. Tables
keep their grid (merged cells as spans, the header row repeated on every page).

Reads the DOCX with python-docx only; nothing from extract/ or pipelines/.
Usage: python samples/render_plain_pdf.py IN.docx OUT.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml.ns import qn
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")  # Debian's fonts-liberation (make deps)
SIZE, LEADING, CELL_SIZE = 12, 14, 10
MARGIN = 20 * mm


def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont("Plain", str(FONT_DIR / "LiberationSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Plain-Bold", str(FONT_DIR / "LiberationSerif-Bold.ttf")))
    pdfmetrics.registerFontFamily("Plain", normal="Plain", bold="Plain-Bold", italic="Plain", boldItalic="Plain-Bold")


BODY = ParagraphStyle("body", fontName="Plain", fontSize=SIZE, leading=LEADING, firstLineIndent=0,
                      spaceBefore=0, spaceAfter=0)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=CELL_SIZE, leading=CELL_SIZE + 2)


class Numbers:
    """Word's automatic numbers, printed as Word prints them (decimal and roman, nested levels)."""

    def __init__(self, document: Any) -> None:
        self.patterns: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        self.abstract_of: dict[str, str] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstracts = {}
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1)
            abstracts[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            abstract = ref.get(qn("w:val")) if ref is not None else ""
            self.patterns[num.get(qn("w:numId"))] = abstracts.get(abstract, {})
            self.abstract_of[num.get(qn("w:numId"))] = abstract

    def label(self, p: Any) -> str:
        num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is None or num.find(qn("w:numId")) is None:
            return ""
        num_id = num.find(qn("w:numId")).get(qn("w:val"))
        level = int(num.find(qn("w:ilvl")).get(qn("w:val"))) if num.find(qn("w:ilvl")) is not None else 0
        levels = self.patterns.get(num_id, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), [0] * 9)  # Word counts per abstract list
        counters[level] = counters[level] + 1 if counters[level] else levels[level][2]
        counters[level + 1 :] = [0] * (8 - level)
        text = levels[level][1]
        for k in range(level + 1):
            fmt, _, start = levels.get(k, ("decimal", "", 1))
            value = counters[k] or start
            text = text.replace(f"%{k + 1}", to_roman(value) if fmt == "upperRoman" else str(value))
        return text + " "


def to_roman(value: int) -> str:
    out = ""
    for number, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out, value = out + letters, value - number
    return out


def markup(paragraph: Any, numbers: Numbers) -> str:
    """A python-docx paragraph as reportlab markup: its automatic number, bold runs in <b>, the rest escaped."""
    out = [escape(numbers.label(paragraph._p))]
    for run in paragraph.runs:
        text = escape(run.text).replace("\t", " ").replace("\n", "<br/>")
        out.append(f"<b>{text}</b>" if run.bold and text.strip() else text)
    return "".join(out)


def cell_flow(tc: Any, document: Any, numbers: Numbers) -> Paragraph:
    from docx.text.paragraph import Paragraph as DocxParagraph

    parts = [markup(DocxParagraph(p, document._body), numbers) for p in tc.iterchildren(qn("w:p"))]
    return Paragraph("<br/>".join(p for p in parts if p.strip()) or "", CELL)


def table_flow(tbl: Any, document: Any, width: float, numbers: Numbers) -> Table:
    """A DOCX table with its column proportions, merged cells as spans, header rows repeated."""
    grid = [int(w) for w in tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int]] = []
    header_rows = 0
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        if tr.xpath("./w:trPr/w:tblHeader") and r == header_rows:
            header_rows += 1
        row: list[Any] = []
        before = tr.xpath("./w:trPr/w:gridBefore/@w:val")
        row.extend([""] * (int(before[0]) if before else 0))
        for tc in tr.iterchildren(qn("w:tc")):
            span = tc.xpath("./w:tcPr/w:gridSpan/@w:val")
            colspan = int(span[0]) if span else 1
            merge = tc.xpath("./w:tcPr/w:vMerge")
            continued = bool(merge) and merge[0].get(qn("w:val")) in (None, "continue")
            if colspan > 1:
                spans.append((r, len(row), len(row) + colspan - 1))
            row.append("" if continued else cell_flow(tc, document, numbers))
            row.extend([""] * (colspan - 1))
        rows.append(row)
    columns = max(len(r) for r in rows)
    rows = [r + [""] * (columns - len(r)) for r in rows]
    grid = grid if len(grid) == columns else [1] * columns
    widths = [width * w / sum(grid) for w in grid]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("FONTNAME", (0, 0), (-1, -1), "Plain")]
    style += [("SPAN", (c0, r), (c1, r)) for r, c0, c1 in spans]
    return Table(rows, colWidths=widths, repeatRows=header_rows, style=TableStyle(style))


def render(source: Path, target: Path) -> None:
    from docx.text.paragraph import Paragraph as DocxParagraph

    register_fonts()
    document = Document(str(source))
    numbers = Numbers(document)
    columns = max((len(t.columns) for t in document.tables), default=0)
    page = landscape(A4) if columns >= 5 else A4
    width = page[0] - 2 * MARGIN
    story: list[Any] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = markup(DocxParagraph(element, document._body), numbers)
            if text.strip():  # empty paragraphs are not printed: no gap tells paragraphs apart
                story.append(Paragraph(text, BODY))
        elif element.tag == qn("w:tbl"):
            story.append(table_flow(element, document, width, numbers))
    SimpleDocTemplate(str(target), pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                      bottomMargin=MARGIN, title=source.stem, producer="reportlab (plain)").build(story)


if __name__ == "__main__":
    render(Path(sys.argv[1]), Path(sys.argv[2]))
