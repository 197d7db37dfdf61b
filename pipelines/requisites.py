"""Requisites of one document, gathered from the lines printed before the roadmap table.

reads: Document paragraphs; writes: Requisites with the line each was read from, the plan title
and warnings about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from extract.rules.clauses import ClauseText, ControlText, read_clauses
from extract.rules.dates import find_date
from extract.rules.deadlines import Context, normalize_deadline
from extract.rules.lines import Line, join, line_prov, lines_of
from extract.rules.requisites import (
    APPROVING_ACT,
    CLAUSE,
    OPERATIVE,
    Header,
    Title,
    approving_act,
    authority_lines,
    authority_of,
    body_after_type,
    body_lines_after_type,
    city_in,
    find_basis,
    find_number,
    find_place,
    find_title,
    preamble_of,
    read_header,
    readable,
)
from extract.rules.signatures import (
    PlacedStamp,
    appendix_number_date,
    authority_from_position,
    find_appendix,
    find_executor_mark,
    find_signatories,
    placed_stamps,
    plan_title_lines,
    signature_zone,
)
from schemas.document import Block, Document, Paragraph, Provenance, Table
from schemas.roadmap import (
    Clause,
    Control,
    Executor,
    ItemProvenance,
    Requisites,
    RequisitesProvenance,
    Signatory,
    Warning,
)


@dataclass(frozen=True)
class FrontMatter:
    requisites: Requisites
    plan_title: str | None
    warnings: list[Warning]
    body: list[str]  # the preamble and the order's clauses, one string per paragraph


@dataclass
class PageLines:
    """Numbers the lines of a document whose reader does not (PDF, DOCX): 1-based on each page, over
    its paragraphs and table cells in the reader's order, each text split at its line breaks, so
    that a requisite can say «page 1, line 7». A text rendition's reader numbers its file's lines
    itself; those are kept."""

    last: dict[int | None, int] = field(default_factory=dict)

    def advance(self, text: str, prov: Provenance) -> int | None:
        """The number of the text's first line (None: the reader's own), counting its lines."""
        if prov.line is not None:
            return None
        first = self.last.get(prov.page, 0) + 1
        self.last[prov.page] = first + text.count("\n")
        return first

    def number(self, text: str, prov: Provenance) -> Provenance:
        first = self.advance(text, prov)
        return prov if first is None else prov.model_copy(update={"line": first})


def block_texts(block: Block) -> Iterator[tuple[str, bool, Provenance]]:
    """A paragraph's text, or a table's cells with text, row by row: what a page's lines are counted over."""
    if isinstance(block, Paragraph):
        yield block.text, block.bold, block.prov
        return
    for row in block.rows:
        yield from ((c.text, c.bold, c.prov) for c in row.cells if c.text.strip())


def as_paragraphs(block: Block, pages: PageLines) -> list[Paragraph]:
    """A block as paragraphs with numbered lines: a layout table (date | number, stamps, signatures)
    cell by cell, row by row."""
    return [Paragraph(text=text, bold=bold, prov=pages.number(text, prov)) for text, bold, prov in block_texts(block)]


def paragraphs_around(doc: Document, first: Table | None, last: Table | None) -> tuple[list[Paragraph], list[Paragraph]]:
    """The paragraphs before the plan (`first` … `last`; layout tables there read as paragraphs) and
    the paragraphs printed after it, every line numbered on its page as the whole document counts."""
    pages = PageLines()
    before: list[Paragraph] = []
    after: list[Paragraph] = []
    at = "before"  # then "plan" from `first` through `last`, then "after"; no plan: all before
    for block in doc.blocks:
        at = "plan" if block is first else at
        if at == "before":
            before += as_paragraphs(block, pages)
        elif at == "after" and isinstance(block, Paragraph):
            after += as_paragraphs(block, pages)
        else:
            for text, _, prov in block_texts(block):
                pages.advance(text, prov)
        at = "after" if block is (last or first) else at
    return before, after


