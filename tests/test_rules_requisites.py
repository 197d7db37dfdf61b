"""Requisite rules as tables: type, number, date, place, basis, signatures, stamps, executors."""

from __future__ import annotations

import pytest
from conftest import ROOT

from extract.normalize import fold_spaces, join_lines, strip_markup
from extract.rules.dates import find_date
from extract.rules.executors import split_executors
from extract.rules.lines import lines_of
from extract.rules.period import infer_period
from extract.rules.requisites import NUMBER, city_of, find_basis, find_number, read_header
from extract.rules.schools import schools_in_cell
from extract.rules.signatures import find_signatories, find_stamps, signature_zone
from schemas.document import Paragraph, Provenance


def lines(*texts: str):  # type: ignore[no-untyped-def]
    return lines_of([Paragraph(text=t, prov=Provenance()) for t in texts])


HEADERS = [
    (["АДМИНИСТРАЦИЯ", "П Р И К А З", "« 5 » марта 2023 г.", "№ 45"], ("приказ", "45", "2023-03-05")),
    (["РАСПОРЯЖЕНИЕ", "02.09.2021\t№ 792/р"], ("распоряжение", "792/р", "2021-09-02")),
    (["ПОСТАНОВЛЕНИЕ", "11 марта 2024 г. N 01-09/317"], ("постановление", "01-09/317", "2024-03-11")),
    (["ПРИКАЗ № 12 от 01.02.2022"], ("приказ", "12", "2022-02-01")),
    (["Р А С П О Р Я Ж Е Н И Е", "от 3.4.22", "No 7-р"], ("распоряжение", "7-р", "2022-04-03")),
    (["Приказом установлено", "ничего"], (None, None, None)),
]


@pytest.mark.parametrize(("texts", "expected"), HEADERS, ids=[h[0][0] for h in HEADERS])
def test_header(texts: list[str], expected: tuple[str | None, ...]) -> None:
    header = read_header(lines(*texts))
    assert (header.doc_type, header.number, header.date) == expected


DATES = [
    ("02.09.2021", "2021-09-02"), ("« 22 » сентября 2021 года", "2021-09-22"), ("11 марта 2024 г.", "2024-03-11"),
    ("«21» января 2021 г.", "2021-01-21"), ("от 22.09.2021г. № 1082", "2021-09-22"), ("1.2.23", "2023-02-01"),
    ("31.02.2021", None), ("2021-2022", None),
]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_find_date(text: str, iso: str | None) -> None:
    found = find_date(text)
    assert (found[0] if found else None) == iso


@pytest.mark.parametrize(("text", "number"), [("№ 792/р", "792/р"), ("N 45", "45"), ("№01-09/317.", "01-09/317"),
                                               ("No 5", "5"), ("без номера", None)])
def test_find_number(text: str, number: str | None) -> None:
    found = find_number(text)
    assert (found[0] if found else None) == number


CITIES = [
    (("г.Пятигорск", None), "Пятигорск"), ((None, "АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА"), "Томск"),
    (("г. Рассказово", None), "Рассказово"), ((None, "департамент образования Администрации города Омска"), "Омск"),
    ((None, "Управление образования города Москвы"), "Москва"), ((None, "Комитет по образованию"), None),
]


@pytest.mark.parametrize(("texts", "city"), CITIES, ids=[c or "none" for _, c in CITIES])
def test_city(texts: tuple[str | None, str | None], city: str | None) -> None:
    assert city_of(*texts) == city


def test_basis_with_unclosed_quote_and_two_acts() -> None:
    text = ("В соответствии с Федеральным законом от 29 декабря 2012 года № 273-ФЗ «Об образовании», "
            "приказом министерства от 27.02.2024 №424 «Об утверждении карты «Обеспечение объективности, в целях")
    basis = find_basis(text)
    assert [(b.kind, b.date, b.number) for b in basis] == [("закон", "2012-12-29", "273-ФЗ"), ("приказ", "2024-02-27", "424")]
    assert basis[0].text == "Федеральным законом от 29 декабря 2012 года № 273-ФЗ «Об образовании»"
    assert basis[1].text.endswith("«Об утверждении карты «Обеспечение объективности")


def test_signatures_pair_positions_with_names() -> None:
    ls = lines("1. Утвердить план.", "2. Контроль оставляю за собой.", "И.о. начальника департамента\nобразования",
               "Заместитель начальника\nдепартамента образования", "М.Г. Савенков", "И.В. Швайко",
               "Начальник отдела Григорьев А.Ю.", "Исп. Иванова И.И., 22-33-44")
    found = find_signatories(signature_zone(ls, len(ls)))
    assert [(s.name, s.position) for s in found] == [
        ("М.Г. Савенков", "И.о. начальника департамента образования"),
        ("И.В. Швайко", "Заместитель начальника департамента образования"),
        ("А.Ю. Григорьев", "Начальник отдела"),
    ]


