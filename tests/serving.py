"""A real `roadmap serve` for the tests: a subprocess on a free loopback port, with its own
catalog and data folder; the given files imported first with `roadmap import` (as `roadmap review
DIR` does), and a write token made in the catalog."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipelines.catalog import open_catalog
from pipelines.tokens import create_token

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60


@dataclass
class Served:
    url: str
    token: str
    catalog: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(catalog: str, data_dir: Path, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`roadmap serve` in its own process group (a kill takes its workers too), up when /v1/health answers."""
    command = [sys.executable, "-m", "pipelines", "serve", "--catalog", catalog, "--data-dir", str(data_dir),
               "--port", str(port), *extra]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    host = extra[extra.index("--host") + 1] if "--host" in extra else "127.0.0.1"
    url = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/v1/health"
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"roadmap serve exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status in (200, 401):
                    return process
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"roadmap serve did not answer within {START_SECONDS} s: {log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def served(tmp_path: Path, files: list[Path] = (), catalog: str | None = None, *extra: str) -> Iterator[Served]:  # type: ignore[assignment]
    tmp_path.mkdir(parents=True, exist_ok=True)
    data_dir = tmp_path / "data"
    catalog = catalog or str(tmp_path / "catalog.sqlite")
    if files:
        subprocess.run([sys.executable, "-m", "pipelines", "import", *map(str, files), "--out-dir", str(data_dir),
                        "--catalog", catalog, "--no-progress"], cwd=ROOT, check=True, capture_output=True)
    engine = open_catalog(catalog, create=True)
    _id, token = create_token(engine, "tests")
    engine.dispose()
    port, log = free_port(), tmp_path / "serve.log"
    process = start(catalog, data_dir, port, log, *extra)
    try:
        yield Served(f"http://127.0.0.1:{port}", token, catalog, data_dir, process, log)
    finally:
        stop(process)