def appendix_warnings(req: Requisites) -> list[Warning]:
    out = []
    if req.appendix_number and req.number and req.appendix_number != req.number:
        out.append(Warning(
            code="W_APPENDIX_NUMBER",
            message=f"the appendix label says № {req.appendix_number}, the header № {req.number}",
        ))
    if req.appendix_date and req.date and req.appendix_date != req.date:
        out.append(Warning(
            code="W_APPENDIX_DATE",
            message=f"the appendix label is dated {req.appendix_date}, the header {req.date}",
        ))
    return out


def unreadable_warnings(header: Header) -> list[Warning]:
    warnings = []
    if not readable(header.number):
        warnings.append(Warning(code="W_REQUISITE_UNREADABLE", message=f"the document number cannot be read "
                                f"(handwritten or a garbage text layer?): «{header.number_raw}»; left empty"))
    if header.date_raw and not header.date:
        warnings.append(Warning(code="W_REQUISITE_UNREADABLE", message=f"the document date cannot be read "
                                f"(handwritten or a garbage text layer?): «{header.date_raw}»; left empty"))
    return warnings


@dataclass(frozen=True)
class Zones:
    """What the lines before the plan hold, each with the lines it was read from."""

    lines: list[Line]
    header: Header
    stamps: list[PlacedStamp]
    approved: PlacedStamp | None
    agreed: PlacedStamp | None
    appendix: tuple[str, int, int] | None  # the label's text, its first line, the line after it
    title: Title | None
    plan_title: list[Line]

    @property
    def appendix_lines(self) -> list[Line]:
        return self.lines[self.appendix[1] : self.appendix[2]] if self.appendix else []

    @property
    def title_lines(self) -> list[Line]:
        return self.lines[self.title.start : self.title.end] if self.title else []


def read_zones(lines: list[Line]) -> Zones:
    header = read_header(lines)
    stamps = placed_stamps(lines)
    appendix = find_appendix(lines)
    return Zones(
        lines, header, stamps,
        approved=next((s for s in stamps if s.stamp.kind == "approved"), None),
        agreed=next((s for s in stamps if s.stamp.kind == "agreed"), None),
        appendix=appendix,
        title=find_title(lines, (header.type_at or 0) + 1),
        plan_title=plan_title_lines(lines[appendix[2] :] if appendix else lines),
    )


@dataclass(frozen=True)
class Act:
    """The act that approves a document with no header of its own, and the lines that cite it."""

    kind: str
    number: str | None
    date: str | None
    lines: list[Line]


def approved_by_act(cited: list[tuple[str, list[Line]]]) -> Act | None:
    """A document with no header of its own, approved by a cited act (a stamp «УТВЕРЖДЕН
    протоколом … от … № …», or an appendix label «Приложение к приказу … от … № …»): that act."""
    for text, block in cited:
        act = approving_act(text)
        if act:
            return Act(*act, block)
    return None


def line_reading(block: list[Line], reads: Callable[[str], bool]) -> Line | None:
    """The first line of a block a value is read from, else the block's first (a value split over lines)."""
    return next((line for line in block if reads(line.text)), block[0] if block else None)


def line_holding(block: list[Line], printed: str) -> Line | None:
    return line_reading(block, lambda text: printed in text)


