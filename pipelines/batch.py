"""Bulk import: discover files, de-duplicate by SHA-256, resume from the manifest, run the
workers, write the catalog and the manifest, summarize.

Order of writes for each file: its JSON (atomic), its catalog rows (one transaction), then its
manifest line (fsync). A kill at any moment leaves at most one file half-recorded, and the rerun
redoes exactly that file, idempotently.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.catalog import catalog_errors, open_catalog, store
from pipelines.output import display, stale_temp_files, write_atomic, writing
from pipelines.parse import Options
from pipelines.progress import Progress
from pipelines.worker import Outcome, Task, manifest_record, source_path, stopping_error
from schemas.errors import InputError, error_class

MANIFEST = "manifest.jsonl"
FAILURES = "failures.jsonl"
DONE = {"ok", "partial", "failed", "skipped"}
CATALOG = "catalog.sqlite"
OUTPUTS = "json"
# Why a discovered entry is not an input (status skipped, with this code and a reason).
NOT_A_FILE, LINK, UNREADABLE = "W_NOT_A_FILE", "W_LINK", "W_UNREADABLE"


def exit_code_of(error_code: str | None) -> int:
    """The documented exit code a failed record stands for (E_CRASH, E_BUG: 1)."""
    if not error_code:
        return 0
    cls = error_class(error_code)
    return cls.exit_code if cls else 1


@dataclass
class Found:
    """What discovery saw: the regular files to import, and every other entry with the reason it is not one."""

    files: set[Path] = field(default_factory=set)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, path: Path, code: str, reason: str) -> None:
        self.skipped.append(manifest_record(str(path), None, "skipped", code, reason))


def kind_of(mode: int) -> str:
    kinds = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
             stat.S_IFBLK: "a block device"}
    return kinds.get(stat.S_IFMT(mode), "not a regular file")


def ours(name: str) -> bool:
    """The names of our own outputs in an out-dir."""
    return name in (MANIFEST, FAILURES, OUTPUTS) or name.startswith(CATALOG)


def discover(sources: Iterable[Path], out_dir: Path) -> Found:
    """Every regular file under the sources, following links to folders once each; hidden entries,
    our own outputs and an out-dir nested in a source left out. FIFOs, sockets, devices, broken
    links, link loops and unreadable folders are recorded as skipped, never opened."""
    found = Found()
    seen: set[tuple[int, int]] = set()
    stack = [Path(os.path.abspath(s)) for s in sources]
    roots = set(stack)
    while stack:
        path = stack.pop()
        try:
            info = os.stat(path)  # follows links: a loop is ELOOP here
        except OSError as exc:
            why = "a link loop" if exc.errno == errno.ELOOP else f"cannot be reached ({exc.strerror})"
            found.skip(path, LINK if path.is_symlink() else UNREADABLE, why)
            continue
        if stat.S_ISREG(info.st_mode):
            found.files.add(path.resolve())
        elif not stat.S_ISDIR(info.st_mode):
            found.skip(path, NOT_A_FILE, f"{kind_of(info.st_mode)}: not read")
        elif (info.st_dev, info.st_ino) in seen:
            found.skip(path, LINK, "a link to a folder already walked (a loop or a second way in)")
        elif path not in roots and path.resolve() == out_dir:
            continue  # an out-dir inside a source
        else:
            seen.add((info.st_dev, info.st_ino))
            stack.extend(reversed(entries(path, out_dir, found)))
    return found


def entries(folder: Path, out_dir: Path, found: Found) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        found.skip(folder, UNREADABLE, f"the folder cannot be listed ({exc.strerror})")
        return []
    mine = folder.resolve() == out_dir  # the out-dir is a source: its outputs are never imported back
    return [folder / name for name in names if not name.startswith(".") and not (mine and ours(name))]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    # O_NONBLOCK: a file swapped for a FIFO after discovery cannot hang the open
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "no longer a regular file")
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Manifest:
    """DIR/manifest.jsonl: one JSON line per finished file; the last line for a path wins.

    Every read and append holds an exclusive lock on the file, so runs that overlap on one
    out-dir never interleave or truncate each other's lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, dict[str, Any]] = {}
        with writing(path):
            self.fh = path.open("a+b", buffering=0)  # unbuffered: nothing is left to flush at close
            with self.locked():
                self.load()

    @contextmanager
    def locked(self) -> Iterator[None]:
        fcntl.flock(self.fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self.fh, fcntl.LOCK_UN)

    def load(self) -> None:
        """Every whole record; a line cut by a kill or a full disk is skipped (that file is redone),
        and only an unfinished line at the very end is cut off."""
        self.fh.seek(0)
        data = self.fh.read()
        for line in data.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            self.records[source_path(record)] = record
        if data and not data.endswith(b"\n"):
            self.fh.truncate(data.rfind(b"\n") + 1)

    def append(self, record: dict[str, Any]) -> None:
        """One line, whole or not at all: under the lock, after a newline if another run's last
        write was cut, and cut back to where it started when the disk refuses the rest."""
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        fd = self.fh.fileno()
        with writing(self.path), self.locked():
            start = os.fstat(fd).st_size
            if start and os.pread(fd, 1, start - 1) != b"\n":
                line = b"\n" + line
            try:
                written = 0
                while written < len(line):
                    written += os.write(fd, line[written:])
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, start)
                raise
        self.records[source_path(record)] = record

    def close(self) -> None:
        self.fh.close()


