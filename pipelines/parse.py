"""Parse one file end to end: load → read → check language → locate the plan → requisites →
assemble → NLP enrichment → consistency checks → validate.

A fixed sequence of calls (docling's build → assemble → status), no registry.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pydantic import ValidationError

from extract.rules.detection import detect
from extract.rules.period import infer_period, plan_kind
from extract.sniff import sniff
from extract.tables import cap_texts
from pipelines.assemble import assemble, item_prov
from pipelines.checks import check_plan
from pipelines.enrich import enrich
from pipelines.identify import identify
from pipelines.locate import locate_plan
from pipelines.output import display
from pipelines.requisites import read_front_matter
from schemas.document import Document
from schemas.errors import EmptyInput, MissingInput, NoRoadmap, NotRussian, OutputInvalid
from schemas.roadmap import Detection, Plan, Producer, Roadmap, Source, Warning

DEFAULT_MAX_PAGES = 300
PRODUCER = Producer(version=version("roadmap"))
# Warnings that mean our extraction is incomplete, not that the document is odd.
PARTIAL_CODES = {"W_NO_HEADER", "W_PAGES_SKIPPED", "W_TEXT_TRUNCATED", "W_TABLE_TRUNCATED"}
MIN_LETTERS = 20  # fewer letters than a date line and a title: no order to read
FORMAT_NAMES = {"docx": "Word document", "doc": "Word document", "rtf": "RTF document", "odt": "OpenDocument text",
                "txt": "text file"}
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Options:
    max_pages: int = DEFAULT_MAX_PAGES
    ocr: str = "auto"  # auto: pages whose text layer cannot be trusted; always; never
    lang: str = "rus+eng"
    dpi: int = 300
    progress: bool = False  # «OCR file: page i of n» on stderr
    ner: bool = False  # natasha's NER and the lemmatizer in the NLP pipeline (extract.nlp)


@dataclass(frozen=True)
class InputFile:
    path: Path
    data: bytes
    format: str
    sha256: str
    notes: list[str] = field(default_factory=list)


class NoRoadmapFound(NoRoadmap):
    """No roadmap in a readable document; carries what was found (the requisites)."""

    def __init__(self, message: str, path: str, result: Roadmap) -> None:
        super().__init__(message, path)
        self.result = result


def load(path: Path) -> InputFile:
    if not path.exists():
        raise MissingInput("no such file", str(path))
    if not path.is_file():
        raise MissingInput("not a regular file (a directory?)", str(path))
    data = path.read_bytes()
    if not data:
        raise EmptyInput("the file is empty (0 bytes)", str(path))
    fmt = sniff(data, path)
    notes = []
    ext = path.suffix.lower().lstrip(".")
    if ext and ext not in (fmt, "text", "md") and not (fmt == "txt" and ext in ("text", "md")):
        notes.append(f"the name says .{ext} but the content is {fmt.upper()}: read as {fmt.upper()}")
    return InputFile(path, data, fmt, hashlib.sha256(data).hexdigest(), notes)


def read_document(inp: InputFile, options: Options) -> Document:
    """The reader of the file's format; overlong texts are cut (`cap_texts`) before the rules see them."""
    return cap_texts(read_by_format(inp, options))


def read_by_format(inp: InputFile, options: Options) -> Document:
    if inp.format == "pdf":
        from extract.readers.ocr import OcrSettings
        from extract.readers.pdf import read_pdf

        return read_pdf(inp.data, str(inp.path), options.max_pages, options.ocr,
                        OcrSettings(lang=options.lang, dpi=options.dpi), ocr_progress(inp.path) if options.progress else None)
    if inp.format in ("docx", "doc", "rtf", "odt"):
        from extract.readers.docx import read_docx
        from extract.readers.legacy import convert_to_docx

        data = inp.data if inp.format == "docx" else convert_to_docx(inp.data, inp.format, str(inp.path))
        return read_docx(data, str(inp.path)).model_copy(update={"format": inp.format})
    from extract.readers.text import read_text

    return read_text(inp.data)


