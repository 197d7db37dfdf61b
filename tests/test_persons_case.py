"""Persons in executor cells brought to the nominative (issue #12): by the words that govern them,
else by the one case their own form allows; an ambiguous form stays as printed."""

from __future__ import annotations

import pytest

from extract.rules.executors import split_executors

CASES = [
    ("заместителю директора Кузнецовой Е.Е.", ["Е.Е. Кузнецова"]),  # governed: dative
    ("Петровой И.В.", ["И.В. Петрова"]),  # every reading is Петрова's
    ("Иванову Ивану Петровичу", ["И.П. Иванов"]),  # the first name and patronymic say dative
    ("Семёновой Анне Викторовне, учителю", ["А.В. Семёнова"]),
    ("Назарова О.И.", ["О.И. Назарова"]),  # can be a nominative: kept
    ("Швайко И.В.", ["И.В. Швайко"]),  # does not decline
    ("Сидорову А.А.", ["А.А. Сидорову"]),  # Сидоров's dative or Сидорова's accusative: as printed
]


@pytest.mark.parametrize(("raw", "names"), CASES, ids=[c[0] for c in CASES])
def test_person_executors_in_the_nominative(raw: str, names: list[str]) -> None:
    assert [e.name for e in split_executors(raw) if e.kind == "person"] == names
