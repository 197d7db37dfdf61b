"""Text out of a Tesseract result, symbol by symbol, with dashes told apart by the ink they leave.

Tesseract's recognizer reads «-», «–» and «—» almost at random, and deadlines keep the printed
dash («Март – май 2024» vs «Март - май 2024»). The glyphs differ in length: a hyphen is about a
third of the font size, an en dash half, an em dash a whole; the bar of ink under each dash
symbol is measured against its line's height and the dash chosen by that. Two more slips are
mended with the page's letter heights and the dictionary: capitals read for lowercase, a space
read inside a word.
"""

from __future__ import annotations

import re
from typing import Any

import cv2
import numpy as np

from extract.morph import is_known

DASHES = {"-", "–", "—", "‒", "―"}
EN_DASH_FROM, EM_DASH_FROM = 0.44, 0.8  # bar length / line height
LINE_PER_X_HEIGHT = 2.0  # a printed line's box (ascenders to descenders) is about twice the x-height


def bar_length(ink: Any, box: tuple[int, int, int, int], line_height: int) -> int | None:
    """Length of the flat bar of ink nearest the centre of a dash symbol's box."""
    x0, top, x1, bottom = box
    pad = int(line_height * 0.6)
    left = max(0, x0 - pad)
    region = ink[max(0, top - 2) : bottom + 2, left : x1 + pad]
    if region.size == 0:
        return None
    count, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    centre = (x0 + x1) / 2 - left
    bars = [(abs(lft + w / 2 - centre), w) for lft, _, w, h, _ in stats[1:count]
            if h <= max(3, 0.2 * line_height) and w >= 1.5 * h]
    return min(bars)[1] if bars else None


def dash_by_length(length: int, line_height: int) -> str:
    ratio = length / line_height
    return "-" if ratio < EN_DASH_FROM else "–" if ratio < EM_DASH_FROM else "—"


def x_height(ink: Any, dpi: int) -> float | None:
    """The height of the page's lowercase letters in pixels. Letters without ascenders (а, в, е,
    и, н, о, п, с, т...) are most of Russian text, so a low percentile of the heights of
    letter-shaped blots of ink falls on them, below the capitals and ascenders."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    low, high = dpi * 1.0 / 25.4, dpi * 4.0 / 25.4  # 1-4 mm
    heights = [h for _, _, w, h, _ in stats[1:count] if low <= h <= high and 0.5 * h <= w <= 1.3 * h]
    if len(heights) < 50:
        return None
    return float(np.percentile(heights, 25))


def true_case(word: str, height: int, x_height: float | None) -> str:
    """Tesseract sometimes reads a word of x-height letters («постоянно») as capitals: a word in
    capitals no taller than the page's lowercase letters is lowercase."""
    if x_height and len(word) >= 3 and word.isupper() and word.isalpha() and height < 1.2 * x_height:
        return word.lower()
    return word


def join_split_words(words: list[str]) -> list[str]:
    """«с ентябрь» → «сентябрь»: a space read inside a word, undone when the dictionary knows the
    joined word and not the tail."""
    out: list[str] = []
    for word in words:
        if out and word.isalpha() and out[-1].isalpha() and word.islower() and not is_known(word) \
                and is_known(out[-1] + word):
            out[-1] += word
        else:
            out.append(word)
    return out


LOOK_ALIKE = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC_LETTER = re.compile(r"[А-Яа-яЁё]")
INITIALS = re.compile(r"^[A-ZА-ЯЁ]\.(?:[A-ZА-ЯЁ]\.?)?[,;]?$")


def cyrillic_look_alikes(word: str, russian_line: bool) -> str:
    """Latin letters Tesseract read for their Cyrillic twins: inside a Cyrillic word («Kузнецова»),
    or as initials in Russian text («H.M.» → «Н.М.»)."""
    if not LATIN.search(word) or LATIN.search(word.translate(LOOK_ALIKE)):
        return word
    if CYRILLIC_LETTER.search(word) or russian_line and INITIALS.match(word):
        return word.translate(LOOK_ALIKE)
    return word


