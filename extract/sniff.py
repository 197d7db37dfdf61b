"""Detect a file's format from its content, never from its name alone."""

from __future__ import annotations

from pathlib import Path

from extract.zipguard import open_archive
from schemas.errors import CorruptInput, EncryptedInput, UnsupportedInput

BINARY_EXTENSIONS = {".pdf", ".docx", ".doc", ".rtf", ".odt", ".docm", ".dotx"}
ENCRYPTED_OLE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .docx is wrapped in


def zip_format(data: bytes, path: Path) -> str:
    names = {info.filename for info in open_archive(data, str(path))[1]}
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        return "odt"
    raise UnsupportedInput("a zip archive that is not a Word document", str(path))


def looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "cp1251"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return printable >= 0.95 * max(1, len(text))
    return False


def sniff(data: bytes, path: Path) -> str:
    """One of pdf, docx, doc, rtf, odt, txt; non-documents raise with a clear reason."""
    head = data[:2048]
    suffix = path.suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        fmt = zip_format(data, path)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        fmt = "doc"
    elif head.lstrip().startswith(b"{\\rtf"):
        fmt = "rtf"
    elif looks_like_text(data) and suffix not in BINARY_EXTENSIONS:
        return "txt"
    elif suffix in BINARY_EXTENSIONS:
        kind = "a PDF header" if suffix == ".pdf" else "a zip archive"
        raise CorruptInput(f"not a valid {suffix} file: the content has no {kind}", str(path))
    else:
        raise UnsupportedInput("not a document format we read (PDF, DOCX, text)", str(path))
    if fmt == "doc" and ENCRYPTED_OLE in data:
        raise EncryptedInput("a password-protected Office document", str(path))
    return fmt
