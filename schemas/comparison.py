"""The output of `roadmap compare`: plans side by side (schema_version 1.0).

Measures are named by (plan, position): the plan's index in `plans` and the measure's index in that
plan's `plan.measures`. Every measure carries the page, table and row it came from.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.roadmap import Model

COMPARISON_VERSION: Literal["1.0"] = "1.0"


class Category(Model):
    code: str
    label: str
    description: str


class Metrics(Model):
    measures: int
    sections: int
    concrete_deadlines: float = Field(description="share of measures with a date, month, quarter or range")
    vague_deadlines: float = Field(description="share with «в течение года», «постоянно», «по графику»...")
    no_deadline: float
    median_span_days: float | None = Field(None, description="median length of the concrete deadlines")
    named_person: float = Field(description="share of measures with at least one named person responsible")
    body_only: float = Field(description="share whose executors are only bodies or roles")
    executors_per_measure: float
    expected_result: float = Field(description="share of measures that state an expected result")
    period_start: str | None = None
    period_end: str | None = None
    period_months: int | None = None
    warnings: int


class Responsible(Model):
    name: str = Field(description="the executor as normalized by the parse (a person «И.О. Фамилия», a body, a role)")
    kind: str
    measures: int


class PlanSummary(Model):
    label: str = Field(description="the city, made unique with the date when a city repeats")
    city: str | None = None
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    title: str | None = None
    file: str
    sha256: str
    metrics: Metrics
    categories: dict[str, int] = Field(description="category code → number of measures")
    responsible: list[Responsible] = Field([], description="who is named for the most measures (up to 5)")


class MeasureEntry(Model):
    plan: int
    position: int
    number: str | None = None
    text: str
    category: str
    confidence: float
    matched: list[str] = Field([], description="the taxonomy's words and phrases found in the text")
    deadline_raw: str | None = None
    deadline_kind: str | None = None
    concreteness: Literal["concrete", "vague", "none"]
    start: str | None = None
    end: str | None = None
    months: list[int] = Field([], description="the months a recurring deadline falls in (1-12)")
    page: int | None = None
    table: int | None = None
    row: int | None = None
    link: str | None = Field(None, description="the source file, with #page=N for a PDF")


class AlignedPair(Model):
    left: int = Field(description="position in the left plan")
    right: int = Field(description="position in the right plan")
    score: float
    lexical: float
    semantic: float


class Alignment(Model):
    left: int = Field(description="index of the left plan")
    right: int
    pairs: list[AlignedPair]
    unique_left: list[int] = Field(description="positions in the left plan with no counterpart")
    unique_right: list[int]


class Comparison(Model):
    schema_version: Literal["1.0"] = COMPARISON_VERSION
    categories: list[Category]
    plans: list[PlanSummary]
    measures: list[MeasureEntry]
    alignments: list[Alignment]
    common_categories: list[str] = Field(description="categories every plan has")
    single_plan_categories: dict[str, str] = Field(description="category → the one plan (label) that has it")
