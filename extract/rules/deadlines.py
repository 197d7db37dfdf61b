"""Deadline cells → kind, start, end, window, recurrence, parts and qualifier.

Word tables first, then named patterns, then ordered rules (first verdict wins) over a small
token stream. Years that are not printed are resolved against the plan period, then the
document date: «август» in a 2021-2022 school-year plan is August 2022; «Сентябрь-май» in a
2012-2013 plan runs 2012-09-01..2013-05-31.

`start`/`end` hold only what the text fixes: «до 20.09.2023» (by_date) has an end and no start;
«постоянно», «по графику», «по мере необходимости», «ежегодно» have neither. `window` is the
span a timeline draws: the deadline's own dates when the text fixes both, else inferred from the
plan period and the document date (`extract.rules.period.window_of`).

Months are words, found through the one month table of `extract.rules.dates` (a lemma decides:
«апробация», «маршрутные», «декада» name no month). What the text names only roughly — «первая
декада сентября», «вторая половина октября», «начало 2024 года», a school quarter «I четверть»
(kind quarter) — is read by the conventions stated with their tables in `extract.rules.dates`;
«до начала …» / «к началу …» ends on the first day of what it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from extract.normalize import fold_spaces
from extract.rules.dates import (
    DECADES,
    EDGES_OF_MONTH,
    EDGES_OF_YEAR,
    GENITIVE,
    HALVES,
    MONTH_KINDS,
    MONTH_WORD,
    MONTHS_GENITIVE,
    TERMS,
    Moment,
    Tok,
    moments,
    month_number,
)
from extract.rules.period import merged_window, window_of
from schemas.roadmap import Deadline

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "перв": 1, "втор": 2, "трет": 3, "четв": 4}
RECURRENCE = [
    (re.compile(r"ежегодн\w*|каждый год|ежегодно"), "yearly"),
    (re.compile(r"ежемесячн\w*|каждого месяца|каждый месяц|ежемесячно"), "monthly"),
    (re.compile(r"ежеквартальн\w*|каждого квартала|ежеквартально"), "quarterly"),
    (re.compile(r"еженедельн\w*|каждую неделю"), "weekly"),
]
SCHEDULE = re.compile(r"^(?:по|согласно|в соответствии с|в соответствии со)\s+(?:график\w*|план\w*|расписани\w*|срок\w* проведения)")
# «в течение трех рабочих дней после проведения …», «не позднее 5 дней со дня …»: a count of
# days, weeks or months from an event is the event's deadline, not a date.
AFTER_EVENT = (r"(?:в течение|не позднее|не позже|через)\s+(?:[а-я\d]{1,12}\s+){0,2}(?:дн|недел|месяц|час)[а-я]{0,4}"
               r"\s+(?:после|с момента|со дня|с даты|от даты)")
EVENT = re.compile(
    r"^(?:по мере|по итогам|по результатам|по запросу|по запросам|при необходимости|по необходимости|"
    rf"после|в период(?!\s+с\s+(?:\d|{GENITIVE}))|в день|в дни|в сроки|накануне|перед|при проведении|при подготовке|"
    rf"{AFTER_EVENT})"
)
CONTINUOUS = re.compile(
    r"^(?:постоянно|систематически|ежедневно|в течение\s+(?:всего\s+)?(?:(?:учебного|календарного|текущего)\s+)?"
    r"(?:года|периода)|весь период|на протяжении\s+\w+\s+(?:года|периода)|в течение срока\s+\w+)"
)
BY_DATE = re.compile(r"^(?:в срок\s+)?(?:до|не позднее|не позже|к|в срок до|по состоянию на)\b\s*")

# An ordinal's ending is short («четвертого», «первыми»): bounded, so a long word that starts like one
# («перв» and thousands of «о») costs a few steps, not a backtracking scan of the whole word per ending.
ORDINAL_WORD = r"(?:{})\w{{0,8}}"
# «первая декада», «1-я декада», «II декада», «во второй половине», «в начале», «к концу»: a part of a month
MONTH_PART = (r"(?<!\w)(?:(?:(?P<decade>iii|ii|i|[123]|" + ORDINAL_WORD.format("перв|втор|трет") + r")(?:-?[йяе]{1,2})?"
              r"\s+декад[а-я]{0,3})|(?:(?P<halfmonth>" + ORDINAL_WORD.format("перв|втор") + r")\s+половин[а-я]{0,3})"
              r"|(?P<edge>начал|середин|конец|конц)[а-я]{0,2})")
TOKEN = re.compile(
    r"(?P<date>\d{1,2}\s?\.\s?\d{1,2}\s?\.\s?(?:\d{4}|\d{2}))"
    r"|(?P<d1>\d{1,2})(?:-?го)?\s?(?:[-–—]|\s+по\s+)\s?(?P<d2>\d{1,2})(?:-?го)?\s+(?P<rangemonth>" + GENITIVE + r")"
    r"|(?P<day>\d{1,2})(?:-?го)?\s+(?P<daymonth>" + GENITIVE + r")"
    r"|(?P<monthpart>" + MONTH_PART + r")\s+(?P<partmonth>" + GENITIVE + r")"
    r"|(?<!\w)(?P<yearpart>начал|конец|конц)[а-я]{0,2}\s+(?P<partyear>(?:19|20)\d\d)(?!\d|\s?[-–—/]\s?\d)"
    r"|(?P<span>(?:19|20)\d\d)\s*[-–—/]\s*(?P<span2>(?:19|20)\d\d)"
    r"|(?P<year>(?:19|20)\d\d)(?:\s*(?:г\.?|года|году|год))?"
    r"|(?P<quarter>\b(?:iv|i{1,3}|[1-4]|" + ORDINAL_WORD.format("перв|втор|трет|четв") + r")\s*+(?:-?[йго]{1,3}\s*+)?)квартал\w*"
    r"|(?P<term>\b(?:(?P<termfrom>iv|i{1,3}|[1-4])\s?[-–—]\s?)?(?P<termto>\b(?:iv|i{1,3}|[1-4]|"
    + ORDINAL_WORD.format("перв|втор|трет|четв") + r"))\s*+(?:-?[йяо]{1,2}\s*+)?)четверт[а-я]{0,3}"
    r"|(?P<half>\b(?:i{1,2}|[12]|" + ORDINAL_WORD.format("перв|втор") + r")\s*+(?:-?[еоя]{1,3}\s*+)?)полугоди\w*"
    r"|(?P<month>" + MONTH_WORD + r")"
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
class Parsed:
    """A reading of one deadline: `start`/`end` only where the text fixes them."""

    kind: str
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None
    months: list[int] = field(default_factory=list)
    day: str | None = None
    qualifier: str | None = None


def ordinal(text: str) -> int:
    text = text.strip().lower().rstrip("-йгоеяи ")
    for key, value in ROMAN.items():
        if text == key or (len(key) > 1 and text.startswith(key) and not key.isascii()):
            return value
    return ROMAN.get(text, 0)


def month_part_days(m: re.Match[str]) -> tuple[int, int] | None:
    """The days «первая декада», «вторая половина», «конец» name in a month (31: its last day)."""
    if m.group("decade"):
        return DECADES.get(ordinal(m.group("decade")))
    if m.group("halfmonth"):
        return HALVES.get(ordinal(m.group("halfmonth")))
    return EDGES_OF_MONTH.get(m.group("edge"))


def day_tokens(m: re.Match[str]) -> list[Tok]:
    """«1-10 января», «с 1-го по 15 октября», «15 мая»: days of a named month."""
    if m.group("d1"):
        in_month = MONTHS_GENITIVE[m.group("rangemonth")]
        return [Tok("daymonth", (in_month, int(m.group("d1"))), m.group("d1")), Tok("dash", (), "-"),
                Tok("daymonth", (in_month, int(m.group("d2"))), m.group(0))]
    return [Tok("daymonth", (MONTHS_GENITIVE[m.group("daymonth")], int(m.group("day"))), m.group(0))]


def part_tokens(m: re.Match[str]) -> list[Tok]:
    """«первая декада сентября» → days 1-10 of September; «начало 2024 года» → its months 1-3."""
    if m.group("partmonth"):
        days = month_part_days(m)
        return [Tok("days", (MONTHS_GENITIVE[m.group("partmonth")], *days), m.group(0))] if days else []
    first, last = EDGES_OF_YEAR[m.group("yearpart")]
    return [Tok("months", (int(m.group("partyear")), first, last), m.group(0))]


def term_tokens(m: re.Match[str]) -> list[Tok]:
    """«I четверть» → term 1; «I-II четверть» → terms 1 and 2 joined by a dash (a range)."""
    last = ordinal(m.group("termto"))
    first = ordinal(m.group("termfrom")) if m.group("termfrom") else None
    if last not in TERMS or (first is not None and first not in TERMS):
        return []
    ends = [Tok("term", (last,), m.group(0))]
    return [Tok("term", (first,), m.group("termfrom")), Tok("dash", (), "-"), *ends] if first is not None else ends


def number_tokens(m: re.Match[str]) -> list[Tok]:
    """«15.03.2024», «2023-2024», «2024 г.»: dates and years printed in figures."""
    if m.group("date"):
        d, mo, y = re.split(r"\s?\.\s?", m.group("date"))
        return [Tok("date", (int(y) + (2000 if len(y) == 2 else 0), int(mo), int(d)), m.group(0))]
    if m.group("span"):
        return [Tok("span", (int(m.group("span")), int(m.group("span2"))), m.group(0))]
    return [Tok("year", (int(m.group("year")),), m.group(0))]


def ordinal_tokens(m: re.Match[str]) -> list[Tok]:
    """«IV квартал», «второе полугодие»: a numbered part of a year."""
    kind = "quarter" if m.group("quarter") is not None else "half"
    return [Tok(kind, (ordinal(m.group(kind)),), m.group(0))]


def word_tokens(m: re.Match[str]) -> list[Tok]:
    """A month word (only when its lemma is a month), a dash or a separator."""
    if m.group("month"):
        month = month_number(m.group("month"))
        return [Tok("month", (month,), m.group(0))] if month else []
    return [Tok(m.lastgroup or "", (), m.group(0))]


# The group that tells which alternative of TOKEN matched, and the reader of that alternative.
READERS: list[tuple[str, Callable[[re.Match[str]], list[Tok]]]] = [
    ("date", number_tokens), ("d1", day_tokens), ("day", day_tokens), ("partmonth", part_tokens),
    ("partyear", part_tokens), ("span", number_tokens), ("year", number_tokens), ("quarter", ordinal_tokens),
    ("term", term_tokens), ("half", ordinal_tokens),
]


def tokenize(text: str) -> list[Tok]:
    out = []
    for m in TOKEN.finditer(text):
        read = next((reader for group, reader in READERS if m.group(group) is not None), word_tokens)
        out += read(m)
    return out


KIND_OF_MOMENT = {"date": "date", "days": "range", "month": "month", "months": "range", "term": "quarter",
                  "quarter": "quarter", "half": "half_year", "academic": "academic_year", "years": "range"}


def own_year(moment: Moment, ctx: Context) -> int | None:
    """The year of a moment printed without one: that of its month inside the period, else the plan's."""
    return ctx.month_year(moment.unit) if moment.kind in MONTH_KINDS else ctx.year


