"""One file of a batch, end to end, in whatever process runs it (a local worker or a Ray task).

reads: a Task; writes: DIR/json/<sha256>.json atomically; returns the manifest record and the
result for the catalog. Every failure, bug included, becomes that file's record, never the batch's.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.parse import NoRoadmapFound, Options, parse
from schemas.errors import RoadmapError


@dataclass(frozen=True)
class Task:
    path: str
    sha256: str
    out_dir: str
    options: Options = field(default_factory=Options)


@dataclass
class Outcome:
    record: dict[str, Any]
    result: dict[str, Any] | None = None


def write_atomic(target: Path, text: str) -> None:
    """Temp file in the same folder, fsync, rename: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(target)


def manifest_record(path: str, sha256: str, status: str, code: str | None = None, message: str | None = None,
                    measures: int | None = None, pages: int | None = None, seconds: float = 0.0,
                    output: str | None = None) -> dict[str, Any]:
    """One line of manifest.jsonl: the same keys for every state."""
    return {"path": path, "sha256": sha256, "status": status, "error_code": code, "error_message": message,
            "measures": measures, "pages": pages, "seconds": round(seconds, 3), "output": output}


def failed(task: Task, code: str, message: str, seconds: float = 0.0) -> Outcome:
    return Outcome(manifest_record(task.path, task.sha256, "failed", code, message, seconds=seconds))


def import_one(task: Task) -> Outcome:
    start = time.perf_counter()
    result: dict[str, Any] | None = None
    code = message = None
    status: str
    try:
        roadmap = parse(Path(task.path), task.options)
        result = roadmap.model_dump(mode="json")
        status = roadmap.status
    except NoRoadmapFound as exc:
        result, status, code, message = exc.result.model_dump(mode="json"), "failed", exc.code, exc.message
    except RoadmapError as exc:
        status, code, message = "failed", exc.code, exc.message
    except MemoryError:
        status, code, message = "failed", "E_MEMORY", "ran out of memory"
    except Exception as exc:  # a bug on this file: recorded, the batch goes on
        status, code, message = "failed", "E_BUG", f"{type(exc).__name__}: {exc}"
    output = None
    if result is not None:
        output = f"json/{task.sha256}.json"
        write_atomic(Path(task.out_dir) / output, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    plan = (result or {}).get("plan") or {}
    record = manifest_record(
        task.path, task.sha256, status, code, message,
        measures=len(plan.get("measures", [])) if plan else None,
        pages=(result or {}).get("source", {}).get("pages"),
        seconds=time.perf_counter() - start, output=output,
    )
    return Outcome(record, result)
