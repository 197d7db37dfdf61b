"""Plans → one Comparison: categories per measure, metrics per plan, alignments per pair."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from extract.semantics import lemmas
from pipelines.compare.align import align_all, build_corpus
from pipelines.compare.categories import OTHER, assign, categories
from pipelines.compare.inputs import Loaded
from pipelines.compare.metrics import concreteness, drawn_span, plan_metrics, responsible
from schemas.comparison import Comparison, MeasureEntry, PlanSummary
from schemas.roadmap import Measure, Roadmap


def unique_by_source(loaded: list[Loaded]) -> list[Loaded]:
    """One plan per source document (SHA-256): a folder may hold a document and its JSON."""
    seen: set[str] = set()
    out = []
    for item in loaded:
        if item.roadmap.source.sha256 not in seen:
            seen.add(item.roadmap.source.sha256)
            out.append(item)
    return out


def labels(roadmaps: list[Roadmap]) -> list[str]:
    """The city, else the issuing body, else the file name in brackets (never taken for a city); a
    repeated label gets the document's date (then its position)."""
    base = [r.document.city or r.document.authority or f"[{Path(r.source.file).stem}]" for r in roadmaps]
    counts = Counter(base)
    out = [f"{b} ({r.document.date or r.source.file})" if counts[b] > 1 else b for b, r in zip(base, roadmaps)]
    again = Counter(out)
    return [f"{label} #{i + 1}" if again[label] > 1 else label for i, label in enumerate(out)]


def link(item: Loaded, measure: Measure, base: Path | None) -> str:
    target = item.document or Path(item.roadmap.source.file)
    if item.document and base:
        target = Path(os.path.relpath(item.document.resolve(), base.resolve()))
    page = measure.provenance.page
    anchor = f"#page={page}" if page and item.roadmap.source.format == "pdf" else ""
    return quote(target.as_posix()) + anchor


def measure_entries(index: int, item: Loaded, base: Path | None) -> list[MeasureEntry]:
    plan = item.roadmap.plan
    out = []
    for position, m in enumerate(plan.measures if plan else []):
        assigned = assign(m.text)
        d = m.deadline
        start, end = drawn_span(d)
        out.append(MeasureEntry(
            plan=index, position=position, number=m.number, text=m.text, category=assigned.category,
            confidence=assigned.confidence, matched=assigned.matched, deadline_raw=d.raw if d else None,
            deadline_kind=d.kind if d else None, concreteness=concreteness(d), start=start,
            end=end, months=d.months if d else [], page=m.provenance.page, table=m.provenance.table, row=m.provenance.row,
            link=link(item, m, base),
        ))
    return out


def summary(label: str, roadmap: Roadmap, entries: list[MeasureEntry]) -> PlanSummary:
    doc = roadmap.document
    return PlanSummary(
        label=label, city=doc.city, doc_type=doc.doc_type, number=doc.number, date=doc.date,
        title=roadmap.plan.title if roadmap.plan else doc.title, file=roadmap.source.file,
        sha256=roadmap.source.sha256, metrics=plan_metrics(roadmap),
        categories=dict(Counter(e.category for e in entries)), responsible=responsible(roadmap),
    )


def compare(loaded: list[Loaded], base: Path | None = None) -> Comparison:
    """`base`: the folder links to source documents are made relative to (where the report goes)."""
    items = unique_by_source(loaded)
    names = labels([i.roadmap for i in items])
    per_plan = [measure_entries(n, item, base) for n, item in enumerate(items)]
    plans = [summary(name, item.roadmap, entries) for name, item, entries in zip(names, items, per_plan)]
    entries = [e for plan_entries in per_plan for e in plan_entries]
    corpus = build_corpus([[lemmas(e.text) for e in plan_entries] for plan_entries in per_plan],
                          [e.category for e in entries])
    codes = [c.code for c in categories() if c.code != OTHER.code]
    having = {code: [p.label for p in plans if p.categories.get(code)] for code in codes}
    return Comparison(
        categories=categories(), plans=plans, measures=entries, alignments=align_all(corpus, len(items)),
        common_categories=[code for code in codes if plans and len(having[code]) == len(plans)],
        single_plan_categories={code: names[0] for code, names in having.items() if len(names) == 1 and len(plans) > 1},
    )