def resolve_range(first: Moment, second: Moment, ctx: Context) -> None:
    """Fill the missing years of «март – май 2024», «октябрь – март», «Сентябрь-май»."""
    crosses = first.kind in MONTH_KINDS and second.kind in MONTH_KINDS and second.unit < first.unit
    if second.year is None and first.year is not None:
        second.year = first.year + (1 if crosses else 0)
    if first.year is None and second.year is not None:
        first.year = second.year - (1 if crosses else 0)
    if first.year is None:
        first.year = own_year(first, ctx)
        if first.year is not None:
            second.year = first.year + (1 if second.unit < first.unit else 0)
            overshoots(first, second, ctx)


def overshoots(first: Moment, second: Moment, ctx: Context) -> None:
    """«август-сентябрь» in a plan for 2019-09-01..2020-08-31 approved in August 2019: the range
    that ends inside the period (August-September 2019), not the one that runs past its end."""
    span = second.span()
    if not (ctx.start and ctx.end and span and span[1] > ctx.end and first.year and second.year):
        return
    earlier = Moment(second.kind, second.year - 1, second.unit, second.day, until=second.until)
    earlier_span = earlier.span()
    if earlier_span and ctx.start <= earlier_span[1] <= ctx.end:
        first.year, second.year = first.year - 1, second.year - 1


