"""Finding the plan's table and putting its rows right before they are read.

reads: Document tables; writes: PlanTable, the rows of the plan (from one table or several) with
their column roles. Repairs: a plan that goes on in later tables (another grid, shifting merged
columns), rows under a vertically merged measure, items stacked in one cell, item numbers that
open the measure text, a row a page break split when the text column comes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.normalize import fold_spaces
from extract.rules.columns import Roles, is_header, roles_from_content, roles_from_header, with_number_column
from extract.rules.numbering import parse_number, split_leading_number
from extract.tables import grid_width, join_rows, owners, regrid
from schemas.document import Cell, Document, Row, Table

HEADER_SEARCH_ROWS = 3
NUMBERED_TEXT_SHARE = 0.5  # with no № column, this share of texts opening with a number carries the numbering


@dataclass
class PlanTable:
    """The rows of the roadmap (possibly from several tables) with their column roles."""

    tables: list[Table]
    roles: Roles
    header: list[str] | None
    rows: list[Row] = field(default_factory=list)


def header_index(table: Table) -> int | None:
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if is_header(row.texts):
            return i
    return None


def continuation_rows(plan: PlanTable, table: Table, width: int) -> list[Row] | None:
    """The rows of a later table that carries on the plan, or None: no header of other roles, and
    the same grid, or rows that read as the plan's columns once merged cells are undone."""
    at = header_index(table)
    rows = list(table.rows[(at + 1) if at is not None else 0 :])
    if at is not None:
        header, rows = logical_columns(table.rows[at], rows)
        if roles_from_header(header) != roles_from_header(plan.header or []):
            return None
    if grid_width(rows) == width:
        return rows
    return regrid(rows, width) if plan.header and len(plan.header) == width else None


def column_texts(rows: Sequence[Row], width: int) -> list[list[str]]:
    """The rows' cell texts column by column ('' where a row is short)."""
    return [[r.texts[c] if c < len(r.texts) else "" for r in rows] for c in range(width)]


def locate_plan(doc: Document) -> PlanTable | None:
    """The first table with a recognizable header, joined with the tables that continue it;
    failing that, the largest table, with roles guessed from content."""
    tables = doc.tables
    for n, table in enumerate(tables):
        at = header_index(table)
        if at is None:
            continue
        header, body = logical_columns(table.rows[at], list(table.rows[at + 1 :]))
        roles = with_number_column(roles_from_header(header), column_texts(body, len(header)))
        spans = role_spans(table.rows[at], roles) if len(header) == len(table.rows[at].texts) else {}
        plan = PlanTable([table], roles, header, list(body))
        width = grid_width(plan.rows) or len(header)
        for later in tables[n + 1 :]:
            rows = continuation_rows(plan, later, width)
            if rows is None:
                break
            plan.tables.append(later)
            plan.rows.extend(rows)
        rows = [item for row in joined_vertical_merges(plan.rows, plan.roles) for item in unstacked(row, plan.roles)]
        head = header_rows_below(rows, roles)
        plan.rows = rows[:head] + [joined_spans(row, spans) for row in rows[head:]]
        return with_page_continuations(with_numbers_from_text(plan))
    candidates = [t for t in tables if len(t.rows) >= 3 and grid_width(list(t.rows)) >= 3]
    if not candidates:
        return None
    table = max(candidates, key=lambda t: len(t.rows))
    columns = column_texts(table.rows, grid_width(list(table.rows)))
    return PlanTable([table], roles_from_content(columns), None, list(table.rows))


SPAN_GLUE = {"deadline": " – "}  # «начало | окончание» under «Срок» is a range; other sub-columns join with a space


def role_spans(header: Row, roles: Roles) -> dict[str, tuple[int, int]]:
    """Roles whose header cell spans several columns of a second header row («Срок исполнения»
    over «начало | окончание», «Ответственные» over «ФИО | должность»): role → (first, last column)."""
    owner = owners(header)
    out = {}
    for role, col in roles.items():
        span = header.cells[owner[col]].colspan if col < len(owner) else 1
        if span > 1:
            out[role] = (col, col + span - 1)
    return out


