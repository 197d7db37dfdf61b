"""What a table row is: skipped, a goal, a section header, a programme's task or result
indicator, a part of the measure above, a row with only a number (empty), an orphan, or a measure.

Ordered named rules, each returning a verdict or None; the first verdict wins and `measure`
is the default. The list `ROW_RULES` documents the layout conventions we know.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from extract.normalize import fold_spaces
from extract.rules.columns import Roles
from extract.rules.lines import SIGN
from extract.rules.numbering import is_child, is_roman, parse_number, split_leading_number
from extract.tables import repeats_header
from schemas.document import Row

GOAL_HEAD = re.compile(r"^\s*(?:цел[ьи]|задач[аи])\s*(?:[:.]|\s-)", re.I)
# A programme table («Задачи, результаты, мероприятия»): tasks, groups of result indicators and
# groups of measures under one hierarchical numbering.
TASK_HEAD = re.compile(r"^\s*задача\s*+(?:" + SIGN + r"\s*+)?\d+\b", re.I)  # possessive: spaces read one way
INDICATOR_GROUP = re.compile(r"^\s*(?:результат\w*|(?:целев\w+\s)?показател\w*|индикатор\w*)[\s:.]*$", re.I)
MEASURE_GROUP = re.compile(r"^\s*(?:мероприяти[яе]|перечень мероприятий)[\s:.]*$", re.I)
GROUP_LOOKBACK = 300  # rows: how far above its rows a group heading may stand
PART_LOOKBACK = 30  # rows: how far above a part its numbered measure may stand
TOTAL = re.compile(r"^\s*(?:итого|всего)\b", re.I)
# A line break takes the spaces and breaks after it: tried from each break of a long run, «\n\s*-»
# would rescan the run from every one; the pieces between them were blank and are dropped anyway.
BULLET = re.compile(r"(?:^|[;.]|\n)\s*+[-–—•·▪]\s+|;\s*\n|\n\s*+")


@dataclass(frozen=True)
class RowView:
    """A row as the rules see it: grid texts, the role cells, and layout facts."""

    row: Row
    texts: list[str]
    roles: Roles
    header_key: tuple[str, ...]
    programme: bool = False  # the table groups its rows into tasks, results and measures

    def cell(self, role: str) -> str:
        col = self.roles.get(role)
        return self.texts[col] if col is not None and col < len(self.texts) else ""

    @property
    def filled(self) -> list[tuple[int, str]]:
        return [(i, t) for i, t in enumerate(self.texts) if t.strip()]

    @property
    def bold(self) -> bool:
        cells = [c for c in self.row.cells if c.text.strip()]
        return bool(cells) and all(c.bold for c in cells)

    @property
    def merged(self) -> bool:
        return any(c.colspan >= 2 and c.text.strip() for c in self.row.cells)

    @cached_property
    def number(self) -> str | None:
        return parse_number(self.cell("number")) if "number" in self.roles else None

    @property
    def only_heading_cells(self) -> bool:
        """Nothing but a number and one text: every other column is empty."""
        own = {self.roles.get("number"), self.roles.get("text")}
        texts = {t for i, t in self.filled if i not in own}
        return not texts or (self.merged and len({t for _, t in self.filled}) <= 2)


Rule = Callable[[RowView, list[RowView], int], str | None]


def blank_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    return "skip" if not view.filled else None


def repeated_header(view: RowView, rows: list[RowView], i: int) -> str | None:
    return "skip" if view.header_key and repeats_header(view.texts, view.header_key) else None


def numbers_columns(texts: list[str]) -> bool:
    """«1 | 2 | 3 | 4» under a header: the columns' numbers."""
    values = [t.strip().rstrip(".") for t in texts if t.strip()]
    return len(values) >= 3 and values == [str(n) for n in range(1, len(values) + 1)]


def column_numbers(view: RowView, rows: list[RowView], i: int) -> str | None:
    """A row numbering the columns is not a measure."""
    return "skip" if numbers_columns(view.texts) else None


