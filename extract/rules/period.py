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
