"""Hostile and malformed input (issue #11), each case built here from its trigger.

The rule: a broken file is one line on stderr and exit 3; a valid but odd file is read, or exits
4 with a line that says what it is; never a traceback; memory and time stay bounded whatever
sizes the file declares.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import resource
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from plans import FRONT, long_plan_docx, measure_row, plan_docx
from test_bad_input import assert_one_line_error, rezip, run

import extract.readers.docx as docx_reader
from extract.readers.pdf import read_pdf
from extract.readers.raster import MAX_PIXELS, fitting_dpi, pixels
from extract.tables import MAX_TEXT_CHARS
from schemas.errors import RoadmapError

PDF_SAMPLE = SAMPLES / "000_99be7f6383da38e8.pdf"
DOCX_SAMPLE = SAMPLES / "000_99be7f6383da38e8.docx"
SAMPLE_MEASURES = 11
PEAK_MIB = 1024  # what a hostile file may make us use; the triggers took 2-10 GB before


def peak_of_cli(*args: str) -> tuple[int, str, int]:
    """`roadmap parse ARGS` in a fresh process: exit code, stderr, and its peak RSS in MiB."""
    script = ("import resource, sys\nfrom pipelines.cli import main\nsys.argv = ['roadmap', 'parse', *sys.argv[1:]]\n"
              "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
              "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    limit = 4 * 2**30  # a regression fails the test with MemoryError instead of taking the machine

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=300,
                          preexec_fn=cap)
    *lines, last = proc.stderr.strip().splitlines()
    code, peak_kib = last.split()
    return int(code), "\n".join(lines), int(peak_kib) // 1024


# 1. A PDF page with no /MediaBox (or a broken one) is read at pdfminer's default, US Letter.

def pdf_with_media_box(target: Path, box: Any) -> Path:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(PDF_SAMPLE))
    for node in [*writer.pages, writer._root_object["/Pages"]]:
        for key in ("/MediaBox", "/CropBox"):
            if key in node:
                del node[NameObject(key)]
        if box is not None:
            node[NameObject("/MediaBox")] = box
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def test_pdf_page_without_a_media_box_is_read(tmp_path: Path) -> None:
    path = pdf_with_media_box(tmp_path / "no-mediabox.pdf", None)
    assert b"/MediaBox" not in path.read_bytes()
    code, stdout, stderr = run(str(path))
    assert code == 0, stderr
    assert stderr == ""  # pdfminer's own log line («defaulting to US Letter») is not printed
    assert len(json.loads(stdout)["plan"]["measures"]) == SAMPLE_MEASURES


def test_pdf_page_with_a_short_media_box_is_read(tmp_path: Path) -> None:
    from pypdf.generic import ArrayObject, FloatObject

    path = pdf_with_media_box(tmp_path / "short-mediabox.pdf", ArrayObject([FloatObject(0)] * 3))
    code, stdout, stderr = run(str(path))
    assert code == 0, stderr
    assert len(json.loads(stdout)["plan"]["measures"]) == SAMPLE_MEASURES


def test_pdf_page_with_a_media_box_of_names_is_one_line(tmp_path: Path) -> None:
    from pypdf.generic import ArrayObject, NameObject

    path = pdf_with_media_box(tmp_path / "names-mediabox.pdf", ArrayObject([NameObject("/a")] * 4))
    code, stdout, stderr = run(str(path))
    assert code == 3 and stdout == ""
    assert_one_line_error(stderr, path, "E_CORRUPT")


def test_pdf_page_tree_with_a_keyword_for_a_page_is_one_line(tmp_path: Path) -> None:
    """/Kids [ 3 0 R ] with one byte changed: pdfminer takes a keyword for a page object
    (AttributeError, found by fuzzing)."""
    data = blank_pdf(tmp_path / "blank.pdf").read_bytes()
    assert data.count(b"/Kids [ 3 0 R ]") == 1
    path = tmp_path / "kids.pdf"
    path.write_bytes(data.replace(b"/Kids [ 3 0 R ]", b"/Kids [\xf83 0 R ]"))
    code, stdout, stderr = run(str(path))
    assert code == 3 and stdout == ""
    assert_one_line_error(stderr, path, "E_CORRUPT")


# 2-3. A DOCX whose zip member or package structure is broken: one line, exit 3.

def corrupt_deflate(target: Path) -> Path:
    """The sample with 200 bytes inside word/document.xml's deflate stream overwritten."""
    rezip(DOCX_SAMPLE, target, {})
    data = bytearray(target.read_bytes())
    info = zipfile.ZipFile(target).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 50 : start + 250] = b"\xff" * 200
    target.write_bytes(bytes(data))
    return target


