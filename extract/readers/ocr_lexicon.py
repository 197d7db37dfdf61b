"""Abbreviations OCR misread, mended from the same document: «МКУ ИМКРО» in one cell where the
document prints «ИМЦРО» again and again. A body's abbreviation is no dictionary word, but a
document names its bodies many times; a capitalized token seen once, one confusable letter away
from a token seen at least three times, is that token misread. Latin look-alikes («Oy») become
the document's Cyrillic abbreviation («ОУ»)."""

from __future__ import annotations

import re
from collections import Counter

from extract.readers.ocr_text import LOOK_ALIKE
from extract.rules.abbreviations import GLOSSARY
from schemas.document import Block, Paragraph, Row, Table

ABBREVIATION = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ]{2,8}(?![А-ЯЁа-яё])")
MIN_MENDED = 3  # letters: a shorter abbreviation one letter from another is too likely a different one
LATIN_TOKEN = re.compile(r"(?<![A-Za-zА-ЯЁа-яё])[A-Za-z]{2,8}(?![A-Za-zА-ЯЁа-яё])")
CYRILLIC_ONLY = re.compile(r"^[А-ЯЁа-яё]+$")
MIN_SEEN = 3


def tokens(blocks: list[Block]) -> Counter[str]:
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    texts += [c.text for b in blocks if isinstance(b, Table) for r in b.rows for c in r.cells]
    return Counter(t for text in texts for t in ABBREVIATION.findall(text))


# Capitals Tesseract takes for one another (Ц loses its tail and becomes К, Е or И): only these
# count as a misreading; «КШИ» and «СШИ» are two schools, not one misread.
CONFUSED = {frozenset(p) for p in ("ЦК", "ЦЕ", "ЦИ", "ЦУ", "ИН", "ИП", "НП", "ШЩ", "ШИ", "ЕС", "ОС", "ЬЪ", "ЗЭ")}


TWINS = {letter: [other for pair in CONFUSED if letter in pair for other in pair if other != letter]
         for pair in CONFUSED for letter in pair}


def variants(token: str) -> list[str]:
    """The tokens `token` may be a misreading of: one letter swapped for one OCR confuses it with."""
    return [token[:i] + twin + token[i + 1 :] for i, letter in enumerate(token) for twin in TWINS.get(letter, [])]


def mend_abbreviations(blocks: list[Block]) -> list[Block]:
    """The blocks with the OCR'd cells' misread abbreviations replaced by the document's own."""
    seen = tokens(blocks)
    fixes = {}
    for token, count in seen.items():
        if count > 1 or len(token) < MIN_MENDED or token in GLOSSARY:
            continue
        near = [other for other in set(variants(token)) if seen[other] >= MIN_SEEN]
        if len(near) == 1:
            fixes[token] = near[0]
    fixes.update(latin_fixes(blocks, seen))
    if not fixes:
        return blocks
    return [b.model_copy(update={"rows": tuple(mend_row(r, fixes) for r in b.rows)}) if isinstance(b, Table) else b
            for b in blocks]


def latin_fixes(blocks: list[Block], seen: Counter[str]) -> dict[str, str]:
    """«Oy» in an OCR'd cell where the document prints «ОУ» again and again: Latin look-alikes."""
    fixes = {}
    for b in blocks:
        for r in b.rows if isinstance(b, Table) else ():
            for c in r.cells:
                for token in LATIN_TOKEN.findall(c.text) if c.confidence is not None else ():
                    twin = token.translate(LOOK_ALIKE).upper()
                    if CYRILLIC_ONLY.match(twin) and seen[twin] >= MIN_SEEN:
                        fixes[token] = twin
    return fixes


def mend_row(row: Row, fixes: dict[str, str]) -> Row:
    def fix(m: re.Match[str]) -> str:
        return fixes.get(m.group(0), m.group(0))

    cells = tuple(c.model_copy(update={"text": LATIN_TOKEN.sub(fix, ABBREVIATION.sub(fix, c.text))})
                  if c.confidence is not None else c for c in row.cells)
    return row.model_copy(update={"cells": cells})
