"""Consistency warnings an archivist wants: deadlines outside the plan period or reversed,
identical measures, order clauses numbered with a gap, a law number with a stray letter.

reads: the enriched Plan and FrontMatter; writes: warnings (the document stays as printed).
"""

from __future__ import annotations

import re

from extract.rules.lines import CLAUSE_LEAD
from extract.rules.numbering import successors
from pipelines.requisites import FrontMatter
from schemas.roadmap import Deadline, Measure, Period, Plan, Warning

TOP_CLAUSE = re.compile(CLAUSE_LEAD + r"(\d{1,2})\.\s")  # a top-level clause «3. …», for gaps
LAW_NUMBER = re.compile(r"^\d+[А-ЯЁA-Z]+-ФЗ$")


def dated_parts(deadline: Deadline) -> list[Deadline]:
    """The parts whose text fixes a date. Only `start`/`end` are read: they hold what the text
    itself fixes (a by_date has an end only, vague words have neither), never the `window` a
    timeline infers from the plan period, which would always lie inside it."""
    parts = deadline.parts or [deadline]
    return [p for p in parts if p.start or p.end]


def outside(day: str | None, period: Period) -> bool:
    return bool(day and not period.start <= day <= period.end)


def deadline_warnings(measure: Measure, plan: Plan) -> list[Warning]:
    out: list[Warning] = []
    if measure.deadline is None:
        return out
    for part in dated_parts(measure.deadline):
        where = f"measure {measure.number or '?'} deadline «{part.raw}»"
        if part.start and part.end and part.start > part.end:
            out.append(Warning(code="W_DEADLINE_REVERSED", message=f"{where} ends before it starts",
                               provenance=measure.provenance))
        period = plan.period
        if period and (outside(part.start, period) or outside(part.end, period)):
            out.append(Warning(
                code="W_DEADLINE_OUTSIDE_PERIOD",
                message=f"{where} lies outside the plan period {period.start}..{period.end}",
                provenance=measure.provenance,
            ))
    return out


def duplicate_warnings(plan: Plan) -> list[Warning]:
    seen: dict[str, Measure] = {}
    out = []
    for measure in plan.measures:
        key = " ".join(measure.text.lower().split())
        if key in seen:
            out.append(Warning(
                code="W_DUPLICATE_MEASURE",
                message=f"measure {measure.number} repeats the text of measure {seen[key].number}",
                provenance=measure.provenance,
            ))
        else:
            seen[key] = measure
    return out


def clause_warnings(front: FrontMatter) -> list[Warning]:
    numbers = [int(m.group(1)) for text in front.body if (m := TOP_CLAUSE.match(text))]
    out = []
    for prev, cur in zip(numbers, numbers[1:]):
        if (cur,) not in successors((prev,)) and cur != 1:
            out.append(Warning(code="W_CLAUSE_GAP", message=f"order clauses jump from {prev} to {cur}"))
    return out


def basis_warnings(front: FrontMatter) -> list[Warning]:
    return [
        Warning(code="W_BASIS_NUMBER", message=f"the law number «{b.number}» has a letter among its digits")
        for b in front.requisites.basis if b.number and LAW_NUMBER.match(b.number)
    ]


def check_plan(plan: Plan | None, front: FrontMatter) -> list[Warning]:
    out = clause_warnings(front) + basis_warnings(front)
    if plan is None:
        return out
    for measure in plan.measures:
        out += deadline_warnings(measure, plan)
    return out + duplicate_warnings(plan)
