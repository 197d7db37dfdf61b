"""Persons in executor cells brought to the nominative (issue #12): by the words that govern them,
else by the one case their own form allows; an ambiguous form by the document's other mentions of
the person, else it stays as printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.rules.executors import nominative_by_mentions, split_executors
from pipelines.parse import parse
from schemas.roadmap import Executor, Roadmap

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


MENTIONS = [
    ("Л.Р. Сафину", ["Л.Р. Сафина"], "Л.Р. Сафина"),
    ("Л.Р. Сафину", ["Л.Р. Сафин"], "Л.Р. Сафин"),
    ("А.А. Петрову", ["М.Г. Савенков", "А.А. Петрова"], "А.А. Петрова"),
    ("Л.Р. Сафину", ["Л.Р. Сафин", "Л.Р. Сафина"], "Л.Р. Сафину"),  # both readings named: no choice
    ("Л.Р. Сафину", ["А.А. Сафина"], "Л.Р. Сафину"),  # other initials: another person
    ("Л.Р. Сафину", [], "Л.Р. Сафину"),
    ("О.И. Назарова", ["О.И. Назаров"], "О.И. Назарова"),  # can be a nominative: kept as read
]


@pytest.mark.parametrize(("name", "mentions", "expected"), MENTIONS)
def test_an_ambiguous_name_is_decided_by_the_other_mentions(name: str, mentions: list[str], expected: str) -> None:
    assert nominative_by_mentions(name, mentions) == expected


# A document's other mentions of a person decide a surname that is ambiguous alone (issue #12).

ORDER = """УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЭНСКА
ПРИКАЗ

15.01.2024

№ 12

Об утверждении плана мероприятий («дорожной карты») по повышению качества образования

В целях повышения качества образования
ПРИКАЗЫВАЮ:
1. Утвердить план мероприятий («дорожную карту») по повышению качества образования на 2024 год (приложение).
{clause}
Начальник управления\t{signer}

Приложение
к приказу управления образования
от 15.01.2024 № 12

План мероприятий («дорожная карта») по повышению качества образования на 2024 год

№ п/п\tНаименование мероприятия\tСрок\tОтветственный
{rows}
"""
MEASURES = ("Проведение совещания с руководителями школ", "Анализ результатов мониторинга",
            "Методический семинар для учителей")


def order(tmp_path: Path, cells: list[str], signer: str = "М.Г. Савенков", clause: str = "") -> Roadmap:
    """A small order whose plan has one measure per responsible cell, parsed end to end."""
    rows = "\n".join(f"{i}.\t{MEASURES[i - 1]}\tянварь 2024 г.\t{cell}" for i, cell in enumerate(cells, 1))
    path = tmp_path / "order.txt"
    path.write_text(ORDER.format(clause=clause, signer=signer, rows=rows), encoding="utf-8")
    return parse(path)


def first_executor(result: Roadmap) -> Executor:
    assert result.plan is not None
    return result.plan.measures[0].executors[0]


@pytest.mark.parametrize(("signer", "cells"), [
    ("Л.Р. Сафина", ["Сафину Л.Р."]),  # she signs the order
    ("М.Г. Савенков", ["Сафину Л.Р.", "Сафина Л.Р."]),  # another cell names her in the nominative
    ("М.Г. Савенков", ["Сафину Л.Р.", "Сафиной Л.Р."]),  # or in a case only Сафина's form allows
], ids=["signature", "nominative cell", "unambiguous cell"])
def test_an_ambiguous_surname_is_read_from_another_mention(tmp_path: Path, signer: str, cells: list[str]) -> None:
    result = order(tmp_path, cells, signer)
    executor = first_executor(result)
    assert (executor.name, executor.raw) == ("Л.Р. Сафина", "Сафину Л.Р.")
    hers = [p for p in result.persons if p.name.startswith("Л.Р. Сафин")]
    assert [p.name for p in hers] == ["Л.Р. Сафина"]
    assert executor.person_id == hers[0].id
    assert result.plan is not None
    assert {e.person_id for m in result.plan.measures for e in m.executors} == {hers[0].id}


def test_a_man_named_elsewhere_decides_for_him(tmp_path: Path) -> None:
    result = order(tmp_path, ["Сафину Л.Р.", "Сафин Л.Р."])
    assert first_executor(result).name == "Л.Р. Сафин"
    assert [p.name for p in result.persons if p.name.startswith("Л.Р. Сафин")] == ["Л.Р. Сафин"]


@pytest.mark.parametrize("cells", [
    ["Сафину Л.Р."],  # no other mention: nothing to decide by
    ["Сафину Л.Р.", "Сафин Л.Р.", "Сафина Л.Р."],  # both readings are named: two persons, no choice
    ["Сафину Л.Р.", "Сафина А.А."],  # other initials: another person
], ids=["alone", "both named", "other initials"])
def test_an_undecided_surname_stays_as_printed(tmp_path: Path, cells: list[str]) -> None:
    result = order(tmp_path, cells)
    executor = first_executor(result)
    assert (executor.name, executor.raw) == ("Л.Р. Сафину", "Сафину Л.Р.")
    assert executor.person_id == next(p.id for p in result.persons if p.name == "Л.Р. Сафину")


def test_a_clause_executor_is_read_from_the_signature(tmp_path: Path) -> None:
    """Another surname, and a person named in the order's clause rather than its plan."""
    clause = "2. Петрову А.А., заместителю начальника управления, обеспечить проведение мероприятий плана.\n"
    result = order(tmp_path, ["Петрову А.А."], signer="А.А. Петрова", clause=clause)
    executor = first_executor(result)
    assert (executor.name, executor.raw) == ("А.А. Петрова", "Петрову А.А.")
    clause_names = [e.name for c in result.document.clauses for e in c.executors]
    assert clause_names == ["А.А. Петрова"]
    assert [p.name for p in result.persons] == ["А.А. Петрова"]


def test_the_person_put_in_charge_is_named_in_the_nominative() -> None:
    """«возложить на Сафину Л.Р., заместителя …»: the accusative the verb governs, not a second person «Л.Р. Сафину»."""
    from extract.rules.roles import roles_in_body

    roles = roles_in_body(["Контроль за исполнением приказа возложить на Сафину Л.Р., заместителя начальника управления."])
    assert [name for name, _ in roles] == ["Л.Р. Сафина"]
