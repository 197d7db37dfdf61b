"""Layout rules as tables: column roles, numbering, row kinds, goals."""

from __future__ import annotations

import pytest

from extract.rules.columns import header_role, roles_from_content, roles_from_header
from extract.rules.numbering import parse_number, split_leading_number, successors
from extract.rules.rows import RowView, classify, split_goals
from schemas.document import Cell, Provenance, Row

HEADERS = [
    ("№ п/п", "number"), ("N", "number"), ("п/п", "number"), ("№", "number"), ("№ п.п.", "number"),
    ("Мероприятие", "text"), ("Наименование мероприятия", "text"),
    ("Направления деятельности, мероприятия", "text"), ("Содержание мероприятия", "text"),
    ("Срок", "deadline"), ("Сроки исполнения", "deadline"), ("Срок реализации", "deadline"),
    ("Сроки проведения", "deadline"), ("Дата проведения", "deadline"),
    ("Ответственные", "executors"), ("Ответственные исполнители", "executors"),
    ("Исполнители", "executors"), ("Ответственный", "executors"), ("Ответственный исполнитель", "executors"),
    ("Ожидаемый результат", "expected_result"), ("Ожидаемые результаты", "expected_result"),
    ("Результаты", "expected_result"), ("Примечание", "note"), ("Примечания", "note"),
    ("Форма представления результата", "result_form"), ("Форма отчетности", "result_form"),
    ("", None), ("Прочее", None),
]


@pytest.mark.parametrize(("text", "role"), HEADERS, ids=[h or "empty" for h, _ in HEADERS])
def test_header_role(text: str, role: str | None) -> None:
    assert header_role(text) == role


def test_roles_in_any_column_order() -> None:
    header = ["Срок", "Ответственный", "№", "Мероприятие", "Форма представления результата"]
    assert roles_from_header(header) == {
        "deadline": 0, "executors": 1, "number": 2, "text": 3, "result_form": 4,
    }


def test_roles_from_content_without_a_header() -> None:
    rows = [
        ["1.", "Проведение совещания с руководителями школ по итогам ВПР", "март 2024", "И.В. Швайко"],
        ["2.", "Мониторинг сайтов общеобразовательных организаций и публикаций", "в течение года", "МКУ ИМЦ"],
        ["3.", "Анализ результатов региональных диагностических работ", "до 15.05.2024", "Петров П.П."],
    ]
    columns = [[r[c] for r in rows] for c in range(4)]
    assert roles_from_content(columns) == {"number": 0, "deadline": 2, "executors": 3, "text": 1}


NUMBERS = [
    ("1", "1"), ("1.", "1"), ("1.1", "1.1"), ("1.1.", "1.1"), ("2.10.", "2.10"), ("3)", "3"),
    ("IV.", "IV"), ("II", "II"), (" 12 ", "12"), ("1 . 2", "1.2"),
    ("", None), ("Цель", None), ("1 2", None), ("2021", None),
]


@pytest.mark.parametrize(("text", "number"), NUMBERS, ids=[t or "empty" for t, _ in NUMBERS])
def test_parse_number(text: str, number: str | None) -> None:
    assert parse_number(text) == number


def test_split_leading_number() -> None:
    assert split_leading_number("I. Организационные меры") == ("I", "Организационные меры")
    assert split_leading_number("Раздел 2. Анализ") == ("2", "Анализ")
    assert split_leading_number("Организационные мероприятия") == (None, "Организационные мероприятия")


def test_successors() -> None:
    assert (1, 2) in successors((1, 1))
    assert (2, 1) in successors((1, 4))
    assert (2,) in successors((1, 4))
    assert (6, 5) not in successors((5, 5))


def view(texts: list[str], bold: bool = False, span: int = 1) -> RowView:
    cells = tuple(Cell(text=t, bold=bold, colspan=span if i == 0 else 1, prov=Provenance()) for i, t in enumerate(texts))
    row = Row(cells=cells, prov=Provenance())
    roles = {"number": 0, "text": 1, "deadline": 2, "executors": 3}
    return RowView(row, row.texts, roles, ("№", "мероприятие", "срок", "ответственные"))


KINDS = [
    ("column numbers", [["1", "2", "3", "4"]], "skip"),
    ("repeated header", [["№", "Мероприятие", "Срок", "Ответственные"]], "skip"),
    ("blank", [["", "", "", ""]], "skip"),
    ("goal", [["Цель: повысить объективность", "", "", ""]], "goal"),
    ("bold title in first cell", [["Организационные мероприятия", "", "", ""]], "section"),
    ("roman", [["II.", "Анализ результатов", "", ""]], "section"),
    ("numbered parent", [["1.", "Анализ результатов", "", ""], ["1.1.", "Сбор данных", "март", "ОУ"]], "section"),
    ("numbered measure", [["1.", "Сбор данных", "март", "ОУ"]], "measure"),
    ("title with number inside", [["", "1. Организация работы", "", ""]], "section"),
    ("unnumbered measure", [["", "Сбор данных", "март", "ОУ"]], "measure"),
]


@pytest.mark.parametrize(("name", "rows", "kind"), KINDS, ids=[k[0] for k in KINDS])
def test_row_kind(name: str, rows: list[list[str]], kind: str) -> None:
    views = [view(r) for r in rows]
    assert classify(views, 0) == kind


def test_second_header_row_and_orphans() -> None:
    sub = [view(["", "", "начало", "окончание"]), view(["1.", "Сбор данных", "март", "ОУ"]), view(["", "", "май", ""])]
    assert [classify(sub, i) for i in range(3)] == ["skip", "measure", "orphan"]


def test_merged_bold_row_is_a_section() -> None:
    assert classify([view(["Раздел о работе с родителями", "", "", ""], bold=True, span=4)], 0) == "section"


GOALS = [
    ("Цель: - первая; - вторая; - третья.", ["первая", "вторая", "третья"]),
    ("Цели: повысить объективность; обеспечить наблюдение", ["повысить объективность", "обеспечить наблюдение"]),
    ("Цель: повышение качества образования.", ["повышение качества образования"]),
]


@pytest.mark.parametrize(("text", "goals"), GOALS)
def test_split_goals(text: str, goals: list[str]) -> None:
    assert split_goals(text) == goals
