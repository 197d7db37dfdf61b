"""What a server runs with: the catalog, where uploads are kept, and its limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.catalog import DEFAULT_SERVE_CATALOG

MiB = 1024 * 1024


def loopback(host: str) -> bool:
    """Whether the server listens only on this machine (reads then need no token)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    catalog: str = DEFAULT_SERVE_CATALOG
    data_dir: Path = field(default_factory=lambda: Path(DEFAULT_SERVE_CATALOG).parent)
    host: str = "127.0.0.1"
    port: int = 8000
    jobs: int = 1
    max_upload_mb: float = 64.0  # a bigger body is 413
    inline_mb: float = 8.0  # born-digital files up to this size are answered in the request (200)
    inline_seconds: float = 60.0  # …unless their parse takes longer: then 202 with the job
    time_limit: float = 300.0  # per file, as in `roadmap import`
    memory_mb: float = 2048.0
    max_queued: int = 1000  # jobs waiting; more is 503 E_BUSY

    @property
    def open_reads(self) -> bool:
        return loopback(self.host)

    @property
    def sources(self) -> Path:
        """Uploaded originals, one folder per SHA-256, under the file's own name."""
        return self.data_dir / "sources"

    @property
    def max_upload(self) -> int:
        return int(self.max_upload_mb * MiB)
