"""Document requisites (ГОСТ Р 7.0.97-2016): type, number, date, authority, place, title, basis.

reads: the lines printed before the roadmap table; writes: plain values with their printed text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from extract.morph import city_name, masculine_nominative
from extract.normalize import fold_spaces
from extract.rules.dates import NUMERIC_DATE, WORDED_DATE, find_date
from extract.rules.lines import CLAUSE_LEAD, CLAUSE_NUMBER, SIGN, Line, join
from schemas.roadmap import Basis

DOC_TYPES = ["приказ", "распоряжение", "постановление", "решение", "указ"]


def spaced(word: str) -> str:
    """A word that may be printed letter-spaced: «П Р И К А З»."""
    return r"\s?".join(word)


DOC_TYPE = re.compile(
    r"^(?P<type>" + "|".join(spaced(w) for w in DOC_TYPES) + r")(?![а-яё])\s*(?P<rest>.*)$", re.I
)
NUMBER_SIGN = SIGN + r"\s*(?P<num>[0-9A-Za-zА-Яа-яЁё][\w\-/.]*)"
NUMBER = re.compile(NUMBER_SIGN)
PLACE = re.compile(
    r"^(?P<place>(?:г\.|гор\.|город|с\.|пос\.|п\.|пгт\.?|ст-ца|станица|село|поселок|посёлок)\s*"
    r"[А-ЯЁ][\w\-]+(?:\s[А-ЯЁ][\w\-]+)?)$"
)
CITY_IN_TEXT = re.compile(r"(?:\bг\.|\bгорода\b|\bгород\b|\bгор\.)\s*(?P<city>(?-i:[А-ЯЁ])[А-ЯЁа-яё\-]+)", re.I)
# «администрации городского округа «Город Калининград»» → Калининград; «Рыбинского муниципального района» → Рыбинский
# (a quoted name is short: bounded, so an unclosed quote is not scanned to the end of the text each time)
CITY_OKRUG = re.compile(r"городского\s+округа\s*[«\"](?:город\s+)?(?P<city>[^»\"]{1,80})[»\"]", re.I)
DISTRICT = re.compile(r"(?P<name>(?<![а-яё])(?-i:[А-ЯЁ])[а-яё]{2,30}(?:-[А-ЯЁ][а-яё]{1,30})?)\s(?:муниципальн\w{1,6}\s)?район(?:а)?\b", re.I)
# «Об утверждении …»; OCR reads «Об» as «06» or «0б» too
TITLE_START = re.compile(r"^(?:Об?|[О0O][б6]|О\s?внесении|Об?\s?утверждении)\s", re.I)
# The preamble opens with these: the requisite zone ends before them, and a date after them is a cited act's.
PREAMBLE_START = re.compile(
    r"^(?:В\s+соответствии|Руководствуясь|На\s+основании|В\s+целях|Во\s+исполнение|В\s+связи|Согласно|С\s+целью)\b", re.I
)
# «… Федеральным законом от 29.12.2012 …»: a date that belongs to a cited act, not to this document.
CITATION_REACH = 150  # characters before a date searched for the act it belongs to
# An act's word ends within a few letters of its stem («постановлениями»): bounded, so a long run of
# letters that repeats a stem («указуказ…») is not rescanned to its end from every repeat.
ACT_ENDING = r"[а-яё]{0,20}+"
CITED_DATE = re.compile(
    r"(?:закон|приказ|письм|постановлени|распоряжени|решени|указ|поручени|протокол)" + ACT_ENDING
    + r"[^.;]{0,120}?\bот\s*$", re.I
)
RUSSIAN_WORD = re.compile(r"[А-Яа-яЁё]{3,}")
OCR_OB = re.compile(r"^[0O][б6]\s|^О6\s")  # «06 утверждении» read by OCR from «Об утверждении»
DATE_LINE = re.compile(r"^\s*от\b", re.I)  # «от 02.09.2021 № 792/р»: where the date is printed
# «ПОСТАНОВЛЕНИЕ / АДМИНИСТРАЦИИ / … района»: the body named after the type, in the genitive
BODY_AFTER_TYPE = re.compile(
    r"^(?:АДМИНИСТРАЦИИ|ГЛАВЫ|ДЕПАРТАМЕНТА|УПРАВЛЕНИЯ|КОМИТЕТА|МИНИСТЕРСТВА|ОТДЕЛА|ДИРЕКТОРА)\b", re.I
)
STAMP_WORDS = re.compile(r"[«\"]? ?(?:УТВЕРЖДАЮ|УТВЕРЖДЕН[ОАЫ]?|СОГЛАСОВАНО) ?[»\"]?", re.I)
UNDERSCORES = re.compile(r"_{2,}")  # the line a signer or a stamp is signed on
# The Ministry of Justice's registration stamp on a federal order: not the issuing body
REGISTRATION = re.compile(r"ЗАРЕГИСТРИРОВАН|Регистрационн|Рьгистрационн|МИНИСТЕРСТВО\s+ЮСТИЦИИ", re.I)
LATIN_WORD = re.compile(r"\b[A-Za-z]{2,}\b")  # a body's name is Cyrillic: Latin words are a text layer's noise
OPERATIVE = re.compile(
    r"\b(?:П\s?Р\s?И\s?К\s?А\s?З\s?Ы\s?В\s?А\s?Ю|ПОСТАНОВЛЯЮ|ПОСТАНОВЛЯЕТ|ОБЯЗЫВАЮ|ПРЕДЛАГАЮ|РЕШИЛ|"
    r"РАСПОРЯЖАЮСЬ)\s*:?"
)
# possessive spaces: «  –  » before the number is read one way, not split between two \s* in every way
CLAUSE = re.compile(CLAUSE_LEAD + CLAUSE_NUMBER + r"\.?\s+\S")
ACT = re.compile(
    r"(?P<act>(?:[Фф]едеральн\w{1,10}\s+|[Оо]бластн\w{1,10}\s+|[Кк]раев\w{1,10}\s+)?"
    r"(?:закон|приказ|письм|постановлени|распоряжени|решени|указ|поручени|протокол)" + ACT_ENDING + ")"
    r"(?P<body>[^.;]{0,250}?)\s++от\s+",
)
# The spaces before the sign are taken from the start of their run only (linear when searched).
NUMBER_AFTER = re.compile(r"(?:(?<!\s)\s+)?" + NUMBER_SIGN)
ACT_KINDS = {
    "закон": "закон", "приказ": "приказ", "письм": "письмо", "постановлени": "постановление",
    "распоряжени": "распоряжение", "решени": "решение", "указ": "указ", "поручени": "поручение",
    "протокол": "протокол",
}


@dataclass(frozen=True)
class Header:
    doc_type: str | None
    doc_type_raw: str | None
    type_at: int | None
    number: str | None
    number_raw: str | None
    date: str | None
    date_raw: str | None
    number_line: Line | None = None  # the lines the number and the date were read from
    date_line: Line | None = None


def find_doc_type(lines: list[Line]) -> tuple[int, str, str] | None:
    for i, line in enumerate(lines[:60]):
        m = DOC_TYPE.match(line.text)
        if m and (not m.group("rest") or NUMBER.match(m.group("rest")) or find_date(m.group("rest"))):
            word = re.sub(r"\s", "", m.group("type")).lower()
            return i, word, m.group("type")
    return None


def find_number(text: str) -> tuple[str, str] | None:
    m = NUMBER.search(text)
    if not m:
        return None
    return m.group("num").rstrip("."), m.group(0).rstrip(".")


def own_date(text: str) -> tuple[str, str] | None:
    """The first date of a requisite line that is not the date of an act it cites."""
    starts = sorted(m.start() for pattern in (NUMERIC_DATE, WORDED_DATE) for m in pattern.finditer(text))
    for at in starts:
        if not CITED_DATE.search(text[max(0, at - CITATION_REACH) : at]):
            return find_date(text[at:])
    return None


def header_window(lines: list[Line], at: int) -> list[Line]:
    """The lines a number and a date of the type at `at` are read from: the rest of its own line
    and the next ones, up to the title, the preamble or the operative word."""
    window = []
    for line in [replace(lines[at], text=DOC_TYPE.sub(r"\g<rest>", lines[at].text)), *lines[at + 1 : at + 8]]:
        if TITLE_START.match(line.text) or PREAMBLE_START.match(line.text) or OPERATIVE.search(line.text):
            break
        window.append(line)
    return window


def first_found(lines: list[Line], find: Callable[[str], tuple[str, str] | None]) -> tuple[str, str, Line] | None:
    """The first value `find` reads from the lines, with its printed text and the line it is on."""
    for line in lines:
        found = find(line.text)
        if found:
            return found[0], found[1], line
    return None


def read_header(lines: list[Line]) -> Header:
    """Type, then the number and date printed within a few lines of it (up to the title or the
    preamble); a date line printed just above the type («25» августа 2025 г. г. Новосибирск) counts too."""
    found = find_doc_type(lines)
    if not found:
        return Header(None, None, None, None, None, None, None)
    at, word, raw = found
    window = header_window(lines, at)
    number = first_found(window, find_number)
    date = first_found(window, own_date) or first_found(lines[max(0, at - 3) : at][::-1], own_date)
    printed = next((line for line in window if DATE_LINE.match(line.text)), None)
    if not date and printed:  # «от =? 7 PS, РУХ»: a date line that no reading makes a date of
        return Header(word, raw, at, number[0] if number else None, number[1] if number else None, None,
                      printed.text, number[2] if number else None, printed)
    return Header(
        word, raw, at,
        number[0] if number else None, number[1] if number else None,
        date[0] if date else None, date[1] if date else None,
        number[2] if number else None, date[2] if date else None,
    )


def body_text(text: str) -> str:
    """A line of a body's name without the signing line's underscores and a layout table's bars."""
    return UNDERSCORES.sub(" ", text).replace("|", " ")


