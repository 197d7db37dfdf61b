"""The committed sample DOCX files are what samples/build_samples.py makes of their text renditions
(read by samples/rendition.py, independently of the parser): same paragraphs, same cells, same
merged spans."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from docx import Document
from docx.oxml.ns import qn

RENDITIONS = sorted(p for p in SAMPLES.glob("*.txt") if p.with_suffix(".docx").exists())


def structure(path: Path) -> list[Any]:
    out: list[Any] = []
    for element in Document(str(path)).element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            if text.strip():
                out.append(text)
        elif element.tag == qn("w:tbl"):
            for tr in element.iterchildren(qn("w:tr")):
                out.append([("\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iterchildren(qn("w:p"))),
                             tc.xpath("./w:tcPr/w:gridSpan/@w:val") or ["1"]) for tc in tr.iterchildren(qn("w:tc"))])
    return out


@pytest.mark.parametrize("rendition", RENDITIONS, ids=[p.stem for p in RENDITIONS])
def test_committed_docx_is_rebuilt_from_its_rendition(rendition: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(SAMPLES))
    try:
        from build_samples import build_docx
    finally:
        sys.path.remove(str(SAMPLES))
    rebuilt = tmp_path / rendition.with_suffix(".docx").name
    build_docx(rendition, rebuilt)
    expected = structure(rendition.with_suffix(".docx"))
    assert len(expected) > 10
    assert structure(rebuilt) == expected
