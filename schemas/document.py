"""The document model every reader produces: ordered paragraphs and tables with provenance."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

BBox = tuple[float, float, float, float]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(Model):
    """Where a block, row or cell was found. `bbox` is in PDF points, top-left origin."""

    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    line: int | None = None
    bbox: BBox | None = None


class Paragraph(Model):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    bold: bool = False
    prov: Provenance


class Cell(Model):
    text: str
    bold: bool = False
    colspan: int = 1
    confidence: float | None = None  # OCR: Tesseract's mean word confidence, 0-1
    continued: bool = False  # covered by the cell above (a vertical merge): its text is up there
    prov: Provenance


class Row(Model):
    cells: tuple[Cell, ...]
    header: bool = False
    prov: Provenance

    @property
    def texts(self) -> list[str]:
        """Cell texts laid out on the table grid: a merged cell fills its span, the rest are ''."""
        out: list[str] = []
        for cell in self.cells:
            out.append(cell.text)
            out.extend([""] * (cell.colspan - 1))
        return out


class Table(Model):
    kind: Literal["table"] = "table"
    index: int
    rows: tuple[Row, ...]
    prov: Provenance


Block = Paragraph | Table


class PageRecord(Model):
    """How one page was read: its text layer, or OCR (and why), or not at all."""

    page: int
    method: Literal["text", "ocr", "untrusted", "skipped"] = "text"
    chars: int = 0
    reason: str | None = None


class Notice(Model):
    """A warning a reader gives about what it read (a page rendered at a lower dpi, a table cut
    short): `code` is the W_… code it gets in the output, `prov` where it applies."""

    code: str
    message: str
    prov: Provenance | None = None


class Document(Model):
    format: str
    pages: int | None = None
    blocks: tuple[Block, ...]
    page_records: tuple[PageRecord, ...] = ()
    notes: tuple[str, ...] = ()  # pages left out (W_PAGES_SKIPPED)
    notices: tuple[Notice, ...] = ()  # any other warning of the reader

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
