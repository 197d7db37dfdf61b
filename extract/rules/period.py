"""The period a plan covers, from its title: «на 2021-2022 учебный год», «на 2021 - 2024 годы»,
«в 2024 году», «на 2021 год»; and the window a deadline is drawn over, inferred from that period
and the document date where the deadline's text does not fix both ends."""

from __future__ import annotations

import re
from datetime import date

from schemas.roadmap import Deadline, Period, Window

YEAR = r"((?:19|20)\d\d)"
# a school year, or a sports school's training year: September to August
ACADEMIC = re.compile(rf"{YEAR}\s*[-–—/]\s*{YEAR}\s+(?:учебн|тренировочн|спортивн)\w+\s+год\w*", re.I)
YEAR_SPAN = re.compile(rf"{YEAR}\s*[-–—]\s*{YEAR}\s*(?:год\w*|гг\.?)", re.I)
ONE_YEAR = re.compile(rf"(?:на|в|за)\s+{YEAR}\s*(?:год\w*|г\.)", re.I)


PLAN_KINDS = [
    ("дорожная карта", re.compile(r"дорожн\w{0,12}\s+карт", re.I)),  # bounded ending: no rescan per repeat
    ("программа", re.compile(r"^\W*(?:ведомственн\w+\s+|муниципальн\w+\s+)?(?:целев\w+\s+)?программ", re.I)),
    ("комплекс мер", re.compile(r"^\W*комплекс\s+мер", re.I)),
    ("план", re.compile(r"^\W*план\b", re.I)),
]


def plan_kind(title: str | None) -> str | None:
    """What the plan calls itself: «План мероприятий («дорожная карта») …» → дорожная карта."""
    return next((kind for kind, pattern in PLAN_KINDS if title and pattern.search(title)), None)


def infer_period(*texts: str | None) -> Period | None:
    for text in texts:
        if not text:
            continue
        if m := ACADEMIC.search(text):
            return Period(start=f"{m.group(1)}-09-01", end=f"{m.group(2)}-08-31", raw=m.group(0))
        if m := YEAR_SPAN.search(text):
            return Period(start=f"{m.group(1)}-01-01", end=f"{m.group(2)}-12-31", raw=m.group(0))
        if m := ONE_YEAR.search(text):
            return Period(start=f"{m.group(1)}-01-01", end=f"{m.group(1)}-12-31", raw=m.group(0))
    return None


def inferred(start: date | None, end: date | None) -> Window | None:
    return Window(start=start.isoformat(), end=end.isoformat(), inferred=True) if start and end else None


def window_of(start: date | None, end: date | None, period: tuple[date | None, date | None],
              doc_date: date | None) -> Window | None:
    """The span a timeline draws for a deadline whose text fixes `start`/`end` (either may be None).
    The text's own dates when it fixes both; a deadline with only an end («до 20.09.2023») runs from
    the document date, else the period start, when either comes before the end; one with only a
    start runs to the period end; one with neither (vague words, or no year to read) covers the
    plan period. No period and no date: nothing to draw."""
    if start and end:
        return Window(start=start.isoformat(), end=end.isoformat(), inferred=False)
    first, last = period
    if end:
        return inferred(next((d for d in (doc_date, first) if d and d <= end), None), end)
    if start:
        return inferred(start, last if last and last >= start else None)
    return inferred(first, last)


def merged_window(parts: list[Deadline], start: str | None, end: str | None) -> Window | None:
    """The span of several deadlines: from the earliest part's window to the latest's; inferred
    unless it is exactly the span the parts' own dates fix (`start`..`end`)."""
    windows = [p.window for p in parts if p.window]
    if not windows:
        return None
    first, last = min(w.start for w in windows), max(w.end for w in windows)
    guessed = any(w.inferred for w in windows) or (first, last) != (start, end)
    return Window(start=first, end=last, inferred=guessed)
