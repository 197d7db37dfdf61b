"""Provenance on the requisites (schema 1.2): each value says the line it was read from.

The line is checked against the input itself, not against the code that found it: in a text
rendition it is the file's line; in a DOCX or PDF it is counted here, from the reader's document
model, as the schema describes it (the page's paragraphs and table cells in order, each split at
its line breaks); on a PDF the box is cut out of the page with pdfplumber and must hold the value.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import jsonschema
import pdfplumber
import pytest
from conftest import EXPECTED, ROOT, SAMPLES, outcome

from extract.normalize import fold_spaces, strip_markup
from extract.rules.dates import find_date
from pipelines.parse import Options, load, read_document
from schemas.roadmap import ItemProvenance, Requisites

# born-digital samples of every format the readers number lines in (no scans: OCR is slow)
READ = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".docx", ".pdf"} and ".scan" not in p.name
              and ".mixed" not in p.name)
PDFS = [p for p in READ if p.suffix == ".pdf"]
APPROVED_BY_AN_ACT = [SAMPLES / "layouts" / f"s13-approved-by-protocol.{fmt}" for fmt in ("docx", "pdf")]
SCHEMA_1_1 = ROOT / "schemas" / "roadmap-1.1.schema.json"


def page_lines(path: Path) -> dict[tuple[int | None, int], str]:
    """(page, line) → the line's text: a text rendition's file lines (markup dropped), else the
    document model's lines numbered 1… on each page as the schema says."""
    if path.suffix == ".txt":
        text = path.read_bytes().decode("utf-8-sig")
        return {(None, n): fold_spaces(strip_markup(line)[0]) for n, line in enumerate(text.splitlines(), start=1)}
    doc = read_document(load(path), Options())
    counted: dict[int | None, int] = defaultdict(int)
    out = {}
    for block in doc.blocks:
        texts = [(block.text, block.prov)] if block.kind == "paragraph" else [
            (cell.text, cell.prov) for row in block.rows for cell in row.cells if cell.text.strip()]
        for text, prov in texts:
            for piece in text.split("\n"):
                counted[prov.page] += 1
                out[(prov.page, counted[prov.page])] = fold_spaces(piece)
    return out


def requisites(path: Path) -> Requisites:
    return outcome(path)[0].document


def line_of(path: Path, prov: ItemProvenance | None) -> str:
    assert prov is not None and prov.line is not None, prov
    return page_lines(path)[(prov.page, prov.line)]


@pytest.mark.parametrize("path", READ, ids=lambda p: p.name)
def test_number_and_date_point_at_the_line_they_are_printed_on(path: Path) -> None:
    req = requisites(path)
    if req.number_raw:
        assert fold_spaces(req.number_raw) in line_of(path, req.provenance.number)
    assert req.date, "every sample is dated"
    line = line_of(path, req.provenance.date)
    if req.date_raw:
        assert fold_spaces(req.date_raw) in line
    else:  # dated by its approval stamp: the stamp's date line
        assert (find_date(line) or ("",))[0] == req.date, line


@pytest.mark.parametrize("path", READ, ids=lambda p: p.name)
def test_the_title_points_at_its_first_line(path: Path) -> None:
    req = requisites(path)
    assert req.title
    line = line_of(path, req.provenance.title)
    assert req.title.split()[:3] == line.split()[:3], (req.title, line)


@pytest.mark.parametrize("path", READ, ids=lambda p: p.name)
def test_a_named_requisite_points_at_a_line_that_names_it(path: Path) -> None:
    req = requisites(path)
    stamp_names = {"approved_by": req.approved_by, "agreed_by": req.agreed_by}
    for field, name in stamp_names.items():
        if name:  # «Л.Г. Ефимова» is printed as it is, or «Ефимова Л.Г.»
            assert name.split()[-1] in line_of(path, getattr(req.provenance, field)), field
    if req.place:
        assert req.place in line_of(path, req.provenance.place)
    if req.doc_type_raw:
        assert fold_spaces(req.doc_type_raw) in line_of(path, req.provenance.doc_type)
    if req.control:  # the line that opens «Контроль за исполнением …»
        assert "Контроль" in line_of(path, req.provenance.control)


