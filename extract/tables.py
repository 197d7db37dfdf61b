"""Table repairs every reader shares: padding, repeated headers, rows split by a page break."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from extract.normalize import fold_spaces
from extract.rules.columns import roles_from_header
from schemas.document import Block, Cell, Document, Notice, Provenance, Row, Table

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
    return same_texts(a.texts, b.texts, ratio)


def same_texts(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...], ratio: float = 0.9) -> bool:
    ka, kb = ("".join(ch for ch in " ".join(texts).lower() if ch.isalnum()) for texts in (a, b))
    return ka == kb or bool(ka and kb) and SequenceMatcher(None, ka, kb).ratio() >= ratio


def repeats_header(texts: list[str] | tuple[str, ...], header: list[str] | tuple[str, ...]) -> bool:
    """The header printed again (atop a continued table, or inside it): the same text up to OCR
    slips, or a row that names at least three of the header's column roles, each in the header's
    column («Срокн нсполнення» still says «срок» where «Сроки исполнения» stood). The one
    repeated-header check: the PDF, scan and text readers and the row rules use it."""
    if same_texts(texts, header):
        return True
    mine, theirs = roles_from_header(list(texts)), roles_from_header(list(header))
    both = mine.keys() & theirs.keys()
    return len(both) >= 3 and all(mine[role] == theirs[role] for role in both)


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


# Text of one cell or paragraph: the longest in the samples has ~700 characters. spaCy refuses a
# text over 1,000,000 (E088), and natasha's network holds ~8 KB per character of a text (~170 MB here).
MAX_TEXT_CHARS = 20_000
MAX_CUT_NOTICES = 10  # cut texts named one by one; the rest are counted in one more notice


def where(prov: Provenance) -> str:
    """«table 1, row 5, column 2, page 3»: a provenance for a person (counting from 1)."""
    parts = [f"{name} {value + 1}" for name, value in (("table", prov.table), ("row", prov.row), ("column", prov.col))
             if value is not None]
    parts += [f"{name} {value}" for name, value in (("page", prov.page), ("line", prov.line)) if value is not None]
    return ", ".join(parts) or "the document"


def cut_cells(row: Row, cuts: list[tuple[Provenance, int]]) -> Row:
    if all(len(c.text) <= MAX_TEXT_CHARS for c in row.cells):
        return row
    cells = []
    for cell in row.cells:
        if len(cell.text) > MAX_TEXT_CHARS:
            cuts.append((cell.prov, len(cell.text)))
            cell = cell.model_copy(update={"text": cell.text[:MAX_TEXT_CHARS]})
        cells.append(cell)
    return row.model_copy(update={"cells": tuple(cells)})


def cut_notices(cuts: list[tuple[Provenance, int]], kind: str) -> list[Notice]:
    out = [Notice(code="W_TEXT_TRUNCATED", prov=prov, message=f"{where(prov)}: a {kind} of {size:,} characters was "
                  f"cut to its first {MAX_TEXT_CHARS:,}") for prov, size in cuts[:MAX_CUT_NOTICES]]
    if len(cuts) > MAX_CUT_NOTICES:
        out.append(Notice(code="W_TEXT_TRUNCATED", prov=cuts[MAX_CUT_NOTICES][0], message=f"{len(cuts) - MAX_CUT_NOTICES:,} "
                          f"more {kind}s over {MAX_TEXT_CHARS:,} characters were cut to their first {MAX_TEXT_CHARS:,}"))
    return out


def cap_texts(doc: Document) -> Document:
    """Cells and paragraphs over MAX_TEXT_CHARS cut to that length, each cut named in a
    W_TEXT_TRUNCATED notice: what a reader read is bounded before the rules and the NLP layer see
    it (nothing after is then slow or large on one huge text)."""
    cells: list[tuple[Provenance, int]] = []
    paragraphs: list[tuple[Provenance, int]] = []
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            block = block.model_copy(update={"rows": tuple(cut_cells(r, cells) for r in block.rows)})
        elif len(block.text) > MAX_TEXT_CHARS:
            paragraphs.append((block.prov, len(block.text)))
            block = block.model_copy(update={"text": block.text[:MAX_TEXT_CHARS]})
        blocks.append(block)
    if not cells and not paragraphs:
        return doc
    notices = cut_notices(cells, "cell") + cut_notices(paragraphs, "paragraph")
    return doc.model_copy(update={"blocks": tuple(blocks), "notices": doc.notices + tuple(notices)})
