"""Jobs from the catalog on the worker pool of `roadmap import` (pipelines/pool.py), in a thread
of the server.

The catalog is the queue: a job is a row, claimed atomically (pipelines/jobs.py), so a restart or a
second server never loses one nor runs one twice at once. A job a dead server left `running` is
queued again at start (at most twice, then failed with E_INTERRUPTED: a file that kills the server
does not kill it forever). A request that waits for its job (an inline upload) gets a future the
runner resolves when the job is stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections import OrderedDict
from typing import Any

from sqlalchemy import Engine, select

from pipelines.catalog import documents, store
from pipelines.jobs import claim_job, finish_job, recover_jobs
from pipelines.parse import Options
from pipelines.pool import LocalPool
from pipelines.serve.settings import Settings
from pipelines.worker import Outcome, Task, stopping_error

log = logging.getLogger("roadmap.serve")
RECENT_JOBS = 64
IDLE_POLL_SECONDS = 2.0  # how often an idle runner looks for jobs it was not told about (another server's)


class JobRunner:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine, self.settings = engine, settings
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.pool = LocalPool(settings.jobs, settings.time_limit, settings.memory_mb)
        self.running: dict[str, dict[str, Any]] = {}  # sha256 → job (one active job per document)
        self.waiters: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Future[dict[str, Any]]]]] = {}
        self.recent: OrderedDict[str, dict[str, Any]] = OrderedDict()  # jobs just finished, for a late waiter
        self.lock = threading.Lock()
        self.wake, self.stopping = threading.Event(), threading.Event()
        self.last_poll = 0.0
        self.thread = threading.Thread(target=self.loop, name="roadmap-jobs", daemon=True)

    def start(self) -> tuple[int, int]:
        requeued, failed = recover_jobs(self.engine)
        if requeued or failed:
            log.warning("jobs left running by a stopped server: %d queued again, %d failed", requeued, failed)
        self.wake.set()
        self.thread.start()
        return requeued, failed

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs. A job still running stays `running` in the catalog and is queued again at
        the next start; the pool's workers die with the process."""
        self.stopping.set()
        self.thread.join(timeout)

    def notify(self) -> None:
        self.wake.set()

    def waiter(self, job_id: str) -> asyncio.Future[dict[str, Any]]:
        """A future resolved with the finished job (for a request that waits for it)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[dict[str, Any]] = loop.create_future()
        with self.lock:
            if job_id in self.recent:
                future.set_result(self.recent[job_id])
            else:
                self.waiters.setdefault(job_id, []).append((loop, future))
        return future

    def next_task(self) -> Task | None:
        """The next job as a task for the pool; None when there is none (or the catalog is away for
        a moment: the runner tries again, it never dies of it)."""
        if self.stopping.is_set():
            return None
        if not self.wake.is_set() and time.monotonic() - self.last_poll < IDLE_POLL_SECONDS:
            return None
        self.wake.clear()
        self.last_poll = time.monotonic()
        try:
            job = claim_job(self.engine, self.worker_id)
        except Exception:
            log.exception("could not claim a job")
            return None
        if job is None:
            return None
        self.wake.set()  # there may be more
        try:
            options = Options(**json.loads(job["options"] or "{}"))
        except (TypeError, ValueError) as exc:  # options another version wrote
            self.close(job, "failed", "E_INVALID", f"the job's options cannot be read ({exc})")
            return None
        with self.lock:
            self.running[job["sha256"]] = job  # one active job per document (jobs.create_job)
        return Task(path=job["source"], sha256=job["sha256"], out_dir=str(self.settings.data_dir), options=options)

    def loop(self) -> None:
        while not self.stopping.is_set():
            try:
                for outcome in self.pool.stream(self.next_task, self.stopping.is_set):
                    self.settle(outcome)
            except Exception:  # keep serving: the pool is rebuilt, the jobs stay in the catalog
                log.exception("the job runner failed; restarting it")
                time.sleep(1)

    def settle(self, outcome: Outcome) -> None:
        """Store a finished job's result and close the job (in that order: a crash in between leaves
        the job `running`, and it is redone, idempotently, after the restart). A failure does not
        replace what an earlier parse of the same bytes stored, and a failure of our own output
        (disk full) is the job's alone. Never raises: the pool's other jobs go on."""
        record = outcome.record
        with self.lock:
            job = self.running.pop(record["sha256"], None)
        if job is None:
            return
        record, result = {**record, "path": job["source"]}, outcome.result
        code, message = record.get("error_code"), record.get("error_message")
        try:
            if result is not None or not (stopping_error(record, "") or self.has_result(job["sha256"])):
                store(self.engine, record, result)
        except Exception as exc:
            incident = uuid.uuid4().hex[:12]
            log.error("incident %s: job %s could not be stored", incident, job["job_id"], exc_info=exc)
            result, code, message = None, "E_CATALOG", f"the result could not be stored (incident {incident})"
        if code in ("E_BUG", "E_CRASH"):
            log.error("job %s (%s): %s: %s", job["job_id"], job["file"], code, message)
        self.close(job, "done" if result is not None else "failed", code, message, result)

    def close(self, job: dict[str, Any], status: str, code: str | None, message: str | None,
              result: dict[str, Any] | None = None) -> None:
        """The job's end in the catalog, and to whoever waits for it."""
        try:
            finish_job(self.engine, job["job_id"], status, code, message)
        except Exception:
            log.exception("could not close job %s; it is queued again at the next start", job["job_id"])
        done = {**job, "status": status, "error_code": code, "error_message": message, "result": result}
        with self.lock:
            waiting = self.waiters.pop(job["job_id"], [])
            self.recent[job["job_id"]] = done
            while len(self.recent) > RECENT_JOBS:
                self.recent.popitem(last=False)
        for loop, future in waiting:
            loop.call_soon_threadsafe(resolve, future, done)

    def forget(self, job_id: str, future: asyncio.Future[dict[str, Any]]) -> None:
        """A waiter that stopped waiting (its request timed out or went away)."""
        with self.lock:
            left = [(loop, f) for loop, f in self.waiters.get(job_id, []) if f is not future]
            if left:
                self.waiters[job_id] = left
            else:
                self.waiters.pop(job_id, None)

    def has_result(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.sha256).where(
                documents.c.sha256 == sha256, documents.c.raw_json.is_not(None))).first() is not None


def resolve(future: asyncio.Future[dict[str, Any]], value: dict[str, Any]) -> None:
    if not future.done():
        future.set_result(value)
