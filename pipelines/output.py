"""Writing our outputs: atomically, and with a full disk or a read-only folder reported as what
it is (E_DISK_FULL, E_OUTPUT) instead of a traceback, and no temp file left behind.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from schemas.errors import DiskFull, OutputError

# ENOSPC: no space left; EFBIG: over the file size limit (`ulimit -f`); EDQUOT: over the quota.
FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}

# In every temp name: the host, so a rerun only ever removes its own machine's leftovers.
TEMP_MARK = "".join(ch for ch in socket.gethostname() if ch.isalnum() or ch == "-")[:40] or "host"


def display(path: str | Path) -> str:
    """A path as text that is always valid UTF-8: bytes that are not become «�» (the raw bytes are
    kept elsewhere, see pipelines.worker.path_fields)."""
    return os.fsencode(path).decode("utf-8", "replace")


def output_error(exc: OSError, path: str | Path) -> OutputError:
    if exc.errno in FULL:
        return DiskFull(f"no space left to write this output ({exc.strerror})", display(path))
    return OutputError(f"cannot write here ({exc.strerror or exc})", display(path))


@contextmanager
def writing(path: str | Path) -> Iterator[None]:
    """Turn an OSError raised while writing `path` into an OutputError naming it."""
    try:
        yield
    except OSError as exc:
        raise output_error(exc, path) from None


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """A file to write `target` through: a temp file in the same folder, fsynced and renamed over
    it at the end, so a reader never sees half a file, and a failed write (disk full, read-only
    folder) leaves neither the temp file nor a changed target. The temp name is the writer's own
    (process and thread)."""
    tmp = target.with_name(f".{target.name}.{TEMP_MARK}.{os.getpid()}.{threading.get_ident()}.tmp")
    with writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with tmp.open("wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def stale_temp_files(folder: Path) -> list[Path]:
    """The temp files of writers on this machine that died before their rename (a kill -9): a
    rerun removes them. A live writer's, or another machine's (a shared out-dir), are not stale."""
    stale = []
    for path in folder.glob(f".*.{TEMP_MARK}.*.*.tmp"):
        pid = path.name.rsplit(".", 3)[1]
        if pid.isdigit() and not alive(int(pid)):
            stale.append(path)
    return stale


def alive(pid: int) -> bool:
    """Whether a process runs: a zombie (killed, not yet reaped, as a killed worker whose parent
    died too stays in a container without an init) is not alive."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def write_atomic(target: Path, content: str | bytes) -> None:
    """`content` (text as UTF-8) written to `target` atomically (`atomic_file`)."""
    with atomic_file(target) as fh:
        fh.write(content.encode("utf-8") if isinstance(content, str) else content)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made inert with a leading apostrophe
    (OWASP's advice for CSV); other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
