"""Paragraphs from any PDF producer: the samples printed plainly by reportlab (left-aligned, no
indents, the same leading between paragraphs as between lines, long words broken without a hyphen)
give the same JSON as LibreOffice's PDFs of the same DOCX, apart from `source` and provenance."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES, file_independent, parsed

from pipelines.parse import NoRoadmapFound, parse

RENDERER = SAMPLES / "render_plain_pdf.py"
DOCX = sorted(p for p in SAMPLES.glob("*.docx") if p.with_suffix(".pdf").exists())


def render_plain(source: Path, target: Path) -> None:
    spec = importlib.util.spec_from_file_location("render_plain_pdf", RENDERER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.render(source, target)


def result_of(path: Path) -> dict[str, Any]:
    try:
        return parse(path).model_dump(mode="json")
    except NoRoadmapFound as exc:
        return exc.result.model_dump(mode="json")


@pytest.mark.parametrize("docx", DOCX, ids=[p.stem for p in DOCX])
def test_plain_pdf_reads_like_the_libreoffice_pdf(docx: Path, tmp_path: Path) -> None:
    plain = tmp_path / f"{docx.stem}.pdf"
    render_plain(docx, plain)
    ours = file_independent(result_of(plain))
    theirs = file_independent(parsed(docx.with_suffix(".pdf")).model_dump(mode="json"))
    assert ours["document"] == theirs["document"]
    assert ours["plan"] == theirs["plan"]
    assert ours == theirs


def test_the_plain_pdf_really_has_no_paragraph_spacing(tmp_path: Path) -> None:
    """The test input is what it claims: every body line follows the previous one at one leading."""
    import pdfplumber

    plain = tmp_path / "plain.pdf"
    render_plain(DOCX[0], plain)
    with pdfplumber.open(plain) as pdf:
        tops = [round(line["top"], 1) for line in pdf.pages[0].extract_text_lines()]
    steps = {round(b - a, 1) for a, b in zip(tops, tops[1:])}
    assert steps == {14.0}
    assert len(DOCX) >= 6
