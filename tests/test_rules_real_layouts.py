"""Unit tests of the rules real documents needed: Word's automatic numbering, tables whose merged
columns shift, stacked items, words broken in narrow cells, clauses, OCR abbreviations, plan detection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extract.normalize import join_lines
from extract.readers.docx import read_docx
from extract.readers.ocr_lexicon import mend_abbreviations
from extract.rules.clauses import read_clauses
from extract.rules.detection import detect
from extract.rules.lines import lines_of
from extract.tables import regrid
from pipelines.locate import unstacked
from schemas.document import Cell, Paragraph, Provenance, Row, Table


def element(tag: str, **attrs: str) -> Any:
    out = OxmlElement(tag)
    for key, value in attrs.items():
        out.set(qn(f"w:{key}"), value)
    return out


def numbered_docx(path: Path, nums: dict[str, dict[str, Any]], paragraphs: list[tuple[str, str, int]],
                  levels: list[tuple[str, str, str]]) -> bytes:
    """A DOCX with one abstract list (levels: start, numFmt, lvlText), the given w:num entries
    (numId → {"start": {level: value}}) and paragraphs (numId, text, level)."""
    document = new_docx()
    numbering = document.part.numbering_part.element
    abstract = element("w:abstractNum", abstractNumId="90")
    for ilvl, (start, fmt, text) in enumerate(levels):
        lvl = element("w:lvl", ilvl=str(ilvl))
        lvl.append(element("w:start", val=start))
        lvl.append(element("w:numFmt", val=fmt))
        lvl.append(element("w:lvlText", val=text))
        abstract.append(lvl)
    first = numbering.find(qn("w:num"))
    if first is not None:
        first.addprevious(abstract)
    else:
        numbering.append(abstract)
    for num_id, spec in nums.items():
        num = element("w:num", numId=num_id)
        num.append(element("w:abstractNumId", val="90"))
        for ilvl, value in spec.get("start", {}).items():
            override = element("w:lvlOverride", ilvl=str(ilvl))
            override.append(element("w:startOverride", val=value))
            num.append(override)
        numbering.append(num)
    for num_id, text, ilvl in paragraphs:
        para = document.add_paragraph(text)
        num_pr = element("w:numPr")
        num_pr.append(element("w:ilvl", val=str(ilvl)))
        num_pr.append(element("w:numId", val=num_id))
        para._p.get_or_add_pPr().insert(0, num_pr)
    document.save(str(path))
    return path.read_bytes()


def texts_of(data: bytes) -> list[str]:
    return [b.text for b in read_docx(data, "x.docx").blocks if isinstance(b, Paragraph)]


DECIMAL = [("1", "decimal", "%1."), ("1", "decimal", "%1.%2.")]


def test_lists_over_one_abstract_list_count_on_and_a_start_override_restarts(tmp_path: Path) -> None:
    data = numbered_docx(tmp_path / "a.docx", {"7": {}, "8": {}, "9": {"start": {0: "1"}}},
                         [("7", "А", 0), ("7", "Б", 0), ("8", "В", 0), ("8", "Г", 1), ("7", "Д", 0), ("9", "Е", 0)],
                         DECIMAL)
    assert texts_of(data) == ["1. А", "2. Б", "3. В", "3.1. Г", "4. Д", "1. Е"]


@pytest.mark.parametrize(("levels", "expected"), [
    ([("1", "decimal", "%5.")], "Утвердить"),                      # a level that does not exist prints nothing
    ([("1", "decimal", "%1.%2.")], "1. Утвердить"),                 # a deeper placeholder at level 0
    ([("²", "decimal", "%1.")], "1. Утвердить"),                    # junk start
    ([("2000000000", "lowerLetter", "%1)")], None),                 # a huge start is capped, not 77 MB a label
    ([("4", "upperRoman", "%1.")], "IV. Утвердить"),
])
def test_odd_numbering_values_never_crash(tmp_path: Path, levels: list[tuple[str, str, str]], expected: str | None) -> None:
    text = texts_of(numbered_docx(tmp_path / "b.docx", {"5": {}}, [("5", "Утвердить", 0)], levels))[0]
    assert text == expected if expected else len(text) < 2000


def cell(text: str, colspan: int = 1) -> Cell:
    return Cell(text=text, colspan=colspan, prov=Provenance())


def row(*cells: Cell) -> Row:
    return Row(cells=cells, prov=Provenance(page=1))


def test_rows_whose_merged_columns_shift_read_as_the_plans_columns() -> None:
    rows = [row(cell("СЕКЦИЯ", 4)), row(cell("1. Текст", 2), cell("май"), cell("Иванов И.И.")),
            row(cell("2. Текст"), cell("июнь", 2), cell("Петров П.П.")), row()]
    out = regrid(rows, 3)
    assert out is not None
    assert [[(c.text, c.colspan) for c in r.cells] for r in out] == [
        [("СЕКЦИЯ", 3)], [("1. Текст", 1), ("май", 1), ("Иванов И.И.", 1)],
        [("2. Текст", 1), ("июнь", 1), ("Петров П.П.", 1)], []]
    assert regrid([row(cell("a"), cell("b"))], 3) is None


ROLES = {"number": 0, "text": 1, "deadline": 2, "executors": 3}


def test_stacked_items_become_one_row_each_with_their_parallel_paragraphs() -> None:
    stacked = row(cell(""), cell("2. Провести мониторинг\n3. Организовать\nпробный экзамен\n4. Провести собеседование"),
                  cell("март 2025\nмарт 2025\nапрель 2025"), cell("Карпенко М.А."))
    out = unstacked(stacked, ROLES)
    assert [r.texts for r in out] == [
        ["2.", "Провести мониторинг", "март 2025", "Карпенко М.А."],
        ["3.", "Организовать пробный экзамен", "март 2025", "Карпенко М.А."],
        ["4.", "Провести собеседование", "апрель 2025", "Карпенко М.А."]]


def test_a_numbered_measure_listing_its_stages_stays_one_measure() -> None:
    measure = row(cell("5."), cell("1. этап: анкетирование\n2. этап: анализ"), cell("май"), cell("Иванов И.И."))
    assert unstacked(measure, ROLES) == [measure]


@pytest.mark.parametrize(("lines", "joined"), [
    (["Выполнение противопожарн", "ых мероприятий"], "Выполнение противопожарных мероприятий"),
    (["психолого-п", "едагогическое"], "психолого-педагогическое"),
    (["учителя", "ми-предметниками"], "учителями-предметниками"),
    (["информационно", "-телекоммуникационной"], "информационно-телекоммуникационной"),
    (["работа по", "том"], "работа по том"),
    (["контроль за", "дача"], "контроль за дача"),
    (["Организовать работу по направлениям", "-проведение семинаров"], "Организовать работу по направлениям -проведение семинаров"),
])
def test_words_broken_in_narrow_cells_are_joined_and_nothing_else(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_clauses_name_their_deadlines_and_persons_in_the_nominative() -> None:
    paragraphs = [
        "1. Утвердить план мероприятий.",
        "2. Главному бухгалтеру Е.С. Мельниковой внести изменения в срок до 08.09.2023.",
        "3. Провести педагогический совет 5 ноября 2025 года; признать утратившим силу приказ от 30.08.2022 № 7.",
        "4. Контроль за исполнением приказа возложить на заместителя директора Н.С. Орлову.",
    ]
    lines = lines_of([Paragraph(text=t, prov=Provenance(page=1)) for t in paragraphs])
    clauses, control = read_clauses(lines)
    assert [(c.number, c.deadline, c.names) for c in clauses] == [
        ("1", None, []), ("2", "в срок до 08.09.2023", ["Е.С. Мельникова"]), ("3", "5 ноября 2025 года", []),
        ("4", None, ["Н.С. Орлова"])]
    assert control is not None and (control.name, control.position) == ("Н.С. Орлова", "заместитель директора")


def ocr_table(*texts: str) -> Table:
    rows = tuple(Row(cells=(Cell(text=t, confidence=0.9, prov=Provenance()),), prov=Provenance()) for t in texts)
    return Table(index=0, rows=rows, prov=Provenance())


def test_an_abbreviation_misread_once_is_mended_from_the_documents_own_but_another_school_is_not() -> None:
    table = ocr_table("МКУ ИМЦРО", "МКУ ИМЦРО, ОУ", "МКУ ИМЦРО", "МКУ ИМКРО", "Oy", "ОУ", "ОУ", "СШИ № 11",
                      "СШИ № 11", "СШИ № 11", "КШИ № 9")
    mended = mend_abbreviations([table])[0]
    assert isinstance(mended, Table)
    assert [r.cells[0].text for r in mended.rows][3:5] == ["МКУ ИМЦРО", "ОУ"]
    assert mended.rows[-1].cells[0].text == "КШИ № 9"


def test_a_price_list_is_no_plan_and_a_plan_is_one() -> None:
    prices = detect(['"Финансы и кредит"', '"Юриспруденция"', '"Транспортное строительство"'], [False] * 3, [False] * 3)
    plan = detect(["Проведение совещания", "Организовать мониторинг", "Анализ результатов"], [True] * 3, [True] * 3)
    assert not prices.is_plan and plan.is_plan and plan.score == 1.0
    assert "100% of 3 rows open with an action" in plan.reasons[0]


def test_cells_inside_content_controls_and_junk_spans_are_read(tmp_path: Path) -> None:
    document = new_docx()
    table = document.add_table(rows=2, cols=3)
    for c, text in zip(table.rows[0].cells, ["№", "Мероприятие", "Срок"]):
        c.text = text
    tr = table.rows[1]._tr
    for c, text in zip(table.rows[1].cells, ["1.", "Провести совещание", "май"]):
        c.text = text
    cells = list(tr.iterchildren(qn("w:tc")))
    sdt, content = element("w:sdt"), element("w:sdtContent")
    sdt.append(content)
    tr.append(sdt)
    for tc in cells:
        content.append(tc)  # the row's cells now sit inside a content control
    cells[0].get_or_add_tcPr().append(element("w:gridSpan", val="0"))
    cells[1].get_or_add_tcPr().append(element("w:gridSpan", val="abc"))
    path = tmp_path / "sdt.docx"
    document.save(str(path))
    read = [b for b in read_docx(path.read_bytes(), "sdt.docx").blocks if isinstance(b, Table)][0]
    assert read.rows[1].texts == ["1.", "Провести совещание", "май"]


def test_rows_under_a_vertically_merged_measure_are_more_of_it(tmp_path: Path) -> None:
    """«1 | Проведение … | январь | Иванов» over «(merged) | (merged) | февраль | Петров»."""
    document = new_docx()
    document.add_paragraph("ПЛАН МЕРОПРИЯТИЙ на 2025 год")
    table = document.add_table(rows=4, cols=4)
    for r, texts in enumerate([["№", "Мероприятие", "Срок", "Ответственный"],
                               ["1.", "Проведение совещаний с руководителями", "январь", "Иванов И.И."],
                               ["", "", "февраль", "Петров П.П."],
                               ["2.", "Анализ результатов мониторинга", "март", "Сидоров С.С."]]):
        for c, text in zip(table.rows[r].cells, texts):
            c.text = text
    for col in (0, 1):
        table.cell(1, col).merge(table.cell(2, col))
    table.cell(1, 0).text, table.cell(1, 1).text = "1.", "Проведение совещаний с руководителями"
    path = tmp_path / "vmerge.docx"
    document.save(str(path))
    from pipelines.parse import parse

    measures = parse(path).plan.measures  # type: ignore[union-attr]
    assert [(m.number, m.deadline.raw if m.deadline else None, m.executors_raw) for m in measures] == [
        ("1", "январь февраль", "Иванов И.И. Петров П.П."), ("2", "март", "Сидоров С.С.")]


def test_clauses_printed_on_the_line_of_the_operative_word_count() -> None:
    from pipelines.requisites import operative_lines

    lines = lines_of([Paragraph(text="ПРИКАЗЫВАЮ: 1. Утвердить план мероприятий.", prov=Provenance()),
                      Paragraph(text="2. Контроль за исполнением приказа оставляю за собой.", prov=Provenance())])
    clauses, control = read_clauses(operative_lines(lines, None, len(lines)))
    assert [(c.number, c.text) for c in clauses] == [("1", "Утвердить план мероприятий."),
                                                    ("2", "Контроль за исполнением приказа оставляю за собой.")]
    assert control is not None and control.name is None
