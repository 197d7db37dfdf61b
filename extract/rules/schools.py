"""School references: «МАОУ СОШ № 4 им. И.С. Черных (В.И. Зятнин)», «МАОУ гимназия № 18»,
«МАОУ «Лицей № 3»», «ОО № 11,27,39», a bare list of numbers in a note cell («5, 6, 11, ККШИ»).

Generic «ОУ», «ОО», «общеобразовательные учреждения» without a number are not schools.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.rules.executors import INITIALS, SURNAME
from extract.rules.lines import SIGN

# Kinds as printed → canonical: abbreviations upper case, words lower case.
KINDS = {
    "сош": "СОШ", "оош": "ООШ", "нош": "НОШ", "сш": "СШ", "кши": "КШИ", "ккши": "ККШИ",
    "сши": "СШИ", "оо": "ОО", "оу": "ОУ", "цо": "ЦО", "всош": "ВСОШ", "в(с)ош": "В(С)ОШ", "ош": "ОШ",
    "гимназия": "гимназия", "лицей": "лицей", "школа": "школа", "школа-интернат": "школа-интернат",
    "кадетская школа": "кадетская школа", "прогимназия": "прогимназия",
}
KIND = r"(?:В\(С\)ОШ|ВСОШ|ККШИ|КШИ|СШИ|СОШ|ООШ|НОШ|СШ|ОШ|ОО|ЦО|школа-интернат|кадетская школа|прогимназия|гимназия|лицей|школа)"
LEGAL_FORM = r"(?:МАОУ|МБОУ|МКОУ|МОБУ|МОАУ|МОУ|ГБОУ|ГАОУ|ГКОУ|ГОУ|ЧОУ|НОУ|БОУ|АОУ|КОУ)"
PERSON = rf"(?:{INITIALS}\s?{SURNAME}|{SURNAME}\s+{INITIALS})"
NUMBERS = r"\d{1,3}(?:\s*,\s*\d{1,3}(?!\s*[.\d]))*"

# The name after «им.»: up to its last visible character before a bracket, comma or the end (or only
# spaces). Ending it on a visible character makes the lookahead after it scan a run of spaces once,
# not once per space; the pieces read the same as «\s*[^(),;:]+?».
NAME_AFTER_IM = r"(?:\s*+[^(),;:]*?[^(),;:\s]|\s++)"

SCHOOL = re.compile(
    rf"(?:(?P<form>{LEGAL_FORM})\s+)?[«\"]?(?P<kind>{KIND})[»\"]?\s*(?:с\s+УИОП\s*)?"
    rf"{SIGN}\s*(?P<nums>{NUMBERS})(?P<close>[»\"])?"
    rf"(?:\s+(?P<name>им(?:ени|\.){NAME_AFTER_IM})(?=\s*[(),;:]|\s*$))?"
    rf"(?:\s*\((?P<acting>и\.\s?о\.\s*)?(?P<director>{PERSON})\))?",
    re.I,
)
BARE_LIST = re.compile(rf"^(?:(?:\d{{1,3}}|{KIND}(?:\s*{SIGN}\s*\d{{1,3}})?)\s*(?:,\s*|$))+$", re.I)
# (the spaces after the kind are taken from the start of their run: every part is optional, and a
# leading \s* tried at each space of a long run would rescan it)
BARE_ITEM = re.compile(rf"(?P<kind>{KIND})?(?:(?<!\s)\s+)?(?:{SIGN}\s*)?(?P<num>\d{{1,3}})?", re.I)
GENERIC = {"ОО", "ОУ"}


@dataclass(frozen=True)
class SchoolRef:
    kind: str
    number: str | None
    legal_form: str | None = None
    name: str | None = None
    director: str | None = None
    acting: bool = False
    raw: str = ""

    @property
    def label(self) -> str:
        """«11» for a plain ОО, «СШИ № 11» otherwise, «ККШИ» without a number."""
        if self.kind == "ОО" and self.number:
            return self.number
        return f"{self.kind} № {self.number}" if self.number else self.kind

    @property
    def key(self) -> tuple[str, str | None]:
        return self.kind, self.number


def canonical_kind(text: str) -> str:
    return KINDS.get(text.lower(), text)


def find_schools(text: str) -> Iterator[SchoolRef]:
    """Every specific school named in `text`, lists expanded, in printed order."""
    from extract.rules.executors import find_persons, normal_name

    for m in SCHOOL.finditer(text):
        kind = canonical_kind(m.group("kind"))
        director = None
        if m.group("director"):
            persons = find_persons(m.group("director"))
            director = normal_name(persons[0]) if persons else None
        name = m.group("name").strip() if m.group("name") else None
        raw = text[m.start() : max(m.end("name"), m.end("close"), m.end("nums"))].strip()
        for number in re.findall(r"\d+", m.group("nums")):
            yield SchoolRef(kind, number, m.group("form"), name, director, bool(m.group("acting")), raw)


def find_school_list(text: str) -> Iterator[SchoolRef]:
    """A cell that is only a list: «5, 6, 11, ККШИ, СШИ № 11» (a bare number is a plain ОО)."""
    clean = " ".join(text.split())
    if not BARE_LIST.match(clean) or not re.search(r"\d", clean):
        return
    for item in clean.split(","):
        m = BARE_ITEM.fullmatch(item.strip())
        if not m:
            continue
        kind = canonical_kind(m.group("kind")) if m.group("kind") else "ОО"
        if kind in GENERIC and not m.group("num"):
            continue
        yield SchoolRef(kind, m.group("num"), raw=item.strip())


def schools_in_cell(text: str) -> list[SchoolRef]:
    listed = list(find_school_list(text))
    return listed or [s for s in find_schools(text) if s.number or s.kind not in GENERIC]
