"""Build the sample DOCX and PDF files from the text renditions in samples/ (`make samples`).

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

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from extract.readers.text import read_text
from extract.rules.rows import RowView, classify
from pipelines.assemble import locate_plan
from schemas.document import Document, Paragraph, Table

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


def merged_rows(table: Table) -> dict[int, str]:
    """Rows the plan assembly reads as sections or goals: they are merged in the DOCX."""
    located = locate_plan(Document(format="txt", blocks=(table,)))
    if located is None:
        return {}
    views = [RowView(r, r.texts, located.roles, ()) for r in located.rows]
    return {
        views[i].row.prov.row: classify(views, i)  # type: ignore[misc]
        for i in range(len(views))
        if classify(views, i) in ("section", "goal")
    }


def add_table(document, table: Table) -> None:  # type: ignore[no-untyped-def]
    width = max(len(r.texts) for r in table.rows)
    kinds = merged_rows(table)
    out = document.add_table(rows=0, cols=width)
    out.style = "Table Grid"
    for row in table.rows:
        texts = row.texts + [""] * (width - len(row.texts))
        cells = out.add_row().cells
        if row.header:
            set_repeat_header(out.rows[-1])
        kind = kinds.get(row.prov.row)
        if kind:
            filled = [i for i, t in enumerate(texts) if t.strip()]
            start = 1 if kind == "section" and len(filled) == 2 and filled[0] == 0 else 0
            merged = cells[start].merge(cells[width - 1])
            if start:
                write_cell(cells[0], texts[0], True, 10)
            write_cell(merged, " ".join(t for t in texts[start:] if t.strip()), True, 10)
            continue
        for cell, text in zip(cells, texts):
            write_cell(cell, text, row.header or any(c.bold for c in row.cells if c.text == text), 10)


def build_docx(source: Path, target: Path) -> None:
    model = read_text(source.read_bytes())
    document = new_docx()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    if any(max(len(r.texts) for r in t.rows) >= 5 for t in model.tables):
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for block in model.blocks:
        if isinstance(block, Paragraph):
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
