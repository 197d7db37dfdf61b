"""Measure texts as lemmas and as vectors, for comparing plans.

Lemmas come from pymorphy3 (cached); vectors from navec, the word embeddings natasha ships
inside its package (no download): a text's vector is the mean of its content lemmas' unit vectors.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from extract.morph import analyzer

Vector = npt.NDArray[np.float32]
WORD = re.compile(r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яёA-Za-z]+)*")
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED", "NUMR"}
# Words every roadmap of this genre uses: they say nothing about what a measure does.
GENRE_WORDS = {
    "обеспечение", "организация", "проведение", "вопрос", "образовательный", "общеобразовательный",
    "учреждение", "оо", "оу", "муниципальный", "том", "число", "год", "др",
    "объективность", "объективный", "процедура", "оценочный", "оценка", "качество", "образование",
}
DIMENSIONS = 300


@lru_cache(maxsize=65536)
def lemma(word: str) -> tuple[str, str]:
    """The normal form of one word and its part of speech ('' when unknown)."""
    low = word.lower().replace("ё", "е")
    parses = analyzer().parse(low)
    if not parses:
        return low, ""
    return parses[0].normal_form.replace("ё", "е"), str(parses[0].tag.POS or "")


def lemmas(text: str) -> list[str]:
    """Content lemmas of a text in order: no prepositions, conjunctions, particles or numbers."""
    out = []
    for match in WORD.finditer(text):
        normal, pos = lemma(match.group(0))
        if pos not in FUNCTION_POS and len(normal) > 1:
            out.append(normal)
    return out


def content(lemma_list: list[str]) -> list[str]:
    """The lemmas that tell measures apart (the genre's stock words dropped)."""
    return [w for w in lemma_list if w not in GENRE_WORDS]


def navec_path() -> Path:
    import natasha

    return Path(natasha.__file__).parent / "data" / "emb" / "navec_news_v1_1B_250K_300d_100q.tar"


@lru_cache(maxsize=1)
def navec() -> Any:
    from navec import Navec

    return Navec.load(str(navec_path()))


@lru_cache(maxsize=65536)
def word_vector(word: str) -> Vector | None:
    found = navec().get(word)
    if found is None:
        return None
    vector = np.asarray(found, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


def text_vector(lemma_list: list[str]) -> Vector:
    """Mean of the unit vectors of the lemmas navec knows, normalized; zeros when it knows none."""
    found = [v for v in (word_vector(w) for w in lemma_list) if v is not None]
    if not found:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    mean: Vector = np.mean(found, axis=0, dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    return mean / np.float32(norm) if norm else mean
