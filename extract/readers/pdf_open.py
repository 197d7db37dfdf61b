"""Opening a PDF for pdfplumber: a broken or encrypted file is one line (E_CORRUPT, E_ENCRYPTED),
and a page whose /MediaBox is missing or broken is read as US Letter (pdfminer's default, and
every viewer's) instead of failing in pdfplumber.
"""

from __future__ import annotations

import logging
import math
import struct
import zlib
from io import BytesIO
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from pdfplumber.utils.pdfinternals import resolve_all

from extract.readers.broken import why
from extract.readers.pdf_chars import LeanPage
from schemas.errors import CorruptInput, EncryptedInput

OPTIONAL_BOXES = ("TrimBox", "BleedBox", "ArtBox")
# pdfminer and pdfplumber log what they repair («MediaBox missing … defaulting to US Letter»): with
# no handler of the application's, Python would print each on stderr, where we print one line a file.
for _library in ("pdfminer", "pdfplumber"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
# What pdfminer and pdfplumber raise on a malformed file: their own syntax errors, and Python's
# on objects of the wrong type or a broken stream (the pages of a PDF are read at this boundary).
BROKEN_PDF = (PdfminerException, PSException, PDFSyntaxError, KeyError, ValueError, TypeError, IndexError,
              struct.error, zlib.error, RecursionError)


def open_pdf(data: bytes, path: str) -> Any:
    try:
        return pdfplumber.open(BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise EncryptedInput("the PDF is encrypted with a password", path) from None
        raise CorruptInput(f"broken PDF ({why(cause) if isinstance(cause, BaseException) else cause})", path) from None
    except BROKEN_PDF as exc:
        raise CorruptInput(f"broken PDF ({why(exc)})", path) from None


def valid_box(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 4 and all(
        isinstance(v, (int, float)) and math.isfinite(v) for v in value)


def repair_page_attrs(page: PDFPage) -> None:
    """Give a page the boxes and rotation pdfminer read for it where its own are missing or broken:
    pdfminer falls back to US Letter for a page with no valid /MediaBox, as PDF viewers do, while
    pdfplumber fails on it (TypeError); a broken optional box is dropped."""
    attrs = page.attrs
    if not valid_box(resolve_all(attrs.get("MediaBox"))):
        attrs["MediaBox"] = list(page.mediabox)
    if "CropBox" in attrs and not valid_box(resolve_all(attrs["CropBox"])):
        attrs["CropBox"] = list(page.cropbox)
    for name in OPTIONAL_BOXES:
        if name in attrs and not valid_box(resolve_all(attrs[name])):
            del attrs[name]
    if not isinstance(resolve_all(attrs.get("Rotate", 0)), int):
        attrs["Rotate"] = page.rotate


def plumber_pages(pdf: Any, path: str, limit: int) -> tuple[list[Any], int]:
    """pdfplumber pages for the first `limit` pages, and the page count. Built here rather than by
    `pdf.pages` so that each page's boxes are repaired first (`repair_page_attrs`)."""
    pages: list[Any] = []
    total = 0
    doctop = 0.0
    try:
        for total, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
            if total <= limit:
                repair_page_attrs(page_obj)
                pages.append(LeanPage(pdf, page_obj, page_number=total, initial_doctop=doctop))
                doctop += pages[-1].height
    except (*BROKEN_PDF, MalformedPDFException, AttributeError) as exc:  # pdfminer walks a /Kids entry
        raise CorruptInput(f"broken PDF page tree ({why(exc)})", path) from None  # that is no object as one
    return pages, total
