"""Whether a PDF page's text layer can be trusted: no text on a page with images (a scan),
glyphs without a Unicode mapping («(cid:12)»), Cyrillic words typed with Latin look-alikes,
UTF-8 read as Latin-1 («ÐŸÑ€Ð¸ÐºÐ°Ð·»)."""

from __future__ import annotations

import re

CID = re.compile(r"\(cid:\d+\)")
WORD = re.compile(r"[^\W\d_]{3,}")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
MOJIBAKE = re.compile(r"[ÐÑÃÂ][\x80-\xbf\u0080-\u02ff]")


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