def test_stamps() -> None:
    ls = lines("УТВЕРЖДАЮ", "директор департамента образования", "Л.Г. Ефимова", "«21» января 2021 г.",
               "СОГЛАСОВАНО:", "Председатель профсоюза Петров П.П.", "01.02.2021")
    stamps = find_stamps(ls)
    assert [(s.kind, s.name, s.position, s.date) for s in stamps] == [
        ("approved", "Л.Г. Ефимова", "директор департамента образования", "2021-01-21"),
        ("agreed", "П.П. Петров", "Председатель профсоюза", "2021-02-01"),
    ]


EXECUTORS = [
    ("И.В. Швайко О.И. Назарова А.Е. Чех", [("person", "И.В. Швайко"), ("person", "О.И. Назарова"), ("person", "А.Е. Чех")]),
    ("Шестаков В.В. Васюхичев Д.В. Наземкина Е.А.", [("person", "В.В. Шестаков"), ("person", "Д.В. Васюхичев"), ("person", "Е.А. Наземкина")]),
    ("Т.И.Герасименко", [("person", "Т.И. Герасименко")]),
    ("Петрова Ирина Викторовна", [("person", "И.В. Петрова")]),
    ("Романенко С.А., Васюхичев Д.В.", [("person", "С.А. Романенко"), ("person", "Д.В. Васюхичев")]),
    ("МКУ ИМЦРО, общеобразовательные учреждения (далее - ОУ)", [("organization", "МКУ ИМЦРО"), ("organization", "общеобразовательные учреждения")]),
    ("Управление образования; МКУ «ИМЦ»", [("organization", "Управление образования"), ("organization", "МКУ «ИМЦ»")]),
    ("Директора общеобразовательных учреждений", [("role", "Директора общеобразовательных учреждений")]),
    ("Зам.директора по УВР", [("role", "Зам.директора по УВР")]),
    ("руководители ОО", [("role", "руководители ОО")]),
]


@pytest.mark.parametrize(("raw", "expected"), EXECUTORS, ids=[e[0] for e in EXECUTORS])
def test_split_executors(raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.kind, e.name) for e in split_executors(raw)] == expected


def test_person_with_position() -> None:
    [executor] = split_executors("начальник отдела Е.А. Смирнова")
    assert (executor.name, executor.position) == ("Е.А. Смирнова", "начальник отдела")
    [after] = split_executors("Петров П.П., зам. начальника управления")
    assert (after.name, after.position) == ("П.П. Петров", "зам. начальника управления")
    assert [e.kind for e in split_executors("И.В. Швайко, Директора ОО")] == ["person", "role"]


PERIODS = [
    ("на 2021-2022 учебный год", ("2021-09-01", "2022-08-31")), ("на 2021 - 2024 годы", ("2021-01-01", "2024-12-31")),
    ("в 2024 году", ("2024-01-01", "2024-12-31")), ("на 2021 год", ("2021-01-01", "2021-12-31")),
    ("на 2023-2024 гг.", ("2023-01-01", "2024-12-31")), ("без периода", None),
]


@pytest.mark.parametrize(("text", "period"), PERIODS)
def test_infer_period(text: str, period: tuple[str, str] | None) -> None:
    found = infer_period(text)
    assert ((found.start, found.end) if found else None) == period


JOINS = [
    (["ана-", "лиз"], "анализ"), (["информационно-", "методический"], "информационно-методический"),
    (["учителей-", "предметников"], "учителей-предметников"), (["Февраль-", "декабрь 2021"], "Февраль-декабрь 2021"),
    (["2023-", "2024 годы"], "2023-2024 годы"), (["Управление", "образования"], "Управление образования"),
    (["пере\u00adпроверка"], "перепроверка"), (["a\u00a0b"], "a b"),
]


@pytest.mark.parametrize(("lines_in", "text"), JOINS, ids=[j[1] for j in JOINS])
def test_join_lines(lines_in: list[str], text: str) -> None:
    assert join_lines(lines_in) == text


def test_markup() -> None:
    assert strip_markup("**ПЛАН**") == ("ПЛАН", True)
    assert strip_markup("<b>Цель:</b> повысить") == ("Цель: повысить", False)
    assert fold_spaces(" a \t b\n") == "a b"


@pytest.mark.parametrize("sign", ["№", "No", "N", "N."])
def test_one_number_sign_everywhere_ocr_no_included(sign: str) -> None:
    """«No» is how ocrmypdf's text layer writes «№»: schools, requisites and appendix labels read it."""
    from extract.rules.signatures import APPENDIX

    assert [s.label for s in schools_in_cell(f"МАОУ СОШ {sign} 4")] == ["СОШ № 4"]
    assert NUMBER.search(f"от 02.09.2021 {sign} 792/р").group("num") == "792/р"  # type: ignore[union-attr]
    assert APPENDIX.match(f"Приложение {sign} 2")


def test_no_rule_spells_the_number_sign_its_own_way() -> None:
    import re as regex

    for path in (ROOT / "extract" / "rules").glob("*.py"):
        if path.name == "lines.py":
            continue
        assert not regex.search(r"\(\?:№\|N", path.read_text(encoding="utf-8")), path
