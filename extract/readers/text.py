"""Text renditions → Document: paragraphs, TAB-separated rows and markdown pipe tables.

reads: UTF-8 (or cp1251) text; writes: Document with paragraphs and tables, line provenance.
Repairs: pipe tables broken into pieces are one table; a piece's placeholder or repeated
header is dropped; a row whose numbering cell is empty carries on the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.normalize import fold_spaces, strip_markup
from extract.tables import (
    grid_width,
    is_artifact,
    is_blank,
    is_continuation,
    join_rows,
    pad_row,
    renumber,
    repeats_header,
)
from schemas.document import Block, Cell, Document, Paragraph, Provenance, Row, Table

PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_SEPARATOR = re.compile(r"^\s*\|(?:\s*:?-+:?\s*\|)+\s*$")


STRAY_BYTES = 0.001  # share of undecodable bytes a UTF-8 file may have (a damaged tail) and stay UTF-8


def decode(data: bytes) -> str:
    """UTF-8, else cp1251. The format was judged on the first 64 KB only: a few stray bytes further
    on (a byte cp1251 leaves undefined, 0x98, among them) are read as U+FFFD, never fail the file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
    if text.count("\ufffd") <= STRAY_BYTES * len(text):
        return text
    return data.decode("cp1251", errors="replace")


@dataclass
class PendingRow:
    row: Row
    break_before: bool


@dataclass
class TableBuilder:
    """Collects the rows of one table as they come, across blank lines and pieces."""

    rows: list[PendingRow] = field(default_factory=list)
    piece_start: int = 0
    break_pending: bool = False

    def add(self, row: Row) -> None:
        self.rows.append(PendingRow(row, self.break_pending or not self.rows))
        self.break_pending = False

    def start_piece(self) -> None:
        self.piece_start = len(self.rows)
        self.break_pending = True

    def close_piece_header(self) -> None:
        """A markdown separator follows the piece's first row: drop it if it is a placeholder
        (all empty) or repeats the table header."""
        if self.piece_start == 0 or len(self.rows) != self.piece_start + 1:
            return
        head = self.rows[-1].row
        if is_blank(head) or repeats_header(head.texts, self.rows[0].row.texts):
            self.rows.pop()
            self.break_pending = True


def cells_from(parts: list[str], line_no: int) -> tuple[Cell, ...]:
    cells = []
    for col, part in enumerate(parts):
        text, bold = strip_markup(part)
        prov = Provenance(line=line_no, col=col)
        cells.append(Cell(text=fold_spaces(text), bold=bold, prov=prov))
    return tuple(cells)


def split_pipe(line: str) -> list[str]:
    return line.strip()[1:-1].split("|")


def finish_table(builder: TableBuilder, index: int) -> Table:
    width = grid_width([p.row for p in builder.rows[:1]]) or grid_width([p.row for p in builder.rows])
    rows: list[Row] = []
    for pending in builder.rows:
        row = pending.row
        texts = row.texts
        short = len(texts) < width
        row = pad_row(row, width, front=short and texts[0][:1].islower())
        if is_artifact(row):
            continue
        if pending.break_before and len(rows) > 1 and is_continuation(row):
            rows[-1] = join_rows(rows[-1], row)
            continue
        rows.append(row)
    if rows:
        rows[0] = rows[0].model_copy(update={"header": True})
    rows_t = renumber(rows, index)
    return Table(index=index, rows=rows_t, prov=rows_t[0].prov if rows_t else Provenance())


class Rendition:
    """Blocks of a text rendition, built line by line."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.para: list[tuple[int, str]] = []
        self.table: TableBuilder | None = None

    def flush_para(self) -> None:
        if not self.para:
            return
        plain, bold = strip_markup("\n".join(t for _, t in self.para))
        text = "\n".join(fold_spaces(t) for t in plain.split("\n"))
        self.blocks.append(Paragraph(text=text, bold=bold, prov=Provenance(line=self.para[0][0])))
        self.para.clear()

    def flush_table(self) -> None:
        table, self.table = self.table, None
        if table and len(table.rows) == 1:  # one TAB line: «02.09.2021<TAB>№ 792/р», not a table
            row = table.rows[0].row
            text = " ".join(c.text for c in row.cells if c.text)
            self.blocks.append(Paragraph(text=text, bold=all(c.bold for c in row.cells if c.text), prov=row.prov))
        elif table and table.rows:
            self.blocks.append(finish_table(table, sum(isinstance(b, Table) for b in self.blocks)))

    def blank(self) -> None:
        self.flush_para()
        if self.table:
            self.table.break_pending = True

    def row(self, no: int, line: str, is_pipe: bool) -> None:
        self.flush_para()
        table = self.table = self.table or TableBuilder()
        if is_pipe and table.break_pending:
            table.start_piece()
        parts = split_pipe(line) if is_pipe else line.split("\t")
        table.add(Row(cells=cells_from(parts, no), prov=Provenance(line=no)))

    def text(self, no: int, line: str) -> None:
        self.flush_table()
        self.para.append((no, line.rstrip()))


def read_text(data: bytes) -> Document:
    out = Rendition()
    for no, line in enumerate(decode(data).splitlines(), start=1):
        if not line.strip():
            out.blank()
        elif PIPE_SEPARATOR.match(line):
            if out.table:
                out.table.close_piece_header()
        elif PIPE_ROW.match(line) or "\t" in line:
            out.row(no, line, bool(PIPE_ROW.match(line)))
        else:
            out.text(no, line)
    out.flush_para()
    out.flush_table()
    return Document(format="txt", pages=None, blocks=tuple(out.blocks))
