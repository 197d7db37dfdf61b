"""The order's own clauses: the numbered points of its operative part and who controls execution.

Many orders assign their tasks in clauses, not in a table: «1. Утвердить …», «2. Директорам …
обеспечить … в срок до 15.03.2025», «3.1. …», «Контроль за исполнением … возложить на …».
reads: the printed lines between the title and the signatures; writes: clause texts with the
deadline phrase and the persons each names, and the person in charge of control.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.morph import phrase_nominative
from extract.rules.dates import MONTHS_GENITIVE
from extract.rules.executors import case_before, find_persons, nominative_name
from extract.rules.lines import CLAUSE_LEAD, CLAUSE_NUMBER, SIGN, Line, join

# «1. Утвердить», «1.Утвердить», «3.1) обеспечить»; never a date («02.09.2021»)
# (possessive spaces: the spaces around a leading dash are read one way, not split in every way)
CLAUSE_START = re.compile(CLAUSE_LEAD + rf"(?P<num>{CLAUSE_NUMBER})" + r"(?:\.\s*+|\)\s*+|\s++)(?=[«\"(А-ЯЁA-Zа-яё])")
MONTHS = "(?:" + "|".join(MONTHS_GENITIVE) + ")"
DATE = rf"(?:[«\"]?\d{{1,2}}[»\"]?\s+{MONTHS}(?:\s+\d{{4}})?|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}})(?:\s*(?:г\.|года?))?"
DEADLINE_PHRASE = re.compile(
    rf"\bс\s+{DATE}\s+по\s+{DATE}"  # «в период с 04.08.2025 по 15.08.2025»
    rf"|(?:в\s+срок\s+)?(?:до|не\s+позднее|не\s+позже|к)\s+{DATE}"
    r"|в\s+срок\s+(?:не\s+позднее\s+)?\d+\s+\w+\s+дн\w+"
    r"|в\s+течение\s+(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?(?:учебного\s+|календарного\s+|текущего\s+)?года"
    r"|ежегодно(?:\s+до\s+\d{1,2}\s+" + MONTHS + r")?|ежеквартально|ежемесячно|постоянно|систематически",
    re.I,
)
BARE_DATE = re.compile(DATE)
CITATION_BEFORE = re.compile(r"(?:\bот|" + SIGN + r")\s*$")
CONTROL = re.compile(r"^\s*+(?:[-–]\s*+)?(?:\d{1,2}\.?\s*+)?Контроль\s++(?:за\s++)?(?:исполнени|выполнени|реализаци)", re.I)
NAMED_AFTER = re.compile(r"(?:\bим\.|\bимени)\s*$")  # «МАОУ СОШ № 4 им. И.С. Черных»: a school's name, no person
NAMED_REACH = 40  # characters before a name searched for «им.»: «имени» and the spaces after it fit
# a verb's ending is short («возлагается»): bounded, so a long word repeating the stem is not rescanned per repeat
KEPT_BY_SIGNER = re.compile(r"оставля\w{1,10}\s+за\s+собой|возлага\w{1,10}\s+на\s+себя", re.I)
CONTROL_NUMBER = re.compile(CLAUSE_LEAD + CLAUSE_NUMBER + r"\.?\s*")
IN_CHARGE = re.compile(r"(?:возложить|возлагаю|возлагается)\s+на\s+(?P<rest>.+)$", re.I | re.S)


@dataclass(frozen=True)
class ClauseText:
    number: str
    text: str
    deadline: str | None  # the deadline phrase as printed
    persons: list[str]  # as printed
    names: list[str]  # «И.О. Фамилия», nominative where the case is known
    lines: list[Line]


@dataclass(frozen=True)
class ControlText:
    raw: str
    name: str | None  # «И.О. Фамилия», nominative
    position: str | None
    line: Line | None = None  # the line it opens on


def clause_groups(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into clauses: a clause opens with its number; the lines and paragraphs after
    it (a list of its items, a continued sentence) belong to it until the next number."""
    groups: list[list[Line]] = []
    for line in lines:
        if CLAUSE_START.match(line.text):
            groups.append([line])
        elif groups and groups[-1] and (line.para == groups[-1][-1].para or line.text[:1].islower()
                                        or line.text[:1] in "-–—•"):
            groups[-1].append(line)
        elif groups and groups[-1]:
            groups.append([])  # an unnumbered paragraph ends the clause before it
    return [g for g in groups if g]


def event_date(text: str) -> re.Match[str] | None:
    """A date printed bare in a clause («провести … 5 ноября 2025 года»): when it is to happen.
    A date after «от» or «№» belongs to a cited act and is skipped."""
    return next((m for m in BARE_DATE.finditer(text) if not CITATION_BEFORE.search(text[max(0, m.start() - 8) : m.start()])),
                None)


def read_clauses(lines: list[Line]) -> tuple[list[ClauseText], ControlText | None]:
    """The clauses of an operative part and who controls execution, each clause joined once."""
    joined = [(group, join(group)) for group in clause_groups(lines)]
    loose = [([ln], ln.text) for ln in lines if CONTROL.match(ln.text) and not CLAUSE_START.match(ln.text)]
    return find_clauses(joined), find_control(joined + loose)


def find_clauses(groups: list[tuple[list[Line], str]]) -> list[ClauseText]:
    out = []
    for group, text in groups:
        m = CLAUSE_START.match(text)
        if not m:
            continue
        body = text[m.end() :].strip()
        deadline = DEADLINE_PHRASE.search(body) or event_date(body)
        persons = [p for p in find_persons(body) if not named_after(body, p.start())]
        in_charge = IN_CHARGE.search(body)
        names = [nominative_name(p, "accs" if in_charge and p.start() >= in_charge.start("rest") else case_before(body[: p.start()], p))
                 for p in persons]
        out.append(ClauseText(m.group("num"), body, deadline.group(0).strip() if deadline else None,
                              [p.group(0) for p in persons], names, group))
    return out


def named_after(text: str, at: int) -> bool:
    """«им.» / «имени» right before position `at`: a school's name follows, not a person. Only the
    last NAMED_REACH characters are searched (a word boundary there still sees the text before them),
    so a clause of many names is not searched from its start for each."""
    return bool(NAMED_AFTER.search(text, max(0, at - NAMED_REACH), at))


def find_control(groups: list[tuple[list[Line], str]]) -> ControlText | None:
    """«Контроль за исполнением … возложить на заместителя … Н.С. Орлову» → Н.С. Орлова; «…
    оставляю за собой» → the signer keeps it (no name)."""
    for group, text in groups:
        if not CONTROL.match(text):
            continue
        raw = CONTROL_NUMBER.sub("", text)
        if KEPT_BY_SIGNER.search(raw):
            return ControlText(raw, None, None, group[0])
        found = IN_CHARGE.search(raw)
        rest = found.group("rest") if found else ""
        persons = find_persons(rest)
        if not persons:
            return ControlText(raw, None, None, group[0])
        person = persons[0]
        name = nominative_name(person, "accs")
        position = " ".join((rest[: person.start()] + rest[person.end() :]).split()).strip(" ,.;")
        return ControlText(raw, name, phrase_nominative(position, "accs") if position else None, group[0])
    return None
