"""Printed lines → paragraphs, shared by the text-layer and the OCR path of the PDF reader."""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from schemas.document import Paragraph, Provenance

PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,4}[-–\s]*$")
MARGIN_SHARE = 0.08
PARAGRAPH_GAP = 0.6  # a vertical gap above this share of the line height starts a paragraph
# Words that open a paragraph of an order whatever the producer's spacing: clause numbers
# («1.», «2.1.», «3)», never a date), the operative word, the preamble, labels and stamps.
PARAGRAPH_START = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.(?!\d)\s*[«\"(А-ЯЁA-Zа-яё]|\d{1,2}\)\s"
    r"|П\s?Р\s?И\s?К\s?А\s?З\s?Ы\s?В\s?А\s?Ю|ПОСТАНОВЛЯ|РАСПОРЯЖАЮСЬ|ОБЯЗЫВАЮ|ПРЕДЛАГАЮ|РЕШИЛ"
    r"|В\s+соответствии|Руководствуясь|На\s+основании|Во\s+исполнение|В\s+целях"
    r"|Приложени[ея]\b|УТВЕРЖД|СОГЛАСОВАН|Утвержд[её]н|Согласован|Контроль\s+за|Контроль\s+исполнения)"
)
# A signature after a clause: «…возложить на … Смирнову.» / «Глава города Костромы Ю.В. Журин»
SIGNER_START = re.compile(
    r"^(?:И\.\s?о\.\s*|Врио\s+)?(?:Глава|Директор|Начальник|Председатель|Руководитель|Заместитель|Первый\s+заместитель"
    r"|Министр|Заведующ|Ректор|Президент)"
)
FIRST_WORD = re.compile(r"^\S+")
NAME_LINE = re.compile(r"^(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+)[,;]?$")
RIGHT_SLACK = 2.0  # points: a line this close to the block's right edge is full


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
    body = [ln for ln in lines if not (is_margin(ln, height) and PAGE_NUMBER.match(ln.text))]
    left = min((ln.x0 for ln in body), default=0.0)
    right = max((ln.x1 for ln in body), default=0.0)
    for line in body:
        if group and starts_paragraph(group[-1], line, left, right):
            out.append(make_paragraph(group, page_no))
            group = []
        group.append(line)
    if group:
        out.append(make_paragraph(group, page_no))
    return out


def split_paragraphs(lines: list[Line], right: float | None = None) -> list[list[Line]]:
    """Lines of one block (a table cell) grouped into its paragraphs, by the same signs as a page's;
    `right` is where its text may reach (else the end of its longest line)."""
    left = min((ln.x0 for ln in lines), default=0.0)
    right = max([ln.x1 for ln in lines] + ([right] if right else []), default=0.0)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not starts_paragraph(groups[-1][-1], line, left, right):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def is_margin(line: Line, height: float) -> bool:
    return line.top < height * MARGIN_SHARE or line.bottom > height * (1 - MARGIN_SHARE)


def starts_paragraph(previous: Line, line: Line, left: float, right: float) -> bool:
    """Whether `line` opens a new paragraph: a vertical gap, words that always open one, or a
    previous line that ended short although the first word of this one would have fitted."""
    if line.top - previous.bottom > (line.bottom - line.top) * PARAGRAPH_GAP:
        return True
    if PARAGRAPH_START.match(line.text) or previous.text.endswith((".", ";")) and SIGNER_START.match(line.text):
        return True
    if NAME_LINE.match(previous.text) and line.text[:1].isupper() or NAME_LINE.match(line.text):
        return True  # «Карпенко М.А.» / «Руководители ОУ» / «Карпенко М.А.»: one name per paragraph
    return ended_short(previous, line, left, right)


def ended_short(previous: Line, line: Line, left: float, right: float) -> bool:
    """The previous line stopped before the right edge with room for this line's first word, both
    as printed and were it centred: the author ended the paragraph there (a wrap would have
    filled the line)."""
    chars = max(1, len(previous.text))
    char_width = median([(previous.x1 - previous.x0) / chars, (line.x1 - line.x0) / max(1, len(line.text))])
    word = FIRST_WORD.match(line.text)
    need = (len(word.group(0)) + 1) * char_width if word else 0.0
    fits_in_place = previous.x1 + need < right - RIGHT_SLACK
    fits_centred = (previous.x1 - previous.x0) + need < (right - left) - RIGHT_SLACK
    return fits_in_place and fits_centred


def make_paragraph(group: list[Line], page_no: int) -> tuple[float, Paragraph]:
    bbox = (min(ln.x0 for ln in group), min(ln.top for ln in group),
            max(ln.x1 for ln in group), max(ln.bottom for ln in group))
    text = "\n".join(ln.text for ln in group)
    return bbox[1], Paragraph(text=text, bold=all(ln.bold for ln in group), prov=Provenance(page=page_no, bbox=bbox))
