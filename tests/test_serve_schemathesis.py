"""schemathesis against the OpenAPI the server publishes: generated requests to every operation,
with and without a token; no 5xx, and every response conforms to the schema (status codes,
content types, bodies, headers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from serving import served

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"


def test_every_operation_conforms_to_the_published_openapi(tmp_path: Path) -> None:
    with served(tmp_path, [SAMPLES / "000_99be7f6383da38e8.docx"]) as s:
        report = ARTIFACTS / "schemathesis.junit.xml"
        ARTIFACTS.mkdir(exist_ok=True)
        run = subprocess.run(
            [str(Path(sys.executable).parent / "st"), "--config-file", str(CONFIG), "run", f"{s.url}/openapi.json", "--checks", "all",
             "-H", f"Authorization: Bearer {s.token}", "--max-examples", "25", "--seed", "1",
             "--generation-deterministic", "--workers", "1", "--request-timeout", "60", "--max-time", "240",
             "--report", "junit", "--report-junit-path", str(report), "--warnings", "off"],
            capture_output=True, text=True, timeout=900, cwd=tmp_path)
        assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
