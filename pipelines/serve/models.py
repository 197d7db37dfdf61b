"""The API's own response bodies (the document itself is schemas.roadmap.Roadmap)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class Body(BaseModel):
    model_config = ConfigDict(extra="allow")


class JobLinks(BaseModel):
    job: str
    document: str


class Job(Body):
    job_id: str
    sha256: str
    file: str | None = None
    status: Literal["queued", "running", "done", "failed"]
    error_code: str | None = None
    error_message: str | None = None
    created: str | None = None
    started: str | None = None
    finished: str | None = None
    attempts: int = 0
    links: JobLinks


class DocumentItem(Body):
    sha256: str
    file: str | None = None
    format: str | None = None
    city: str | None = None
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    status: str
    error_code: str | None = None
    measures: int | None = None
    warnings: int | None = None
    ocr: bool | None = None
    min_ocr_confidence: float | None = None
    corrected: bool | None = None
    producer_version: str | None = None


class DocumentList(BaseModel):
    items: list[DocumentItem]
    next_cursor: str | None = None


class MeasureItem(Body):
    sha256: str
    measure_id: str | None = None
    key: str | None = None
    number: str | None = None
    text: str | None = None
    deadline_raw: str | None = None
    deadline_kind: str | None = None
    deadline_start: str | None = None
    deadline_end: str | None = None
    executors_raw: str | None = None
    city: str | None = None
    file: str | None = None


class MeasureList(BaseModel):
    items: list[MeasureItem]
    next_cursor: str | None = None


class Page(BaseModel):
    n: int
    width: float
    height: float


class SourceTable(BaseModel):
    index: int
    page: int | None = None
    rows: list[list[str]]


class Layout(BaseModel):
    format: str | None = None
    pages: list[Page]
    tables: list[SourceTable]


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: Literal["document", "measure"]
    op: Literal["set", "add", "delete"] = "set"
    field: str | None = None
    measure_id: str | None = None
    value: Any = None
    reason: str | None = None


class Correction(Body):
    id: int
    target: str
    op: str
    field: str | None = None
    measure_id: str | None = None
    original: Any = None
    value: Any = None
    author: str | None = None
    reason: str | None = None
    created: str | None = None
    status: str


class Health(BaseModel):
    status: Literal["ok"]
    version: str
