"""The Russian NLP pipeline: spaCy `blank("ru")` with our rule components, and, with `ner=True`
(`roadmap parse --ner`), the pymorphy3 lemmatizer and natasha's NER wrapped as a component. Built
once per process, lazily, offline (natasha ships its models in its wheel; pymorphy dictionaries
are packages).

NER is off the default path: measured on every sample and on the real documents with gold, its ORG
spans changed no output (executor kinds are decided by our rules and the document's abbreviations
first), while natasha was most of the NLP time. `--ner` keeps it for those who want its spans.

Components (each says what it reads and writes):
- `natasha_ner`: reads doc.text; writes doc.spans["ner"] (PER, ORG, LOC), stray brackets trimmed.
  Batched: `nlp.pipe` hands it many texts, which slovnet's network reads a batch at a time.
- `roadmap_rules`: reads doc.text; writes doc.spans["person"] (our name grammar, value «И.О.
  Фамилия»), doc.spans["school"] (value SchoolRef), doc.spans["abbr"] (definitions «(далее – X)»).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
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
    return natasha_spans_of([text])[0]


def natasha_spans_of(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """natasha's NER over many texts at once (what natasha's Doc.tag_ner does for one text, without
    the segmentation it only needs for its own token spans). slovnet runs its network on a batch of
    texts at a time: tagged one by one, each text costs ~15 ms on a busy 2-core machine, where
    BLAS threads wait on each other for tiny matrices; in batches, under 0.5 ms. Texts go in order
    of length, so a batch is padded little."""
    _, tagger = natasha_models()
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    order = sorted((i for i, text in enumerate(texts) if text.strip()), key=lambda i: len(texts[i]))
    for batch in padded_batches(order, texts):
        for i, markup in zip(batch, tagger.map([texts[i] for i in batch])):
            out[i] = trimmed(texts[i], [(span.start, span.stop, span.type) for span in markup.spans])
    return out


# A batch's texts times its longest text, in characters: slovnet pads every text of a batch to the
# longest and holds ~8 KB per padded character (a 20,000-character cell alone takes ~170 MB).
PAD_CHARS = 20_000


def padded_batches(order: list[int], texts: list[str]) -> Iterator[list[int]]:
    """Indexes of `texts` (in `order`, shortest first) in batches whose padded size stays within
    PAD_CHARS; a longer text goes alone."""
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) + 1) * len(texts[i]) > PAD_CHARS:
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def trimmed(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for start, stop, kind in spans:
        while start < stop and text[start] in "()«» ,":
            start += 1
        while stop > start and text[stop - 1] in "()«» ,\n":
            stop -= 1
        if stop > start:
            out.append((start, stop, kind))
    return out


def char_spans(doc: Doc, found: list[tuple[int, int, str, Any]]) -> list[Span]:
    spans = []
    for start, stop, label, value in found:
        span = doc.char_span(start, stop, label=label, alignment_mode="expand")
        if span is not None:
            span._.value = value
            spans.append(span)
    return spans


NER_BATCH = 256  # docs handed to natasha at once: enough to amortize a call, little to hold


class NatashaNer:
    """The `natasha_ner` component: one doc, or a stream of them in batches (`nlp.pipe`)."""

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = NER_BATCH) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, max(batch_size, NER_BATCH))):
            for doc, found in zip(batch, natasha_spans_of([doc.text for doc in batch])):
                doc.spans["ner"] = char_spans(doc, [(a, b, t, None) for a, b, t in found])
                yield doc


@Language.factory("natasha_ner")
def make_natasha_ner(nlp: Language, name: str) -> NatashaNer:
    return NatashaNer()


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


@lru_cache(maxsize=2)
def pipeline(ner: bool = False) -> Language:
    """The rules alone (the default path), or with the lemmatizer and natasha's NER."""
    import spacy

    with without_pymorphy2_path():
        nlp = spacy.blank("ru")
        if ner:
            lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
            lemmatizer._morph = CachedAnalyzer(analyzer())  # type: ignore[attr-defined]  # each form parsed once
            nlp.add_pipe("natasha_ner")
        nlp.add_pipe("roadmap_rules")
        nlp.initialize()
    return nlp