def names_body(text: str) -> bool:
    """Whether a line above the type can be part of the body's name: not the date and place line,
    a registration stamp, or a garbage text layer's noise."""
    return not (find_date(text) or PLACE.match(text.strip()) or not RUSSIAN_WORD.search(text)
                or REGISTRATION.search(text) or LATIN_WORD.search(text))


def authority_lines(lines: list[Line], type_at: int | None) -> list[Line]:
    """The lines printed above the document type that name the issuing body. Above the type of a
    plan stands an approval stamp (a signer's position and name): no body's name, none."""
    if not type_at or any(STAMP_WORDS.search(line.text) for line in lines[:type_at]):
        return []
    return [line for line in lines[:type_at] if names_body(body_text(line.text))]


def authority_of(lines: list[Line], type_at: int | None) -> str | None:
    """The issuing body: the lines printed above the document type (`authority_lines`), joined."""
    return fold_spaces(" ".join(body_text(line.text) for line in authority_lines(lines, type_at))) or None


def body_lines_after_type(lines: list[Line], type_at: int | None) -> list[Line]:
    """«ПОСТАНОВЛЕНИЕ / АДМИНИСТРАЦИИ Рыбинского муниципального района»: the lines under the type
    that name the body, up to its date or number line."""
    if type_at is None:
        return []
    kept: list[Line] = []
    for line in lines[type_at + 1 : type_at + 4]:
        if not (kept or BODY_AFTER_TYPE.match(line.text)) or DATE_LINE.match(line.text) or find_number(line.text):
            break
        kept.append(line)
    return kept