@pytest.mark.parametrize("path", READ, ids=lambda p: p.name)
def test_a_value_that_is_not_there_has_no_provenance(path: Path) -> None:
    req = requisites(path)
    for field in ("doc_type", "authority", "city", "place", "title", "approved_by", "agreed_by", "control"):
        assert (getattr(req, field) is None) == (getattr(req.provenance, field) is None), field
    assert (req.number_raw is None) == (req.provenance.number is None)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_on_a_pdf_the_box_lies_on_its_page_and_holds_the_value(path: Path) -> None:
    req = requisites(path)
    located = {name: prov for name, prov in req.provenance if prov is not None}
    assert {"doc_type", "title"} <= set(located)
    with pdfplumber.open(path) as pdf:
        for name, prov in located.items():
            assert prov.page is not None and prov.bbox is not None, name
            page = pdf.pages[prov.page - 1]
            x0, top, x1, bottom = prov.bbox
            assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height, (name, prov.bbox)
        for raw, prov in ((req.number_raw, req.provenance.number), (req.date_raw, req.provenance.date)):
            if raw and prov and prov.bbox and prov.page:
                boxed = pdf.pages[prov.page - 1].crop(prov.bbox).extract_text()
                assert "".join(raw.split()) in "".join(boxed.split()), (raw, boxed)


@pytest.mark.parametrize("path", APPROVED_BY_AN_ACT, ids=lambda p: p.name)
def test_a_plan_identified_by_the_act_that_approves_it_points_at_that_act(path: Path) -> None:
    req = requisites(path)
    assert (req.doc_type, req.number, req.date) == ("протокол", "3", "2023-09-12")
    assert "протокол" in line_of(path, req.provenance.doc_type)
    assert "№ 3" in line_of(path, req.provenance.number)
    assert "12.09.2023" in line_of(path, req.provenance.date)


def test_stamps_point_at_the_signers_name_and_the_body_at_its_position(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("СОГЛАСОВАНО\nдиректор БОУ ДО г. Омска\nВ.В. Шестаков\n«21» января 2021 г.\n\n"
                    "УТВЕРЖДАЮ\nдиректор департамента образования\nАдминистрации города Омска\nЛ.Г. Ефимова\n"
                    "«22» января 2021 г.\n\nПлан работы на 2021 год\n\n"
                    "№\tМероприятие\tСрок\tОтветственный\n1.\tПровести анализ результатов\tмарт 2021\tИванов И.И.\n"
                    "2.\tОрганизовать семинар для учителей\tапрель 2021\tПетров П.П.\n", encoding="utf-8")
    req = requisites(plan)
    lines = [None, *plan.read_text(encoding="utf-8").splitlines()]
    assert (req.agreed_by, req.approved_by, req.doc_type) == ("В.В. Шестаков", "Л.Г. Ефимова", "план")
    assert req.provenance.agreed_by and req.provenance.agreed_by.line == 3
    assert req.provenance.approved_by and req.provenance.approved_by.line == 9
    assert req.provenance.date and lines[req.provenance.date.line or 0] == "«22» января 2021 г."  # the approval's
    assert req.authority and req.provenance.authority and req.provenance.authority.line == 7
    assert req.city == "Омск" and req.provenance.city and req.provenance.city.line == 8  # «… города Омска»
    assert req.provenance.title and lines[req.provenance.title.line or 0] == "План работы на 2021 год"


GOLDEN = sorted(EXPECTED.glob("*.json"))
WITHOUT_1_1 = pytest.mark.skipif(not SCHEMA_1_1.exists(), reason="the published 1.1 schema is not committed")


@WITHOUT_1_1
@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_a_1_2_output_validates_against_the_published_1_1_schema(path: Path) -> None:
    schema = json.loads(SCHEMA_1_1.read_text(encoding="utf-8"))
    output = json.loads(path.read_text(encoding="utf-8"))
    assert output["schema_version"] == "1.2" and output["document"]["provenance"]
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(output)


@WITHOUT_1_1
def test_1_2_only_adds_to_1_1() -> None:
    """Nothing of 1.1 is renamed or removed, and nothing it leaves optional becomes required."""
    old = json.loads(SCHEMA_1_1.read_text(encoding="utf-8"))
    new = json.loads((ROOT / "schemas" / "roadmap.schema.json").read_text(encoding="utf-8"))
    for name, definition in [("", old), *old["$defs"].items()]:
        current = new["$defs"][name] if name else new
        assert set(definition.get("properties", {})) <= set(current.get("properties", {})), name
        assert set(current.get("required", [])) <= set(definition.get("required", [])), name
