"""Build the scanned samples from the born-digital PDF samples (`make scans`).

Each seed's PDF is rasterized at 200 dpi in grey, rotated by up to ±1.5°, blurred and noised a
little, JPEG-compressed at quality 60-75 and put back into an image-only PDF: `<seed>.scan.pdf`.
One mixed PDF takes its first page from such a scan and the rest from the born-digital file:
`<seed>.mixed.pdf`. Every random choice is seeded by the file name, so a rebuild gives the same
degradation (the bytes may still differ with another Pillow).
"""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageFilter
from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent
SEEDS = ["000_99be7f6383da38e8", "001_79645f60140932b3", "003_428be283de85d631", "004_8441008dc737254c"]
MIXED = "001_79645f60140932b3"
DPI = 200


def degrade(page: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.uniform(-1.5, 1.5)
    image = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    pixels = np.asarray(image, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(1, 2), pixels.shape)
    grey = np.clip(pixels * 0.92 + 12 + noise, 0, 255).astype(np.uint8)  # a grey, not quite white, paper
    buffer = io.BytesIO()
    Image.fromarray(grey, "L").save(buffer, "JPEG", quality=rng.randint(60, 75))
    return Image.open(io.BytesIO(buffer.getvalue()))


def scan(pdf: Path) -> list[Image.Image]:
    rng = random.Random(hashlib.sha256(pdf.name.encode()).hexdigest())
    document = pypdfium2.PdfDocument(str(pdf))
    pages = [document[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    document.close()
    return [degrade(page, rng) for page in pages]


def write_pdf(images: list[Image.Image], target: Path) -> None:
    """An image-only PDF: each page one JPEG (DCTDecode) at DPI."""
    images[0].save(target, "PDF", resolution=DPI, save_all=True, append_images=images[1:], quality=70)


def mixed(seed: str) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(HERE / f"{seed}.scan.pdf"), pages=(0, 1))
    born = PdfReader(HERE / f"{seed}.pdf")
    writer.append(born, pages=(1, len(born.pages)))
    with (HERE / f"{seed}.mixed.pdf").open("wb") as fh:
        writer.write(fh)


def main() -> None:
    for seed in SEEDS:
        target = HERE / f"{seed}.scan.pdf"
        write_pdf(scan(HERE / f"{seed}.pdf"), target)
        print(f"{target.name}: {target.stat().st_size // 1024} KiB")
    mixed(MIXED)
    print(f"{MIXED}.mixed.pdf: {(HERE / f'{MIXED}.mixed.pdf').stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
