"""The NLP layer over an assembled plan: deadlines, executors, schools, persons, abbreviations.

reads: Plan, FrontMatter; writes: the plan with normalized cells, and the document registries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, TypeGuard

from extract.morph import singular_nominative
from extract.normalize import fold_spaces
from extract.rules.abbreviations import GLOSSARY, full_name
from extract.rules.dates import MONTHS_GENITIVE, month_number
from extract.rules.deadlines import Context, normalize_deadline
from extract.rules.executors import ROLE_HEAD, nominative_by_mentions, split_executors
from extract.rules.roles import document_executor, roles_in_body
from extract.rules.schools import SchoolRef, schools_in_cell
from pipelines.requisites import FrontMatter
from schemas.roadmap import (
    Abbreviation,
    Deadline,
    Executor,
    ItemProvenance,
    Measure,
    Person,
    Plan,
    Requisites,
    School,
    Window,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

EXECUTOR_ROLE = "ответственный исполнитель"
ORG_WORDS = re.compile(
    r"управлени|отдел|департамент|комитет|учреждени|организаци|центр|комисси|совет|служб|министерств|"
    r"администраци|институт|колледж|школ|гимнази|лице[йя]|[«\"]", re.I)
WORD_ABBR = r"[А-ЯЁ]{2,}"
# An executor that is only an abbreviation («ИМО», «МКУ ИМЦ», «ЦОКО»): a body, even one the
# document never spells out (a role is printed in words: «Директора ОО», «Руководители ОО»).
BARE_ABBREVIATION = re.compile(r"^[А-ЯЁ]{2,10}(?:\s[А-ЯЁ]{2,10}){0,3}$")
# «1-10», «15», «до 20 числа», «с 1 по 15»: days with no month
DAY_ONLY = re.compile(r"^(?:(?:с|до|к|не позднее) ?)?\d{1,2}(?: ?(?:[-–—]|по) ?\d{1,2})?(?: ?(?:числа|число))?\.?$", re.I)
DAY_WORDS = re.compile(r"\b(?:числа|число)\b", re.I)


@dataclass(frozen=True)
class Enriched:
    plan: Plan | None
    requisites: Requisites
    schools: list[School]
    persons: list[Person]
    abbreviations: list[Abbreviation]


def context_of(plan: Plan | None, front: FrontMatter) -> Context:
    period = plan.period if plan else None
    doc_date = date.fromisoformat(front.requisites.date) if front.requisites.date else None
    if period:
        return Context(date.fromisoformat(period.start), date.fromisoformat(period.end), doc_date)
    return Context(doc_date=doc_date)


def annotate(texts: list[str], ner: bool = False) -> dict[str, Doc]:
    """Run the pipeline once over every distinct text the layer reads."""
    from extract.nlp import pipeline  # spaCy loads only where texts are annotated, not in a batch's parent

    unique = list(dict.fromkeys(t for t in texts if t))
    return dict(zip(unique, pipeline(ner).pipe(unique)))


def find_abbreviations(docs: dict[str, Doc]) -> dict[str, Abbreviation]:
    """Definitions «(далее – ЦОКО)» found by the pipeline, then the glossary for the rest."""
    found: dict[str, Abbreviation] = {}
    texts = list(docs)
    for doc in docs.values():
        for span in doc.spans["abbr"]:
            abbr = span._.value
            full = full_name(doc.text[: span.start_char], abbr)
            if full and abbr not in found:
                found[abbr] = Abbreviation(abbr=abbr, full=full, source="document")
    used = {w for text in texts for w in re.findall(WORD_ABBR, text)}
    for abbr in sorted(used):
        if abbr not in found and abbr in GLOSSARY:
            found[abbr] = Abbreviation(abbr=abbr, full=GLOSSARY[abbr], source="glossary")
    return found


def expand(name: str, abbreviations: dict[str, Abbreviation]) -> str | None:
    words = re.findall(WORD_ABBR, name)
    if not any(w in abbreviations for w in words):
        return None
    return re.sub(WORD_ABBR, lambda m: abbreviations[m.group(0)].full if m.group(0) in abbreviations else m.group(0), name)


def executors_of(raw: str, orgs: set[str], abbreviations: dict[str, Abbreviation]) -> list[Executor]:
    """Split a responsible cell; a body is an organization when NER or an abbreviation says so."""
    out = []
    for executor in split_executors(raw):
        if executor.kind != "person":
            is_org = (executor.name in orgs or ORG_WORDS.search(executor.name) or BARE_ABBREVIATION.match(executor.name)
                      or any(w in abbreviations for w in executor.name.split()))
            kind = "role" if ROLE_HEAD.match(executor.name) or not is_org else "organization"
            executor = executor.model_copy(update={"kind": kind, "expanded": expand(executor.name, abbreviations)})
        out.append(executor)
    return out


def orgs_in(doc: Doc | None) -> set[str]:
    spans = doc.spans.get("ner", []) if doc is not None else []  # only with --ner
    return {span.text for span in spans if span.label_ == "ORG"}


def enrich_measures(
    plan: Plan, ctx: Context, docs: dict[str, Doc], abbreviations: dict[str, Abbreviation]
) -> tuple[Plan, list[list[SchoolRef]]]:
    """Deadlines, executors and school labels of every measure; the school references per measure."""
    measures: list[Measure] = []
    refs: list[list[SchoolRef]] = []
    titles = {s.id: s.title for s in plan.sections}
    for measure in plan.measures:
        orgs = orgs_in(docs.get(measure.executors_raw or ""))
        schools = schools_in_cell(measure.note or "") + schools_in_cell(measure.text)
        refs.append(schools)
        update = {
            "deadline": deadline_of(measure, titles.get(measure.section_id or ""), ctx),
            "executors": executors_of(measure.executors_raw or "", orgs, abbreviations),
            "schools": list(dict.fromkeys(s.label for s in schools)),
        }
        measures.append(measure.model_copy(update=update))
    sections = [s.model_copy(update={"deadline": normalize_deadline(s.deadline.raw, ctx)}) if s.deadline else s
                for s in plan.sections]
    return plan.model_copy(update={"measures": measures, "sections": sections}), refs


def deadline_of(measure: Measure, group: str | None, ctx: Context) -> Deadline | None:
    """The measure's deadline, normalized; a day-only deadline («1-10») under a month group row
    («ЯНВАРЬ») is read in that month. `raw` stays as printed."""
    if measure.deadline is None:
        return None
    raw = measure.deadline.raw
    month = month_group(group) if group and DAY_ONLY.match(" ".join(raw.split())) else None
    if month is None:
        return normalize_deadline(raw, ctx)
    in_month = normalize_deadline(f"{DAY_WORDS.sub('', raw).strip(' .')} {month}", ctx)
    update: dict[str, object] = {"raw": fold_spaces(raw)}
    if in_month.kind == "by_date" and in_month.end:
        # «до 20» under «ФЕВРАЛЬ»: the group row fixes the month and the cell its last day, so the
        # printed text fixes both ends (1-20 February): a range, not a by_date with a start.
        start = in_month.end[:8] + "01"
        update |= {"kind": "range", "start": start, "window": Window(start=start, end=in_month.end, inferred=False)}
    return in_month.model_copy(update=update)


def month_group(title: str) -> str | None:
    """«ЯНВАРЬ», «Январь 2024 г.» → «января» (the genitive the deadline rules read), else None.
    The month is read from the one month table (`extract.rules.dates`), by the word's lemma."""
    words = title.lower().split()
    number = month_number(words[0]) if words and len(words) <= 3 else None
    return next((g for g, n in MONTHS_GENITIVE.items() if n == number), None) if number else None


