"""Pages whose text layer cannot be trusted are recorded, reported and kept out of the parse."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES
from PIL import Image

from extract.readers.text_layer import untrusted_reason
from pipelines.cli import cli
from pipelines.parse import Options, parse


@pytest.mark.parametrize(("text", "images", "reason"), [
    ("", True, "no text layer (a scanned page)"),
    ("", False, None),
    ("(cid:12)(cid:44)(cid:7)(cid:9)(cid:31)(cid:2)", False, "glyphs without a Unicode mapping (cid codes)"),
    ("ÐŸÑ€Ð¸ÐºÐ°Ð· Ð¾Ð± ÑƒÑ‚Ð²ÐµÑ€Ð¶Ð´ÐµÐ½Ð¸Ð¸", False, "mojibake (UTF-8 read as Latin-1)"),
    ("Пpикaз oб yтвepждeнии плaнa мepoпpиятий пo oбecпeчeнию oбъeктивнocти oцeнки кaчecтвa oбpaзoвaния", False,
     "Cyrillic words typed with Latin look-alikes"),
    ("Приказ об утверждении плана мероприятий по обеспечению объективности оценки качества образования", False, None),
    ("ORDER on the approval of the plan of measures for quality of education in schools", False, None),
])
def test_untrusted_reason(text: str, images: bool, reason: str | None) -> None:
    assert untrusted_reason(text, images) == reason


def scanned_page() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (595, 842), 255).save(buf, format="PDF", resolution=72)
    return buf.getvalue()


def test_a_scanned_page_in_a_born_digital_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(SAMPLES / "000_99be7f6383da38e8.pdf").pages:
        writer.add_page(page)
    writer.add_page(PdfReader(io.BytesIO(scanned_page())).pages[0])
    path = tmp_path / "mixed.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    result = parse(path, Options(ocr="never"))
    assert [(r.page, r.method) for r in result.source.page_reads] == [(1, "text"), (2, "text"), (3, "text"), (4, "text"), (5, "untrusted")]
    assert result.status == "partial" and not result.source.ocr
    assert len(result.plan.measures) == 11  # type: ignore[union-attr]
    assert "page 5: no text layer (a scanned page)" in [w.message.split(";")[0] for w in result.warnings]
    auto = parse(path)  # the blank page goes to OCR, which finds nothing there
    assert [(r.page, r.method) for r in auto.source.page_reads][-1] == (5, "ocr")
    assert auto.status == "ok" and auto.source.ocr and len(auto.plan.measures) == 11  # type: ignore[union-attr]


@pytest.mark.parametrize(("ocr", "why"), [
    ("never", "no page has a usable text layer (no text layer (a scanned page)); OCR is turned off (--ocr never)"),
    ("auto", "no text found, OCR included (blank pages, or a scan too poor to read?)"),
])
def test_a_blank_scanned_pdf_says_why(tmp_path: Path, ocr: str, why: str) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_page())
    result = CliRunner().invoke(cli, ["parse", str(path), "--ocr", ocr])
    assert result.exit_code == 4
    assert result.stderr.strip() == f"roadmap: error[E_NO_ROADMAP] {path}: {why}"
