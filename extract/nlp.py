"""The Russian NLP pipeline: spaCy `blank("ru")` with the pymorphy3 lemmatizer, natasha's NER
wrapped as a component, and our rule components. Built once per process, lazily, offline
(natasha ships its models in its wheel; pymorphy dictionaries are packages).

Components (each says what it reads and writes):
- `natasha_ner`: reads doc.text; writes doc.spans["ner"] (PER, ORG, LOC), stray brackets trimmed.
- `roadmap_rules`: reads doc.text; writes doc.spans["person"] (our name grammar, value «И.О.
  Фамилия»), doc.spans["school"] (value SchoolRef), doc.spans["abbr"] (definitions «(далее – X)»).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.morph import analyzer
from extract.rules.executors import find_persons, normal_name
from extract.rules.schools import find_schools

if not Span.has_extension("value"):
    Span.set_extension("value", default=None)


@contextmanager
def without_pymorphy2_path() -> Iterator[None]:
    """pymorphy3 also reads PYMORPHY2_DICT_PATH: pointed at pymorphy2's older dictionaries, its
    lookups fail (`struct.error`). We never use natasha's MorphVocab (the only part that needs
    pymorphy2), so the variable is hidden while our analyzers are built."""
    saved = os.environ.pop("PYMORPHY2_DICT_PATH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["PYMORPHY2_DICT_PATH"] = saved


@lru_cache(maxsize=1)
def natasha_models() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def natasha_spans(text: str) -> list[tuple[int, int, str]]:
    """natasha's raw NER over `text`: (start, stop, type), brackets trimmed from the edges."""
    from natasha import Doc as NatashaDoc

    segmenter, tagger = natasha_models()
    ndoc = NatashaDoc(text)
    ndoc.segment(segmenter)
    ndoc.tag_ner(tagger)
    out = []
    for span in ndoc.spans:
        start, stop = span.start, span.stop
        while start < stop and text[start] in "()«» ,":
            start += 1
        while stop > start and text[stop - 1] in "()«» ,\n":
            stop -= 1
        if stop > start:
            out.append((start, stop, span.type))
    return out


def char_spans(doc: Doc, found: list[tuple[int, int, str, Any]]) -> list[Span]:
    spans = []
    for start, stop, label, value in found:
        span = doc.char_span(start, stop, label=label, alignment_mode="expand")
        if span is not None:
            span._.value = value
            spans.append(span)
    return spans


@Language.component("natasha_ner")
def natasha_ner(doc: Doc) -> Doc:
    doc.spans["ner"] = char_spans(doc, [(a, b, t, None) for a, b, t in natasha_spans(doc.text)])
    return doc


ABBR_DEFINITION = re.compile(r"\(\s*далее\s*(?:[-–—]\s*|по тексту\s*[-–—]?\s*)?[«\"]?(?P<abbr>[^)»\"]{1,40}?)[»\"]?\s*\)", re.I)


@Language.component("roadmap_rules")
def roadmap_rules(doc: Doc) -> Doc:
    text = doc.text
    persons = [(m.start(), m.end(), "PER", normal_name(m)) for m in find_persons(text)]
    schools = []
    for ref in find_schools(text):
        at = text.find(ref.raw)
        if at >= 0:
            schools.append((at, at + len(ref.raw), "SCHOOL", ref))
    abbrs = [(m.start(), m.end(), "ABBR", m.group("abbr").strip()) for m in ABBR_DEFINITION.finditer(text)]
    doc.spans["person"] = char_spans(doc, persons)
    doc.spans["school"] = char_spans(doc, schools)
    doc.spans["abbr"] = char_spans(doc, abbrs)
    return doc


class CachedAnalyzer:
    """pymorphy3 with its `parse` remembered per word form; everything else passed through."""

    def __init__(self, morph: Any) -> None:
        self._morph = morph
        self.parse = lru_cache(maxsize=65536)(morph.parse)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._morph, name)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    import spacy

    with without_pymorphy2_path():
        nlp = spacy.blank("ru")
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
        lemmatizer._morph = CachedAnalyzer(analyzer())  # type: ignore[attr-defined]  # each form parsed once
        nlp.add_pipe("natasha_ner")
        nlp.add_pipe("roadmap_rules")
        nlp.initialize()
    return nlp
