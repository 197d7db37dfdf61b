"""Samples built from their own layout descriptions (samples/layouts/*.toml, by build_layouts.py,
which knows nothing of extract/ or pipelines/) against expected results written by hand
(NAME.expected.json), in every format they are printed in: DOCX, LibreOffice's PDF and a plain
PDF from reportlab."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES, outcome

from extract.normalize import fold_spaces

LAYOUTS = SAMPLES / "layouts"
EXPECTED = sorted(LAYOUTS.glob("*.expected.json"))
FORMATS = (".docx", ".pdf", ".plain.pdf")
# Known limit: a producer that prints no space between paragraphs of a narrow cell hides where one
# ends when the next word would not have fitted («Руководители ППЭ» / «Руководители ОУ»).
HIDDEN_PARAGRAPHS = {("s06-stacked-items", ".plain.pdf")}
CASES = [pytest.param(e, f, marks=pytest.mark.xfail(strict=True, reason="paragraphs invisible in a narrow cell"))
         if (e.name.removesuffix(".expected.json"), f) in HIDDEN_PARAGRAPHS else (e, f)
         for e in EXPECTED for f in FORMATS]
IDS = [f"{e.name.split('.')[0]}{f}" for e in EXPECTED for f in FORMATS]

def expected_of(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def document_of(expected: Path, suffix: str) -> Path:
    return LAYOUTS / (expected.name.removesuffix(".expected.json") + suffix)


def number(value: str | None) -> str | None:
    return value.rstrip(".") if value else value


def test_every_description_has_its_expectation_and_files() -> None:
    descriptions = sorted(LAYOUTS.glob("*.toml"))
    assert len(descriptions) >= 19
    for description in descriptions:
        for suffix in (".expected.json", *FORMATS):
            assert (LAYOUTS / f"{description.stem}{suffix}").exists(), (description.name, suffix)


@pytest.mark.parametrize(("expected", "suffix"), CASES, ids=IDS)
def test_layout_sample(expected: Path, suffix: str) -> None:
    spec = expected_of(expected)
    result, code = outcome(document_of(expected, suffix))
    doc = result.document
    assert (doc.doc_type, doc.number, doc.date) == (spec["doc_type"], spec["number"], spec["date"])
    assert (result.plan is not None) == spec["plan"] and code == (0 if spec["plan"] else 4)
    measures = result.plan.measures if result.plan else []
    got = [{"number": m.number, "text": m.text, "section": m.section,
            "deadline_raw": m.deadline.raw if m.deadline else None, "executors_raw": m.executors_raw}
           for m in measures]
    want = [{"number": number(m["number"]), "text": fold_spaces(m["text"]), "section": m["section"],
             "deadline_raw": m["deadline_raw"], "executors_raw": m["executors_raw"]} for m in spec["measures"]]
    assert got == want
    for m, w in zip(measures, spec["measures"]):
        if w.get("deadline_start") or w.get("deadline_end"):
            assert m.deadline and (m.deadline.start, m.deadline.end) == (w.get("deadline_start"), w.get("deadline_end"))
    if result.plan:
        sections = [{"number": s.number, "title": s.title, "deadline_raw": s.deadline.raw if s.deadline else None}
                    for s in result.plan.sections]
        assert sections == [{**s, "number": number(s["number"])} for s in spec["sections"]]
        assert result.plan.goals == spec["goals"]
        assert [{"number": i.number, "text": i.text} for i in result.plan.indicators] == spec["indicators"]
    clauses = [{"number": c.number, "text_start": c.text[: len(w["text_start"])],
                "deadline_end": c.deadline.end if c.deadline else None, "persons": [e.name for e in c.executors]}
               for c, w in zip(doc.clauses, spec["clauses"])]
    assert len(doc.clauses) == len(spec["clauses"]) and clauses == spec["clauses"]
    assert (doc.control.name if doc.control else None) == spec["control"]
    assert set(spec["warnings"]) <= {w.code for w in result.warnings}
