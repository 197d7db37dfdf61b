"""Which measures of two plans correspond: lemma TF-IDF and navec similarity, matched one to one.

Scores: `lexical` is the cosine of TF-IDF vectors of content lemmas (IDF over every measure being
compared, so words all plans use weigh little); `semantic` the cosine of mean navec vectors after the
corpus mean is removed (so the genre's shared vocabulary does not make everything look alike);
`score` mixes both and gives a little for the same category. Pairs are taken best first, each
measure at most once, so each pair taken is the other's best among what is left (mutual best); a
pair needs a shared content word and MIN_SCORE.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from extract.semantics import DIMENSIONS, Vector, content, word_vector
from schemas.comparison import AlignedPair, Alignment

Matrix = npt.NDArray[np.float32]
LEXICAL, SEMANTIC, SAME_CATEGORY = 0.5, 0.4, 0.1
MIN_SCORE = 0.24


@dataclass
class Corpus:
    """Every measure of every plan as rows: plan index, category, TF-IDF row and embedding row."""

    plan: npt.NDArray[np.int64]
    category: list[str]
    tfidf: Matrix
    embedding: Matrix


def normalize_rows(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: Matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return out


def weighted_vector(words: list[str], idf: dict[str, float]) -> Vector:
    """IDF-weighted mean of the words' unit vectors: rare words say more about a measure."""
    found = [(idf[w], v) for w in words if (v := word_vector(w)) is not None]
    if not found:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    total: Vector = np.sum([weight * v for weight, v in found], axis=0, dtype=np.float32)
    return total / np.float32(sum(weight for weight, _ in found))


def build_corpus(plans: list[list[list[str]]], categories: list[str]) -> Corpus:
    """`plans`: per plan, per measure, its lemmas."""
    docs = [content(words) for measures in plans for words in measures]
    vocabulary = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    frequency = Counter(w for d in docs for w in set(d))
    tfidf = np.zeros((len(docs), max(len(vocabulary), 1)), dtype=np.float32)
    for row, doc in enumerate(docs):
        for word, count in Counter(doc).items():
            tfidf[row, vocabulary[word]] = (1 + math.log(count)) * math.log((1 + len(docs)) / (1 + frequency[word]))
    idf = {w: math.log((1 + len(docs)) / (1 + n)) + 1 for w, n in frequency.items()}
    embedding = np.array([weighted_vector(d, idf) for d in docs], dtype=np.float32).reshape(len(docs), -1)
    known = np.linalg.norm(embedding, axis=1) > 0
    if known.sum() > 1:
        embedding[known] -= embedding[known].mean(axis=0, keepdims=True)
    plan_of = np.array([p for p, measures in enumerate(plans) for _ in measures], dtype=np.int64)
    return Corpus(plan_of, categories, normalize_rows(tfidf), normalize_rows(embedding))


def align_pair(corpus: Corpus, left: int, right: int) -> Alignment:
    rows_l = np.flatnonzero(corpus.plan == left)
    rows_r = np.flatnonzero(corpus.plan == right)
    lexical = corpus.tfidf[rows_l] @ corpus.tfidf[rows_r].T
    semantic = np.clip(corpus.embedding[rows_l] @ corpus.embedding[rows_r].T, 0.0, 1.0)
    same = np.array([[corpus.category[i] == corpus.category[j] != "other" for j in rows_r] for i in rows_l],
                    dtype=np.float32).reshape(len(rows_l), len(rows_r))
    score = LEXICAL * lexical + SEMANTIC * semantic + SAME_CATEGORY * same
    pairs, used_l, used_r = [], set(), set()
    for flat in np.argsort(-score, axis=None, kind="stable"):
        i, j = divmod(int(flat), len(rows_r))
        if score[i, j] < MIN_SCORE:
            break
        if lexical[i, j] == 0 or i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        pairs.append(AlignedPair(left=i, right=j, score=round(float(score[i, j]), 3),
                                 lexical=round(float(lexical[i, j]), 3), semantic=round(float(semantic[i, j]), 3)))
    return Alignment(
        left=left, right=right, pairs=sorted(pairs, key=lambda p: p.left),
        unique_left=[i for i in range(len(rows_l)) if i not in used_l],
        unique_right=[j for j in range(len(rows_r)) if j not in used_r],
    )


def align_all(corpus: Corpus, plans: int) -> list[Alignment]:
    return [align_pair(corpus, a, b) for a in range(plans) for b in range(a + 1, plans)]
