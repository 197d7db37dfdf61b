"""Printed dates → ISO: «02.09.2021», «« 22 » сентября 2021 года», «11 марта 2024 г.»; the one
month table every rule reads; and moments: the calendar days a printed point or stretch of time
names («март 2024», «первая декада сентября», «I четверть»), once its year is known.

One home per fact: the months are listed once, here, by their dictionary form (and the
abbreviations plan tables print). Which month a word names is decided by morphology (any parse
of the word whose lemma is a month), so «мае», «январём», «Марта» are months and «маршрутные»,
«апробация», «декада» are not. The case forms a regex needs are derived from the lemma by the
regular declension of the twelve masculine month nouns (a test checks them against morphology).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from extract.morph import lemmas_of

# (lemma, abbreviations), in calendar order: the month's number is its position + 1.
MONTHS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("январь", ("янв",)),
    ("февраль", ("фев", "февр")),
    ("март", ("мар",)),
    ("апрель", ("апр",)),
    ("май", ()),
    ("июнь", ("июн",)),
    ("июль", ("июл",)),
    ("август", ("авг",)),
    ("сентябрь", ("сен", "сент")),
    ("октябрь", ("окт",)),
    ("ноябрь", ("ноя", "нояб")),
    ("декабрь", ("дек",)),
)
MONTH_LEMMAS = {lemma: number for number, (lemma, _) in enumerate(MONTHS, 1)}
MONTH_ABBREVIATIONS = {abbr: number for number, (_, abbrs) in enumerate(MONTHS, 1) for abbr in abbrs}


def month_forms(lemma: str) -> tuple[str, ...]:
    """The singular case forms of a month noun: «январь» → январь, января, январю, январем, январе;
    «май» → май, мая, маю, маем, мае; «март» → март, марта, марту, мартом, марте. «ё» is written
    «е» (the deadline rules fold it; `month_number` reads either)."""
    if lemma[-1] in "ьй":
        stem = lemma[:-1]
        return lemma, stem + "я", stem + "ю", stem + "ем", stem + "е"
    return lemma, lemma + "а", lemma + "у", lemma + "ом", lemma + "е"


MONTHS_GENITIVE = {month_forms(lemma)[1]: number for lemma, number in MONTH_LEMMAS.items()}
_FORMS = sorted({form for lemma in MONTH_LEMMAS for form in month_forms(lemma)}, key=len, reverse=True)
# A month named by a whole word in any case form («март», «марта», «мае»), never the start of
# another word («маршрутные», «маяк», «мартовский»). Case-insensitive users compile it with re.I.
MONTH_NAME = r"(?<![а-яёА-ЯЁ])(?:" + "|".join(_FORMS) + r")(?![а-яёА-ЯЁ])"
# A month word or a printed abbreviation («сент.», «дек»), whole: the candidates `month_number` decides.
MONTH_WORD = (r"(?<![а-яё])(?:" + "|".join(_FORMS + sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))
              + r")(?![а-яё])\.?")
GENITIVE = r"(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])"


def month_number(word: str) -> int | None:
    """The month a single word names (1-12), or None: an abbreviation («сент.»), else any
    dictionary reading of the word whose lemma is a month («мае» → 5, «маршрутные» → None)."""
    word = word.lower().strip().rstrip(".").replace("ё", "е")
    if not word.isalpha():
        return None
    if word in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[word]
    return next((MONTH_LEMMAS[lemma] for lemma in lemmas_of(word) if lemma in MONTH_LEMMAS), None)


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


# Moments. What a text names only roughly is read by convention, as a range of days or months
# (the tables below): a decade of a month is 1-10, 11-20, 21-last, and «начало / середина / конец
# сентября» are those three; a half of a month is 1-15 or 16-last; «начало 2024 года» is its first
# quarter and «конец 2024 года» its last.

# School quarters (четверти) as the first and last month they cover, in the usual four-quarter
# Russian calendar: I 01.09–31.10, II 01.11–31.12, III 01.01–31.03, IV 01.04–31.05. A school may
# shift them by a week; a plan that needs the exact days prints them.
TERMS = {1: (9, 10), 2: (11, 12), 3: (1, 3), 4: (4, 5)}
# The days of a month a rough part of it names (31: the month's last day).
DECADES = {1: (1, 10), 2: (11, 20), 3: (21, 31)}
HALVES = {1: (1, 15), 2: (16, 31)}
EDGES_OF_MONTH = {"начал": DECADES[1], "середин": DECADES[2], "конец": DECADES[3], "конц": DECADES[3]}
EDGES_OF_YEAR = {"начал": (1, 3), "конец": (10, 12), "конц": (10, 12)}


@dataclass
class Tok:
    """A word or figure of printed time: its kind, the numbers it names, its text."""

    kind: str
    value: tuple[int, ...]
    text: str


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    iso = make_iso(str(day), month, str(year))
    return date.fromisoformat(iso) if iso else None


# Moments whose year is that of their (first) month: «август» in a school-year plan is next August.
MONTH_KINDS = {"date", "days", "month", "months", "term"}


@dataclass
class Moment:
    """One printed point or stretch of time; `year` may still be unknown."""

    kind: str  # date | days | month | months | term | quarter | half | academic | years
    year: int | None
    unit: int = 0  # month (the first month of `months` and `term`), quarter or half number
    day: int | None = None
    year2: int | None = None
    until: int = 0  # the last day of `days`, the last month of `months` and `term`

    def span(self) -> tuple[date, date] | None:
        if self.year is None:
            return None
        if self.kind == "date":
            d = safe_date(self.year, self.unit, self.day or 1)
            return (d, d) if d else None
        if self.kind == "days":
            end = last_day(self.year, self.unit)
            return date(self.year, self.unit, self.day or 1), date(self.year, self.unit, min(self.until, end.day))
        if self.kind == "month":
            return date(self.year, self.unit, 1), last_day(self.year, self.unit)
        if self.kind in ("months", "term"):
            return date(self.year, self.unit, 1), last_day(self.year, self.until)
        if self.kind == "quarter" and 1 <= self.unit <= 4:
            first = 3 * self.unit - 2
            return date(self.year, first, 1), last_day(self.year, first + 2)
        if self.kind == "half" and 1 <= self.unit <= 2:
            first = 6 * self.unit - 5
            return date(self.year, first, 1), last_day(self.year, first + 5)
        if self.kind == "academic":
            return date(self.year, 9, 1), date(self.year2 or self.year + 1, 8, 31)
        if self.kind == "years":
            return date(self.year, 1, 1), date(self.year2 or self.year, 12, 31)
        return None


def term_moment(tok: Tok, nxt: Tok | None) -> Moment:
    """«I четверть», «III четверть 2022 года», «II четверть 2021/2022 учебного года»: a school quarter,
    by the usual calendar I 01.09–31.10, II 01.11–31.12, III 01.01–31.03, IV 01.04–31.05 (`TERMS`).
    A printed calendar year is the term's own; of a school year, terms I-II take its first year,
    III-IV its second; with neither, the plan period decides (as for a month)."""
    first, last = TERMS[tok.value[0]]
    year = None
    if nxt and nxt.kind == "year":
        year = nxt.value[0]
    elif nxt and nxt.kind == "span":
        year = nxt.value[0] if first >= 9 else nxt.value[1]
    return Moment("term", year, first, until=last)


def moments(tokens: list[Tok], text: str) -> tuple[list[Moment], bool]:
    """Group tokens into moments; say whether a dash joined any two of them."""
    out: list[Moment] = []
    dash = False
    school_year = "учебн" in text  # looked up once, not for every span of a long cell
    calendar_years = bool(re.search(r"год|гг", text))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        year = nxt.value[0] if nxt and nxt.kind == "year" else None
        if tok.kind == "date":
            out.append(Moment("date", tok.value[0], tok.value[1], tok.value[2]))
        elif tok.kind in ("daymonth", "days", "month", "quarter", "half"):
            kind = "date" if tok.kind == "daymonth" else tok.kind
            day = tok.value[1] if tok.kind in ("daymonth", "days") else None
            until = tok.value[2] if tok.kind == "days" else 0
            out.append(Moment(kind, year, tok.value[0], day, until=until))
            i += 1 if year is not None else 0
        elif tok.kind == "term":
            out.append(term_moment(tok, nxt))
            i += 1 if nxt and nxt.kind in ("year", "span") else 0
        elif tok.kind == "months":
            out.append(Moment("months", tok.value[0], tok.value[1], until=tok.value[2]))
        elif tok.kind == "span":
            academic = school_year or tok.value[1] == tok.value[0] + 1 and not calendar_years
            out.append(Moment("academic" if academic else "years", tok.value[0], year2=tok.value[1]))
        elif tok.kind == "year":
            out.append(Moment("years", tok.value[0]))
        elif tok.kind == "dash" and out:
            dash = True
        i += 1
    return out, dash