@dataclass
class Plan:
    tasks: list[Task] = field(default_factory=list)
    settled: list[dict[str, Any]] = field(default_factory=list)  # decided without parsing: duplicates, unreadable files
    already: int = 0


def plan_batch(found: Found, manifest: Manifest, out_dir: Path, options: Options,
               force: bool, retry_failed: bool) -> Plan:
    plan = Plan()
    done_by_sha = {r["sha256"]: p for p, r in manifest.records.items() if r["status"] != "skipped"}
    claimed: dict[str, str] = {}
    for record in found.skipped:
        old = manifest.records.get(source_path(record))
        if old and old["error_code"] == record["error_code"]:
            plan.already += 1
        else:
            plan.settled.append(record)
    for path in sorted(found.files):
        key = str(path)
        old = manifest.records.get(key)
        try:
            sha = sha256_of(path)
        except OSError as exc:
            if not (old and old["sha256"] is None and old["error_code"] == InputError.code):
                plan.settled.append(manifest_record(key, None, "failed", InputError.code, f"cannot be read ({exc.strerror})"))
            else:
                plan.already += 1
            continue
        redo = force or (retry_failed and old is not None and old["status"] == "failed")
        if old and old["sha256"] == sha and not redo:
            plan.already += 1
            continue
        original = claimed.get(sha) or (done_by_sha.get(sha) if not force else None)
        if original and original != key:
            plan.settled.append(manifest_record(key, sha, "skipped", "W_DUPLICATE", f"same content as {display(original)}"))
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
    """Import every file under `sources`. Raises an OutputError (a full disk, an out-dir or a
    catalog that cannot be written) after stopping cleanly: what was recorded stays, a rerun goes on."""
    with writing(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        for leftover in stale_temp_files(out_dir / OUTPUTS) + stale_temp_files(out_dir):
            leftover.unlink(missing_ok=True)  # a run killed mid-write: its file is redone
    url = catalog or str(out_dir / CATALOG)
    db = open_catalog(url, create=True)
    manifest = Manifest(out_dir / MANIFEST)
    found = discover(sources, out_dir.resolve())
    plan = plan_batch(found, manifest, out_dir, options or Options(), force, retry_failed)
    progress = progress or Progress(0, enabled=False)
    progress.total = len(plan.tasks) + len(plan.settled)
    processed = 0
    try:
        for record in plan.settled:
            manifest.append(record)
            progress.update(record)
        for outcome in run_outcomes(plan, jobs, engine, address, time_limit, memory_mb):
            if stop := stopping_error(outcome.record, str(out_dir)):
                raise stop
            with catalog_errors(url):
                store(db, outcome.record, outcome.result)
            manifest.append(outcome.record)
            progress.update(outcome.record)
            processed += 1
    finally:
        manifest.close()
        progress.close()
        db.dispose()
    keys = [str(p) for p in found.files] + [source_path(r) for r in found.skipped]
    final = [manifest.records[k] for k in keys if k in manifest.records]
    counts = {status: sum(r["status"] == status for r in final) for status in ("ok", "partial", "failed", "skipped")}
    failures = out_dir / FAILURES
    failed = [r for r in final if r["status"] == "failed"]
    write_atomic(failures, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in failed))
    worst = max((exit_code_of(r["error_code"]) for r in failed), default=0)
    return Summary(counts, processed + len(plan.settled), plan.already, worst, failures)
