"""`make bench`: bulk import of generated orders with -j 1 and -j 2 in one run.

Reports files/s, pages/s, the speed-up (target >= 1.7x on 2 cores) and the peak memory of each
worker process at 100 and at 300 files (target: flat as the batch grows). Memory is sampled
from /proc while the import runs, from outside the tool.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.pool import rss_mb  # noqa: E402

SAMPLES = ROOT / "samples"
SPEEDUP_TARGET = 1.7


def generate(folder: Path, count: int) -> None:
    """Distinct orders from the samples: text, DOCX and PDF, each made unique by trailing bytes."""
    sources = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".pdf"))
    folder.mkdir(parents=True)
    for i in range(count):
        source = sources[i % len(sources)]
        tail = b"\n" * (i + 1) if source.suffix == ".txt" else f"\n%{i}\n".encode()
        (folder / f"{i:04d}-{source.name}").write_bytes(source.read_bytes() + tail)


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


def run(src: Path, out: Path, jobs: int) -> tuple[float, int, float]:
    """Wall seconds, pages, and the highest RSS any worker process reached (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", "import", str(src), "--out-dir", str(out),
                             "-j", str(jobs), "--no-progress"], cwd=ROOT, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        peak = max([peak] + [rss_mb(pid) for pid in children(proc.pid) if pid != proc.pid])
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    pages = 0
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        pages += json.loads(line).get("pages") or 0
    return seconds, pages, peak


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
        print("import: generated orders (text and PDF)")
        for (count, jobs), (seconds, pages, peak) in figures.items():
            print(f"  {count} files -j {jobs}: {seconds:6.1f} s  {count / seconds:5.2f} files/s  "
                  f"{pages / seconds:5.1f} pages/s  peak worker RSS {peak:5.0f} MiB")
        speedup = figures[(300, 1)][0] / figures[(300, 2)][0]
        print(f"  speed-up -j 2 / -j 1 on 300 files: {speedup:.2f}x (target >= {SPEEDUP_TARGET}x: "
              f"{'met' if speedup >= SPEEDUP_TARGET else 'MISSED'})")
        growth = figures[(300, 2)][2] / figures[(100, 2)][2]
        print(f"  worker memory 300 vs 100 files: {growth:.2f}x (target: flat)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
