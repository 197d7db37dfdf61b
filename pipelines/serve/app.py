"""The HTTP API (/v1) and the review pages, on FastAPI.

FastAPI because the document is already a pydantic v2 model (schemas.roadmap): the OpenAPI the
server publishes and the JSON Schema of `roadmap schema` come from the same classes, and
schemathesis tests the one against the other. Its docs assets come from the installed
fastapi-offline package, so /docs works with no network.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine
from starlette.middleware.trustedhost import TrustedHostMiddleware

from pipelines.catalog import catalog_errors, open_catalog
from pipelines.corrections import add_correction, corrected_document, list_corrections
from pipelines.jobs import get_job
from pipelines.search import list_documents, search_measures
from pipelines.serve import pages, review
from pipelines.serve.auth import token_of
from pipelines.serve.errors import ApiError, ErrorBody, from_roadmap_error, install
from pipelines.serve.lookups import (
    VERSION,
    active_job,
    enqueue,
    etag,
    finished_response,
    job_body,
    known,
    not_parsed,
    parsed_before,
    stored_source,
)
from pipelines.serve.models import Correction, CorrectionIn, DocumentList, Health, Job, Layout, MeasureList
from pipelines.serve.runner import JobRunner
from pipelines.serve.settings import Settings
from pipelines.serve.uploads import keep, needs_ocr, receive
from pipelines.xlsx import write_xlsx
from schemas.errors import RoadmapError
from schemas.roadmap import Roadmap

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHA = Annotated[str, PathParam(pattern="^[0-9a-f]{64}$", description="the document's SHA-256")]
# A day as YYYY-MM-DD only (pydantic's `date` would also take «0» as a Unix time)
Cursor = Annotated[str | None, Query(max_length=4000, pattern=r"^[A-Za-z0-9_=-]+$",
                                     description="next_cursor of the previous page (opaque)")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})]
STATIC = Path(__file__).parent / "static"
REVIEW_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
              "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'")
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text} for code, text in
    ((400, "a body that cannot be read or a Host not served"), (401, "no token"), (403, "unknown or revoked token"), (404, "not found"), (413, "upload over the size limit"),
     (415, "not a format we read"), (422, "invalid request or unusable input"), (500, "internal error"),
     (503, "too many jobs waiting, or the catalog is away"), (507, "no space left to keep the upload"))
}
UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}}}


@dataclass(frozen=True)
class Server:
    """What every request works with: the settings, the catalog, the job runner."""

    settings: Settings
    engine: Engine
    runner: JobRunner


def create_app(settings: Settings) -> FastAPI:
    engine = open_catalog(settings.catalog, create=True)
    runner = JobRunner(engine, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        runner.start()
        yield
        runner.stop()
        engine.dispose()

    app = FastAPIOffline(title="roadmap", version=VERSION, lifespan=lifespan,
                         description="Russian municipal roadmap orders as validated JSON: upload, jobs, search, review.")
    app.state.server = Server(settings, engine, runner)
    install(app)
    app.middleware("http")(security_headers)
    if settings.open_reads:  # no token for reads here: refuse other Host names (DNS rebinding)
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1", settings.host])
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)
    return app


def server_of(request: Request) -> Server:
    return request.app.state.server  # type: ignore[no-any-return]


Srv = Annotated[Server, Depends(server_of)]


def reader(request: Request, server: Srv) -> None:
    if not server.settings.open_reads:
        token_of(server.engine, request, cookie=True)


def writer(request: Request, server: Srv) -> dict[str, Any]:
    return token_of(server.engine, request)


Read = Depends(reader)
Write = Annotated[dict[str, Any], Depends(writer)]
router = APIRouter()


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/review")


@router.get("/v1/health", response_model=Health, tags=["server"])
def health() -> dict[str, str]:
    return {"status": "ok", "version": VERSION}


@router.post("/v1/documents", tags=["documents"], openapi_extra=UPLOAD_BODY, status_code=200,
             responses={200: {"model": Roadmap, "description": "parsed now: the JSON `roadmap parse` prints"},
                        202: {"model": Job, "description": "a scan or a large file: a job"}, **ERRORS})
async def upload(request: Request, server: Srv, token: Write, wait: bool = True) -> Response:
    """Upload one file (multipart field `file`, or the raw body with `?filename=`). A born-digital
    file under the inline limit is parsed now (200); a scan or a large file becomes a job (202).
    Bytes this version parsed before are answered from the catalog."""
    settings, engine = server.settings, server.engine
    upload = await receive(request, settings.max_upload)
    known = await asyncio.to_thread(parsed_before, engine, upload.sha256)
    if known is not None:
        return JSONResponse(known, headers={"X-Roadmap-Parsed-Before": "true"})
    path = await asyncio.to_thread(keep, upload, settings.sources)
    inline = (wait and len(upload.data) <= settings.inline_mb * 1024 * 1024
              and not (upload.format == "pdf" and await asyncio.to_thread(needs_ocr, upload.data)))
    job = await asyncio.to_thread(enqueue, engine, settings, upload.sha256, upload.name, path)
    future = server.runner.waiter(job["job_id"]) if inline else None
    server.runner.notify()
    if future is not None:
        try:
            return finished_response(await asyncio.wait_for(future, settings.inline_seconds))
        except TimeoutError:
            pass
        finally:
            server.runner.forget(job["job_id"], future)
    latest: dict[str, Any] | None = await asyncio.to_thread(get_job, engine, job["job_id"])
    job = latest or job
    return JSONResponse(job_body(job), 202, headers={"Location": f"/v1/jobs/{job['job_id']}"})


@router.get("/v1/jobs/{job_id}", response_model=Job, tags=["jobs"], dependencies=[Read], responses=ERRORS)
def job(job_id: Annotated[str, PathParam(max_length=64)], server: Srv) -> dict[str, Any]:
    with catalog_errors(server.settings.catalog):
        found = get_job(server.engine, job_id)
    if found is None:
        raise ApiError(404, "E_NOT_FOUND", f"no job {job_id}")
    return job_body(found)


@router.get("/v1/documents", response_model=DocumentList, tags=["documents"], dependencies=[Read], responses=ERRORS)
def documents_list(server: Srv, city: str | None = None, doc_type: str | None = None, date_from: Day = None,
                   date_to: Day = None, sort: Literal["uncertain", "date", "file"] = "uncertain",
                   cursor: Cursor = None, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """Documents, least certain first by default (lowest OCR confidence, then most warnings)."""
    items, next_cursor = checked(lambda: list_documents(
        server.engine, city=city, doc_type=doc_type, date_from=date_from, date_to=date_to, sort=sort,
        cursor=cursor, limit=limit))
    return {"items": items, "next_cursor": next_cursor}


@router.get("/v1/documents/{sha256}", tags=["documents"], dependencies=[Read],
            responses={200: {"model": Roadmap, "description": "the JSON, corrections applied"},
                       202: {"model": Job, "description": "being parsed: its job"},
                       304: {"description": "not modified (If-None-Match)"}, **ERRORS})
def document(sha256: SHA, request: Request, server: Srv) -> Response:
    """The JSON with corrections applied; 202 with the job while it is being parsed."""
    found = corrected_document(server.engine, sha256)
    if found is None:
        job = active_job(server.engine, sha256)
        if job is not None:
            return JSONResponse(job_body(job), 202, headers={"Location": f"/v1/jobs/{job['job_id']}"})
        raise not_parsed(server.engine, sha256)
    tag = etag(found)
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": tag})
    return JSONResponse(found, headers={"ETag": tag, "Cache-Control": "no-cache"})


@router.get("/v1/documents/{sha256}/source", tags=["documents"], dependencies=[Read], response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}}, "description": "the original file"},
                       **ERRORS})
def source(sha256: SHA, server: Srv) -> FileResponse:
    path, _record = stored_source(server.engine, sha256)
    return FileResponse(path, filename=path.name, media_type="application/octet-stream")


@router.get("/v1/documents/{sha256}/pages/{number}.png", tags=["documents"], dependencies=[Read],
            response_class=Response, responses={200: {"content": {"image/png": {}}, "description": "the page"},
                                                **ERRORS})
async def page_png(sha256: SHA, number: Annotated[int, PathParam(ge=1, le=100_000)], server: Srv,
                   dpi: Annotated[int, Query(ge=24, le=200)] = 100) -> Response:
    path, record = stored_source(server.engine, sha256)
    if record["format"] != "pdf":
        raise ApiError(404, "E_NOT_FOUND", "only a PDF has pages to draw; see /layout for the tables")
    try:
        png = await asyncio.to_thread(pages.render_png, path, number, dpi)
    except pages.PageMissing as exc:
        raise ApiError(404, "E_NOT_FOUND", str(exc)) from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/v1/documents/{sha256}/layout", response_model=Layout, tags=["documents"], dependencies=[Read],
            responses=ERRORS)
async def layout(sha256: SHA, server: Srv) -> dict[str, Any]:
    """The pages' sizes (PDF points, the unit of bbox) or, for other formats, the source tables."""
    path, record = stored_source(server.engine, sha256)
    try:
        return await asyncio.to_thread(pages.layout, sha256, path, record["format"])
    except RoadmapError as exc:
        raise from_roadmap_error(exc) from None


