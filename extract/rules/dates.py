"""Printed dates → ISO: «02.09.2021», «« 22 » сентября 2021 года», «11 марта 2024 г.»."""

from __future__ import annotations

import re
from datetime import date

MONTHS_GENITIVE = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}

# The start of a month name in any case form («март», «марта», «мае», «маю»): one table for every
# rule that only needs to know a month is named (the deadline rules map stems to numbers themselves).
MONTH_STEM = r"(?:январ|феврал|март|апрел|ма[йяю]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
NUMERIC_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s?\.\s?(?P<m>\d{1,2})\s?\.\s?(?P<y>(?:19|20)?\d\d)(?!\d)")
# The spaces before the day are taken from the start of their run, and those after it one way
# (possessive): a leading \s* tried at every space of a long run, or \s*…\s+ split in every way,
# is quadratic; the dates found are the same.
WORDED_DATE = re.compile(
    r"(?:[«\"“]|(?<!\s))\s*+(?P<d>\d{1,2})(?:\s*+[»\"”])?\s++(?P<m>"
    + "|".join(MONTHS_GENITIVE)
    + r")\s+(?P<y>(?:19|20)\d\d)",
    re.I,
)
DATE_TAIL = re.compile(r"^\s*(?:года|год|г\.?)(?![а-яё])", re.I)


def make_iso(day: str, month: int, year: str) -> str | None:
    y = int(year)
    if y < 100:
        y += 2000
    try:
        return date(y, month, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, str] | None:
    """The first date in `text` as (ISO, printed text with «г.»/«года»), or None."""
    found = []
    for m in NUMERIC_DATE.finditer(text):
        iso = make_iso(m.group("d"), int(m.group("m")), m.group("y"))
        if iso:
            found.append((m.start(), m.end(), iso))
    for m in WORDED_DATE.finditer(text):
        iso = make_iso(m.group("d"), MONTHS_GENITIVE[m.group("m").lower()], m.group("y"))
        if iso:
            found.append((m.start(), m.end(), iso))
    if not found:
        return None
    start, end, iso = min(found)
    tail = DATE_TAIL.match(text[end:])
    if tail:
        end += tail.end()
    return iso, text[start:end].strip()
