"""A mutation fuzzer over the sample PDFs and DOCX files, in the spirit of the corpora of broken
PDFs that ocrmypdf and pdf.js test against: bytes flipped, cut, doubled; PDF numbers and keys
that matter (/MediaBox, /Length, /Width…) made absurd or dropped; DOCX members swapped, dropped,
corrupted in their deflate stream, their XML attributes made absurd and their rows multiplied.

Each mutant is parsed the way `roadmap import` parses a file (pipelines.pool: one worker process
per core, a time limit and a memory limit per file), and the run is judged by the exit code each
file stands for. The bar: no exit 1 (a bug), no E_TIMEOUT, no E_MEMORY.

    python tests/fuzzing.py --count 1000 --seed 1        # what `make fuzz` runs
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.batch import exit_code_of  # noqa: E402
from pipelines.parse import Options  # noqa: E402
from pipelines.pool import LocalPool  # noqa: E402
from pipelines.worker import Task  # noqa: E402

SAMPLES = ROOT / "samples"
ABSURD = [b"0", b"-1", b"1e6", b"99999999", b"2147483648", b"-2147483649", b"abc", b"1000000", b"0.0001", b""]
ABSURD_XML = ["abc", "-1", "0", "100000000", "10000000", "99999999999999999999", "", "1e9", "\u0000"]
PDF_KEYS = [b"/MediaBox", b"/CropBox", b"/Length", b"/Width", b"/Height", b"/W", b"/Size", b"/Count", b"/First",
            b"/N", b"/BitsPerComponent", b"/Rotate", b"/FontMatrix", b"/DecodeParms", b"/Columns", b"/Predictor"]
Mutator = Callable[[random.Random, bytes], bytes]


def sources() -> list[Path]:
    """Born-digital PDFs and DOCX files: the scans cost OCR time without reaching other code."""
    files = sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*.docx")) + sorted((SAMPLES / "layouts").glob("*.docx"))
    return [f for f in files if ".scan." not in f.name and ".mixed." not in f.name]


# --- byte mutators, for any file -------------------------------------------------------------

def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def delete_chunk(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096):]


def duplicate_chunk(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 4096)]
    return data[:start] + chunk * rng.randint(2, 8) + data[start:]


def insert_junk(rng: random.Random, data: bytes) -> bytes:
    junk = rng.choice([b"\x00" * 64, b"(" * 500, b"<<" * 300, b"[" * 300, b"%%EOF", b"endobj", b"stream\n",
                       bytes(rng.randrange(256) for _ in range(64))])
    at = rng.randrange(len(data))
    return data[:at] + junk + data[at:]


# --- PDF mutators ----------------------------------------------------------------------------

def absurd_number(rng: random.Random, data: bytes) -> bytes:
    """A number after a key that sizes something, made absurd (a 1e6 pt page, a negative length)."""
    key = re.escape(rng.choice(PDF_KEYS))
    hits = list(re.finditer(key + rb"\s*\[?\s*(-?[\d.]+)", data))
    if not hits:
        return flip_bytes(rng, data)
    hit = rng.choice(hits)
    return data[:hit.start(1)] + rng.choice(ABSURD) + data[hit.end(1):]


def drop_key(rng: random.Random, data: bytes) -> bytes:
    """A key and its value removed («a page with no /MediaBox»)."""
    key = re.escape(rng.choice(PDF_KEYS + [b"/Root", b"/Pages", b"/Kids", b"/Resources", b"/Font", b"/Filter"]))
    return re.sub(key + rb"\s*(\[[^\]]*\]|<<[^>]*>>|/\w+|[\d.\s]+R|[\d.]+)", b"", data, count=rng.randint(1, 3))


# --- DOCX mutators ---------------------------------------------------------------------------

def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_member(rng: random.Random, data: bytes, change: Callable[[random.Random, bytes], bytes]) -> bytes:
    parts = members(data)
    name = "word/document.xml" if rng.random() < 0.7 and "word/document.xml" in parts else rng.choice(sorted(parts))
    parts[name] = change(rng, parts[name])
    return zipped(parts)


def absurd_attribute(rng: random.Random, xml: bytes) -> bytes:
    """w:val, w:w, gridSpan, gridBefore, numId… set to something absurd."""
    hits = list(re.finditer(rb'w:(?:val|w|gridSpan|gridBefore|ilvl|numId|type)="([^"]*)"', xml))
    for hit in rng.sample(hits, min(len(hits), rng.randint(1, 5)))[::-1] if hits else []:
        xml = xml[:hit.start(1)] + rng.choice(ABSURD_XML).encode() + xml[hit.end(1):]
    return xml


def multiply_rows(rng: random.Random, xml: bytes) -> bytes:
    rows = list(re.finditer(rb"<w:tr[ >].*?</w:tr>", xml, re.S))
    if not rows:
        return xml
    row = rng.choice(rows)
    return xml[:row.end()] + row.group(0) * rng.randint(2, 200) + xml[row.end():]


def drop_element(rng: random.Random, xml: bytes) -> bytes:
    tag = rng.choice([b"w:body", b"w:tbl", b"w:tr", b"w:tc", b"w:tblGrid", b"w:tcPr", b"w:p", b"w:sectPr"])
    return re.sub(rb"<" + tag + rb"[ >].*?</" + tag + rb">", b"", xml, count=rng.randint(1, 3), flags=re.S)


def mutate_docx(rng: random.Random, data: bytes) -> bytes:
    kind = rng.choice(["attribute", "rows", "element", "bytes", "swap", "drop", "deflate", "root"])
    if kind == "attribute":
        return docx_member(rng, data, absurd_attribute)
    if kind == "rows":
        return docx_member(rng, data, multiply_rows)
    if kind == "element":
        return docx_member(rng, data, drop_element)
    if kind == "bytes":
        return docx_member(rng, data, flip_bytes)
    parts = members(data)
    names = sorted(parts)
    if kind == "swap":
        a, b = rng.sample(names, 2)
        parts[a], parts[b] = parts[b], parts[a]
    elif kind == "drop":
        del parts[rng.choice(names)]
    elif kind == "root":
        parts["word/document.xml"] = rng.choice([b"<x/>", b"<w:document xmlns:w='http://schemas.openxmlformats.org/"
                                                 b"wordprocessingml/2006/main'/>", b"", b"<?xml version='1.0'?><a>"])
    else:  # a deflate stream corrupted inside the archive: the zip's structure stays valid
        return corrupt_deflate(rng, zipped(parts))
    return zipped(parts)


def corrupt_deflate(rng: random.Random, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice([i for i in archive.infolist() if i.compress_size > 16])
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for _ in range(8):
        out[start + rng.randrange(info.compress_size)] = rng.randrange(256)
    return bytes(out)


def mutate(rng: random.Random, path: Path) -> bytes:
    """A mutant that differs from its source (a mutator that found nothing to change is tried again)."""
    data = path.read_bytes()
    for _ in range(8):
        mutant = mutate_once(rng, path, data)
        if mutant != data:
            return mutant
    return flip_bytes(rng, data)


def mutate_once(rng: random.Random, path: Path, data: bytes) -> bytes:
    if path.suffix == ".docx" and rng.random() < 0.8:
        return mutate_docx(rng, data)
    pdf: list[Mutator] = [absurd_number, absurd_number, drop_key] if path.suffix == ".pdf" else []
    generic: list[Mutator] = [flip_bytes, truncate, delete_chunk, duplicate_chunk, insert_junk]
    return rng.choice(pdf + generic)(rng, data)


# --- the run ---------------------------------------------------------------------------------

@dataclass
class Verdict:
    exit_codes: Counter[int]
    errors: Counter[str]
    bad: list[tuple[str, str, str]]  # (mutant, error code, message) for exit 1, timeouts, memory
    slowest: float
    seconds: float


BAD = {"E_BUG", "E_CRASH", "E_TIMEOUT", "E_MEMORY"}


def make_mutants(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    files = sources()
    out = []
    for i in range(count):
        source = files[i % len(files)]
        mutant = folder / f"{i:04d}-{source.stem}{source.suffix}"
        mutant.write_bytes(mutate(rng, source))
        out.append(mutant)
    return out


def run(count: int, seed: int, jobs: int = 2, time_limit: float = 60.0, memory_mb: float = 2048.0,
        keep: Path | None = None) -> Verdict:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="roadmap-fuzz-") as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        mutants = make_mutants(folder, count, seed)
        options = Options(max_pages=20, dpi=150)
        tasks = [Task(str(m), f"{i:064d}", tmp, options) for i, m in enumerate(mutants)]
        verdict = Verdict(Counter(), Counter(), [], 0.0, 0.0)
        for outcome in LocalPool(jobs, time_limit, memory_mb).run(tasks):
            record = outcome.record
            code = record["error_code"]
            verdict.exit_codes[exit_code_of(code) if record["status"] == "failed" else 0] += 1
            verdict.errors[code or record["status"]] += 1
            verdict.slowest = max(verdict.slowest, record["seconds"])
            if code in BAD:
                verdict.bad.append((Path(record["path"]).name, code, record["error_message"] or ""))
    verdict.seconds = time.monotonic() - started
    return verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the mutants here (to reproduce a failure)")
    args = parser.parse_args()
    verdict = run(args.count, args.seed, args.jobs, keep=args.keep)
    print(f"{args.count} mutants (seed {args.seed}) in {verdict.seconds:.0f} s; slowest file {verdict.slowest:.1f} s")
    print("by exit code: " + ", ".join(f"{code}: {n}" for code, n in sorted(verdict.exit_codes.items())))
    print("by outcome:   " + ", ".join(f"{code}: {n}" for code, n in verdict.errors.most_common()))
    for name, code, message in verdict.bad:
        print(f"BAD {name}: {code} {message}")
    sys.exit(1 if verdict.bad else 0)


if __name__ == "__main__":
    main()
