"""What the routes ask the catalog about one document: its original file, its parse (done, failed
or under way), its job; and the bodies those answers become."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from fastapi import Response
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, func, select

from extract.sniff import sniff
from pipelines.catalog import documents
from pipelines.catalog import jobs as jobs_table
from pipelines.jobs import active_of, create_job
from pipelines.parse import Options
from pipelines.serve.errors import ApiError, body, status_of
from pipelines.serve.settings import Settings
from pipelines.worker import source_path
from schemas.errors import RoadmapError

VERSION = version("roadmap")


def etag(document: dict[str, Any]) -> str:
    """The file's SHA-256 and the producer's version, and a digest of the body itself: a correction,
    or a re-import with other options by the same version, changes the tag."""
    producer = (document.get("producer") or {}).get("version", "")
    body = hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return f'"{document["source"]["sha256"]}-{producer}-{body}"'


def stored_source(engine: Engine, sha256: str) -> tuple[Path, dict[str, Any]]:
    """The original file of a document and its format: where it was imported from, or, for an
    upload still being parsed, where the server keeps it."""
    with engine.connect() as conn:
        row = conn.execute(select(documents.c.path, documents.c.path_bytes, documents.c.format)
                           .where(documents.c.sha256 == sha256)).mappings().first()
        uploaded = conn.execute(select(jobs_table.c.source).where(jobs_table.c.sha256 == sha256)).scalar()
    if row is None and uploaded is None:
        raise ApiError(404, "E_NOT_FOUND", f"no document {sha256}")
    path = Path(source_path(dict(row)) if row is not None else str(uploaded))
    if not path.is_file():
        raise ApiError(404, "E_MISSING", "the original file is no longer where it was imported from")
    return path, dict(row) if row is not None else {"format": format_of(path)}


def format_of(path: Path) -> str | None:
    try:
        return sniff(path.read_bytes(), path)
    except RoadmapError:
        return None


def active_job(engine: Engine, sha256: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(active_of(sha256)).mappings().first()
    return dict(row) if row is not None else None


def known(engine: Engine, sha256: str) -> bool:
    """Whether the server knows the document: imported or stored (parsed or not), or uploaded."""
    with engine.connect() as conn:
        return (conn.execute(select(documents.c.sha256).where(documents.c.sha256 == sha256)).first() is not None
                or conn.execute(select(jobs_table.c.job_id).where(jobs_table.c.sha256 == sha256)).first() is not None)


def not_parsed(engine: Engine, sha256: str) -> ApiError:
    """A file the catalog knows but could not parse is a 422 with its own error code (E_CORRUPT…),
    as the CLI gives it; a file it does not know is a 404."""
    with engine.connect() as conn:
        row = conn.execute(select(documents.c.error_code, documents.c.error_message)
                           .where(documents.c.sha256 == sha256)).first()
    if row is not None and row.error_code:
        status = 422 if status_of(row.error_code) == 500 else status_of(row.error_code)
        told = row.error_message if status_of(row.error_code) != 500 else "our parser failed on it (see the server's log)"
        return ApiError(status, row.error_code, f"the document could not be parsed: {told}")
    return ApiError(404, "E_NOT_FOUND", f"no parsed document {sha256}")


def parsed_before(engine: Engine, sha256: str) -> dict[str, Any] | None:
    """The JSON this version already made of these bytes (an upload seen before is not parsed again)."""
    with engine.connect() as conn:
        raw = conn.execute(select(documents.c.raw_json).where(
            documents.c.sha256 == sha256, documents.c.producer_version == VERSION)).scalar()
    return json.loads(raw) if raw else None


def enqueue(engine: Engine, settings: Settings, sha256: str, name: str, path: Path) -> dict[str, Any]:
    """The job for this document: the one already queued or running for it, or a new one
    (jobs.create_job decides in one transaction); 503 when too many wait."""
    with engine.connect() as conn:
        waiting = conn.execute(select(func.count()).where(jobs_table.c.status == "queued")).scalar() or 0
    if waiting >= settings.max_queued:
        raise ApiError(503, "E_BUSY", f"{waiting} jobs are waiting; try again later")
    return create_job(engine, sha256, name, str(path), asdict(Options()))


def finished_response(done: dict[str, Any]) -> Response:
    if done.get("result") is not None:
        return JSONResponse(done["result"])
    code = done.get("error_code") or "E_INTERNAL"
    status = status_of(code)
    message = done.get("error_message") or "failed" if status != 500 else "our parser failed on it (see the server's log)"
    return JSONResponse(body(code, message), status)


def job_body(job: dict[str, Any]) -> dict[str, Any]:
    keys = ("job_id", "sha256", "file", "status", "error_code", "error_message", "created", "started", "finished",
            "attempts")
    return {**{k: job.get(k) for k in keys}, "attempts": job.get("attempts") or 0,
            "links": {"job": f"/v1/jobs/{job['job_id']}", "document": f"/v1/documents/{job['sha256']}"}}
