"""One file of a batch, end to end, in whatever process runs it (a local worker or a Ray task).

reads: a Task; writes: DIR/json/<sha256>.json atomically; returns the manifest record and the
result for the catalog. Every failure, bug included, becomes that file's record, never the batch's.
"""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.output import display, write_atomic
from pipelines.parse import NoRoadmapFound, Options, parse
from schemas.errors import OutOfMemory, OutputError, RoadmapError, error_class


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


def manifest_record(path: str, sha256: str | None, status: str, code: str | None = None, message: str | None = None,
                    measures: int | None = None, pages: int | None = None, seconds: float = 0.0,
                    output: str | None = None) -> dict[str, Any]:
    """One line of manifest.jsonl: the same keys for every state (and `path_bytes` for a path that
    is not valid UTF-8)."""
    return {**path_fields(path), "sha256": sha256, "status": status, "error_code": code, "error_message": message,
            "measures": measures, "pages": pages, "seconds": round(seconds, 3), "output": output}


def path_fields(path: str) -> dict[str, str]:
    """`path` as readable text, plus its exact bytes (base64) when they are not valid UTF-8: an
    archive's old file names (cp1251, cp866) are kept losslessly and shown readably."""
    fields = {"path": display(path)}
    if fields["path"] != path:
        fields["path_bytes"] = base64.b64encode(os.fsencode(path)).decode("ascii")
    return fields


def source_path(record: dict[str, Any]) -> str:
    """The path a record stands for, exactly as the filesystem has it (the inverse of path_fields)."""
    if record.get("path_bytes"):
        return os.fsdecode(base64.b64decode(record["path_bytes"]))
    return str(record["path"])


def stopping_error(record: dict[str, Any], out_dir: str) -> OutputError | None:
    """A failure of our output, not of the file (disk full, a folder not writable), as the error to
    stop the batch with: a rerun redoes the file. None for any other record."""
    cls = error_class(record["error_code"])
    if cls is None or not issubclass(cls, OutputError):
        return None
    return cls(record["error_message"], out_dir)


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
        status, code, message = "failed", OutOfMemory.code, "ran out of memory"
    except Exception as exc:  # a bug on this file: recorded, the batch goes on
        status, code, message = "failed", "E_BUG", f"{type(exc).__name__}: {exc}"
    output = None
    if result is not None:
        output = f"json/{task.sha256}.json"
        try:
            write_atomic(Path(task.out_dir) / output, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        except RoadmapError as exc:  # disk full or folder not writable: the batch stops on it, see batch.py
            return failed(task, exc.code, exc.message, time.perf_counter() - start)
    plan = (result or {}).get("plan") or {}
    record = manifest_record(
        task.path, task.sha256, status, code, message,
        measures=len(plan.get("measures", [])) if plan else None,
        pages=(result or {}).get("source", {}).get("pages"),
        seconds=time.perf_counter() - start, output=output,
    )
    return Outcome(record, result)
