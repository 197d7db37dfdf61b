"""Deadline normalization as a table, grouped by where the strings came from (price-parser style).

Each example: (raw, context, kind, start, end). Contexts are plan periods and document dates.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract.rules.deadlines import Context, normalize_deadline

TOMSK = Context(date(2021, 9, 1), date(2022, 8, 31), date(2021, 9, 2))  # 2021-2022 учебный год
PYATIGORSK = Context(date(2021, 1, 1), date(2024, 12, 31), date(2021, 9, 22))  # 2021-2024 годы
RASSKAZOVO = Context(date(2024, 1, 1), date(2024, 12, 31), date(2024, 3, 11))  # в 2024 году
OMSK = Context(date(2021, 1, 1), date(2021, 12, 31), date(2021, 1, 21))  # на 2021 год
OLD = Context(date(2012, 9, 1), date(2013, 8, 31), date(2012, 8, 20))  # 2012-2013 учебный год
NONE = Context()

FROM_SEEDS = [
    ("в соответствии с графиком проведения мониторинговых исследований качества образования в 2021-2022 учебном году", TOMSK, "per_schedule", "2021-09-01", "2022-08-31"),
    ("По графику вебинаров", TOMSK, "per_schedule", "2021-09-01", "2022-08-31"),
    ("октябрь 2021- май 2022", TOMSK, "range", "2021-10-01", "2022-05-31"),
    ("январь-февраль 2022", TOMSK, "range", "2022-01-01", "2022-02-28"),
    ("декабрь 2022 май 2022", TOMSK, "range", "2022-12-01", "2022-05-31"),
    ("2021-2022 учебный год", TOMSK, "academic_year", "2021-09-01", "2022-08-31"),
    ("в течение года", PYATIGORSK, "continuous", "2021-01-01", "2024-12-31"),
    ("ежегодно июнь - август", PYATIGORSK, "recurring", "2021-01-01", "2024-12-31"),
    ("ежегодно октябрь", PYATIGORSK, "recurring", "2021-01-01", "2024-12-31"),
    ("ежегодно", PYATIGORSK, "recurring", "2021-01-01", "2024-12-31"),
    ("ежегодно сентябрь", PYATIGORSK, "recurring", "2021-01-01", "2024-12-31"),
    ("В течение учебного года", PYATIGORSK, "continuous", "2021-01-01", "2024-12-31"),
    ("постоянно", PYATIGORSK, "continuous", "2021-01-01", "2024-12-31"),
    ("согласно графику", PYATIGORSK, "per_schedule", "2021-01-01", "2024-12-31"),
    ("по мере формирования", PYATIGORSK, "on_event", "2021-01-01", "2024-12-31"),
    ("постоянно при подготовке к проведению оценочной процедуры", PYATIGORSK, "continuous", "2021-01-01", "2024-12-31"),
    ("согласно плану совещаний", PYATIGORSK, "per_schedule", "2021-01-01", "2024-12-31"),
    ("постоянно при проведении оценочных процедур", PYATIGORSK, "continuous", "2021-01-01", "2024-12-31"),
    ("постоянно при проведении оценочных процедур; ежегодно, июль - август", PYATIGORSK, "multiple", "2021-01-01", "2024-12-31"),
    ("До 15.03.2024", RASSKAZOVO, "by_date", "2024-03-11", "2024-03-15"),
    ("Март – май 2024", RASSKAZOVO, "range", "2024-03-01", "2024-05-31"),
    ("Март – апрель 2024", RASSKAZOVO, "range", "2024-03-01", "2024-04-30"),
    ("Март – сентябрь 2024", RASSKAZOVO, "range", "2024-03-01", "2024-09-30"),
    ("В течение года", RASSKAZOVO, "continuous", "2024-01-01", "2024-12-31"),
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
    ("ежегодно, до 1 сентября", PYATIGORSK, "recurring", "2021-01-01", "2024-12-31"),
    ("ежемесячно", OMSK, "recurring", "2021-01-01", "2021-12-31"),
    ("до 25 числа каждого месяца", OMSK, "recurring", "2021-01-01", "2021-12-31"),
    ("IV квартал 2023", NONE, "quarter", "2023-10-01", "2023-12-31"),
    ("1 полугодие 2024", NONE, "half_year", "2024-01-01", "2024-06-30"),
    ("декабрь 2023, май 2024", NONE, "multiple", "2023-12-01", "2024-05-31"),
    ("Декабрь 2020г. Февраль 2021г.", NONE, "multiple", "2020-12-01", "2021-02-28"),
    ("06.02.2023 - 30.05.2023", NONE, "range", "2023-02-06", "2023-05-30"),
    ("до 17 сентября 2021 года", TOMSK, "by_date", "2021-09-02", "2021-09-17"),
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
    ("к 1 сентября", OMSK, "by_date", "2021-01-21", "2021-09-01"),
    ("до конца мая", OMSK, "by_date", "2021-01-21", "2021-05-31"),
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
    ("ежеквартально", OMSK, "recurring", "2021-01-01", "2021-12-31"),
    ("еженедельно", OMSK, "recurring", "2021-01-01", "2021-12-31"),
    ("ежегодно в августе", PYATIGORSK, "recurring", "2021-01-01", "2024-12-31"),
    ("по графику ИРО", OMSK, "per_schedule", "2021-01-01", "2021-12-31"),
    ("по графику проведения ВПР", OMSK, "per_schedule", "2021-01-01", "2021-12-31"),
    ("согласно графику ВПР", OMSK, "per_schedule", "2021-01-01", "2021-12-31"),
    ("по плану работы управления", OMSK, "per_schedule", "2021-01-01", "2021-12-31"),
    ("по итогам каждой процедуры", OMSK, "on_event", "2021-01-01", "2021-12-31"),
    ("по мере необходимости", OMSK, "on_event", "2021-01-01", "2021-12-31"),
    ("при необходимости", OMSK, "on_event", "2021-01-01", "2021-12-31"),
    ("по запросу", OMSK, "on_event", "2021-01-01", "2021-12-31"),
    ("в период проведения ВПР", OMSK, "on_event", "2021-01-01", "2021-12-31"),
    ("систематически", OMSK, "continuous", "2021-01-01", "2021-12-31"),
    ("в течение 2024 года", NONE, "range", "2024-01-01", "2024-12-31"),
    ("в течение периода", OMSK, "continuous", "2021-01-01", "2021-12-31"),
    ("весь период", OMSK, "continuous", "2021-01-01", "2021-12-31"),
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

EXAMPLES = FROM_SEEDS + FROM_ISSUE + NEW


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