@router.get("/v1/documents/{sha256}/corrections", response_model=list[Correction], tags=["corrections"],
            dependencies=[Read], responses=ERRORS)
def corrections(sha256: SHA, server: Srv) -> list[dict[str, Any]]:
    """Every correction of the document (none while it is being parsed, or when it failed)."""
    if not known(server.engine, sha256):
        raise ApiError(404, "E_NOT_FOUND", f"no document {sha256}")
    return list_corrections(server.engine, sha256)


@router.post("/v1/documents/{sha256}/corrections", tags=["corrections"],
             responses={200: {"model": Roadmap, "description": "the document, corrected"}, **ERRORS})
def correct(sha256: SHA, correction: CorrectionIn, token: Write, server: Srv) -> JSONResponse:
    """Correct a field of a measure or of the requisites, add or delete a measure. The original
    value is kept beside the correction; the document is returned as it now reads."""
    try:
        add_correction(server.engine, sha256, target=correction.target, op=correction.op, field=correction.field,
                       measure_id=correction.measure_id, value=correction.value, author=token.get("name"),
                       reason=correction.reason, producer_version=VERSION)
    except KeyError:
        raise ApiError(404, "E_NOT_FOUND", f"no parsed document {sha256}") from None
    except ValueError as exc:
        raise ApiError(422, "E_INVALID", str(exc)) from None
    found = corrected_document(server.engine, sha256) or {}
    return JSONResponse(found, headers={"ETag": etag(found)})


