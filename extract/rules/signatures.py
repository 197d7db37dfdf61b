"""The parts of an order around its text: signatures, stamps, executor mark, appendix label,
and the plan's own title printed above the table."""

from __future__ import annotations

import re

from extract.morph import nominative
from extract.normalize import fold_spaces
from extract.rules.dates import find_date
from extract.rules.executors import INITIALS_FIRST, SURNAME_FIRST, normal_name
from extract.rules.lines import Line, join
from extract.rules.requisites import CLAUSE, find_number
from schemas.roadmap import Signatory, Stamp

STAMP = re.compile(r"^(?P<word>УТВЕРЖДА\s?Ю|УТВЕРЖДЕН[АОЫ]?|СОГЛАСОВАН[АОЫ]?)\b\s*:?\s*(?P<rest>.*)$", re.I)
EXECUTOR_MARK = re.compile(r"^(?:Исп\.|Исполнитель\b|Исп\b)", re.I)
APPENDIX = re.compile(r"^Приложени[ея](?:\s*(?:№|N)\s*\d+)?\b", re.I)
APPENDIX_TAIL = re.compile(r"^(?:к\s+(?:приказу|распоряжению|постановлению|решению)|от\s.*(?:№|N))", re.I)
HEAD_WORDS = re.compile(
    r"^(?:и\.\s?о\.\s*)?(?:директор|начальник|председатель|руководитель|заместитель|глава|министр|"
    r"заведующ\w+)\w*\s+",
    re.I,
)


def person_at_end(text: str) -> re.Match[str] | None:
    """A name closing the line: «Начальник отдела А.Ю. Григорьев» or «Лазаренко Н.П.»."""
    for form in (INITIALS_FIRST, SURNAME_FIRST):
        for m in form.finditer(text):
            if m.end() == len(text.rstrip(" .")) or m.end() == len(text):
                return m
    return None


def is_name_line(text: str) -> bool:
    m = person_at_end(text)
    return bool(m) and m.start() == 0  # type: ignore[union-attr]


def is_marker(text: str) -> bool:
    """Lines that end a title or signature zone: labels, stamps, dates, names, marks."""
    date = find_date(text)
    return bool(
        APPENDIX.match(text) or APPENDIX_TAIL.match(text) or STAMP.match(text)
        or EXECUTOR_MARK.match(text) or is_name_line(text)
        or (date and len(fold_spaces(text)) <= len(date[1]) + 4)
    )


def find_stamps(lines: list[Line]) -> list[Stamp]:
    """УТВЕРЖДАЮ / СОГЛАСОВАНО blocks: position lines, the signer, the date."""
    out: list[Stamp] = []
    for i, line in enumerate(lines[:80]):
        m = STAMP.match(line.text)
        if not m:
            continue
        body: list[str] = [m.group("rest")] if m.group("rest") else []
        for nxt in lines[i + 1 : i + 9]:
            if STAMP.match(nxt.text):
                break
            body.append(nxt.text)
            if find_date(nxt.text):
                break
        name = position = date = None
        position_parts = []
        for text in body:
            person = person_at_end(text)
            if person and not name:
                name = normal_name(person)
                position_parts.append(text[: person.start()])
            elif find_date(text) and not date:
                date = find_date(text)[0]  # type: ignore[index]
            elif not name:
                position_parts.append(text)
        position = fold_spaces(" ".join(position_parts)) or None
        kind = "agreed" if m.group("word").upper().startswith("СОГЛАС") else "approved"
        out.append(Stamp(kind=kind, position=position, name=name, date=date, raw=fold_spaces(" ".join([line.text, *body]))))
    return out


def authority_from_position(position: str | None) -> str | None:
    """«директор департамента образования Администрации города Омска» →
    «департамент образования Администрации города Омска»."""
    if not position:
        return None
    rest = HEAD_WORDS.sub("", position, count=1)
    if rest == position:
        return None
    first, _, tail = rest.partition(" ")
    return fold_spaces(f"{nominative(first)} {tail}")


def signature_zone(lines: list[Line], end: int) -> list[Line]:
    """Lines after the last numbered clause and before `end` (the appendix or the plan)."""
    last_clause = max((i for i, ln in enumerate(lines[:end]) if CLAUSE.match(ln.text)), default=None)
    if last_clause is None:
        return []
    para = lines[last_clause].para
    start = last_clause + 1
    while start < end and lines[start].para == para:
        start += 1
    return lines[start:end]


def find_signatories(zone: list[Line]) -> list[Signatory]:
    """Pair position blocks with the names printed after or beside them, in order."""
    positions: list[str] = []
    names: list[str] = []
    current: list[Line] = []
    for line in zone:
        if EXECUTOR_MARK.match(line.text) or APPENDIX.match(line.text):
            break
        person = person_at_end(line.text)
        if person:
            before = line.text[: person.start()].strip(" ,")
            if before:
                current.append(Line(before, line.para, line.prov))
            if current:
                positions.append(join(current))
                current = []
            names.append(normal_name(person))
            continue
        if current and line.para != current[-1].para:
            positions.append(join(current))
            current = []
        current.append(line)
    return [
        Signatory(name=name, position=positions[i] if i < len(positions) else None)
        for i, name in enumerate(names)
    ]


def find_executor_mark(lines: list[Line]) -> str | None:
    return next((ln.text for ln in lines if EXECUTOR_MARK.match(ln.text)), None)


def find_appendix(lines: list[Line]) -> tuple[str, int, int] | None:
    """«Приложение к распоряжению … от 02.09.2021 г. № 782/»: (text, first line, end)."""
    for i, line in enumerate(lines):
        if not APPENDIX.match(line.text):
            continue
        end = i + 1
        while end < min(len(lines), i + 6) and not (find_date(lines[end - 1].text) or "№" in lines[end - 1].text):
            end += 1
        return join(lines[i:end]), i, end
    return None


def appendix_number_date(text: str) -> tuple[str | None, str | None]:
    number = find_number(text)
    date = find_date(text)
    return (number[0] if number else None), (date[0] if date else None)


def find_plan_title(lines: list[Line], limit: int = 6) -> str | None:
    """The lines printed right above the table, back to a label, stamp, date or name."""
    picked: list[Line] = []
    for line in reversed(lines):
        if is_marker(line.text) or CLAUSE.match(line.text) or len(picked) >= limit:
            break
        picked.insert(0, line)
    return join(picked) or None
