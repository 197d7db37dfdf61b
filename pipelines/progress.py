"""Progress of a batch on stderr: one redrawn line on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

LOG_EVERY_SECONDS = 10.0


class Progress:
    def __init__(self, total: int, enabled: bool = True, stream: TextIO | None = None,
                 tty: bool | None = None) -> None:
        self.total, self.enabled = total, enabled
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.counts = {"ok": 0, "partial": 0, "failed": 0, "skipped": 0}
        self.pages = 0
        self.start = self.last_log = time.monotonic()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        c = self.counts
        return (f"[{self.done}/{self.total}] ok {c['ok']} · partial {c['partial']} · failed {c['failed']} · "
                f"skipped {c['skipped']} · {self.pages} pages · {rate:.1f} files/s · {self.pages / elapsed:.1f} pages/s · "
                f"ETA {int(eta // 60)}m{int(eta % 60):02d}s")

    def update(self, record: dict[str, Any]) -> None:
        self.counts[record["status"]] += 1
        self.pages += record.get("pages") or 0
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            self.stream.write("\r" + self.line())
            self.stream.flush()
        elif now - self.last_log >= LOG_EVERY_SECONDS or self.done == self.total:
            self.stream.write(self.line() + "\n")
            self.last_log = now

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
