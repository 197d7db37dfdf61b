"""Deadline normalization as a table, grouped by where the strings came from (price-parser style).

Each example: (raw, context, kind, start, end). Contexts are plan periods and document dates.
`start`/`end` hold only what the text fixes (1.1): a by_date has an end only, vague words neither;
the span a timeline draws is `window`, tested in its own table.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract.morph import lemmas_of
from extract.rules.dates import MONTH_LEMMAS, MONTHS_GENITIVE, month_forms, month_number
from extract.rules.deadlines import Context, normalize_deadline

TOMSK = Context(date(2021, 9, 1), date(2022, 8, 31), date(2021, 9, 2))  # 2021-2022 учебный год
PYATIGORSK = Context(date(2021, 1, 1), date(2024, 12, 31), date(2021, 9, 22))  # 2021-2024 годы
RASSKAZOVO = Context(date(2024, 1, 1), date(2024, 12, 31), date(2024, 3, 11))  # в 2024 году
OMSK = Context(date(2021, 1, 1), date(2021, 12, 31), date(2021, 1, 21))  # на 2021 год
OLD = Context(date(2012, 9, 1), date(2013, 8, 31), date(2012, 8, 20))  # 2012-2013 учебный год
NONE = Context()

FROM_SEEDS = [
    ("в соответствии с графиком проведения мониторинговых исследований качества образования в 2021-2022 учебном году", TOMSK, "per_schedule", "2021-09-01", "2022-08-31"),
    ("По графику вебинаров", TOMSK, "per_schedule", None, None),
    ("октябрь 2021- май 2022", TOMSK, "range", "2021-10-01", "2022-05-31"),
    ("январь-февраль 2022", TOMSK, "range", "2022-01-01", "2022-02-28"),
    ("декабрь 2022 май 2022", TOMSK, "range", "2022-12-01", "2022-05-31"),
    ("2021-2022 учебный год", TOMSK, "academic_year", "2021-09-01", "2022-08-31"),
    ("в течение года", PYATIGORSK, "continuous", None, None),
    ("ежегодно июнь - август", PYATIGORSK, "recurring", None, None),
    ("ежегодно октябрь", PYATIGORSK, "recurring", None, None),
    ("ежегодно", PYATIGORSK, "recurring", None, None),
    ("ежегодно сентябрь", PYATIGORSK, "recurring", None, None),
    ("В течение учебного года", PYATIGORSK, "continuous", None, None),
    ("постоянно", PYATIGORSK, "continuous", None, None),
    ("согласно графику", PYATIGORSK, "per_schedule", None, None),
    ("по мере формирования", PYATIGORSK, "on_event", None, None),
    ("постоянно при подготовке к проведению оценочной процедуры", PYATIGORSK, "continuous", None, None),
    ("согласно плану совещаний", PYATIGORSK, "per_schedule", None, None),
    ("постоянно при проведении оценочных процедур", PYATIGORSK, "continuous", None, None),
    ("постоянно при проведении оценочных процедур; ежегодно, июль - август", PYATIGORSK, "multiple", None, None),
    ("До 15.03.2024", RASSKAZOVO, "by_date", None, "2024-03-15"),
    ("Март – май 2024", RASSKAZOVO, "range", "2024-03-01", "2024-05-31"),
    ("Март – апрель 2024", RASSKAZOVO, "range", "2024-03-01", "2024-04-30"),
    ("Март – сентябрь 2024", RASSKAZOVO, "range", "2024-03-01", "2024-09-30"),
    ("В течение года", RASSKAZOVO, "continuous", None, None),
    ("Июль – август 2024", RASSKAZOVO, "range", "2024-07-01", "2024-08-31"),
    ("Сентябрь – декабрь 2024", RASSKAZOVO, "range", "2024-09-01", "2024-12-31"),
    ("Март - май 2024", RASSKAZOVO, "range", "2024-03-01", "2024-05-31"),
    ("Март-май 2024", RASSKAZOVO, "range", "2024-03-01", "2024-05-31"),
    ("Март – апрель 2023", RASSKAZOVO, "range", "2023-03-01", "2023-04-30"),
    ("Февраль-декабрь 2021", OMSK, "range", "2021-02-01", "2021-12-31"),
    ("Февраль 2021", OMSK, "month", "2021-02-01", "2021-02-28"),
    ("Март 2021", OMSK, "month", "2021-03-01", "2021-03-31"),
    ("Апрель 2021", OMSK, "month", "2021-04-01", "2021-04-30"),
    ("Март-апрель 2020", OMSK, "range", "2020-03-01", "2020-04-30"),
    ("Июнь 2021", OMSK, "month", "2021-06-01", "2021-06-30"),
    ("Май 2021", OMSK, "month", "2021-05-01", "2021-05-31"),
    ("Сентябрь-октябрь 2021", OMSK, "range", "2021-09-01", "2021-10-31"),
    ("Ноябрь-декабрь 2021", OMSK, "range", "2021-11-01", "2021-12-31"),
    ("Декабрь 2021", OMSK, "month", "2021-12-01", "2021-12-31"),
]

FROM_ISSUE = [
    ("Сентябрь-май", OLD, "range", "2012-09-01", "2013-05-31"),
    # real r01: a training-year plan approved in August; the range ends inside the period, not past it
    ("август-сентябрь", OLD, "range", "2012-08-01", "2012-09-30"),
    ("июль-август", OLD, "range", "2013-07-01", "2013-08-31"),
    # month group rows give their month to day-only deadlines; a day range in one month
    ("1-10 января", RASSKAZOVO, "range", "2024-01-01", "2024-01-10"),
    ("с 1 по 15 октября", RASSKAZOVO, "range", "2024-10-01", "2024-10-15"),
    ("в течение 2023-2024 учебного года", NONE, "academic_year", "2023-09-01", "2024-08-31"),
    ("ежегодно, до 1 сентября", PYATIGORSK, "recurring", None, None),
    ("ежемесячно", OMSK, "recurring", None, None),
    ("до 25 числа каждого месяца", OMSK, "recurring", None, None),
    ("IV квартал 2023", NONE, "quarter", "2023-10-01", "2023-12-31"),
    ("1 полугодие 2024", NONE, "half_year", "2024-01-01", "2024-06-30"),
    ("декабрь 2023, май 2024", NONE, "multiple", "2023-12-01", "2024-05-31"),
    ("Декабрь 2020г. Февраль 2021г.", NONE, "multiple", "2020-12-01", "2021-02-28"),
    ("06.02.2023 - 30.05.2023", NONE, "range", "2023-02-06", "2023-05-30"),
    ("до 17 сентября 2021 года", TOMSK, "by_date", None, "2021-09-17"),
    ("в срок до 20.09.2023", NONE, "by_date", None, "2023-09-20"),
    ("август", TOMSK, "month", "2022-08-01", "2022-08-31"),
    ("август", OMSK, "month", "2021-08-01", "2021-08-31"),
    ("сентябрь", TOMSK, "month", "2021-09-01", "2021-09-30"),
]

NEW = [
    ("15.03.2024", NONE, "date", "2024-03-15", "2024-03-15"),
    ("17 сентября 2021 г.", NONE, "date", "2021-09-17", "2021-09-17"),
    ("1 сентября", OMSK, "date", "2021-09-01", "2021-09-01"),
    ("не позднее 1 апреля 2024 г.", NONE, "by_date", None, "2024-04-01"),
    ("до 01.03.2024", RASSKAZOVO, "by_date", None, "2024-03-01"),
    ("к 1 сентября", OMSK, "by_date", None, "2021-09-01"),
    ("до конца мая", OMSK, "by_date", None, "2021-05-31"),
    ("I квартал 2023", NONE, "quarter", "2023-01-01", "2023-03-31"),
    ("II квартал", OMSK, "quarter", "2021-04-01", "2021-06-30"),
    ("3 квартал 2022 года", NONE, "quarter", "2022-07-01", "2022-09-30"),
    ("4-й квартал 2021", NONE, "quarter", "2021-10-01", "2021-12-31"),
    ("второе полугодие 2023", NONE, "half_year", "2023-07-01", "2023-12-31"),
    ("II полугодие", OMSK, "half_year", "2021-07-01", "2021-12-31"),
    ("2024 год", NONE, "range", "2024-01-01", "2024-12-31"),
    ("в 2024 году", NONE, "range", "2024-01-01", "2024-12-31"),
    ("2023-2024 гг.", NONE, "range", "2023-01-01", "2024-12-31"),
    ("2023/2024 учебный год", NONE, "academic_year", "2023-09-01", "2024-08-31"),
    ("ноябрь 2023 – март 2024", NONE, "range", "2023-11-01", "2024-03-31"),
    ("ноябрь – март 2024", NONE, "range", "2023-11-01", "2024-03-31"),
    ("октябрь-декабрь", OMSK, "range", "2021-10-01", "2021-12-31"),
    ("с 01.02.2024 по 31.05.2024", NONE, "range", "2024-02-01", "2024-05-31"),
    ("с 1 марта по 30 апреля 2024 г.", NONE, "range", "2024-03-01", "2024-04-30"),
    ("март 2023, март 2024", NONE, "multiple", "2023-03-01", "2024-03-31"),
    ("апрель, октябрь 2021", NONE, "multiple", "2021-04-01", "2021-10-31"),
    ("ежеквартально", OMSK, "recurring", None, None),
    ("еженедельно", OMSK, "recurring", None, None),
    ("ежегодно в августе", PYATIGORSK, "recurring", None, None),
    ("по графику ИРО", OMSK, "per_schedule", None, None),
    ("по графику проведения ВПР", OMSK, "per_schedule", None, None),
    ("согласно графику ВПР", OMSK, "per_schedule", None, None),
    ("по плану работы управления", OMSK, "per_schedule", None, None),
    ("по итогам каждой процедуры", OMSK, "on_event", None, None),
    ("по мере необходимости", OMSK, "on_event", None, None),
    ("при необходимости", OMSK, "on_event", None, None),
    ("по запросу", OMSK, "on_event", None, None),
    ("в период проведения ВПР", OMSK, "on_event", None, None),
    ("систематически", OMSK, "continuous", None, None),
    ("в течение 2024 года", NONE, "range", "2024-01-01", "2024-12-31"),
    ("в течение периода", OMSK, "continuous", None, None),
    ("весь период", OMSK, "continuous", None, None),
    ("янв. 2022", NONE, "month", "2022-01-01", "2022-01-31"),
    ("сент. – дек. 2022", NONE, "range", "2022-09-01", "2022-12-31"),
    ("Май", OMSK, "month", "2021-05-01", "2021-05-31"),
    ("в мае 2024 года", NONE, "month", "2024-05-01", "2024-05-31"),
    ("февраль 2024 г.", NONE, "month", "2024-02-01", "2024-02-29"),
    ("1.2.23", NONE, "date", "2023-02-01", "2023-02-01"),
    ("", NONE, "unspecified", None, None),
    ("—", NONE, "unspecified", None, None),
    ("выборочно", NONE, "unspecified", None, None),
]

# Issue #12: month words are words («апробация» is no April), rough parts of a month or a year,
# school quarters, a count of days after an event. «первая декада сентября» is a range (a stretch
# of days, not one date); see the conventions in the module docstring of extract.rules.deadlines.
WORDS = [
    ("апробация модели", TOMSK, "unspecified", None, None),
    ("маршрутные листы", TOMSK, "unspecified", None, None),
    ("Марш-бросок", OMSK, "unspecified", None, None),
    ("первая декада сентября", TOMSK, "range", "2021-09-01", "2021-09-10"),
    ("в первой декаде сентября", TOMSK, "range", "2021-09-01", "2021-09-10"),
    ("II декада марта", TOMSK, "range", "2022-03-11", "2022-03-20"),
    ("третья декада февраля 2024", NONE, "range", "2024-02-21", "2024-02-29"),
    ("с 1 по 15 октября", TOMSK, "range", "2021-10-01", "2021-10-15"),
    ("с 1-го по 15 октября", TOMSK, "range", "2021-10-01", "2021-10-15"),
    ("в период с 1 по 15 октября", TOMSK, "range", "2021-10-01", "2021-10-15"),
    ("I четверть", TOMSK, "quarter", "2021-09-01", "2021-10-31"),
    ("II четверть", TOMSK, "quarter", "2021-11-01", "2021-12-31"),
    ("в течение III четверти", TOMSK, "quarter", "2022-01-01", "2022-03-31"),
    ("четвертая четверть", TOMSK, "quarter", "2022-04-01", "2022-05-31"),
    ("I четверть", OMSK, "quarter", "2021-09-01", "2021-10-31"),
    ("III четверть 2021/2022 учебного года", NONE, "quarter", "2022-01-01", "2022-03-31"),
    ("I-II четверть", TOMSK, "range", "2021-09-01", "2021-12-31"),
    ("в течение трех рабочих дней после проведения мониторинга", TOMSK, "on_event", None, None),
    ("не позднее 5 дней со дня получения запроса", OMSK, "on_event", None, None),
    ("вторая половина октября", TOMSK, "range", "2021-10-16", "2021-10-31"),
    ("первая половина февраля 2023", NONE, "range", "2023-02-01", "2023-02-15"),
    ("конец декабря", TOMSK, "range", "2021-12-21", "2021-12-31"),
    ("в середине мая", TOMSK, "range", "2022-05-11", "2022-05-20"),
    ("начало 2024 года", RASSKAZOVO, "range", "2024-01-01", "2024-03-31"),
    ("в конце 2024 года", NONE, "range", "2024-10-01", "2024-12-31"),
    ("до начала сентября", OMSK, "by_date", None, "2021-09-01"),
    ("к началу 2024 года", NONE, "by_date", None, "2024-01-01"),
    ("декабрь-январь", TOMSK, "range", "2021-12-01", "2022-01-31"),
    ("с 15 декабря по 15 января 2024", NONE, "range", "2023-12-15", "2024-01-15"),
    ("в мае 2024", NONE, "month", "2024-05-01", "2024-05-31"),
    ("к маю 2024 г.", NONE, "by_date", None, "2024-05-31"),
]

EXAMPLES = FROM_SEEDS + FROM_ISSUE + NEW + WORDS


def test_enough_examples() -> None:
    assert len(EXAMPLES) >= 80


@pytest.mark.parametrize(("raw", "ctx", "kind", "start", "end"), EXAMPLES, ids=[e[0] or "empty" for e in EXAMPLES])
def test_deadline(raw: str, ctx: Context, kind: str, start: str | None, end: str | None) -> None:
    d = normalize_deadline(raw, ctx)
    assert (d.kind, d.start, d.end) == (kind, start, end)
    assert d.raw == " ".join(raw.split())


def test_recurrence_details() -> None:
    summer = normalize_deadline("ежегодно июнь - август", PYATIGORSK)
    assert (summer.recurrence, summer.months) == ("yearly", [6, 7, 8])
    assert normalize_deadline("ежегодно, до 1 сентября", PYATIGORSK).day == "09-01"
    monthly = normalize_deadline("до 25 числа каждого месяца", OMSK)
    assert (monthly.recurrence, monthly.day) == ("monthly", "25")
    assert normalize_deadline("ноябрь – январь", TOMSK).months == []


def test_qualifiers_and_parts() -> None:
    assert normalize_deadline("по графику вебинаров", TOMSK).qualifier == "вебинаров"
    assert normalize_deadline("постоянно при проведении оценочных процедур", TOMSK).qualifier == "при проведении оценочных процедур"
    both = normalize_deadline("постоянно при проведении оценочных процедур; ежегодно, июль - август", PYATIGORSK)
    assert [(p.kind, p.raw) for p in both.parts] == [
        ("continuous", "постоянно при проведении оценочных процедур"), ("recurring", "ежегодно, июль - август")]
    assert both.parts[1].months == [7, 8]


# (raw, context, window as (start, end, inferred) or None)
WINDOWS = [
    ("март 2024", NONE, ("2024-03-01", "2024-03-31", False)),
    ("До 15.03.2024", RASSKAZOVO, ("2024-03-11", "2024-03-15", True)),  # from the document date
    ("до 01.03.2024", RASSKAZOVO, ("2024-01-01", "2024-03-01", True)),  # approved later: from the period start
    ("до 17 сентября 2021 года", TOMSK, ("2021-09-02", "2021-09-17", True)),
    ("в срок до 20.09.2023", NONE, None),  # nothing to start from
    ("в течение года", PYATIGORSK, ("2021-01-01", "2024-12-31", True)),
    ("ежегодно октябрь", PYATIGORSK, ("2021-01-01", "2024-12-31", True)),
    ("по мере необходимости", OMSK, ("2021-01-01", "2021-12-31", True)),
    ("по графику вебинаров", TOMSK, ("2021-09-01", "2022-08-31", True)),
    ("выборочно", OMSK, ("2021-01-01", "2021-12-31", True)),
    ("постоянно", NONE, None),
    ("в течение 2020 года", NONE, ("2020-01-01", "2020-12-31", False)),
    ("декабрь 2023, май 2024", NONE, ("2023-12-01", "2024-05-31", False)),
    ("до 01.03.2024, май 2024", RASSKAZOVO, ("2024-01-01", "2024-05-31", True)),
    ("постоянно при проведении оценочных процедур; ежегодно, июль - август", PYATIGORSK,
     ("2021-01-01", "2024-12-31", True)),
]


@pytest.mark.parametrize(("raw", "ctx", "window"), WINDOWS, ids=[w[0] for w in WINDOWS])
def test_window(raw: str, ctx: Context, window: tuple[str, str, bool] | None) -> None:
    w = normalize_deadline(raw, ctx).window
    assert ((w.start, w.end, w.inferred) if w else None) == window


@pytest.mark.parametrize(("raw", "ctx", "kind", "start", "end"), EXAMPLES, ids=[e[0] or "empty" for e in EXAMPLES])
def test_window_is_the_text_when_it_fixes_both(raw: str, ctx: Context, kind: str, start: str | None,
                                               end: str | None) -> None:
    """Where the text fixes both ends, the window is exactly them; elsewhere it is marked inferred."""
    w = normalize_deadline(raw, ctx).window
    if start and end:
        assert w is not None and (w.start, w.end, w.inferred) == (start, end, False)
    elif w is not None:
        assert w.inferred


def test_multiple_spans_its_parts() -> None:
    """«multiple»: start/end are the earliest and latest of the parts that have them."""
    d = normalize_deadline("до 01.03.2024, май 2024", RASSKAZOVO)
    assert [(p.kind, p.start, p.end) for p in d.parts] == [("by_date", None, "2024-03-01"),
                                                           ("month", "2024-05-01", "2024-05-31")]
    assert (d.start, d.end) == ("2024-05-01", "2024-05-31")


def test_one_month_table_backed_by_morphology() -> None:
    """Every case form the regexes look for is a month to the dictionary, and the number matches."""
    for lemma, number in MONTH_LEMMAS.items():
        for form in month_forms(lemma):
            assert lemma in lemmas_of(form), form
            assert month_number(form) == number, form
    assert list(MONTHS_GENITIVE.values()) == list(range(1, 13))
    assert [month_number(w) for w in ("МАЕ", "январём", "сент.", "Дек", "апробация", "маршрутные", "декада",
                                      "маяк", "мартовский")] == [5, 1, 9, 12, None, None, None, None, None]


def test_no_other_month_table() -> None:
    """One home per fact: the deadline rules and the enrichment read the month table of `dates`."""
    import extract.rules.deadlines as deadlines
    import pipelines.enrich as enrich

    assert not hasattr(deadlines, "MONTH_STEMS") and not hasattr(enrich, "MONTH_WORD")
    assert enrich.month_group("ФЕВРАЛЬ") == "февраля" and enrich.month_group("Май 2024 г.") == "мая"
    assert enrich.month_group("Маршрутные листы") is None
