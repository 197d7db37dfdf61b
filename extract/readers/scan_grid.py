"""Ruled tables in a page image: the ruling lines exist only in the pixels.

Long horizontal and vertical runs of ink (a morphological opening with a line-shaped kernel longer
than any letter) are the rulings; a large connected set of them is a table; the enclosed white
regions inside it are its cells, so a merged cell comes out as one larger region. The rulings are
then painted out of the image so that OCR does not read them as «|» or «_».
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extract.readers.raster import Image

LINE_MM = 8.0  # a ruling is an ink run longer than this (letters are ~3 mm)
MIN_TABLE_WIDTH, MIN_TABLE_HEIGHT = 0.3, 0.03  # shares of the page
MIN_CELL_MM = 1.5
PixelBox = tuple[int, int, int, int]  # x0, top, x1, bottom


@dataclass(frozen=True)
class PageGrid:
    tables: list[tuple[PixelBox, list[PixelBox]]]  # each table's box and its cells' boxes
    rulings: Image  # 255 where a ruling is


def mm(dpi: int, value: float) -> int:
    return max(1, round(value * dpi / 25.4))


def rulings(image: Image, dpi: int) -> Image:
    ink = cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    length = mm(dpi, LINE_MM)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    # close small breaks along each line (JPEG, faint toner) so cells stay enclosed
    gap = mm(dpi, 1.0)
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    lines: Image = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    return lines


def cells_in(lines: Image, box: PixelBox, min_cell: int) -> list[PixelBox]:
    """The white regions enclosed by rulings inside one table box, grown by the rulings' half width
    so neighbouring cells share their edges."""
    x0, top, x1, bottom = box
    inside = cv2.bitwise_not(lines[top:bottom, x0:x1])
    count, _, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=4)
    h, w = inside.shape
    out = []
    for left, upper, width, height, _ in stats[1:count]:
        touches_border = left == 0 or upper == 0 or left + width >= w or upper + height >= h
        if touches_border or width < min_cell or height < min_cell:
            continue
        grow = 2
        out.append((int(x0 + left - grow), int(top + upper - grow), int(x0 + left + width + grow), int(top + upper + height + grow)))
    return sorted(out, key=lambda b: (b[1], b[0]))


def find_tables(image: Image, dpi: int) -> PageGrid:
    lines = rulings(image, dpi)
    h, w = image.shape
    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    tables = []
    for left, top, width, height, _ in stats[1:count]:
        if width < w * MIN_TABLE_WIDTH or height < h * MIN_TABLE_HEIGHT:
            continue
        box = (int(left), int(top), int(left + width), int(top + height))
        cells = cells_in(lines, box, mm(dpi, MIN_CELL_MM))
        if len(cells) >= 2:
            tables.append((box, cells))
    return PageGrid(sorted(tables, key=lambda t: t[0][1]), lines)


def without_rulings(image: Image, grid: PageGrid) -> Image:
    clean = image.copy()
    clean[grid.rulings > 0] = 255
    return clean
