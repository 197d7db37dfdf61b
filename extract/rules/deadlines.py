"""Deadline cells → kind, start, end, recurrence, parts and qualifier.

Word tables first, then named patterns, then ordered rules (first verdict wins) over a small
token stream. Years that are not printed are resolved against the plan period, then the
document date: «август» in a 2021-2022 school-year plan is August 2022; «Сентябрь-май» in a
2012-2013 plan runs 2012-09-01..2013-05-31.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from extract.normalize import fold_spaces
from extract.rules.dates import MONTHS_GENITIVE, make_iso
from schemas.roadmap import Deadline

MONTH_STEMS = [
    ("январ", 1), ("янв", 1), ("феврал", 2), ("фев", 2), ("март", 3), ("мар", 3), ("апрел", 4), ("апр", 4),
    ("ма[йяе]", 5), ("июн", 6), ("июл", 7), ("август", 8), ("авг", 8), ("сентябр", 9), ("сент", 9),
    ("сен", 9), ("октябр", 10), ("окт", 10), ("ноябр", 11), ("нояб", 11), ("ноя", 11), ("декабр", 12), ("дек", 12),
]
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "перв": 1, "втор": 2, "трет": 3, "четв": 4}
RECURRENCE = [
    (re.compile(r"ежегодн\w*|каждый год|ежегодно"), "yearly"),
    (re.compile(r"ежемесячн\w*|каждого месяца|каждый месяц|ежемесячно"), "monthly"),
    (re.compile(r"ежеквартальн\w*|каждого квартала|ежеквартально"), "quarterly"),
    (re.compile(r"еженедельн\w*|каждую неделю"), "weekly"),
]
SCHEDULE = re.compile(r"^(?:по|согласно|в соответствии с|в соответствии со)\s+(?:график\w*|план\w*|расписани\w*|срок\w* проведения)")
EVENT = re.compile(
    r"^(?:по мере|по итогам|по результатам|по запросу|по запросам|при необходимости|по необходимости|"
    r"после|в период|в день|в дни|в сроки|накануне|перед|при проведении|при подготовке)"
)
CONTINUOUS = re.compile(
    r"^(?:постоянно|систематически|ежедневно|в течение\s+(?:всего\s+)?(?:(?:учебного|календарного|текущего)\s+)?"
    r"(?:года|периода)|весь период|на протяжении\s+\w+\s+(?:года|периода)|в течение срока\s+\w+)"
)
BY_DATE = re.compile(r"^(?:в срок\s+)?(?:до|не позднее|не позже|к|в срок до|по состоянию на)\b\s*")

# An ordinal's ending is short («четвертого», «первыми»): bounded, so a long word that starts like one
# («перв» and thousands of «о») costs a few steps, not a backtracking scan of the whole word per ending.
ORDINAL_WORD = r"(?:{})\w{{0,8}}"
TOKEN = re.compile(
    r"(?P<date>\d{1,2}\s?\.\s?\d{1,2}\s?\.\s?(?:\d{4}|\d{2}))"
    r"|(?P<d1>\d{1,2})\s?(?:[-–—]|\s+по\s+)\s?(?P<d2>\d{1,2})\s+(?P<rangemonth>" + "|".join(MONTHS_GENITIVE) + r")"
    r"|(?P<day>\d{1,2})\s+(?P<daymonth>" + "|".join(MONTHS_GENITIVE) + r")"
    r"|(?P<span>(?:19|20)\d\d)\s*[-–—/]\s*(?P<span2>(?:19|20)\d\d)"
    r"|(?P<year>(?:19|20)\d\d)(?:\s*(?:г\.?|года|году|год))?"
    r"|(?P<quarter>\b(?:iv|i{1,3}|[1-4]|" + ORDINAL_WORD.format("перв|втор|трет|четв") + r")\s*+(?:-?[йго]{1,3}\s*+)?)квартал\w*"
    r"|(?P<half>\b(?:i{1,2}|[12]|" + ORDINAL_WORD.format("перв|втор") + r")\s*+(?:-?[еоя]{1,3}\s*+)?)полугоди\w*"
    r"|(?P<month>\b(?:" + "|".join(s for s, _ in MONTH_STEMS) + r")[а-яё]*\.?)"
    r"|(?P<dash>\s[-–—]\s|[-–—])"
    r"|(?P<sep>[,;]|\.\s)",
)


@dataclass(frozen=True)
class Context:
    """What a deadline is resolved against: the plan period and the document date."""

    start: date | None = None
    end: date | None = None
    doc_date: date | None = None

    @property
    def year(self) -> int | None:
        if self.start:
            return self.start.year
        return self.doc_date.year if self.doc_date else None

    def month_year(self, month: int) -> int | None:
        """The year of a month printed without one: inside the period, else the document year."""
        if self.start and self.end:
            for year in range(self.start.year, self.end.year + 1):
                if self.start <= date(year, month, 1) <= self.end:
                    return year
        return self.year


@dataclass
class Tok:
    kind: str
    value: tuple[int, ...]
    text: str


@dataclass
class Parsed:
    kind: str
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None
    months: list[int] = field(default_factory=list)
    day: str | None = None
    qualifier: str | None = None


def month_of(word: str) -> int | None:
    word = word.lower().rstrip(".")
    for stem, number in MONTH_STEMS:
        if re.match(stem, word):
            return number
    return None


def ordinal(text: str) -> int:
    text = text.strip().lower().rstrip("-йгоеяи ")
    for key, value in ROMAN.items():
        if text == key or (len(key) > 1 and text.startswith(key) and not key.isascii()):
            return value
    return ROMAN.get(text, 0)


def tokenize(text: str) -> list[Tok]:
    out = []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup or ""
        if m.group("date"):
            d, mo, y = re.split(r"\s?\.\s?", m.group("date"))
            out.append(Tok("date", (int(y) + (2000 if len(y) == 2 else 0), int(mo), int(d)), m.group(0)))
        elif m.group("d1"):  # «1-10 января», «с 1 по 15 октября»: two days of one month
            in_month = MONTHS_GENITIVE[m.group("rangemonth")]
            out += [Tok("daymonth", (in_month, int(m.group("d1"))), m.group("d1")), Tok("dash", (), "-"),
                    Tok("daymonth", (in_month, int(m.group("d2"))), m.group(0))]
        elif m.group("day"):
            out.append(Tok("daymonth", (MONTHS_GENITIVE[m.group("daymonth")], int(m.group("day"))), m.group(0)))
        elif m.group("span"):
            out.append(Tok("span", (int(m.group("span")), int(m.group("span2"))), m.group(0)))
        elif m.group("year"):
            out.append(Tok("year", (int(m.group("year")),), m.group(0)))
        elif m.group("quarter") is not None:
            out.append(Tok("quarter", (ordinal(m.group("quarter")),), m.group(0)))
        elif m.group("half") is not None:
            out.append(Tok("half", (ordinal(m.group("half")),), m.group(0)))
        elif m.group("month"):
            month = month_of(m.group("month"))
            if month:
                out.append(Tok("month", (month,), m.group(0)))
        else:
            out.append(Tok(kind, (), m.group(0)))
    return out


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    iso = make_iso(str(day), month, str(year))
    return date.fromisoformat(iso) if iso else None


@dataclass
class Moment:
    """One printed point or stretch of time; `year` may still be unknown."""

    kind: str  # date | month | quarter | half | academic | years
    year: int | None
    unit: int = 0  # month, quarter or half number
    day: int | None = None
    year2: int | None = None

    def span(self) -> tuple[date, date] | None:
        if self.year is None:
            return None
        if self.kind == "date":
            d = safe_date(self.year, self.unit, self.day or 1)
            return (d, d) if d else None
        if self.kind == "month":
            return date(self.year, self.unit, 1), last_day(self.year, self.unit)
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


KIND_OF_MOMENT = {"date": "date", "month": "month", "quarter": "quarter", "half": "half_year",
                  "academic": "academic_year", "years": "range"}


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
        elif tok.kind in ("daymonth", "month", "quarter", "half"):
            kind = "date" if tok.kind == "daymonth" else tok.kind
            day = tok.value[1] if tok.kind == "daymonth" else None
            out.append(Moment(kind, year, tok.value[0], day))
            i += 1 if year is not None else 0
        elif tok.kind == "span":
            academic = school_year or tok.value[1] == tok.value[0] + 1 and not calendar_years
            out.append(Moment("academic" if academic else "years", tok.value[0], year2=tok.value[1]))
        elif tok.kind == "year":
            out.append(Moment("years", tok.value[0]))
        elif tok.kind == "dash" and out:
            dash = True
        i += 1
    return out, dash


def resolve_range(first: Moment, second: Moment, ctx: Context) -> None:
    """Fill the missing years of «март – май 2024», «октябрь – март», «Сентябрь-май»."""
    if second.year is None and first.year is not None:
        second.year = first.year + (1 if second.unit < first.unit and second.kind == first.kind == "month" else 0)
    if first.year is None and second.year is not None:
        first.year = second.year - (1 if first.unit > second.unit and first.kind == second.kind == "month" else 0)
    if first.year is None:
        first.year = ctx.month_year(first.unit) if first.kind in ("month", "date") else ctx.year
        if first.year is not None:
            second.year = first.year + (1 if second.unit < first.unit else 0)
            overshoots(first, second, ctx)


def overshoots(first: Moment, second: Moment, ctx: Context) -> None:
    """«август-сентябрь» in a plan for 2019-09-01..2020-08-31 approved in August 2019: the range
    that ends inside the period (August-September 2019), not the one that runs past its end."""
    span = second.span()
    if not (ctx.start and ctx.end and span and span[1] > ctx.end and first.year and second.year):
        return
    earlier = Moment(second.kind, second.year - 1, second.unit, second.day)
    earlier_span = earlier.span()
    if earlier_span and ctx.start <= earlier_span[1] <= ctx.end:
        first.year, second.year = first.year - 1, second.year - 1


def resolve_alone(moment: Moment, ctx: Context) -> None:
    if moment.year is None:
        moment.year = ctx.month_year(moment.unit) if moment.kind in ("month", "date") else ctx.year


def temporal(text: str, ctx: Context) -> Parsed:
    found, _ = moments(tokenize(text), text)
    if not found:
        return Parsed("unspecified")
    if len(found) == 1:
        resolve_alone(found[0], ctx)
        span = found[0].span()
        return Parsed(KIND_OF_MOMENT[found[0].kind], *(span or (None, None)))
    first, second = found[0], found[-1]
    resolve_range(first, second, ctx)
    a, b = first.span(), second.span()
    return Parsed("range", a[0] if a else None, b[1] if b else None)


def period_of(ctx: Context) -> tuple[date | None, date | None]:
    return ctx.start, ctx.end


def recurring(text: str, recurrence: str, matched: str, ctx: Context) -> Parsed:
    rest = text.replace(matched, " ")
    months = [t.value[0] for t in tokenize(rest) if t.kind == "month"]
    if len(months) == 2 and re.search(r"[-–—]", rest):
        a, b = months
        months = list(range(a, b + 1)) if a <= b else list(range(a, 13)) + list(range(1, b + 1))
    day = None
    if m := re.search(r"(\d{1,2})\s*(?:-?го\s*)?числ", rest):
        day = m.group(1)
    for tok in tokenize(rest):
        if tok.kind == "daymonth":
            day = f"{tok.value[0]:02d}-{tok.value[1]:02d}"
    start, end = period_of(ctx)
    return Parsed("recurring", start, end, recurrence, months, day)


def after(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.match(text)
    return fold_spaces(text[m.end() :]).strip(" ,.;:") or None if m else None


def by_date(text: str, ctx: Context) -> Parsed | None:
    m = BY_DATE.match(text)
    if not m:
        return None
    found, _ = moments(tokenize(text[m.end() :]), text)
    if not found:
        return None
    resolve_alone(found[0], ctx)
    span = found[0].span()
    end = span[1] if span else None
    start = ctx.doc_date if ctx.doc_date and end and ctx.doc_date <= end else None
    return Parsed("by_date", start, end)


def keyword_rules(text: str, ctx: Context) -> Parsed | None:
    """Recurring, per schedule, continuous, on an event: the words decide, dates refine."""
    for pattern, recurrence in RECURRENCE:
        if m := pattern.search(text):
            return recurring(text, recurrence, m.group(0), ctx)
    if SCHEDULE.match(text):
        inner = temporal(text, ctx)
        start, end = (inner.start, inner.end) if inner.kind != "unspecified" else period_of(ctx)
        return Parsed("per_schedule", start, end, qualifier=after(SCHEDULE, text))
    if CONTINUOUS.match(text):
        return Parsed("continuous", *period_of(ctx), qualifier=after(CONTINUOUS, text))
    if EVENT.match(text):
        return Parsed("on_event", *period_of(ctx), qualifier=text)
    return None


RULES: list[Callable[[str, Context], Parsed | None]] = [keyword_rules, by_date]
# The spaces before a comma are taken only from the start of their run: a split tried at every
# space of a long run would rescan the run from each (quadratic), and finds the same pieces.
PART_SPLIT = re.compile(r"(?:(?<!\s)\s+)?,\s*|(?<=г\.)\s+(?=[а-яё])|(?<=\d)\.\s+(?=[а-яё])")


def parse_one(text: str, ctx: Context) -> Parsed:
    for rule in RULES:
        verdict = rule(text, ctx)
        if verdict:
            return verdict
    m = re.match(r"^с\s+(.+?)\s+по\s+(.+)$", text)
    return temporal(f"{m.group(1)} - {m.group(2)}" if m else text, ctx)


def split_parts(text: str) -> list[str]:
    """Several deadlines in one cell: «декабрь 2023, май 2024», «… ; ежегодно, июль - август»."""
    out = []
    for part in re.split(r"\s*;\s*", text):
        if not part.strip(" ,."):
            continue
        pieces = [p for p in PART_SPLIT.split(part) if p.strip(" ,.")]
        recurring_words = any(pattern.search(part) for pattern, _ in RECURRENCE)
        if len(pieces) > 1 and not recurring_words and all(tokenize(p) for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out


def with_later_years(parts: list[str]) -> list[str]:
    """«апрель, октябрь 2021»: a part printed without a year takes the next printed one.

    Each part is read once and the parts are walked from the last, so a cell of thousands of parts
    («I квартал, I квартал, …») costs one pass, not a pass over the later parts for every part."""
    out: list[str] = []
    next_year: str | None = None  # the first year printed in the parts after the current one
    for part in reversed(parts):
        tokens = tokenize(part)
        dated = any(t.kind in ("year", "date", "span") for t in tokens)
        out.append(f"{part} {next_year}" if next_year is not None and not dated else part)
        next_year = next((t.text for t in tokens if t.kind == "year"), next_year)
    return out[::-1]


def to_deadline(raw: str, parsed: Parsed) -> Deadline:
    return Deadline(
        raw=raw, kind=parsed.kind,
        start=parsed.start.isoformat() if parsed.start else None,
        end=parsed.end.isoformat() if parsed.end else None,
        recurrence=parsed.recurrence, months=parsed.months, day=parsed.day, qualifier=parsed.qualifier,
    )


def normalize_deadline(raw: str, ctx: Context | None = None) -> Deadline:
    """One deadline cell as printed → a normalized Deadline (raw kept)."""
    ctx = ctx or Context()
    text = fold_spaces(raw).lower().replace("ё", "е")
    parts = split_parts(text)
    if len(parts) <= 1:
        return to_deadline(fold_spaces(raw), parse_one(text, ctx))
    parsed = [parse_one(part, ctx) for part in with_later_years(parts)]
    pieces = [to_deadline(p, x) for p, x in zip(parts, parsed)]
    starts = [x.start for x in parsed if x.start]
    ends = [x.end for x in parsed if x.end]
    return Deadline(
        raw=fold_spaces(raw), kind="multiple", parts=pieces,
        start=min(starts).isoformat() if starts else None, end=max(ends).isoformat() if ends else None,
    )