def header_rows_below(rows: list[Row], roles: Roles) -> int:
    """How many rows under the header still head the columns («начало | окончание»): they carry
    neither an item number nor a measure text."""
    keys = [roles[r] for r in ("number", "text") if r in roles]
    for i, row in enumerate(rows):
        texts = row.texts
        if any(k < len(texts) and texts[k].strip() for k in keys):
            return i
    return len(rows)


def joined_spans(row: Row, spans: dict[str, tuple[int, int]]) -> Row:
    """The texts under a spanning header cell joined into its first column, the others emptied."""
    if not spans:
        return row
    owner, cells = owners(row), list(row.cells)
    for role, (first, last) in spans.items():
        covering = sorted({owner[c] for c in range(first, min(last + 1, len(owner)))})
        if len(covering) < 2:
            continue
        texts = list(dict.fromkeys(fold_spaces(cells[i].text) for i in covering if cells[i].text.strip()))
        cells[covering[0]] = cells[covering[0]].model_copy(update={"text": SPAN_GLUE.get(role, " ").join(texts)})
        for i in covering[1:]:
            cells[i] = cells[i].model_copy(update={"text": ""})
    return row.model_copy(update={"cells": tuple(cells)})


def joined_vertical_merges(rows: list[Row], roles: Roles) -> list[Row]:
    """«1 | Проведение … | январь | Иванов» over «(merged) | (merged) | февраль | Петров»: a row whose
    number and text cells are covered by the cells above is more of the same measure (a second
    deadline, another executor), joined to it cell by cell."""
    keys = [roles[r] for r in ("number", "text") if r in roles]
    out: list[Row] = []
    for row in rows:
        owner = owners(row)
        covered = bool(keys) and all(k < len(owner) and row.cells[owner[k]].continued for k in keys)
        if covered and out and any(c.text.strip() for c in row.cells):
            out[-1] = join_rows(out[-1], row, separate=True)
        elif not covered or any(c.text.strip() for c in row.cells):
            out.append(row)
    return out


def cell_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def stacked_items(text: str) -> list[str]:
    """A cell's paragraphs as numbered items: a paragraph that opens with no number carries on the
    item above it (a wrapped line a PDF producer printed as a paragraph of its own)."""
    items: list[str] = []
    for line in cell_lines(text):
        if items and not split_leading_number(line)[0]:
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    return items


def unstacked(row: Row, roles: Roles) -> list[Row]:
    """Several numbered items stacked as paragraphs in one cell («1. … / 2. … / 3. …»), their
    deadlines and executors as parallel paragraphs in the neighbouring cells: one row per item.
    A cell whose paragraphs do not pair up one to one (one deadline for all of them) is given
    whole to every item."""
    text_col, number_col = roles.get("text"), roles.get("number")
    owner = owners(row)
    if text_col is None or text_col >= len(owner):
        return [row]
    number_cell = owner[number_col] if number_col is not None and number_col < len(owner) else None
    items = stacked_items(row.cells[owner[text_col]].text)
    numbers = cell_lines(row.cells[number_cell].text) if number_cell is not None else []
    numbered_items = len(items) >= 2 and all(split_leading_number(t)[0] for t in items)
    numbered_column = len(items) >= 2 and len(numbers) == len(items) and all(parse_number(n) for n in numbers)
    if not (numbered_items and not numbers or numbered_column):
        return [row]  # «5. | 1 этап: … / 2 этап: …»: one measure whose text lists its stages
    out = []
    for k, item in enumerate(items):
        cells = []
        for i, cell in enumerate(row.cells):
            lines = cell_lines(cell.text)
            text = lines[k] if len(lines) == len(items) else cell.text
            if i == owner[text_col]:
                moves = numbered_items and not numbers and number_cell is not None
                text = split_leading_number(item)[1] if moves else item
            elif i == number_cell and numbered_items and not numbers:
                text = split_number_raw(item)  # an empty № cell takes the item's number
            cells.append(cell.model_copy(update={"text": text}))
        out.append(row.model_copy(update={"cells": tuple(cells), "prov": row.prov.model_copy(update={"line": k})}))
    return out


