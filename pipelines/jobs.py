"""The upload queue of `roadmap serve`, persisted in the catalog: a job is a row.

Claiming is one write transaction under the catalog's write lock (SQLite's, or a PostgreSQL
advisory lock), so two server processes on one catalog never take the same job. A server that dies
leaves its jobs `running`; the next start queues them again, and fails those that were already
tried `max_attempts` times: a file that kills the server must not kill every restart.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Engine, Select, insert, select, update

from pipelines.catalog import jobs, utc_now, write_transaction

JOBS_LOCK = "roadmap-jobs"  # the advisory lock of every job write on PostgreSQL
FINISHED = ("done", "failed")


ACTIVE = ("queued", "running")


def active_of(sha256: str) -> Select[Any]:
    """The query of the job queued or running for a document (at most one: create_job)."""
    return select(jobs).where(jobs.c.sha256 == sha256, jobs.c.status.in_(ACTIVE))


def create_job(engine: Engine, sha256: str, file: str, source: str, options: dict[str, Any]) -> dict[str, Any]:
    """A queued job for the stored original at `source` (its uploaded name: `file`), or the job
    already queued or running for the same document: one transaction, so two uploads of the same
    bytes at once get one job."""
    job = {"job_id": uuid.uuid4().hex, "sha256": sha256, "file": file, "source": source,
           "options": json.dumps(options, ensure_ascii=False, sort_keys=True), "status": "queued",
           "error_code": None, "error_message": None, "created": utc_now(), "started": None, "finished": None,
           "attempts": 0, "worker": None}
    with write_transaction(engine, JOBS_LOCK) as conn:
        active = conn.execute(active_of(sha256)).mappings().first()
        if active is not None:
            return dict(active)
        conn.execute(insert(jobs).values(**job))
    return job


def claim_job(engine: Engine, worker: str) -> dict[str, Any] | None:
    """The oldest queued job, now running on `worker`; None when none is queued."""
    with write_transaction(engine, JOBS_LOCK) as conn:
        query = select(jobs).where(jobs.c.status == "queued").order_by(jobs.c.created, jobs.c.job_id).limit(1)
        job = conn.execute(query).mappings().first()
        if job is None:
            return None
        claimed = {"status": "running", "attempts": job["attempts"] + 1, "started": utc_now(), "finished": None,
                   "worker": worker}
        conn.execute(update(jobs).where(jobs.c.job_id == job["job_id"], jobs.c.status == "queued").values(**claimed))
    return {**job, **claimed}


def finish_job(engine: Engine, job_id: str, status: str, error_code: str | None = None,
               error_message: str | None = None) -> None:
    """Close a job as done or failed (an unknown job_id changes nothing)."""
    if status not in FINISHED:
        raise ValueError(f"a job finishes as {' or '.join(FINISHED)} (got {status!r})")
    with write_transaction(engine, JOBS_LOCK) as conn:
        conn.execute(update(jobs).where(jobs.c.job_id == job_id).values(
            status=status, error_code=error_code, error_message=error_message, finished=utc_now()))


def get_job(engine: Engine, job_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        job = conn.execute(select(jobs).where(jobs.c.job_id == job_id)).mappings().first()
    return dict(job) if job is not None else None


def recover_jobs(engine: Engine, max_attempts: int = 2) -> tuple[int, int]:
    """At server start: the jobs a stopped server left running are queued again, or failed with
    E_INTERRUPTED once tried max_attempts times. Returns (queued again, failed)."""
    requeued = failed = 0
    with write_transaction(engine, JOBS_LOCK) as conn:
        for job_id, attempts in conn.execute(select(jobs.c.job_id, jobs.c.attempts).where(jobs.c.status == "running")):
            if attempts < max_attempts:
                values: dict[str, Any] = {"status": "queued", "started": None, "worker": None}
                requeued += 1
            else:
                values = {"status": "failed", "error_code": "E_INTERRUPTED", "finished": utc_now(),
                          "error_message": f"the server stopped while reading this file {attempts} times; "
                                           "it is not tried again"}
                failed += 1
            conn.execute(update(jobs).where(jobs.c.job_id == job_id).values(**values))
    return requeued, failed
