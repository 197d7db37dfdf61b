"""The output contract: one validated roadmap per input document (schema_version: SCHEMA_VERSION).

Version policy (also in the README and schemas/README.md):
- `schema_version` is MAJOR.MINOR. A minor version only adds: new optional fields, and new values of
  an enum (closed within a minor version, announced in schemas/README.md). Nothing is renamed,
  removed or given a new meaning within a major version.
- Consumers ignore the fields they do not know. The published schema
  (schemas/roadmap.schema.json) therefore accepts unknown properties; the strict variant
  (schemas/roadmap.strict.schema.json, `roadmap schema --strict`) forbids them, for our own tests.
- Every output says which roadmap made it (`producer`).

Every normalized value keeps the printed text beside it (`raw`, `*_raw`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.document import BBox

SCHEMA_VERSION = "1.2"
VERSION_PATTERN = r"^1\.\d+$"  # any 1.x reads: a 1.0 file, or a later 1.x that adds fields (they are ignored)

IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})]
DeadlineKind = Literal["date", "by_date", "range", "month", "quarter", "half_year", "academic_year", "recurring",
                       "continuous", "per_schedule", "on_event", "multiple", "unspecified"]
Recurrence = Literal["yearly", "monthly", "quarterly", "weekly"]
SourceFormat = Literal["pdf", "docx", "doc", "rtf", "odt", "txt"]
# The act's own kind, or the kind of the act that approves a plan printed with no header of its own.
DocType = Literal["приказ", "распоряжение", "постановление", "решение", "указ", "протокол", "закон", "письмо",
                  "поручение", "план"]
Status = Literal["ok", "partial", "no_plan"]
CorrectionTarget = Literal["document", "measure"]
CorrectionOp = Literal["set", "add", "delete"]
CorrectionStatus = Literal["applied", "needs_review"]
WarningCode = Literal[
    "W_FORMAT", "W_PAGES_SKIPPED", "W_OCR_LOW_CONFIDENCE", "W_REQUISITE_UNREADABLE", "W_APPENDIX_NUMBER",
    "W_APPENDIX_DATE", "W_BASIS_NUMBER", "W_CLAUSE_GAP", "W_NO_HEADER", "W_EMPTY_ROWS", "W_ORPHAN_ROW",
    "W_MEASURE_PART", "W_NUMBERING_GAP", "W_NUMBER_UNREAD", "W_NOT_A_PLAN", "W_PLAN_UNCERTAIN",
    "W_DEADLINE_OUTSIDE_PERIOD", "W_DEADLINE_REVERSED", "W_DUPLICATE_MEASURE", "W_TEXT_TRUNCATED",
    "W_DPI_REDUCED", "W_TABLE_TRUNCATED",
]


class Model(BaseModel):
    # Unknown fields are ignored when reading (a later 1.x that adds fields reads here); what we
    # write is checked against the strict schema in the tests.
    model_config = ConfigDict(extra="ignore")


class Producer(Model):
    name: Literal["roadmap"] = "roadmap"
    version: str = Field(description="the version of roadmap that wrote this output")


class PageRead(Model):
    page: int
    method: Literal["text", "ocr", "untrusted", "skipped"]
    reason: str | None = None


class Source(Model):
    file: str
    sha256: str
    format: SourceFormat = Field(description="detected from content, not the name")
    pages: int | None = None
    ocr: bool = False
    size: int = Field(description="bytes")
    page_reads: list[PageRead] = Field([], description="how each PDF page was read")


class ItemProvenance(Model):
    page: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = Field(None, description="the column of the item's text in its table (0-based)")
    line: int | None = Field(None, description="1-based: in a text rendition, the line of the file; in a PDF or DOCX "
                                               "(requisites and clauses, 1.2), the line of its page, counting the "
                                               "paragraphs and table cells as read, in order, each split at its line "
                                               "breaks")
    bbox: BBox | None = Field(None, description="PDF points, top-left origin: the box of the row, cell "
                                                "or paragraph it was read from")


class Basis(Model):
    text: str
    kind: str | None = Field(None, description="act kind in the nominative: приказ, письмо, закон...")
    date: IsoDate | None = None
    number: str | None = None


class Signatory(Model):
    name: str
    position: str | None = None


class Stamp(Model):
    kind: Literal["approved", "agreed"]
    position: str | None = None
    name: str | None = None
    date: IsoDate | None = None
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


class RequisitesProvenance(Model):
    """Where each requisite was read (1.2): the line it is printed on (its first line when it runs on
    over several), null when nothing was read for it."""

    doc_type: ItemProvenance | None = None
    number: ItemProvenance | None = Field(None, description="where `number_raw` is printed")
    date: ItemProvenance | None = Field(None, description="where `date_raw` is printed, else the line of the "
                                                                "stamp or act that dates the document")
    authority: ItemProvenance | None = None
    city: ItemProvenance | None = Field(None, description="the line of the place, body or title that names it")
    place: ItemProvenance | None = None
    title: ItemProvenance | None = None
    approved_by: ItemProvenance | None = Field(None, description="the name's line in the УТВЕРЖДАЮ stamp")
    agreed_by: ItemProvenance | None = Field(None, description="the name's line in the СОГЛАСОВАНО stamp")
    control: ItemProvenance | None = Field(None, description="the line that opens the control clause")


class Requisites(Model):
    doc_type: DocType | None = Field(None, description="the act's kind; «план» for a plan approved by a stamp alone")
    doc_type_raw: str | None = None
    number: str | None = None
    number_raw: str | None = None
    date: IsoDate | None = None
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
    appendix_date: IsoDate | None = None
    clauses: list[Clause] = Field([], description="the numbered clauses of the operative part, with or without a plan")
    control: Control | None = None
    provenance: RequisitesProvenance = Field(default_factory=RequisitesProvenance,
                                             description="where each requisite was read (1.2)")
    corrected_fields: list[str] = Field([], description="the requisites a person corrected (1.2)")


class Period(Model):
    start: IsoDate
    end: IsoDate
    raw: str


class Window(Model):
    """The span a timeline draws for a deadline: the deadline's own dates when the text fixes both,
    else inferred from the plan period and the document date."""

    start: IsoDate
    end: IsoDate
    inferred: bool = Field(description="true when the text itself does not fix both ends")


class Deadline(Model):
    """A deadline cell. `raw` is the cell as printed; the other fields are normalized."""

    raw: str
    kind: DeadlineKind | None = None
    start: IsoDate | None = Field(None, description="only what the text fixes: null for by_date and for vague kinds")
    end: IsoDate | None = Field(None, description="only what the text fixes: null for vague kinds")
    window: Window | None = Field(None, description="the span to draw on a timeline (1.1)")
    recurrence: Recurrence | None = None
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
    person_id: str | None = Field(None, description="persons[].id of a person executor (1.1)")


class Section(Model):
    id: str | None = Field(None, description="unique within the document: «s1», «s2»… in plan order (1.1)")
    number: str | None = None
    number_raw: str | None = None
    title: str
    deadline: Deadline | None = Field(None, description="a stage row's own deadline, covering its measures")
    executors_raw: str | None = Field(None, description="a stage row's own executors, as printed")
    provenance: ItemProvenance


class Measure(Model):
    id: str | None = Field(None, description="stable across runs and machines: the document's SHA-256 prefix and "
                                             "the measure's position in plan order, «3f2a…:m12» (1.1)")
    key: str | None = Field(None, description="unique within the plan: section path and number, «II/3» (1.1)")
    number: str | None = None
    number_raw: str | None = None
    section: str | None = Field(None, description="section number, or its title when unnumbered")
    section_id: str | None = Field(None, description="sections[].id of the section it belongs to (1.1)")
    text: str
    deadline: Deadline | None = None
    executors: list[Executor] = []
    executors_raw: str | None = None
    expected_result: str | None = None
    result_form: str | None = None
    note: str | None = None
    schools: list[str] = Field([], description="the school labels as printed («11», «СОШ № 4»)")
    school_ids: list[str] = Field([], description="schools[].id of the schools it names (1.1)")
    ocr_confidence: float | None = Field(None, description="read by OCR: the lowest mean word confidence (0-1) of its cells")
    corrected_fields: list[str] = Field([], description="the fields a person corrected (`corrections`); the values "
                                                        "shown are the corrected ones (1.2)")
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
    id: str | None = Field(None, description="unique within the document: «school1»… (1.1)")
    kind: str | None = None
    number: str | None = None
    legal_form: str | None = None
    name: str | None = None
    director: str | None = None
    raw: str
    provenance: ItemProvenance | None = Field(None, description="the table row or clause that first names it; null when "
                                                                "only the order's text or signature names it (1.1)")


class Abbreviation(Model):
    abbr: str
    full: str
    source: Literal["document", "glossary"]


class Person(Model):
    id: str | None = Field(None, description="unique within the document: «person1»… (1.1)")
    name: str = Field(description="И.О. Фамилия")
    roles: list[str] = []
    provenance: ItemProvenance | None = Field(None, description="the table row or clause that first names it; null when "
                                                                "only the order's text or signature names it (1.1)")


class Warning(Model):
    code: WarningCode
    message: str
    provenance: ItemProvenance | None = None


class Correction(Model):
    """A person's correction (`roadmap serve`'s review pages or API), kept beside the parser's value."""

    id: int
    target: CorrectionTarget
    op: CorrectionOp
    field: str | None = Field(None, description="the corrected field («deadline», «text», «number»…); null for add/delete")
    measure_id: str | None = Field(None, description="plan.measures[].id it applies to (target measure)")
    original: Any = Field(None, description="the value before this correction (a deleted measure: the measure)")
    value: Any = Field(None, description="the value given (for «deadline», the text as printed; it is normalized again)")
    author: str | None = Field(None, description="the name of the API token that made it")
    reason: str | None = None
    created: str | None = Field(None, description="ISO 8601 UTC")
    status: CorrectionStatus = Field(description="applied; needs_review: a newer parse no longer has its measure id, "
                                                 "so it is not applied")


