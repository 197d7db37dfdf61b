"""The text-rendition reader: TAB rows, markdown pipe pieces, markup, continuation rows."""

from __future__ import annotations

from extract.readers.text import read_text
from schemas.document import Paragraph

PIPES = """Шапка

| № | Мероприятие | Срок |
|---|---|---|
| 1. | Первое мероприятие, которое | март |

| | | |
|---|---|---|
| | продолжается на новой странице | 2024 |
| 2. | Второе | май |

| № | Мероприятие | Срок |
|---|---|---|
| 3. | Третье | июнь |
"""

TABS = """**ПЛАН
мероприятий**

N\tМероприятие\tСрок\tОтветственные\tПримечание\tРезультат
<b>Раздел</b>\t\t\t\t\t
1.\tПервое\tмарт\tШестаков В.В. Наземкина\t\t

продолжение первого\t\tЕ.А.\t\t
2.\tВторое\tмай\tОУ\t\t
--\t--\t--\t------\t--\t--
"""


def test_pipe_pieces_are_one_table_without_placeholders_or_repeated_headers() -> None:
    doc = read_text(PIPES.encode())
    assert len(doc.tables) == 1
    rows = [r.texts for r in doc.tables[0].rows]
    assert rows == [
        ["№", "Мероприятие", "Срок"],
        ["1.", "Первое мероприятие, которое продолжается на новой странице", "март 2024"],
        ["2.", "Второе", "май"],
        ["3.", "Третье", "июнь"],
    ]


def test_tab_rows_markup_short_continuation_and_artifacts() -> None:
    doc = read_text(TABS.encode())
    title = doc.blocks[0]
    assert isinstance(title, Paragraph) and title.bold and title.text == "ПЛАН\nмероприятий"
    rows = doc.tables[0].rows
    assert rows[1].cells[0].bold and rows[1].texts[0] == "Раздел"
    assert rows[2].texts == ["1.", "Первое продолжение первого", "март", "Шестаков В.В. Наземкина Е.А.", "", ""]
    assert [r.texts[0] for r in rows] == ["N", "Раздел", "1.", "2."]


def test_single_tab_line_is_a_paragraph() -> None:
    doc = read_text("02.09.2021\t№ 792/р\n\nтекст".encode())
    assert doc.tables == []
    assert [p.text for p in doc.paragraphs] == ["02.09.2021 № 792/р", "текст"]


def test_unnumbered_row_without_a_break_stays_a_row() -> None:
    doc = read_text("№\tМероприятие\tСрок\n1.\tПервое\tмарт\n\tБез номера\tмай\n".encode())
    assert [r.texts for r in doc.tables[0].rows][2] == ["", "Без номера", "май"]


def test_cp1251_text() -> None:
    doc = read_text("ПРИКАЗ\n".encode("cp1251"))
    assert doc.paragraphs[0].text == "ПРИКАЗ"


def test_a_header_repeated_with_a_slip_is_dropped_as_in_the_other_readers() -> None:
    """The one repeated-header check (extract.tables.repeats_header): «№ п/п | Мероприятия | Сроки
    исполнения» printed again as «№ п/п | Мероприятие | Срок исполнения» is the header, not a row."""
    text = ("| № п/п | Мероприятия | Сроки исполнения |\n|---|---|---|\n| 1. | Первое | март |\n\n"
            "| № п/п | Мероприятие | Срок исполнения |\n|---|---|---|\n| 2. | Второе | май |\n")
    rows = [r.texts for r in read_text(text.encode()).tables[0].rows]
    assert rows == [["№ п/п", "Мероприятия", "Сроки исполнения"], ["1.", "Первое", "март"], ["2.", "Второе", "май"]]
