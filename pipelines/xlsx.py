"""What `roadmap export` writes: catalog rows as JSON Lines, CSV or an Excel workbook, on stdout or
to a file, streamed (the workbook in openpyxl's write-only mode: constant memory).

A text cell that a spreadsheet would run as a formula is made inert: in CSV with a leading
apostrophe (pipelines.output.spreadsheet_safe); in a workbook as a text cell marked with Excel's own
quote prefix (what Excel stores when a person types «'=…»): it shows the text as printed («- провести
…», «+7 …»), is never evaluated, and stays text when edited. In a workbook, characters XML cannot
hold (control codes a scan may leave) are dropped and a text longer than a cell holds is cut, so it
always opens.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from pipelines.output import FORMULA_START, atomic_file, spreadsheet_safe

CELL_LIMIT = 32_767  # characters an Excel cell holds


def cell_value(page: Any, value: Any) -> Any:
    """A value openpyxl writes as data: numbers and booleans as they are, anything else as text; a
    text that starts like a formula as a quote-prefixed text cell."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = ILLEGAL_CHARACTERS_RE.sub("", text)[:CELL_LIMIT]
    if not text.startswith(FORMULA_START):
        return text
    cell = WriteOnlyCell(page, value=text)
    cell.data_type, cell.quotePrefix = "s", True
    return cell


def write_xlsx(rows: Iterable[dict[str, Any]], out: BinaryIO, sheet: str) -> int:
    """Write the rows to one sheet of a workbook on `out`: a bold, frozen header of the first row's
    keys, then one line per row. Returns how many rows were written (0: a header-less empty sheet)."""
    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.freeze_panes = "A2"
    header: list[str] | None = None
    count = 0
    for row in rows:
        if header is None:
            header = list(row)
            bold = Font(bold=True)
            cells = [WriteOnlyCell(page, value=name) for name in header]
            for cell in cells:
                cell.font = bold
            page.append(cells)
        page.append([cell_value(page, row.get(name)) for name in header])
        count += 1
    book.save(out)
    return count


def write_export(rows: Iterable[dict[str, Any]], out: BinaryIO, fmt: str, sheet: str) -> None:
    """Rows as `fmt` (jsonl, csv or xlsx) on a binary stream, which stays open."""
    if fmt == "xlsx":
        write_xlsx(rows, out, sheet)
        return
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer: csv.DictWriter[str] | None = None
    try:
        for row in rows:
            if fmt == "jsonl":
                text.write(json.dumps(row, ensure_ascii=False) + "\n")
                continue
            if writer is None:
                writer = csv.DictWriter(text, fieldnames=list(row))
                writer.writeheader()
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    finally:
        text.detach()


@contextmanager
def export_target(output: Path | None) -> Iterator[BinaryIO]:
    """stdout's bytes, or a temp file beside `output` renamed over it once complete (a failed export
    leaves no half file and no temp file; an OSError is an OutputError naming `output`)."""
    if output is None:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with atomic_file(output) as fh:
        yield fh
