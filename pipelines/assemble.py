"""Plan assembly: the roadmap table → sections, goals and measures.

reads: Document tables; writes: Plan plus warnings about the plan's own layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.normalize import fold_spaces
from extract.rules.columns import Roles, is_header, roles_from_content, roles_from_header, with_number_column
from extract.rules.numbering import as_tuple, parse_number, split_leading_number, successors
from extract.rules.rows import RowView, classify, split_goals
from extract.tables import grid_width
from schemas.document import Document, Provenance, Row, Table
from schemas.roadmap import Deadline, ItemProvenance, Measure, Plan, Section, Warning

HEADER_SEARCH_ROWS = 3
LOW_CONFIDENCE = 0.8  # OCR: a cell below this mean word confidence is reported


@dataclass
class PlanTable:
    """The rows of the roadmap (possibly from several tables) with their column roles."""

    tables: list[Table]
    roles: Roles
    header: list[str] | None
    rows: list[Row] = field(default_factory=list)


def item_prov(prov: Provenance) -> ItemProvenance:
    return ItemProvenance(page=prov.page, table=prov.table, row=prov.row, line=prov.line, bbox=prov.bbox)


def header_index(table: Table) -> int | None:
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if is_header(row.texts):
            return i
    return None


def continues(plan: PlanTable, table: Table) -> bool:
    """A later table carries on the plan: same grid width and no header of other roles."""
    if grid_width(list(table.rows)) != grid_width(plan.rows[:1] + plan.rows):
        return False
    at = header_index(table)
    return at is None or roles_from_header(table.rows[at].texts) == roles_from_header(plan.header or [])


def column_texts(rows: Sequence[Row], width: int) -> list[list[str]]:
    """The rows' cell texts column by column ('' where a row is short)."""
    return [[r.texts[c] if c < len(r.texts) else "" for r in rows] for c in range(width)]


def locate_plan(doc: Document) -> PlanTable | None:
    """The first table with a recognizable header, joined with the tables that continue it;
    failing that, the largest table, with roles guessed from content."""
    tables = doc.tables
    for n, table in enumerate(tables):
        at = header_index(table)
        if at is None:
            continue
        header = table.rows[at].texts
        body = table.rows[at + 1 :]
        roles = with_number_column(roles_from_header(header), column_texts(body, len(header)))
        plan = PlanTable([table], roles, header, list(body))
        for later in tables[n + 1 :]:
            if not continues(plan, later):
                break
            plan.tables.append(later)
            start = header_index(later)
            plan.rows.extend(later.rows[(start + 1) if start is not None else 0 :])
        return plan
    candidates = [t for t in tables if len(t.rows) >= 3 and grid_width(list(t.rows)) >= 3]
    if not candidates:
        return None
    table = max(candidates, key=lambda t: len(t.rows))
    columns = column_texts(table.rows, grid_width(list(table.rows)))
    return PlanTable([table], roles_from_content(columns), None, list(table.rows))


def section_of(view: RowView) -> Section:
    number = view.number
    title = view.cell("text") if number else ""
    number_raw = view.cell("number") if number else None
    if not title:
        text = next(t for _, t in view.filled)
        number, title = split_leading_number(text)
        number_raw = text[: len(text) - len(title)].strip() if number else None
    return Section(
        number=number, number_raw=number_raw, title=fold_spaces(title), provenance=item_prov(view.row.prov)
    )


def optional(view: RowView, role: str) -> str | None:
    return fold_spaces(view.cell(role)) or None


def measure_of(view: RowView, section: Section | None, numbered_sections: bool) -> Measure:
    number_raw = optional(view, "number")
    deadline = optional(view, "deadline")
    executors = optional(view, "executors")
    label = None
    if section:
        label = section.number if numbered_sections and section.number else section.title
    return Measure(
        number=parse_number(number_raw) if number_raw else None,
        number_raw=number_raw,
        section=label,
        text=fold_spaces(view.cell("text")),
        deadline=Deadline(raw=deadline) if deadline else None,
        executors_raw=executors,
        expected_result=optional(view, "expected_result"),
        result_form=optional(view, "result_form"),
        note=optional(view, "note"),
        ocr_confidence=min((c.confidence for c in view.row.cells if c.confidence is not None), default=None),
        provenance=item_prov(view.row.prov),
    )


def confidence_warnings(view: RowView, roles: Roles, measure: Measure) -> list[Warning]:
    """A cell OCR read with low confidence: where an archivist should look at the page."""
    role_of = {col: role for role, col in roles.items()}
    return [
        Warning(code="W_OCR_LOW_CONFIDENCE",
                message=f"measure {measure.number or measure.text[:40]}: the {role_of.get(cell.prov.col, 'other') if cell.prov.col is not None else 'other'} cell "
                        f"was read with confidence {cell.confidence:.2f}: «{fold_spaces(cell.text)[:60]}»",
                provenance=item_prov(view.row.prov))
        for cell in view.row.cells
        if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE and cell.text.strip()
    ]


def numbering_warnings(measures: list[Measure]) -> list[Warning]:
    """Gaps and jumps in printed numbering (kept as printed, reported here)."""
    out: list[Warning] = []
    prev: tuple[int, ...] | None = None
    prev_raw = None
    for m in measures:
        cur = as_tuple(m.number)
        if cur is None:
            continue
        if prev is not None and cur not in successors(prev) and cur != (1,):
            out.append(
                Warning(
                    code="W_NUMBERING_GAP",
                    message=f"measure numbering jumps from {prev_raw} to {m.number}",
                    provenance=m.provenance,
                )
            )
        prev, prev_raw = cur, m.number
    return out


def assemble(located: PlanTable | None) -> tuple[Plan | None, list[Warning]]:
    if located is None:
        return None, []
    warnings: list[Warning] = []
    if located.header is None:
        warnings.append(Warning(code="W_NO_HEADER", message="no table header found: column roles guessed from content"))
    key = tuple(fold_spaces(t).lower() for t in located.header or [])
    views = [RowView(row, row.texts, located.roles, key) for row in located.rows]
    verdicts = [classify(views, i) for i in range(len(views))]
    sections: list[Section] = []
    goals: list[str] = []
    measures: list[Measure] = []
    numbered = any(verdict == "section" and section_of(v).number for v, verdict in zip(views, verdicts))
    for view, verdict in zip(views, verdicts):
        if verdict == "goal":
            goals.extend(split_goals(" ".join(t for _, t in view.filled)))
        elif verdict == "section":
            sections.append(section_of(view))
        elif verdict == "measure":
            measures.append(measure_of(view, sections[-1] if sections else None, numbered))
            warnings += confidence_warnings(view, located.roles, measures[-1])
        elif verdict == "orphan":
            text = " | ".join(t for _, t in view.filled)
            warnings.append(Warning(code="W_ORPHAN_ROW", message=f"a row with no measure text was left out: «{text}»",
                                    provenance=item_prov(view.row.prov)))
    if not measures:
        return None, warnings
    columns = {role: fold_spaces(located.header[col]) for role, col in located.roles.items()} if located.header else {}
    plan = Plan(goals=goals, columns=columns, sections=sections, measures=measures)
    return plan, warnings + numbering_warnings(measures)