def resolve_alone(moment: Moment, ctx: Context) -> None:
    if moment.year is None:
        moment.year = own_year(moment, ctx)


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


def recurring(text: str, recurrence: str, matched: str) -> Parsed:
    """«ежегодно июнь - август», «до 25 числа каждого месяца»: months and day, no dates of its own."""
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
    return Parsed("recurring", recurrence=recurrence, months=months, day=day)


def after(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.match(text)
    return fold_spaces(text[m.end() :]).strip(" ,.;:") or None if m else None


def by_date(text: str, ctx: Context) -> Parsed | None:
    """«до 20.09.2023», «к 1 сентября», «до конца мая»: the end only; «до начала сентября» ends
    where what it names begins."""
    m = BY_DATE.match(text)
    if not m:
        return None
    rest = text[m.end() :]
    found, _ = moments(tokenize(rest), text)
    if not found:
        return None
    resolve_alone(found[0], ctx)
    span = found[0].span()
    if span is None:
        return Parsed("by_date")
    return Parsed("by_date", end=span[0] if rest.startswith("начал") else span[1])


def keyword_rules(text: str, ctx: Context) -> Parsed | None:
    """Recurring, per schedule, continuous, on an event: the words decide, dates refine."""
    for pattern, recurrence in RECURRENCE:
        if m := pattern.search(text):
            return recurring(text, recurrence, m.group(0))
    if SCHEDULE.match(text):
        inner = temporal(text, ctx)
        return Parsed("per_schedule", inner.start, inner.end, qualifier=after(SCHEDULE, text))
    if CONTINUOUS.match(text):
        return Parsed("continuous", qualifier=after(CONTINUOUS, text))
    if EVENT.match(text):
        return Parsed("on_event", qualifier=text)
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
        dated = any(t.kind in ("year", "date", "span", "months") for t in tokens)
        out.append(f"{part} {next_year}" if next_year is not None and not dated else part)
        next_year = next((t.text for t in tokens if t.kind == "year"), next_year)
    return out[::-1]


def to_deadline(raw: str, parsed: Parsed, ctx: Context) -> Deadline:
    return Deadline(
        raw=raw, kind=parsed.kind,
        start=parsed.start.isoformat() if parsed.start else None,
        end=parsed.end.isoformat() if parsed.end else None,
        window=window_of(parsed.start, parsed.end, (ctx.start, ctx.end), ctx.doc_date),
        recurrence=parsed.recurrence, months=parsed.months, day=parsed.day, qualifier=parsed.qualifier,
    )


def normalize_deadline(raw: str, ctx: Context | None = None) -> Deadline:
    """One deadline cell as printed → a normalized Deadline (raw kept)."""
    ctx = ctx or Context()
    text = fold_spaces(raw).lower().replace("ё", "е")
    parts = split_parts(text)
    if len(parts) <= 1:
        return to_deadline(fold_spaces(raw), parse_one(text, ctx), ctx)
    pieces = [to_deadline(p, parse_one(part, ctx), ctx) for p, part in zip(parts, with_later_years(parts))]
    start = min((p.start for p in pieces if p.start), default=None)
    end = max((p.end for p in pieces if p.end), default=None)
    return Deadline(raw=fold_spaces(raw), kind="multiple", parts=pieces, start=start, end=end,
                    window=merged_window(pieces, start, end))
