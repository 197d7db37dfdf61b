"""Executors in a «responsible» cell: persons, organizations and roles.

A first cut with regular patterns (the NLP layer refines it): persons printed as «И.В. Швайко»,
«Швайко И.В.», «Т.И.Герасименко» or «Петрова Ирина Викторовна», several with no separator;
bodies and roles split on commas and semicolons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.morph import can_be_nominative, full_name_case, surname_cases, surname_nominative, word_cases
from extract.normalize import fold_spaces
from extract.rules.lines import HEADS
from schemas.roadmap import Executor

UPPER = "А-ЯЁ"
LOWER = "а-яё"
SURNAME = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
INITIALS = rf"[{UPPER}]\.\s?(?:[{UPPER}]\.)?"
# a patronymic in any case: «Викторович», «Викторовичу», «Викторовне», «Ильиничной»
PATRONYMIC = rf"[{UPPER}][{LOWER}]+(?:ович|евич|ич|овн|евн|ичн|иничн)[{LOWER}]{{0,3}}"

INITIALS_FIRST = re.compile(rf"(?P<init>{INITIALS})\s?(?P<last>{SURNAME})\b")
SURNAME_FIRST = re.compile(rf"\b(?P<last>{SURNAME})\s+(?P<init>{INITIALS})(?![{LOWER}])")
FULL_NAME = re.compile(rf"\b(?P<last>{SURNAME})\s+(?P<first>[{UPPER}][{LOWER}]+)\s+(?P<middle>{PATRONYMIC})\b")
PERSON_FORMS = (INITIALS_FIRST, SURNAME_FIRST, FULL_NAME)

# Spaces before a match are taken from the start of their run only (`(?<!\s)`): tried from every
# space of a long run, a leading \s* would rescan the rest of the run each time. The dash after
# «далее» is any character but «)», so it needs no pattern of its own.
DEFINITION = re.compile(r"(?:(?<!\s)\s+)?\(\s*+далее[^)]*+\)")
SEPARATORS = re.compile(r"(?:(?<!\s)\s+)?[;,\n]\s*")
ROLE_HEAD = re.compile(
    r"^(?:и\.\s?о\.\s*)?(?:" + HEADS + r"|зам\.|"
    r"специалист|методист|педагог|учител|классн|ответственн|координатор|главн|ведущ|эксперт|"
    r"член|инспектор|секретар|администраци[яи] оо)",
    re.I,
)


def initials(text: str) -> str:
    """«И.В.» / «И. В.» / «И.» → «И.В.»."""
    return "".join(f"{ch}." for ch in re.findall(rf"[{UPPER}]", text))


def normal_name(match: re.Match[str]) -> str:
    if "first" in match.groupdict() and match.group("first"):
        return f"{match.group('first')[0]}.{match.group('middle')[0]}. {match.group('last')}"
    return f"{initials(match.group('init'))} {match.group('last')}"


def find_persons(text: str) -> list[re.Match[str]]:
    """Persons in `text`, in the printed form that leaves the least text unexplained."""
    best: list[re.Match[str]] = []
    best_left = len(text) + 1
    for form in PERSON_FORMS:
        found = list(form.finditer(text))
        left = len(form.sub("", text).strip(" ,;.-–"))
        if found and left < best_left:
            best, best_left = found, left
    return best


def kind_of_body(text: str) -> str:
    return "role" if ROLE_HEAD.match(text) else "organization"


def describes_previous(out: list[Executor], text: str) -> bool:
    """A lower-case position right after a person's name is that person's position."""
    return bool(out) and out[-1].kind == "person" and out[-1].position is None and text[:1].islower() \
        and bool(ROLE_HEAD.match(text))


WORD_BEFORE = re.compile(r"[А-Яа-яЁё]{2,30}")
CASE_WORDS = 4  # words before a name that may govern its case


def nominative_name(person: re.Match[str], case: str | None) -> str:
    """«Н.С. Орлову» standing in `case` → «Н.С. Орлова»; a name with no case known stays as printed."""
    surname = person.group("last")
    if case is None:
        return normal_name(person)
    return normal_name(person)[: -len(surname)] + surname_nominative(surname, case)


def case_before(before: str, person: re.Match[str]) -> str | None:
    """The case a name stands in: a full name's first name says it («Семёновой Анне Викторовне»:
    dative); else the words printed right `before` it («бухгалтеру Е.С. Мельниковой», «Учителю
    информатики Д.С. Ковалёву»); None when a bracket, dash or comma stands there («(Т.А. Белова)»)."""
    if person.groupdict().get("first"):
        return full_name_case(person.group("last"), person.group("first"), person.group("middle"))
    before = before[-80:]
    if not before.rstrip()[-1:].isalpha():
        return None  # «(Т.А. Белова)», «№ 3 – Т.А. Белова», «…, А.В. Новак»: named, in the nominative
    words = WORD_BEFORE.findall(before)[-CASE_WORDS:]
    possible = surname_cases(person.group("last"))
    for word in reversed(words):  # «Учителю информатики Д.С. Ковалёву»: the case the surname can stand in
        case = next((c for c in word_cases(word) if c in possible), None)
        if case:
            return case
    return None


# «Пустовалова», «Ильина», «Белая»: a woman's surname in the nominative, whatever pymorphy3 guesses
# for a surname it does not know (a man's genitive).
FEMININE_NOMINATIVE = re.compile(r"(?:[оеё]в|[иы]н)а$|ая$", re.I)


def alone_case(surname: str) -> str | None:
    """The case of a surname printed with no word to govern it («Петровой И.В.» in a cell): the one
    case its readings agree on when it cannot be a nominative; None when it can, or when they
    disagree («Сидорову»: Сидоров's dative or Сидорова's accusative) — then it stays as printed."""
    cases = surname_cases(surname)
    if not cases or "nomn" in cases or FEMININE_NOMINATIVE.search(surname):
        return None
    forms = {surname_nominative(surname, case) for case in cases}
    return sorted(cases)[0] if len(forms) == 1 else None


def nominative_by_mentions(name: str, mentions: Iterable[str]) -> str:
    """A person's name left as printed because its surname is ambiguous alone («Л.Р. Сафину»:
    Сафин's dative or Сафина's accusative), decided by the document's other mentions of a person
    with the same initials («Л.Р. Сафина» signing, «Сафиной Л.Р.» in another cell): a reader takes
    the one surname those mentions give. No mention of a candidate, or mentions of more than one
    («Л.Р. Сафин» and «Л.Р. Сафина»: two persons), leaves the name as printed."""
    initials_part, _, surname = name.rpartition(" ")
    if not initials_part or can_be_nominative(surname) or FEMININE_NOMINATIVE.search(surname):
        return name  # a nominative already («Пустовалова» too, whatever pymorphy3 guesses)
    candidates = {surname_nominative(surname, case) for case in surname_cases(surname)} - {surname}
    if len(candidates) < 2:
        return name  # one reading only: nothing for the mentions to decide
    named = {f"{initials_part} {candidate}" for candidate in candidates} & set(mentions)
    return named.pop() if len(named) == 1 else name


def person_name(position: str | None, person: re.Match[str]) -> str:
    """A person of a responsible cell, «И.О. Фамилия» in the nominative: the case its position
    printed before it gives («заместителю директора Кузнецовой Е.Е.»), else the one case its own
    form allows. Only the position governs: a name printed after another name is not in its case."""
    if person.groupdict().get("first"):  # «Иванову Ивану Петровичу»: the name's own words say the case
        return nominative_name(person, case_before("", person))
    head = WORD_BEFORE.match(position.strip()) if position else None  # «заместителю» of «заместителю директора»
    case = case_before(head.group(0), person) if head and not can_be_nominative(head.group(0)) else None
    if case is None:
        case = alone_case(person.group("last"))
    return nominative_name(person, case)


def split_executors(raw: str) -> list[Executor]:
    """One responsible cell → its executors, in printed order."""
    out: list[Executor] = []
    for part in SEPARATORS.split(fold_spaces(raw)):
        part = part.strip()
        if not part.strip("."):
            continue
        persons = find_persons(part)
        if not persons:
            name = DEFINITION.sub("", part).strip(" .")
            if describes_previous(out, name):  # «Петров П.П., зам. начальника управления»
                out[-1] = out[-1].model_copy(update={"position": name, "raw": f"{out[-1].raw}, {part}"})
                continue
            out.append(Executor(raw=part, kind=kind_of_body(name), name=name))
            continue
        position = fold_spaces(part[: persons[0].start()]).strip(" ,-–(") or None
        for match in persons:
            governing = position if match is persons[0] else None
            out.append(Executor(raw=match.group(0), kind="person", name=person_name(governing, match), position=position))
    return out