class Roadmap(Model):
    schema_version: str = Field(SCHEMA_VERSION, pattern=VERSION_PATTERN, description="MAJOR.MINOR; see the policy")
    producer: Producer | None = Field(None, description="the program that wrote this output (1.1)")
    source: Source
    status: Status = Field(description="ok; partial: some of the document could not be read; no_plan: read, "
                                       "but it holds no plan of measures (plan is null)")
    document: Requisites
    plan: Plan | None
    schools: list[School] = []
    persons: list[Person] = []
    abbreviations: list[Abbreviation] = []
    warnings: list[Warning] = []
    corrections: list[Correction] = Field([], description="every correction of this document, applied or to review "
                                                          "(1.2); empty in what the parser writes")


Clause.model_rebuild()
Requisites.model_rebuild()


def json_schema(strict: bool = False) -> dict[str, Any]:
    """The published JSON Schema (open: unknown properties allowed, as the version policy says), or
    the strict variant our tests validate our own output against (no property we did not declare)."""
    schema = Roadmap.model_json_schema()
    schema["title"] = f"roadmap output {SCHEMA_VERSION}{' (strict)' if strict else ''}"
    if strict:
        for definition in [schema, *schema.get("$defs", {}).values()]:
            if "properties" in definition:
                definition["additionalProperties"] = False
    return schema
