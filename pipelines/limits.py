"""Limits that hold for a whole process: how many workers, how much memory.

The per-file limits (pixels rendered, cells per table, text per cell) live beside the readers
that apply them; these two belong to the process that runs the readers.
"""

from __future__ import annotations

import os
import resource


def available_cores() -> int:
    """The cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cap_jobs(jobs: int) -> tuple[int, str | None]:
    """`-j` capped at the cores available: more workers than cores only add memory (each loads
    the models) and contention, never speed. Returns the cap and a note when it applied."""
    cores = available_cores()
    if jobs <= cores:
        return jobs, None
    return cores, f"-j {jobs} capped at {cores}: the cores this machine gives us"


def limit_memory(mb: float) -> None:
    """Cap this process's data segment (heap and anonymous maps) at `mb` MiB, so a runaway
    allocation raises MemoryError here instead of taking the machine. Child processes (Tesseract,
    LibreOffice) inherit the cap. 0 means no cap."""
    if mb <= 0:
        return
    limit = int(mb * 2**20)
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
