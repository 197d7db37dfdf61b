"""The period a plan covers, from its title: «на 2021-2022 учебный год», «на 2021 - 2024 годы»,
«в 2024 году», «на 2021 год»."""

from __future__ import annotations

import re

from schemas.roadmap import Period

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
