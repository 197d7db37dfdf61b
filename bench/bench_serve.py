"""`make bench`: `roadmap serve` under load on loopback, next to `roadmap parse` of the same files.

200 small born-digital uploads (the text and DOCX samples made distinct: each copy its own bytes,
so nothing is answered from the catalog) sent 200 at once, plus 10 scans (the scanned samples with
distinct trailing bytes) sent at the same time and followed through their jobs. Every upload must be
accounted for: a 200 with a JSON whose sha256 is the file's, or a 202 whose job ends done. Reported:
p50 and p95 latency of the inline uploads, of the scans (upload to job done), the throughput, and
the ratio of the server's wall time to `roadmap parse` of the same files in one process (the same
code, no HTTP, no catalog, one core) — in the same run.
"""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from serving import served  # noqa: E402

SMALL, SCANS, JOBS = 200, 10, 2


def distinct(source: Path, k: int, folder: Path) -> Path:
    target = folder / f"{source.stem}-{k:03d}{source.suffix}"
    if source.suffix == ".docx":  # one more, unreferenced part in the package
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for item in old.infolist():
                new.writestr(item, old.read(item))
            new.writestr(f"bench/{k}.txt", str(k))
        return target
    data = source.read_bytes()
    # a text with one more blank-separated line, a PDF with a comment after its end: other bytes
    target.write_bytes(data + (f"\n\n{k}\n".encode() if source.suffix == ".txt" else b"\n%" + str(k).encode() + b"\n"))
    return target


def inputs(folder: Path) -> tuple[list[Path], list[Path]]:
    small = sorted((ROOT / "samples").glob("00?_*.txt")) + sorted((ROOT / "samples").glob("00?_*.docx"))
    scans = sorted((ROOT / "samples").glob("*.scan.pdf"))
    return ([distinct(small[k % len(small)], k, folder) for k in range(SMALL)],
            [distinct(scans[k % len(scans)], k, folder) for k in range(SCANS)])


async def upload(client: httpx.AsyncClient, path: Path) -> tuple[float, bool]:
    start = time.perf_counter()
    data = path.read_bytes()
    response = await client.post("/v1/documents", files={"file": (path.name, data)})
    if response.status_code == 202:
        job = response.json()["job_id"]
        while (state := (await client.get(f"/v1/jobs/{job}")).json())["status"] not in ("done", "failed"):
            await asyncio.sleep(0.5)
        ok = state["status"] == "done" and state["sha256"] == hashlib.sha256(data).hexdigest()
    else:
        ok = response.status_code == 200 and response.json()["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    return time.perf_counter() - start, ok


async def load(url: str, token: str, small: list[Path], scans: list[Path]) -> tuple[list[tuple[float, bool]], ...]:
    limits = httpx.Limits(max_connections=SMALL + SCANS)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=3600,
                                 limits=limits) as client:
        results = await asyncio.gather(*(upload(client, p) for p in scans + small))
    return results[SCANS:], results[:SCANS]


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, scans = inputs(folder)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipelines", "parse", *map(str, small + scans), "--out-dir",
                        str(folder / "parsed")], check=False, capture_output=True)
        parse_seconds = time.perf_counter() - start
        with served(folder / "serve", (), None, "-j", str(JOBS)) as s:
            start = time.perf_counter()
            inline, jobs = asyncio.run(load(s.url, s.token, small, scans))
            wall = time.perf_counter() - start
    lost = sum(not ok for _, ok in inline + jobs)
    inline_s, jobs_s = [t for t, _ in inline], [t for t, _ in jobs]
    print(f"serve: {SMALL} uploads + {SCANS} scans at once, -j {JOBS}: {wall:.1f} s, "
          f"{(SMALL + SCANS) / wall:.2f} files/s; lost or wrong: {lost}")
    print(f"  inline uploads: p50 {pct(inline_s, 50):.2f} s, p95 {pct(inline_s, 95):.2f} s")
    print(f"  scans (upload to job done): p50 {pct(jobs_s, 50):.1f} s, p95 {pct(jobs_s, 95):.1f} s")
    print(f"roadmap parse of the same {SMALL + SCANS} files in one process: {parse_seconds:.1f} s; "
          f"server/parse wall time: {wall / parse_seconds:.2f}x")
    if lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