def merge_schools(refs: list[tuple[SchoolRef, ItemProvenance | None]]) -> list[School]:
    """One entry per (kind, number), keeping the richest printed details and where it was first
    named in a table row (the order's text carries no place); ids «school1»… in order."""
    merged: dict[tuple[str, str | None], SchoolRef] = {}
    where: dict[tuple[str, str | None], ItemProvenance] = {}
    for ref, prov in refs:
        old = merged.get(ref.key)
        if old is None or len([v for v in (ref.legal_form, ref.name, ref.director) if v]) > len(
            [v for v in (old.legal_form, old.name, old.director) if v]
        ):
            merged[ref.key] = ref
        if located(prov):
            where.setdefault(ref.key, prov)
    return [
        School(id=school_id(i), kind=r.kind, number=r.number, legal_form=r.legal_form, name=r.name, director=r.director,
               raw=r.raw or r.label, provenance=where.get(r.key))
        for i, r in enumerate(merged.values())
    ]


def located(prov: ItemProvenance | None) -> TypeGuard[ItemProvenance]:
    """A provenance that says where (a text rendition's clause may know no page, table or line)."""
    return prov is not None and any(v is not None for v in (prov.page, prov.table, prov.row, prov.line, prov.bbox))


def school_id(index: int) -> str:
    return f"school{index + 1}"


def link_schools(plan: Plan, refs: list[list[SchoolRef]], schools: list[School]) -> Plan:
    """`measure.school_ids`: the registry's ids of the schools each measure names."""
    ids = {(s.kind, s.number): s.id for s in schools}
    measures = [m.model_copy(update={"school_ids": list(dict.fromkeys(ids[r.key] for r in own if r.key in ids))})
                for m, own in zip(plan.measures, refs)]
    return plan.model_copy(update={"measures": measures})


def linked(executors: list[Executor], ids: dict[str, str | None]) -> list[Executor]:
    """`executors[].person_id`: the registry's id of each person executor."""
    return [e.model_copy(update={"person_id": ids.get(e.name)}) if e.kind == "person" else e for e in executors]


