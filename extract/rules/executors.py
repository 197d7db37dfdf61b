"""Executors in a «responsible» cell: persons, organizations and roles.

A first cut with regular patterns (the NLP layer refines it): persons printed as «И.В. Швайко»,
«Швайко И.В.», «Т.И.Герасименко» or «Петрова Ирина Викторовна», several with no separator;
bodies and roles split on commas and semicolons.
"""

from __future__ import annotations

import re

from extract.normalize import fold_spaces
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
    r"^(?:и\.\s?о\.\s*)?(?:директор|руководител|заместител|зам\.|начальник|заведующ|председател|"
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
            out.append(Executor(raw=match.group(0), kind="person", name=normal_name(match), position=position))
    return out
