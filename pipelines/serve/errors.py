"""Every error the API returns is one JSON body with the CLI's stable codes:
`{"error": {"code": "E_FORMAT", "message": "…"}}`. A 500 says only an incident id; its traceback
goes to the server's log, never to the client."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

from schemas.errors import InputError, LimitExceeded, NoRoadmap, RoadmapError, UnsupportedInput, error_class

log = logging.getLogger("roadmap.serve")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


HTTP_CODES = {400: "E_REQUEST", 401: "E_UNAUTHORIZED", 403: "E_FORBIDDEN", 404: "E_NOT_FOUND", 405: "E_METHOD",
              406: "E_NOT_ACCEPTABLE", 413: "E_TOO_LARGE", 415: "E_FORMAT", 422: "E_INVALID", 503: "E_BUSY"}


def status_of(code: str | None) -> int:
    """The HTTP status for a failed file's error code: 415 for a format we do not read, 422 for any
    other input we cannot use, 500 for our own failure (E_BUG, E_CRASH, output errors)."""
    cls = error_class(code)
    if cls is not None and issubclass(cls, UnsupportedInput):
        return 415
    if cls is not None and issubclass(cls, InputError | LimitExceeded | NoRoadmap):
        return 422
    return 500


def from_roadmap_error(exc: RoadmapError) -> ApiError:
    return ApiError(status_of(exc.code), exc.code, exc.message)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        if route.matches(request.scope)[0] != Match.NONE:  # PARTIAL: the path matches, the method not
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(body(exc.code, exc.message), exc.status, headers=headers)

    @app.exception_handler(RoadmapError)
    async def roadmap_error(_request: Request, exc: RoadmapError) -> JSONResponse:
        """What the catalog layer raises (E_CATALOG, E_DISK_FULL…) keeps the CLI's code."""
        error = from_roadmap_error(exc)
        log.error("%s: %s", error.code, error.message)
        return JSONResponse(body(error.code, error.message if error.status < 500 else "the catalog cannot be used "
                                 "now (see the server's log)"), 503 if error.status == 500 else error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse(body("E_INVALID", f"{where}: {first.get('msg', 'invalid request')}"), 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "E_REQUEST" if exc.status_code < 500 else "E_INTERNAL")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse(body(code, str(exc.detail)), exc.status_code, headers=headers or None)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        incident = uuid.uuid4().hex[:12]
        log.error("incident %s on %s %s", incident, request.method, request.url.path, exc_info=exc)
        return JSONResponse(body("E_INTERNAL", f"internal error (incident {incident}, in the server's log)"), 500)