def test_docx_member_with_a_corrupt_deflate_stream(tmp_path: Path) -> None:
    path = corrupt_deflate(tmp_path / "deflate.docx")
    code, stdout, stderr = run(str(path))
    assert code == 3 and stdout == ""
    assert_one_line_error(stderr, path, "E_CORRUPT")
    assert "word/document.xml" in stderr


def member(name: str) -> bytes:
    return zipfile.ZipFile(DOCX_SAMPLE).read(name)


def duplicated(source: Path, target: Path, name: str, content: bytes) -> Path:
    """The sample with a second member `name` appended (zipfile reads the last one)."""
    rezip(source, target, {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile: «Duplicate name»
        with zipfile.ZipFile(target, "a") as archive:
            archive.writestr(name, content)
    return target


BROKEN_PACKAGES = {
    "document-is-styles": ({"word/document.xml": member("word/styles.xml")}, "the main part is <styles>"),
    "wrong-root": ({"word/document.xml": b'<?xml version="1.0"?><foo/>'}, "the main part is <foo>"),
    "no-body": ({"word/document.xml": member("word/document.xml").split(b"<w:body>")[0] + b"</w:document>"},
                "no body"),
    "content-types-swapped": ({"[Content_Types].xml": member("word/document.xml"),
                               "word/document.xml": member("[Content_Types].xml")}, "not the part its name says"),
    "rels-swapped": ({"_rels/.rels": member("docProps/core.xml"), "docProps/core.xml": member("_rels/.rels")},
                     "not the part its name says"),
    "xml-syntax": ({"word/document.xml": member("word/document.xml")[:-40]}, "XMLSyntaxError"),
}


@pytest.mark.parametrize("case", BROKEN_PACKAGES)
def test_docx_with_a_broken_package_is_one_line(tmp_path: Path, case: str) -> None:
    replace, reason = BROKEN_PACKAGES[case]
    path = rezip(DOCX_SAMPLE, tmp_path / f"{case}.docx", replace)
    code, stdout, stderr = run(str(path))
    assert code == 3 and stdout == ""
    assert_one_line_error(stderr, path, "E_CORRUPT")
    assert reason in stderr


def test_docx_with_its_main_part_duplicated(tmp_path: Path) -> None:
    path = duplicated(DOCX_SAMPLE, tmp_path / "twice.docx", "word/document.xml", member("word/styles.xml"))
    code, _, stderr = run(str(path))
    assert code == 3
    assert_one_line_error(stderr, path, "E_CORRUPT")


@pytest.mark.parametrize("replace", [
    {"word/styles.xml": member("docProps/core.xml")},  # styles lost: read without them
    {"word/styles.xml": member("word/styles.xml").replace(b'w:type="paragraph"', b'w:type="junk"', 3)},
    {"word/document.xml": member("word/document.xml").replace(b"<w:b/>", b'<w:b w:val="junk"/>')},
], ids=["styles-replaced", "style-type-junk", "bold-junk"])
def test_docx_with_odd_styles_is_read(tmp_path: Path, replace: dict[str, bytes]) -> None:
    path = rezip(DOCX_SAMPLE, tmp_path / "odd.docx", replace)
    code, stdout, stderr = run(str(path))
    assert code == 0, stderr
    assert len(json.loads(stdout)["plan"]["measures"]) == SAMPLE_MEASURES


MAIN_PARTS = ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
              "word/styles.xml", "word/numbering.xml", "docProps/core.xml"]


def test_any_two_main_parts_swapped_give_no_traceback(tmp_path: Path) -> None:
    from extract.readers.docx import read_docx

    for a in MAIN_PARTS:
        for b in MAIN_PARTS:
            if a < b:
                data = rezip(DOCX_SAMPLE, tmp_path / "swapped.docx", {a: member(b), b: member(a)}).read_bytes()
                with contextlib.suppress(RoadmapError):  # anything else fails the test with its traceback
                    read_docx(data, "swapped.docx")


# 4. A cell of more than 1,000,000 characters (spaCy's E088): cut, with a warning naming it.

def test_a_cell_of_a_million_characters_is_cut_with_a_warning(tmp_path: Path) -> None:
    huge = "Проведение семинара " * 60_000
    rows = [measure_row(1), ["2", huge, "до 1 апреля 2024 г.", "МКУ ИМЦ"], measure_row(3)]
    path = plan_docx(tmp_path / "long-cell.docx", rows)
    code, stdout, stderr = run(str(path))
    assert code == 0, stderr
    result = json.loads(stdout)
    assert result["status"] == "partial"
    cut = [w for w in result["warnings"] if w["code"] == "W_TEXT_TRUNCATED"]
    assert len(cut) == 1
    assert cut[0]["message"].startswith("table 1, row 3, column 2")
    assert f"{len(huge.strip()):,} characters" in cut[0]["message"]
    assert max(len(m["text"]) for m in result["plan"]["measures"]) <= MAX_TEXT_CHARS


def test_a_text_file_of_one_huge_paragraph_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("\n".join(FRONT) + "\n" + "Проведение семинара для учителей " * 40_000, encoding="utf-8")
    code, stdout, _ = run(str(path))
    assert code == 4  # no plan in it; the JSON of what was read still comes
    result = json.loads(stdout)
    assert [w["code"] for w in result["warnings"]].count("W_TEXT_TRUNCATED") == 1


# 5. Rendering for OCR stays within a pixel budget, whatever page size a PDF declares.

def image_pdf(path: Path, side: float) -> Path:
    """A page of `side` × `side` points holding one tiny image: a scan to OCR, 1-2 KB."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=(side, side))
    page.drawImage(ImageReader(Image.new("L", (8, 8), 255)), 0, 0, side, side)
    page.showPage()
    page.save()
    return path


@pytest.mark.parametrize(("width", "height", "dpi", "expected"), [
    (595, 842, 600, 600),  # A4 at 600 dpi: ~35 MP, within the budget
    (2880, 2880, 300, 193),  # 40 × 40 in: 144 MP at 300 dpi
    (14400, 14400, 300, None),  # 200 × 200 in: over the budget even at 72 dpi
    (14400, 14400, 72, None),
    (1e6, 1e6, 300, None),
    (14401, 100, 300, None),  # over PDF's 200 in a side
    (0, 842, 300, None),
    (10, 10, 300, None),  # under half an inch: nothing to read
    (math.nan, 842, 300, None),
])
def test_fitting_dpi(width: float, height: float, dpi: int, expected: int | None) -> None:
    assert fitting_dpi(width, height, dpi) == expected


def test_fitting_dpi_never_exceeds_the_budget() -> None:
    for side in range(36, 14400, 97):
        for ratio in (1.0, 1.414, 3.7):
            fit = fitting_dpi(side, side * ratio, 1200)
            assert fit is None or pixels(side, side * ratio, fit) <= MAX_PIXELS


@pytest.mark.parametrize(("side", "args"), [(14400, ()), (14400, ("--dpi", "72")), (1e6, ())],
                         ids=["200in", "200in-72dpi", "1e6pt"])
def test_a_huge_image_only_page_is_skipped_not_rendered(tmp_path: Path, side: float, args: tuple[str, ...]) -> None:
    path = image_pdf(tmp_path / "huge-page.pdf", side)
    assert path.stat().st_size < 4096
    code, stderr, peak = peak_of_cli(str(path), *args)
    assert code == 4, stderr
    assert peak < PEAK_MIB, f"peak memory {peak} MiB"
    assert_one_line_error(stderr, path, "E_NO_ROADMAP")
    assert "page 1 could not be read" in stderr and "in" in stderr


def test_a_page_over_the_budget_is_rendered_at_a_lower_dpi(tmp_path: Path) -> None:
    path = image_pdf(tmp_path / "poster.pdf", 2880)
    doc = read_pdf(path.read_bytes(), str(path))
    assert [r.method for r in doc.page_records] == ["ocr"]
    assert [n.code for n in doc.notices] == ["W_DPI_REDUCED"]
    assert doc.notices[0].message.startswith("page 1 (40.0 × 40.0 in) was rendered for OCR at 193 dpi, not 300")


def pdf_with_image(path: Path, side: int) -> Path:
    """An A4 page showing one 1-bit image of `side` × `side` pixels, all white (a few KB deflated)."""
    import zlib

    packer = zlib.compressobj(9)
    row = bytes((side + 7) // 8)
    stream = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 "
               b"/Filter /FlateDecode /Length %d >>\nstream\n%b\nendstream" % (side, side, len(stream), stream),
               b"<< /Length %d >>\nstream\n%b\nendstream" % (len(content), content)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_a_page_whose_image_decodes_too_large_is_skipped(tmp_path: Path) -> None:
    """pdfium decodes an image whole, whatever the dpi: 40,000² pixels took 1.9 GB for a 1.5 MB file."""
    path = pdf_with_image(tmp_path / "image-bomb.pdf", 13_000)
    assert path.stat().st_size < 100_000
    code, stderr, peak = peak_of_cli(str(path))
    assert code == 4, stderr
    assert peak < PEAK_MIB, f"peak memory {peak} MiB"
    assert_one_line_error(stderr, path, "E_NO_ROADMAP")
    assert "an image of 13,000 × 13,000 pixels on it is too large to decode" in stderr


# 6. Spans and cells per table are bounded.

def row_with_grid(table: Any, before: str | None, span: str | None) -> None:
    tr = table.add_row()._tr
    if before is not None:
        grid_before = OxmlElement("w:gridBefore")
        grid_before.set(qn("w:val"), before)
        tr.get_or_add_trPr().append(grid_before)
    if span is not None:
        tc_pr = tr.tc_lst[0].get_or_add_tcPr()
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), span)
        tc_pr.append(grid_span)


def test_huge_negative_and_junk_spans_are_bounded(tmp_path: Path) -> None:
    from extract.readers.docx import MAX_GRID, read_docx

    document = new_docx()
    table = document.add_table(rows=0, cols=2)
    cases = [("100000000", None), (None, "10000000"), ("abc", "abc"), ("-5", "-5"), ("1e9", "0x10")]
    for before, span in cases:
        row_with_grid(table, before, span)
    buf = io.BytesIO()
    document.save(buf)
    assert len(buf.getvalue()) < 40_000
    rows = read_docx(buf.getvalue(), "grid.docx").tables[0].rows
    assert len(rows[0].cells) == MAX_GRID + 2  # 64 leading blanks, then the two cells
    assert rows[1].cells[0].colspan == MAX_GRID
    for row in rows[2:]:
        assert [c.colspan for c in row.cells] == [1, 1]


def test_a_hostile_grid_docx_uses_little_memory(tmp_path: Path) -> None:
    document = new_docx()
    for text in FRONT:
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=2)
    for _ in range(200):
        row_with_grid(table, "100000000", "10000000")
    path = tmp_path / "grid-bomb.docx"
    document.save(str(path))
    code, stderr, peak = peak_of_cli(str(path))
    assert code in (0, 4), stderr
    assert "Traceback" not in stderr
    assert peak < PEAK_MIB, f"peak memory {peak} MiB"


def test_a_table_over_the_cell_bound_is_cut_with_a_warning(tmp_path: Path) -> None:
    rows = docx_reader.MAX_TABLE_CELLS // 64 + 100
    document = new_docx()
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "№"
    body = table._tbl
    tr = OxmlElement("w:tr")
    for _ in range(64):
        tr.append(OxmlElement("w:tc"))  # no paragraph in it: only the cell bound is met
    for _ in range(rows):
        body.append(copy.deepcopy(tr))
    buf = io.BytesIO()
    document.save(buf)
    doc = docx_reader.read_docx(buf.getvalue(), "wide.docx")
    read = len(doc.tables[0].rows)
    assert sum(len(r.cells) for r in doc.tables[0].rows) <= docx_reader.MAX_TABLE_CELLS + 64
    assert read < rows
    assert [n.code for n in doc.notices] == ["W_TABLE_TRUNCATED"]
    assert f"its first {read} rows" in doc.notices[0].message
    assert f"the other {rows + 1 - read} left out" in doc.notices[0].message


def test_an_xml_part_over_the_bound_is_refused(tmp_path: Path) -> None:
    """65 MiB of empty paragraphs in 70 KB: lxml would hold ~1 GB of tree for it."""
    path = tmp_path / "paragraph-bomb.docx"
    with zipfile.ZipFile(DOCX_SAMPLE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item.filename))
        with target.open("word/document.xml", "w") as stream:
            stream.write(member("word/document.xml").split(b"<w:body>")[0] + b"<w:body>")
            for _ in range(65 * 1024):
                stream.write(b"<w:p/>" * 175)  # ~1 KiB
            stream.write(b"</w:body></w:document>")
    assert path.stat().st_size < 2 * 2**20
    code, _, stderr = run(str(path))
    assert code == 3
    assert_one_line_error(stderr, path, "E_UNSAFE")
    assert "word/document.xml unpacks to more than 64 MiB of XML" in stderr


def test_the_document_bound_stops_reading(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(docx_reader, "MAX_PARAGRAPHS", 50)
    document = new_docx()
    for n in range(200):
        document.add_paragraph(f"Абзац {n}")
    buf = io.BytesIO()
    document.save(buf)
    doc = docx_reader.read_docx(buf.getvalue(), "long.docx")
    assert len(doc.paragraphs) == 50
    assert [n.code for n in doc.notices] == ["W_TEXT_TRUNCATED"]
    assert doc.notices[0].message.startswith("the document was read up to page 1 and the rest left out")


# 7. A long table is read whole (its speed is measured by bench/bench_docx.py against python-docx).

def test_a_table_of_2000_rows_is_read_whole(tmp_path: Path) -> None:
    data = long_plan_docx(tmp_path / "rows.docx", 2000).read_bytes()
    doc = docx_reader.read_docx(data, "rows.docx")
    assert len(doc.tables[0].rows) == 2001
    assert doc.tables[0].rows[-1].cells[0].text == "2000"


# 8. An empty ruled table, on the text path and on the OCR path: exit 4, no traceback.

def empty_grid_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    page.grid([100, 300, 500], [300, 500, 700])
    page.showPage()
    page.save()
    return path


@pytest.mark.parametrize("ocr", ["auto", "always"])
def test_an_empty_ruled_table_exits_4(tmp_path: Path, ocr: str) -> None:
    path = empty_grid_pdf(tmp_path / "grid.pdf")
    code, stdout, stderr = run(str(path), "--ocr", ocr)
    assert code == 4 and stdout == ""
    assert_one_line_error(stderr, path, "E_NO_ROADMAP")


def test_an_empty_ruled_table_after_a_plan_is_left_out(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(PDF_SAMPLE))
    writer.add_page(PdfReader(empty_grid_pdf(tmp_path / "grid.pdf")).pages[0])
    path = tmp_path / "plan-and-grid.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    code, stdout, stderr = run(str(path))
    assert code == 0, stderr
    assert len(json.loads(stdout)["plan"]["measures"]) == SAMPLE_MEASURES


# 9. Too little text: say what the file is, by its format.

def blank_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.showPage()
    page.save()
    return path


def empty_docx(path: Path) -> Path:
    new_docx().save(str(path))
    return path


def test_a_zip_of_an_unknown_version_is_one_line(tmp_path: Path) -> None:
    """The central directory's «version needed» raised past what zipfile reads: NotImplementedError."""
    data = bytearray(DOCX_SAMPLE.read_bytes())
    at = data.rfind(b"PK\x01\x02")  # the last central directory entry
    data[at + 6] = 147  # version needed to extract: 14.7
    path = tmp_path / "version.docx"
    path.write_bytes(bytes(data))
    code, stdout, stderr = run(str(path))
    assert code == 3 and stdout == ""
    assert_one_line_error(stderr, path, "E_CORRUPT")


def test_a_text_file_with_a_stray_byte_past_64_kb_is_read(tmp_path: Path) -> None:
    path = tmp_path / "order.txt"
    path.write_bytes(("\n".join(FRONT) + "\n").encode() * 600 + b"\x98\xff")
    assert path.stat().st_size > 65536
    code, _, stderr = run(str(path))
    assert code == 4 and "Traceback" not in stderr  # read (UTF-8, the stray bytes as U+FFFD): no plan in it
    assert_one_line_error(stderr, path, "E_NO_ROADMAP")


@pytest.mark.parametrize(("name", "make", "message"), [
    ("notes.xyz", lambda p: p.write_bytes(b"ok") and p, "too little text to be an order (2 letters)"),
    ("digits.txt", lambda p: p.write_bytes(b"12 34 56") and p, "no text found: the file holds no letters"),
    ("empty.docx", empty_docx, "no text found: the Word document is empty"),
    ("blank.pdf", blank_pdf, "no text found: the pages have no text layer and no scanned image"),
])
def test_too_little_text_says_what_the_file_is(tmp_path: Path, name: str, make: Any, message: str) -> None:
    path = tmp_path / name
    make(path)
    code, stdout, stderr = run(str(path))
    assert code == 4 and stdout == ""
    assert_one_line_error(stderr, path, "E_NO_ROADMAP")
    assert message in stderr
    assert "scanned document" not in stderr
