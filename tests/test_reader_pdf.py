"""The PDF reader on LibreOffice exports whose table breaks over pages (samples/*.pdf)."""

from __future__ import annotations

import pytest
from conftest import SAMPLES

from extract.readers.pdf import read_pdf
from extract.readers.text import read_text
from extract.tables import row_key
from schemas.document import Document

STEMS = ["000_99be7f6383da38e8", "001_79645f60140932b3", "003_428be283de85d631",
         "004_8441008dc737254c", "order-kostroma-2023", "order-kaluga-2024"]


def pdf(stem: str) -> Document:
    path = SAMPLES / f"{stem}.pdf"
    return read_pdf(path.read_bytes(), str(path))


@pytest.mark.parametrize("stem", STEMS)
def test_table_over_pages_is_one_table_like_the_text_rendition(stem: str) -> None:
    """Header repeated on each page dropped, split rows re-joined: the same rows as the text."""
    doc = pdf(stem)
    text = read_text((SAMPLES / f"{stem}.txt").read_bytes())
    plan_pdf = max(doc.tables, key=lambda t: len(t.rows))
    plan_txt = max(text.tables, key=lambda t: len(t.rows))
    assert [row_key(r) for r in plan_pdf.rows] == [row_key(r) for r in plan_txt.rows]
    assert doc.pages == len(doc.page_records)


def test_the_long_table_spans_pages() -> None:
    table = max(pdf("order-kostroma-2023").tables, key=lambda t: len(t.rows))
    assert len({row.prov.page for row in table.rows}) >= 3


def test_merged_section_rows_are_rebuilt_as_spans() -> None:
    table = pdf("003_428be283de85d631").tables[0]
    spans = [c.colspan for r in table.rows for c in r.cells if c.text.startswith("Организационные")]
    assert spans == [4]


def test_every_cell_and_paragraph_has_page_and_box() -> None:
    doc = pdf("001_79645f60140932b3")
    for table in doc.tables:
        for row in table.rows:
            assert row.prov.page and row.prov.bbox
            for cell in row.cells:
                assert cell.prov.page and (cell.prov.bbox or not cell.text)
    for para in doc.paragraphs:
        x0, top, x1, bottom = para.prov.bbox  # type: ignore[misc]
        assert 0 <= x0 < x1 and 0 <= top < bottom


def test_text_outside_tables_in_reading_order() -> None:
    doc = pdf("001_79645f60140932b3")
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("МУНИЦИПАЛЬНОЕ УЧРЕЖДЕНИЕ")
    assert texts.index("ПРИКАЗ") < next(i for i, t in enumerate(texts) if t.startswith("Об утверждении"))


def test_bold_header_cells() -> None:
    header = pdf("000_99be7f6383da38e8").tables[0].rows[0]
    assert all(c.bold for c in header.cells)


def test_lean_pages_read_the_same_objects_as_pdfplumber() -> None:
    """extract/readers/pdf_chars.LeanPage builds character dicts its own faster way: every object of
    every page of every born-digital sample (two producers) must equal pdfplumber's, key for key."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    from extract.readers.pdf_chars import LeanPage

    files = [f for f in sorted(SAMPLES.glob("**/*.pdf")) if ".scan." not in f.name]
    pages = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for n, page in enumerate(PDFPage.create_pages(pdf.doc), start=1):
                theirs = Page(pdf, page, page_number=n, initial_doctop=10.0).objects
                ours = LeanPage(pdf, page, page_number=n, initial_doctop=10.0).objects
                assert ours == theirs and [list(o) for o in ours.get("char", [])] == [list(o) for o in theirs.get("char", [])]
                pages += 1
    assert pages > 40
