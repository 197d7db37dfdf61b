"""Local worker processes with a watchdog: a per-file time limit, a memory guard, crash isolation.

Each worker is a spawned process that keeps its models loaded between files. A worker that
runs past the time limit or the memory limit is killed and replaced; one that dies is replaced;
either way the file gets a failed record and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from pipelines.limits import limit_memory
from pipelines.worker import Outcome, Task, failed, import_one
from schemas.errors import OutOfMemory, OutOfTime

POLL_SECONDS = 0.2
# The watchdog polls RSS; a single huge allocation between two polls is stopped by a hard cap on
# the worker's data segment this much above the limit (MemoryError in the worker, E_MEMORY).
HARD_CAP_FACTOR = 1.25
# One thread of numeric work per worker: with N workers on N cores, BLAS/OpenMP thread pools
# in every worker only fight over the cores (measured: -j 2 ran slower than -j 1 without this).
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1",
                   "ROADMAP_OCR_JOBS": "1"}  # Tesseract's OpenMP; pages of one file read one at a time


def worker_main(conn: Connection, memory_mb: float = 0) -> None:
    limit_memory(memory_mb * HARD_CAP_FACTOR)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(import_one(task))


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class Worker:
    process: Any
    conn: Connection
    task: Task | None = None
    started: float = 0.0


class LocalPool:
    def __init__(self, jobs: int, time_limit: float, memory_mb: float) -> None:
        self.jobs, self.time_limit, self.memory_mb = jobs, time_limit, memory_mb
        self.context = multiprocessing.get_context("spawn")

    def spawn(self) -> Worker:
        for name, value in SINGLE_THREADED.items():
            os.environ.setdefault(name, value)  # inherited by the spawned worker
        parent, child = self.context.Pipe()
        process = self.context.Process(target=worker_main, args=(child, self.memory_mb), daemon=True)
        process.start()
        child.close()
        return Worker(process, parent)

    def replace(self, workers: list[Worker], worker: Worker) -> None:
        worker.process.kill()
        worker.process.join()
        workers[workers.index(worker)] = self.spawn()

    def watchdog(self, workers: list[Worker]) -> Iterator[Outcome]:
        now = time.monotonic()
        for worker in list(workers):
            if worker.task is None:
                continue
            spent = now - worker.started
            if spent > self.time_limit:
                yield failed(worker.task, OutOfTime.code, f"no result within {self.time_limit:g} s: stopped", spent)
                self.replace(workers, worker)
            elif self.memory_mb and rss_mb(worker.process.pid) > self.memory_mb:
                yield failed(worker.task, OutOfMemory.code, f"used more than {self.memory_mb:g} MiB: stopped", spent)
                self.replace(workers, worker)

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Every task to its outcome (a batch: ends when the tasks do)."""
        pending = deque(tasks)
        yield from self.stream(lambda: pending.popleft() if pending else None, lambda: not pending)

    def stream(self, next_task: Callable[[], Task | None], finished: Callable[[], bool]) -> Iterator[Outcome]:
        """Outcomes of the tasks `next_task` hands out whenever a worker is free (None: nothing now),
        until `finished()` says no more will come and every worker is idle. A batch hands out a
        list; the server (pipelines/serve) its queue of jobs, and stays in here while it runs.
        Workers start when the first tasks come and are kept, with their models loaded."""
        workers: list[Worker] = []
        try:
            while True:
                self.grow(workers, next_task)
                for worker in workers:
                    self.feed(worker, next_task)
                if not any(w.task is not None for w in workers):
                    if finished():
                        return
                    time.sleep(POLL_SECONDS)
                    continue
                yield from self.collect(workers, next_task)
                yield from self.watchdog(workers)
        finally:
            for worker in workers:
                worker.process.kill()
                worker.process.join()

    def grow(self, workers: list[Worker], next_task: Callable[[], Task | None]) -> None:
        """One more worker, up to `jobs`, when every worker is busy and a task is waiting."""
        if len(workers) < self.jobs and all(w.task is not None for w in workers):
            task = next_task()
            if task is not None:
                workers.append(self.spawn())
                self.start(workers[-1], task)

    def feed(self, worker: Worker, next_task: Callable[[], Task | None]) -> None:
        if worker.task is None:
            task = next_task()
            if task is not None:
                self.start(worker, task)

    @staticmethod
    def start(worker: Worker, task: Task) -> None:
        worker.task, worker.started = task, time.monotonic()
        worker.conn.send(task)

    def collect(self, workers: list[Worker], next_task: Callable[[], Task | None]) -> Iterator[Outcome]:
        """The outcomes ready within one poll; a worker that died yields its file's failure."""
        busy = {w.conn: w for w in workers if w.task is not None}
        for ready in wait(list(busy), timeout=POLL_SECONDS):
            worker = busy[ready]  # type: ignore[index]
            task, worker.task = worker.task, None
            try:
                outcome: Outcome = worker.conn.recv()
                self.feed(worker, next_task)  # the next file starts before the caller stores this one
                yield outcome
            except (EOFError, OSError):
                code = worker.process.exitcode
                yield failed(task, "E_CRASH", f"the worker died (exit code {code})")  # type: ignore[arg-type]
                self.replace(workers, worker)
