"""Roles the order text gives to persons: heads of bodies, school directors, the person in
charge of control, the document's executor. Roles come out in the nominative."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.morph import genitive, phrase_nominative
from extract.rules.executors import find_persons, nominative_name, normal_name
from extract.rules.lines import CLAUSE_LEAD, CLAUSE_NUMBER, SCHOOL_HEADS
from extract.rules.schools import find_schools

# The body starts where its stretch of text starts (after «(», «)», «:», «;», «,») and ends on a
# visible character before the spaces and the bracket (or is one space when there is nothing else):
# a match that fails from the stretch's start fails from every later point of it too, so the regex
# tries it once, not once per character, and a run of spaces is scanned once (cubic before).
HEAD_IN_BRACKETS = re.compile(
    r"(?<![^():;,])(?P<body>[^():;,]*?[^():;,\s]|\s)\s*+\((?P<acting>и\.\s?о\.\s*)?(?P<person>[^()]{4,40}?)\)"
)
# The rest ends on a visible character, or on the space before a closing «.»/«;» (as «.+?» would end):
# never inside a run of spaces, so the run before the end is scanned once, not once per space.
IN_CHARGE = re.compile(r"возложить\s+на\s++(?P<rest>.*?(?:\S|\s(?=[.;])))(?:(?<![А-ЯЁ])[.;])?\s*$")
CLAUSE_MARK = re.compile(CLAUSE_LEAD + CLAUSE_NUMBER + r"\.?\s*")  # «3. » before a clause's body
SCHOOL_HEAD = re.compile(rf"(?:{SCHOOL_HEADS})\w*", re.I)
# a phone number closes the mark: its digits are read from the start of their run, not from each digit
EXECUTOR_PHONE = re.compile(r"(?:тел\.?\s*|(?<![\d()\-\s]))(?P<phone>[\d()\-\s]{5,})$")

Role = tuple[str, str]


def body_heads(text: str) -> Iterator[Role]:
    """«Комитету по общему образованию (О.И. Назарова)» → (О.И. Назарова, Комитет по общему
    образованию); a school in the brackets' place gives «директор МАОУ СОШ № 4 …»."""
    head = SCHOOL_HEAD.search(text)
    head_word = phrase_nominative(head.group(0), "datv").lower() if head else "директор"
    for m in HEAD_IN_BRACKETS.finditer(text):
        persons = find_persons(m.group("person"))
        if not persons or persons[0].group(0).strip() != m.group("person").strip():
            continue
        name = normal_name(persons[0])
        body = CLAUSE_MARK.sub("", m.group("body")).strip(" -–")
        schools = list(find_schools(body))
        if schools:
            title = f"и.о. {genitive(head_word)}" if m.group("acting") else head_word
            yield name, f"{title} {schools[-1].raw}"
        elif body:
            yield name, phrase_nominative(body, "datv")


def person_in_charge(text: str) -> Iterator[Role]:
    """«возложить на И.В. Швайко, заместителя начальника …» / «на директора МКУ ИМЦРО Лазаренко Н.П.»."""
    for m in IN_CHARGE.finditer(text):
        rest = m.group("rest").strip()
        persons = find_persons(rest)
        if not persons:
            continue
        position = (rest[: persons[0].start()] + " " + rest[persons[0].end() :]).strip(" ,")
        if position:  # «возложить на … Сафину Л.Р.»: the name stands in the accusative, as its position
            yield nominative_name(persons[0], "accs"), phrase_nominative(" ".join(position.split()), "accs")


def document_executor(mark: str | None) -> Iterator[Role]:
    """«Исп. Елманова Т.А., 33-54-62» → (Т.А. Елманова, исполнитель документа, тел. 33-54-62)."""
    if not mark:
        return
    persons = find_persons(mark)
    if persons:
        phone = EXECUTOR_PHONE.search(mark[persons[0].end() :])
        role = "исполнитель документа" + (f", тел. {phone.group('phone').strip()}" if phone else "")
        yield normal_name(persons[0]), role


def roles_in_body(paragraphs: list[str]) -> list[Role]:
    out: list[Role] = []
    for text in paragraphs:
        out.extend(body_heads(text))
        out.extend(person_in_charge(text))
    return out
