"""The output contract: one validated roadmap per input document (schema_version 1.0).

Field names listed in the contract are fixed; new fields may be added, never renamed.
Every normalized value keeps the printed text beside it (`raw`, `*_raw`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.document import BBox

SCHEMA_VERSION: Literal["1.0"] = "1.0"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageRead(Model):
    page: int
    method: Literal["text", "ocr", "untrusted", "skipped"]
    reason: str | None = None


class Source(Model):
    file: str
    sha256: str
    format: str = Field(description="pdf, docx, txt, ...: detected from content, not the name")
    pages: int | None = None
    ocr: bool = False
    size: int = Field(description="bytes")
    page_reads: list[PageRead] = Field([], description="how each PDF page was read")


class ItemProvenance(Model):
    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    bbox: BBox | None = None


class Basis(Model):
    text: str
    kind: str | None = Field(None, description="act kind in the nominative: приказ, письмо, закон...")
    date: str | None = None
    number: str | None = None


class Signatory(Model):
    name: str
    position: str | None = None


class Stamp(Model):
    kind: Literal["approved", "agreed"]
    position: str | None = None
    name: str | None = None
    date: str | None = None
    raw: str


class Clause(Model):
    """A numbered point of the order's operative part («2. Директорам … обеспечить … до 15.03.2025»)."""

    number: str
    text: str
    deadline: Deadline | None = Field(None, description="the deadline the clause names, normalized as a measure's")
    executors: list[Executor] = Field([], description="the persons the clause names")
    provenance: ItemProvenance


class Control(Model):
    """Who controls execution («Контроль за исполнением … возложить на …»); no name when the signer keeps it."""

    raw: str
    name: str | None = Field(None, description="И.О. Фамилия, nominative")
    position: str | None = None


class Requisites(Model):
    doc_type: str | None = Field(None, description="приказ, распоряжение, постановление, план...")
    doc_type_raw: str | None = None
    number: str | None = None
    number_raw: str | None = None
    date: str | None = Field(None, description="YYYY-MM-DD")
    date_raw: str | None = None
    authority: str | None = None
    city: str | None = None
    place: str | None = Field(None, description="place of issue as printed, e.g. «г. Пятигорск»")
    title: str | None = None
    basis: list[Basis] = []
    signatories: list[Signatory] = []
    approved_by: str | None = Field(None, description="name in the УТВЕРЖДАЮ stamp")
    agreed_by: str | None = Field(None, description="name in the СОГЛАСОВАНО stamp")
    stamps: list[Stamp] = []
    executor_mark: str | None = None
    appendix_ref: str | None = None
    appendix_number: str | None = None
    appendix_date: str | None = None
    clauses: list[Clause] = Field([], description="the numbered clauses of the operative part, with or without a plan")
    control: Control | None = None


class Period(Model):
    start: str
    end: str
    raw: str


class Deadline(Model):
    """A deadline cell. `raw` is the cell as printed; the other fields are normalized."""

    raw: str
    kind: str | None = None
    start: str | None = None
    end: str | None = None
    recurrence: str | None = Field(None, description="yearly, monthly, quarterly, weekly")
    months: list[int] = Field([], description="months of a recurring deadline (1-12)")
    day: str | None = Field(None, description="MM-DD of a yearly deadline, DD of a monthly one")
    parts: list[Deadline] = []
    qualifier: str | None = Field(None, description="the words around the dates: «при проведении …»")


class Executor(Model):
    raw: str
    kind: Literal["person", "organization", "role"]
    name: str
    position: str | None = None
    expanded: str | None = Field(None, description="the abbreviations in `name` spelled out")


class Section(Model):
    number: str | None = None
    number_raw: str | None = None
    title: str
    deadline: Deadline | None = Field(None, description="a stage row's own deadline, covering its measures")
    executors_raw: str | None = Field(None, description="a stage row's own executors, as printed")
    provenance: ItemProvenance


class Measure(Model):
    number: str | None = None
    number_raw: str | None = None
    section: str | None = Field(None, description="section number, or its title when unnumbered")
    text: str
    deadline: Deadline | None = None
    executors: list[Executor] = []
    executors_raw: str | None = None
    expected_result: str | None = None
    result_form: str | None = None
    note: str | None = None
    schools: list[str] = []
    ocr_confidence: float | None = Field(None, description="read by OCR: the lowest mean word confidence (0-1) of its cells")
    provenance: ItemProvenance


class Indicator(Model):
    """A result indicator of a programme table («1.1.1 Количество …» under «Результаты:»)."""

    number: str | None = None
    text: str
    provenance: ItemProvenance


class Detection(Model):
    """Why the table was taken for a plan of measures: a score from 0 to 1 and what was seen."""

    score: float
    reasons: list[str]


class Plan(Model):
    title: str | None = None
    kind: str | None = Field(None, description="the plan's own kind from its title: дорожная карта, план, программа, "
                                               "комплекс мер (the document may be identified by the act approving it)")
    period: Period | None = None
    goals: list[str] = Field([], description="goals and tasks, as printed")
    columns: dict[str, str] = Field({}, description="role → header text as printed")
    sections: list[Section] = []
    indicators: list[Indicator] = Field([], description="result indicators of a programme table (not measures)")
    measures: list[Measure] = []
    detection: Detection | None = Field(None, description="why the table was taken for a plan (score ≥ 0.45)")


class School(Model):
    kind: str | None = None
    number: str | None = None
    legal_form: str | None = None
    name: str | None = None
    director: str | None = None
    raw: str


class Abbreviation(Model):
    abbr: str
    full: str
    source: Literal["document", "glossary"]


class Person(Model):
    name: str = Field(description="И.О. Фамилия")
    roles: list[str] = []


class Warning(Model):
    code: str
    message: str
    provenance: ItemProvenance | None = None


class Roadmap(Model):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    source: Source
    status: Literal["ok", "partial"]
    document: Requisites
    plan: Plan | None
    schools: list[School] = []
    persons: list[Person] = []
    abbreviations: list[Abbreviation] = []
    warnings: list[Warning] = []


Clause.model_rebuild()
Requisites.model_rebuild()