def doc_type_read(zones: Zones) -> tuple[str | None, Header, Line | None]:
    """The document's type, its header, and the line of the type: the header's own, else the act
    that approves it (its number and date then come from the act), else «план» for a plan approved
    by a stamp or headed by its title."""
    header = zones.header
    if header.doc_type:
        return header.doc_type, header, zones.lines[header.type_at] if header.type_at is not None else None
    approved = zones.approved
    cited = ([(approved.stamp.raw, approved.lines)] if approved else []) + (
        [(zones.appendix[0], zones.appendix_lines)] if zones.appendix else [])
    act = approved_by_act(cited)
    if act:
        number = line_reading(act.lines, lambda text: (find_number(text) or ("",))[0] == act.number) if act.number else None
        dated = line_reading(act.lines, lambda text: (find_date(text) or ("",))[0] == act.date) if act.date else None
        header = replace(header, number=act.number, number_raw=act.number, date=act.date, number_line=number,
                         date_line=dated)
        return act.kind, header, line_reading(act.lines, lambda text: bool(APPROVING_ACT.search(text)))
    heading = zones.plan_title or (approved.lines if approved else [])
    return ("план", header, heading[0]) if heading else (None, header, None)


def date_read(header: Header, approved: PlacedStamp | None, stamps: list[PlacedStamp]) -> tuple[str | None, Line | None]:
    """The document's date and its line: the header's, else the approval stamp's, else any stamp's;
    an unreadable header date keeps the line it is printed on."""
    if header.date:
        return header.date, header.date_line
    for placed in ([approved] if approved else []) + stamps:
        if placed.stamp.date:
            return placed.stamp.date, placed.date_line
    return None, header.date_line


def authority_read(zones: Zones) -> tuple[str | None, list[Line]]:
    """The issuing body and its lines: above the type, under it, or the approval stamp's signer's position."""
    type_at = zones.header.type_at
    if authority_lines(zones.lines, type_at):
        return authority_of(zones.lines, type_at), authority_lines(zones.lines, type_at)
    if body_lines_after_type(zones.lines, type_at):
        return body_after_type(zones.lines, type_at), body_lines_after_type(zones.lines, type_at)
    approved = zones.approved
    position = authority_from_position(approved.stamp.position if approved else None)
    return position, approved.position_lines if position and approved else []


def city_read(sources: list[tuple[str | None, list[Line]]], place: str | None) -> tuple[str | None, Line | None]:
    """The city of the place line or, failing it, of the body's name, the title or the plan title,
    and the line that names it."""
    for text, block in sources:
        found = city_in(text, text == place) if text else None
        if found:
            return found[0], line_holding(block, found[1])
    return None, None


def provenance(line: Line) -> ItemProvenance:
    """Where a line stands: page, its line there (or the file's), a layout table's cell, the PDF box."""
    prov = line_prov(line)
    return ItemProvenance(page=prov.page, table=prov.table, row=prov.row, column=prov.col, line=prov.line,
                          bbox=prov.bbox)


def where(line: Line | None) -> ItemProvenance | None:
    return provenance(line) if line else None


