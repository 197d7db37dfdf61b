"""Table repairs every reader shares: padding, repeated headers, rows split by a page break."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from extract.normalize import fold_spaces
from schemas.document import Cell, Row

NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.\s*[А-ЯЁ]")
ARTIFACT_CELL = re.compile(r"^[-–—_=\s.]*$")


def grid_width(rows: list[Row]) -> int:
    return max((len(r.texts) for r in rows), default=0)


def pad_row(row: Row, width: int, front: bool = False) -> Row:
    """Give a short row empty cells up to `width` (at the end, or at the front)."""
    missing = width - len(row.texts)
    if missing <= 0:
        return row
    blanks = tuple(
        Cell(text="", prov=row.prov.model_copy(update={"col": None})) for _ in range(missing)
    )
    cells = blanks + row.cells if front else row.cells + blanks
    return row.model_copy(update={"cells": cells})


def row_key(row: Row) -> tuple[str, ...]:
    """Comparable form of a row's text (case and spacing ignored)."""
    return tuple(fold_spaces(t).lower() for t in row.texts)


def same_text(a: Row, b: Row, ratio: float = 0.9) -> bool:
    """Rows that read the same up to OCR slips («№ п/п» / «Nº n/n»): letters and digits compared."""
    ka, kb = ("".join(ch for ch in " ".join(row_key(r)) if ch.isalnum()) for r in (a, b))
    return ka == kb or bool(ka and kb) and SequenceMatcher(None, ka, kb).ratio() >= ratio


def is_blank(row: Row) -> bool:
    return not any(t.strip() for t in row.texts)


def is_artifact(row: Row) -> bool:
    """A row of dashes or nothing, left by a conversion («--», «------»)."""
    return all(ARTIFACT_CELL.match(t) for t in row.texts)


def is_continuation(row: Row) -> bool:
    """The first (numbering) cell is empty while other cells carry text, the first of which does
    not open with an item number of its own («6. Информирование …»: items stacked in one cell)."""
    texts = row.texts
    filled = [t for t in texts[1:] if t.strip()]
    return bool(texts) and not texts[0].strip() and bool(filled) and not NUMBERED_ITEM.match(filled[0])


def owners(row: Row) -> list[int]:
    """For each grid column of the row, the index of the cell that covers it."""
    return [i for i, cell in enumerate(row.cells) for _ in range(cell.colspan)]


def join_rows(upper: Row, lower: Row, separate: bool = False) -> Row:
    """Re-join a row split by a page break, cell by cell, with one space; `separate`: each lower
    cell is a paragraph of its own (the rows of a vertical merge)."""
    owner = owners(upper)
    texts = [c.text for c in upper.cells]
    for col, text in enumerate(lower.texts):
        if not text.strip() or col >= len(owner):
            continue
        i = owner[col]
        # paragraphs stay paragraphs; a lower-case start carries on the last one
        multi = "\n" in texts[i].strip() or "\n" in text.strip()
        glue = "\n" if separate or multi and not text.strip()[:1].islower() else " "
        texts[i] = f"{texts[i].strip()}{glue}{text.strip()}" if texts[i].strip() else text
    cells = tuple(
        c.model_copy(update={"text": "\n".join(fold_spaces(p) for p in t.split("\n") if p.strip())})
        for c, t in zip(upper.cells, texts)
    )
    return upper.model_copy(update={"cells": cells})


def regrid(rows: list[Row], width: int) -> list[Row] | None:
    """Rows whose merged columns shift from one section to the next (Word: «text» spans two grid
    columns in one section, «deadline» in the next), read as `width` logical columns: a row of
    `width` cells gives one column per cell, a row of one cell spans them all. None when some row
    fits neither."""
    out = []
    for row in rows:
        filled = [c for c in row.cells if c.text.strip() or c.colspan > 1] or list(row.cells)
        if not row.cells:
            out.append(row)
            continue
        if len(row.cells) == width:
            cells = tuple(c.model_copy(update={"colspan": 1}) for c in row.cells)
        elif len(filled) == 1 or is_blank(row):
            cells = (filled[0].model_copy(update={"colspan": width}),)
        else:
            return None
        out.append(row.model_copy(update={"cells": cells}))
    return out


def renumber(rows: list[Row], table: int) -> tuple[Row, ...]:
    """Set table and row indexes in every provenance after rows were dropped or joined."""
    out = []
    for r, row in enumerate(rows):
        cells = tuple(
            c.model_copy(update={"prov": c.prov.model_copy(update={"table": table, "row": r})})
            for c in row.cells
        )
        prov = row.prov.model_copy(update={"table": table, "row": r})
        out.append(row.model_copy(update={"cells": cells, "prov": prov}))
    return tuple(out)
