"""Bulk import: discover files, de-duplicate by SHA-256, resume from the manifest, run the
workers, write the catalog and the manifest, summarize.

Order of writes for each file: its JSON (atomic), its catalog rows (one transaction), then its
manifest line (fsync). A kill at any moment leaves at most one file half-recorded, and the rerun
redoes exactly that file, idempotently.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.catalog import engine_for, migrate, store
from pipelines.parse import Options
from pipelines.progress import Progress
from pipelines.worker import Outcome, Task, manifest_record
from schemas.errors import InputError, RoadmapError

MANIFEST = "manifest.jsonl"
FAILURES = "failures.jsonl"
DONE = {"ok", "partial", "failed", "skipped"}


def exit_code_of(error_code: str | None) -> int:
    """The documented exit code a failed record stands for."""
    if not error_code:
        return 0
    codes = {cls.code: cls.exit_code for cls in all_errors(RoadmapError)}
    codes |= {"E_TIMEOUT": InputError.exit_code, "E_MEMORY": InputError.exit_code, "E_CRASH": 1, "E_BUG": 1}
    return codes.get(error_code, 1)


def all_errors(cls: type[RoadmapError]) -> Iterator[type[RoadmapError]]:
    yield cls
    for sub in cls.__subclasses__():
        yield from all_errors(sub)


def discover(sources: Iterable[Path], skip: Path) -> list[Path]:
    """Every regular file under the sources (hidden files and the output folder left out)."""
    found: set[Path] = set()
    for source in sources:
        if source.is_file():
            found.add(source.resolve())
            continue
        for root, dirs, files in os.walk(source):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and Path(root, d).resolve() != skip)
            found.update(Path(root, f).resolve() for f in files if not f.startswith("."))
    return sorted(found)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Manifest:
    """DIR/manifest.jsonl: one JSON line per finished file; the last line for a path wins."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, dict[str, Any]] = {}
        if path.exists():
            self.load()
        self.fh = path.open("a", encoding="utf-8")

    def load(self) -> None:
        good = 0
        with self.path.open("rb") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                except ValueError:
                    break  # a line cut by a kill: dropped, that file is redone
                self.records[record["path"]] = record
                good += len(line)
        with self.path.open("r+b") as fh:
            fh.truncate(good)

    def append(self, record: dict[str, Any]) -> None:
        self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.records[record["path"]] = record

    def close(self) -> None:
        self.fh.close()


@dataclass
class Plan:
    tasks: list[Task] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0


def plan_batch(files: list[Path], manifest: Manifest, out_dir: Path, options: Options,
               force: bool, retry_failed: bool) -> Plan:
    plan = Plan()
    done_by_sha = {r["sha256"]: p for p, r in manifest.records.items() if r["status"] != "skipped"}
    claimed: dict[str, str] = {}
    for path in files:
        key, sha = str(path), sha256_of(path)
        old = manifest.records.get(key)
        redo = force or (retry_failed and old is not None and old["status"] == "failed")
        if old and old["sha256"] == sha and not redo:
            plan.already += 1
            continue
        original = claimed.get(sha) or (done_by_sha.get(sha) if not force else None)
        if original and original != key:
            plan.duplicates.append(manifest_record(key, sha, "skipped", "W_DUPLICATE", f"same content as {original}"))
            continue
        claimed[sha] = key
        plan.tasks.append(Task(key, sha, str(out_dir), options))
    return plan


@dataclass
class Summary:
    counts: dict[str, int]  # the final state of every file of this import, this run's and earlier
    processed: int  # files done in this run
    already: int  # files an earlier run had done
    exit_code: int
    failures: Path


def run_outcomes(plan: Plan, jobs: int, engine: str, address: str | None,
                 time_limit: float, memory_mb: float) -> Iterator[Outcome]:
    if engine == "ray":
        from pipelines.ray_engine import run_ray

        return run_ray(plan.tasks, address, time_limit)
    from pipelines.pool import LocalPool

    return LocalPool(jobs, time_limit, memory_mb).run(plan.tasks)


def import_batch(sources: list[Path], out_dir: Path, catalog: str | None = None, jobs: int = 1,
                 engine: str = "local", address: str | None = None, force: bool = False,
                 retry_failed: bool = False, time_limit: float = 300.0, memory_mb: float = 3072.0,
                 options: Options | None = None, progress: Progress | None = None) -> Summary:
    out_dir.mkdir(parents=True, exist_ok=True)
    db = engine_for(catalog or str(out_dir / "catalog.sqlite"))
    migrate(db)
    manifest = Manifest(out_dir / MANIFEST)
    files = discover(sources, out_dir.resolve())
    plan = plan_batch(files, manifest, out_dir, options or Options(), force, retry_failed)
    progress = progress or Progress(0, enabled=False)
    progress.total = len(plan.tasks) + len(plan.duplicates)
    processed = 0
    try:
        for record in plan.duplicates:
            manifest.append(record)
            progress.update(record)
        for outcome in run_outcomes(plan, jobs, engine, address, time_limit, memory_mb):
            store(db, outcome.record, outcome.result)
            manifest.append(outcome.record)
            progress.update(outcome.record)
            processed += 1
    finally:
        manifest.close()
        progress.close()
        db.dispose()
    final = [manifest.records[str(p)] for p in files if str(p) in manifest.records]
    counts = {status: sum(r["status"] == status for r in final) for status in ("ok", "partial", "failed", "skipped")}
    failures = out_dir / FAILURES
    failed = [r for r in final if r["status"] == "failed"]
    failures.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in failed), encoding="utf-8")
    worst = max((exit_code_of(r["error_code"]) for r in failed), default=0)
    return Summary(counts, processed + len(plan.duplicates), plan.already, worst, failures)