def link_persons(plan: Plan | None, requisites: Requisites, persons: list[Person]) -> tuple[Plan | None, Requisites]:
    """Person executors of measures and of the order's clauses, tied to the registry by id."""
    ids = {p.name: p.id for p in persons}
    clauses = [c.model_copy(update={"executors": linked(c.executors, ids)}) for c in requisites.clauses]
    requisites = requisites.model_copy(update={"clauses": clauses})
    if plan is None:
        return None, requisites
    measures = [m.model_copy(update={"executors": linked(m.executors, ids)}) for m in plan.measures]
    return plan.model_copy(update={"measures": measures}), requisites


class Registry:
    """Persons by normalized name, roles in the order found, each role once (case ignored), and
    where each is first named in a clause or a table row (signatures and stamps carry no place)."""

    def __init__(self) -> None:
        self.roles: dict[str, list[str]] = {}
        self.where: dict[str, ItemProvenance] = {}

    def add(self, name: str | None, role: str | None, where: ItemProvenance | None = None) -> None:
        if not name:
            return
        roles = self.roles.setdefault(name, [])
        if role and role.lower() not in {r.lower() for r in roles}:
            roles.append(role)
        if located(where):
            self.where.setdefault(name, where)

    def persons(self) -> list[Person]:
        return [Person(id=f"person{i}", name=name, roles=roles, provenance=self.where.get(name))
                for i, (name, roles) in enumerate(self.roles.items(), 1)]


def persons_of(front: FrontMatter, plan: Plan | None) -> list[Person]:
    registry = Registry()
    req = front.requisites
    for signatory in req.signatories:
        registry.add(signatory.name, signatory.position)
    for stamp in req.stamps:
        registry.add(stamp.name, stamp.position)
        registry.add(stamp.name, "УТВЕРЖДАЮ" if stamp.kind == "approved" else "СОГЛАСОВАНО")
    for name, role in roles_in_body(front.body):
        registry.add(name, role)
    for name, role in document_executor(req.executor_mark):
        registry.add(name, role)
    for clause in req.clauses:
        for executor in clause.executors:
            registry.add(executor.name, None, clause.provenance)
    column = plan.columns.get("executors") if plan else None
    executor_role = singular_nominative(column) if column else EXECUTOR_ROLE
    for measure in plan.measures if plan else []:
        for executor in measure.executors:
            if executor.kind == "person":
                registry.add(executor.name, executor.position or executor_role, measure.provenance)
    return registry.persons()


def by_mentions(executors: list[Executor], mentions: list[str]) -> list[Executor]:
    """Person executors whose printed surname is ambiguous, named as the document's other
    mentions of them name them (`nominative_by_mentions`); `raw` stays as printed."""
    return [e.model_copy(update={"name": nominative_by_mentions(e.name, mentions)}) if e.kind == "person" else e
            for e in executors]


def resolve_persons(front: FrontMatter, plan: Plan | None) -> tuple[FrontMatter, Plan | None]:
    """The executors of measures and clauses, read against every person the document names: one
    cell's «Сафину Л.Р.» is decided by «Л.Р. Сафина» signing. Runs before the registry is built,
    so the person is registered once and every executor links to that one id."""
    mentions = [p.name for p in persons_of(front, plan)]
    clauses = [c.model_copy(update={"executors": by_mentions(c.executors, mentions)}) for c in front.requisites.clauses]
    front = replace(front, requisites=front.requisites.model_copy(update={"clauses": clauses}))
    if plan is None:
        return front, None
    measures = [m.model_copy(update={"executors": by_mentions(m.executors, mentions)}) for m in plan.measures]
    return front, plan.model_copy(update={"measures": measures})


def enrich(plan: Plan | None, front: FrontMatter, ner: bool = False) -> Enriched:
    texts = front.body + [
        t for m in (plan.measures if plan else []) for t in (m.text, m.executors_raw, m.note, m.expected_result) if t
    ]
    docs = annotate(texts, ner)
    abbreviations = find_abbreviations(docs)
    refs: list[tuple[SchoolRef, ItemProvenance | None]] = [(ref, None) for text in front.body
                                                             for ref in schools_in_cell(text)]
    measure_refs: list[list[SchoolRef]] = []
    if plan is not None:
        plan, measure_refs = enrich_measures(plan, context_of(plan, front), docs, abbreviations)
        refs += [(r, m.provenance) for m, own in zip(plan.measures, measure_refs) for r in own]
    schools = merge_schools(refs)
    front, plan = resolve_persons(front, plan)
    persons = persons_of(front, plan)
    plan, requisites = link_persons(link_schools(plan, measure_refs, schools) if plan else None, front.requisites, persons)
    return Enriched(plan, requisites, schools, persons, list(abbreviations.values()))
