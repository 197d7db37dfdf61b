"""The parts of an order around its text: signatures, stamps, executor mark, appendix label,
and the plan's own title printed above the table."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extract.morph import nominative
from extract.normalize import fold_spaces
from extract.rules.dates import find_date
from extract.rules.executors import INITIALS_FIRST, SURNAME_FIRST, normal_name
from extract.rules.lines import BULLET_LINE, HEADS, SIGN, Line, join
from extract.rules.requisites import CLAUSE, UNDERSCORES, find_number
from schemas.roadmap import Signatory, Stamp

STAMP = re.compile(r"^[«\"]?(?P<word>УТВЕРЖДА\s?Ю|УТВЕРЖДЕН[АОЫ]?|СОГЛАСОВАН[АОЫ]?)\b[»\"]?\s*+(?::\s*+)?(?P<rest>.*)$", re.I)
EXECUTOR_MARK = re.compile(r"^(?:Исп\.|Исполнитель\b|Исп\b)", re.I)
APPENDIX = re.compile(r"^Приложени[ея](?:\s*" + SIGN + r"\s*\d+)?\b", re.I)
APPENDIX_TAIL = re.compile(r"^(?:к\s+(?:приказу|распоряжению|постановлению|решению)|от\s.*" + SIGN + ")", re.I)
# possessive word endings: «заведующ» + \w+ + \w* would split a long word between them in every way
HEAD_WORDS = re.compile(
    r"^(?:и\.\s?о\.\s*|врио\s+|исполняющ\w++\s+обязанности\s+)?(?:первый\s+|генеральный\s+)?"
    r"(?:" + HEADS + r")\w*+\s+",
    re.I,
)


def person_at_end(text: str) -> re.Match[str] | None:
    """A name closing the line: «Начальник отдела А.Ю. Григорьев» or «Лазаренко Н.П.»."""
    ends = (len(text.rstrip(" .")), len(text))  # once, not for every name on a long line
    for form in (INITIALS_FIRST, SURNAME_FIRST):
        for m in form.finditer(text):
            if m.end() in ends:
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


@dataclass(frozen=True)
class PlacedStamp:
    """A stamp with the lines it was read from: its block (the УТВЕРЖДАЮ line first), and the lines
    of the signer's position, name and date."""

    stamp: Stamp
    lines: list[Line]
    position_lines: list[Line]
    name_line: Line | None
    date_line: Line | None


def stamp_body(lines: list[Line], at: int, rest: str) -> list[Line]:
    """The lines a stamp word at `at` heads: what follows the word on its line, and the next lines
    up to the next stamp or through the first date."""
    body = [replace(lines[at], text=rest)] if rest else []
    for nxt in lines[at + 1 : at + 9]:
        if STAMP.match(nxt.text):
            break
        body.append(nxt)
        if find_date(nxt.text):
            break
    return body


def read_stamp(word: str, line: Line, body: list[Line]) -> PlacedStamp:
    """A stamp's kind, the signer's position and name, and its date, each with its line."""
    name = date = None
    name_line = date_line = None
    position: list[Line] = []
    for part in body:
        person = person_at_end(part.text)
        if person and not name:
            name, name_line = normal_name(person), part
            position.append(replace(part, text=part.text[: person.start()]))
            continue
        found = None if date else find_date(part.text)
        if found:
            date, date_line = found[0], part
        elif not name:
            position.append(part)
    kind = "agreed" if word.upper().startswith("СОГЛАС") else "approved"
    stamp = Stamp(kind=kind, position=fold_spaces(UNDERSCORES.sub(" ", " ".join(p.text for p in position))) or None,
                  name=name, date=date, raw=fold_spaces(" ".join([line.text, *(p.text for p in body)])))
    printed = [p for p in position if fold_spaces(UNDERSCORES.sub(" ", p.text))]
    return PlacedStamp(stamp, [line, *body], printed, name_line, date_line)


def placed_stamps(lines: list[Line]) -> list[PlacedStamp]:
    """УТВЕРЖДАЮ / СОГЛАСОВАНО blocks: position lines, the signer, the date, and where each is printed."""
    out: list[PlacedStamp] = []
    for i, line in enumerate(lines[:80]):
        m = STAMP.match(line.text)
        if m:
            out.append(read_stamp(m.group("word"), line, stamp_body(lines, i, m.group("rest"))))
    return out


def find_stamps(lines: list[Line]) -> list[Stamp]:
    """УТВЕРЖДАЮ / СОГЛАСОВАНО blocks: position lines, the signer, the date."""
    return [placed.stamp for placed in placed_stamps(lines)]


