"""Printed lines → paragraphs, shared by the text-layer and the OCR path of the PDF reader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.document import Paragraph, Provenance

PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,4}[-–\s]*$")
MARGIN_SHARE = 0.08
PARAGRAPH_GAP = 0.6  # a vertical gap above this share of the line height starts a paragraph


@dataclass(frozen=True)
class Line:
    """One printed line outside tables, in PDF points (top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False


def paragraphs(lines: list[Line], height: float, page_no: int) -> list[tuple[float, Paragraph]]:
    """Lines (top to bottom) grouped into paragraphs by vertical gaps; page numbers in the margins dropped."""
    out: list[tuple[float, Paragraph]] = []
    group: list[Line] = []
    for line in lines:
        in_margin = line.top < height * MARGIN_SHARE or line.bottom > height * (1 - MARGIN_SHARE)
        if in_margin and PAGE_NUMBER.match(line.text):
            continue
        if group and line.top - group[-1].bottom > (line.bottom - line.top) * PARAGRAPH_GAP:
            out.append(make_paragraph(group, page_no))
            group = []
        group.append(line)
    if group:
        out.append(make_paragraph(group, page_no))
    return out


def make_paragraph(group: list[Line], page_no: int) -> tuple[float, Paragraph]:
    bbox = (min(ln.x0 for ln in group), min(ln.top for ln in group),
            max(ln.x1 for ln in group), max(ln.bottom for ln in group))
    text = "\n".join(ln.text for ln in group)
    return bbox[1], Paragraph(text=text, bold=all(ln.bold for ln in group), prov=Provenance(page=page_no, bbox=bbox))
