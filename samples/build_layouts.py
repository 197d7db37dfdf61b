"""Build samples from their own layout descriptions (`samples/layouts/*.toml`), `make layouts`.

Each description says, block by block, what the document prints: paragraphs (bold, alignment,
Word's automatic numbering) and tables (cells, merged spans, stacked paragraphs, automatic
numbers in the № column, the header row repeated on each page). From it this script writes
NAME.docx (python-docx), NAME.pdf (LibreOffice from that DOCX) and NAME.plain.pdf (reportlab:
render_plain_pdf.py). It decides nothing about what a row *is*: the description says how it is
printed, and the expected result beside it (NAME.expected.json) was written by hand.
Nothing here imports extract/ or pipelines/.

Description format (TOML):
    about = "what the sample tests"
    landscape = false
    [lists.items]            # an automatic numbering list: pattern per level, format
    patterns = ["%1.", "%1.%2."]
    format = "decimal"       # or upperRoman
    [[blocks]]               # a paragraph
    text = "ПРИКАЗ"
    bold = true
    align = "center"         # left (default), center, right
    auto = "clauses"         # optional: an automatic number of list «clauses» (level: `level`)
    [[blocks]]               # a table
    header_rows = 1
    widths = [1, 8, 3, 4]
    rows = [["№", "Мероприятие", "Срок", "Ответственный"],
            [{ text = "1. Раздел", span = 4, bold = true }],
            [{ auto = "items" }, "Текст\\nвторой абзац", "январь", "Иванов И.И."]]
A cell is a string («\\n» separates paragraphs) or a table with text, span, bold, auto, level.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

from build_samples import blank_document, export_pdf
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from render_plain_pdf import render

HERE = Path(__file__).resolve().parent
LAYOUTS = HERE / "layouts"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def element(tag: str, **attrs: str) -> Any:
    out = OxmlElement(tag)
    for key, value in attrs.items():
        out.set(qn(f"w:{key}"), value)
    return out


class Lists:
    """numbering.xml entries for the description's automatic lists: one abstractNum and num each."""

    def __init__(self, document: Any, lists: dict[str, Any]) -> None:
        self.ids: dict[str, str] = {}
        numbering = document.part.numbering_part.element
        for n, (name, spec) in enumerate(lists.items(), start=1):
            abstract = element("w:abstractNum", abstractNumId=str(100 + n))
            for level, pattern in enumerate(spec.get("patterns", ["%1."])):
                lvl = element("w:lvl", ilvl=str(level))
                lvl.append(element("w:start", val=str(spec.get("start", 1))))
                lvl.append(element("w:numFmt", val=spec.get("format", "decimal") if level == 0 else "decimal"))
                lvl.append(element("w:lvlText", val=pattern))
                abstract.append(lvl)
            num = element("w:num", numId=str(100 + n))
            num.append(element("w:abstractNumId", val=str(100 + n)))
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                numbering.append(abstract)
            numbering.append(num)
            self.ids[name] = str(100 + n)

    def number(self, paragraph: Any, name: str, level: int = 0) -> None:
        p_pr = paragraph._p.get_or_add_pPr()
        num_pr = element("w:numPr")
        num_pr.append(element("w:ilvl", val=str(level)))
        num_pr.append(element("w:numId", val=self.ids[name]))
        p_pr.insert(0, num_pr)


def write_paragraph(paragraph: Any, text: str, bold: bool, size: float | None, lists: Lists, spec: dict[str, Any]) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if spec.get("auto"):
        lists.number(paragraph, spec["auto"], int(spec.get("level", 0)))
    if spec.get("align"):
        paragraph.alignment = ALIGN[spec["align"]]


def write_cell(cell: Any, spec: str | dict[str, Any], lists: Lists, bold: bool) -> None:
    spec = {"text": spec} if isinstance(spec, str) else spec
    parts = str(spec.get("text", "")).split("\n")
    cell.paragraphs[0].text = ""
    for i, part in enumerate(parts):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        write_paragraph(paragraph, part, bool(spec.get("bold", bold)), 10, lists, spec if i == 0 else {})


def repeat_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(element("w:tblHeader", val="true"))


def add_table(document: Any, block: dict[str, Any], lists: Lists) -> None:
    rows = block["rows"]
    width = max(sum(c.get("span", 1) if isinstance(c, dict) else 1 for c in row) for row in rows)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    widths = block.get("widths")
    for r, row in enumerate(rows):
        cells = table.add_row().cells
        header = r < block.get("header_rows", 1)
        if header:
            repeat_header(table.rows[-1])
        col = 0
        for spec in row:
            span = spec.get("span", 1) if isinstance(spec, dict) else 1
            target = cells[col].merge(cells[col + span - 1]) if span > 1 else cells[col]
            write_cell(target, spec, lists, header)
            col += span
    if widths:
        total = sum(widths)
        usable = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
        for row in table.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = int(usable * w / total)


def build_docx(layout: dict[str, Any], target: Path) -> None:
    document = blank_document(bool(layout.get("landscape")))
    lists = Lists(document, layout.get("lists", {}))
    for block in layout["blocks"]:
        if "rows" in block:
            add_table(document, block, lists)
        else:
            write_paragraph(document.add_paragraph(), block.get("text", ""), bool(block.get("bold")), None, lists, block)
    document.core_properties.author = "roadmap samples"
    document.save(str(target))


def build(description: Path) -> list[Path]:
    """NAME.docx, NAME.pdf and NAME.plain.pdf beside the description."""
    layout = tomllib.loads(description.read_text(encoding="utf-8"))
    docx = description.with_suffix(".docx")
    build_docx(layout, docx)
    export_pdf(docx)
    plain = description.with_suffix(".plain.pdf")
    render(docx, plain)
    return [docx, docx.with_suffix(".pdf"), plain]


def main() -> None:
    if not shutil.which("soffice"):
        sys.exit("make layouts needs LibreOffice: apt-get install libreoffice-writer-nogui")
    names = sys.argv[1:]
    for description in sorted(LAYOUTS.glob("*.toml")):
        if names and description.stem not in names:
            continue
        built = build(description)
        print(f"built {', '.join(p.name for p in built)}")


if __name__ == "__main__":
    main()