def authority_from_position(position: str | None) -> str | None:
    """«директор департамента образования Администрации города Омска» →
    «департамент образования Администрации города Омска»."""
    if not position:
        return None
    rest = HEAD_WORDS.sub("", position, count=1)
    if rest == position:
        return None
    first, _, tail = rest.partition(" ")
    head = first if first.isupper() else nominative(first)  # «МОБУ СОШ …» is an abbreviation: as printed
    return fold_spaces(f"{head} {tail}")


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


def starts_position(text: str) -> bool:
    """A signer's position opens with a capitalized head word («Заместитель …», «И.о. начальника …»);
    the lines that carry it on («департамента образования», «МУ «Управление …») do not, however
    the producer broke them into paragraphs."""
    return bool(HEAD_WORDS.match(text)) and text[:1].isupper()


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
                current.append(replace(line, text=before))
            if current:
                positions.append(join(current))
                current = []
            names.append(normal_name(person))
            continue
        if current and starts_position(line.text):
            positions.append(join(current))
            current = []
        current.append(line)
    return [
        Signatory(name=name, position=positions[i] if i < len(positions) else None)
        for i, name in enumerate(names)
    ]


def find_executor_mark(lines: list[Line]) -> str | None:
    return next((ln.text for ln in lines if EXECUTOR_MARK.match(ln.text)), None)


APPENDIX_OWN_NUMBER = re.compile(r"^\s*Приложени[ея]\s*(?:" + SIGN + r"\s*)?\d*", re.I)


def find_appendix(lines: list[Line]) -> tuple[str, int, int] | None:
    """«Приложение к распоряжению … от 02.09.2021 г. № 782/»: (text, first line, end)."""
    for i, line in enumerate(lines):
        if not APPENDIX.match(line.text):
            continue
        end = i + 1
        while end < min(len(lines), i + 6) and not label_ends(lines[end - 1].text, end - 1 == i):
            end += 1
        return join(lines[i:end]), i, end
    return None


def label_ends(text: str, first: bool) -> bool:
    """An appendix label ends with the line that dates or numbers the act («… от 22.01.2014 № 24»);
    the appendix's own number («Приложение №1») does not end it."""
    text = APPENDIX_OWN_NUMBER.sub("", text) if first else text
    return bool(find_date(text) or "№" in text)


def appendix_number_date(text: str) -> tuple[str | None, str | None]:
    """The number and date of the act an appendix label cites (not the appendix's own number)."""
    text = APPENDIX_OWN_NUMBER.sub("", text)
    number = find_number(text)
    date = find_date(text)
    return (number[0] if number else None), (date[0] if date else None)


PLAN_HEAD = re.compile(
    r"^[«\"]?(?:план\b|дорожн\w+\s+карт|комплекс\s+мер|перечень\s+мероприятий|программ\w*\s+мероприятий)", re.I
)
LETTER = re.compile(r"[^\W\d_]")
HEAD_SEARCH_LINES = 40


def plan_title_lines(lines: list[Line], limit: int = 6) -> list[Line]:
    """The lines of the plan's heading («ПЛАН РАБОТЫ … на 2019-2020 год»), even when a preface
    (numbered priorities, lists) stands between it and the table; else the lines printed right
    above the table, back to a label, stamp, date or name."""
    headed = plan_heading(lines, limit)
    if headed:
        return headed
    picked: list[Line] = []
    for line in reversed(lines):
        if is_marker(line.text) or CLAUSE.match(line.text) or len(picked) >= limit or not LETTER.search(line.text):
            break  # a line with no letter («70 80 80 200») is the tail of a table above, not a title
        picked.insert(0, line)
    return picked


def find_plan_title(lines: list[Line], limit: int = 6) -> str | None:
    """The plan's title (`plan_title_lines`), joined."""
    return join(plan_title_lines(lines, limit)) or None


def plan_heading(lines: list[Line], limit: int) -> list[Line]:
    """A «ПЛАН …» heading not far above the table, with the lines that carry it on; none when there is none."""
    start = max(0, len(lines) - HEAD_SEARCH_LINES)
    at = next((i for i in range(len(lines) - 1, start - 1, -1) if PLAN_HEAD.match(lines[i].text)), None)
    if at is None or any(is_marker(ln.text) for ln in lines[at + 1 :]):
        return []
    picked = [lines[at]]
    for line in lines[at + 1 : at + limit]:
        if CLAUSE.match(line.text) or BULLET_LINE.match(line.text) or line.text.rstrip().endswith(":"):
            break
        picked.append(line)
    return picked
