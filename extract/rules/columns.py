"""Column roles: from header text with synonyms, or from content when the header is missing.

Roles: number, text, deadline, executors, expected_result, result_form, note.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.rules.dates import MONTH_NAME
from extract.rules.numbering import is_plain_number

Roles = dict[str, int]

# A word's ending after a stem is bounded (\w{0,12}): searched in a long word that repeats the stem
# («формформ…»), an unbounded \w* would rescan the word to its end from every repeat.
# Header words per role, checked in this order (a «Форма представления результата» column is a
# result form, not an expected result; «Сроки исполнения» is a deadline, not an executor).
HEADER_RULES: list[tuple[str, re.Pattern[str]]] = [
    # «Наименование задачи, результата, мероприятия» names the text column, whatever follows.
    ("text", re.compile(r"^(?:наименовани\w*|содержани\w*|мероприяти\w*|перечень мероприятий)(?:\s+(?:задач|мероприят|работ|направлен)|$)", re.I)),
    ("number", re.compile(r"^(?:№|n|no|nn|п/п|№\s*п/?п|номер)\b|^№", re.I)),
    ("result_form", re.compile(r"форм\w{0,12}\s+(?:представлен|отчет|контрол)|итогов\w{1,12} документ", re.I)),
    ("expected_result", re.compile(r"результат|показател|индикатор", re.I)),
    ("note", re.compile(r"примечан|комментар", re.I)),
    ("deadline", re.compile(r"срок|дата|период|когда", re.I)),
    ("executors", re.compile(r"ответствен|исполнител|кто\b|участник", re.I)),
    ("text", re.compile(r"мероприят|наименован|содержан|направлен|действи|вид\w{0,12} работ", re.I)),
]

DEADLINE_CONTENT = re.compile(
    rf"\b{MONTH_NAME}|\b\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}|\b(?:19|20)\d\d\b|в течение|постоянно|ежегодно|"
    r"ежемесячно|по мере|квартал|полугоди|по графику|согласно",
    re.I,
)
PERSON_CONTENT = re.compile(r"[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.")
BODY_CONTENT = re.compile(r"\b(?:МКУ|МБУ|ОУ|ОО|управлени|отдел|департамент|комитет|директор|руководител)", re.I)


def header_role(text: str) -> str | None:
    clean = " ".join(text.split()).strip(" .:")
    if not clean:
        return None
    for role, pattern in HEADER_RULES:
        if pattern.search(clean):
            return role
    return None


def roles_from_header(texts: list[str]) -> Roles:
    """Map each role to the first column whose header names it."""
    roles: Roles = {}
    for col, text in enumerate(texts):
        role = header_role(text)
        if role and role not in roles:
            roles[role] = col
    return roles


def is_header(texts: list[str]) -> bool:
    roles = roles_from_header(texts)
    return "text" in roles and len(roles) >= 2 or len(roles) >= 3


def share(cells: list[str], test: Callable[[str], bool]) -> float:
    filled = [c for c in cells if c.strip()]
    return sum(map(test, filled)) / len(filled) if filled else 0.0


def roles_from_content(columns: list[list[str]]) -> Roles:
    """Guess roles from what the cells hold: numbers, dates, names, the longest text."""
    scores: dict[str, list[float]] = {
        "number": [share(c, is_plain_number) for c in columns],
        "deadline": [share(c, lambda t: bool(DEADLINE_CONTENT.search(t)) and len(t) < 80) for c in columns],
        "executors": [
            share(c, lambda t: bool(PERSON_CONTENT.search(t) or BODY_CONTENT.search(t)) and len(t) < 200)
            for c in columns
        ],
    }
    roles: Roles = {}
    taken: set[int] = set()
    for role, values in scores.items():
        best = max(range(len(columns)), key=lambda i: values[i], default=None)
        if best is not None and best not in taken and values[best] >= 0.6:
            roles[role] = best
            taken.add(best)
    lengths = [sum(len(t) for t in c) / max(1, len([t for t in c if t.strip()])) for c in columns]
    free = [i for i in range(len(columns)) if i not in taken]
    if free:
        roles["text"] = max(free, key=lambda i: lengths[i])
    return roles


def with_number_column(roles: Roles, columns: list[list[str]]) -> Roles:
    """A header that names no number column («N» misread by OCR, a blank first header cell) still
    has one when a free column holds mostly item numbers."""
    if "number" in roles:
        return roles
    taken = set(roles.values())
    for col, cells in enumerate(columns):
        if col not in taken and share(cells, is_plain_number) >= 0.6:
            return {"number": col, **roles}
    return roles
