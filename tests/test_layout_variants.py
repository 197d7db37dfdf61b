"""Orders laid out unlike the samples, built here with python-docx: requisites in layout tables,
a column-number row, merged roman sections, «1.1.» numbering, a position after a name."""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx

from pipelines.parse import parse

ROWS = [
    ["№ п/п", "Мероприятия", "Сроки", "Ответственные", "Результат"], ["1", "2", "3", "4", "5"],
    ["I. Организационные меры", "", "", "", ""],
    ["1.1.", "Создание рабочей группы", "до 01.03.2023 г.", "Петров П.П., зам. начальника управления", "Приказ"],
    ["1.2.", "Проведение совещания с директорами школ", "март 2023 г.", "Управление образования", "Протокол"],
    ["II. Контроль", "", "", "", ""],
    ["2.1.", "Выборочная перепроверка работ ВПР", "апрель - май 2023 г.", "Сидорова А.А.", "Справка"],
]


def two_cells(document, left: str, right: str) -> None:  # type: ignore[no-untyped-def]
    row = document.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text, row.cells[1].text = left, right


def build(path: Path) -> Path:
    d = new_docx()
    two_cells(d, "АДМИНИСТРАЦИЯ ГОРОДА КАЛУГИ\nУПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "")
    d.add_paragraph("ПРИКАЗ")
    two_cells(d, "15.02.2023", "№ 45-од")
    d.add_paragraph("О плане мероприятий по повышению объективности оценивания")
    d.add_paragraph("На основании письма министерства образования Калужской области от 01.02.2023 № 12/3-23 ПРИКАЗЫВАЮ:")
    d.add_paragraph("1. Утвердить план мероприятий (приложение).")
    d.add_paragraph("2. Контроль оставляю за собой.")
    two_cells(d, "Начальник управления", "И.И. Иванов")
    d.add_paragraph("Приложение к приказу от 15.02.2023 № 45-од")
    d.add_paragraph("План мероприятий по повышению объективности оценивания на 2023 год")
    table = d.add_table(rows=0, cols=5)
    for texts in ROWS:
        for cell, text in zip(table.add_row().cells, texts):
            cell.text = text
    for i in (2, 5):
        table.rows[i].cells[0].merge(table.rows[i].cells[4]).text = ROWS[i][0]
    d.save(str(path))
    return path


def test_requisites_from_layout_tables(tmp_path: Path) -> None:
    doc = parse(build(tmp_path / "order.docx")).document
    assert (doc.doc_type, doc.number, doc.date, doc.city) == ("приказ", "45-од", "2023-02-15", "Калуга")
    assert doc.authority == "АДМИНИСТРАЦИЯ ГОРОДА КАЛУГИ УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"
    assert [(s.name, s.position) for s in doc.signatories] == [("И.И. Иванов", "Начальник управления")]
    assert [(b.kind, b.number) for b in doc.basis] == [("письмо", "12/3-23")]


def test_plan_with_column_numbers_and_roman_sections(tmp_path: Path) -> None:
    result = parse(build(tmp_path / "order.docx"))
    plan = result.plan
    assert plan is not None and plan.period is not None
    assert [(s.number, s.title) for s in plan.sections] == [("I", "Организационные меры"), ("II", "Контроль")]
    assert [(m.number, m.section) for m in plan.measures] == [("1.1", "I"), ("1.2", "I"), ("2.1", "II")]
    first = plan.measures[0]
    assert first.deadline and (first.deadline.kind, first.deadline.end) == ("by_date", "2023-03-01")
    assert [(e.name, e.position) for e in first.executors] == [("П.П. Петров", "зам. начальника управления")]
    assert result.warnings == []


def test_two_row_header_is_not_a_measure(tmp_path: Path) -> None:
    d = new_docx()
    d.add_paragraph("ПРИКАЗ")
    d.add_paragraph("План мероприятий на 2024 год")
    table = d.add_table(rows=0, cols=5)
    for texts in [["№", "Мероприятие", "Срок", "", "Исполнитель"], ["", "", "начало", "окончание", ""],
                  ["1.", "Анализ результатов ВПР", "март 2024", "апрель 2024", "ЦОКО"],
                  ["2.", "Семинар для заместителей директоров", "май 2024", "май 2024", "Иванова И.И."]]:
        for cell, text in zip(table.add_row().cells, texts):
            cell.text = text
    table.rows[0].cells[2].merge(table.rows[0].cells[3]).text = "Срок"
    plan = parse(_save(d, tmp_path / "two-rows.docx")).plan
    assert plan is not None
    assert [m.number for m in plan.measures] == ["1", "2"]
    first, second = (m.deadline for m in plan.measures)
    # «Срок» over «начало | окончание»: one deadline from the two sub-columns, nothing dropped
    assert first and (first.raw, first.start, first.end) == ("март 2024 – апрель 2024", "2024-03-01", "2024-04-30")
    assert second and second.raw == "май 2024"


def _save(document, path: Path) -> Path:  # type: ignore[no-untyped-def]
    document.save(str(path))
    return path
