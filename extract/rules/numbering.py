"""Measure and section numbers: «1», «1.», «1.1», «1.1.», «1)», roman «IV.»."""

from __future__ import annotations

import re

ARABIC = re.compile(r"^\s*(\d{1,3}(?:\s*\.\s*\d{1,3})*)\s*[.)]?\s*$")
ROMAN = re.compile(r"^\s*([IVXLС]{1,6})\s*[.)]?\s*$")  # «С» Cyrillic look-alike of «C»
LEADING_NUMBER = re.compile(
    # «1. Текст», and «1.Текст» (no space after the dot, before a capital)
    r"^\s*(?:раздел\s+)?(?P<num>\d{1,3}(?:\.\d{1,3})*\.?|[IVXL]{1,6}\.)(?:\s+|(?<=\.)(?=(?-i:[А-ЯЁA-Z«\"])))(?P<rest>\S.*)$",
    re.I | re.S,
)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def parse_number(text: str) -> str | None:
    """The normalized number printed in a numbering cell, or None: «1.1.» → «1.1»."""
    m = ARABIC.match(text)
    if m:
        return re.sub(r"\s+", "", m.group(1))
    m = ROMAN.match(text.replace("С", "C"))
    if m and roman_value(m.group(1)):
        return m.group(1).upper()
    return None


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
    if not m:
        return None, text
    return parse_number(m.group("num")), m.group("rest").strip()


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
