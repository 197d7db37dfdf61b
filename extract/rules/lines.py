"""The paragraphs of a document as printed lines, the unit requisite rules work on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.normalize import fold_spaces, join_lines
from schemas.document import Paragraph, Provenance

BULLET_LINE = re.compile(r"^\s*[-–—•·▪]")  # a list item «- …», «• …»
# The number sign, the one pattern every rule uses: «№» as printed, or a Latin «N» / «No» / «N.» as
# typed on a Latin keyboard or read by OCR (ocrmypdf's text layer writes «No»), never inside a word.
SIGN = r"(?:№|(?<![A-Za-zА-Яа-яЁё])(?:No|N)(?![A-Za-z])\.?)"
# A clause number at the start of a line, the one pattern the clause, requisite, role and check rules
# build on: «1.», «2.1», «- 3.» (possessive spaces: read one way, linear on long runs).
CLAUSE_LEAD = r"^\s*+(?:[-–]\s*+)?"
CLAUSE_NUMBER = r"\d{1,2}(?:\.\d{1,2}){0,3}"
# The words a head of a body is named by, as stems (the one list): a school's head, and the rest.
SCHOOL_HEADS = r"директор|руководител|заведующ"
HEADS = SCHOOL_HEADS + r"|начальник|председател|заместител|глава|министр|ректор|президент"


@dataclass(frozen=True)
class Line:
    text: str
    para: int
    prov: Provenance  # its paragraph's: `prov.line`, when the reader numbers lines, is the paragraph's first
    piece: int = 0  # its index in the paragraph's text split at line breaks: where it stands below `prov.line`


def lines_of(paragraphs: list[Paragraph]) -> list[Line]:
    out = []
    for n, para in enumerate(paragraphs):
        for k, piece in enumerate(para.text.split("\n")):
            text = fold_spaces(piece)
            if text:
                out.append(Line(text, n, para.prov, k))
    return out


def line_prov(line: Line) -> Provenance:
    """Where the line itself stands: its paragraph's provenance with the line number moved from the
    paragraph's first line to this one (a reader numbers a paragraph by its first line)."""
    first = line.prov.line
    return line.prov if first is None else line.prov.model_copy(update={"line": first + line.piece})


def join(lines: list[Line]) -> str:
    return join_lines([line.text for line in lines])
