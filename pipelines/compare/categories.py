"""Measure categories: the taxonomy's words and phrases on lemmas, then navec similarity.

A measure whose text names no category's words is assigned by embedding similarity only when it is
close to one category; otherwise it stays «other» rather than being forced somewhere.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from extract.semantics import Vector, lemmas, text_vector
from schemas.comparison import Category

TAXONOMY = Path(__file__).with_name("taxonomy.toml")
OTHER = Category(code="other", label="Другое", description="no category fits well enough")
WORD_WEIGHT, PHRASE_WEIGHT, HEAD_WEIGHT = 1.0, 2.0, 2.0
EMBEDDING_ONLY = 0.62  # cosine a measure needs to a category's centroid when no word matched


@dataclass(frozen=True)
class Entry:
    category: Category
    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    centroid: Vector


@dataclass(frozen=True)
class Assigned:
    category: str
    confidence: float
    matched: list[str]


@lru_cache(maxsize=4)
def taxonomy(path: Path = TAXONOMY) -> tuple[Entry, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    for code, spec in data.items():
        words = frozenset(w for word in spec.get("words", []) for w in lemmas(word))
        phrases = tuple(tuple(lemmas(p)) for p in spec.get("phrases", []))
        everything = [*words, *(w for p in phrases for w in p)]
        category = Category(code=code, label=spec["label"], description=spec["description"])
        entries.append(Entry(category, words, phrases, text_vector(everything)))
    return tuple(entries)


def categories() -> list[Category]:
    return [e.category for e in taxonomy()] + [OTHER]


def find(seq: list[str], phrase: tuple[str, ...]) -> int | None:
    """Where the phrase starts in the lemma sequence, or None."""
    n = len(phrase)
    return next((i for i in range(len(seq) - n + 1) if tuple(seq[i : i + n]) == phrase), None)


def rule_score(entry: Entry, words: list[str]) -> tuple[float, int | None, list[str]]:
    """The entry's score on a lemma sequence, where its first match starts, and what matched."""
    starts = {p: find(words, p) for p in entry.phrases}
    matched_phrases = [p for p, at in starts.items() if at is not None]
    in_phrase = {w for p in matched_phrases for w in p}
    word_starts = {w: words.index(w) for w in words if w in entry.words and w not in in_phrase}
    score = PHRASE_WEIGHT * len(matched_phrases) + WORD_WEIGHT * len(word_starts)
    first = min([at for at in starts.values() if at is not None] + list(word_starts.values()), default=None)
    return score, first, [" ".join(p) for p in matched_phrases] + sorted(word_starts)


@dataclass
class Score:
    code: str
    rules: float
    first: int
    cosine: float
    matched: list[str]


def assign(text: str) -> Assigned:
    words = lemmas(text)
    vector = text_vector(words)
    scores = []
    for entry in taxonomy():
        rules, first, matched = rule_score(entry, words)
        cosine = float(np.dot(vector, entry.centroid))
        scores.append(Score(entry.category.code, rules, len(words) if first is None else first, cosine, matched))
    total = sum(s.rules for s in scores)
    if total:
        min(scores, key=lambda s: s.first).rules += HEAD_WEIGHT  # what a measure names first is what it does
        best = max(scores, key=lambda s: (s.rules, s.cosine))
        share = best.rules / (total + HEAD_WEIGHT)
        return Assigned(best.code, round(0.6 * share + 0.4 * max(best.cosine, 0.0), 3), best.matched)
    nearest = max(scores, key=lambda s: s.cosine)
    if nearest.cosine >= EMBEDDING_ONLY:
        return Assigned(nearest.code, round(0.6 * nearest.cosine, 3), [])
    return Assigned(OTHER.code, round(1.0 - max(nearest.cosine, 0.0), 3), [])
