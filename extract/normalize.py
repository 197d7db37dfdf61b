"""One small function per text defect: invisible characters, spaces, markup, broken lines."""

from __future__ import annotations

import re

from extract.rules.dates import MONTH_STEM

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u202f\r\n\f\v]+")
BOLD_MARKUP = re.compile(r"\*\*(.+?)\*\*|<b>(.*?)</b>", re.S | re.I)
OTHER_MARKUP = re.compile(r"</?(?:i|u|em|strong|span|br)\s*/?>", re.I)
MONTH_START = re.compile(MONTH_STEM, re.I)
LINE_END_HYPHEN = re.compile(r"(?P<head>[а-яёa-z]{1,40})[-‑]$", re.I)
WORD_START = re.compile(r"^[а-яёa-z]+", re.I)
HYPHEN_START = re.compile(r"^[-‑][а-яё]")
COMPOUND_HEAD = re.compile(r"[а-яё]{3}[ео]$")  # the first part of a compound adjective: «учебно», «медико»
TAIL = 64  # characters of the text so far that the joining rules look at
LAST_WORD = re.compile(r"[а-яё]{1,40}$", re.I)
DIGIT_RANGE = re.compile(r"\d[-‑–]$")


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
        end = out[-TAIL:]  # only the end of the text so far decides: linear in the text's length
        hyphen = LINE_END_HYPHEN.search(end)
        if not out:
            out = line
        elif hyphen and line[:1].islower():
            out = (out if keeps_hyphen(hyphen.group("head"), line) else out[:-1]) + line
        elif DIGIT_RANGE.search(end) and line[:1].isdigit() or broken_word(end, line) or compound_part(end, line):
            out += line
        else:
            out += " " + line
    return out


def compound_part(end: str, line: str) -> bool:
    """«информационно» + «-телекоммуникационной»: the second part of a compound a producer moved
    to the next line with its hyphen; a bullet «-проведение …» after «… по направлениям» is not."""
    return bool(HYPHEN_START.match(line)) and bool(COMPOUND_HEAD.search(end))


def broken_word(out: str, line: str) -> bool:
    """A word wrapped without a hyphen in a narrow cell («противопожарн» + «ых», «психолого-п» +
    «едагогическое»): the piece on the new line is no word the dictionary knows, the two together are."""
    from extract.morph import is_known

    head, tail = LAST_WORD.search(out), WORD_START.match(line)
    if not head or not tail or not line[:1].islower():
        return False
    joined = is_known(head.group(0) + tail.group(0))
    compound = tail.end() < len(line) and line[tail.end()] in "-‑"  # «учителя» + «ми-предметниками»
    return joined and (compound or not is_known(tail.group(0)))


def keeps_hyphen(head: str, line: str) -> bool:
    """Whether a hyphen at a line end belongs to the text: a compound («учителей-предметников»,
    «информационно-методический») or a range of months («Февраль-декабрь»), rather than a
    word broken by hyphenation («ана-лиз»). The dictionary decides."""
    from extract.morph import is_known

    tail = WORD_START.match(line)
    if MONTH_START.match(line) or not tail:
        return True
    return not is_known(head + tail.group(0)) or is_known(head) and is_known(tail.group(0)) and len(head) > 3
