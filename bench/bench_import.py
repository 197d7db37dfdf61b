"""`make bench`: bulk import of generated orders with -j 1 and -j 2 in one run.

Inputs are pinned by kind, so the figures do not drift as samples are added: text renditions and
born-digital PDFs and DOCX files (`KINDS`) for the main figures, and the scanned PDFs apart (OCR
costs a hundred times more per page). Reports files/s, pages/s and seconds per file for each kind,
the speed-up (target >= 1.7x on 2 cores) and the peak memory of each worker process at 100 and at
300 files (target: flat as the batch grows). Memory is sampled from /proc while the import runs,
from outside the tool.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.pool import rss_mb  # noqa: E402

SAMPLES = ROOT / "samples"
SPEEDUP_TARGET = 1.7


SEEDS = ["000_99be7f6383da38e8", "001_79645f60140932b3", "003_428be283de85d631", "004_8441008dc737254c"]
KINDS = {
    "text": [SAMPLES / f"{seed}.txt" for seed in SEEDS],
    "born-digital": [SAMPLES / f"{seed}.{ext}" for seed in SEEDS for ext in ("pdf", "docx")],
    "scanned": [SAMPLES / f"{seed}.scan.pdf" for seed in SEEDS],
}
SCANNED_FILES = 8


def kind_of(name: str) -> str:
    return "scanned" if ".scan." in name else "text" if name.endswith(".txt") else "born-digital"


def generate(folder: Path, count: int, kinds: tuple[str, ...] = ("text", "born-digital")) -> None:
    """Distinct orders from the pinned samples of `kinds`, each made unique by trailing bytes."""
    sources = [p for kind in kinds for p in KINDS[kind]]
    folder.mkdir(parents=True)
    for i in range(count):
        source = sources[i % len(sources)]
        target = folder / f"{i:04d}-{source.name}"
        if source.suffix == ".docx":  # a zip: made unique by its archive comment
            with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    zout.writestr(item, zin.read(item.filename))
                zout.comment = str(i).encode()
            continue
        tail = b"\n" * (i + 1) if source.suffix == ".txt" else f"\n%{i}\n".encode()
        target.write_bytes(source.read_bytes() + tail)


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return out


def run(src: Path, out: Path, jobs: int) -> tuple[float, int, float, dict[str, list[float]]]:
    """Wall seconds, pages, the highest RSS any worker process reached (MiB), and each kind's
    seconds per file (from the manifest)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", "import", str(src), "--out-dir", str(out),
                             "-j", str(jobs), "--no-progress"], cwd=ROOT, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        peak = max([peak] + [rss_mb(pid) for pid in children(proc.pid) if pid != proc.pid])
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    pages = 0
    per_kind: dict[str, list[float]] = {}
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        pages += record.get("pages") or 0
        per_kind.setdefault(kind_of(record["path"]), []).append(record["seconds"])
    return seconds, pages, peak, per_kind


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    try:
        figures = {}
        for count in (100, 300):
            generate(work / f"src{count}", count)
            for jobs in (1, 2):
                if count == 100 and jobs == 1:
                    continue
                figures[(count, jobs)] = run(work / f"src{count}", work / f"out{count}-{jobs}", jobs)
        generate(work / "scans", SCANNED_FILES, ("scanned",))
        for jobs in (1, 2):
            figures[(SCANNED_FILES, jobs)] = run(work / "scans", work / f"scans-{jobs}", jobs)
        print("import: generated orders (pinned: text, born-digital PDF and DOCX; scanned PDFs apart)")
        for (count, jobs), (seconds, pages, peak, per_kind) in figures.items():
            kinds = ", ".join(f"{kind} {sum(s) / len(s):.2f} s/file" for kind, s in sorted(per_kind.items()))
            print(f"  {count} files -j {jobs}: {seconds:6.1f} s  {count / seconds:5.2f} files/s  "
                  f"{pages / seconds:5.1f} pages/s  peak worker RSS {peak:5.0f} MiB  ({kinds})")
        scans = figures[(SCANNED_FILES, 1)][0] / figures[(SCANNED_FILES, 2)][0]
        print(f"  speed-up -j 2 / -j 1 on {SCANNED_FILES} scanned files: {scans:.2f}x")
        speedup = figures[(300, 1)][0] / figures[(300, 2)][0]
        print(f"  speed-up -j 2 / -j 1 on 300 files: {speedup:.2f}x (target >= {SPEEDUP_TARGET}x: "
              f"{'met' if speedup >= SPEEDUP_TARGET else 'MISSED'})")
        growth = figures[(300, 2)][2] / figures[(100, 2)][2]
        print(f"  worker memory 300 vs 100 files: {growth:.2f}x (target: flat)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
