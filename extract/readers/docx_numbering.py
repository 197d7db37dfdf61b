"""Word's automatic numbering (`w:numPr`): the labels Word displays, computed from numbering.xml.

A № column filled by «Нумерованный список» holds no digits in document.xml: each paragraph only
points to a list (numId) and a level (ilvl); the label («3.», «2.1.», «IV.») is built from the level's
`lvlText` pattern and counters that run on through the whole document, across rows and group rows
that carry no number. Counters are kept per list; a level restarts when a higher level advances.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

W_VAL = qn("w:val")
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
MAX_LEVELS = 9
MAX_COUNT = 32767  # Word's own limit on a list counter; a larger start in a corrupt file is capped
DEEPER_PLACEHOLDER = re.compile(r"%[1-9][.)]?")
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@lru_cache(maxsize=64)
def compiled(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=NS)


def find(element: Any, path: str) -> list[Any]:
    """XPath with the `w:` prefix on any element (python-docx's own classes and plain lxml ones),
    compiled once per expression (it runs for every paragraph)."""
    return list(compiled(path)(element))


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


def roman(value: int) -> str:
    out = ""
    for number, letters in ROMAN:
        while value >= number:
            out += letters
            value -= number
    return out


def letters(value: int, alphabet: str) -> str:
    """1 → a, 26 → z, 27 → aa (Word repeats the letter)."""
    if value < 1:
        return str(value)
    return alphabet[(value - 1) % len(alphabet)] * ((value - 1) // len(alphabet) + 1)


def formatted(value: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(value)
    if fmt == "lowerRoman":
        return roman(value).lower()
    if fmt == "upperLetter":
        return letters(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerLetter":
        return letters(value, "abcdefghijklmnopqrstuvwxyz")
    if fmt in ("russianLower", "russianUpper"):
        text = letters(value, RUSSIAN_LETTERS)
        return text.upper() if fmt == "russianUpper" else text
    if fmt in ("bullet", "none"):
        return ""
    return str(value)  # decimal, decimalZero and the rest


def int_val(element: Any, path: str, default: int) -> int:
    found = find(element, path)
    try:
        return int(found[0]) if found else default
    except ValueError:
        return default


def read_levels(abstract: Any) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iterchildren(qn("w:lvl")):
        ilvl = int_val(lvl, "./@w:ilvl", 0)
        fmt = find(lvl, "./w:numFmt/@w:val")
        text = find(lvl, "./w:lvlText/@w:val")
        levels[ilvl] = Level(start=max(0, min(int_val(lvl, "./w:start/@w:val", 1), MAX_COUNT)), fmt=fmt[0] if fmt else "decimal",
                             text=text[0] if text else "")
    return levels


@dataclass(frozen=True)
class NumList:
    """One `w:num`: the abstract list it counts in, its levels, and the levels it restarts."""

    abstract: str
    levels: dict[int, Level]
    restarts: dict[int, int]  # level → start value (`w:startOverride`)


@dataclass
class Numbering:
    """The lists of one document and their running counters. Word counts per abstract list: two
    `w:num` entries over one abstract list continue one sequence unless one restarts it."""

    lists: dict[str, NumList] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstracts = {a.get(qn("w:abstractNumId")): read_levels(a) for a in root.iterchildren(qn("w:abstractNum"))}
        lists = {}
        for num in root.iterchildren(qn("w:num")):
            ref = (find(num, "./w:abstractNumId/@w:val") or [""])[0]
            levels = dict(abstracts.get(ref, {}))
            restarts = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = int_val(override, "./@w:ilvl", 0)
                start = int_val(override, "./w:startOverride/@w:val", -1)
                if start >= 0 and ilvl in levels:
                    restarts[ilvl] = min(start, MAX_COUNT)
                    levels[ilvl] = replace(levels[ilvl], start=restarts[ilvl])
            lists[num.get(qn("w:numId")) or ""] = NumList(ref, levels, restarts)
        return cls(lists)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label Word displays for the next paragraph of list `num_id` at level `ilvl`."""
        found = self.lists.get(num_id)
        if found is None or not 0 <= ilvl < MAX_LEVELS or ilvl not in found.levels:
            return ""
        levels = found.levels
        counters = self.counters.setdefault(found.abstract, [None] * MAX_LEVELS)
        if num_id not in self.started:  # a list that restarts its levels does so where it is first used
            self.started.add(num_id)
            for restarted, start in found.restarts.items():
                counters[restarted] = start - 1
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl].start if current is None else min(current + 1, MAX_COUNT)
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = None
        if levels[ilvl].fmt in ("bullet", "none"):
            return ""  # a bullet is no number
        text = levels[ilvl].text
        for k in range(ilvl + 1):
            level = levels.get(k, Level())
            count = counters[k]
            text = text.replace(f"%{k + 1}", formatted(level.start if count is None else count, level.fmt))
        return DEEPER_PLACEHOLDER.sub("", text).strip()  # «%2» of a level below this one prints nothing


def paragraph_list(p: Any, style_lists: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph in a list: set on the paragraph, or by its style."""
    num = find(p, "./w:pPr/w:numPr/w:numId/@w:val")
    if num:
        return (num[0], int_val(p, "./w:pPr/w:numPr/w:ilvl/@w:val", 0)) if num[0] != "0" else None
    style = find(p, "./w:pPr/w:pStyle/@w:val")
    return style_lists.get(style[0]) if style else None


def style_lists(document: Any) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs (Word's «Список нумерованный»)."""
    out = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        num = find(style, "./w:pPr/w:numPr/w:numId/@w:val")
        if num and num[0] != "0":
            out[style.get(qn("w:styleId")) or ""] = (num[0], int_val(style, "./w:pPr/w:numPr/w:ilvl/@w:val", 0))
    return out
