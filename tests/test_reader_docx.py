"""The DOCX reader on small documents built here with python-docx."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extract.readers.docx import read_docx
from schemas.document import Paragraph, Table


def build() -> bytes:
    document = new_docx()
    document.add_paragraph("ПРИКАЗ")
    bold = document.add_paragraph().add_run("План мероприятий")
    bold.bold = True
    table = document.add_table(rows=5, cols=4)
    for cell, text in zip(table.rows[0].cells, ["№", "Мероприятие", "Срок", "Ответственные"]):
        cell.text = text
    header = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    merged = table.rows[1].cells[0].merge(table.rows[1].cells[3])  # section row across all columns
    merged.text = "Раздел 1. Организация"
    row = table.rows[2].cells
    row[0].text, row[1].text, row[2].text = "1.", "Первое мероприятие", "март 2024"
    row[3].text = "И.В. Швайко"
    row[3].add_paragraph("О.И. Назарова")  # several paragraphs in one cell
    tall = table.rows[2].cells[2].merge(table.rows[3].cells[2])  # vertical merge: read once
    tall.text = "март 2024"
    row = table.rows[3].cells
    row[0].text, row[1].text, row[3].text = "2.", "Второе мероприятие", "ОУ"
    nested_cell = table.rows[4].cells[1]
    nested_cell.text = "Третье мероприятие:"
    inner = nested_cell.add_table(rows=1, cols=2)
    inner.rows[0].cells[0].text, inner.rows[0].cells[1].text = "вложенная", "таблица"
    table.rows[4].cells[0].text = "3."
    document.add_paragraph("После таблицы")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_blocks_in_document_order() -> None:
    doc = read_docx(build(), "t.docx")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert isinstance(doc.blocks[1], Paragraph) and doc.blocks[1].bold
    assert not doc.blocks[0].bold  # type: ignore[union-attr]


def test_merged_cells_read_once() -> None:
    table = read_docx(build(), "t.docx").tables[0]
    assert isinstance(table, Table)
    assert table.rows[0].header and not table.rows[1].header
    section = table.rows[1]
    assert len(section.cells) == 1 and section.cells[0].colspan == 4
    assert section.texts == ["Раздел 1. Организация", "", "", ""]
    assert table.rows[2].texts[2] == "март 2024"
    assert table.rows[3].texts[2] == ""  # the vertical continuation is not read twice


def test_cell_paragraphs_and_nested_tables_become_lines() -> None:
    table = read_docx(build(), "t.docx").tables[0]
    assert table.rows[2].texts[3] == "И.В. Швайко\nО.И. Назарова"
    assert table.rows[4].texts[1] == "Третье мероприятие:\nвложенная таблица"


def test_grid_before_gives_leading_empty_cells() -> None:
    document = new_docx()
    table = document.add_table(rows=2, cols=3)
    table.rows[0].cells[0].text = "№"
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    trpr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    trpr.insert(0, before)
    tr.tc_lst[0].xpath("./w:p")[0].append(OxmlElement("w:r"))
    table.rows[1].cells[-1].text = "последняя"
    buf = io.BytesIO()
    document.save(buf)
    row = read_docx(buf.getvalue(), "t.docx").tables[0].rows[1]
    assert len(row.texts) == 3
    assert row.texts[0] == "" and row.texts[2] == "последняя"


def test_provenance_on_every_cell() -> None:
    table = read_docx(build(), "t.docx").tables[0]
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            assert cell.prov.table == 0 and cell.prov.row == r and cell.prov.page == 1
