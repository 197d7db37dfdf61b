"""The same per-file function on a Ray cluster (an optional extra, imported only when asked for).

Ray keeps its worker processes between tasks, so the models each worker loads stay loaded.
Outputs are written by the workers (a shared folder on a cluster); the driver writes the
catalog and the manifest, exactly as the local engine does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from pipelines.worker import Outcome, Task, failed, import_one
from schemas.errors import OutOfTime

POLL_SECONDS = 0.5


def run_ray(tasks: list[Task], address: str | None, time_limit: float) -> Iterator[Outcome]:
    try:
        import ray
    except ImportError:
        raise SystemExit("roadmap: --engine ray needs Ray: pip install 'roadmap[ray]'") from None
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    remote = ray.remote(max_retries=0)(import_one)
    window = max(2, int(ray.cluster_resources().get("CPU", 1)) * 2)  # type: ignore[no-untyped-call]
    pending = list(tasks)
    running: dict[Any, tuple[Task, float]] = {}
    while pending or running:
        while pending and len(running) < window:
            task = pending.pop(0)
            running[remote.remote(task)] = (task, time.monotonic())
        done, _ = ray.wait(list(running), num_returns=1, timeout=POLL_SECONDS)
        for ref in done:
            task, _started = running.pop(ref)
            try:
                yield ray.get(ref)
            except Exception as exc:  # the worker died or raised: this file's failure only
                yield failed(task, "E_CRASH", f"the Ray task failed ({type(exc).__name__})")
        now = time.monotonic()
        for ref, (task, started) in list(running.items()):
            if now - started > time_limit:
                ray.cancel(ref, force=True)
                running.pop(ref)
                yield failed(task, OutOfTime.code, f"no result within {time_limit:g} s: stopped", now - started)
