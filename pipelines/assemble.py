"""Plan assembly: the roadmap table's rows → sections, goals, indicators and measures.

reads: PlanTable (pipelines.locate); writes: Plan plus warnings about the plan's own layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.normalize import fold_spaces
from extract.rules.columns import Roles
from extract.rules.lines import BULLET_LINE
from extract.rules.numbering import as_tuple, parse_number, split_leading_number, successors, unread_number
from extract.rules.rows import GOAL_HEAD, RowView, classify, is_programme, split_goals
from pipelines.locate import PlanTable, split_number_raw
from schemas.document import Provenance
from schemas.roadmap import Deadline, Indicator, ItemProvenance, Measure, Plan, Section, Warning

INLINE_GOAL = re.compile(r"(?<=\S)\s+(?:Цел[ьи]|Задач[аи])\s*:")
LOW_CONFIDENCE = 0.8  # OCR: a cell below this mean word confidence is reported


def item_prov(prov: Provenance) -> ItemProvenance:
    return ItemProvenance(page=prov.page, table=prov.table, row=prov.row, line=prov.line, bbox=prov.bbox)


def section_title(text: str) -> tuple[str, list[str]]:
    """A section row's heading and the goals printed under it («… РАБОТА / Цель: / - …»); a PDF
    cell gives them on one line («… РАБОТА Цель: - …»)."""
    inline = INLINE_GOAL.search(text) if "\n" not in text.strip() else None
    if inline:
        return fold_spaces(text[: inline.start()]), split_goals(text[inline.start() :])
    lines = [ln for ln in text.split("\n") if ln.strip()]
    cut = next((i for i, ln in enumerate(lines) if i and (GOAL_HEAD.match(ln) or BULLET_LINE.match(ln))), len(lines))
    rest = "\n".join(lines[cut:])
    return fold_spaces(" ".join(lines[:cut])), split_goals(rest) if rest else []


def section_of(view: RowView) -> Section:
    number = view.number
    title = view.cell("text") if number else ""
    number_raw = view.cell("number") if number else None
    if not title:
        text = next(t for _, t in view.filled)
        number, title = split_leading_number(text)
        number_raw = split_number_raw(text) if number else None
    deadline, executors = optional(view, "deadline"), optional(view, "executors")
    return Section(
        number=number, number_raw=number_raw, title=section_title(title)[0],
        deadline=Deadline(raw=deadline) if deadline and title == view.cell("text") else None,
        executors_raw=executors if title == view.cell("text") else None, provenance=item_prov(view.row.prov),
    )


def optional(view: RowView, role: str) -> str | None:
    return fold_spaces(view.cell(role)) or None


def measure_of(view: RowView, section: Section | None, numbered_sections: bool) -> Measure:
    """A measure row; its provenance names the column of its text, and it points at its section by id."""
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
        section_id=section.id if section else None,
        text=fold_spaces(view.cell("text")),
        deadline=Deadline(raw=deadline) if deadline else None,
        executors_raw=executors,
        expected_result=optional(view, "expected_result"),
        result_form=optional(view, "result_form"),
        note=optional(view, "note"),
        ocr_confidence=min((c.confidence for c in view.row.cells if c.confidence is not None), default=None),
        provenance=item_prov(view.row.prov).model_copy(update={"column": view.roles.get("text")}),
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


def unread_number_warnings(measure: Measure) -> list[Warning]:
    """A № cell whose digits give no item number («2021.», «01.09.2021»: a year or a date): the
    measure keeps the printed number in number_raw and is reported, never left unnumbered silently."""
    if not unread_number(measure.number_raw):
        return []
    return [Warning(code="W_NUMBER_UNREAD", message=f"measure «{measure.text[:40]}»: the number «{measure.number_raw}» "
                    "reads as a year or a date, not an item number; kept as printed", provenance=measure.provenance)]


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


@dataclass
class Parts:
    """What the rows of a plan table turn into, gathered in row order."""

    roles: Roles
    numbered: bool  # sections carry numbers: a measure's `section` is the number, else the title
    sections: list[Section] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    empty: list[RowView] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

    def take(self, view: RowView, verdict: str) -> None:
        prov = item_prov(view.row.prov)
        if verdict == "task":
            self.add_section(view)
            self.goals.append(fold_spaces(view.cell("text")))
        elif verdict == "goal":
            self.goals.extend(split_goals(" ".join(t for _, t in view.filled)))
        elif verdict == "section":
            self.add_section(view)
            self.goals.extend(goal for _, text in view.filled for goal in section_title(text)[1])
        elif verdict == "indicator":
            self.indicators.append(Indicator(number=view.number, text=fold_spaces(view.cell("text")), provenance=prov))
        elif verdict == "empty":
            self.empty.append(view)
        elif verdict == "part":
            owner = self.measures[-1].number if self.measures else None
            self.warnings.append(Warning(code="W_MEASURE_PART", message=f"an unnumbered row under measure {owner} was "
                                         f"taken as a part of it, not a measure: «{fold_spaces(view.cell('text'))[:80]}»",
                                         provenance=prov))
        elif verdict == "measure":
            self.measures.append(measure_of(view, self.sections[-1] if self.sections else None, self.numbered))
            self.warnings += confidence_warnings(view, self.roles, self.measures[-1])
            self.warnings += unread_number_warnings(self.measures[-1])
        elif verdict == "orphan":
            text = " | ".join(t for _, t in view.filled)
            self.warnings.append(Warning(code="W_ORPHAN_ROW", message=f"a row with no measure text was left out: «{text}»",
                                         provenance=prov))

    def add_section(self, view: RowView) -> None:
        self.sections.append(section_of(view).model_copy(update={"id": f"s{len(self.sections) + 1}"}))

    def empty_warning(self) -> list[Warning]:
        """One warning for all the rows that carry only a number (an unfinished template)."""
        if not self.empty:
            return []
        numbers = ", ".join(v.number or "" for v in self.empty)
        return [Warning(code="W_EMPTY_ROWS", message=f"{len(self.empty)} rows carry only an item number and were "
                        f"left out (an unfinished template?): {numbers}", provenance=item_prov(self.empty[0].row.prov))]


def assemble(located: PlanTable | None) -> tuple[Plan | None, list[Warning]]:
    if located is None:
        return None, []
    key = tuple(fold_spaces(t).lower() for t in located.header or [])
    views = [RowView(row, row.texts, located.roles, key) for row in located.rows]
    programme = is_programme(views)
    views = [RowView(v.row, v.texts, v.roles, key, programme) for v in views] if programme else views
    verdicts = [classify(views, i) for i in range(len(views))]
    numbered = any(verdict in ("section", "task") and section_of(v).number for v, verdict in zip(views, verdicts))
    parts = Parts(located.roles, numbered)
    if located.header is None:
        parts.warnings.append(Warning(code="W_NO_HEADER", message="no table header found: column roles guessed from content"))
    for view, verdict in zip(views, verdicts):
        parts.take(view, verdict)
    warnings = parts.warnings + parts.empty_warning()
    if not parts.measures:
        return None, warnings
    columns = {role: fold_spaces(located.header[col]) for role, col in located.roles.items()
               if located.header[col].strip()} if located.header else {}
    plan = Plan(goals=parts.goals, columns=columns, sections=parts.sections, indicators=parts.indicators,
                measures=parts.measures)
    return plan, warnings + numbering_warnings(parts.measures)