def split_number_raw(text: str) -> str:
    """The number as printed at the start of an item: «2.1. Провести» → «2.1.»."""
    rest = split_leading_number(text)[1]
    return text[: len(text) - len(rest)].strip()


def logical_columns(header: Row, body: list[Row]) -> tuple[list[str], list[Row]]:
    """The header's texts and the body's rows; when the header has fewer cells than the grid has
    columns (two tables printed as one, merged cells shifting) and every row reads as that many
    cells, the rows are taken cell by cell."""
    width = len(header.cells)
    if width < len(header.texts) and all(c.text.strip() for c in header.cells):
        rows = regrid(body, width)
        if rows is not None:
            return [c.text for c in header.cells], rows
    return header.texts, body


def with_numbers_from_text(plan: PlanTable) -> PlanTable:
    """No № column, but the item number opens the measure text («1.Совершенствование …»): the
    number is moved into a column of its own, so numbering and sections work as usual."""
    text_col = plan.roles.get("text")
    if "number" in plan.roles or text_col is None:
        return plan
    texts = [r.texts[text_col] for r in plan.rows if text_col < len(r.texts) and r.texts[text_col].strip()
             and len([t for t in r.texts if t.strip()]) > 1]
    if not texts or sum(split_leading_number(t)[0] is not None for t in texts) < NUMBERED_TEXT_SHARE * len(texts):
        return plan
    roles = {"number": 0, **{role: col + 1 for role, col in plan.roles.items()}}
    header = [""] + plan.header if plan.header is not None else None
    return PlanTable(plan.tables, roles, header, [number_split(row, text_col) for row in plan.rows])


def number_split(row: Row, text_col: int) -> Row:
    """The row with a number cell in front: the leading number of its text cell, or empty."""
    texts = row.texts
    number, rest = (None, "")
    if text_col < len(texts) and len([t for t in texts if t.strip()]) > 1:
        number, rest = split_leading_number(texts[text_col])
    cells = list(row.cells)
    printed = ""
    if number is not None:
        owner = owners(row)[text_col]
        printed = split_number_raw(texts[text_col])
        cells[owner] = cells[owner].model_copy(update={"text": rest})
    lead = Cell(text=printed, prov=row.prov.model_copy(update={"col": None}))
    return row.model_copy(update={"cells": (lead, *cells)})


def with_page_continuations(plan: PlanTable) -> PlanTable:
    """A row a page break split, when the text column comes first and so carries on the text
    («… КОГОАУ ДПО «ИРО» / next page: «Кировской области»)»): an unnumbered row that opens a page,
    right after a numbered row, in a plan whose rows are numbered, is joined to it cell by cell."""
    number_col = plan.roles.get("number")
    if number_col is None:
        return plan
    rows: list[Row] = []
    for row in plan.rows:
        previous = rows[-1] if rows else None
        if previous is not None and is_page_continuation(previous, row, number_col):
            rows[-1] = join_rows(previous, row)
        else:
            rows.append(row)
    return PlanTable(plan.tables, plan.roles, plan.header, rows)


def is_page_continuation(previous: Row, row: Row, number_col: int) -> bool:
    def number(r: Row) -> str | None:
        return parse_number(r.texts[number_col]) if number_col < len(r.texts) else None

    filled = [t for t in row.texts if t.strip()]
    return (previous.prov.page is not None and row.prov.page is not None and row.prov.page > previous.prov.page
            and number(previous) is not None and number(row) is None and bool(filled)
            and not any(c.colspan > 1 and c.text.strip() for c in row.cells)
            and len([t for t in previous.texts if t.strip()]) > 1)
