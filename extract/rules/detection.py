"""Whether a table of numbered rows is a plan of measures, and why.

A plan's rows read like measures: they open with an action («Проведение …», «Организовать …»),
and the table says when and who. A price list («"Финансы и кредит" | 80000»), a form
(«Наименование объекта | …»), an agenda («Об итогах …») or a list of staff does not.
The score is a weighted share of these signals; the reasons say what was seen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from extract.morph import analyzer

WEIGHTS = {"action": 0.6, "deadline": 0.2, "executors": 0.2}
PLAN_SCORE = 0.45  # at or above: a plan
NEAR_MISS = 0.1  # this close to PLAN_SCORE on either side: said in a warning
FIRST_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?")
# Verbal nouns name actions by these endings («проведение», «организация», «подготовка», «инструктаж»).
ACTION_ENDINGS = ("ние", "тие", "ция", "сия", "ка", "аж", "ство")
ACTION_NOUNS = {
    "анализ", "контроль", "мониторинг", "учет", "учёт", "отчет", "отчёт", "аудит", "надзор", "обзор", "выход",
    "семинар", "вебинар", "конкурс", "курс", "совет", "смотр", "прием", "приём", "выезд", "сбор", "опрос",
    "работа", "помощь", "экспертиза", "встреча", "акция", "беседа", "лекция", "участие", "заседание",
    "визит", "стол", "день", "неделя", "декада", "месячник", "олимпиада", "форум", "слёт", "слет", "турнир",
    "спартакиада", "урок", "рейд", "лекторий", "марафон", "фестиваль", "практикум", "тренинг", "педсовет",
}
WORDS = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?")
LEADING_WORDS = 3  # adjectives before the noun that names the action («Круглый стол», «Мониторинговые визиты»)
# Nouns that label a field of a form or a list, not an action («Наименование объекта», «Стоимость»).
FIELD_NOUNS = {
    "наименование", "название", "количество", "номер", "дата", "тип", "вид", "цель", "реквизит", "адрес",
    "сведение", "фамилия", "место", "описание", "стоимость", "сумма", "доля", "численность", "перечень",
    "характеристика", "состав", "объём", "объем", "показатель", "уровень", "единица", "число", "время",
    "телефон", "должность", "класс", "программа", "специальность", "площадь", "цена", "итог",
}


@dataclass(frozen=True)
class Verdict:
    score: float
    reasons: list[str]

    @property
    def is_plan(self) -> bool:
        return self.score >= PLAN_SCORE

    @property
    def near_miss(self) -> bool:
        return abs(self.score - PLAN_SCORE) < NEAR_MISS


def opens_with_action(text: str) -> str | None:
    """The action word a measure text opens with, past a few adjectives («Круглый стол»,
    «Муниципальный конкурс»), or None («"Финансы и кредит"», «Об итогах», «Иванова Мария»)."""
    if not FIRST_WORD.match(text.lstrip()):
        return None  # a quoted name, a number
    for match in islice(WORDS.finditer(text), LEADING_WORDS):  # the first words only, not every word of a long text
        word = match.group(0)
        parses = analyzer().parse(word.lower())
        if not parses:
            return None
        best = parses[0]
        lemma = best.normal_form
        if best.tag.POS in ("INFN", "VERB") or lemma in ACTION_NOUNS:
            return word
        if best.tag.POS == "NOUN":
            return word if lemma not in FIELD_NOUNS and lemma.endswith(ACTION_ENDINGS) else None
        if best.tag.POS not in ("ADJF", "PRTF"):
            return None
    return None


def share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def detect(texts: list[str], deadlines: list[bool], executors: list[bool]) -> Verdict:
    """Score rows (their measure texts and whether each has a deadline and executors) as a plan."""
    actions = [opens_with_action(t) for t in texts]
    signals = {"action": share([a is not None for a in actions]), "deadline": share(deadlines),
               "executors": share(executors)}
    score = round(sum(WEIGHTS[name] * value for name, value in signals.items()), 2)
    counts = Counter(a.lower() for a in actions if a)
    words = sorted(counts, key=lambda w: (-counts[w], w))  # most frequent first, ties in a fixed order
    reasons = [
        f"{signals['action']:.0%} of {len(texts)} rows open with an action"
        + (f" ({', '.join('«' + w + '»' for w in words[:3])})" if words else ""),
        f"{signals['deadline']:.0%} of rows have a deadline",
        f"{signals['executors']:.0%} of rows name an executor",
    ]
    return Verdict(score, reasons)