def body_after_type(lines: list[Line], type_at: int | None) -> str | None:
    """The body printed under the type (`body_lines_after_type`), joined."""
    return fold_spaces(" ".join(line.text for line in body_lines_after_type(lines, type_at))) or None


APPROVING_ACT = re.compile(
    r"\b(?P<act>приказом|распоряжением|постановлением|протоколом|решением|приказу|распоряжению|постановлению|решению)\b"
    r"(?P<rest>.*)$", re.I | re.S,
)
ACT_NOMINATIVE = {"приказ": "приказ", "распоряжени": "распоряжение", "постановлени": "постановление",
                  "протокол": "протокол", "решени": "решение"}


def approving_act(text: str) -> tuple[str, str | None, str | None] | None:
    """«УТВЕРЖДЕН протоколом заседания … от 12.09.2023 № 3», «Приложение к приказу … от … № …»:
    the act that approves the document (kind in the nominative, number, date), or None."""
    m = APPROVING_ACT.search(text)
    if not m:
        return None
    rest = m.group("rest")
    number = find_number(rest)
    date = find_date(rest)
    if not number and not date:
        return None
    kind = next(v for k, v in ACT_NOMINATIVE.items() if m.group("act").lower().startswith(k))
    return kind, number[0] if number and readable(number[0]) else None, date[0] if date else None