def number_only(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«1.5 | | | |»: an item number and nothing else (an unfinished template), not a measure."""
    return "empty" if view.number and len(view.filled) == 1 and view.filled[0][0] == view.roles.get("number") else None


def total_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«Итого по программе | … | 63911,8»: a sum of the finance columns."""
    first = view.filled[0][1] if view.filled else ""
    return "skip" if not view.number and TOTAL.match(first) else None


def task_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«1. | Задача 1. Развитие … | finance …»: a task of a programme table: the section of the
    measures under it, and one of the plan's goals."""
    return "task" if TASK_HEAD.match(view.cell("text")) else None


def indicator_group(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«1.1 | Результаты:» heads the indicators numbered below it (1.1.1, 1.1.2 …)."""
    return "skip" if view.number and INDICATOR_GROUP.match(view.cell("text")) else None


def group_of(rows: list[RowView], i: int) -> RowView | None:
    """The row above that heads this row's number («1.1» for «1.1.3»): the nearest row numbered
    one level up, looked for only back to the previous shallower number."""
    number = rows[i].number or ""
    depth = number.count(".")
    if not depth:
        return None
    for row in reversed(rows[max(0, i - GROUP_LOOKBACK) : i]):
        if row.number and row.number.count(".") < depth:
            return row if is_child(number, row.number) else None
    return None


def indicator_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    """A row numbered under a «Результаты:» group: a result indicator, not a measure."""
    group = group_of(rows, i) if view.number else None
    return "indicator" if group is not None and INDICATOR_GROUP.match(group.cell("text")) else None


def measure_group(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«1.2 | Мероприятия»: heads the measures of a task (the task is their section)."""
    return "skip" if view.number and MEASURE_GROUP.match(view.cell("text")) else None


def sub_item(view: RowView, rows: list[RowView], i: int) -> str | None:
    """An unnumbered row under a numbered measure of a programme table, or under a measure that
    ends «в том числе:»: a part of that measure (a repair site, a line of its budget)."""
    if view.number or not view.cell("text"):
        return None
    above = next((r for r in reversed(rows[max(0, i - PART_LOOKBACK):i]) if r.number), None)
    if above is None:
        return None
    return "part" if view.programme or above.cell("text").rstrip().endswith(":") else None


def goal_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    first = view.filled[0][1] if view.filled else ""
    return "goal" if GOAL_HEAD.match(first) and len(view.filled) <= 2 else None


def single_text_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    """One text across the row: merged, bold, or printed in the numbering column."""
    distinct = {t for _, t in view.filled}
    if len(distinct) != 1:
        return None
    col, text = view.filled[0]
    if parse_number(text):
        return None
    if view.merged or view.bold or col == view.roles.get("number", 0):
        return "section"
    if col != view.roles.get("text"):
        return None  # a lone deadline or name: not a heading
    number, _ = split_leading_number(text)
    return "section" if number else None


def numbered_heading(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«1. | Анализ … | | |»: a number and a title, nothing else, and the rows below are its
    children (1.1, 1.2), or the row is bold, or the number is roman."""
    number = view.number
    if not number or not view.cell("text") or not view.only_heading_cells:
        return None
    if view.bold or is_roman(number):
        return "section"
    following = next((rows[j].number for j in range(i + 1, len(rows)) if rows[j].number), None)  # no copy of the rows
    return "section" if is_child(following, number) else None


STAGE_TITLE_CHARS = 120


def stage_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«I | Подготовительный этап | январь–февраль | Иванов»: a numbered short title with its own
    deadline or executor, heading the rows numbered under it (1.1, 1.2 … or arabic under roman)."""
    number, text = view.number, view.cell("text")
    if not number or not text or len(text) > STAGE_TITLE_CHARS or not (view.cell("deadline") or view.cell("executors")):
        return None
    following = next((r.number for r in rows[i + 1 : i + 1 + PART_LOOKBACK] if r.number), None)
    heads = is_child(following, number) or is_roman(number) and following is not None and not is_roman(following)
    return "section" if heads else None


def header_continuation(view: RowView, rows: list[RowView], i: int) -> str | None:
    """A second header row («начало | окончание» under «Срок»): no number, no measure text,
    before any numbered row."""
    if view.number or view.cell("text") or any(rows[j].number for j in range(i)):
        return None
    return "skip" if all(len(t) < 40 for _, t in view.filled) and not any(rows[j].cell("text") for j in range(i)) else None


def orphan_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    """Cells with neither a number nor a measure text: kept out of the plan, reported."""
    return "orphan" if not view.number and not view.cell("text") else None


ROW_RULES: list[Rule] = [
    blank_row,
    repeated_header,
    column_numbers,
    number_only,
    total_row,
    task_row,
    indicator_group,
    indicator_row,
    measure_group,
    goal_row,
    sub_item,
    single_text_row,
    numbered_heading,
    stage_row,
    header_continuation,
    orphan_row,
]


def classify(rows: list[RowView], i: int) -> str:
    for rule in ROW_RULES:
        verdict = rule(rows[i], rows, i)
        if verdict:
            return verdict
    return "measure"


def is_programme(views: list[RowView]) -> bool:
    """A programme table: numbered group rows «Результаты:» or «Мероприятия» head their rows."""
    return any(v.number and (INDICATOR_GROUP.match(v.cell("text")) or MEASURE_GROUP.match(v.cell("text")))
               for v in views)


def split_goals(text: str) -> list[str]:
    """«Цель: - a; - b.» → [«a», «b»]."""
    body = GOAL_HEAD.sub("", text, count=1)
    parts = BULLET.split(body) if BULLET.search(body) else body.split(";")
    parts = [fold_spaces(p).strip(" ;.,-–—") for p in parts]
    return [p for p in parts if p]
