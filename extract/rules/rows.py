"""What a table row is: skipped, a goal, a section header or a measure.

Ordered named rules, each returning a verdict or None; the first verdict wins and `measure`
is the default. The list `ROW_RULES` documents the layout conventions we know.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extract.normalize import fold_spaces
from extract.rules.columns import Roles
from extract.rules.numbering import is_child, is_roman, parse_number, split_leading_number
from schemas.document import Row

GOAL_HEAD = re.compile(r"^\s*(?:цел[ьи]|задач[аи])\s*(?:[:.]|\s-)", re.I)
BULLET = re.compile(r"(?:^|[;.]|\n)\s*[-–—•·▪]\s+|;\s*\n|\n")


@dataclass(frozen=True)
class RowView:
    """A row as the rules see it: grid texts, the role cells, and layout facts."""

    row: Row
    texts: list[str]
    roles: Roles
    header_key: tuple[str, ...]

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

    @property
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
    key = tuple(fold_spaces(t).lower() for t in view.texts)
    return "skip" if key == view.header_key else None


def column_numbers(view: RowView, rows: list[RowView], i: int) -> str | None:
    """«1 | 2 | 3 | 4» under the header numbers the columns, not a measure."""
    values = [t.strip().rstrip(".") for _, t in view.filled]
    if len(values) >= 3 and values == [str(n) for n in range(1, len(values) + 1)]:
        return "skip"
    return None


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
    following = next((r.number for r in rows[i + 1 :] if r.number), None)
    return "section" if is_child(following, number) else None


def header_continuation(view: RowView, rows: list[RowView], i: int) -> str | None:
    """A second header row («начало | окончание» under «Срок»): no number, no measure text,
    before any numbered row."""
    if view.number or view.cell("text") or any(r.number for r in rows[:i]):
        return None
    return "skip" if all(len(t) < 40 for _, t in view.filled) and not any(r.cell("text") for r in rows[:i]) else None


def orphan_row(view: RowView, rows: list[RowView], i: int) -> str | None:
    """Cells with neither a number nor a measure text: kept out of the plan, reported."""
    return "orphan" if not view.number and not view.cell("text") else None


ROW_RULES: list[Rule] = [
    blank_row,
    repeated_header,
    column_numbers,
    goal_row,
    single_text_row,
    numbered_heading,
    header_continuation,
    orphan_row,
]


def classify(rows: list[RowView], i: int) -> str:
    for rule in ROW_RULES:
        verdict = rule(rows[i], rows, i)
        if verdict:
            return verdict
    return "measure"


def split_goals(text: str) -> list[str]:
    """«Цель: - a; - b.» → [«a», «b»]."""
    body = GOAL_HEAD.sub("", text, count=1)
    parts = BULLET.split(body) if BULLET.search(body) else body.split(";")
    parts = [fold_spaces(p).strip(" ;.,-–—") for p in parts]
    return [p for p in parts if p]