def readable(value: str | None) -> bool:
    """A registration number has a digit («12Р», «01.04/81», «792/р»); «Яя» or «МУ» read from a
    handwritten number by some OCR is not one."""
    return value is None or any(ch.isdigit() for ch in value)


def find_place(lines: list[Line], limit: int = 40) -> tuple[str, Line] | None:
    """«г. Пятигорск» on a line of its own, or after the date («25» августа 2025 г. г. Новосибирск),
    with the line it is printed on."""
    for line in lines[:limit]:
        date = find_date(line.text)
        text = line.text.split(date[1], 1)[1].strip() if date else line.text
        m = PLACE.match(text)
        if m:
            return m.group("place"), line
    return None


def city_in(text: str, is_place: bool = False) -> tuple[str, str] | None:
    """The city one text names, with the words it is printed as: «г. Пятигорск», «АДМИНИСТРАЦИЯ
    ГОРОДА ТОМСКА», «городского округа «Город N»» (N), «N-ского муниципального района» (N-ский);
    a place line («с. Ивановка») is a city by itself."""
    m = CITY_IN_TEXT.search(text) or (re.match(r"^\S+\s+(?P<city>\S+)$", text) if is_place else None)
    if m:
        return city_name(m.group("city")), m.group("city")
    okrug = CITY_OKRUG.search(text)
    if okrug:
        return fold_spaces(okrug.group("city")), okrug.group("city")
    district = DISTRICT.search(text)
    if district:
        return masculine_nominative(district.group("name")), district.group("name")
    return None


def city_of(place: str | None, *texts: str | None) -> str | None:
    """The city of the place line or, failing it, of the first text that names one; None when none is named."""
    for text in (place, *texts):
        found = city_in(text, text == place) if text else None
        if found:
            return found[0]
    return None


class Title(NamedTuple):
    text: str
    start: int  # its first line
    end: int  # the line after its last


def find_title(lines: list[Line], start: int) -> Title | None:
    """«Об утверждении …»: the paragraph after the header, with paragraphs that carry it on."""
    for i in range(start, min(len(lines), start + 15)):
        if TITLE_START.match(lines[i].text):
            para = [ln for ln in lines[i:] if ln.para == lines[i].para]
            end = i + len(para)
            while end < len(lines) and lines[end].text[:1].islower() and not CLAUSE.match(lines[end].text):
                para.append(lines[end])
                end += 1
            return Title(OCR_OB.sub("Об ", join(para), count=1), i, end)
    return None


def preamble_of(lines: list[Line], start: int) -> str:
    """Text from the title to the operative word or the first numbered clause."""
    out = []
    for line in lines[start:]:
        if CLAUSE.match(line.text):
            break
        cut = OPERATIVE.search(line.text)
        out.append(line if not cut else replace(line, text=line.text[: cut.start()]))
        if cut:
            break
    return join(out)


QUOTE = re.compile(r"[«»]")
TITLE_REACH = 1000  # characters a quoted act title may run: an unclosed quote is not followed to the text's end


def quoted_title(text: str) -> str:
    """A «…» title right after a citation; an unclosed quote ends at the first comma."""
    if not text.startswith("«"):
        return ""
    depth = 0
    for m in QUOTE.finditer(text, 0, TITLE_REACH):
        depth += 1 if m.group(0) == "«" else -1
        if depth == 0:
            return text[: m.end()]
    comma = text.find(", ")
    return text[:comma] if comma > 0 else text


def find_basis(preamble: str) -> list[Basis]:
    """Acts cited in the preamble («приказом … от 27.02.2024 № 424 «…»»), with date and number."""
    out: list[Basis] = []
    pos = 0
    while m := ACT.search(preamble, pos):
        pos = m.end()
        date = find_date(preamble[pos : pos + 40])
        if not date or preamble.find(date[1], pos) - pos > 2:
            continue
        end = preamble.find(date[1], pos) + len(date[1])
        number = NUMBER_AFTER.match(preamble, end)
        if number:
            end = number.end()
        title = quoted_title(preamble[end:].lstrip())
        if title:
            end = preamble.index(title, end) + len(title)
        stem = next((s for s in ACT_KINDS if s in m.group("act").lower()), "")
        out.append(
            Basis(
                text=preamble[m.start() : end].rstrip(" ,."),
                kind=ACT_KINDS.get(stem),
                date=date[0],
                number=number.group("num").rstrip(".") if number else None,
            )
        )
        pos = end
    return out
