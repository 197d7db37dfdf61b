"""Page images for OCR: a PDF page rendered in grey at a given dpi, deskewed and lightly denoised.

pdfium is not thread-safe: render pages one at a time, then OCR them in parallel. No page image
is larger than MAX_PIXELS: a page too large for the dpi asked is rendered at the dpi that fits
(`fitting_dpi`), one that does not fit at MIN_DPI is not rendered at all (a 1.6 KB PDF can declare
a page of 200 × 200 inches: 3.6 gigapixels at 300 dpi).
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[Any]  # a grey page (uint8); OpenCV's stubs type its results loosely
MAX_SKEW = 3.0  # degrees searched either way
SKEW_STEP = 0.1
SKEW_SCALE = 0.5  # the skew search runs on a half-size image


# Pixels of one page image: A4 at 600 dpi is ~35 MP. The OCR steps hold several images of its size:
# a blank page at this bound peaks at ~750 MB (measured), and two pages are read at once.
MAX_PIXELS = 60_000_000
MIN_DPI = 72  # below this Tesseract reads no body text: a page that fits only below it is not read
MAX_PAGE_INCHES = 200.0  # PDF's own bound on a page side (14,400 units of 1/72 in)
MIN_PAGE_INCHES = 0.5  # a side shorter than this holds no line of text (and shrinks to nothing in OCR's half-size steps)


def pixels(width_pt: float, height_pt: float, dpi: int) -> int:
    """The pixels pdfium allocates for a page of this size (points) at `dpi`."""
    return math.ceil(width_pt * dpi / 72) * math.ceil(height_pt * dpi / 72)


def fitting_dpi(width_pt: float, height_pt: float, dpi: int) -> int | None:
    """The dpi to render a page at: `dpi`, or the highest lower one whose image stays within
    MAX_PIXELS; None when not even MIN_DPI fits, or a side is not within MIN_PAGE_INCHES..MAX_PAGE_INCHES."""
    low, high = MIN_PAGE_INCHES * 72, MAX_PAGE_INCHES * 72
    if not (low <= width_pt <= high and low <= height_pt <= high):  # also NaN
        return None
    fit = min(dpi, math.floor(72 * math.sqrt(MAX_PIXELS / (width_pt * height_pt))))
    while fit >= MIN_DPI and pixels(width_pt, height_pt, fit) > MAX_PIXELS:
        fit -= 1  # pdfium rounds each side up
    return fit if fit >= MIN_DPI else None


def render(page: Any, dpi: int) -> Image:
    """One pypdfium2 page → a grey image at `dpi` (within MAX_PIXELS: callers pick the dpi with
    `fitting_dpi`; a larger request is a bug, refused before pdfium allocates)."""
    width, height = page.get_size()
    if pixels(width, height, dpi) > MAX_PIXELS:
        raise ValueError(f"a page of {width:g} × {height:g} pt at {dpi} dpi is over {MAX_PIXELS:,} pixels")
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    pil = bitmap.to_pil().convert("L")
    return np.asarray(pil, dtype=np.uint8).copy()


def binary_ink(image: Image) -> Image:
    """Ink as 255 on 0, by Otsu's threshold."""
    return cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]


def rotate(image: Image, angle: float, border: int, interpolation: int = cv2.INTER_CUBIC) -> Image:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=interpolation, borderValue=border)


def skew_angle(image: Image) -> float:
    """The rotation (degrees) that makes text lines and rulings horizontal: the angle whose row
    profile of ink is sharpest (largest variance), searched coarse then fine."""
    small = cv2.resize(image, None, fx=SKEW_SCALE, fy=SKEW_SCALE, interpolation=cv2.INTER_AREA)
    ink = binary_ink(small)
    if not ink.any():
        return 0.0

    def sharpness(angle: float) -> float:
        rows = rotate(ink, angle, 0, cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        return float(np.var(rows))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    fine = np.arange(coarse - 0.5, coarse + 0.5 + 1e-9, SKEW_STEP)
    return round(float(max(fine, key=sharpness)), 2)


def prepare(image: Image) -> tuple[Image, float]:
    """Deskew and remove salt-and-pepper noise; returns the image and the angle it was turned by."""
    angle = skew_angle(image)
    if abs(angle) >= SKEW_STEP / 2:
        image = rotate(image, angle, 255)
    return cv2.medianBlur(image, 3), angle


def sideways(ink: Image, dpi: int) -> bool:
    """Whether the text runs top to bottom: smearing the ink sideways by a letter's width joins
    letters into flat word blobs on an upright page, smearing it downwards does so on a page
    turned by a quarter (measured on the samples: the ratio is 4.8-142 upright, 0-0.2 turned)."""
    reach = max(1, round(dpi / 25.4))  # 1 mm
    flat = tall = 0
    for kernel in (np.ones((1, reach), np.uint8), np.ones((reach, 1), np.uint8)):
        count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, kernel), connectivity=8)
        for _, _, w, h, _ in stats[1:count]:
            flat += kernel.shape[1] > 1 and w > 3 * h and h >= reach
            tall += kernel.shape[0] > 1 and h > 3 * w and w >= reach
    return tall > flat
