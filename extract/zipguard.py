"""Refuse Office zips built to harm a reader, before any XML parser sees them.

Every member is decompressed as a stream and counted (declared sizes can lie), and XML parts
that declare a DTD or entities are refused: entities are never resolved nor fetched.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from schemas.errors import CorruptInput, UnsafeInput

MAX_UNPACKED = 256 * 1024 * 1024
CHUNK = 1024 * 1024
DTD_MARKERS = (b"<!doctype", b"<!entity")


def check_zip(data: bytes, path: str) -> None:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptInput(f"broken zip archive ({exc})", path) from None
    total = 0
    for info in members:
        is_xml = info.filename.endswith((".xml", ".rels"))
        tail = b""
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > MAX_UNPACKED:
                        raise UnsafeInput(
                            f"unpacks to more than {MAX_UNPACKED // 2**20} MiB (a zip bomb?): refused", path
                        )
                    if is_xml:
                        window = (tail + chunk).lower()
                        if any(marker in window for marker in DTD_MARKERS):
                            raise UnsafeInput(
                                f"{info.filename} declares a DTD or XML entities: refused, never resolved", path
                            )
                        tail = window[-16:]
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
            raise CorruptInput(f"broken zip member {info.filename} ({exc})", path) from None
