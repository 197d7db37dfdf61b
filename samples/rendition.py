"""The layout a text rendition describes, read for the sample builder (never by the parser's code).

A rendition prints paragraphs separated by blank lines and table rows as TAB-separated cells or
markdown pipe rows; `**…**`/`<b>…</b>` is bold. Page breaks of the original left their traces:
a pipe table restarts with a placeholder or repeated header under a `|---|` line, a row whose
first cell is empty right after a break carries on the row above, a row of dashes ends a table,
a single TAB line («02.09.2021<TAB>№ 792/р») is a line of text. A row prints merged across the
table when it holds one text only (or an item number and one text, ): that is how the
rendition shows it, not a judgement of what the row means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_SEPARATOR = re.compile(r"^\s*\|(?:\s*:?-+:?\s*\|)+\s*$")
BOLD = re.compile(r"\*\*(.+?)\*\*|<b>(.*?)</b>", re.S | re.I)
DASHES = re.compile(r"^[-–—_=\s.]*$")
ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLС]{1,6}\.?)\s*$")


@dataclass
class Cell:
    text: str
    bold: bool = False


@dataclass
class TableLayout:
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def merged(self, row: list[Cell]) -> bool:
        """Printed across the table: one text only, or an item number and one text."""
        filled = [c for c in row if c.text.strip()]
        if len(filled) == 1 and self.width > 1:
            return True
        return len(filled) == 2 and filled[0] is row[0] and bool(ITEM_NUMBER.match(row[0].text)) and self.width > 2


@dataclass
class ParagraphLayout:
    text: str
    bold: bool


def unmark(text: str) -> tuple[str, bool]:
    plain = BOLD.sub(lambda m: m.group(1) or m.group(2) or "", text)
    marked = "".join(m.group(1) or m.group(2) or "" for m in BOLD.finditer(text))
    return plain, bool(marked.strip()) and " ".join(marked.split()) == " ".join(plain.split())


def cells(line: str) -> list[Cell]:
    parts = line.strip()[1:-1].split("|") if PIPE_ROW.match(line) else line.split("\t")
    out = []
    for part in parts:
        text, bold = unmark(part)
        out.append(Cell(" ".join(text.split()), bold))
    return out


def carries_on(row: list[Cell]) -> bool:
    return bool(row) and not row[0].text.strip() and any(c.text.strip() for c in row[1:])


def join(upper: list[Cell], lower: list[Cell]) -> None:
    for i, cell in enumerate(lower[: len(upper)]):
        if cell.text.strip():
            upper[i].text = f"{upper[i].text} {cell.text}".strip()


class Reader:
    def __init__(self) -> None:
        self.blocks: list[ParagraphLayout | TableLayout] = []
        self.para: list[str] = []
        self.rows: list[tuple[list[Cell], bool]] = []  # each row, and whether a break came before it
        self.broken = False  # a blank line or a dropped piece header since the last row
        self.piece_start: int | None = None  # where the current pipe piece began

    def flush_para(self) -> None:
        if self.para:
            text, bold = unmark("\n".join(self.para))
            self.blocks.append(ParagraphLayout("\n".join(" ".join(t.split()) for t in text.split("\n")), bold))
            self.para = []

    def flush_table(self) -> None:
        rows, self.rows = self.rows, []
        if len(rows) == 1:  # «02.09.2021<TAB>№ 792/р»: a line of text
            row = rows[0][0]
            self.blocks.append(ParagraphLayout(" ".join(c.text for c in row if c.text), all(c.bold for c in row if c.text)))
            return
        if not rows:
            return
        width = len(rows[0][0])
        table = TableLayout()
        for row, broken in rows:
            if len(row) < width:  # a short row: a carried-on text lost its leading empty cells
                pad = [Cell("") for _ in range(width - len(row))]
                row = pad + row if row[0].text[:1].islower() else row + pad
            if all(DASHES.match(c.text) for c in row):
                continue
            if broken and len(table.rows) > 1 and carries_on(row):
                join(table.rows[-1], row)
            else:
                table.rows.append(row)
        self.blocks.append(table)

    def separator(self) -> None:
        """`|---|` under a piece's first row: a placeholder or the header repeated is dropped."""
        if self.piece_start is not None and self.piece_start == len(self.rows) - 1 and self.piece_start > 0:
            head = self.rows[-1][0]
            if not any(c.text for c in head) or [c.text for c in head] == [c.text for c in self.rows[0][0]]:
                self.rows.pop()
                self.broken = True
        self.piece_start = None

    def row(self, line: str) -> None:
        self.flush_para()
        if PIPE_ROW.match(line) and self.broken:
            self.piece_start = len(self.rows)
        self.rows.append((cells(line), self.broken))
        self.broken = False

    def text(self, line: str) -> None:
        self.flush_table()
        self.para.append(line.rstrip())


def read_rendition(text: str) -> list[ParagraphLayout | TableLayout]:
    reader = Reader()
    for line in text.splitlines():
        if not line.strip():
            reader.flush_para()
            reader.broken = True
        elif PIPE_SEPARATOR.match(line):
            reader.separator()
        elif PIPE_ROW.match(line) or "\t" in line:
            reader.row(line)
        else:
            reader.text(line)
    reader.flush_para()
    reader.flush_table()
    return reader.blocks