@router.get("/v1/measures", response_model=MeasureList, tags=["measures"], dependencies=[Read], responses=ERRORS)
def measures(filters: Annotated[dict[str, Any], Depends(measure_query)], server: Srv, cursor: Cursor = None,
             limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """Measures across documents; `q` searches the text by word forms («наблюдатели» finds «наблюдателей»)."""
    items, next_cursor = checked(lambda: search_measures(server.engine, **filters, cursor=cursor, limit=limit))
    return {"items": items, "next_cursor": next_cursor}


@router.get("/v1/measures.xlsx", tags=["measures"], dependencies=[Read], response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "the measures as an Excel workbook"}, **ERRORS})
def measures_xlsx(filters: Annotated[dict[str, Any], Depends(measure_query)], server: Srv) -> Response:
    """The same search as /v1/measures, every page, as xlsx (formula-like cells neutralized)."""
    out = BytesIO()
    checked(lambda: write_xlsx(every_measure(server.engine, filters), out, "measures"))
    return Response(out.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="measures.xlsx"'})


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_list() -> HTMLResponse:
    return HTMLResponse(review.documents_page())


@router.get("/review/{sha256}", response_class=HTMLResponse, include_in_schema=False)
def review_document(sha256: SHA) -> HTMLResponse:
    return HTMLResponse(review.document_page(sha256))


def measure_query(city: str | None = None, due_from: Day = None, due_to: Day = None,
                    category: str | None = None, executor: str | None = None,
                    q: Annotated[str | None, Query(max_length=500)] = None) -> dict[str, Any]:
    return {"city": city, "due_from": due_from, "due_to": due_to, "category": category,
            "executor": executor, "q": q}


def every_measure(engine: Engine, filters: dict[str, Any]) -> Any:
    cursor = None
    while True:
        items, cursor = search_measures(engine, **filters, cursor=cursor, limit=500)
        yield from items
        if cursor is None:
            return


def checked(call: Callable[[], Any]) -> Any:
    """A search whose arguments the catalog layer refuses (a bad cursor, an unknown sort, a day that
    is none: 2024-02-30) is a 422."""
    try:
        return call()
    except ValueError as exc:
        raise ApiError(422, "E_INVALID", str(exc)) from None


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Only the server's own assets: a strict CSP on the review pages, one that lets the bundled
    Swagger UI run its inline bootstrap on /docs."""
    response = await call_next(request)
    docs = request.url.path.startswith(("/docs", "/redoc"))
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else REVIEW_CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response
