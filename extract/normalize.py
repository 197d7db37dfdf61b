"""One small function per text defect: invisible characters, spaces, markup, broken lines."""

from __future__ import annotations

import re

from extract.rules.dates import MONTH_NAME

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u202f\r\n\f\v]+")
BOLD_MARKUP = re.compile(r"\*\*(.+?)\*\*|<b>(.*?)</b>", re.S | re.I)
BOLD_OPENER = re.compile(r"\*\*|<b>", re.I)
BOLD_CLOSER = re.compile(r"</b>", re.I)
OTHER_MARKUP = re.compile(r"</?(?:i|u|em|strong|span|br)\s*/?>", re.I)
MONTH_START = re.compile(MONTH_NAME, re.I)
# (possessive: letters never end in a hyphen, so the run is not given back letter by letter)
LINE_END_HYPHEN = re.compile(r"(?P<head>[а-яёa-z]{1,40}+)[-‑]$", re.I)
WORD_START = re.compile(r"^[а-яёa-z]+", re.I)
HYPHEN_START = re.compile(r"^[-‑][а-яё]")
COMPOUND_HEAD = re.compile(r"[а-яё]{3}[ео]$")  # the first part of a compound adjective: «учебно», «медико»
TAIL = 64  # characters of the text so far that the joining rules look at
LAST_WORD = re.compile(r"[а-яё]{1,40}+$", re.I)
DIGIT_RANGE = re.compile(r"\d[-‑–]$")


def drop_invisible(text: str) -> str:
    """Remove soft hyphens, zero-width spaces and byte-order marks."""
    return text.translate(INVISIBLE)


def fold_spaces(text: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, line breaks) to one space."""
    return SPACES.sub(" ", drop_invisible(text)).strip()


def bold_spans(text: str) -> list[re.Match[str]]:
    """What `BOLD_MARKUP.finditer` finds, tried only at an opener that has a closer of its kind after it.

    An opener with none fails after a scan to the text's end, and so does every later one of its
    kind: «<b>» printed a thousand times with no «</b>» would cost a thousand scans of the text."""
    last_stars = text.rfind("**")
    last_tag = max((m.start() for m in BOLD_CLOSER.finditer(text)), default=-1)
    found = []
    pos = 0
    while opener := BOLD_OPENER.search(text, pos):
        at = opener.start()
        closed = last_stars >= at + 3 if opener.group(0) == "**" else last_tag >= at + 3
        m = BOLD_MARKUP.match(text, at) if closed else None
        if m:
            found.append(m)
        pos = m.end() if m else at + 1
    return found


def strip_markup(text: str) -> tuple[str, bool]:
    """Drop `**` / `<b>` markup; say whether all the visible text was bold."""
    spans = bold_spans(text)
    pieces, pos = [], 0
    for m in spans:
        pieces += [text[pos : m.start()], m.group(1) or m.group(2) or ""]
        pos = m.end()
    plain = OTHER_MARKUP.sub("", "".join(pieces) + text[pos:])
    bold_parts = "".join(m.group(1) or m.group(2) or "" for m in spans)
    bold = bool(bold_parts.strip()) and fold_spaces(bold_parts) == fold_spaces(plain)
    return plain, bold


def join_lines(lines: list[str]) -> str:
    """Join the printed lines of one cell or paragraph, undoing end-of-line hyphenation.

    «ана-» + «лиз» → «анализ»; a compound keeps its hyphen: «информационно-» + «методический».
    """
    pieces: list[str] = []  # joined once at the end: a text rebuilt per line would cost its length per line
    end = ""  # the last TAIL characters so far: only the end of the text decides how a line joins it
    for raw in lines:
        line = fold_spaces(raw)
        if not line:
            continue
        drop, separator = joint(end, line) if pieces else (False, "")
        if drop:  # the hyphen that closes the text so far: the last character of the last piece
            pieces[-1] = pieces[-1][:-1]
        pieces.append(separator + line)
        end = ((end[:-1] if drop else end) + separator + line)[-TAIL:]
    return "".join(pieces)


def joint(end: str, line: str) -> tuple[bool, str]:
    """How `line` joins a text that ends with `end`: whether the hyphen closing the text goes, and
    what stands between them (a space, or nothing)."""
    hyphen = LINE_END_HYPHEN.search(end)
    if hyphen and line[:1].islower():
        return not keeps_hyphen(hyphen.group("head"), line), ""
    if DIGIT_RANGE.search(end) and line[:1].isdigit() or broken_word(end, line) or compound_part(end, line):
        return False, ""
    return False, " "


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
