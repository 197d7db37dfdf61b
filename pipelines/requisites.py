"""Requisites of one document, gathered from the lines printed before the roadmap table.

reads: Document paragraphs; writes: Requisites, the plan title and warnings about them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from extract.rules.clauses import ClauseText, ControlText, read_clauses
from extract.rules.deadlines import Context, normalize_deadline
from extract.rules.lines import Line, join, lines_of
from extract.rules.requisites import (
    CLAUSE,
    OPERATIVE,
    approving_act,
    authority_of,
    body_after_type,
    city_of,
    find_basis,
    find_place,
    find_title,
    preamble_of,
    read_header,
    readable,
)
from extract.rules.signatures import (
    appendix_number_date,
    authority_from_position,
    find_appendix,
    find_executor_mark,
    find_plan_title,
    find_signatories,
    find_stamps,
    signature_zone,
)
from schemas.document import Document, Paragraph, Table
from schemas.roadmap import Clause, Control, Executor, ItemProvenance, Requisites, Signatory, Warning


@dataclass(frozen=True)
class FrontMatter:
    requisites: Requisites
    plan_title: str | None
    warnings: list[Warning]
    body: list[str]  # the preamble and the order's clauses, one string per paragraph


def paragraphs_before(doc: Document, table: Table | None) -> list[Paragraph]:
    """Paragraphs before the plan; layout tables there (date | number, stamps, signatures)
    are read cell by cell, row by row, as paragraphs."""
    out = []
    for block in doc.blocks:
        if block is table:
            break
        if isinstance(block, Paragraph):
            out.append(block)
            continue
        for row in block.rows:
            out.extend(Paragraph(text=c.text, bold=c.bold, prov=c.prov) for c in row.cells if c.text.strip())
    return out


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


def paragraphs_after(doc: Document, table: Table | None) -> list[Paragraph]:
    """The paragraphs printed after the plan's (last) table."""
    at = next((i for i, b in enumerate(doc.blocks) if b is table), None)
    return [b for b in doc.blocks[at + 1 :] if isinstance(b, Paragraph)] if at is not None else []


def read_front_matter(doc: Document, plan_table: Table | None, plan_end: Table | None = None) -> FrontMatter:
    """The requisites from the lines before the plan (`plan_table`, ending with `plan_end`); an
    order that prints its plan inside its text (no appendix label before it) goes on after it."""
    before = paragraphs_before(doc, plan_table)
    lines: list[Line] = lines_of(before)
    header = read_header(lines)
    stamps = find_stamps(lines)
    appendix = find_appendix(lines)
    title = find_title(lines, (header.type_at or 0) + 1)
    preamble = preamble_of(lines, title[1]) if title else ""
    zone_end = appendix[1] if appendix else len(lines)
    signatories = find_signatories(signature_zone(lines, zone_end))
    plan_title = find_plan_title(lines[appendix[2] :] if appendix else lines)
    approved = next((s for s in stamps if s.kind == "approved"), None)
    agreed = next((s for s in stamps if s.kind == "agreed"), None)
    doc_type = header.doc_type
    act = None if doc_type else approved_by_act(approved.raw if approved else None, appendix[0] if appendix else None)
    if act:
        doc_type = act[0]
        header = replace(header, number=act[1], number_raw=act[1], date=act[2])
    if not doc_type and (approved or plan_title):
        doc_type = "план"
    authority = (authority_of(lines, header.type_at) or body_after_type(lines, header.type_at)
                 or authority_from_position(approved.position if approved else None))
    place = find_place(lines)
    if not signatories and stamps:
        signatories = [Signatory(name=s.name, position=s.position) for s in sorted(stamps, key=lambda s: s.kind != "approved") if s.name]
    appendix_number, appendix_date = appendix_number_date(appendix[0]) if appendix else (None, None)
    warnings = []
    if not readable(header.number):
        warnings.append(Warning(code="W_REQUISITE_UNREADABLE", message=f"the document number cannot be read "
                                f"(handwritten or a garbage text layer?): «{header.number_raw}»; left empty"))
    if header.date_raw and not header.date:
        warnings.append(Warning(code="W_REQUISITE_UNREADABLE", message=f"the document date cannot be read "
                                f"(handwritten or a garbage text layer?): «{header.date_raw}»; left empty"))
    req = Requisites(
        doc_type=doc_type,
        doc_type_raw=header.doc_type_raw,
        number=header.number if readable(header.number) else None,
        number_raw=header.number_raw,
        date=header.date or (approved.date if approved else None) or next((s.date for s in stamps if s.date), None),
        date_raw=header.date_raw,
        authority=authority,
        city=city_of(place, authority, title[0] if title else None, plan_title),
        place=place,
        title=title[0] if title else (plan_title if doc_type == "план" else None),
        basis=find_basis(preamble),
        signatories=signatories,
        approved_by=approved.name if approved else None,
        agreed_by=agreed.name if agreed else None,
        stamps=stamps,
        executor_mark=find_executor_mark(lines),
        appendix_ref=appendix[0] if appendix else None,
        appendix_number=appendix_number,
        appendix_date=appendix_date,
    )
    operative = operative_lines(lines, title[1] if title else None, zone_end)
    if not appendix and plan_table is not None:  # the plan stands inside the order: its clauses go on after it
        everything = lines_of(before + paragraphs_after(doc, plan_end or plan_table))
        label = find_appendix(everything[len(lines) :])
        operative += everything[len(lines) : len(lines) + label[1] if label else len(everything)]
    clauses, control = read_clauses(operative)
    req = req.model_copy(update={"clauses": clauses_of(clauses, req.date), "control": control_of(control)})
    return FrontMatter(req, plan_title, warnings + appendix_warnings(req), body_paragraphs(lines, title[1] if title else 0, zone_end))


def approved_by_act(stamp: str | None, appendix: str | None) -> tuple[str, str | None, str | None] | None:
    """A document with no header of its own, approved by a cited act (a stamp «УТВЕРЖДЕН
    протоколом … от … № …», or an appendix label «Приложение к приказу … от … № …»): that act."""
    for text in (stamp, appendix):
        act = approving_act(text) if text else None
        if act:
            return act
    return None


def operative_lines(lines: list[Line], title_end: int | None, end: int) -> list[Line]:
    """The order's operative part: after the operative word (ПРИКАЗЫВАЮ …), else after the title;
    none when the document has neither (a plan approved by a stamp)."""
    word = next((i for i, ln in enumerate(lines[:end]) if OPERATIVE.search(ln.text)), None)
    if word is not None:
        line = lines[word]
        rest = line.text[OPERATIVE.search(line.text).end() :].strip()  # type: ignore[union-attr]
        return ([Line(rest, line.para, line.prov)] if rest else []) + lines[word + 1 : end]  # «ПРИКАЗЫВАЮ: 1. …»
    return lines[title_end:end] if title_end is not None else []


def clauses_of(clauses: list[ClauseText], doc_date: str | None) -> list[Clause]:
    ctx = Context(doc_date=date.fromisoformat(doc_date) if doc_date else None)
    out = []
    for found in clauses:
        first = found.lines[0].prov
        out.append(Clause(
            number=found.number, text=found.text,
            deadline=normalize_deadline(found.deadline, ctx) if found.deadline else None,
            executors=[Executor(raw=raw, kind="person", name=name) for raw, name in zip(found.persons, found.names)],
            provenance=ItemProvenance(page=first.page, bbox=first.bbox),
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
