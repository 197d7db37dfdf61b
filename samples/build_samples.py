"""Build the sample DOCX and PDF files from the text renditions in samples/ (`make samples`).

The layout comes from the rendition alone (samples/rendition.py): nothing here asks extract/ or
pipelines/ what a row is.

For each NAME.txt: NAME.docx with a real Word table (bold header row repeated on every page,
section rows merged across the columns, landscape when the table has 5+ columns, multi-line
cells) and NAME.pdf exported from that DOCX by LibreOffice, so the table breaks across pages
and rows split between pages as in real exports. Seeds are copied from ../shared/seeds first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from rendition import ParagraphLayout, TableLayout, read_rendition

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "seeds"
LIST_ITEM = re.compile(r"\s(?=\d\.\s+[А-ЯЁ])")  # «… 2. Обеспечение …» starts a new paragraph
PERSON_SPLIT = re.compile(r"(?<=[а-яё])\s(?=[А-ЯЁ]\.\s?[А-ЯЁ]\.)")


def cell_paragraphs(text: str) -> list[str]:
    """Split a cell into the paragraphs Word would hold: numbered items, one person per line."""
    parts = LIST_ITEM.split(text)
    return [p for part in parts for p in PERSON_SPLIT.split(part)]


def set_repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def write_cell(cell, text: str, bold: bool, size: float) -> None:  # type: ignore[no-untyped-def]
    parts = cell_paragraphs(text) or [""]
    cell.paragraphs[0].text = ""
    for i, part in enumerate(parts):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = para.add_run(part)
        run.bold = bold
        run.font.size = Pt(size)


def add_table(document, table: TableLayout) -> None:  # type: ignore[no-untyped-def]
    """Rows as the rendition prints them: the first is the header (bold, repeated on every page);
    a row holding one text (or a number and one bold text) is merged across the table."""
    width = table.width
    out = document.add_table(rows=0, cols=width)
    out.style = "Table Grid"
    for r, row in enumerate(table.rows):
        cells = out.add_row().cells
        header = r == 0
        if header:
            set_repeat_header(out.rows[-1])
        if not header and table.merged(row):
            filled = [i for i, c in enumerate(row) if c.text.strip()]
            start = 1 if len(filled) == 2 and filled[0] == 0 else 0
            merged = cells[start].merge(cells[width - 1])
            if start:
                write_cell(cells[0], row[0].text, True, 10)
            write_cell(merged, " ".join(c.text for c in row[start:] if c.text.strip()), True, 10)
            continue
        for cell, spec in zip(cells, row):
            write_cell(cell, spec.text, header or spec.bold, 10)


def blank_document(landscape: bool) -> Any:
    """An A4 document in Times New Roman 12 with 6 pt after paragraphs (LibreOffice prints that gap)."""
    document = new_docx()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    return document


def build_docx(source: Path, target: Path) -> None:
    blocks = read_rendition(source.read_bytes().decode("utf-8-sig"))
    document = blank_document(any(b.width >= 5 for b in blocks if isinstance(b, TableLayout)))
    for block in blocks:
        if isinstance(block, ParagraphLayout):
            para = document.add_paragraph()
            for i, line in enumerate(block.text.split("\n")):
                run = para.add_run(line)
                run.bold = block.bold
                if i < len(block.text.split("\n")) - 1:
                    run.add_break()
        else:
            add_table(document, block)
    document.core_properties.author = "roadmap samples"
    document.save(str(target))


LEGACY_SEED = "003_428be283de85d631"  # also shipped as .odt, .doc and .rtf


def convert(source: Path, target_format: str, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target_format,
             "--outdir", str(outdir), str(source)],
            check=True, capture_output=True, timeout=180,
        )
    return outdir / f"{source.stem}.{target_format.split(':')[0]}"


def export_pdf(docx: Path) -> None:
    convert(docx, "pdf", docx.parent)


def export_legacy(docx: Path) -> None:
    """ODT and RTF straight from the DOCX; DOC by way of the ODT (LibreOffice 7.4's Word 97
    export of a python-docx table writes no table, its export of the ODT's table does)."""
    odt = convert(docx, "odt", docx.parent)
    convert(docx, "rtf", docx.parent)
    convert(odt, "doc:MS Word 97", docx.parent)


def main() -> None:
    if SEEDS.is_dir():
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copyfile(seed, HERE / seed.name)
    if not shutil.which("soffice"):
        sys.exit("make samples needs LibreOffice: apt-get install libreoffice-writer-nogui")
    for source in sorted(HERE.glob("*.txt")):
        target = source.with_suffix(".docx")
        build_docx(source, target)
        export_pdf(target)
        if source.stem == LEGACY_SEED:
            export_legacy(target)
        print(f"built {target.name} and {target.with_suffix('.pdf').name}")


if __name__ == "__main__":
    main()