# Letters Tesseract confuses in Russian print, each way
CONFUSIONS = {"н": "и", "и": "нп", "п": "н", "ц": "и", "ш": "щ", "щ": "ш", "е": "с", "с": "е", "л": "п", "ь": "ъ"}
WORD_IN_TOKEN = re.compile(r"^(?P<lead>\W*)(?P<word>[а-яё]{4,})(?P<tail>\W*)$")


def shouted(words: list[str]) -> list[str]:
    """«Мониторинговые ВИЗИТЫ»: a dictionary word in capitals among lower-case words was read in
    the wrong case (an abbreviation is no dictionary word and stays)."""
    lower = sum(w[:1].isalpha() and not w.isupper() for w in words)
    if not lower:
        return words
    return [w.lower() if len(w) >= 4 and w.isalpha() and w.isupper() and is_known(w.lower()) else w for w in words]


def mend_confusion(token: str) -> str:
    """A word the dictionary does not know, one confused letter away from exactly one word it
    does («перноде» → «периоде»)."""
    m = WORD_IN_TOKEN.match(token)
    if not m or is_known(m.group("word")):
        return token
    word = m.group("word")
    found = {word[:i] + other + word[i + 1 :] for i, ch in enumerate(word) for other in CONFUSIONS.get(ch, "")}
    known = [w for w in found if is_known(w)]
    return f"{m.group('lead')}{known[0]}{m.group('tail')}" if len(known) == 1 else token


def straight_quotes(text: str) -> str:
    """Quotes opened straight («"Обеспечение …») are closed straight: Tesseract reads the closing one curly."""
    return text.replace("”", '"').replace("“", '"') if '"' in text else text


GLUED_PREPOSITION = re.compile(r"^(?P<abbr>[А-ЯЁ]{2,})(?P<prep>[вкс]|во|ко|со|на|по|из|до|для|и)$")


def split_glued_preposition(word: str) -> list[str]:
    """A space Tesseract lost between an abbreviation and a short word: «ВПРв» → «ВПР в», «ООс» → «ОО с»."""
    m = GLUED_PREPOSITION.match(word)
    return [m.group("abbr"), m.group("prep")] if m else [word]


def recognized_text(api: Any, ink: Any, page_x_height: float | None = None) -> str:
    """The text of the last recognition (lines joined by «\\n»), dashes told apart, case and split
    words mended; `ink` is the binary image that was recognized (ink 255)."""
    import tesserocr

    iterator = api.GetIterator()
    if iterator is None:
        return ""
    symbol_level, word_level, line_level = tesserocr.RIL.SYMBOL, tesserocr.RIL.WORD, tesserocr.RIL.TEXTLINE
    lines: list[list[tuple[str, int]]] = []  # words with their heights
    line_height = 0
    while True:
        try:
            if not lines or iterator.IsAtBeginningOf(line_level):
                box = iterator.BoundingBox(line_level)
                line_height = box[3] - box[1] if box else 0
                lines.append([])
            if not lines[-1] or iterator.IsAtBeginningOf(word_level):
                box = iterator.BoundingBox(word_level)
                lines[-1].append(("", box[3] - box[1] if box else 0))
            symbol = iterator.GetUTF8Text(symbol_level)
        except RuntimeError:  # an empty element
            symbol = ""
        if symbol in DASHES and line_height:
            # a line of small letters only has a low box: measure against the page's letters too
            height = max(line_height, round(LINE_PER_X_HEIGHT * page_x_height)) if page_x_height else line_height
            box = iterator.BoundingBox(symbol_level)
            length = bar_length(ink, box, height) if box else None
            symbol = dash_by_length(length, height) if length else symbol
        word, height = lines[-1][-1]
        lines[-1][-1] = (word + (symbol or ""), height)
        if not iterator.Next(symbol_level):
            break
    out = []
    every = [w for line in lines for w, _ in line]
    cyrillic = sum(bool(CYRILLIC_LETTER.search(w)) for w in every)
    russian = cyrillic > 0 and cyrillic >= sum(bool(LATIN.search(w)) for w in every)  # the cell or block is Russian
    for line in lines:
        words = shouted(join_split_words([mend_confusion(part) for w, h in line if w.strip() for part in split_glued_preposition(
            cyrillic_look_alikes(true_case(w, h, page_x_height), russian))]))
        if words:
            out.append(" ".join(words))
    return straight_quotes("\n".join(out))
