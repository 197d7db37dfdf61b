"""Whether a PDF page's text layer can be trusted: no text on a page with images (a scan),
glyphs without a Unicode mapping («(cid:12)»), Cyrillic words typed with Latin look-alikes,
UTF-8 read as Latin-1 («ÐŸÑ€Ð¸ÐºÐ°Ð·»). A scan that carries an OCR program's invisible text layer
(ocrmypdf's) has text, but its tables exist only in the image: it is read by our OCR too."""

from __future__ import annotations

import re
from typing import Any

CID = re.compile(r"\(cid:\d+\)")
WORD = re.compile(r"[^\W\d_]{3,}")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
MOJIBAKE = re.compile(r"[ÐÑÃÂ][\x80-\xbf\u0080-\u02ff]")


SCAN_COVER = 0.8  # an image over this share of the page is a scan


def covered_by_image(page: Any) -> bool:
    """A pdfplumber page whose images cover most of it and that draws no ruling of its own: a scan,
    whatever text layer an OCR program laid over it."""
    area = float(page.width * page.height) or 1.0
    covered = max((float((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images), default=0.0)
    return covered / area >= SCAN_COVER and not page.lines and not page.rects


def untrusted_reason(text: str, has_images: bool) -> str | None:
    """Why the text layer of one page cannot be used, or None when it can."""
    if not text.strip():
        return "no text layer (a scanned page)" if has_images else None
    if len(CID.findall(text)) >= 5:
        return "glyphs without a Unicode mapping (cid codes)"
    if len(MOJIBAKE.findall(text)) >= 10:
        return "mojibake (UTF-8 read as Latin-1)"
    words = WORD.findall(text)
    mixed = [w for w in words if CYRILLIC.search(w) and LATIN.search(w)]
    if len(words) >= 5 and len(mixed) / len(words) > 0.2:
        return "Cyrillic words typed with Latin look-alikes"
    return None
