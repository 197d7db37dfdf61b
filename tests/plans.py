"""Synthetic plans for hostile-input tests and benchmarks: an order approving a plan, as DOCX, of
any number of measure rows. Built with python-docx alone (nothing from extract/ or pipelines/), so
what it draws is independent of what the reader makes of it.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document as new_docx

HEADER = ["№ п/п", "Мероприятие", "Срок исполнения", "Ответственный"]
FRONT = ["ПРИКАЗ", "12.01.2024 № 7", "Об утверждении плана мероприятий («дорожной карты») по повышению качества образования",
         "Приложение к приказу от 12.01.2024 № 7",
         "План мероприятий («дорожная карта») по повышению качества образования на 2024 год"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "сентября", "октября", "ноября", "декабря"]


def measure_row(i: int) -> list[str]:
    return [str(i), f"Проведение семинара для учителей школы № {i % 50 + 1} по теме {i}",
            f"до {i % 28 + 1} {MONTHS[i % 10]} 2024 г.", ["Петров П.П., начальник отдела", "МКУ ИМЦ"][i % 2]]


def plan_docx(path: Path, rows: list[list[str]]) -> Path:
    """An order approving a plan: the front matter, then a table of `HEADER` and `rows`."""
    document = new_docx()
    for text in FRONT:
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=len(HEADER))
    for row in [HEADER, *rows]:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.save(str(path))
    return path


def long_plan_docx(path: Path, count: int) -> Path:
    """`plan_docx` with `count` measures, the rows copied in XML (python-docx adds rows slowly)."""
    plan_docx(path, [measure_row(1)])
    document = new_docx(str(path))
    template = document.tables[0].rows[1]._tr
    body = template.getparent()
    for i in range(2, count + 1):
        tr = copy.deepcopy(template)
        for t, text in zip(tr.xpath(".//w:t"), measure_row(i)):
            t.text = text
        body.append(tr)
    document.save(str(path))
    return path
