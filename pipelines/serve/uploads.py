"""An uploaded file: its body read under the size limit (multipart or raw), a safe name, its
format checked before any job is made, and the original kept under its SHA-256."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import Message

from extract.sniff import sniff
from pipelines.output import write_atomic
from pipelines.serve.errors import ApiError, from_roadmap_error
from pipelines.serve.pages import PDFIUM
from schemas.errors import RoadmapError

MAX_NAME_BYTES = 160  # a file system takes 255 bytes per name; the temp name of write_atomic adds ~40
SCAN_CHARS = 20  # a PDF page with fewer characters in its text layer is read by OCR: a job


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    format: str
    sha256: str


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` (a lying Content-Length too)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> ApiError:
    return ApiError(413, "E_TOO_LARGE", f"the upload is over the limit of {limit / 1024 / 1024:g} MiB")


def safe_name(name: str | None) -> str:
    """The file's own name, without folders, control characters or a leading dot."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".") or "upload"
    stem, dot, ext = name.rpartition(".") if "." in name[1:] and len(name.rpartition(".")[2]) <= 8 else (name, "", "")
    room = MAX_NAME_BYTES - len((dot + ext).encode())
    return stem.encode()[:room].decode("utf-8", "ignore") + dot + ext


async def receive(request: Request, limit: int) -> Upload:
    """The one file of a POST: a multipart field `file`, or the raw body (name from ?filename=)."""
    body = await read_body(request, limit)
    name = request.query_params.get("filename")
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        body, name = await multipart_file(request, body)
    if not body:
        raise ApiError(422, "E_EMPTY", "the upload is empty (0 bytes)")
    name = safe_name(name)
    try:
        fmt = sniff(body, Path(name))
    except RoadmapError as exc:
        raise from_roadmap_error(exc) from None
    return Upload(name, body, fmt, hashlib.sha256(body).hexdigest())


async def multipart_file(request: Request, body: bytes) -> tuple[bytes, str | None]:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=1, max_fields=8)
    except Exception as exc:  # a malformed multipart body is the client's error
        raise ApiError(422, "E_INVALID", f"not a valid multipart body ({exc})") from None
    field = form.get("file")
    if not isinstance(field, UploadFile):
        raise ApiError(422, "E_INVALID", "a multipart upload needs its file in the field «file»")
    return await field.read(), field.filename


def needs_ocr(data: bytes) -> bool:
    """Whether any page of a PDF lacks a text layer (a scan, or a half-scanned file)."""
    with PDFIUM:
        return without_text(data)


def without_text(data: bytes) -> bool:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False  # the parser says what is wrong with it
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            if page.get_textpage().count_chars() < SCAN_CHARS:
                return True
        return False
    finally:
        pdf.close()


def keep(upload: Upload, folder: Path) -> Path:
    """The original under sources/<sha256>/<name>: the worker reads it, and the JSON's
    source.file is its name, as `roadmap parse` of the same file would print."""
    target = folder / upload.sha256 / upload.name
    if not target.exists():
        try:
            write_atomic(target, upload.data)
        except RoadmapError as exc:  # disk full, a folder we cannot write: the CLI's E_DISK_FULL, E_OUTPUT
            raise ApiError(507 if exc.code == "E_DISK_FULL" else 500, exc.code, exc.message) from None
    return target
