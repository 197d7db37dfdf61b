"""Per-plan figures: how concrete the deadlines are, who is responsible, what is promised."""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median
from typing import Literal

from schemas.comparison import Metrics, Responsible
from schemas.roadmap import Deadline, Measure, Roadmap

Concreteness = Literal["concrete", "vague", "none"]
# A deadline that names a date, a month, a quarter, a half-year or a span between such is concrete;
# «в течение года», «постоянно», «по графику», «по мере необходимости», a whole school year are vague.
CONCRETE_KINDS = {"date", "by_date", "month", "quarter", "half_year", "range", "multiple"}


def concreteness(deadline: Deadline | None) -> Concreteness:
    if deadline is None or not deadline.raw.strip():
        return "none"
    if deadline.kind in CONCRETE_KINDS:
        return "concrete"
    if deadline.kind == "recurring" and (deadline.months or deadline.day):
        return "concrete"  # «ежегодно в октябре», «до 25 числа каждого месяца»
    return "vague"


def drawn_span(deadline: Deadline | None) -> tuple[str | None, str | None]:
    """The span a timeline draws: the deadline's `window` (1.1: its own dates, or inferred from the
    plan period and the document date); a 1.0 file has none, and its start/end meant the same."""
    if deadline is None:
        return None, None
    if deadline.window is not None:
        return deadline.window.start, deadline.window.end
    return deadline.start, deadline.end


def span_days(deadline: Deadline) -> int | None:
    """The length of a deadline as drawn: «до 20.09» counts from the document date, as it did in 1.0."""
    start, end = drawn_span(deadline)
    if not (start and end):
        return None
    return (date.fromisoformat(end) - date.fromisoformat(start)).days + 1


def months_between(start: str, end: str) -> int:
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return (b.year - a.year) * 12 + b.month - a.month + 1


def share(count: int, total: int) -> float:
    return round(count / total, 3) if total else 0.0


def has_person(measure: Measure) -> bool:
    return any(e.kind == "person" for e in measure.executors)


def plan_metrics(roadmap: Roadmap) -> Metrics:
    plan = roadmap.plan
    measures = plan.measures if plan else []
    n = len(measures)
    kinds = [concreteness(m.deadline) for m in measures]
    spans = [s for m, k in zip(measures, kinds) if k == "concrete" and m.deadline and (s := span_days(m.deadline))]
    period = plan.period if plan else None
    return Metrics(
        measures=n,
        sections=len(plan.sections) if plan else 0,
        concrete_deadlines=share(kinds.count("concrete"), n),
        vague_deadlines=share(kinds.count("vague"), n),
        no_deadline=share(kinds.count("none"), n),
        median_span_days=float(median(spans)) if spans else None,
        named_person=share(sum(has_person(m) for m in measures), n),
        body_only=share(sum(bool(m.executors) and not has_person(m) for m in measures), n),
        executors_per_measure=round(sum(len(m.executors) for m in measures) / n, 2) if n else 0.0,
        expected_result=share(sum(bool(m.expected_result or m.result_form) for m in measures), n),
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        period_months=months_between(period.start, period.end) if period else None,
        warnings=len(roadmap.warnings),
    )


def responsible(roadmap: Roadmap, most: int = 5) -> list[Responsible]:
    """The executors named for the most measures (each counted once per measure; «ОУ» and
    «общеобразовательные учреждения» are one when the document defines the one by the other),
    shown by their shortest printed name («МКУ ИМЦРО», not its expansion)."""
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], str] = {}
    for m in roadmap.plan.measures if roadmap.plan else []:
        keys = set()
        for e in m.executors:
            key = ((e.expanded or e.name).casefold(), e.kind)
            shown[key] = min(shown.get(key, e.name), e.name, key=len)
            keys.add(key)
        counts.update(keys)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [Responsible(name=shown[key], kind=key[1], measures=n) for key, n in ranked[:most]]