def read_front_matter(doc: Document, plan_table: Table | None, plan_end: Table | None = None) -> FrontMatter:
    """The requisites from the lines before the plan (`plan_table`, ending with `plan_end`); an
    order that prints its plan inside its text (no appendix label before it) goes on after it."""
    before, after = paragraphs_around(doc, plan_table, plan_end)
    lines: list[Line] = lines_of(before)
    zones = read_zones(lines)
    doc_type, header, type_line = doc_type_read(zones)
    title, approved, agreed = zones.title, zones.approved, zones.agreed
    plan_title = join(zones.plan_title) or None
    zone_end = zones.appendix[1] if zones.appendix else len(lines)
    signatories = find_signatories(signature_zone(lines, zone_end))
    stamps = [s.stamp for s in zones.stamps]
    if not signatories and stamps:
        signatories = [Signatory(name=s.name, position=s.position) for s in sorted(stamps, key=lambda s: s.kind != "approved") if s.name]
    authority, authority_from = authority_read(zones)
    place = find_place(lines)
    city, city_line = city_read([(place[0] if place else None, [place[1]] if place else []), (authority, authority_from),
                                 (title.text if title else None, zones.title_lines), (plan_title, zones.plan_title)],
                                place[0] if place else None)
    doc_date, date_line = date_read(header, approved, zones.stamps)
    appendix_number, appendix_date = appendix_number_date(zones.appendix[0]) if zones.appendix else (None, None)
    own_title = title.text if title else (plan_title if doc_type == "план" else None)
    req = Requisites(
        doc_type=doc_type,
        doc_type_raw=header.doc_type_raw,
        number=header.number if readable(header.number) else None,
        number_raw=header.number_raw,
        date=doc_date,
        date_raw=header.date_raw,
        authority=authority,
        city=city,
        place=place[0] if place else None,
        title=own_title,
        basis=find_basis(preamble_of(lines, title.end) if title else ""),
        signatories=signatories,
        approved_by=approved.stamp.name if approved else None,
        agreed_by=agreed.stamp.name if agreed else None,
        stamps=stamps,
        executor_mark=find_executor_mark(lines),
        appendix_ref=zones.appendix[0] if zones.appendix else None,
        appendix_number=appendix_number,
        appendix_date=appendix_date,
    )
    operative = operative_lines(lines, title.end if title else None, zone_end)
    if not zones.appendix and plan_table is not None:  # the plan stands inside the order: its clauses go on after it
        everything = lines_of(before + after)
        label = find_appendix(everything[len(lines) :])
        operative += everything[len(lines) : len(lines) + label[1] if label else len(everything)]
    clauses, control = read_clauses(operative)
    title_line = zones.lines[title.start] if title else (zones.plan_title[0] if own_title and zones.plan_title else None)
    located = RequisitesProvenance(
        doc_type=where(type_line), number=where(header.number_line),
        date=where(date_line), authority=where(authority_from[0] if authority_from else None), city=where(city_line),
        place=where(place[1] if place else None), title=where(title_line),
        approved_by=where(approved.name_line if approved else None), agreed_by=where(agreed.name_line if agreed else None),
        control=where(control.line if control else None),
    )
    req = req.model_copy(update={"clauses": clauses_of(clauses, req.date), "control": control_of(control),
                                 "provenance": located})
    return FrontMatter(req, plan_title, unreadable_warnings(header) + appendix_warnings(req),
                       body_paragraphs(lines, title.end if title else 0, zone_end))


def operative_lines(lines: list[Line], title_end: int | None, end: int) -> list[Line]:
    """The order's operative part: after the operative word (ПРИКАЗЫВАЮ …), else after the title;
    none when the document has neither (a plan approved by a stamp)."""
    word = next((i for i, ln in enumerate(lines[:end]) if OPERATIVE.search(ln.text)), None)
    if word is not None:
        line = lines[word]
        rest = line.text[OPERATIVE.search(line.text).end() :].strip()  # type: ignore[union-attr]
        return ([replace(line, text=rest)] if rest else []) + lines[word + 1 : end]  # «ПРИКАЗЫВАЮ: 1. …»
    return lines[title_end:end] if title_end is not None else []


def clauses_of(clauses: list[ClauseText], doc_date: str | None) -> list[Clause]:
    ctx = Context(doc_date=date.fromisoformat(doc_date) if doc_date else None)
    out = []
    for found in clauses:
        out.append(Clause(
            number=found.number, text=found.text,
            deadline=normalize_deadline(found.deadline, ctx) if found.deadline else None,
            executors=[Executor(raw=raw, kind="person", name=name) for raw, name in zip(found.persons, found.names)],
            provenance=provenance(found.lines[0]),
        ))
    return out


def control_of(found: ControlText | None) -> Control | None:
    return Control(raw=found.raw, name=found.name, position=found.position) if found else None


def body_paragraphs(lines: list[Line], start: int, end: int) -> list[str]:
    """Paragraph texts between the title and the signatures (clauses start new paragraphs)."""
    out: list[list[Line]] = []
    for line in lines[start:end]:
        if not out or line.para != out[-1][-1].para or CLAUSE.match(line.text):
            out.append([])
        out[-1].append(line)
    return [join(group) for group in out]
