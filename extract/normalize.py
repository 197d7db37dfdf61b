"""One small function per text defect: invisible characters, spaces, markup, broken lines."""

from __future__ import annotations

import re

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u202f\r\n\f\v]+")
BOLD_MARKUP = re.compile(r"\*\*(.+?)\*\*|<b>(.*?)</b>", re.S | re.I)
OTHER_MARKUP = re.compile(r"</?(?:i|u|em|strong|span|br)\s*/?>", re.I)
# A hyphen that keeps a compound whole when a line breaks after it: «информационно-»,
# «общественно-», «психолого-»; and a range of months: «Февраль-» + «декабрь 2021».
COMPOUND_HEAD = re.compile(r"[а-яё]{4,}[оеи][-‑]$", re.I)
MONTH_START = re.compile(r"(?:январ|феврал|март|апрел|ма[йяю]|июн|июл|август|сентябр|октябр|ноябр|декабр)", re.I)
LINE_END_HYPHEN = re.compile(r"[а-яёa-z][-‑]$", re.I)


def drop_invisible(text: str) -> str:
    """Remove soft hyphens, zero-width spaces and byte-order marks."""
    return text.translate(INVISIBLE)


def fold_spaces(text: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, line breaks) to one space."""
    return SPACES.sub(" ", drop_invisible(text)).strip()


def strip_markup(text: str) -> tuple[str, bool]:
    """Drop `**` / `<b>` markup; say whether all the visible text was bold."""
    plain = BOLD_MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", text)
    plain = OTHER_MARKUP.sub("", plain)
    bold_parts = "".join(m.group(1) or m.group(2) or "" for m in BOLD_MARKUP.finditer(text))
    bold = bool(bold_parts.strip()) and fold_spaces(bold_parts) == fold_spaces(plain)
    return plain, bold


def join_lines(lines: list[str]) -> str:
    """Join the printed lines of one cell or paragraph, undoing end-of-line hyphenation.

    «ана-» + «лиз» → «анализ»; a compound keeps its hyphen: «информационно-» + «методический».
    """
    out = ""
    for raw in lines:
        line = fold_spaces(raw)
        if not line:
            continue
        if not out:
            out = line
        elif LINE_END_HYPHEN.search(out) and line[:1].islower():
            keep = COMPOUND_HEAD.search(out) or MONTH_START.match(line)
            out = out if keep else out[:-1]
            out += line
        else:
            out += " " + line
    return out