def ocr_progress(path: Path) -> Callable[[int, int], None]:
    """«roadmap: OCR file: page i of n», redrawn on a terminal, one line per page otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        start, end = ("\r", "\n" if done == total else "") if tty else ("", "\n")
        print(f"{start}roadmap: OCR {path.name}: page {done} of {total}", end=end, file=sys.stderr, flush=True)

    return show


def check_language(doc: Document, path: str) -> None:
    text = " ".join(p.text for p in doc.paragraphs) + " ".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    letters = len(LETTER.findall(text))
    if letters < MIN_LETTERS:
        raise NoRoadmap(too_little_text(doc, letters), path)
    share = len(CYRILLIC.findall(text)) / letters
    if share < 0.3:
        raise NotRussian(f"the text is not Russian ({share:.0%} of letters are Cyrillic)", path)


def too_little_text(doc: Document, letters: int) -> str:
    """Why a document with (almost) no letters holds no roadmap, in the terms of its format."""
    untrusted = [r for r in doc.page_records if r.method == "untrusted"]
    skipped = [r for r in doc.page_records if r.method == "skipped"]
    if untrusted:
        return f"no page has a usable text layer ({untrusted[0].reason}); OCR is turned off (--ocr never)"
    if skipped:
        first = skipped[0]
        pages = f"page {first.page}" if len(skipped) == 1 else f"{len(skipped)} of {len(doc.page_records)} pages"
        why = f" ({'' if len(skipped) == 1 else f'page {first.page}: '}{first.reason})" if first.reason else ""
        return f"no text found: {pages} could not be read{why}"
    if any(r.method == "ocr" for r in doc.page_records):
        return "no text found, OCR included (blank pages, or a scan too poor to read?)"
    if letters:
        return f"too little text to be an order ({letters} letters)"
    if doc.format == "pdf":
        return "no text found: the pages have no text layer and no scanned image (blank, or text drawn as curves?)"
    if doc.format == "txt":
        return "no text found: the file holds no letters"
    return f"no text found: the {FORMAT_NAMES.get(doc.format, 'document')} is empty (pictures only? they are not read)"


def parse(path: Path, options: Options | None = None) -> Roadmap:
    options = options or Options()
    inp = load(path)
    doc = read_document(inp, options)
    check_language(doc, str(path))
    located = locate_plan(doc)
    front = read_front_matter(doc, located.tables[0] if located else None, located.tables[-1] if located else None)
    plan, plan_warnings = assemble(located)
    plan, detection_warnings = judge(plan)
    plan_warnings += detection_warnings
    warnings = [Warning(code="W_FORMAT", message=n) for n in inp.notes]
    warnings += [Warning(code="W_PAGES_SKIPPED", message=n) for n in doc.notes]
    warnings += [Warning(code=n.code, message=n.message, provenance=item_prov(n.prov) if n.prov else None)
                 for n in doc.notices]
    warnings += front.warnings + plan_warnings
    if plan is not None:
        period = infer_period(front.plan_title, front.requisites.title)
        plan = plan.model_copy(update={"title": front.plan_title, "kind": plan_kind(front.plan_title), "period": period})
    enriched = enrich(plan, front, options.ner)
    plan = identify(enriched.plan, inp.sha256)
    warnings += check_plan(plan, front)
    source = Source(
        file=display(path.name), sha256=inp.sha256, format=inp.format, pages=doc.pages, size=len(inp.data),
        ocr=any(r.method == "ocr" for r in doc.page_records),
        page_reads=[{"page": r.page, "method": r.method, "reason": r.reason} for r in doc.page_records],
    )
    status = "no_plan" if plan is None else "partial" if any(w.code in PARTIAL_CODES for w in warnings) else "ok"
    try:
        result = Roadmap.model_validate(
            {
                "producer": PRODUCER,
                "source": source,
                "status": status,
                "document": enriched.requisites,
                "plan": plan,
                "schools": enriched.schools,
                "persons": enriched.persons,
                "abbreviations": enriched.abbreviations,
                "warnings": warnings,
            }
        )
    except ValidationError as exc:
        raise OutputInvalid(f"our output failed validation: {exc.errors()[0]}", str(path)) from None
    if plan is None:
        rejected = next((w for w in warnings if w.code == "W_NOT_A_PLAN"), None)
        message = rejected.message if rejected else "no table of measures found"
        raise NoRoadmapFound(message, str(path), result)
    return result


def judge(plan: Plan | None) -> tuple[Plan | None, list[Warning]]:
    """Keep the plan only when its rows read like measures; say why, and warn on a near miss."""
    if plan is None:
        return None, []
    verdict = detect([m.text for m in plan.measures], [m.deadline is not None for m in plan.measures],
                     [m.executors_raw is not None for m in plan.measures])
    why = "; ".join(verdict.reasons)
    if not verdict.is_plan:
        return None, [Warning(code="W_NOT_A_PLAN", message=f"a table of {len(plan.measures)} numbered rows is not a "
                              f"plan of measures (score {verdict.score:.2f}: {why})")]
    warnings = [Warning(code="W_PLAN_UNCERTAIN", message=f"taken for a plan of measures, but only just "
                        f"(score {verdict.score:.2f}: {why})")] if verdict.near_miss else []
    return plan.model_copy(update={"detection": Detection(score=verdict.score, reasons=verdict.reasons)}), warnings
