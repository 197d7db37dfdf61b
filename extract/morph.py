"""pymorphy3, loaded once per process and only when first needed (fully offline)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def analyzer() -> Any:
    import pymorphy3
    import pymorphy3_dicts_ru

    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path())  # never PYMORPHY2_DICT_PATH


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


def masculine_nominative(word: str) -> str:
    """An adjective named for a place, in the masculine nominative: «РЫБИНСКОГО» → «Рыбинский»."""
    parses = [p for p in analyzer().parse(word.lower()) if p.tag.POS == "ADJF"]
    form = parses[0].inflect({"nomn", "masc", "sing"}) if parses else None
    lemma = form.word if form else word.lower()
    return "-".join(part.capitalize() for part in lemma.split("-"))


def city_name(word: str) -> str:
    """«ТОМСКА» / «Пятигорске» / «Рассказово» → «Томск» / «Пятигорск» / «Рассказово»."""
    parses = [p for p in analyzer().parse(word.lower()) if "Geox" in p.tag]
    lemma = parses[0].normal_form if parses else word.lower()
    return "-".join(part.capitalize() for part in lemma.split("-"))


@lru_cache(maxsize=4096)
def is_known(word: str) -> bool:
    """Whether the dictionary knows the word (not a guess from its ending)."""
    return bool(analyzer().word_is_known(word.lower()))


PREPOSITIONS = {"по", "в", "на", "для", "с", "со", "при", "об", "о", "за", "к", "и"}


def restore_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def word_cases(word: str) -> list[str]:
    """The oblique cases a noun or adjective may stand in («бухгалтеру» → [datv]), most likely first."""
    out: list[str] = []
    for parse in analyzer().parse(word.lower()):
        case = str(parse.tag.case) if parse.tag.case else ""
        if parse.tag.POS in ("NOUN", "ADJF") and case and case != "nomn" and case not in out:
            out.append(case)
    return out


def can_be_nominative(word: str) -> bool:
    """«начальник», «директор»: a word that may stand in the nominative (a position's head that
    leaves the name after it in the nominative too)."""
    return any(p.tag.case == "nomn" for p in analyzer().parse(word.lower()))


def surname_cases(surname: str) -> set[str]:
    """The cases a surname may stand in («Ковалёву»: datv of Ковалёв, accs of Ковалёва)."""
    return {str(p.tag.case) for p in analyzer().parse(surname.lower()) if "Surn" in p.tag and p.tag.case}


CASE_ORDER = ("datv", "accs", "gent", "ablt", "loct")


def full_name_case(*words: str) -> str | None:
    """The case a full name stands in: the one its surname, first name and patronymic can all be
    in («Семёновой Анне Викторовне» → datv); None in the nominative or when they do not agree."""
    common: set[str] | None = None
    for word in words:
        cases = {str(p.tag.case) for p in analyzer().parse(word.lower())
                 if p.tag.case and ({"Surn", "Name", "Patr"} & set(str(p.tag).replace(" ", ",").split(",")))}
        common = cases if common is None else common & cases
    if not common or "nomn" in common:
        return None
    return next((case for case in CASE_ORDER if case in common), None)


def surname_nominative(surname: str, case: str) -> str:
    """A surname standing in `case` put in the nominative: «Орлову» after «возложить на»
    (accusative) → «Орлова»; one that does not decline («Швайко») stays as printed."""
    parses = [p for p in analyzer().parse(surname.lower()) if "Surn" in p.tag and p.tag.case == case]
    form = parses[0].inflect({"nomn"}) if parses else None
    return restore_case(surname, form.word) if form else surname


def phrase_nominative(phrase: str, case: str) -> str:
    """Put the leading words of a noun phrase that stand in `case` into the nominative singular:
    «Комитету по общему образованию» → «Комитет по общему образованию», «Муниципальному
    автономному учреждению информационно-методическому центру» → «Муниципальное автономное
    учреждение информационно-методический центр», «заместителя начальника» → «заместитель
    начальника» (only the head: the genitive that follows stays)."""
    words = phrase.split()
    parses = []
    for word in words:
        if word.lower() in PREPOSITIONS or word.isupper() or not word[:1].isalpha():
            break
        found = [p for p in analyzer().parse(word.lower()) if p.tag.case == case and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        if not found:
            break
        parses.append(found[0])
        if found[0].tag.POS == "NOUN" and case in ("accs", "gent"):
            break  # «заместителя начальника»: the head only
    out = []
    for i, parse in enumerate(parses):
        grammemes = {"nomn", "sing"}
        if parse.tag.POS != "NOUN":
            noun = next((p for p in parses[i + 1 :] if p.tag.POS == "NOUN"), None)
            if noun is not None and noun.tag.gender:
                grammemes.add(noun.tag.gender)
        form = parse.inflect(grammemes) or parse.inflect({"nomn"})
        out.append(restore_case(words[i], form.word if form else words[i]))
    return " ".join(out + words[len(parses) :])


def genitive(word: str) -> str:
    """«директор» → «директора» (for «и.о. директора»)."""
    parses = analyzer().parse(word.lower())
    form = parses[0].inflect({"gent", "sing"}) if parses else None
    return restore_case(word, form.word) if form else word


def singular_nominative(phrase: str) -> str:
    """«Ответственные исполнители» → «ответственный исполнитель» (a column name as a role)."""
    out = []
    for word in phrase.lower().split():
        parses = analyzer().parse(word)
        form = parses[0].inflect({"sing", "nomn"}) if parses else None
        out.append(form.word if form else word)
    return " ".join(out)


@lru_cache(maxsize=4096)
def lemmas_of(word: str) -> frozenset[str]:
    """Every dictionary form the word may be a case of («мае» → {май, мая}): for a word that is
    looked up by what it means, not by its likeliest parse."""
    return frozenset(p.normal_form for p in analyzer().parse(word.lower()))
