"""Measure and section numbers: «1», «1.», «1.1», «1.1.», «1)», roman «IV.»."""

from __future__ import annotations

import re

# A numbering cell: «1», «1.», «1.1.», «1)», «1000.», «4.1000». The parts may have any number of
# digits (a plan of over a thousand measures numbers them so); one that reads as a year («2021»,
# «01.09.2021») makes no item number.
ARABIC = re.compile(r"^\s*+(\d+(?:\s*+\.\s*+\d+)*)\s*+[.)]?\s*$")
SHORT_ARABIC = re.compile(r"\d{1,3}(?:\.\d{1,3})*")  # the numbers most plans print: what column guessing counts
YEAR_PART = re.compile(r"(?:^|\.)(?:19|20)\d\d(?:\.|$)")
ROMAN = re.compile(r"^\s*([IVXLС]{1,6})\s*[.)]?\s*$")  # «С» Cyrillic look-alike of «C»
LEADING_NUMBER = re.compile(
    # «1. Текст», and «1.Текст» (no space after the dot, before a capital); a part of four digits or
    # more only in a number with a dot («1000. Текст», «4.1000 Текст»): «1500 рублей», «2024 год» open
    # with a quantity or a year, not an item number.
    r"^\s*(?:раздел\s+)?(?P<num>\d{1,3}(?:\.\d{1,3})*\.?|\d+(?:\.\d+)*\.|\d+(?:\.\d+)+|[IVXL]{1,6}\.)"
    r"(?:\s+|(?<=\.)(?=(?-i:[А-ЯЁA-Z«\"])))(?P<rest>\S.*)$",
    re.I | re.S,
)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def parse_number(text: str) -> str | None:
    """The normalized number printed in a numbering cell, or None: «1.1.» → «1.1», «1000.» → «1000».
    A number with a part that reads as a year («2021», «01.09.2021») is None: see `unread_number`."""
    m = ARABIC.match(text)
    if m:
        number = re.sub(r"\s+", "", m.group(1))
        return None if YEAR_PART.search(number) else number
    m = ROMAN.match(text.replace("С", "C"))
    if m and roman_value(m.group(1)):
        return m.group(1).upper()
    return None


def is_plain_number(text: str) -> bool:
    """A numbering cell as most plans print it, every part of one to three digits: what guessing a
    column's role from its content counts, so a column of sums («1500») or years is no № column."""
    number = parse_number(text)
    return number is not None and (bool(SHORT_ARABIC.fullmatch(number)) or not number[:1].isdigit())


def unread_number(text: str | None) -> bool:
    """A numbering cell printed with digits that still gives no item number («2021.», «01.09.2021»):
    kept as printed and reported, never dropped silently."""
    if not text:
        return False
    return parse_number(text) is None and bool(ARABIC.match(text))


def roman_value(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        value = ROMAN_VALUES.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total or None


def is_roman(number: str | None) -> bool:
    return bool(number) and roman_value(number or "") is not None and not number.isdigit()  # type: ignore[union-attr]


def split_leading_number(text: str) -> tuple[str | None, str]:
    """«I. Организационные меры» → («I», «Организационные меры»); no number → (None, text)."""
    m = LEADING_NUMBER.match(text)
    number = parse_number(m.group("num")) if m else None
    if m is None or number is None:
        return None, text  # «2021. Год …», «v. …»: no item number opens the text, and none of it is dropped
    return number, m.group("rest").strip()


def as_tuple(number: str | None) -> tuple[int, ...] | None:
    if not number:
        return None
    if number.replace(".", "").isdigit():
        return tuple(int(p) for p in number.split("."))
    value = roman_value(number)
    return (value,) if value else None


def successors(prev: tuple[int, ...]) -> set[tuple[int, ...]]:
    """Numbers that may follow `prev` without a gap: next item, next level up, first child."""
    out = {prev[:-1] + (prev[-1] + 1,), prev + (1,)}
    for depth in range(1, len(prev)):
        out.add(prev[: depth - 1] + (prev[depth - 1] + 1, 1))
        out.add(prev[: depth - 1] + (prev[depth - 1] + 1,))
    return out


def is_child(number: str | None, parent: str | None) -> bool:
    """«1.2» is a child of «1»."""
    return bool(number and parent) and str(number).startswith(f"{parent}.")
