"""pymorphy3, loaded once per process and only when first needed (fully offline)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=4096)
def nominative(word: str, prefer_geo: bool = False) -> str:
    """The nominative singular of one word, in the word's own capitalization style."""
    parses = analyzer().parse(word.lower())
    if prefer_geo:
        parses = [p for p in parses if "Geox" in p.tag] or parses
    form = parses[0].inflect({"nomn"}) if parses else None
    lemma = form.word if form else word.lower()
    if word.isupper() and len(word) > 1:
        return lemma.upper()
    if word[:1].isupper():
        return "-".join(part.capitalize() for part in lemma.split("-"))
    return lemma


def city_name(word: str) -> str:
    """«ТОМСКА» / «Пятигорске» / «Рассказово» → «Томск» / «Пятигорск» / «Рассказово»."""
    parses = [p for p in analyzer().parse(word.lower()) if "Geox" in p.tag]
    lemma = parses[0].normal_form if parses else word.lower()
    return "-".join(part.capitalize() for part in lemma.split("-"))


@lru_cache(maxsize=4096)
def is_known(word: str) -> bool:
    """Whether the dictionary knows the word (not a guess from its ending)."""
    return bool(analyzer().word_is_known(word.lower()))
