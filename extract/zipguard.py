"""Refuse Office zips built to harm a reader, before any XML parser sees them.

Every member is decompressed as a stream and counted (declared sizes can lie), and XML parts
that declare a DTD or entities are refused: entities are never resolved nor fetched. A member
whose stream is broken (a bad CRC, a corrupt deflate stream, a truncated archive) is E_CORRUPT.
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

from schemas.errors import CorruptInput, UnsafeInput

MAX_UNPACKED = 256 * 1024 * 1024
# One XML part: lxml holds ~16 bytes of tree per byte of XML, so 1 GiB; the main part of a
# 20,000-row table is 11 MB, of a 1,000-page report some 30 MB.
MAX_XML_PART = 64 * 1024 * 1024
CHUNK = 1024 * 1024
DTD_MARKERS = (b"<!doctype", b"<!entity")
# What zipfile raises on a broken archive or member: zlib.error for a corrupt deflate stream,
# NotImplementedError for a compression method it lacks, RuntimeError for an encrypted member.
BROKEN_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


# What zipfile raises on a broken central directory: NotImplementedError for a version or a
# compression method it lacks, the others for bytes that do not add up.
BROKEN_ZIP = (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError)


def open_archive(data: bytes, path: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its members; a broken central directory is E_CORRUPT (format detection and
    the safety check both open a zip here)."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        return archive, archive.infolist()
    except BROKEN_ZIP as exc:
        raise CorruptInput(f"broken zip archive ({exc})", path) from None


def check_zip(data: bytes, path: str) -> None:
    archive, members = open_archive(data, path)
    total = 0
    for info in members:
        is_xml = info.filename.endswith((".xml", ".rels"))
        size = 0
        tail = b""
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    size += len(chunk)
                    if total > MAX_UNPACKED:
                        raise UnsafeInput(
                            f"unpacks to more than {MAX_UNPACKED // 2**20} MiB (a zip bomb?): refused", path
                        )
                    if is_xml and size > MAX_XML_PART:
                        raise UnsafeInput(f"{info.filename} unpacks to more than {MAX_XML_PART // 2**20} MiB of "
                                          "XML (a zip bomb?): refused", path)
                    if is_xml:
                        window = (tail + chunk).lower()
                        if any(marker in window for marker in DTD_MARKERS):
                            raise UnsafeInput(
                                f"{info.filename} declares a DTD or XML entities: refused, never resolved", path
                            )
                        tail = window[-16:]
        except BROKEN_MEMBER as exc:
            raise CorruptInput(f"broken zip member {info.filename} ({' '.join(str(exc).split())})", path) from None
